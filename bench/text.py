#!/usr/bin/env python3
"""The text benchmark, driven through Pretext's HTTP API the way a user would drive it.

Splits bench/data/debian/labeled.jsonl (seeded) into a labeled training pool and a test set, uploads
them and bench/data/debian/unlabeled.jsonl (other packages' descriptions, no labels). Pretrains a
transformer-mini with masked language modelling on the unlabeled texts once, then, for each label
fraction and finetune seed, submits experiments that reuse that encoder (finetune.encoderFrom): a
linear probe, and a full finetune (smaller encoder learning rate) whose experiment also runs both baselines on the same
labels: the same encoder from scratch (`scratch`) and logistic regression on TF-IDF n-grams (`pixels`,
reported as tf-idf). Collects test macro-F1 (and accuracy) from the evaluation jobs and
prints mean +- std per (fraction, model), with the majority-class baseline. Writes bench/out/text.json.

Usage: python3 bench/text.py API_URL API_KEY   (settings via environment, see SETTINGS)
With a kept data folder (BENCH_DATA_DIR, see bench/server.sh), TEXT_PRETRAINED=<experiment id> reuses an
earlier run's pretraining (waiting for it if a restarted server is still resuming it) and its uploads.
TEXT_ARMS="full finetune" submits only the full finetune's experiment (with both baselines), not the probe.
"""
import collections
import datetime
import json
import os
import random
import statistics
import sys
import time

from pretext_api import call, connect, evaluations, metric, upload, wait

connect(sys.argv[1], sys.argv[2])
DATA = "bench/data/debian"
SETTINGS = {
    "pretrain_epochs": int(os.environ.get("TEXT_PRETRAIN_EPOCHS", "5")),
    "pretrain_lr": float(os.environ.get("TEXT_PRETRAIN_LR", "0.0005")),
    "batch": int(os.environ.get("TEXT_BATCH", "32")),
    "max_length": int(os.environ.get("TEXT_MAX_LENGTH", "128")),
    "vocab_size": int(os.environ.get("TEXT_VOCAB_SIZE", "8000")),
    "fractions": [float(f) for f in os.environ.get("TEXT_FRACTIONS", "0.01,0.1").split(",")],
    "finetune_epochs": [int(e) for e in os.environ.get("TEXT_FINETUNE_EPOCHS", "40,15").split(",")],
    "seeds": [int(s) for s in os.environ.get("TEXT_SEEDS", "1").split(",")],
    "linear_lr": float(os.environ.get("TEXT_LINEAR_LR", "0.01")),
    "finetune_lr": [float(x) for x in os.environ.get("TEXT_FINETUNE_LR", "0.001,0.0002").split(",")],
    # 1: the full finetune picks its rates on validation around TEXT_FINETUNE_LR (finetune.tuneRates), as
    # the scratch baseline does; 0: it trains at TEXT_FINETUNE_LR as given.
    "tune_rates": os.environ.get("TEXT_TUNE_RATES", "1") == "1",
    "test_fraction": float(os.environ.get("TEXT_TEST_FRACTION", "0.2")),
    # The id of an earlier pretraining experiment on the same server (a kept BENCH_DATA_DIR); empty: pretrain.
    "pretrained": os.environ.get("TEXT_PRETRAINED", ""),
    # A smoke run: only the first N texts of each file (0: all).
    "subset": int(os.environ.get("TEXT_SUBSET", "0")),
    # Which finetune experiments to submit (the full finetune's experiment also trains both baselines).
    "arms": [arm.strip() for arm in os.environ.get("TEXT_ARMS", "linear probe,full finetune").split(",")],
}


ARMS = ("linear probe", "full finetune")
if not SETTINGS["arms"] or any(arm not in ARMS for arm in SETTINGS["arms"]):
    sys.exit("TEXT_ARMS must name some of %s, comma-separated; got %r" % (", ".join(ARMS), SETTINGS["arms"]))


def split_labeled(seed=7):
    """labeled.jsonl -> train.jsonl and test.jsonl (seeded, stratified by label)."""
    by_label = collections.defaultdict(list)
    with open(os.path.join(DATA, "labeled.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if SETTINGS["subset"] and i >= SETTINGS["subset"]:
                break
            by_label[json.loads(line)["label"]].append(line)
    train, test = [], []
    rng = random.Random(seed)
    for label in sorted(by_label):
        lines = by_label[label]
        rng.shuffle(lines)
        cut = int(round(len(lines) * SETTINGS["test_fraction"]))
        test += lines[:cut]
        train += lines[cut:]
    rng.shuffle(train)
    rng.shuffle(test)
    with open(os.path.join(DATA, "unlabeled.jsonl"), encoding="utf-8") as f:
        unlabeled = [line for i, line in enumerate(f) if not SETTINGS["subset"] or i < SETTINGS["subset"]]
    for name, lines in (("train.jsonl", train), ("test.jsonl", test), ("pretrain.jsonl", unlabeled)):
        with open(os.path.join(DATA, name), "w", encoding="utf-8", newline="\n") as f:
            f.writelines(lines)
    counts = collections.Counter(json.loads(line)["label"] for line in test)
    majority = counts.most_common(1)[0][1]
    # Always answering the majority class: F1 of that class (precision p, recall 1) over all classes.
    p = majority / len(test)
    return len(train), len(test), len(counts), {"accuracy": p, "macroF1": (2 * p / (1 + p)) / len(counts)}


def main():
    started = time.time()
    s = SETTINGS
    n_train, n_test, n_classes, majority = split_labeled()
    if s["pretrained"]:
        # The split is seeded, so the counts above describe the uploads the earlier run made.
        pretrain = call("GET", "/v1/experiments/" + s["pretrained"])
        train, test = pretrain["spec"]["finetune"]["dataset"], pretrain["spec"]["evaluate"]["datasets"][0]
    else:
        pretrain = None
        unlabeled = upload("debian-unlabeled", os.path.join(DATA, "pretrain.jsonl"))
        train = upload("debian-train", os.path.join(DATA, "train.jsonl"))
        test = upload("debian-test", os.path.join(DATA, "test.jsonl"))
    print("texts: %d train (labeled pool), %d test, %d classes" % (n_train, n_test, n_classes), flush=True)
    pretrain = pretrain or call("POST", "/v1/experiments", {
        "name": "text-pretrain", "seed": 1,
        "pretrain": {"dataset": unlabeled, "method": "mlm", "epochs": s["pretrain_epochs"], "batchSize": s["batch"],
                     "maxLength": s["max_length"], "vocabSize": s["vocab_size"],
                     "optimizer": {"type": "adamw", "lr": s["pretrain_lr"], "weightDecay": 0.01},
                     "knnEvery": s["pretrain_epochs"]},
        # Names the labeled data the kNN monitor uses; its own finetune is a 1% linear probe.
        "finetune": {"dataset": train, "labelFraction": 0.01, "strategy": "linear", "batchSize": s["batch"],
                     "epochs": s["finetune_epochs"][0], "lr": {"head": s["linear_lr"]}},
        "evaluate": {"datasets": [test]}, "baseline": "none"})
    pretrained = wait(pretrain["id"])
    if pretrained["state"] != "SUCCEEDED":
        sys.exit("pretraining ended " + pretrained["state"] + ": " + json.dumps(pretrained["jobs"])[:2000])
    knn = [(p["epoch"], p["value"]) for p in metric(pretrain["id"], "knnAccuracy")]
    job = next(job for job in pretrained["jobs"] if job["kind"] == "PRETRAIN")
    pretrain_job = job["id"]
    # From the job's own timestamps: a reused run's pretraining did not happen while this script waited.
    parse = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
    pretrain_minutes = (parse(job["finishedAt"]) - parse(job["startedAt"])).total_seconds() / 60
    losses = [(p["epoch"], p["value"]) for p in metric(pretrain["id"], "loss") if p["jobId"] == pretrain_job]
    rates = [p["value"] for p in metric(pretrain["id"], "samplesPerSecond") if p["jobId"] == pretrain_job]
    print("pretraining: %d epochs in %.1f min; MLM loss by epoch %s; kNN %s" % (
        pretrained["spec"]["pretrain"]["epochs"], pretrain_minutes, ", ".join("%.3f" % l for _, l in losses),
        ", ".join("%.4f" % k for _, k in knn)), flush=True)

    submitted = []
    for fraction, epochs in zip(s["fractions"], s["finetune_epochs"]):
        for seed in s["seeds"]:
            common = {"dataset": train, "labelFraction": fraction, "epochs": epochs, "batchSize": s["batch"],
                      "pooling": "mean"}
            # The full finetune's experiment also trains both baselines: scratch (the same encoder,
            # tokenizer size, length and labels from random weights, rate and decay tuned on validation)
            # and pixels, which for text is logistic regression on TF-IDF word and subword n-grams.
            runs = {
                "linear probe": (dict(common, strategy="linear", lr={"head": s["linear_lr"]},
                                      encoderFrom=pretrain["id"]), []),
                "full finetune": (dict(common, strategy="full", encoderFrom=pretrain["id"], tuneRates=s["tune_rates"],
                                       lr={"head": s["finetune_lr"][0], "encoder": s["finetune_lr"][1]}),
                                  ["pixels", "scratch"]),
            }
            for model, (finetune, baseline) in runs.items():
                if model not in s["arms"]:
                    continue
                experiment = call("POST", "/v1/experiments", {
                    "name": "text-%s-%g-%d" % (model.replace(" ", "-"), fraction, seed), "seed": seed,
                    "finetune": finetune, "evaluate": {"datasets": [test]}, "baselines": baseline})
                submitted.append((fraction, seed, model, experiment["id"]))
    results = []
    for fraction, seed, model, experiment_id in submitted:
        experiment = wait(experiment_id)
        scores = evaluations(experiment, test, ("macroF1", "accuracy"))
        for kind, name in (("FINETUNE", model), ("SCRATCH", "scratch"), ("PIXELS", "tf-idf")):
            if kind in scores:
                results.append({"fraction": fraction, "seed": seed, "model": name, "state": experiment["state"],
                                "macroF1": scores[kind].get("macroF1"), "accuracy": scores[kind].get("accuracy")})
                print("  %-14s %5.1f%% labels seed %d: %s" % (name, fraction * 100, seed, json.dumps(scores[kind])),
                      flush=True)

    table = []
    for fraction in s["fractions"]:
        for model in ("tf-idf", "scratch", "linear probe", "full finetune"):
            rows = [r for r in results if r["fraction"] == fraction and r["model"] == model and r["macroF1"] is not None]
            if rows:
                f1 = [r["macroF1"] for r in rows]
                acc = [r["accuracy"] for r in rows]
                table.append({"fraction": fraction, "model": model, "n": len(rows),
                              "macroF1": statistics.mean(f1), "macroF1Std": statistics.stdev(f1) if len(f1) > 1 else 0,
                              "accuracy": statistics.mean(acc)})
    print()
    print("Debian package sections (%d classes), test macro-F1 (mean +- std over %d finetune seeds)"
          % (n_classes, len(s["seeds"])))
    print("%-8s %-15s %-18s %s" % ("labels", "model", "macro-F1", "accuracy"))
    print("%-8s %-15s %-18s %.2f %%" % ("any", "majority class", "%.2f %%" % (majority["macroF1"] * 100),
                                        majority["accuracy"] * 100))
    for row in table:
        print("%-8s %-15s %-18s %.2f %%" % ("%g%%" % (row["fraction"] * 100), row["model"], "%.2f +- %.2f %%" % (
            row["macroF1"] * 100, row["macroF1Std"] * 100), row["accuracy"] * 100))
    os.makedirs("bench/out", exist_ok=True)
    with open("bench/out/text.json", "w") as out:
        json.dump({"settings": s, "texts": {"train": n_train, "test": n_test, "classes": n_classes},
                   "majority": majority, "pretrainMinutes": pretrain_minutes, "pretrainLoss": losses, "knn": knn,
                   "pretrainTextsPerSecond": rates, "table": table, "runs": results,
                   "totalMinutes": (time.time() - started) / 60}, out, indent=2)


main()
