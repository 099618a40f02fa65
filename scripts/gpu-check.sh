#!/usr/bin/env bash
# The GPU check, run on the device machine from the repository root with .whl carried along
# (see scripts/gpu-wheels.sh): every example on CPU, and again with CUDA as torch's default
# device, compared with the stored CPU outputs.  Writes its log to $OUT (or ./gpu-check).
set -uo pipefail
out=${OUT:-gpu-check}; mkdir -p "$out"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site PYTHONUNBUFFERED=1
{
  nvidia-smi -L
  python3 -c "import torch, sys; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))"
  start=$SECONDS
  python3 -m pytest -n 0 -p no:cacheprovider -q -rA docs tests/test_examples.py
  status=$?
  echo "GPU suite: exit $status, $((SECONDS - start)) s"
} 2>&1 | tee "$out/gpu-log.txt"
