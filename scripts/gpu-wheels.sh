#!/usr/bin/env bash
# Puts into .whl/ (ignored by git) what the snippet harness needs on the GPU machine, which reaches
# no package registry and has its own torch, numpy, matplotlib and pytest for Python 3.12: a wheel
# of this repository's tooling (site_model, snippet_harness and its pytest11 entry point) and the
# pure-Python packages it imports (and pytest-xdist, which pyproject.toml's `-n` needs).  Run here, then carry .whl to the device and run scripts/gpu-check.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
pin() { grep -E "^$1==" requirements.txt | head -1 | cut -d';' -f1; }
packages=(
  "$(pin pytest-doctestplus)" "$(pin markdown-it-py)" "$(pin mdit-py-plugins)" "$(pin PyYAML)" "$(pin networkx)"
  "$(pin pytest-xdist)" "$(pin landlockpy)" mdurl==0.1.2 execnet==2.1.2
)
rm -rf .whl && mkdir .whl
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  -d .whl "${packages[@]}"
rm -rf build ./*.egg-info  # setuptools would pack stale files left in build/
python3 -m pip wheel -q --no-deps -w .whl .
rm -rf build ./*.egg-info
ls .whl
