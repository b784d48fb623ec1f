#!/usr/bin/env bash
# Builds bench/data/debian/{labeled,unlabeled}.jsonl from apt's package descriptions (see debian-corpus.py).
exec python3 "$(dirname "$0")/debian-corpus.py" "$@"
