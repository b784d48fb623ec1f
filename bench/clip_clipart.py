"""appstream-train-clipart.zip for bench/clip-corpus.py --clipart: the AppStream training pairs plus
captioned drawings from two Debian packages, so the towers see thousands of pictured objects named in
words, not only 1,563 icons (apt-get install openclipart-png tuxpaint-stamps-default python3-pil
wamerican):

- openclipart-png (/usr/share/openclipart/png): about 8,100 drawings filed in topic folders
  ("computer", "office", "music", "animals/birds"; the abstract stars, gradients and patterns
  skipped); a file is named "<title>_<author>_NN.png", cut
  short, so its caption keeps the title's and folders' words that are English words
  (/usr/share/dict/words): "cormorant birds animals". Duplicates (same pixels after resizing) and
  drawings whose words name a held-out application are left out.
- tuxpaint-stamps-default (/usr/share/tuxpaint/stamps): about 800 stamps, each with an English
  description in its .txt ("A frog."), captioned "<description> <folder words>"; the alphabet
  stamps are skipped (letters, not objects).

Every drawing is composited onto white, fitted into 64x64 keeping its aspect ratio and centred (the
icons' size), and stored as an RGB PNG. Needs Pillow (python3-pil), unlike the rest of the script.
"""
import hashlib
import io
import os
import re

OPENCLIPART = "/usr/share/openclipart/png"
TUXPAINT = "/usr/share/tuxpaint/stamps"
DICTIONARY = "/usr/share/dict/words"
SIZE = 64
# Larger drawings (a few posters of hundreds of megapixels) are skipped as unreadable, not decoded.
MAX_PIXELS = 16_000_000
# Folder names that say nothing about the picture.
GENERIC = {"png", "unsorted", "special", "misc", "other", "various"}
# Folders of abstract drawings (1,378 spirograph stars, colour gradients, tiling patterns): pictures of
# nothing a caption could name.
SKIPPED_FOLDERS = ("shapes/stars", "special/gradients", "special/patterns")


def english_words(path=DICTIONARY):
    with open(path, encoding="utf-8", errors="replace") as f:
        return {w.strip().lower() for w in f if w.strip().isalpha() and len(w.strip()) > 1}


def words_of(text):
    return [w for w in re.split(r"[^a-z]+", text.lower()) if w]


def icon_png(path):
    """The picture at `path` on white, fitted into SIZE x SIZE and centred, as PNG bytes and a pixel hash;
    None when Pillow cannot read it or it is empty."""
    from PIL import Image  # only this corpus needs Pillow

    Image.MAX_IMAGE_PIXELS = None  # MAX_PIXELS below decides, before anything is decoded
    try:
        with Image.open(path) as source:
            if source.width * source.height > MAX_PIXELS:
                return None
            source.load()
            picture = source.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if picture.width < 2 or picture.height < 2:
        return None
    white = Image.new("RGBA", picture.size, (255, 255, 255, 255))
    picture = Image.alpha_composite(white, picture).convert("RGB")
    picture.thumbnail((SIZE, SIZE), Image.LANCZOS)
    canvas = Image.new("RGB", (SIZE, SIZE), (255, 255, 255))
    canvas.paste(picture, ((SIZE - picture.width) // 2, (SIZE - picture.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue(), hashlib.sha256(canvas.tobytes()).hexdigest()


def openclipart_items(root, english):
    """(relative path, caption) of each openclipart drawing whose caption has at least one word."""
    for dirpath, _, filenames in sorted(os.walk(root)):
        if os.path.relpath(dirpath, root).startswith(SKIPPED_FOLDERS):
            continue
        folders = [w for part in os.path.relpath(dirpath, root).split(os.sep) if part not in GENERIC
                   for w in words_of(part) if w in english]
        for filename in sorted(filenames):
            if not filename.endswith(".png"):
                continue
            title = [w for w in words_of(filename[:-4]) if w in english and w not in folders]
            caption = " ".join(dict.fromkeys(title + list(reversed(folders))))
            if caption:
                yield os.path.join(dirpath, filename), caption


def tuxpaint_items(root):
    """(path, caption) of each Tux Paint stamp with an English description, alphabets skipped."""
    for dirpath, _, filenames in sorted(os.walk(root)):
        relative = os.path.relpath(dirpath, root)
        if relative.startswith("symbols/alphabets"):
            continue
        folders = [w for part in relative.split(os.sep) for w in words_of(part)]
        for filename in sorted(filenames):
            if not filename.endswith(".png"):
                continue
            text = os.path.join(dirpath, filename[:-4] + ".txt")
            if not os.path.isfile(text):
                continue
            with open(text, encoding="utf-8", errors="replace") as f:
                description = f.readline().strip()
            if description and "=" not in description:
                yield os.path.join(dirpath, filename), " ".join([description] + list(reversed(folders)))


def clipart(args, images, parts, pair_records, jsonl, write_zip):
    """Writes appstream-train-clipart.zip (see the module's docstring)."""
    heldout, train = parts["appstream-heldout.zip"], parts["appstream-train.zip"]
    heldout_names = set().union(*(images[k]["names"] for k in heldout))
    seen = set(heldout) | set(train)
    files, records = pair_records(images, train, labelled=False)
    counts = {"openclipart": 0, "tuxpaint": 0, "duplicate pixels": 0, "held-out name": 0, "unreadable": 0}
    english = english_words(args.dictionary)
    sources = [("openclipart", item) for item in openclipart_items(args.clipart, english)]
    if os.path.isdir(args.stamps):
        sources += [("tuxpaint", item) for item in tuxpaint_items(args.stamps)]
    for source, (path, caption) in sources:
        if heldout_names & set(words_of(os.path.basename(path)[:-4]) + [os.path.basename(path)[:-4].lower()]):
            counts["held-out name"] += 1
            continue
        encoded = icon_png(path)
        if encoded is None:
            counts["unreadable"] += 1
            continue
        png, key = encoded
        if key in seen:
            counts["duplicate pixels"] += 1
            continue
        seen.add(key)
        root = args.clipart if source == "openclipart" else args.stamps
        name = f"{source}/{os.path.relpath(path, root)}"
        files[name] = png
        records.append({"file": name, "text": caption})
        counts[source] += 1
    files["captions.jsonl"] = jsonl(records)
    sha = write_zip(os.path.join(args.out, "appstream-train-clipart.zip"), files)
    print(f"  appstream-train-clipart.zip: {len(files) - 1} images, {len(records)} captions; drawings: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()) + f"\n    sha256 {sha}")
