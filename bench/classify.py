#!/usr/bin/env python3
"""Issue 6's and issue 17's acceptance check, over HTTP like any client: the model an experiment
registered classifies Fashion-MNIST's 10,000 test images, 250 per request, sent three ways —
PNG (base64 in JSON) to /v1/models/{name}/classifications, raw uint8 pixels
(application/octet-stream, shape=250,1,28,28) to /v1/models/{name}/classifications/tensor, and a
UINT8 tensor to the Open Inference Protocol's /v2/models/{name}/infer — and each accuracy is
compared with the one the experiment's evaluation job reported. Exits 1 when one differs.

Usage: python3 bench/classify.py API_URL API_KEY [EXPERIMENT_NAME]   (default headline-linear-0.01-1)
Appends its result to bench/out/classify.json.
"""
import base64
import gzip
import json
import struct
import sys
import time
import urllib.request
import zlib

from pretext_api import call, connect

connect(sys.argv[1], sys.argv[2])
API, KEY = sys.argv[1], sys.argv[2]
NAME = sys.argv[3] if len(sys.argv) > 3 else "headline-linear-0.01-1"
FMNIST = "/usr/share/datasets/fashion-mnist"
PER_REQUEST = 250
SIDE = 28


def png(pixels, width, height):
    """An 8-bit grayscale PNG, written with the standard library only."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def post_octets(path, data):
    request = urllib.request.Request(API + path, data=data, method="POST", headers={
        "Authorization": "Bearer " + KEY, "Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


def classes_png(pixels, count):
    batch = [base64.b64encode(png(pixels[i * SIDE * SIDE:(i + 1) * SIDE * SIDE], SIDE, SIDE)).decode()
             for i in range(count)]
    answer = call("POST", "/v1/models/%s/classifications?topK=1" % NAME, {"images": batch})
    return [p["top"][0]["index"] for p in answer["predictions"]]


def classes_binary(pixels, count):
    answer = post_octets("/v1/models/%s/classifications/tensor?shape=%d,1,%d,%d&dtype=uint8&topK=1"
                         % (NAME, count, SIDE, SIDE), pixels)
    return [p["top"][0]["index"] for p in answer["predictions"]]


def classes_v2(pixels, count):
    answer = call("POST", "/v2/models/%s/infer" % NAME, {
        "id": "fmnist", "inputs": [{"name": "images", "datatype": "UINT8", "shape": [count, 1, SIDE, SIDE],
                                    "data": list(pixels)}],
        "outputs": [{"name": "probabilities"}]})
    output = [o for o in answer["outputs"] if o["name"] == "probabilities"][0]
    width = output["shape"][1]
    rows = [output["data"][i * width:(i + 1) * width] for i in range(count)]
    # The first maximum, as the native routes' top-1 and the evaluation's argmax take it.
    return [row.index(max(row)) for row in rows]


def accuracy(classify, images, labels):
    correct = 0
    started = time.time()
    for start in range(0, 10000, PER_REQUEST):
        pixels = images[start * SIDE * SIDE:(start + PER_REQUEST) * SIDE * SIDE]
        for i, predicted in enumerate(classify(pixels, PER_REQUEST)):
            correct += predicted == labels[start + i]
    return correct / 10000, time.time() - started


def main():
    images = gzip.open(FMNIST + "/t10k-images-idx3-ubyte.gz").read()[16:]
    labels = gzip.open(FMNIST + "/t10k-labels-idx1-ubyte.gz").read()[8:]
    experiment = [e for e in call("GET", "/v1/experiments?size=100")["items"] if e["name"] == NAME][0]
    test = experiment["spec"]["evaluate"]["datasets"][0]
    reported = [p["value"] for p in call("GET", "/v1/experiments/%s/metrics?name=accuracy/%s" % (experiment["id"], test))]
    model = call("GET", "/v1/models/" + NAME)
    result = {"experiment": NAME, "model": model.get("id"), "reportedAccuracy": reported, "formats": {}}
    print("model %s, 10,000 test images, %d per request; reported by its evaluation job: %s"
          % (NAME, PER_REQUEST, ", ".join("%.4f" % r for r in reported)))
    print("%-44s %9s %8s %6s" % ("format", "accuracy", "seconds", "equal"))
    equal = True
    for label, key, classify in (("PNG, base64 JSON (/v1 classifications)", "png", classes_png),
                                 ("uint8 octet-stream (/v1 classifications)", "binary", classes_binary),
                                 ("UINT8 tensor (/v2 infer)", "v2", classes_v2)):
        value, seconds = accuracy(classify, images, labels)
        # Compared as counts of correct images: the reported value may have been stored as a float.
        same = any(round(r * 10000) == round(value * 10000) for r in reported)
        equal = equal and same
        result["formats"][key] = {"httpAccuracy": value, "seconds": round(seconds, 1), "equalToReported": same}
        print("%-44s %9.4f %8.1f %6s" % (label, value, seconds, "yes" if same else "NO"))
    result["allEqual"] = equal
    with open("bench/out/classify.json", "a") as out:
        out.write(json.dumps(result) + "\n")
    sys.exit(0 if equal else 1)


main()
