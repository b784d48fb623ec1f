#!/usr/bin/env python3
"""The headline benchmark, driven through Pretext's HTTP API the way a user would drive it.

Uploads Fashion-MNIST (dataset-fashion-mnist): the 60,000 training images without labels, the same
images with labels, and the 10,000 test images. Pretrains once (SimCLR by default), then for each
label budget (10 labels per class, 1 %, 10 % by default) and finetune seed submits:
  - a linear probe of the pretrained encoder (finetune.encoderFrom) with both baselines beside it:
    `pixels` (logistic regression on raw pixels) and the tuned `scratch` run (same encoder, same
    step budget and augmentation, rate and weight decay picked on validation);
  - LP-FT from the pretrained encoder (and, with HEADLINE_ARMS naming `gradual`, gradual unfreezing);
  - FixMatch from scratch and FixMatch from the pretrained encoder (the 60,000 unlabeled images).
Collects test accuracy from the evaluations (and the pixels job), the wall minutes of the job that
trained each arm, its training steps per second (the median over its epochs of the job's
`stepsPerSecond`; a probe fitted by LIBLINEAR and the pixels floor take no steps) and its CPU minutes (the training children's user plus system time, which the
service bills to each job: unlike wall minutes, it does not grow when other work shares the machine). Prints one table (mean +- std over seeds per budget and arm) and writes
bench/out/headline.json.

Usage: python3 bench/headline.py API_URL API_KEY   (settings via HEADLINE_* variables, see SETTINGS)
With a kept data folder (BENCH_DATA_DIR, see bench/server.sh), HEADLINE_PRETRAINED=<experiment id>
finetunes an earlier run's pretrained encoder instead of pretraining again.
HEADLINE_STUDY=1 submits the headline as one study instead (see study_main) and writes
bench/out/headline-study.json and bench/out/headline-study.png.
"""
import datetime
import json
import os
import statistics
import sys
import time
import urllib.request

from pretext_api import call, connect, evaluations, metric, upload, wait

API, KEY = sys.argv[1], sys.argv[2]
connect(API, KEY)
FMNIST = "/usr/share/datasets/fashion-mnist"


def env(name, default, kind=str):
    return kind(os.environ.get("HEADLINE_" + name, default))


SETTINGS = {
    "method": env("METHOD", "simclr"),
    "encoder": env("ENCODER", "cnn-flat"),
    # The id of a SUCCEEDED pretraining experiment on the same server (a kept BENCH_DATA_DIR) to
    # finetune instead of pretraining again; empty: pretrain.
    "pretrained": env("PRETRAINED", ""),
    "pretrain_epochs": env("PRETRAIN_EPOCHS", "20", int),
    "pretrain_lr": env("PRETRAIN_LR", "0.002", float),
    "temperature": env("TEMPERATURE", "0.2", float),
    "batch": env("BATCH", "256", int),
    # Label budgets: "10/class" for labelsPerClass, a fraction otherwise.
    "budgets": env("BUDGETS", "10/class,0.01,0.1").split(","),
    "seeds": [int(s) for s in env("SEEDS", "1,2,3").split(",")],
    "arms": env("ARMS", "probe,lp-ft,fixmatch,ssl-fixmatch").split(","),
    "steps": env("STEPS", "1000", int),
    "fixmatch_steps": env("FIXMATCH_STEPS", "2000", int),
    "fixmatch_mu": env("FIXMATCH_MU", "7", int),
    "finetune_batch": env("FINETUNE_BATCH", "64", int),
    "finetune_lr": [float(x) for x in env("FINETUNE_LR", "0.003,0.0003").split(",")],
}
ROWS = ("pixels", "scratch", "ssl + probe", "ssl + lp-ft", "ssl + gradual", "fixmatch", "ssl + fixmatch")
ARMS = ("probe", "lp-ft", "gradual", "fixmatch", "ssl-fixmatch")
if not SETTINGS["arms"] or any(arm not in ARMS for arm in SETTINGS["arms"]):
    sys.exit("HEADLINE_ARMS must name some of %s, comma-separated; got %r" % (",".join(ARMS), SETTINGS["arms"]))


def labels(budget):
    if budget.endswith("/class"):
        return {"labelsPerClass": int(budget.split("/")[0])}
    return {"labelFraction": float(budget)}


def minutes(job):
    if not job.get("startedAt") or not job.get("finishedAt"):
        return None
    parse = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
    return (parse(job["finishedAt"]) - parse(job["startedAt"])).total_seconds() / 60


def cpu_minutes(job):
    return None if job.get("cpuSeconds") is None else job["cpuSeconds"] / 60


def steps_per_second(experiment_id, job_id):
    """The median over the job's epochs of its stepsPerSecond metric; None for a job without steps."""
    values = [p["value"] for p in metric(experiment_id, "stepsPerSecond") if p["jobId"] == job_id]
    return statistics.median(values) if values else None


def fmt(value, digits=1):
    return "n/a" if value is None else "%.*f" % (digits, value)


def upload_fashion_mnist():
    """The 60,000 training images without labels, the same with labels, the 10,000 test images: ids."""
    images = os.path.join(FMNIST, "train-images-idx3-ubyte.gz")
    return (upload("fmnist-train-unlabeled", images),
            upload("fmnist-train", images, os.path.join(FMNIST, "train-labels-idx1-ubyte.gz")),
            upload("fmnist-test", os.path.join(FMNIST, "t10k-images-idx3-ubyte.gz"),
                   os.path.join(FMNIST, "t10k-labels-idx1-ubyte.gz")))


def submit(name, seed, finetune, baselines, test):
    return call("POST", "/v1/experiments", {"name": name, "seed": seed, "finetune": finetune,
                                            "evaluate": {"datasets": [test]}, "baselines": baselines})["id"]


def study_main():
    """HEADLINE_STUDY=1: the same question as one study (issue 15). Differences from the hand-written
    run: every arm finetunes the one pretrained encoder (FixMatch from scratch has no study arm and is
    left out), all arms share one step budget and learning rates (STEPS, FINETUNE_LR), and seeds are
    1..len(SEEDS)."""
    s = SETTINGS
    unlabeled, train, test = upload_fashion_mnist()
    arm_of = {"probe": "linear", "lp-ft": "lp-ft", "gradual": "gradual-unfreeze", "ssl-fixmatch": "fixmatch"}
    arms = ["pixels", "scratch"] + [arm_of[a] for a in s["arms"] if a in arm_of]
    study = {
        "name": "headline", "labeled": train, "test": [test], "seeds": len(s["seeds"]), "arms": arms,
        "budgets": [labels(b) for b in s["budgets"]],
        "pretrain": {"dataset": unlabeled, "method": s["method"], "encoder": s["encoder"],
                     "epochs": s["pretrain_epochs"], "batchSize": s["batch"], "temperature": s["temperature"],
                     "optimizer": {"type": "adamw", "lr": s["pretrain_lr"]},
                     "knnEvery": max(1, s["pretrain_epochs"] // 5)},
        "finetune": {"steps": s["steps"], "batchSize": s["finetune_batch"], "augmentation": "weak",
                     "lr": {"head": s["finetune_lr"][0], "encoder": s["finetune_lr"][1]}}}
    if "fixmatch" in arms:
        study["finetune"]["fixmatch"] = {"unlabeledDataset": train, "mu": s["fixmatch_mu"]}
    plan = call("POST", "/v1/studies?dryRun=true", study)
    print("study plan: %d experiments, %d jobs, estimate %s min" % (plan["experiments"], plan["jobs"],
          plan["estimatedMinutes"]), flush=True)
    study_id = call("POST", "/v1/studies", study)["id"]
    while True:
        view = call("GET", "/v1/studies/" + study_id)
        print("  %s: %d/%d experiments, %d/%d jobs" % (view["state"], view["progress"]["experimentsDone"],
              view["progress"]["experiments"], view["progress"]["jobsDone"], view["progress"]["jobs"]), flush=True)
        if view["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(60)
    results = call("GET", "/v1/studies/%s/results" % study_id)
    print()
    print("Fashion-MNIST test accuracy (mean +- std over seeds)")
    for cell in results["cells"]:
        if cell["metric"] == "accuracy" and cell["test"] == test and cell["mean"] is not None:
            print("%-13s %-9s %5.2f +- %4.2f %%" % (cell["budget"], cell["arm"], cell["mean"] * 100,
                                                  (cell["std"] or 0) * 100))
    for verdict in results["verdicts"]:
        print(verdict["summary"])
    os.makedirs("bench/out", exist_ok=True)
    with open("bench/out/headline-study.json", "w") as out:
        json.dump({"settings": s, "study": view, "results": results}, out, indent=2)
    request = urllib.request.Request(API + "/v1/studies/%s/chart.png" % study_id,
                                     headers={"Authorization": "Bearer " + KEY})
    with urllib.request.urlopen(request) as response, open("bench/out/headline-study.png", "wb") as out:
        out.write(response.read())


def main():
    started = time.time()
    s = SETTINGS
    if s["pretrained"]:
        pretrain = call("GET", "/v1/experiments/" + s["pretrained"])
        spec = pretrain["spec"]
        train, test = spec["finetune"]["dataset"], spec["evaluate"]["datasets"][0]
    else:
        pretrain = None
        unlabeled, train, test = upload_fashion_mnist()
    pretrain = pretrain or call("POST", "/v1/experiments", {
        "name": "headline-pretrain", "seed": 1, "baselines": [],
        "pretrain": {"dataset": unlabeled, "method": s["method"], "encoder": s["encoder"],
                     "epochs": s["pretrain_epochs"], "batchSize": s["batch"], "temperature": s["temperature"],
                     "optimizer": {"type": "adamw", "lr": s["pretrain_lr"]},
                     "knnEvery": max(1, s["pretrain_epochs"] // 5)},
        # The finetune section names the labeled data the kNN monitor uses (bank) and is itself a
        # 1 % linear probe.
        "finetune": {"dataset": train, "labelFraction": 0.01, "strategy": "linear"},
        "evaluate": {"datasets": [test]}})
    print("pretraining experiment %s%s" % (pretrain["id"], " (reused)" if s["pretrained"] else ""), flush=True)
    pretrained = wait(pretrain["id"])
    if pretrained["state"] != "SUCCEEDED":
        sys.exit("pretraining ended " + pretrained["state"] + ": " + json.dumps(pretrained["jobs"])[:2000])
    pretrain_job = next(job for job in pretrained["jobs"] if job["kind"] == "PRETRAIN")
    knn = [(p["epoch"], p["value"]) for p in metric(pretrain["id"], "knnAccuracy")]
    knn_pixels = [p["value"] for p in metric(pretrain["id"], "knnPixelAccuracy")]
    print("pretraining: %d epochs in %.1f min (%s CPU min); kNN by epoch (0 = random encoder): %s; kNN of raw pixels: %s" % (
        pretrained["spec"]["pretrain"]["epochs"], minutes(pretrain_job), fmt(cpu_minutes(pretrain_job)), ", ".join("%d: %.4f" % k for k in knn),
        "n/a" if not knn_pixels else "%.4f" % knn_pixels[0]), flush=True)

    submitted = []
    # Seeds outermost: every budget has one seed's numbers before any budget gets its second.
    for seed in s["seeds"]:
        for budget in s["budgets"]:
            tag = "%s-%d" % (budget.replace("/", "per"), seed)
            common = dict(labels(budget), dataset=train, batchSize=s["finetune_batch"], augmentation="weak")
            ssl = dict(common, encoderFrom=pretrain["id"])
            rates = {"head": s["finetune_lr"][0], "encoder": s["finetune_lr"][1]}
            # The unlabeled stream draws from the labeled training set itself: FixMatch then leaves
            # out the validation images that pick its checkpoint (the separate unlabeled upload holds
            # the same images, validation ones included).
            fixmatch = {"unlabeledDataset": train, "mu": s["fixmatch_mu"]}
            if "probe" in s["arms"]:
                submitted.append((budget, seed, submit("headline-probe-" + tag, seed, dict(
                    ssl, strategy="linear", steps=s["steps"]), ["pixels", "scratch"], test)))
            if "lp-ft" in s["arms"]:
                submitted.append((budget, seed, submit("headline-lpft-" + tag, seed, dict(
                    ssl, strategy="lp-ft", steps=s["steps"], lr=rates), [], test)))
            if "gradual" in s["arms"]:
                submitted.append((budget, seed, submit("headline-gradual-" + tag, seed, dict(
                    ssl, strategy="gradual-unfreeze", steps=s["steps"], lr=rates), [], test)))
            if "fixmatch" in s["arms"]:
                submitted.append((budget, seed, submit("headline-fixmatch-" + tag, seed, dict(
                    common, strategy="fixmatch", steps=s["fixmatch_steps"], fixmatch=fixmatch), [], test)))
            if "ssl-fixmatch" in s["arms"]:
                submitted.append((budget, seed, submit("headline-sslfixmatch-" + tag, seed, dict(
                    ssl, strategy="fixmatch", steps=s["fixmatch_steps"], lr=rates, fixmatch=fixmatch), [], test)))

    results = []
    for budget, seed, experiment_id in submitted:
        experiment = wait(experiment_id)
        spec = experiment["spec"]["finetune"]
        by_kind = evaluations(experiment, test)
        trained_by = {job["kind"]: job for job in experiment["jobs"]}
        for kind, values in by_kind.items():
            if kind == "FINETUNE":
                arm = {"linear": "ssl + probe", "lp-ft": "ssl + lp-ft",
                       "gradual-unfreeze": "ssl + gradual"}.get(spec["strategy"]) or (
                    "ssl + fixmatch" if spec.get("encoderFrom") else "fixmatch")
            else:
                arm = {"SCRATCH": "scratch", "PIXELS": "pixels"}[kind]
            result = {"budget": budget, "seed": seed, "arm": arm, "state": experiment["state"],
                      "testAccuracy": values.get("accuracy"), "minutes": minutes(trained_by[kind]),
                      "cpuMinutes": cpu_minutes(trained_by[kind]),
                      "stepsPerSecond": steps_per_second(experiment_id, trained_by[kind]["id"])}
            results.append(result)
            print("  %-15s %-9s seed %d: %s in %s min (%s CPU min, %s steps/s)" % (arm, budget, seed,
                  "n/a" if result["testAccuracy"] is None else "%.4f" % result["testAccuracy"],
                  fmt(result["minutes"]), fmt(result["cpuMinutes"]), fmt(result["stepsPerSecond"], 2)), flush=True)
        if experiment["state"] != "SUCCEEDED":
            print("  experiment %s ended %s: %s" % (experiment_id, experiment["state"],
                  [j.get("lastError") for j in experiment["jobs"] if j.get("lastError")]), flush=True)

    table = []
    for budget in s["budgets"]:
        for arm in ROWS:
            runs = [r for r in results if r["budget"] == budget and r["arm"] == arm and r["testAccuracy"] is not None]
            if runs:
                values = [r["testAccuracy"] for r in runs]
                times = [r["minutes"] for r in runs if r["minutes"] is not None]
                cpu = [r["cpuMinutes"] for r in runs if r.get("cpuMinutes") is not None]
                rates = [r["stepsPerSecond"] for r in runs if r.get("stepsPerSecond") is not None]
                table.append({"budget": budget, "arm": arm, "n": len(values), "mean": statistics.mean(values),
                              "std": statistics.stdev(values) if len(values) > 1 else 0.0,
                              "minutes": statistics.mean(times) if times else None,
                              "cpuMinutes": statistics.mean(cpu) if cpu else None,
                              "stepsPerSecond": statistics.mean(rates) if rates else None})
    print()
    print("Fashion-MNIST test accuracy (mean +- std over finetune seeds); the training job's wall and CPU minutes and steps/s")
    print("%-9s %-15s %-16s %-8s %-8s %s" % ("labels", "arm", "accuracy", "minutes", "CPU min", "steps/s"))
    for row in table:
        print("%-9s %-15s %5.2f +- %4.2f %%  %-8s %-8s %s" % (row["budget"], row["arm"], row["mean"] * 100,
              row["std"] * 100, fmt(row["minutes"]), fmt(row["cpuMinutes"]), fmt(row["stepsPerSecond"], 2)))
    os.makedirs("bench/out", exist_ok=True)
    with open("bench/out/headline.json", "w") as out:
        json.dump({"settings": s, "pretrainMinutes": minutes(pretrain_job),
                   "pretrainCpuMinutes": cpu_minutes(pretrain_job), "knn": knn, "knnPixels": knn_pixels,
                   "table": table, "runs": results, "totalMinutes": (time.time() - started) / 60}, out, indent=2)


if env("STUDY", "0") == "1":
    study_main()
else:
    main()
