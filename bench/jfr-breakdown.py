#!/usr/bin/env python3
"""Sums a JFR recording's CPU samples (jdk.ExecutionSample) by request stage.

Each sample is attributed to the innermost frame of its stack that belongs to a known stage
(PNG decoding, JSON, authentication, ...), so a HashMap lookup inside Jackson counts as JSON.
Native code outside the JVM (PyTorch's kernels) appears only through the Java frame that called
it (ai.djl), and time in the GC or the JIT compiler is not sampled at all.

    python3 bench/jfr-breakdown.py RECORDING.jfr [TOP]

Prints the share of samples per thread group, per stage, and the TOP (default 15) innermost
frames of the samples nobody claimed.
"""
import collections
import re
import subprocess
import sys

STAGES = [
    ("forward pass (DJL, PyTorch)", r"^ai\.djl\."),
    ("PNG decoding", r"^(javax\.imageio|com\.sun\.imageio|sun\.awt\.image|java\.awt\.image|java\.util\.zip\.Inflater)"),
    ("base64", r"^java\.util\.Base64"),
    ("JSON (Jackson)", r"^(tools\.jackson|com\.fasterxml\.jackson)"),
    ("metrics (Micrometer)", r"^io\.micrometer"),
    ("logging", r"^(ch\.qos\.logback|org\.slf4j)"),
    ("authentication (Pretext)", r"^io\.pretext\.security"),
    ("inference code (Pretext)", r"^io\.pretext\.inference"),
    ("other Pretext code", r"^io\.pretext\."),
    ("Spring Security", r"^org\.springframework\.security"),
    ("Spring MVC and HTTP", r"^org\.springframework\.(web|http)"),
    ("other Spring", r"^org\.springframework\."),
    ("servlet filters and Tomcat", r"^(org\.apache\.(coyote|tomcat|catalina)|jakarta\.servlet)"),
    ("socket I/O (NIO)", r"^(sun\.nio|java\.nio|sun\.net)"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in STAGES]


def samples(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s{4}([\w$.<>]+)\(", block, re.MULTILINE)
        yield (thread.group(1) if thread else "?"), frames


def thread_group(name):
    return re.sub(r"[-#]?\d+$", "", re.sub(r"-\d+-", "-N-", name))


def stage(frames):
    for frame in frames:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name, frame
    return "other", frames[0] if frames else "?"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    threads, stages, unclaimed = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for thread, frames in samples(path):
        total += 1
        threads[thread_group(thread)] += 1
        name, frame = stage(frames)
        stages[name] += 1
        if name == "other":
            unclaimed[frame] += 1
    if not total:
        print(f"  {path}: no execution samples")
        return
    print(f"  {total} CPU samples in {path}")
    print("  by thread group:")
    for group, count in threads.most_common(8):
        print(f"    {100 * count / total:5.1f}%  {group}")
    print("  by stage (innermost known frame):")
    for name, count in stages.most_common():
        print(f"    {100 * count / total:5.1f}%  {name}")
    print(f"  innermost frames of the unclaimed samples (top {top}):")
    for frame, count in unclaimed.most_common(top):
        print(f"    {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
