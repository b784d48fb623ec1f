#!/usr/bin/env python3
"""A reproducible labeled text corpus from the Debian package descriptions apt has offline.

Reads `apt-cache dumpavail` (run `apt-get update` first if it yields nothing). One record per
package: text = "synopsis. long description" (whitespace collapsed, at most --max-chars characters),
label = Section without a contrib/, non-free/ or non-free-firmware/ prefix. Records are sorted by
package name; the first record per package and per normalised text (lower case, whitespace
collapsed) is kept; texts under 20 characters and sections with fewer than --min-section records are
dropped. A --seed shuffle then sends --unlabeled-fraction of the records to unlabeled.jsonl
({"text"}) and the rest to labeled.jsonl ({"label", "text"}) in --out. Same apt lists, same
arguments: byte-identical files.

Long descriptions: apt keeps them in Translation-en lists, which images built with
Acquire::Languages "none" (e.g. Debian's Docker images) do not download; then dumpavail holds only
the synopsis. Translation-en lists found in /var/lib/apt/lists are used (matched on
Description-md5); `apt-get -o Acquire::Languages=en update` fetches them.

Python 3.11 standard library only.   Usage: python3 bench/debian-corpus.py [--out DIR] [--seed N] ...
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import subprocess
import sys

PREFIXES = ("contrib/", "non-free-firmware/", "non-free/")
LISTS = "/var/lib/apt/lists"


def stanzas(text):
    """Yields each stanza as {field: [first line, continuation lines...]}."""
    for block in text.split("\n\n"):
        fields, last = {}, None
        for line in block.split("\n"):
            if line.startswith((" ", "\t")) and last is not None:
                fields[last].append(line)
            elif ":" in line:
                last, value = line.split(":", 1)
                fields[last] = [value.strip()]
        if fields:
            yield fields


def long_description(lines):
    """Continuation lines: leading space stripped, " ." (a paragraph break) becomes a space."""
    return " ".join("" if line.strip() == "." else line[1:] for line in lines)


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


def translations():
    """Description-md5 -> long description from any Translation-en lists apt has."""
    found = {}
    for path in sorted(glob.glob(os.path.join(LISTS, "*_i18n_Translation-en*"))):
        text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], check=True,
                              capture_output=True, text=True).stdout
        for fields in stanzas(text):
            if "Description-md5" in fields and "Description-en" in fields:
                found.setdefault(fields["Description-md5"][0], long_description(fields["Description-en"][1:]))
    return found


def records(dump, long_texts, max_chars):
    for fields in stanzas(dump):
        if "Package" not in fields or "Section" not in fields or "Description" not in fields:
            continue
        description = fields["Description"]
        synopsis = collapse(description[0])
        body = long_description(description[1:])
        if not body.strip() and "Description-md5" in fields:
            body = long_texts.get(fields["Description-md5"][0], "")
        body = collapse(body)
        if body:
            text = synopsis + ("" if synopsis.endswith((".", "!", "?")) else ".") + " " + body
        else:
            text = synopsis
        label = fields["Section"][0]
        for prefix in PREFIXES:
            if label.startswith(prefix):
                label = label[len(prefix):]
        yield fields["Package"][0], label, collapse(text)[:max_chars].rstrip(), bool(body)


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
    with open(path, "rb") as written:
        data = written.read()
    return len(data), hashlib.sha256(data).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="bench/data/debian")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-section", type=int, default=300)
    parser.add_argument("--unlabeled-fraction", type=float, default=0.5)
    parser.add_argument("--max-chars", type=int, default=1000)
    args = parser.parse_args()

    dump = subprocess.run(["apt-cache", "dumpavail"], check=True, capture_output=True, text=True).stdout
    long_texts = translations()
    rows = sorted(records(dump, long_texts, args.max_chars))
    with_long = sum(1 for row in rows if row[3])
    if not rows:
        sys.exit("apt-cache dumpavail yielded no packages: run `apt-get update` first")
    seen_packages, seen_texts, kept = set(), set(), []
    for package, label, text, _ in rows:
        key = text.lower()
        if package in seen_packages or key in seen_texts:
            continue
        seen_packages.add(package)
        seen_texts.add(key)
        if len(text) >= 20:
            kept.append((package, label, text))
    counts = {}
    for _, label, _ in kept:
        counts[label] = counts.get(label, 0) + 1
    sections = sorted(label for label, n in counts.items() if n >= args.min_section)
    kept = [row for row in kept if counts[row[1]] >= args.min_section]
    random.Random(args.seed).shuffle(kept)
    cut = round(len(kept) * args.unlabeled_fraction)
    unlabeled, labeled = kept[:cut], kept[cut:]

    os.makedirs(args.out, exist_ok=True)
    files = {
        "unlabeled.jsonl": write_jsonl(os.path.join(args.out, "unlabeled.jsonl"), ({"text": t} for _, _, t in unlabeled)),
        "labeled.jsonl": write_jsonl(os.path.join(args.out, "labeled.jsonl"),
                                     ({"text": t, "label": s} for _, s, t in labeled)),
    }
    in_labeled = {}
    for _, label, _ in labeled:
        in_labeled[label] = in_labeled.get(label, 0) + 1
    lengths = sorted(len(t) for _, _, t in kept)
    print(f"stanzas with package/section/description: {len(rows)}, long descriptions available: "
          f"{with_long} (Translation-en entries: {len(long_texts)})")
    print(f"after dedupe and length >= 20: {sum(counts.values())} records in {len(counts)} sections; "
          f"kept {len(kept)} records in {len(sections)} sections with >= {args.min_section}")
    print(f"text length: median {lengths[len(lengths) // 2]}, max {lengths[-1]} chars")
    print(f"{'section':<16}{'records':>9}{'labeled':>9}")
    for label in sorted(sections, key=lambda s: (-counts[s], s)):
        print(f"{label:<16}{counts[label]:>9}{in_labeled.get(label, 0):>9}")
    print(f"{'total':<16}{len(kept):>9}{len(labeled):>9}")
    for name, (size, digest) in files.items():
        print(f"{os.path.join(args.out, name)}: {size} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
