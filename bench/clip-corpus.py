#!/usr/bin/env python3
"""Reproducible image-text pair corpora for CLIP, from data this machine has offline.

AppStream (Debian DEP-11; fetch with bench/clip-corpus.sh, which runs apt-get update with the DEP-11
index targets enabled): every component with a cached 64x64 icon in the icons tarball, a Summary
and a main freedesktop category becomes a pair icon <-> Summary (with --caption name-summary:
"Name: Summary"; with both, two captions), labelled with its first main category (Audio and Video
count as AudioVideo). Icons are composited onto white (the service ignores alpha) and written as RGB
PNGs. Components whose icons have identical pixels are one image, with each component's caption,
labelled by the first component in ID order. A --seed shuffle of those images sends
--heldout-fraction to appstream-heldout.zip and the rest to appstream-train.zip, so a held-out
application's icon is never in train.

Fashion-MNIST (/usr/share/datasets/fashion-mnist, apt-get install dataset-fashion-mnist): each
training image gets --captions-per-image captions from distinct templates, composed of its class name
and attributes measured on its pixels (tone of the garment, footprint, width and texture, each
judged against the training set's terciles), in fashion-captions.zip, labelled; the 10,000 test
images go to fashion-test.zip as an image-folder-zip (one folder per class name), for zero-shot
classification.

The DEP-11 YAML is read by a small parser of the subset the generator writes (documents, block
mappings and sequences, plain, quoted and block scalars), so PyYAML is not needed;
--check-with-pyyaml compares it with PyYAML where that is installed.

Same inputs, same arguments: byte-identical zips (entries sorted, stored uncompressed, fixed
timestamps; PNGs are zlib level 9). Python 3.11 standard library only.
Usage: python3 bench/clip-corpus.py [--out DIR] [--seed N] [--heldout-fraction F] ...
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import random
import re
import struct
import sys
import tarfile
import zipfile
import zlib

LISTS = "/var/lib/apt/lists"
COMPONENTS = "deb.debian.org_debian_dists_bookworm_main_dep11_Components-amd64.yml.gz"
ICONS = "deb.debian.org_debian_dists_bookworm_main_dep11_icons-64x64.tar.gz"
FASHION = "/usr/share/datasets/fashion-mnist"
MAIN_CATEGORIES = ["AudioVideo", "Development", "Education", "Game", "Graphics", "Network", "Office",
                   "Science", "Settings", "System", "Utility"]
CATEGORY_ALIASES = {"Audio": "AudioVideo", "Video": "AudioVideo"}
FASHION_CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                   "ankle boot"]


# ---------------------------------------------------------------- a small YAML reader for DEP-11

def documents(text):
    """Yields each document's lines (documents start at a '---' line)."""
    lines = []
    for line in text.split("\n"):
        if line.rstrip() == "---":
            if lines:
                yield lines
            lines = []
        else:
            lines.append(line)
    if lines:
        yield lines


def indent(line):
    return len(line) - len(line.lstrip(" "))


def blocks(lines, level):
    """Splits lines at `level` indentation into (key, rest of line, nested lines). Sequence items at
    the key's own level ('- x' under 'Key:') count as nested."""
    out = []
    for line in lines:
        if not line.strip() and out:
            out[-1][2].append(line)
            continue
        if indent(line) == level and not line[level:].startswith("- ") and ":" in line:
            key, rest = line[level:].split(":", 1)
            out.append((key.strip(), rest.strip(), []))
        elif out:
            out[-1][2].append(line)
    return out


def scalar(first, nested, parent_indent):
    """The value of a scalar whose text starts with `first` (after 'key:') and continues in `nested`."""
    if first.startswith(("|", ">")):
        body = [line for line in nested]
        while body and not body[-1].strip():
            body.pop()
        if not body:
            return ""
        base = min(indent(line) for line in body if line.strip())
        body = [line[base:] if line.strip() else "" for line in body]
        if first.startswith("|"):
            text = "\n".join(body)
        else:
            text, previous_blank = "", True
            for line in body:
                if not line:
                    text += "\n"
                    previous_blank = True
                else:
                    text += ("" if previous_blank else " ") + line
                    previous_blank = False
        return text if first.endswith("-") else text + "\n"
    # Plain and quoted scalars may run over several lines: joined with one space, blank lines as "\n".
    text = first
    for line in nested:
        if not line.strip():
            text += "\n"
        elif text.startswith('"') and escaped_break(text):
            text = text[:-1] + line.strip()
        else:
            text += ("" if text.endswith("\n") else " ") + line.strip()
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        return unescape(text[1:-1])
    return text


def escaped_break(text):
    """Whether a double-quoted line ends in an odd number of backslashes: its line break is escaped."""
    trailing = len(text) - len(text.rstrip("\\"))
    return trailing % 2 == 1


ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "0": "\0", "r": "\r", " ": " ", "_": "\u00a0",
           "N": "\u0085", "L": "\u2028", "P": "\u2029", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "v": "\v"}


def unescape(text):
    """YAML double-quoted escapes; an escaped line break (backslash at a fold) joins without space."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = text[i + 1]
        if n in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[n]
            out.append(chr(int(text[i + 2:i + 2 + width], 16)))
            i += 2 + width
        else:
            out.append(ESCAPES.get(n, n))
            i += 2
    return "".join(out)


def sequence(nested):
    """Items of a block sequence of plain scalars ('- x')."""
    return [line.strip()[2:].strip() for line in nested if line.strip().startswith("- ")]


def localized(nested, level):
    """The 'C' (untranslated) entry of a localized mapping, or None."""
    for key, rest, inner in blocks(nested, level):
        if key == "C":
            return scalar(rest, inner, level)
    return None


def cached_icons(nested):
    """Icon.cached entries as dicts of name/width/height/scale."""
    icons = []
    for key, rest, inner in blocks(nested, 2):
        if key != "cached":
            continue
        current = None
        for line in inner:
            stripped = line.strip()
            if stripped.startswith("- "):
                current = {}
                icons.append(current)
                stripped = stripped[2:]
            if current is not None and ":" in stripped:
                k, v = stripped.split(":", 1)
                current[k.strip()] = v.strip()
    return icons


def components(text):
    """Yields {id, type, name, summary, categories, icon64} for each component document."""
    for lines in documents(text):
        fields = {key: (rest, nested) for key, rest, nested in blocks(lines, 0)}
        if "ID" not in fields:
            continue  # the header document
        level = min((indent(line) for line in fields.get("Name", ("", []))[1] if line.strip()), default=2)
        name = localized(fields["Name"][1], level) if "Name" in fields else None
        summary = localized(fields["Summary"][1], level) if "Summary" in fields else None
        categories = sequence(fields["Categories"][1]) if "Categories" in fields else []
        icon = None
        stock = next((scalar(rest, inner, 2) for key, rest, inner in blocks(fields.get("Icon", ("", []))[1], 2)
                      if key == "stock"), None)
        for entry in cached_icons(fields.get("Icon", ("", []))[1]):
            if entry.get("width") == "64" and entry.get("height") == "64" and entry.get("scale", "1") == "1":
                icon = entry["name"]
                break
        yield {"id": scalar(*fields["ID"], 0), "type": scalar(*fields["Type"], 0) if "Type" in fields else None,
               "name": name, "summary": summary, "categories": categories, "icon64": icon,
               "stock": stock}


def check_with_pyyaml(text, mine):
    try:
        import yaml
    except ImportError:
        print("PyYAML is not installed; nothing to compare with", file=sys.stderr)
        return True
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    theirs = []
    for doc in yaml.load_all(text, Loader=loader):
        if not doc or "ID" not in doc:
            continue
        icon = None
        for entry in (doc.get("Icon") or {}).get("cached", []) or []:
            if entry.get("width") == 64 and entry.get("height") == 64 and entry.get("scale", 1) == 1:
                icon = entry["name"]
                break
        theirs.append({"id": str(doc["ID"]), "type": doc.get("Type"),
                       "name": (doc.get("Name") or {}).get("C"), "summary": (doc.get("Summary") or {}).get("C"),
                       "categories": [str(c) for c in doc.get("Categories") or []], "icon64": icon})
    differences = [(a, b) for a, b in zip(mine, theirs) if a != b]
    print(f"PyYAML check: {len(theirs)} components, {len(mine)} parsed here, {len(differences)} differ",
          file=sys.stderr)
    for a, b in differences[:5]:
        print(f"  here:   {a}\n  PyYAML: {b}", file=sys.stderr)
    return not differences and len(mine) == len(theirs)


# ---------------------------------------------------------------- PNG in and out (stdlib only)

def png_rgb_on_white(data):
    """Decodes a non-interlaced PNG (grey, RGB, palette, grey+alpha, RGBA; 8-bit, or 1/2/4-bit grey
    or palette) into (width, height, RGB bytes), alpha composited onto white."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, palette, trns = 8, b"", None, None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"PLTE":
            palette = chunk
        elif kind == b"tRNS":
            trns = chunk
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    if interlace or (depth != 8 and ctype not in (0, 3)) or depth == 16:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    bits = depth * channels
    stride = (width * bits + 7) // 8
    bpp = max(1, bits // 8)
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        unfilter(filt, line, previous, bpp)
        rows.append(line)
        previous = line
    out = bytearray()
    for line in rows:
        for x in range(width):
            if depth < 8:
                per_byte = 8 // depth
                value = (line[x // per_byte] >> (8 - depth * (x % per_byte + 1))) & ((1 << depth) - 1)
                if ctype == 0:
                    value = value * 255 // ((1 << depth) - 1)
                samples = [value]
            else:
                samples = line[x * channels:(x + 1) * channels]
            if ctype == 3:
                index = samples[0]
                r, g, b = palette[3 * index:3 * index + 3]
                a = trns[index] if trns is not None and index < len(trns) else 255
            elif ctype == 0:
                r = g = b = samples[0]
                a = 255
            elif ctype == 4:
                r = g = b = samples[0]
                a = samples[1]
            elif ctype == 2:
                r, g, b = samples
                a = 255
            else:
                r, g, b, a = samples
            out += bytes(((c * a + 255 * (255 - a) + 127) // 255) for c in (r, g, b))
    return width, height, bytes(out)


def unfilter(kind, line, previous, bpp):
    if kind == 0:
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
        elif kind == 4:
            corner = previous[i - bpp] if i >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + predictor) & 0xFF
        else:
            raise ValueError(f"bad PNG filter {kind}")


def png_encode(width, height, pixels, channels):
    """An 8-bit grey (1 channel) or RGB (3) PNG, filter 0 on every row, zlib level 9."""
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[y * stride:(y + 1) * stride] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0 if channels == 1 else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write_zip(path, files):
    """files: {entry name: bytes}; entries sorted, stored, with a fixed timestamp."""
    tmp = path + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])
    os.replace(tmp, path)
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode("utf-8")


# ---------------------------------------------------------------- AppStream

def appstream(args):
    components_path = os.path.join(args.lists, COMPONENTS)
    icons_path = os.path.join(args.lists, ICONS)
    for path in (components_path, icons_path):
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: run bench/clip-corpus.sh (it runs apt-get update with the DEP-11 index "
                     "targets enabled)")
    with gzip.open(components_path, "rt", encoding="utf-8") as f:
        text = f.read()
    parsed = list(components(text))
    if args.check_with_pyyaml and not check_with_pyyaml(text, parsed):
        sys.exit("the DEP-11 reader disagrees with PyYAML")
    icons = {}
    with tarfile.open(icons_path) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith(".png"):
                icons[os.path.basename(member.name)] = tar.extractfile(member).read()
    skipped = {"no 64x64 icon in the tarball": 0, "no summary": 0, "no main category": 0, "undecodable icon": 0}
    images = {}  # pixel hash -> {"file", "png", "label", "captions", "ids"}
    for c in sorted(parsed, key=lambda c: c["id"]):
        if not c["icon64"] or c["icon64"] not in icons:
            skipped["no 64x64 icon in the tarball"] += 1
            continue
        summary = " ".join((c["summary"] or "").split())
        if not summary:
            skipped["no summary"] += 1
            continue
        label = next((CATEGORY_ALIASES.get(x, x) for x in c["categories"]
                      if CATEGORY_ALIASES.get(x, x) in MAIN_CATEGORIES), None)
        if label is None:
            skipped["no main category"] += 1
            continue
        try:
            width, height, rgb = png_rgb_on_white(icons[c["icon64"]])
        except (ValueError, zlib.error, struct.error, KeyError, IndexError, TypeError) as e:
            skipped["undecodable icon"] += 1
            print(f"  skipping {c['icon64']}: {e}", file=sys.stderr)
            continue
        key = hashlib.sha256(rgb).hexdigest()
        name = " ".join((c["name"] or "").split())
        captions = []
        if args.caption in ("summary", "both"):
            captions.append(summary)
        if args.caption in ("name-summary", "both") and name:
            captions.append(f"{name}: {summary}")
        image = images.setdefault(key, {"file": "icons/" + c["icon64"], "png": png_encode(width, height, rgb, 3),
                                        "label": label, "captions": [], "ids": []})
        image["ids"].append(c["id"])
        image.setdefault("names", set()).update(icon_names(c))
        for caption in captions:
            if caption not in image["captions"]:
                image["captions"].append(caption)
    keys = sorted(images, key=lambda k: images[k]["file"])
    random.Random(args.seed).shuffle(keys)
    cut = round(len(keys) * args.heldout_fraction)
    parts = {"appstream-heldout.zip": sorted(keys[:cut]), "appstream-train.zip": sorted(keys[cut:])}
    if args.themes:
        themes(args, images, parts)
    if args.category_captions:
        category_captions(args, images, parts["appstream-train.zip"])
    if args.clipart:
        import clip_clipart  # needs Pillow, which nothing else here does
        clip_clipart.clipart(args, images, parts, pair_records, jsonl, write_zip)
    print(f"AppStream: {len(parsed)} components; skipped " + ", ".join(f"{v} {k}" for k, v in skipped.items()))
    for zip_name, part in parts.items():
        files, records, counts = {}, [], {}
        for key in sorted(part, key=lambda k: images[k]["file"]):
            image = images[key]
            files[image["file"]] = image["png"]
            counts[image["label"]] = counts.get(image["label"], 0) + 1
            for caption in image["captions"]:
                records.append({"file": image["file"], "text": caption, "label": image["label"]})
        files["captions.jsonl"] = jsonl(records)
        sha = write_zip(os.path.join(args.out, zip_name), files)
        apps = sum(len(images[k]["ids"]) for k in part)
        print(f"  {zip_name}: {len(part)} icons, {apps} applications, {len(records)} captions, "
              f"classes {dict(sorted(counts.items()))}\n    sha256 {sha}")


CATEGORY_PHRASES = {"AudioVideo": "audio and video application", "Development": "software development tool",
                    "Education": "education application", "Game": "game", "Graphics": "graphics application",
                    "Network": "network and internet application", "Office": "office application",
                    "Science": "science application", "Settings": "settings tool", "System": "system tool",
                    "Utility": "utility"}


def pair_records(images, keys, extra=lambda image: [], labelled=True):
    """The zip entries (file -> PNG) and caption records of the images `keys`, in that order, each with
    its captions and then extra(image)."""
    files, records = {}, []
    for key in keys:
        image = images[key]
        files[image["file"]] = image["png"]
        for caption in image["captions"] + extra(image):
            record = {"file": image["file"], "text": caption}
            records.append(dict(record, label=image["label"]) if labelled else record)
    return files, records


def category_captions(args, images, train):
    """appstream-train-categories.zip: appstream-train.zip with one more caption per icon, its main
    category in words ("audio and video application"), so the contrastive loss also pulls icons of one
    category together through a shared text. Only the training applications' categories are used; the
    held-out pool is unchanged."""
    files, records = pair_records(images, sorted(train, key=lambda k: images[k]["file"]),
                                  extra=lambda image: [CATEGORY_PHRASES[image["label"]]])
    files["captions.jsonl"] = jsonl(records)
    sha = write_zip(os.path.join(args.out, "appstream-train-categories.zip"), files)
    print(f"  appstream-train-categories.zip: {len(files) - 1} icons, {len(records)} captions\n    sha256 {sha}")


def icon_names(component):
    """The names an icon theme may file a component's icon under: its stock icon name and its ID (with
    and without '.desktop', and the last part of a reverse-DNS ID), lower case."""
    names = set()
    for value in (component["stock"], component["id"]):
        if value:
            value = value.lower().removesuffix(".desktop")
            names.update({value, value.rsplit(".", 1)[-1]})
    return names


THEME_CONTEXTS = {"apps": "application", "web": "web application", "places": "place", "devices": "device",
                  "mimetypes": "file type", "actions": "action", "status": "status", "categories": "category",
                  "emblems": "emblem", "emotes": "emotion", "legacy": "icon"}


def theme_icons(root):
    """(theme, context, stem) -> path of its 64x64 PNG, or 48x48 where a theme has no 64x64 one; no
    symbolic icons, no @2x scales."""
    found = {}
    for dirpath, _, filenames in sorted(os.walk(root)):
        parts = dirpath[len(root):].strip("/").split("/")
        size = next((p for p in parts if p in ("64x64", "48x48")), None)
        if size is None or any("@" in p for p in parts) or parts[-1] not in THEME_CONTEXTS:
            continue
        for filename in sorted(filenames):
            stem = filename[:-4]
            if not filename.endswith(".png") or stem.endswith("-symbolic") \
                    or not os.path.isfile(os.path.join(dirpath, filename)):  # a dangling link
                continue
            key = (parts[0], parts[-1], stem)
            if key not in found or size == "64x64":
                found[key] = os.path.join(dirpath, filename)
    return found


def theme_caption(context, stem):
    words = [w for w in re.split(r"[-_.\s]+", stem.lower()) if w and w not in ("x", "org", "com", "net", "io")]
    return " ".join(words + [THEME_CONTEXTS[context]])


def themes(args, images, parts):
    """appstream-train-themes.zip: appstream-train.zip's pairs plus the installed icon themes' icons (e.g.
    apt-get install moka-icon-theme oxygen-icon-theme mate-icon-theme gnome-icon-theme): an icon filed
    under a training application's name gets that application's captions (other artwork, same text); any
    other icon its words ("audio volume high status"). Icons filed under a held-out application's name,
    or with a held-out icon's pixels, are left out, so nothing of a held-out application is seen. No
    labels (themes have no categories); upload with imageSize=64 (some themes stop at 48x48)."""
    heldout, train = set(parts["appstream-heldout.zip"]), parts["appstream-train.zip"]
    train_keys = set(train)
    heldout_names = set().union(*(images[k]["names"] for k in heldout))
    train_captions = {}
    for key in train:
        for name in images[key]["names"]:
            train_captions.setdefault(name, images[key]["captions"])
    files, records = pair_records(images, train, labelled=False)
    counts = {"matched a training application": 0, "own words": 0, "held-out name": 0, "held-out pixels": 0,
              "a training icon's pixels": 0, "undecodable": 0}
    # Themes file one picture under several names (links): group them by pixels, so that one name of a
    # held-out application keeps the picture out, and one of a training application gives its captions.
    pictures = {}  # pixel hash -> {"file", "png", "names": [(context, stem)]}
    for (theme, context, stem), path in sorted(theme_icons(args.themes).items()):
        with open(path, "rb") as f:
            data = f.read()
        try:
            width, height, rgb = png_rgb_on_white(data)
        except (ValueError, zlib.error, struct.error, KeyError, IndexError, TypeError):
            counts["undecodable"] += 1
            continue
        key = hashlib.sha256(rgb).hexdigest()
        picture = pictures.setdefault(key, {"file": f"themes/{theme}/{context}/{stem}.png",
                                            "png": png_encode(width, height, rgb, 3), "names": []})
        picture["names"].append((context, stem))
    for key, picture in sorted(pictures.items(), key=lambda item: item[1]["file"]):
        stems = [stem.lower() for _, stem in picture["names"]]
        if key in heldout or key in train_keys:
            counts["held-out pixels" if key in heldout else "a training icon's pixels"] += 1
            continue
        if any(stem in heldout_names for stem in stems):
            counts["held-out name"] += 1
            continue
        captions = []
        for stem in stems:
            captions += [c for c in train_captions.get(stem, []) if c not in captions]
        counts["matched a training application" if captions else "own words"] += 1
        if not captions:
            for context, stem in picture["names"][:3]:
                caption = theme_caption(context, stem)
                if caption not in captions:
                    captions.append(caption)
        files[picture["file"]] = picture["png"]
        records.extend({"file": picture["file"], "text": caption} for caption in captions)
    files["captions.jsonl"] = jsonl(records)
    sha = write_zip(os.path.join(args.out, "appstream-train-themes.zip"), files)
    print(f"  appstream-train-themes.zip: {len(files) - 1} icons, {len(records)} captions; theme icons: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()) + f"\n    sha256 {sha}")


# ---------------------------------------------------------------- Fashion-MNIST

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def attributes(pixels):
    """(tone, footprint, width ratio, texture) of one 28x28 image: the garment is the pixels over 30."""
    on = [i for i, p in enumerate(pixels) if p > 30]
    if not on:
        return 0.0, 0.0, 1.0, 0.0
    values = [pixels[i] for i in on]
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    xs = [i % 28 for i in on]
    ys = [i // 28 for i in on]
    ratio = (max(xs) - min(xs) + 1) / (max(ys) - min(ys) + 1)
    return mean, len(on) / 784, ratio, std


def terciles(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 3], ordered[2 * len(ordered) // 3]


def level(value, cuts, words):
    return words[0] if value < cuts[0] else words[2] if value >= cuts[1] else words[1]


TEMPLATES = [
    "a photo of a {tone} {cls}",
    "a {size} {cls}",
    "a {tone}, {texture} {cls}",
    "a {shape} {cls} with a {size} footprint",
    "a picture of a {texture} {cls}",
    "a {size}, {tone} {cls} on a black background",
    "{cls}, {tone} and {texture}",
    "a {cls} that looks {shape} and {tone}",
]


def fashion(args):
    paths = {name: os.path.join(args.fashion, name + "-idx%d-ubyte.gz" % (3 if "images" in name else 1))
             for name in ("train-images", "train-labels", "t10k-images", "t10k-labels")}
    for path in paths.values():
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: apt-get install dataset-fashion-mnist")
    (n, rows, cols), train = idx(paths["train-images"])
    _, train_labels = idx(paths["train-labels"])
    (m, _, _), test = idx(paths["t10k-images"])
    _, test_labels = idx(paths["t10k-labels"])
    size = rows * cols
    measured = [attributes(train[i * size:(i + 1) * size]) for i in range(n)]
    cuts = [terciles([a[k] for a in measured]) for k in range(4)]
    rng = random.Random(args.seed)
    chosen = sorted(rng.sample(range(n), args.train_count)) if args.train_count < n else range(n)
    files, records = {}, []
    for i in chosen:
        tone, footprint, ratio, std = measured[i]
        words = {"cls": FASHION_CLASSES[train_labels[i]],
                 "tone": level(tone, cuts[0], ["dark", "grey", "light"]),
                 "size": level(footprint, cuts[1], ["small", "medium-sized", "large"]),
                 "shape": level(ratio, cuts[2], ["narrow", "square", "wide"]),
                 "texture": level(std, cuts[3], ["plain", "slightly patterned", "patterned"])}
        name = f"train/{i:05d}.png"
        files[name] = png_encode(cols, rows, train[i * size:(i + 1) * size], 1)
        for template in rng.sample(TEMPLATES, args.captions_per_image):
            records.append({"file": name, "text": template.format(**words), "label": words["cls"]})
    files["captions.jsonl"] = jsonl(records)
    sha = write_zip(os.path.join(args.out, "fashion-captions.zip"), files)
    print(f"Fashion-MNIST: fashion-captions.zip: {len(chosen)} images, {len(records)} captions\n    sha256 {sha}")
    print("  attribute terciles (tone, footprint, width/height, texture): "
          + ", ".join(f"{a:.3g}/{b:.3g}" for a, b in cuts))
    test_files = {f"{FASHION_CLASSES[test_labels[i]]}/{i:05d}.png": png_encode(cols, rows, test[i * size:(i + 1) * size], 1)
                  for i in range(m)}
    sha = write_zip(os.path.join(args.out, "fashion-test.zip"), test_files)
    print(f"  fashion-test.zip (image-folder-zip): {m} images, classes {FASHION_CLASSES}\n    sha256 {sha}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "clip"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=["appstream", "fashion"], help="build one corpus only")
    parser.add_argument("--lists", default=LISTS, help="apt's lists folder")
    parser.add_argument("--heldout-fraction", type=float, default=0.15)
    parser.add_argument("--caption", choices=["summary", "name-summary", "both"], default="summary")
    parser.add_argument("--check-with-pyyaml", action="store_true")
    parser.add_argument("--category-captions", action="store_true",
                        help="also build appstream-train-categories.zip (a category caption per training icon)")
    parser.add_argument("--themes", help="an icon themes folder (e.g. /usr/share/icons): also build "
                                         "appstream-train-themes.zip")
    parser.add_argument("--clipart", nargs="?", const="/usr/share/openclipart/png",
                        help="openclipart's PNG folder: also build appstream-train-clipart.zip (see clip_clipart.py)")
    parser.add_argument("--stamps", default="/usr/share/tuxpaint/stamps", help="Tux Paint's stamps, for --clipart")
    parser.add_argument("--dictionary", default="/usr/share/dict/words", help="English words, for --clipart")
    parser.add_argument("--fashion", default=FASHION)
    parser.add_argument("--train-count", type=int, default=60000, help="Fashion-MNIST training images to caption")
    parser.add_argument("--captions-per-image", type=int, default=2, choices=range(1, len(TEMPLATES) + 1))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.only in (None, "appstream"):
        appstream(args)
    if args.only in (None, "fashion"):
        fashion(args)


if __name__ == "__main__":
    main()
