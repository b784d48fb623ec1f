#!/usr/bin/env python3
"""The CLIP benchmark (issue 20), driven through Pretext's HTTP API the way a user would drive it.

Needs the corpora of bench/clip-corpus.sh in CLIP_DATA (default bench/data/clip).

fashion: pretrains `clip` on fashion-captions.zip (60,000 Fashion-MNIST images, two composed captions
  each) and evaluates the CLIP model on the 10,000 test images zero-shot (class names put into prompt
  templates, no labeled image seen). Beside it, for each seed, a 10-labels-per-class linear probe of
  the same image tower (finetune.encoderFrom) with both baselines: `pixels` (logistic regression on
  raw pixels) and the tuned `scratch` run, all on the same test set.
appstream: pretrains `clip` on the AppStream icons of appstream-train.zip (icon <-> summary) and
  evaluates on the held-out applications' icons: retrieval recall@1/5/10 both ways (chance: k over
  the pool) and zero-shot accuracy on their main categories; saves the retrieval picture.

Prints a table and writes bench/out/clip.json (and bench/out/clip-retrieval-*.png).
Usage: python3 bench/clip.py API_URL API_KEY   (settings via CLIP_* variables, see SETTINGS)
"""
import json
import os
import statistics
import sys
import time
import urllib.request

from pretext_api import call, connect, upload, wait

API, KEY = sys.argv[1], sys.argv[2]
connect(API, KEY)


def env(name, default, kind=str):
    return kind(os.environ.get("CLIP_" + name, default))


SETTINGS = {
    "data": env("DATA", "bench/data/clip"),
    "parts": env("PARTS", "fashion,appstream").split(","),
    "encoder": env("ENCODER", "cnn-small"),
    "fashion_epochs": env("FASHION_EPOCHS", 3, int),
    "appstream_epochs": env("APPSTREAM_EPOCHS", 40, int),
    "appstream_encoder": env("APPSTREAM_ENCODER", "cnn-small"),
    "batch": env("BATCH", 256, int),
    "appstream_batch": env("APPSTREAM_BATCH", 128, int),
    "lr": env("LR", 1e-3, float),
    "weight_decay": env("WEIGHT_DECAY", 1e-4, float),
    "appstream_augmentation": env("APPSTREAM_AUGMENTATION", "weak"),
    # appstream-train-themes.zip (bench/clip-corpus.sh --themes /usr/share/icons): the training pairs
    # plus the installed icon themes' icons, captioned by the training application they belong to or by
    # their own names.
    "appstream_train": env("APPSTREAM_TRAIN", "appstream-train.zip"),
    "out": env("OUT", "bench/out/clip.json"),
    # The clip experiments' queue priority (higher runs first), to run one before others queued on a kept server.
    "priority": env("PRIORITY", 0, int),
    # LiT: > 0 pretrains the icon encoder with SimCLR for that many epochs first, then locks it.
    "appstream_lit_epochs": env("APPSTREAM_LIT_EPOCHS", 0, int),
    # The id of an `mlm` pretraining on the same server (a kept BENCH_DATA_DIR, e.g. bench/text.sh's on
    # the Debian descriptions): the caption tower starts from that text encoder, its tokenizer and length.
    "appstream_text_from": env("APPSTREAM_TEXT_FROM", ""),
    # 1: that text encoder is locked (only the projection above it learns).
    "appstream_freeze_text": env("APPSTREAM_FREEZE_TEXT", 0, int),
    "seeds": [int(s) for s in env("SEEDS", "1,2,3").split(",")],
    # The labeled arms' budget, as in the headline: the scratch baseline needs steps, not 20 epochs of
    # 100 labels (20 optimizer steps at batch 128).
    "probe_steps": env("PROBE_STEPS", 2000, int),
    "probe_batch": env("PROBE_BATCH", 32, int),
    # The text tower: captions are short, a small transformer reads them.
    "max_length": env("MAX_LENGTH", 24, int),
    "vocab": env("VOCAB", 2000, int),
    "layers": env("LAYERS", 2, int),
}
FASHION_PROMPTS = ["a photo of a {}", "a picture of a {}", "a {}"]
APPSTREAM_PROMPTS = ["{}", "an application for {}"]


def clip_spec(name, dataset, epochs, batch, encoder, prompts, test, augmentation="weak"):
    s = SETTINGS
    return {"name": name, "seed": 1, "priority": s["priority"],
            "pretrain": {"dataset": dataset, "method": "clip", "encoder": encoder, "epochs": epochs,
                         "batchSize": batch, "augmentation": augmentation,
                         "optimizer": {"type": "adamw", "lr": s["lr"], "weightDecay": s["weight_decay"]},
                         "maxLength": s["max_length"], "vocabSize": s["vocab"],
                         "transformer": {"layers": s["layers"]}, "promptTemplates": prompts},
            "evaluate": {"datasets": [test]}}


def pretrained_report(experiment):
    for arm in call("GET", "/v1/experiments/%s/report" % experiment["id"]):
        if arm["arm"] == "pretrained":
            return arm["report"]
    sys.exit("no evaluation of the clip model in %s" % experiment["id"])


def finished(experiment_id, what):
    experiment = wait(experiment_id)
    if experiment["state"] != "SUCCEEDED":
        sys.exit("%s ended %s: %s" % (what, experiment["state"], json.dumps(experiment["jobs"])[:2000]))
    return experiment


def job_minutes(experiment, kind):
    job = next(j for j in experiment["jobs"] if j["kind"] == kind)
    return None if job.get("cpuSeconds") is None else job["cpuSeconds"] / 60


def save_picture(experiment_id, name):
    request = urllib.request.Request(API + "/v1/experiments/%s/retrieval.png" % experiment_id,
                                     headers={"Authorization": "Bearer " + KEY})
    path = os.path.join("bench/out", name)
    with urllib.request.urlopen(request, timeout=60) as response, open(path, "wb") as out:
        out.write(response.read())
    return path


def fashion(results):
    s = SETTINGS
    pairs = upload("fashion-captions", os.path.join(s["data"], "fashion-captions.zip"))
    test = upload("fashion-test", os.path.join(s["data"], "fashion-test.zip"))
    clip = call("POST", "/v1/experiments", clip_spec("clip-fashion", pairs, s["fashion_epochs"], s["batch"],
                                                      s["encoder"], FASHION_PROMPTS, test))
    trained = finished(clip["id"], "clip pretraining on Fashion-MNIST captions")
    report = pretrained_report(trained)
    zero = report["datasets"][test]
    out = {"pretrain_cpu_minutes": job_minutes(trained, "PRETRAIN"), "zero_shot_accuracy": zero["accuracy"],
           "zero_shot_macro_f1": zero["macroF1"], "prompts": FASHION_PROMPTS, "arms": {}}
    print("fashion: clip %d epochs, %.1f CPU min; zero-shot on the 10,000 test images: accuracy %.4f, macro-F1 %.4f"
          % (s["fashion_epochs"], out["pretrain_cpu_minutes"] or -1, zero["accuracy"], zero["macroF1"]), flush=True)
    for seed in s["seeds"]:
        probe = call("POST", "/v1/experiments", {
            "name": "clip-fashion-probe-%d" % seed, "seed": seed, "baselines": ["pixels", "scratch"],
            "finetune": {"dataset": pairs, "labelsPerClass": 10, "strategy": "linear", "encoderFrom": clip["id"],
                         "steps": s["probe_steps"], "batchSize": s["probe_batch"], "augmentation": "weak"},
            "evaluate": {"datasets": [test]}})
        done = finished(probe["id"], "probe seed %d" % seed)
        kinds = {job["id"]: job["kind"] for job in done["jobs"]}
        model_of = {job["id"]: job["dependsOn"][0] for job in done["jobs"] if job["kind"] == "EVALUATE"}
        for point in call("GET", "/v1/experiments/%s/metrics?name=accuracy/%s" % (probe["id"], test)):
            arm = {"FINETUNE": "probe", "SCRATCH": "scratch", "PIXELS": "pixels"}[
                kinds[model_of.get(point["jobId"], point["jobId"])]]
            out["arms"].setdefault(arm, []).append(point["value"])
        print("  seed %d: %s" % (seed, ", ".join("%s %.4f" % (a, v[-1]) for a, v in sorted(out["arms"].items()))),
              flush=True)
    results["fashion"] = out


def appstream(results):
    s = SETTINGS
    train = upload(s["appstream_train"].removesuffix(".zip"), os.path.join(s["data"], s["appstream_train"]),
                   imageSize=64)
    heldout = upload("appstream-heldout", os.path.join(s["data"], "appstream-heldout.zip"))
    spec = clip_spec("clip-appstream", train, s["appstream_epochs"], s["appstream_batch"], s["appstream_encoder"],
                     APPSTREAM_PROMPTS, heldout, s["appstream_augmentation"])
    if s["appstream_lit_epochs"] > 0:
        simclr = call("POST", "/v1/experiments", {
            "name": "simclr-icons", "seed": 1, "pretrain": {
                "dataset": train, "method": "simclr", "encoder": s["appstream_encoder"],
                "epochs": s["appstream_lit_epochs"], "batchSize": s["appstream_batch"]}})
        finished(simclr["id"], "SimCLR on the icons")
        spec["pretrain"].update(imageEncoderFrom=simclr["id"], freezeImage=True)
    if s["appstream_text_from"]:
        spec["pretrain"].update(textEncoderFrom=s["appstream_text_from"],
                                freezeText=bool(s["appstream_freeze_text"]))
    clip = call("POST", "/v1/experiments", spec)
    trained = finished(clip["id"], "clip pretraining on AppStream icons")
    report = pretrained_report(trained)
    retrieval = report["retrieval"][heldout]
    zero = report["datasets"].get(heldout, {})
    classes = len(zero.get("perClassF1", {})) or None
    out = {"pretrain_cpu_minutes": job_minutes(trained, "PRETRAIN"), "retrieval": retrieval,
           "chance": {"textToImageRecall@%d" % k: min(1.0, k / retrieval["images"]) for k in (1, 5, 10)},
           "zero_shot_accuracy": zero.get("accuracy"), "zero_shot_macro_f1": zero.get("macroF1"),
           "picture": save_picture(clip["id"], os.path.basename(s["out"]).replace(".json", "-retrieval-appstream.png"))}
    print("appstream: clip %d epochs, %.1f CPU min; %d held-out icons, %d captions" % (
        s["appstream_epochs"], out["pretrain_cpu_minutes"] or -1, retrieval["images"], retrieval["captions"]))
    for k in (1, 5, 10):
        print("  recall@%-2d image->text %.4f  text->image %.4f  (chance about %.4f)" % (
            k, retrieval["imageToTextRecall@%d" % k], retrieval["textToImageRecall@%d" % k],
            out["chance"]["textToImageRecall@%d" % k]))
    if zero:
        print("  zero-shot on the held-out icons' categories: accuracy %.4f, macro-F1 %.4f (%s classes)" % (
            zero["accuracy"], zero["macroF1"], classes))
    results["appstream"] = out


def main():
    started = time.time()
    results = {"settings": SETTINGS}
    os.makedirs("bench/out", exist_ok=True)
    if "appstream" in SETTINGS["parts"]:
        appstream(results)
    if "fashion" in SETTINGS["parts"]:
        fashion(results)
    if "fashion" in results:
        print("\n| arm (Fashion-MNIST test, 10 labels/class for the labeled arms) | accuracy mean | std | seeds |")
        print("|---|---|---|---|")
        print("| clip zero-shot (no labeled image) | %.4f | - | 1 |" % results["fashion"]["zero_shot_accuracy"])
        for arm in ("pixels", "scratch", "probe"):
            values = results["fashion"]["arms"].get(arm, [])
            if values:
                print("| %s | %.4f | %.4f | %d |" % (arm if arm != "probe" else "linear probe of the clip image tower",
                                                  statistics.mean(values),
                                                  statistics.stdev(values) if len(values) > 1 else 0, len(values)))
    results["wall_minutes"] = (time.time() - started) / 60
    with open(SETTINGS["out"], "w") as out:
        json.dump(results, out, indent=2)
    print("wrote %s (%.0f wall min)" % (SETTINGS["out"], results["wall_minutes"]))


if __name__ == "__main__":
    main()
