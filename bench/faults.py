"""Fault injection through the real processes (issue 18, item 5): the packaged jar (API + worker),
its child JVMs and its embedded PostgreSQL, driven over HTTP.

Scenario "kills": one multi-job experiment (SimCLR pretraining with step checkpoints -> full
finetune -> evaluation) runs once undisturbed, then again with the same seed while FAULTS_KILLS
`kill -9`s land at seeded random moments on the training child or on the server itself (which is
then started again on the same data folder). Checked: every job SUCCEEDED (0 lost), each
(job, epoch, metric) reported once, the final test accuracy within FAULTS_TOLERANCE points of the
undisturbed run; reported: the time from each kill until a child trains again.

Scenario "sigterm": a graceful stop (SIGTERM) of the server while a job trains; checked: the process
exits within the grace period, the job is handed back (QUEUED, not a failed attempt) and finishes
after the next start.

Scenarios "outage" (the embedded database stopped for 10 s and for 60 s during training) and
"workers" (two worker JVMs draining FAULTS_WORKER_JOBS tiny jobs): see bench/faults_database.py.

Usage (from bench/faults.sh): python3 bench/faults.py JAR WORK_DIR PORT PGPORT KEY
Settings: FAULTS_KILLS (20), FAULTS_SEED (42), FAULTS_IMAGES (4000), FAULTS_TOLERANCE (0.5),
FAULTS_SCENARIOS (kills,sigterm; also outage, workers), FAULTS_OUTAGE_SHORT (10), FAULTS_OUTAGE_LONG (60),
FAULTS_OUTAGE_EPOCHS (25), FAULTS_WORKER_JOBS (1000). Adds each scenario's figures to bench/out/faults.json (a scenario run again
replaces its own).
"""
import json
import os
import random
import signal
import subprocess
import sys
import time

import faults_database
import jar_server
from pretext_api import call, connect, metric, upload, wait

JAR, WORK, PORT, PGPORT, KEY = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
API = "http://127.0.0.1:" + PORT
FMNIST = "/usr/share/datasets/fashion-mnist"
KILLS = int(os.environ.get("FAULTS_KILLS", "20"))
SEED = int(os.environ.get("FAULTS_SEED", "42"))
IMAGES = int(os.environ.get("FAULTS_IMAGES", "4000"))
TOLERANCE = float(os.environ.get("FAULTS_TOLERANCE", "0.5"))
SCENARIOS = os.environ.get("FAULTS_SCENARIOS", "kills,sigterm").split(",")
OUTAGE_SHORT = int(os.environ.get("FAULTS_OUTAGE_SHORT", "10"))
OUTAGE_LONG = int(os.environ.get("FAULTS_OUTAGE_LONG", "60"))
WORKER_JOBS = int(os.environ.get("FAULTS_WORKER_JOBS", "1000"))
OUTAGE_EPOCHS = int(os.environ.get("FAULTS_OUTAGE_EPOCHS", "25"))
LEASE_SECONDS = 15
MAX_RESTARTS = 10  # the spec's maximum; the kills spread so that no job is killed more often
GRACE_SECONDS = 30


class Server:
    """One packaged Pretext (API + worker) on a data folder; started again after every kill."""

    def __init__(self, name):
        self.data = os.path.join(WORK, name)
        self.process = None
        self.starts = 0
        self.lease = LEASE_SECONDS
        self.log_path = os.path.join("bench/out", "faults-server.log")

    def start(self):
        self.starts += 1
        self.process = jar_server.start(JAR, API, PORT, {
            "PRETEXT_DATA_DIR": self.data, "PRETEXT_BOOTSTRAP_KEY": KEY, "PRETEXT_ROLES": "api,worker",
            "PRETEXT_DATABASE_EMBEDDED_PORT": PGPORT, "PRETEXT_JOBS_LEASE": "%ds" % self.lease,
            "PRETEXT_WORKER_SHUTDOWNGRACEPERIOD": "%ds" % GRACE_SECONDS}, self.log_path,
            "start %d of %s" % (self.starts, self.data))

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def sigterm(self):
        """SIGTERM; returns the seconds until the process exited."""
        started = time.time()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=GRACE_SECONDS + 60)
        return time.time() - started

    def stop(self):
        jar_server.stop(self.process, GRACE_SECONDS + 30)

    def wait_for_child(self, timeout=300):
        return wait_for_child(self, timeout)

    def children(self):
        """PIDs of this server's training children (java processes whose parent is the server)."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        pids = []
        for pid in out.stdout.split():
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    if b"ChildMain" in f.read():
                        pids.append(int(pid))
            except OSError:
                pass
        return pids


def datasets():
    images, labels = os.path.join(WORK, "train-images.gz"), os.path.join(WORK, "train-labels.gz")
    test_images, test_labels = os.path.join(WORK, "test-images.gz"), os.path.join(WORK, "test-labels.gz")
    jar_server.idx_slice(os.path.join(FMNIST, "train-images-idx3-ubyte.gz"), images, IMAGES, 16, 784)
    jar_server.idx_slice(os.path.join(FMNIST, "train-labels-idx1-ubyte.gz"), labels, IMAGES, 8, 1)
    jar_server.idx_slice(os.path.join(FMNIST, "t10k-images-idx3-ubyte.gz"), test_images, 2000, 16, 784)
    jar_server.idx_slice(os.path.join(FMNIST, "t10k-labels-idx1-ubyte.gz"), test_labels, 2000, 8, 1)
    return (upload("faults-unlabeled", images), upload("faults-train", images, labels),
            upload("faults-test", test_images, test_labels))


def spec(name, unlabeled, train, test):
    return {"name": name, "seed": 5, "maxRestarts": MAX_RESTARTS, "baselines": ["pixels"],
            "checkpoint": {"everySteps": 10},
            "pretrain": {"dataset": unlabeled, "method": "simclr", "encoder": "cnn-flat", "epochs": 4,
                         "batchSize": 128, "knnEvery": 1},
            "finetune": {"dataset": train, "labelsPerClass": 50, "strategy": "full", "steps": 400,
                         "batchSize": 32},
            "evaluate": {"datasets": [test]}}


def experiment(experiment_id):
    return call("GET", "/v1/experiments/" + experiment_id)


def finished(state):
    return state in ("SUCCEEDED", "FAILED", "CANCELLED")


def test_accuracy(experiment_id, test, kind="EVALUATE"):
    """The test accuracy reported by the experiment's job of that kind: EVALUATE scores the finetuned
    model, PIXELS its own floor. Both report `accuracy/<test>`, in whichever order they finish, so the
    job has to be told apart (a killed run finishes them in another order than an undisturbed one)."""
    jobs = {job["id"] for job in experiment(experiment_id)["jobs"] if job["kind"] == kind}
    points = [p for p in metric(experiment_id, "accuracy/" + test) if p["jobId"] in jobs]
    return points[-1]["value"] if points else None


def duplicate_epochs(experiment_id):
    seen, duplicates = set(), []
    for point in call("GET", "/v1/experiments/%s/metrics" % experiment_id):
        key = (point["jobId"], point["epoch"], point["name"])
        if key in seen:
            duplicates.append(key)
        seen.add(key)
    return duplicates, len(seen)


# Metrics that measure the machine (time, speed) rather than the model: they differ between any two runs.
MACHINE_METRICS = ("second", "Second", "perSec", "Minutes", "cpu", "memory", "Memory", "throughput")
KIND_ORDER = ("PRETRAIN", "FINETUNE", "SCRATCH", "PIXELS", "EVALUATE")


def by_kind_epoch_name(experiment_id):
    """{(job kind, epoch, metric): value} of an experiment's model metrics (job kinds are unique per experiment)."""
    kinds = {job["id"]: job["kind"] for job in experiment(experiment_id)["jobs"]}
    return {(kinds.get(p["jobId"], p["jobId"]), p["epoch"], p["name"]): p["value"]
            for p in call("GET", "/v1/experiments/%s/metrics" % experiment_id)
            if not any(word in p["name"] for word in MACHINE_METRICS)}


def divergence(reference_id, faulted_id):
    """Where the faulted run first differs from the undisturbed one: the metrics that differ, in the
    order the jobs run (kind, then epoch), and the checkpoint files (same job kind and epoch folder)
    whose bytes differ. A resume that repeats the run exactly leaves both lists empty."""
    reference, faulted = by_kind_epoch_name(reference_id), by_kind_epoch_name(faulted_id)
    order = lambda key: (KIND_ORDER.index(key[0]) if key[0] in KIND_ORDER else 99, key[1], key[2])
    metrics = [{"job": k[0], "epoch": k[1], "name": k[2], "reference": reference[k], "faulted": faulted[k]}
               for k in sorted(set(reference) & set(faulted), key=order) if reference[k] != faulted[k]]
    root = os.path.join(SERVER.data, "artifacts", "checkpoints")
    jobs = lambda experiment_id: {job["kind"]: job["id"] for job in experiment(experiment_id)["jobs"]}
    files = []
    ref_jobs, faulted_jobs = jobs(reference_id), jobs(faulted_id)
    for kind in sorted(set(ref_jobs) & set(faulted_jobs), key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99):
        a, b = os.path.join(root, ref_jobs[kind]), os.path.join(root, faulted_jobs[kind])
        if not (os.path.isdir(a) and os.path.isdir(b)):
            continue
        for folder in sorted(set(os.listdir(a)) & set(os.listdir(b))):
            if not folder.startswith("epoch-"):
                continue
            for name in sorted(set(os.listdir(os.path.join(a, folder))) & set(os.listdir(os.path.join(b, folder)))):
                if name.endswith(".params") or name.endswith(".state"):
                    with open(os.path.join(a, folder, name), "rb") as x, open(os.path.join(b, folder, name), "rb") as y:
                        if x.read() != y.read():
                            files.append("%s/%s/%s" % (kind, folder, name))
    return metrics, files


def wait_for_child(server, timeout=300):
    """Seconds until a training child runs, or None when the experiment ended first."""
    started = time.time()
    while time.time() - started < timeout:
        if server.children():
            return time.time() - started
        time.sleep(0.2)
    return None


def kills_scenario(unlabeled, train, test):
    server = SERVER
    reference_id = call("POST", "/v1/experiments", spec("faults-reference", unlabeled, train, test))["id"]
    started = time.time()
    reference = wait(reference_id, poll=2, timeout=3600)
    reference_minutes = (time.time() - started) / 60
    reference_accuracy = test_accuracy(reference_id, test)
    reference_pixels = test_accuracy(reference_id, test, "PIXELS")
    print("undisturbed run: %s in %.1f min, test accuracy %s" % (reference["state"], reference_minutes,
                                                                   reference_accuracy), flush=True)

    rng = random.Random(SEED)
    faulted_id = call("POST", "/v1/experiments", spec("faults-killed", unlabeled, train, test))["id"]
    started = time.time()
    kills, killed = [], {}
    while len(kills) < KILLS:
        recovery = wait_for_child(server)
        if recovery is None or finished(experiment(faulted_id)["state"]):
            break
        time.sleep(rng.uniform(3, 20))
        state = experiment(faulted_id)
        if finished(state["state"]):
            break
        running = [job["kind"] for job in state["jobs"] if job["state"] == "RUNNING"]
        if not running or any(killed.get(kind, 0) >= MAX_RESTARTS - 2 for kind in running):
            time.sleep(1)  # this job has had its share of kills: wait for the next one
            continue
        for kind in running:
            killed[kind] = killed.get(kind, 0) + 1
        children = server.children()
        target = "child" if children and rng.random() < 0.7 else "server"
        at = time.time()
        if target == "child":
            os.kill(children[0], signal.SIGKILL)
        else:
            server.kill9()
            server.start()
        back = wait_for_child(server)
        kills.append({"target": target, "atSeconds": round(at - started, 1), "runningJobs": running,
                      "secondsUntilTrainingAgain": None if back is None else round(time.time() - at, 1)})
        print("  kill %2d: %-6s at %6.1f s while %s; training again after %s s" % (
            len(kills), target, at - started, ",".join(running) or "-",
            "n/a" if back is None else "%.1f" % (time.time() - at)), flush=True)
    faulted = wait(faulted_id, poll=2, timeout=3600)
    faulted_minutes = (time.time() - started) / 60
    faulted_accuracy = test_accuracy(faulted_id, test)
    faulted_pixels = test_accuracy(faulted_id, test, "PIXELS")
    duplicates, points = duplicate_epochs(faulted_id)
    lost = [job["kind"] for job in faulted["jobs"] if job["state"] != "SUCCEEDED"]
    difference = None if None in (faulted_accuracy, reference_accuracy) else 100 * (faulted_accuracy - reference_accuracy)
    result = {"kills": kills, "killsInjected": len(kills), "childKills": sum(k["target"] == "child" for k in kills),
              "serverKills": sum(k["target"] == "server" for k in kills), "jobsLost": len(lost), "lostJobs": lost,
              "state": faulted["state"], "metricPoints": points, "duplicateEpochMetrics": len(duplicates),
              "referenceAccuracy": reference_accuracy, "faultedAccuracy": faulted_accuracy,
              "referencePixelsAccuracy": reference_pixels, "faultedPixelsAccuracy": faulted_pixels,
              "accuracyDifferencePoints": difference, "referenceMinutes": reference_minutes,
              "faultedMinutes": faulted_minutes,
              "attempts": {job["kind"]: job.get("attempt") for job in faulted["jobs"]}}
    differing, differing_files = divergence(reference_id, faulted_id)
    result["differingMetrics"], result["differingCheckpointFiles"] = differing, differing_files
    recoveries = sorted(k["secondsUntilTrainingAgain"] for k in kills if k["secondsUntilTrainingAgain"] is not None)
    print()
    print("%-44s %s" % ("kill -9s injected (child / server)", "%d (%d / %d)" % (
        len(kills), result["childKills"], result["serverKills"])))
    print("%-44s %d %s" % ("jobs lost (not SUCCEEDED)", len(lost), lost or ""))
    print("%-44s %d of %d" % ("(job, epoch, metric) reported twice", len(duplicates), points))
    print("%-44s %s vs %s (%s points)" % ("test accuracy, killed vs undisturbed", faulted_accuracy,
                                          reference_accuracy, "n/a" if difference is None else "%+.2f" % difference))
    print("%-44s %s vs %s" % ("pixels floor's test accuracy, killed vs undisturbed", faulted_pixels, reference_pixels))
    if recoveries:
        print("%-44s median %.1f s, max %.1f s" % ("kill to training again", recoveries[len(recoveries) // 2],
                                                   recoveries[-1]))
    print("%-44s %.1f vs %.1f min" % ("wall time, killed vs undisturbed", faulted_minutes, reference_minutes))
    print("%-44s %d; first: %s" % ("metrics that differ from the undisturbed run", len(differing),
                                   differing[:3] or "-"))
    print("%-44s %d; first: %s" % ("checkpoint files that differ", len(differing_files), differing_files[:5] or "-"))
    result["passed"] = (not lost and not duplicates and difference is not None and abs(difference) <= TOLERANCE)
    return result


def sigterm_scenario(unlabeled, train, test):
    server = SERVER
    experiment_id = call("POST", "/v1/experiments", dict(spec("faults-sigterm", unlabeled, train, test),
                                                         finetune=None, evaluate=None, baselines=[]))["id"]
    wait_for_child(server)
    time.sleep(15)
    exit_seconds = server.sigterm()
    # The worker is gone: what the database holds is what the graceful stop left.
    server.start()
    job = experiment(experiment_id)["jobs"][0]
    handed_back = job["state"] in ("QUEUED", "RUNNING")
    attempt_after = job.get("attempt")
    back = wait_for_child(server, timeout=120)
    final = wait(experiment_id, poll=2, timeout=3600)
    result = {"exitSeconds": round(exit_seconds, 1), "graceSeconds": GRACE_SECONDS,
              "stateAfterRestart": job["state"], "attemptAfterRestart": attempt_after,
              "secondsUntilTrainingAgain": None if back is None else round(back, 1), "finalState": final["state"]}
    print("SIGTERM while training: exited in %.1f s (grace %d s); job %s after the restart (attempt %s), "
          "training again after %s s, finally %s" % (exit_seconds, GRACE_SECONDS, job["state"], attempt_after,
                                                    result["secondsUntilTrainingAgain"], final["state"]), flush=True)
    result["passed"] = exit_seconds <= GRACE_SECONDS + 5 and handed_back and final["state"] == "SUCCEEDED"
    return result


def outage_scenario(unlabeled):
    # The service's default lease (30 s): the short outage is shorter than it, the long one longer.
    SERVER.stop()
    SERVER.lease = 30
    SERVER.start()
    spec_ = dict(spec("faults-outage", unlabeled, None, None), finetune=None, evaluate=None, baselines=[])
    # Long enough to outlast both outages on an idle machine too (5 epochs took 32 s there).
    spec_["pretrain"] = dict(spec_["pretrain"], epochs=OUTAGE_EPOCHS)
    try:
        return faults_database.outage_scenario(SERVER, API, KEY, spec_, OUTAGE_SHORT, OUTAGE_LONG,
                                               os.path.abspath("bench/out/faults-postgres.log"))
    finally:
        SERVER.lease = LEASE_SECONDS
        SERVER.start()


def workers_scenario():
    tiny_images, tiny_labels = os.path.join(WORK, "tiny-images.gz"), os.path.join(WORK, "tiny-labels.gz")
    jar_server.idx_slice(os.path.join(FMNIST, "train-images-idx3-ubyte.gz"), tiny_images, 64, 16, 784)
    tiny = upload("faults-tiny", tiny_images)
    return faults_database.workers_scenario(SERVER, JAR, PGPORT, tiny, WORKER_JOBS, "bench/out/faults-worker2.log")


SERVER = Server("data")


def main():
    # A stopped bench still stops the server it started (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    os.makedirs("bench/out", exist_ok=True)
    open("bench/out/faults-server.log", "w").close()
    connect(API, KEY)
    SERVER.start()
    try:
        with open("bench/out/faults.json") as previous:
            results = json.load(previous)
    except (OSError, ValueError):
        results = {}
    results["settings"] = {"kills": KILLS, "seed": SEED, "images": IMAGES, "tolerancePoints": TOLERANCE,
                           "leaseSeconds": LEASE_SECONDS, "graceSeconds": GRACE_SECONDS,
                           "outageSeconds": [OUTAGE_SHORT, OUTAGE_LONG], "workerJobs": WORKER_JOBS}
    ran = []
    try:
        unlabeled, train, test = datasets()
        if "kills" in SCENARIOS:
            results["kills"] = kills_scenario(unlabeled, train, test)
        if "sigterm" in SCENARIOS:
            results["sigterm"] = sigterm_scenario(unlabeled, train, test)
        if "outage" in SCENARIOS:
            results["outage"] = outage_scenario(unlabeled)
        if "workers" in SCENARIOS:
            results["workers"] = workers_scenario()
        ran = [name for name in SCENARIOS if name in results]
    finally:
        SERVER.stop()
        with open("bench/out/faults.json", "w") as out:
            json.dump(results, out, indent=2)
    failed = [name for name in ran if results[name].get("passed") is False]
    if failed:
        sys.exit("failed: " + ", ".join(failed))


main()
