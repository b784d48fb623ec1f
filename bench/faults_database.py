"""The database-side scenarios of bench/faults.py (issue 18, item 5), on the same packaged jar.

Scenario "outage": while a SimCLR pretraining (step checkpoints) runs, the jar's embedded PostgreSQL
is stopped (`pg_ctl stop -m fast` with the embedded binaries, so connections are refused) for
FAULTS_OUTAGE_SHORT (10) s and later for FAULTS_OUTAGE_LONG (60) s, then started again on the same
data folder and port. Checked: the short outage is ridden out (the same child keeps training, the
job's attempt does not change); the long one (past the 30 s lease) ends in a new attempt that
resumes from the last step checkpoint and the job SUCCEEDs; while the database is gone
GET /v1/experiments answers 503 application/problem+json with Retry-After within a few seconds
(never hangs) and /actuator/health/readiness says DOWN; once it is back both work again.

Scenario "workers": a second worker JVM (PRETEXT_ROLES=worker, pointed at the first one's embedded
PostgreSQL like an external database, same data folder for the artifacts) beside the jar's own
worker; FAULTS_WORKER_JOBS (1000) one-job experiments (rotation, 1 epoch of a 64-image dataset)
drain. Checked from both workers' own logs ("Slot n runs job J (KIND, attempt a)"): no (job, attempt) was
claimed twice, by one worker or by both (claimed twice); from the database: every job SUCCEEDED (0 lost);
reported: retried jobs (a job that RUNNING entered more than once, each time under a new attempt), the
split between the workers and the wall time.
"""
import collections
import json
import os
import re
import shlex
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

from pretext_api import call

PROBE_TIMEOUT = 10  # seconds a probe waits before it counts as a hang
PROMPT_SECONDS = 6  # an answer slower than this during an outage is too slow (connection timeout 5 s)


class EmbeddedDatabase:
    """The jar's embedded PostgreSQL, stopped and started behind its back, as `pg_ctl stop -m fast` and
    `pg_ctl start` would: SIGINT to the postmaster (a fast shutdown: connections are cut and new ones
    refused) and, to start, the postgres binary with the command line it last ran with."""

    def __init__(self, data, log):
        self.pgdata = os.path.join(data, "postgres")
        self.log = log
        self.args = None

    def _pid(self):
        try:
            with open(os.path.join(self.pgdata, "postmaster.pid")) as f:
                pid = int(f.readline())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def stop(self):
        pid = self._pid()
        # postmaster.opts is the command line the server was started with: start it the same way.
        with open(os.path.join(self.pgdata, "postmaster.opts")) as f:
            self.args = shlex.split(f.read())
        os.kill(pid, signal.SIGINT)
        deadline = time.time() + 30
        while self._pid() == pid and time.time() < deadline:
            time.sleep(0.05)
        if self._pid() == pid:
            raise SystemExit("PostgreSQL pid %d did not stop within 30 s" % pid)

    def start(self):
        # PostgreSQL refuses to run as root; in a user namespace of its own it is an ordinary user
        # who owns the (root-owned) data folder.
        user = ["unshare", "--user", "--map-user=1000", "--map-group=1000"] if os.geteuid() == 0 else []
        with open(self.log, "a") as log:
            subprocess.Popen(user + self.args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        port = self.args[self.args.index("-p") + 1]
        deadline = time.time() + 60
        while time.time() < deadline:
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", port]).returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit("PostgreSQL did not accept connections within 60 s of its start")

    def stop_if_running(self):
        """Leaves no server behind when the bench ends with the database restarted by us."""
        pid = self._pid()
        if self.args and pid:
            os.kill(pid, signal.SIGINT)


def probe(api, path, key=None):
    """One GET: status (None: no answer within PROBE_TIMEOUT), content type, Retry-After, seconds, body."""
    headers = {"Authorization": "Bearer " + key} if key else {}
    started = time.time()
    status = content_type = retry_after = body = None
    try:
        with urllib.request.urlopen(urllib.request.Request(api + path, headers=headers),
                                    timeout=PROBE_TIMEOUT) as response:
            status, content_type, body = response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        status, content_type = error.code, error.headers.get("Content-Type")
        retry_after, body = error.headers.get("Retry-After"), error.read()
    except OSError:
        pass  # refused or timed out
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        parsed = None
    return {"path": path, "status": status, "contentType": content_type, "retryAfter": retry_after,
            "seconds": round(time.time() - started, 2), "endedAt": time.time(),
            "health": parsed.get("status") if isinstance(parsed, dict) and path.startswith("/actuator") else None}


def api_probe_ok(p):
    """An API answer while the database is gone: a prompt 503 problem+json with Retry-After."""
    return (p["status"] == 503 and (p["contentType"] or "").startswith("application/problem+json")
            and p["retryAfter"] is not None and p["seconds"] <= PROMPT_SECONDS)


def readiness_probe_ok(p):
    return p["status"] == 503 and p["health"] == "DOWN" and p["seconds"] <= PROMPT_SECONDS


def outage(database, api, key, seconds):
    """Stops the database for `seconds`, probing the API and readiness meanwhile (each on a thread of
    its own, one probe after the other, so a hanging probe cannot stretch the outage); after the
    restart, the seconds until both answer normally again."""
    database.stop()
    down_at = time.time()
    probes, over = [], threading.Event()

    def prober(path, with_key, delay):
        over.wait(delay)
        while not over.is_set():
            probes.append(probe(api, path, key if with_key else None))
            over.wait(0.5)

    # Two API probers 2 s apart, so even a 10 s outage sees several answers of up to 5 s each.
    threads = [threading.Thread(target=prober, args=args, daemon=True) for args in
               (("/v1/experiments?limit=5", True, 0), ("/v1/experiments?limit=5", True, 2),
                ("/actuator/health/readiness", False, 0))]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, seconds - (time.time() - down_at)))
    over.set()
    database.start()
    up_at = time.time()
    for thread in threads:
        thread.join(PROBE_TIMEOUT + 1)
    # Judged: the probes answered (or given up) while the database was still gone.
    straddling = [p for p in probes if p["endedAt"] > up_at]
    probes = [p for p in probes if p["endedAt"] <= up_at]
    recovered = None
    while time.time() - up_at < 120:
        if probe(api, "/v1/experiments?limit=5", key)["status"] == 200 and \
                probe(api, "/actuator/health/readiness")["health"] == "UP":
            recovered = round(time.time() - up_at, 1)
            break
        time.sleep(0.5)
    api_probes = [p for p in probes if p["path"].startswith("/v1")]
    ready_probes = [p for p in probes if p["path"].startswith("/actuator")]
    result = {"outageSeconds": round(up_at - down_at, 1), "apiProbes": len(api_probes),
              "apiProbes503ProblemRetryAfter": sum(map(api_probe_ok, api_probes)),
              "apiStatuses": sorted({str(p["status"]) for p in api_probes}),
              "apiMaxSeconds": max((p["seconds"] for p in api_probes), default=None),
              "readinessProbes": len(ready_probes), "readinessDown": sum(map(readiness_probe_ok, ready_probes)),
              "readinessMaxSeconds": max((p["seconds"] for p in ready_probes), default=None),
              "secondsUntilApiAndReadinessOk": recovered, "probesEndedAfterTheReturn": len(straddling),
              "probes": probes}
    result["probesOk"] = (result["apiProbes503ProblemRetryAfter"] == len(api_probes) > 0
                          and result["readinessDown"] == len(ready_probes) > 0 and recovered is not None)
    return result


def child_log(data, job_id, attempt):
    try:
        with open(os.path.join(data, "tmp", "jobs", job_id, "child-%d.log" % attempt), errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def outage_scenario(server, api, key, spec, short_seconds, long_seconds, postgres_log):
    """spec: a pretraining-only experiment with step checkpoints that trains for a few minutes."""
    database = EmbeddedDatabase(server.data, postgres_log)
    try:
        return _outage_scenario(server, database, api, key, spec, short_seconds, long_seconds)
    finally:
        server.stop()
        database.stop_if_running()


def _outage_scenario(server, database, api, key, spec, short_seconds, long_seconds):
    experiment_id = call("POST", "/v1/experiments", spec)["id"]

    def job():
        return call("GET", "/v1/experiments/" + experiment_id)["jobs"][0]

    server.wait_for_child()
    time.sleep(20)
    before = job()
    child = server.children()
    if before["state"] != "RUNNING":
        raise SystemExit("the job ended before the outages; give it more epochs (FAULTS_OUTAGE_EPOCHS)")
    short = outage(database, api, key, short_seconds)
    time.sleep(6)  # a heartbeat after the return
    after = job()
    short["sameChildTraining"] = bool(child) and child[0] in server.children()
    short["attemptBefore"], short["attemptAfter"], short["stateAfter"] = before["attempt"], after["attempt"], after["state"]
    short["riddenOut"] = short["sameChildTraining"] and after["attempt"] == before["attempt"] and after["state"] == "RUNNING"
    print("short outage (%.0f s): child kept training %s, attempt %s -> %s; API 503 problem+json %d of %d "
          "(statuses %s, max %.1f s), readiness DOWN %d of %d; OK again after %s s" % (
              short["outageSeconds"], short["sameChildTraining"], before["attempt"], after["attempt"],
              short["apiProbes503ProblemRetryAfter"], short["apiProbes"], short["apiStatuses"],
              short["apiMaxSeconds"] or 0, short["readinessDown"], short["readinessProbes"],
              short["secondsUntilApiAndReadinessOk"]), flush=True)

    time.sleep(10)
    before = job()
    if before["state"] != "RUNNING":
        raise SystemExit("the job ended before the long outage; give it more epochs (FAULTS_OUTAGE_EPOCHS)")
    long = outage(database, api, key, long_seconds)
    up_at = time.time()
    back = server.wait_for_child(timeout=300)
    long["secondsFromReturnUntilTrainingAgain"] = None if back is None else round(time.time() - up_at, 1)
    final = None
    while final is None or final["state"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
        time.sleep(2)
        final = job()
    resumed_log = child_log(server.data, final["id"], final["attempt"])
    long["attemptBefore"], long["finalAttempt"], long["finalState"] = before["attempt"], final["attempt"], final["state"]
    long["resumedFromStepCheckpoint"] = "Resuming from step checkpoint" in resumed_log
    long["resumeLine"] = next((line for line in resumed_log.splitlines() if "Resuming from" in line), None)
    long["resumed"] = final["attempt"] > before["attempt"] and long["resumedFromStepCheckpoint"]
    print("long outage (%.0f s): attempt %s -> %s, %s; training again %s s after the return; API 503 problem+json "
          "%d of %d (statuses %s, max %.1f s), readiness DOWN %d of %d; OK again after %s s; job %s" % (
              long["outageSeconds"], before["attempt"], final["attempt"], long["resumeLine"] or "no resume line",
              long["secondsFromReturnUntilTrainingAgain"], long["apiProbes503ProblemRetryAfter"], long["apiProbes"],
              long["apiStatuses"], long["apiMaxSeconds"] or 0, long["readinessDown"], long["readinessProbes"],
              long["secondsUntilApiAndReadinessOk"], final["state"]), flush=True)
    passed = (short["riddenOut"] and short["probesOk"] and long["probesOk"] and long["resumed"]
              and final["state"] == "SUCCEEDED")
    return {"short": short, "long": long, "passed": passed}


def psql(port, password, sql):
    out = subprocess.run(["psql", "-q", "-t", "-A", "-F", "\t", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                          "pretext", "-c", sql], env=dict(os.environ, PGPASSWORD=password), capture_output=True,
                         text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def start_second_worker(jar, data, pgport, password, log_path):
    env = dict(os.environ, PRETEXT_DATA_DIR=data, PRETEXT_ROLES="worker", SPRING_FLYWAY_ENABLED="false",
               SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:%s/pretext" % pgport,
               SPRING_DATASOURCE_USERNAME="postgres", SPRING_DATASOURCE_PASSWORD=password)
    log = open(log_path, "w")
    process = subprocess.Popen(["java", "-jar", jar, "--server.port=0"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("second worker exited with %d; see %s" % (process.returncode, log_path))
        with open(log_path, errors="replace") as f:
            if "slot(s)" in f.read():  # "Worker <id> started with 1 slot(s)"
                return process
        time.sleep(0.5)
    raise SystemExit("second worker not started within 180 s; see " + log_path)


CLAIM = re.compile(r"Slot \S+ runs job ([0-9a-f-]{36}) \(\w+, attempt (\d+)\)")


def claims_in_logs(paths, job_ids):
    """How often each (job, attempt) of the given jobs was claimed, counted over the workers' logs."""
    claims = collections.Counter()
    for path in paths:
        with open(path, errors="replace") as f:
            for match in CLAIM.finditer(f.read()):
                if match.group(1) in job_ids:
                    claims[(match.group(1), int(match.group(2)))] += 1
    return claims


def workers_scenario(server, jar, pgport, dataset, jobs, log_path):
    with open(os.path.join(server.data, "postgres.password")) as f:
        password = f.read().strip()
    second = start_second_worker(jar, server.data, pgport, password, log_path)
    try:
        started = time.time()
        ids = [call("POST", "/v1/experiments", {"name": "faults-workers-%04d" % i, "seed": i, "maxRestarts": 3,
                                                "pretrain": {"dataset": dataset, "method": "rotation", "epochs": 1,
                                                             "batchSize": 32}})["id"] for i in range(jobs)]
        submitted = time.time() - started
        mine = "e.name like 'faults-workers-%'"
        left = None
        while left != 0 and time.time() - started < 4 * 3600:
            time.sleep(5)
            left = int(psql(pgport, password, "select count(*) from jobs j join experiments e on e.id = j.experiment_id "
                                              "where %s and j.state in ('QUEUED', 'RUNNING')" % mine)[0][0])
        wall = time.time() - started
        states = dict(psql(pgport, password, "select j.state, count(*) from jobs j join experiments e "
                                             "on e.id = j.experiment_id where %s group by 1" % mine))
        retried = psql(pgport, password, "select ev.job_id, count(*) from job_events ev join experiments e "
                                         "on e.id = ev.experiment_id where %s and ev.type = 'state' "
                                         "and ev.data::json->>'state' = 'RUNNING' group by 1 having count(*) > 1" % mine)
        job_ids = {row[0] for row in psql(pgport, password, "select j.id from jobs j join experiments e "
                                                             "on e.id = j.experiment_id where %s" % mine)}
        attempts = dict(psql(pgport, password, "select j.attempt, count(*) from jobs j join experiments e "
                                               "on e.id = j.experiment_id where %s group by 1" % mine))
        split = dict(psql(pgport, password, "select split_part(j.worker_id, '@', 1), count(*) from jobs j join "
                                            "experiments e on e.id = j.experiment_id where %s group by 1" % mine))
        by_worker = {("api,worker" if pid == str(server.process.pid) else
                      "worker" if pid == str(second.pid) else pid): int(n) for pid, n in split.items()}
        running_seconds = psql(pgport, password, "select round(avg(extract(epoch from finished_at - started_at))::numeric, 2) "
                                                 "from jobs j join experiments e on e.id = j.experiment_id where %s" % mine)
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=90)
        except subprocess.TimeoutExpired:
            second.kill()
    claims = claims_in_logs([server.log_path, log_path], job_ids)
    twice = sorted(claim for claim, count in claims.items() if count > 1)
    succeeded = int(states.get("SUCCEEDED", 0))
    result = {"jobs": jobs, "submitted": len(ids), "submitSeconds": round(submitted, 1), "wallSeconds": round(wall, 1),
              "jobsPerMinute": round(60 * jobs / wall, 1), "states": {k: int(v) for k, v in states.items()},
              "lost": jobs - succeeded, "claimedTwice": len(twice), "claimsInLogs": sum(claims.values()),
              "retried": len(retried),
              "attempts": {k: int(v) for k, v in attempts.items()}, "byWorker": by_worker,
              "meanSecondsPerJob": float(running_seconds[0][0]) if running_seconds and running_seconds[0][0] else None}
    print("two workers, %d jobs: %d SUCCEEDED, %d lost, %d claims in the logs, %d (job, attempt) claimed twice, "
          "%d retried; split %s; attempts %s; wall %.1f min (%.1f jobs/min, %.2f s a job from claim to end)" % (
              jobs, succeeded, result["lost"], result["claimsInLogs"], len(twice), len(retried), by_worker,
              result["attempts"], wall / 60,
              result["jobsPerMinute"], result["meanSecondsPerJob"] or 0), flush=True)
    result["passed"] = (result["lost"] == 0 and not twice and len(by_worker) == 2
                        and result["claimsInLogs"] >= jobs)
    return result
