#!/usr/bin/env python3
"""Issue 6's acceptance check, over HTTP like any client: the model an experiment registered
classifies Fashion-MNIST's 10,000 test images (sent as PNG, base64 in JSON, 250 per request) and
its accuracy is compared with the one the experiment's evaluation job reported.

Usage: python3 bench/classify.py API_URL API_KEY [EXPERIMENT_NAME]   (default headline-linear-0.01-1)
Appends its result to bench/out/classify.json.
"""
import base64
import gzip
import json
import struct
import sys
import time

from pretext_api import call, connect
import zlib

connect(sys.argv[1], sys.argv[2])
NAME = sys.argv[3] if len(sys.argv) > 3 else "headline-linear-0.01-1"
FMNIST = "/usr/share/datasets/fashion-mnist"


def png(pixels, width, height):
    """An 8-bit grayscale PNG, written with the standard library only."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main():
    images = gzip.open(FMNIST + "/t10k-images-idx3-ubyte.gz").read()[16:]
    labels = gzip.open(FMNIST + "/t10k-labels-idx1-ubyte.gz").read()[8:]
    experiment = [e for e in call("GET", "/v1/experiments?size=100")["items"] if e["name"] == NAME][0]
    test = experiment["spec"]["evaluate"]["datasets"][0]
    reported = [p["value"] for p in call("GET", "/v1/experiments/%s/metrics?name=accuracy/%s" % (experiment["id"], test))]
    model = call("GET", "/v1/models/" + NAME)
    classes = None
    correct = 0
    started = time.time()
    for start in range(0, 10000, 250):
        batch = [base64.b64encode(png(images[i * 784:(i + 1) * 784], 28, 28)).decode()
                 for i in range(start, start + 250)]
        answer = call("POST", "/v1/models/%s/classifications?topK=1" % NAME, {"images": batch})
        for i, prediction in enumerate(answer["predictions"]):
            if prediction["top"][0]["index"] == labels[start + i]:
                correct += 1
    accuracy = correct / 10000
    result = {"experiment": NAME, "model": model.get("id"), "reportedAccuracy": reported,
              "httpAccuracy": accuracy, "seconds": time.time() - started}
    print("model %s: test accuracy over HTTP %.4f, reported by its evaluation job %s (%.0f s)"
          % (NAME, accuracy, ", ".join("%.4f" % r for r in reported), result["seconds"]))
    with open("bench/out/classify.json", "a") as out:
        out.write(json.dumps(result) + "\n")


main()
