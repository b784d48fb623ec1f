"""The packaged jar as a process, for the fault-injection benches (faults.py, storage-faults.py):
start it on a data folder and wait for readiness, stop it with SIGTERM; and IDX slices of the
Fashion-MNIST files to upload."""
import gzip
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


def start(jar, api, port, env, log_path, banner):
    """Starts `java -jar jar` on port with os.environ plus env, its output appended to log_path after
    a banner line; returns the process once api answers readiness (exits the script when the process
    ends first or 180 s pass)."""
    log = open(log_path, "a")
    log.write("\n=== %s ===\n" % banner)
    log.flush()
    process = subprocess.Popen(["java", "-jar", jar, "--server.port=" + str(port)], env=dict(os.environ, **env),
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("server exited with %d at start; see %s" % (process.returncode, log_path))
        try:
            urllib.request.urlopen(api + "/actuator/health/readiness", timeout=2).read()
            return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    sys.exit("server not ready within 180 s; see " + log_path)


def stop(process, timeout):
    """SIGTERM, then SIGKILL when the process has not exited within timeout seconds."""
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def idx_slice(source, target, count, header, item_bytes):
    """The first count items of a gzipped IDX file (header bytes, then item_bytes per item) as another."""
    with gzip.open(source, "rb") as f:
        head = f.read(header)
        body = f.read(count * item_bytes)
    head = head[:4] + count.to_bytes(4, "big") + head[8:]
    with gzip.open(target, "wb") as f:
        f.write(head + body)
