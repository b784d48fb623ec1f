"""Storage faults through the real processes (issue 18, item 5): the packaged jar (API + worker), its
training child JVMs and its embedded PostgreSQL, driven over HTTP, with the artifact store failing.

Scenario "s3": the store is S3 (S3Proxy with a filesystem backend, in its own JVM) reached through a
TCP relay in this script that can be cut (open connections reset, new ones reset at once).
  - upload while cut: answered 503 problem+json with Retry-After; no dataset row, no object, no
    ingest work folder left.
  - checkpoint write while cut: a pretraining job with step checkpoints trains; once a checkpoint is
    complete the relay is cut, the next checkpoint write fails the attempt (the reason in the job's
    lastError), the relay is restored, the next attempt resumes from the last complete checkpoint and
    the job SUCCEEDs.
Scenario "full": the store is the local artifact folder on a small tmpfs (needs root to mount), filled
to the last byte by a filler file.
  - upload while full, and an upload that fills the last 2 MB halfway through its shard: answered 507
    problem+json; no row, no object, nothing in the store's .tmp.
  - checkpoint write while full: as above, filling the tmpfs instead of cutting the relay; the job's
    lastError names "No space left on device"; the filler is removed and the job SUCCEEDs.

Usage (from bench/storage-faults.sh): python3 bench/storage-faults.py JAR WORK_DIR PORT PGPORT KEY
Settings: FAULTS_SCENARIOS (s3,full), FAULTS_IMAGES (2000), FAULTS_TMPFS_MB (128; 20 cannot hold one
checkpoint of this model with its optimizer state). The summary also reports readiness while the
store fails and the torn checkpoint folders left at the end.
Writes bench/out/storage-faults.json; exits non-zero when a check fails.
"""
import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import jar_server
from pretext_api import call, connect, upload

JAR, WORK, PORT, PGPORT, KEY = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
API = "http://127.0.0.1:" + PORT
FMNIST = "/usr/share/datasets/fashion-mnist"
SCENARIOS = os.environ.get("FAULTS_SCENARIOS", "s3,full").split(",")
IMAGES = int(os.environ.get("FAULTS_IMAGES", "2000"))
TMPFS_MB = int(os.environ.get("FAULTS_TMPFS_MB", "128"))
S3PROXY_JAR = os.path.expanduser("~/.m2/repository/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar")
S3_KEY, S3_SECRET, BUCKET = "pretext-bench", "pretext-bench-secret", "pretext"
LOG = "bench/out/storage-faults-server.log"
MIDWAY_FREE_BYTES = 2 << 20  # what the full scenario's second upload finds free (its shard is about 6 MB)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """A TCP relay to a backend that can be cut: cut() resets every open connection and resets new
    ones at once (as a dead network path or a crashed store would), restore() relays again."""

    def __init__(self, backend_port):
        self.backend = ("127.0.0.1", backend_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_now = False
        self.open = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            client, _ = self.listener.accept()
            if self.cut_now:
                self._reset(client)
                continue
            try:
                server = socket.create_connection(self.backend)
            except OSError:
                self._reset(client)
                continue
            with self.lock:
                self.open.update((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source, target):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self.lock:
            self.open.discard(source)
            self.open.discard(target)

    @staticmethod
    def _reset(s):
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        except OSError:
            pass

    def cut(self):
        self.cut_now = True
        with self.lock:
            sockets = list(self.open)
            self.open.clear()
        for s in sockets:
            self._reset(s)

    def restore(self):
        self.cut_now = False


class Server:
    """One packaged Pretext (API + worker) on a data folder, with extra environment."""

    def __init__(self, data, env):
        self.data, self.env, self.process = data, env, None

    def start(self):
        self.process = jar_server.start(JAR, API, PORT, dict({
            "PRETEXT_DATA_DIR": self.data, "PRETEXT_BOOTSTRAP_KEY": KEY, "PRETEXT_ROLES": "api,worker",
            "PRETEXT_DATABASE_EMBEDDED_PORT": PGPORT, "PRETEXT_JOBS_RETRY_BACKOFF": "2s"}, **self.env), LOG,
            "start on " + self.data)

    def stop(self):
        jar_server.stop(self.process, 90)


def images(name, count, offset_images=0):
    """An IDX file of count Fashion-MNIST training images (starting at a different offset makes other content)."""
    path = os.path.join(WORK, name)
    with gzip.open(os.path.join(FMNIST, "train-images-idx3-ubyte.gz"), "rb") as f:
        head = f.read(16)
        f.read(offset_images * 784)
        body = f.read(count * 784)
    with gzip.open(path, "wb") as f:
        f.write(head[:4] + count.to_bytes(4, "big") + head[8:] + body)
    return path


def raw_upload(name, path):
    """POSTs a dataset; returns (status, content type, parsed body, Retry-After) whatever the status."""
    boundary = "----storage-faults"
    with open(path, "rb") as f:
        content = f.read()
    body = ("--%s\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n%s\r\n--%s\r\nContent-Disposition: "
            "form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            % (boundary, name, boundary, os.path.basename(path))).encode() + content + (
            "\r\n--%s--\r\n" % boundary).encode()
    request = urllib.request.Request(API + "/v1/datasets", data=body, method="POST", headers={
        "Authorization": "Bearer " + KEY, "Content-Type": "multipart/form-data; boundary=" + boundary})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, error.headers, error.read()
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = raw.decode(errors="replace")[:500]
    return {"status": status, "contentType": headers.get("Content-Type"), "retryAfter": headers.get("Retry-After"),
            "body": parsed, "seconds": round(time.time() - started, 2)}


def files_under(root):
    out = []
    for folder, _, names in os.walk(root):
        out.extend(os.path.relpath(os.path.join(folder, n), root) for n in names)
    return sorted(out)


def dataset_count():
    return call("GET", "/v1/datasets?size=100")["totalItems"]


def pretrain_spec(name, dataset):
    return {"name": name, "seed": 5, "maxRestarts": 5, "baselines": [], "checkpoint": {"everySteps": 5},
            "pretrain": {"dataset": dataset, "method": "simclr", "encoder": "cnn-flat", "epochs": 3,
                         "batchSize": 64}}


def job_of(experiment_id):
    return call("GET", "/v1/experiments/" + experiment_id)["jobs"][0]


def complete_checkpoints(store_root, job_id):
    """Checkpoint folders of the job that hold their manifest (written last: complete ones)."""
    base = os.path.join(store_root, "checkpoints", job_id)
    return sorted(f for f in (os.listdir(base) if os.path.isdir(base) else [])
                  if os.path.isfile(os.path.join(base, f, "manifest.json")))


def wait_until(predicate, timeout, poll=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    return None


READ_ROUTES = ("/v1/datasets/%s/samples.png",)


def status_of(method, path):
    """'STATUS CONTENT-TYPE' of a request with the API key, whatever the status."""
    request = urllib.request.Request(API + path, method=method, headers={"Authorization": "Bearer " + KEY})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return "%d %s" % (response.status, response.headers.get("Content-Type"))
    except urllib.error.HTTPError as error:
        return "%d %s" % (error.code, error.headers.get("Content-Type"))


def readiness():
    try:
        with urllib.request.urlopen(API + "/actuator/health/readiness", timeout=10) as response:
            return "%d %s" % (response.status, json.loads(response.read()).get("status"))
    except urllib.error.HTTPError as error:
        return "%d %s" % (error.code, json.loads(error.read() or b"{}").get("status"))


def upload_refused(name, path, store_root, expected_status, ingest_tmp):
    """Uploads while the store fails; checks the answer and that nothing was left behind."""
    rows_before, objects_before = dataset_count(), files_under(store_root)
    answer = raw_upload(name, path)
    left_objects = sorted(set(files_under(store_root)) - set(objects_before))
    left_work = files_under(ingest_tmp) if os.path.isdir(ingest_tmp) else []
    rows_after = dataset_count()
    result = {"status": answer["status"], "contentType": answer["contentType"], "retryAfter": answer["retryAfter"],
              "detail": answer["body"].get("detail") if isinstance(answer["body"], dict) else answer["body"],
              "seconds": answer["seconds"], "datasetRowsAdded": rows_after - rows_before,
              "objectsLeft": left_objects, "ingestWorkFilesLeft": left_work}
    result["passed"] = (answer["status"] == expected_status
                        and (answer["contentType"] or "").startswith("application/problem+json")
                        and rows_after == rows_before and not left_objects and not left_work
                        and (expected_status != 503 or answer["retryAfter"] is not None))
    print("upload while the store fails: %d %s (Retry-After %s) in %.2f s, %d row(s) and %d object(s) left: %s"
          % (answer["status"], answer["contentType"], answer["retryAfter"], answer["seconds"],
             result["datasetRowsAdded"], len(left_objects), result["detail"]), flush=True)
    return result


def checkpoint_fault(experiment_name, dataset, store_root, inject, repair, reason):
    """Trains; once a checkpoint is complete, inject() makes the store fail; waits for the failed
    attempt, repair(), then for the job's end; reason: what the failed attempt's FAILED line must name.
    Returns the figures."""
    experiment_id = call("POST", "/v1/experiments", pretrain_spec(experiment_name, dataset))["id"]
    job_id = job_of(experiment_id)["id"]
    started = time.time()
    good = wait_until(lambda: complete_checkpoints(store_root, job_id) or job_of(experiment_id).get("lastError"),
                      timeout=600)
    if not good or not complete_checkpoints(store_root, job_id):
        return {"passed": False, "error": "no complete checkpoint before the fault: %s" % (
            job_of(experiment_id).get("lastError") or "none within 600 s")}
    time.sleep(0.5)  # past the manifest: the next write is a new checkpoint's
    last_good = complete_checkpoints(store_root, job_id)[-1]
    injected = time.time()
    inject()
    failed = wait_until(lambda: (lambda j: j if j.get("lastError") else None)(job_of(experiment_id)), timeout=300)
    detected = time.time()
    repair()
    if not failed:
        return {"passed": False, "error": "the attempt did not fail within 300 s of the fault"}
    # Training again: the next attempt has reported progress of its own.
    before = (failed.get("progress") or {}).get("reportedAt")
    training_again = wait_until(lambda: (lambda j: j["attempt"] > failed["attempt"] and j.get("progress")
                                         and j["progress"]["reportedAt"] != before)(job_of(experiment_id)),
                                timeout=600)
    again = time.time() if training_again else None
    final = wait_until(lambda: (lambda j: j if j["state"] in ("SUCCEEDED", "FAILED", "CANCELLED") else None)(
        job_of(experiment_id)), timeout=1800, poll=2)
    base = os.path.join(store_root, "checkpoints", job_id)
    torn = [f for f in (os.listdir(base) if os.path.isdir(base) else [])
            if not os.path.isfile(os.path.join(base, f, "manifest.json"))]
    log = call("GET", "/v1/jobs/%s/log" % job_id)
    resumed = [line for line in log["lines"] if "Resuming from" in line]
    error = failed["lastError"] or ""
    reason_line = next((line for line in error.splitlines() if line.startswith("FAILED")), error.splitlines()[-1])
    result = {"jobId": job_id, "lastGoodCheckpoint": last_good, "secondsToFirstCheckpoint": round(injected - started, 1),
              "secondsFaultToFailedAttempt": round(detected - injected, 1), "failedAttempt": failed["attempt"],
              "secondsRepairToTrainingAgain": round(again - detected, 1) if again else None,
              "failedState": failed["state"], "reason": reason_line[:400], "resumedFrom": resumed,
              "finalState": final["state"] if final else None, "finalAttempt": final["attempt"] if final else None,
              "tornFoldersLeft": len(torn), "totalSeconds": round(time.time() - started, 1)}
    result["passed"] = (final is not None and final["state"] == "SUCCEEDED" and all(r in reason_line for r in reason)
                        and (not resumed or last_good in resumed[0] or "epoch" in last_good))
    print("checkpoint write while the store fails: attempt %s failed %.1f s after the fault (%s); training again %s s "
          "after the repair; %s; finally %s after %s attempt(s)" % (
              failed["attempt"], detected - injected, reason_line[:160], result["secondsRepairToTrainingAgain"],
                                   resumed[0] if resumed else "resumed from the recorded epoch checkpoint",
                                   result["finalState"], result["finalAttempt"]), flush=True)
    return result


def s3_scenario():
    s3dir = os.path.join(WORK, "s3")
    os.makedirs(s3dir)
    port = free_port()
    conf = os.path.join(WORK, "s3proxy.conf")
    with open(conf, "w") as f:
        f.write("\n".join(["s3proxy.endpoint=http://127.0.0.1:%d" % port, "s3proxy.authorization=aws-v2-or-v4",
                           "s3proxy.identity=" + S3_KEY, "s3proxy.credential=" + S3_SECRET,
                           "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + s3dir,
                           "jclouds.identity=unused", "jclouds.credential=unused", ""]))
    proxy = subprocess.Popen(["java", "-Xmx256m", "-jar", S3PROXY_JAR, "--properties", conf],
                             stdout=open("bench/out/storage-faults-s3proxy.log", "w"), stderr=subprocess.STDOUT)
    server = None
    try:
        if not wait_until(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, timeout=60):
            sys.exit("S3Proxy did not start; see bench/out/storage-faults-s3proxy.log")
        relay = Relay(port)
        data = os.path.join(WORK, "s3-data")
        server = Server(data, {"PRETEXT_STORAGE_TYPE": "s3", "PRETEXT_STORAGE_S3_ENDPOINT": "http://127.0.0.1:%d"
                               % relay.port, "PRETEXT_STORAGE_S3_BUCKET": BUCKET, "PRETEXT_STORAGE_S3_ACCESSKEY": S3_KEY,
                               "PRETEXT_STORAGE_S3_SECRETKEY": S3_SECRET, "PRETEXT_STORAGE_S3_PATHSTYLE": "true",
                               "PRETEXT_STORAGE_S3_CREATEBUCKET": "true"})
        server.start()
        store_root = os.path.join(s3dir, BUCKET)
        dataset = upload("storage-s3-train", images("s3-train.gz", IMAGES))
        relay.cut()
        ready = readiness()
        reads = {route: status_of("GET", route % dataset) for route in READ_ROUTES}
        refused = upload_refused("storage-s3-refused", images("s3-other.gz", 500, offset_images=IMAGES), store_root,
                                 503, os.path.join(data, "tmp"))
        relay.restore()
        checkpoint = checkpoint_fault("storage-s3-checkpoint", dataset, store_root, relay.cut, relay.restore,
                                      ("StorageUnavailableException", "of checkpoints/", "failed"))
        print("reads while the store is cut: %s" % ", ".join("%s %s" % (r.replace("%s", "{id}"), v)
                                                            for r, v in reads.items()), flush=True)
        return {"upload": refused, "checkpoint": checkpoint, "readinessWhileFailing": ready, "readsWhileCut": reads,
                "passed": refused["passed"] and checkpoint["passed"]
                and all(v.startswith("503 application/problem+json") for v in reads.values())}
    finally:
        if server:
            server.stop()
        proxy.terminate()
        proxy.wait()


def fill(folder):
    """Writes a filler file until the file system is full; returns its path."""
    path = os.path.join(folder, "filler")
    with open(path, "wb") as f:
        try:
            while True:
                f.write(b"\0" * (1 << 16))
                f.flush()
        except OSError:
            pass
    return path


def full_scenario():
    data = os.path.join(WORK, "full-data")
    artifacts = os.path.join(data, "artifacts")
    os.makedirs(artifacts)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % TMPFS_MB, "tmpfs", artifacts],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        print("could not mount a tmpfs (%s): scenario skipped" % mounted.stderr.strip(), flush=True)
        return {"skipped": "mount failed: " + mounted.stderr.strip()}
    server = None
    try:
        server = Server(data, {})
        server.start()
        dataset = upload("storage-full-train", images("full-train.gz", IMAGES))
        filler = fill(artifacts)
        ready = readiness()
        refused = upload_refused("storage-full-refused", images("full-other.gz", 500, offset_images=IMAGES),
                                 artifacts, 507, os.path.join(data, "tmp"))
        # Room for a part of the next upload only: the disk fills in the middle of writing its shard.
        os.truncate(filler, os.path.getsize(filler) - MIDWAY_FREE_BYTES)
        midway = upload_refused("storage-full-midway", images("full-midway.gz", 4 * IMAGES, offset_images=IMAGES),
                                artifacts, 507, os.path.join(data, "tmp"))
        os.remove(filler)
        holder = {}
        checkpoint = checkpoint_fault("storage-full-checkpoint", dataset, artifacts,
                                      lambda: holder.setdefault("filler", fill(artifacts)),
                                      lambda: os.remove(holder["filler"]),
                                      ("StorageFullException", "No space left on device", "checkpoints/"))
        return {"tmpfsMb": TMPFS_MB, "upload": refused, "uploadFillingMidway": midway, "checkpoint": checkpoint,
                "readinessWhileFailing": ready, "passed": refused["passed"] and midway["passed"] and checkpoint["passed"]}
    finally:
        if server:
            server.stop()
        subprocess.run(["umount", artifacts])


def folder_label(folder):
    """step-0000000005 -> step 5, epoch-0002 -> epoch 2"""
    kind, _, number = folder.partition("-")
    return "%s %d" % (kind, int(number))


def summary(results):
    names = [n for n in ("s3", "full") if "upload" in results.get(n, {})]
    if not names:
        return
    rows = [("upload: status (Retry-After)", lambda r: "%s (%s)" % (r["upload"]["status"], r["upload"]["retryAfter"])),
            ("upload: rows / objects / work files left", lambda r: "%d / %d / %d" % (
                r["upload"]["datasetRowsAdded"], len(r["upload"]["objectsLeft"]),
                len(r["upload"]["ingestWorkFilesLeft"]))),
            ("upload, disk fills midway: status, left", lambda r: "%s, %d / %d / %d" % (
                r["uploadFillingMidway"]["status"], r["uploadFillingMidway"]["datasetRowsAdded"],
                len(r["uploadFillingMidway"]["objectsLeft"]), len(r["uploadFillingMidway"]["ingestWorkFilesLeft"]))),
            ("readiness while failing", lambda r: str(r.get("readinessWhileFailing", "-"))),
            ("checkpoint: fault to failed attempt", lambda r: "%s s" % r["checkpoint"].get("secondsFaultToFailedAttempt")),
            ("checkpoint: repair to training again", lambda r: "%s s" % r["checkpoint"].get("secondsRepairToTrainingAgain")),
            ("checkpoint: last good / resumed from", lambda r: "%s / %s" % (
                folder_label(r["checkpoint"]["lastGoodCheckpoint"]),
                folder_label("step-" + r["checkpoint"]["resumedFrom"][0].split("step-")[-1].split("/")[0])
                if r["checkpoint"].get("resumedFrom") else "recorded epoch")),
            ("checkpoint: torn folders left at the end", lambda r: str(r["checkpoint"].get("tornFoldersLeft"))),
            ("job: final state (attempts)", lambda r: "%s (%s)" % (r["checkpoint"].get("finalState"),
                                                                  r["checkpoint"].get("finalAttempt")))]
    print()
    print("%-42s" % "" + "".join("%-26s" % n for n in names))
    for label, value in rows:
        cells = []
        for n in names:
            try:
                cells.append(value(results[n]))
            except (KeyError, IndexError, TypeError):
                cells.append("n/a")
        print("%-42s" % label + "".join("%-26s" % c for c in cells))


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    os.makedirs("bench/out", exist_ok=True)
    open(LOG, "w").close()
    connect(API, KEY)
    results = {"settings": {"images": IMAGES, "tmpfsMb": TMPFS_MB, "scenarios": SCENARIOS}}
    try:
        if "s3" in SCENARIOS:
            results["s3"] = s3_scenario()
        if "full" in SCENARIOS:
            results["full"] = full_scenario()
    finally:
        with open("bench/out/storage-faults.json", "w") as out:
            json.dump(results, out, indent=2)
    summary(results)
    failed = [n for n, v in results.items() if isinstance(v, dict) and v.get("passed") is False]
    if failed:
        sys.exit("failed: " + ", ".join(failed))


main()
