#!/usr/bin/env python3
"""Training throughput of the worker's children as they share the machine's cores, one configuration
per call (bench/child-threads.sh runs them in turn on the same jar and machine).

Uploads Fashion-MNIST's training images with labels, submits identical FixMatch experiments (10 labels
per class, batch 32, mu 3: each step pushes 32 + 2 x 96 images) -- one per worker slot -- and reads
the jobs' progress (step counters with the time the child reported them) over a window after a
warm-up. Prints one line and appends it as JSON to the file named by the third argument.

Usage: python3 bench/child-threads.py API_URL API_KEY OUT.jsonl CONFIG_NAME SLOTS
"""
import json
import os
import sys
import time
import datetime

from pretext_api import call, connect, upload

API, KEY, OUT, NAME, SLOTS = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
connect(API, KEY)
FMNIST = "/usr/share/datasets/fashion-mnist"
WARMUP_STEPS = int(os.environ.get("THREADS_WARMUP_STEPS", "60"))
WINDOW_SECONDS = float(os.environ.get("THREADS_WINDOW_SECONDS", "120"))


def parse(t):
    return datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()


def progress(job_ids):
    """{job id: (global step, reported at)} for the running ones; exits if one has ended."""
    out = {}
    for job_id in job_ids:
        job = call("GET", "/v1/jobs/" + job_id)
        if job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            sys.exit("job %s ended %s during the measurement: %s" % (job_id, job["state"], job.get("lastError")))
        p = job.get("progress") or {}
        if job["state"] == "RUNNING" and p.get("step") is not None:
            out[job_id] = ((p["epoch"] - 1) * p["steps"] + p["step"], parse(p["reportedAt"]))
    return out


train = upload("fmnist-train", os.path.join(FMNIST, "train-images-idx3-ubyte.gz"),
               os.path.join(FMNIST, "train-labels-idx1-ubyte.gz"))
experiments = [call("POST", "/v1/experiments", {
    "name": "threads-%s-%d" % (NAME, i), "seed": 1 + i, "baselines": [],
    "finetune": {"dataset": train, "labelsPerClass": 10, "strategy": "fixmatch", "steps": 100000, "epochs": 100,
                 "batchSize": 32, "augmentation": "weak", "fixmatch": {"mu": 3}}}) for i in range(SLOTS)]
jobs = [next(j["id"] for j in e["jobs"] if j["kind"] == "FINETUNE") for e in experiments]
# Every child past its warm-up: the window starts at the first report after that.
deadline = time.time() + 900
while True:
    now = progress(jobs)
    if len(now) == SLOTS and all(step >= WARMUP_STEPS for step, _ in now.values()):
        break
    if time.time() > deadline:
        sys.exit("the children did not all pass %d steps within 15 minutes: %s" % (WARMUP_STEPS, now))
    time.sleep(2)
start = progress(jobs)
time.sleep(WINDOW_SECONDS)
end = progress(jobs)
if len(end) < SLOTS or any(end[j][1] <= start[j][1] for j in jobs):
    sys.exit("no progress report from every child during the window: %s -> %s" % (start, end))
rates = [(end[j][0] - start[j][0]) / (end[j][1] - start[j][1]) for j in jobs]
cpu_threads = [line for line in open("/proc/cpuinfo") if line.startswith("processor")]
for e in experiments:
    call("POST", "/v1/experiments/%s/cancel" % e["id"])
row = {"config": NAME, "children": SLOTS, "stepsPerSecond": rates, "total": sum(rates), "cores": len(cpu_threads),
       "windowSeconds": WINDOW_SECONDS}
print("%-34s children %d  steps/s per child %s  total %.2f" % (
    NAME, SLOTS, ", ".join("%.2f" % r for r in rates), sum(rates)), flush=True)
with open(OUT, "a") as out:
    out.write(json.dumps(row) + "\n")
