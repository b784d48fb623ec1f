#!/usr/bin/env bash
# Builds bench/data/audio/{unlabeled,labeled,test,test-heldout}.zip: spoken commands synthesised by
# espeak-ng (apt-get install espeak-ng), seeded, sha256 printed (see audio-corpus.py --help).
set -euo pipefail
command -v espeak-ng >/dev/null || { echo "espeak-ng is not installed: apt-get install -y espeak-ng" >&2; exit 1; }
exec python3 "$(dirname "$0")/audio-corpus.py" "$@"
