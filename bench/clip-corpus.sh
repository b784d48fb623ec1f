#!/usr/bin/env bash
# Builds bench/data/clip/{appstream-train,appstream-heldout,fashion-captions,fashion-test}.zip: real
# image-text pairs from Debian's AppStream metadata (icons <-> summaries, categories as labels) and
# captioned Fashion-MNIST, seeded, counts and sha256 printed (see clip-corpus.py --help).
# The AppStream files come from apt itself: when they are missing, this runs apt-get update with the
# DEP-11 index targets enabled (needs root; nothing else is downloaded).
set -euo pipefail
LISTS=/var/lib/apt/lists
DEP11="$LISTS/deb.debian.org_debian_dists_bookworm_main_dep11"
if [[ ! -f "${DEP11}_Components-amd64.yml.gz" || ! -f "${DEP11}_icons-64x64.tar.gz" ]] \
    && [[ " $* " != *" --only fashion "* ]]; then
  if [[ "$(id -u)" == "0" ]]; then
    apt-get update -qq -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=true \
      -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=true
  else
    echo "The DEP-11 lists are missing; as root run: apt-get update" \
      "-o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=true" \
      "-o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=true" >&2
    exit 1
  fi
fi
# Debian's python3 sees apt's packages (python3-pil, which --clipart needs); a pyenv one may not.
PYTHON=python3
[[ -x /usr/bin/python3 ]] && PYTHON=/usr/bin/python3
exec "$PYTHON" "$(dirname "$0")/clip-corpus.py" "$@"
