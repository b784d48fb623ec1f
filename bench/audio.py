#!/usr/bin/env python3
"""The audio benchmark (issue 19), driven through Pretext's HTTP API as one study.

Uploads the espeak-ng corpus of bench/audio-corpus.sh (bench/data/audio: unlabeled, labeled pool,
test of the training voices, test-heldout of voices no other split contains) and submits one study:
SimCLR pretraining of audio-cnn on the unlabeled clips, then at each label budget (10 per class by
default) and seed the arms `pixels` (logistic regression on the standardised log-mel input),
`scratch` (tuned), `linear` and `lp-ft` of the pretrained encoder, scored on both test sets, the
held-out voices first (the headline). Prints the table, the paired gains over scratch and pixels with
their 95% intervals and the verdicts; writes bench/out/audio.json and bench/out/audio-study.png.

Usage: python3 bench/audio.py API_URL API_KEY   (settings: AUDIO_* variables, see SETTINGS)
"""
import json
import os
import sys
import time
import urllib.request

from pretext_api import call, connect, metric, upload

API, KEY = sys.argv[1], sys.argv[2]
connect(API, KEY)
DATA = "bench/data/audio"


def env(name, default, kind=str):
    return kind(os.environ.get("AUDIO_" + name, default))


SETTINGS = {
    "method": env("METHOD", "simclr"),
    "pretrain_epochs": env("PRETRAIN_EPOCHS", "30", int),
    "pretrain_lr": env("PRETRAIN_LR", "0.002", float),
    "batch": env("BATCH", "128", int),
    "budgets": env("BUDGETS", "10/class").split(","),
    "arms": env("ARMS", "pixels,scratch,linear,lp-ft").split(","),
    "seeds": env("SEEDS", "3", int),
    "steps": env("STEPS", "1000", int),
    "finetune_batch": env("FINETUNE_BATCH", "32", int),
    "finetune_lr": [float(x) for x in env("FINETUNE_LR", "0.003,0.0003").split(",")],
}


def budget(text):
    return {"labelsPerClass": int(text.split("/")[0])} if text.endswith("/class") else {"labelFraction": float(text)}


def main():
    started = time.time()
    s = SETTINGS
    ids = {split: upload("audio-" + split, os.path.join(DATA, split + ".zip"), sampleRate=16000, durationMs=1000)
           for split in ("unlabeled", "labeled", "test", "test-heldout")}
    sizes = {split: call("GET", "/v1/datasets/" + i)["numSamples"] for split, i in ids.items()}
    print("clips: %s" % json.dumps(sizes), flush=True)
    study = {
        "name": "audio-commands", "labeled": ids["labeled"], "test": [ids["test-heldout"], ids["test"]],
        "budgets": [budget(b) for b in s["budgets"]], "arms": s["arms"], "seeds": s["seeds"],
        "pretrain": {"dataset": ids["unlabeled"], "method": s["method"], "encoder": "audio-cnn",
                     "epochs": s["pretrain_epochs"], "batchSize": s["batch"],
                     "optimizer": {"type": "adamw", "lr": s["pretrain_lr"]},
                     "knnEvery": max(1, s["pretrain_epochs"] // 5)},
        "finetune": {"steps": s["steps"], "batchSize": s["finetune_batch"], "augmentation": "weak",
                     "lr": {"head": s["finetune_lr"][0], "encoder": s["finetune_lr"][1]}}}
    plan = call("POST", "/v1/studies?dryRun=true", study)
    print("study plan: %d experiments, %d jobs" % (plan["experiments"], plan["jobs"]), flush=True)
    study_id = call("POST", "/v1/studies", study)["id"]
    while True:
        view = call("GET", "/v1/studies/" + study_id)
        if view["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(30)
    print("study %s ended %s after %.1f min" % (study_id, view["state"], (time.time() - started) / 60), flush=True)
    results = call("GET", "/v1/studies/%s/results" % study_id)
    pretraining = next(e["id"] for e in view["experiments"] if e.get("pretraining"))
    knn = [(p["epoch"], p["value"]) for p in metric(pretraining, "knnAccuracy")]
    knn_input = [p["value"] for p in metric(pretraining, "knnPixelAccuracy")]
    print("pretraining kNN on held-out voices by epoch (0 = random encoder): %s; kNN of the log-mel input: %s" % (
        ", ".join("%d: %.4f" % k for k in knn), "n/a" if not knn_input else "%.4f" % knn_input[0]), flush=True)
    names = {ids["test-heldout"]: "held-out voices", ids["test"]: "training voices"}
    print()
    print("espeak-ng commands (20 words), test accuracy and macro-F1, mean +- std over %d seeds" % s["seeds"])
    print("%-12s %-9s %-16s %-16s %s" % ("labels", "arm", "test", "accuracy", "macro-F1"))
    cells = {(c["budget"], c["arm"], c["test"], c["metric"]): c for c in results["cells"]}
    for (b, arm, test, metric), cell in sorted(cells.items()):
        if metric != "accuracy" or cell["mean"] is None:
            continue
        f1 = cells.get((b, arm, test, "macroF1"))
        print("%-12s %-9s %-16s %5.2f +- %4.2f %%  %s" % (b, arm, names.get(test, test), cell["mean"] * 100,
              (cell["std"] or 0) * 100, "-" if not f1 or f1["mean"] is None else "%5.2f %%" % (f1["mean"] * 100)))
    print()
    print("paired gains on accuracy (points, 95% interval)")
    for gain in results["gains"]:
        if gain["metric"] == "accuracy" and gain["mean"] is not None:
            print("%-12s %-7s over %-8s %-16s %+6.2f  [%s]" % (gain["budget"], gain["arm"], gain["over"],
                  names.get(gain["test"], gain["test"]), gain["mean"] * 100, gain.get("note") or (
                  "%+.2f, %+.2f" % (gain["low"] * 100, gain["high"] * 100) if gain["low"] is not None else "-")))
    for verdict in results["verdicts"]:
        print(verdict["summary"])
    os.makedirs("bench/out", exist_ok=True)
    with open("bench/out/audio.json", "w") as out:
        json.dump({"settings": s, "clips": sizes, "study": view, "results": results, "knn": knn, "knnInput": knn_input,
                   "totalMinutes": (time.time() - started) / 60}, out, indent=2)
    request = urllib.request.Request(API + "/v1/studies/%s/chart.png" % study_id,
                                     headers={"Authorization": "Bearer " + KEY})
    with urllib.request.urlopen(request) as response, open("bench/out/audio-study.png", "wb") as out:
        out.write(response.read())


main()
