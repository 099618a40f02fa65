#!/usr/bin/env bash
# The GPU check, run on the device machine from the repository root with .whl carried along
# (see scripts/gpu-wheels.sh): every example on CPU with that machine's own torch first, then again
# with CUDA as torch's default device, compared with the stored CPU outputs; an example that differs
# is then put down to the torch version (it differs on the CPU too) or to the device (only on CUDA).
# Writes its log and both JUnit reports to $OUT (or ./gpu-check).
set -uo pipefail
out=${OUT:-gpu-check}; mkdir -p "$out"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site PYTHONUNBUFFERED=1
{
  nvidia-smi -L
  python3 -c "import torch, sys; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))"
  start=$SECONDS
  # 1. every example on this machine's torch, on the CPU: what differs here is the torch version's doing
  python3 -m pytest -n 0 -p no:cacheprovider -q -rA docs tests/test_examples.py::test_notebook --junitxml="$out/cpu.xml"
  cpu=$?
  # 2. every example again with CUDA as torch's default device
  python3 -m pytest -n 0 -p no:cacheprovider -q -rA tests/test_examples.py -k cuda --junitxml="$out/cuda.xml"
  cuda=$?
  # 3. each example that differs on CUDA: also on the CPU (the version) or only on CUDA (the device)
  python3 - "$out/cpu.xml" "$out/cuda.xml" <<'PY'
import re, sys, xml.etree.ElementTree as ET
def failed(path):
    names = set()
    for case in ET.parse(path).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            m = re.search(r"\[(.+)\]$", case.get("name", ""))
            names.add(m[1] if m else case.get("name", ""))
    return names
cpu, cuda = failed(sys.argv[1]), failed(sys.argv[2])
for name in sorted(cpu | cuda):
    why = "在 CPU 上就不同：这台机器的 torch 版本所致" if name in cpu else "只在 CUDA 上不同：设备所致"
    print(f"{name}: {why}")
print(f"CPU 上不同 {len(cpu)} 个，只在 CUDA 上不同 {len(cuda - cpu)} 个")
PY
  echo "GPU check: CPU exit $cpu, CUDA exit $cuda, $((SECONDS - start)) s"
} 2>&1 | tee "$out/gpu-log.txt"
