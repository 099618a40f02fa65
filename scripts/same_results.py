"""The test command gives the same results on every core as in one process.

    python scripts/same_results.py [more pytest arguments]

Runs ``pytest -n 0`` and ``pytest -n auto`` (pytest-xdist) one after the other, each with a JUnit
report, and compares the outcome of every test (passed, failed, skipped, error).  Prints the count
of each outcome and every test whose outcome differs, or is in one run only; exits 1 if any does.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def outcomes(report: Path) -> dict[str, str]:
    found = {}
    for case in ET.parse(report).iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        found[f"{case.get('classname')}::{case.get('name')}"] = kinds[0] if kinds else "passed"
    return found


def run(workers: str, folder: Path, extra: list[str]) -> dict[str, str]:
    report = folder / f"n-{workers}.xml"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-n", workers, "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *extra],
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    found = outcomes(report)
    print(f"-n {workers}：{time.perf_counter() - start:.0f} s，{dict(Counter(found.values()))}")
    return found


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        serial, parallel = run("0", Path(tmp), sys.argv[1:]), run("auto", Path(tmp), sys.argv[1:])
    differ = sorted(t for t in serial.keys() | parallel.keys() if serial.get(t) != parallel.get(t))
    for test in differ:
        print(f"  {test}: -n 0 {serial.get(test, '（没有运行）')}，-n auto {parallel.get(test, '（没有运行）')}")
    print("结果不同" if differ else f"结果相同：{len(serial)} 个测试")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
