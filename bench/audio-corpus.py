#!/usr/bin/env python3
"""Synthesises a speech-commands-like corpus with espeak-ng (Debian package espeak-ng), no download.

The 20 words (yes no up down left right on off stop go, zero..nine) spoken by every English
espeak-ng voice that needs no extra data (the mbrola voices are skipped unless mbrola is
installed) with every variant it ships, at several speeds and pitches, optionally with white
background noise at a random SNR. Seeded and reproducible: the same arguments give byte-identical
zips (fixed entry times, sorted names), whose sha256 are printed.

Splits (by clip, seeded, within the training voices): unlabeled (labels dropped, one folder),
labeled pool and test (a folder per word); plus test-heldout: every clip of the held-out voices,
which no other split contains (the cross-domain test set).

Writes <out>/{unlabeled,labeled,test,test-heldout}.zip ready for
  curl -F file=@<zip> -F name=... -F format=audio-folder-zip .../v1/datasets
"""
import argparse
import array
import hashlib
import io
import os
import random
import subprocess
import sys
import tempfile
import wave
import zipfile

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go",
         "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
HELD_OUT = ["en-029", "en-us-nyc"]


def english_voices():
    out = subprocess.run(["espeak-ng", "--voices=en"], capture_output=True, text=True, check=True).stdout
    voices = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and not parts[4].startswith(("mb/", "!v/")):  # mbrola voices; variants listed as voices
            voices.append(parts[1])
    return sorted(set(voices))


def variants():
    out = subprocess.run(["espeak-ng", "--voices=variant"], capture_output=True, text=True, check=True).stdout
    names = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and parts[4].startswith("!v/"):
            names.append(parts[4][3:])
    return sorted(set(names))


def speak(word, voice, speed, pitch, path):
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, word],
                   check=True, capture_output=True)
    with open(path, "rb") as f:
        return f.read()


def with_noise(wav_bytes, snr_db, rng):
    with wave.open(io.BytesIO(wav_bytes)) as w:
        params = w.getparams()
        samples = array.array("h", w.readframes(w.getnframes()))
    power = sum(s * s for s in samples) / max(1, len(samples))
    scale = (power / (10 ** (snr_db / 10)) * 3) ** 0.5  # uniform noise in [-1, 1] has power 1/3
    noisy = array.array("h", (max(-32768, min(32767, int(s + scale * (2 * rng.random() - 1)))) for s in samples))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setparams(params)
        w.writeframes(noisy.tobytes())
    return out.getvalue()


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, entries[name])
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data", "audio"))
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--speeds", default="130,175", help="words per minute, comma-separated")
    p.add_argument("--pitches", default="35,65", help="espeak pitch 0-99, comma-separated")
    p.add_argument("--max-variants", type=int, default=0, help="at most this many variants per voice (0: all)")
    p.add_argument("--voices", default="", help="comma-separated voices (default: every English non-mbrola voice)")
    p.add_argument("--held-out", default=",".join(HELD_OUT), help="voices kept for test-heldout only")
    p.add_argument("--noise-probability", type=float, default=0.0, help="chance a clip gets white noise")
    p.add_argument("--snr", default="10,30", help="noise SNR range in dB, min,max")
    p.add_argument("--fractions", default="0.7,0.15,0.15", help="unlabeled,labeled,test shares of training voices")
    args = p.parse_args()

    rng = random.Random(args.seed)
    voices = args.voices.split(",") if args.voices else english_voices()
    held_out = set(v for v in args.held_out.split(",") if v)
    all_variants = [""] + variants()
    if args.max_variants:
        all_variants = all_variants[: args.max_variants]
    speeds = [int(s) for s in args.speeds.split(",")]
    pitches = [int(s) for s in args.pitches.split(",")]
    snr_lo, snr_hi = (float(s) for s in args.snr.split(","))
    unlabeled_f, labeled_f, _ = (float(s) for s in args.fractions.split(","))
    splits = {"unlabeled": {}, "labeled": {}, "test": {}, "test-heldout": {}}
    os.makedirs(args.out, exist_ok=True)
    total = len(voices) * len(all_variants) * len(speeds) * len(pitches) * len(WORDS)
    print(f"{len(voices)} voices x {len(all_variants)} variants x {len(speeds)} speeds x {len(pitches)} pitches "
          f"x {len(WORDS)} words = {total} clips; held out: {sorted(held_out)}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "clip.wav")
        done = 0
        for voice in voices:
            for variant in all_variants:
                full = voice + ("+" + variant if variant else "")
                for speed in speeds:
                    for pitch in pitches:
                        for word in WORDS:
                            clip = speak(word, full, speed, pitch, path)
                            if rng.random() < args.noise_probability:
                                clip = with_noise(clip, rng.uniform(snr_lo, snr_hi), rng)
                            stem = f"{voice}_{variant or 'default'}_s{speed}_p{pitch}_{word}.wav"
                            draw = rng.random()
                            if voice in held_out:
                                splits["test-heldout"][f"{word}/{stem}"] = clip
                            elif draw < unlabeled_f:
                                splits["unlabeled"][f"clips/{stem}"] = clip
                            elif draw < unlabeled_f + labeled_f:
                                splits["labeled"][f"{word}/{stem}"] = clip
                            else:
                                splits["test"][f"{word}/{stem}"] = clip
                            done += 1
                            if done % 2000 == 0:
                                print(f"  {done}/{total}", file=sys.stderr)
    for name, entries in splits.items():
        if not entries:
            print(f"{name}: empty (no held-out voice among the voices?)", file=sys.stderr)
            continue
        target = os.path.join(args.out, name + ".zip")
        digest = write_zip(target, entries)
        print(f"{digest}  {target}  ({len(entries)} clips)")


if __name__ == "__main__":
    main()
