#!/usr/bin/env python3
"""The headline benchmark, driven through Pretext's HTTP API the way a user would drive it.

Uploads Fashion-MNIST (dataset-fashion-mnist): the 60,000 training images without labels, the same
images with labels, and the 10,000 test images. Pretrains once (SimCLR by default), then, for each
label fraction and finetune seed, submits experiments that reuse that encoder (finetune.encoderFrom):
a linear probe with its from-scratch baseline, and a gradual-unfreeze finetune. Collects test
accuracy from the evaluation jobs and prints mean +- std per (fraction, strategy), plus the kNN
accuracy after pretraining. Writes bench/out/headline.json.

Usage: python3 bench/headline.py API_URL API_KEY   (settings via environment, see SETTINGS)
"""
import json
import os
import statistics
import sys
import time

from pretext_api import call, connect, evaluations, metric, upload, wait

connect(sys.argv[1], sys.argv[2])
FMNIST = "/usr/share/datasets/fashion-mnist"
SETTINGS = {
    "method": os.environ.get("HEADLINE_METHOD", "simclr"),
    "encoder": os.environ.get("HEADLINE_ENCODER", "cnn-small"),
    "pretrain_epochs": int(os.environ.get("HEADLINE_PRETRAIN_EPOCHS", "20")),
    "pretrain_lr": float(os.environ.get("HEADLINE_PRETRAIN_LR", "0.002")),
    "temperature": float(os.environ.get("HEADLINE_TEMPERATURE", "0.2")),
    "batch": int(os.environ.get("HEADLINE_BATCH", "256")),
    "finetune_epochs": int(os.environ.get("HEADLINE_FINETUNE_EPOCHS", "40")),
    "fractions": [float(f) for f in os.environ.get("HEADLINE_FRACTIONS", "0.01,0.1").split(",")],
    "seeds": [int(s) for s in os.environ.get("HEADLINE_SEEDS", "1,2,3").split(",")],
    "linear_lr": float(os.environ.get("HEADLINE_LINEAR_LR", "0.01")),
    "finetune_lr": [float(x) for x in os.environ.get("HEADLINE_FINETUNE_LR", "0.003,0.0003").split(",")],
    "scratch_lr": float(os.environ.get("HEADLINE_SCRATCH_LR", "0.002")),
}


def main():
    started = time.time()
    unlabeled = upload("fmnist-train-unlabeled", os.path.join(FMNIST, "train-images-idx3-ubyte.gz"))
    train = upload("fmnist-train", os.path.join(FMNIST, "train-images-idx3-ubyte.gz"),
                   os.path.join(FMNIST, "train-labels-idx1-ubyte.gz"))
    test = upload("fmnist-test", os.path.join(FMNIST, "t10k-images-idx3-ubyte.gz"),
                  os.path.join(FMNIST, "t10k-labels-idx1-ubyte.gz"))
    s = SETTINGS
    pretrain = call("POST", "/v1/experiments", {
        "name": "headline-pretrain", "seed": 1,
        "pretrain": {"dataset": unlabeled, "method": s["method"], "encoder": s["encoder"],
                     "epochs": s["pretrain_epochs"], "batchSize": s["batch"], "temperature": s["temperature"],
                     "optimizer": {"type": "adamw", "lr": s["pretrain_lr"], "weightDecay": 1e-4},
                     "knnEvery": max(1, s["pretrain_epochs"] // 4)},
        # The finetune section names the labeled data the kNN monitor uses; this experiment's own
        # finetune is a 1% linear probe like the ones below.
        "finetune": {"dataset": train, "labelFraction": 0.01, "strategy": "linear",
                     "epochs": s["finetune_epochs"], "lr": {"head": s["linear_lr"]}},
        "evaluate": {"datasets": [test]}, "baseline": "none"})
    t0 = time.time()
    pretrained = wait(pretrain["id"])
    pretrain_minutes = (time.time() - t0) / 60
    if pretrained["state"] != "SUCCEEDED":
        sys.exit("pretraining ended " + pretrained["state"] + ": " + json.dumps(pretrained["jobs"])[:2000])
    knn = [(p["epoch"], p["value"]) for p in metric(pretrain["id"], "knnAccuracy")]
    pretrain_job = next(job["id"] for job in pretrained["jobs"] if job["kind"] == "PRETRAIN")
    pretrain_seconds = [p["value"] for p in metric(pretrain["id"], "samplesPerSecond") if p["jobId"] == pretrain_job]

    submitted = []
    for fraction in s["fractions"]:
        for seed in s["seeds"]:
            common = {"dataset": train, "labelFraction": fraction, "epochs": s["finetune_epochs"],
                      "augmentation": "weak", "encoderFrom": pretrain["id"]}
            linear = call("POST", "/v1/experiments", {
                "name": "headline-linear-%g-%d" % (fraction, seed), "seed": seed,
                "finetune": dict(common, strategy="linear", lr={"head": s["linear_lr"]}),
                "evaluate": {"datasets": [test]}, "baseline": "none"})
            gradual = call("POST", "/v1/experiments", {
                "name": "headline-gradual-%g-%d" % (fraction, seed), "seed": seed,
                "finetune": dict(common, strategy="gradual-unfreeze",
                                 lr={"head": s["finetune_lr"][0], "encoder": s["finetune_lr"][1]}),
                "evaluate": {"datasets": [test]}, "baseline": "none"})
            # The from-scratch baseline: same encoder and labels, all layers at its own rate.
            scratch = call("POST", "/v1/experiments", {
                "name": "headline-scratch-%g-%d" % (fraction, seed), "seed": seed,
                "finetune": {"dataset": train, "labelFraction": fraction, "epochs": s["finetune_epochs"],
                             "augmentation": "weak", "strategy": "full",
                             "lr": {"head": s["scratch_lr"], "encoder": s["scratch_lr"]}},
                "evaluate": {"datasets": [test]}, "baseline": "none"})
            submitted += [(fraction, seed, "linear probe", linear["id"]),
                          (fraction, seed, "gradual unfreeze", gradual["id"]),
                          (fraction, seed, "scratch", scratch["id"])]
    results = []
    for fraction, seed, strategy, experiment_id in submitted:
        experiment = wait(experiment_id)
        accuracy = evaluations(experiment, test).get("FINETUNE", {}).get("accuracy")
        results.append({"fraction": fraction, "seed": seed, "strategy": strategy, "state": experiment["state"],
                        "testAccuracy": accuracy})
        print("  %-17s %5.1f%% labels seed %d: %s" % (strategy, fraction * 100, seed,
              "n/a" if accuracy is None else "%.4f" % accuracy), flush=True)

    table = []
    for fraction in s["fractions"]:
        for strategy in ("scratch", "linear probe", "gradual unfreeze"):
            values = [r["testAccuracy"] for r in results if r["fraction"] == fraction and r["strategy"] == strategy
                      and r["testAccuracy"] is not None]
            if values:
                table.append({"fraction": fraction, "strategy": strategy, "n": len(values),
                              "mean": statistics.mean(values),
                              "std": statistics.stdev(values) if len(values) > 1 else 0.0})
    print()
    print("Fashion-MNIST test accuracy (mean +- std over %d finetune seeds)" % len(s["seeds"]))
    print("%-8s %-17s %s" % ("labels", "model", "accuracy"))
    for row in table:
        print("%-8s %-17s %.2f +- %.2f %%" % ("%g%%" % (row["fraction"] * 100), row["strategy"], row["mean"] * 100,
                                              row["std"] * 100))
    print("kNN accuracy during pretraining (epoch, accuracy): " + ", ".join("%d: %.4f" % k for k in knn))
    print("pretraining: %d epochs in %.1f min" % (s["pretrain_epochs"], pretrain_minutes))
    os.makedirs("bench/out", exist_ok=True)
    with open("bench/out/headline.json", "w") as out:
        json.dump({"settings": s, "pretrainMinutes": pretrain_minutes, "knn": knn,
                   "pretrainSamplesPerSecond": pretrain_seconds, "table": table, "runs": results,
                   "totalMinutes": (time.time() - started) / 60}, out, indent=2)


main()
