"""What the HTTP-driven benchmark scripts share: calls to a Pretext API with one key.

connect(API_URL, API_KEY) once, then call / upload / wait / metric / evaluations.
"""
import json
import subprocess
import time
import urllib.error
import urllib.request

_api = _key = None


def connect(api, key):
    global _api, _key
    _api, _key = api, key


def call(method, path, body=None, timeout=300):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(_api + path, data=data, method=method, headers={
        "Authorization": "Bearer " + _key, "Content-Type": "application/json"})
    for attempt in range(60):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            # The problem+json body names what was wrong; the bare status does not.
            raise RuntimeError("%s %s answered %d: %s" % (method, path, error.code, error.read().decode()[:2000])) from None
        except urllib.error.URLError:
            # A server restarted on the same data folder (a kept BENCH_DATA_DIR) answers again within
            # a minute or two; a script waiting on long runs outlives it rather than failing.
            if attempt == 59:
                raise
            time.sleep(5)


def upload(name, path, labels=None, **fields):
    """Uploads a dataset file (and a labels file, and other form fields such as sampleRate), returns the
    dataset id."""
    command = ["curl", "-fsS", "-H", "Authorization: Bearer " + _key, "-F", "name=" + name, "-F", "file=@" + path]
    if labels:
        command += ["-F", "labels=@" + labels]
    for field, value in fields.items():
        command += ["-F", "%s=%s" % (field, value)]
    return json.loads(subprocess.check_output(command + [_api + "/v1/datasets"]))["id"]


def wait(experiment_id, poll=10, timeout=None):
    """The experiment once it ended; exits the script when timeout seconds (None: no limit) pass first."""
    deadline = None if timeout is None else time.time() + timeout
    while True:
        experiment = call("GET", "/v1/experiments/" + experiment_id)
        if experiment["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return experiment
        if deadline is not None and time.time() > deadline:
            raise SystemExit("experiment %s did not finish within %d s" % (experiment_id, timeout))
        time.sleep(poll)


def metric(experiment_id, name):
    return call("GET", "/v1/experiments/%s/metrics?name=%s" % (experiment_id, name))


def evaluations(experiment, test, names=("accuracy",)):
    """{model kind (FINETUNE, SCRATCH or PIXELS): {name: value}} from the experiment's evaluations on
    test: an EVALUATE job's points count for the model it evaluated; the PIXELS job reports its own."""
    kinds = {job["id"]: job["kind"] for job in experiment["jobs"]}
    model_of = {job["id"]: job["dependsOn"][0] for job in experiment["jobs"] if job["kind"] == "EVALUATE"}
    out = {}
    for name in names:
        for point in metric(experiment["id"], name + "/" + test):
            job = model_of.get(point["jobId"], point["jobId"])
            out.setdefault(kinds[job], {})[name] = point["value"]
    return out
