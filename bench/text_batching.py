#!/usr/bin/env python3
"""One MLM pretraining through the API, timed from the job's own timestamps, with the training
child's resident memory sampled from /proc while it runs (bench/text-batching.sh calls it once per
configuration on a fresh server). Appends one JSON line to the file named by the third argument.

Usage: python3 bench/text_batching.py API_URL API_KEY OUT.jsonl CONFIG_NAME
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

from pretext_api import call, connect, metric, upload

API, KEY, OUT, NAME = sys.argv[1:5]
connect(API, KEY)
EPOCHS = int(os.environ.get("BATCHING_EPOCHS", "1"))
TEXTS = int(os.environ.get("BATCHING_TEXTS", "0"))  # 0: every unlabeled text


def parse(t):
    return datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()


def child_rss_kb(job_id):
    """VmRSS of the child running the job (its command line starts with -Dpretext.job=ID), or None."""
    found = subprocess.run(["pgrep", "-f", "pretext.job=" + job_id], capture_output=True, text=True).stdout.split()
    for pid in found:
        try:
            with open("/proc/%s/status" % pid) as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except FileNotFoundError:
            pass
    return None


corpus = "bench/data/debian/unlabeled.jsonl"
if TEXTS:
    with open(corpus) as f, tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for i, line in enumerate(f):
            if i == TEXTS:
                break
            out.write(line)
    corpus = out.name
unlabeled = upload("debian-unlabeled", corpus)
experiment = call("POST", "/v1/experiments", {
    "name": "text-batching-" + NAME, "seed": 1, "baselines": [],
    "pretrain": {"dataset": unlabeled, "method": "mlm", "epochs": EPOCHS, "batchSize": 32, "maxLength": 128,
                 "vocabSize": 8000, "optimizer": {"type": "adamw", "lr": 0.0005, "weightDecay": 0.01}}})
job_id = next(j["id"] for j in experiment["jobs"] if j["kind"] == "PRETRAIN")
samples = []  # (seconds since the first sample, RSS in kB)
first = None
while True:
    job = call("GET", "/v1/jobs/" + job_id)
    if job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
        break
    rss = child_rss_kb(job_id) if job["state"] == "RUNNING" else None
    if rss is not None:
        first = first or time.time()
        samples.append((round(time.time() - first, 1), rss))
    time.sleep(5)
if job["state"] != "SUCCEEDED":
    sys.exit("pretraining ended %s: %s" % (job["state"], job.get("lastError")))
seconds = parse(job["finishedAt"]) - parse(job["startedAt"])
texts = sum(1 for _ in open(corpus)) * EPOCHS
losses = [p["value"] for p in metric(experiment["id"], "loss")]
rates = [p["value"] for p in metric(experiment["id"], "samplesPerSecond")]
gb = lambda kb: kb / 1024 / 1024
quarter = [kb for t, kb in samples if t <= samples[-1][0] / 4] or [samples[0][1]]
row = {"name": NAME, "epochs": EPOCHS, "texts": texts, "jobSeconds": seconds,
       "textsPerSecond": rates[-1] if rates else texts / seconds, "loss": losses,
       "rssFirstQuarterGb": gb(max(quarter)), "rssLastGb": gb(samples[-1][1]), "rssPeakGb": gb(max(kb for _, kb in samples)),
       "rssSamples": samples}
print("%s: %d texts x %d epochs, job %.0f s, %.1f texts/s, loss %s, child RSS peak %.2f GB" % (
    NAME, texts // EPOCHS, EPOCHS, seconds, row["textsPerSecond"], losses, row["rssPeakGb"]), flush=True)
with open(OUT, "a") as out:
    out.write(json.dumps(row) + "\n")
