"""Which torch releases each page's code was verified on, read from the records the test runs leave.

A run of the tests (the README's test command on the pinned torch, ``nox`` on each other listed
release) records each example it checked, and whether the check passed, in
``test-artifacts/verified/torch-<version>-<device>.json`` (the snippet harness's plugin writes it
when the run ends, merged with what earlier runs of that version recorded).  Each entry carries a
fingerprint of what ran: the example's code and settings and the stored files its run was compared
with on that version.  A page claims a version (hooks/page_meta.py) only when every example it
shows passed there with its files as they are now, and no run of those files failed: a version
that did not run, or ran other code, is not claimed.  Records are read from every ``*.json`` under
that folder, so the records of several machines (CI's split test jobs) can be put side by side.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from site_model import versions
from site_model.examples import SETTINGS, Example, folder_settings

RECORDS = "test-artifacts/verified"  # under the site folder
DEVICES = {"cpu": "CPU", "cuda": "CUDA"}


def fingerprint(example: Example, version: str, pinned: str | None) -> str:
    """What a check of ``example`` on torch ``version`` compared (``pinned``: the pinned release): its
    code, its settings, and the stored output (``Example.output_on``) and picture."""
    digest = hashlib.sha256(example.source.encode())
    try:
        entry = folder_settings(example.output.parent / SETTINGS, example.settings_file)
    except ValueError:  # an examples.toml that does not read: its check fails, whatever the fingerprint
        entry = {}
    digest.update(json.dumps(entry.get(example.output.stem, {}), sort_keys=True).encode())
    for path in (example.output_on(version, pinned), example.picture):
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>"))
    return digest.hexdigest()[:20]


@dataclasses.dataclass(frozen=True)
class Record:
    torch: str  # the version as installed: 2.13.0+cpu
    device: str  # cpu, cuda
    examples: dict[str, dict]  # example name -> {"fingerprint": ..., "passed": bool}


def record_path(root: Path, torch: str, device: str) -> Path:
    return Path(root) / RECORDS / f"torch-{torch}-{device}.json"


def write(root: Path, torch: str, device: str, checked: dict[str, tuple[str, bool]]) -> Path:
    """Merge ``checked`` (example name -> (fingerprint, passed)) into this machine's record of
    ``torch`` on ``device`` (``rm -rf test-artifacts/verified`` starts afresh); returns its path."""
    path = record_path(root, torch, device)
    known = json.loads(path.read_text(encoding="utf-8"))["examples"] if path.is_file() else {}
    for name, (mark, ok) in checked.items():  # a failure of the same files stays: a later pass does not undo it
        before = known.get(name, {})
        known[name] = {"fingerprint": mark, "passed": ok and (before.get("fingerprint") != mark or before["passed"])}
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(f".{os.getpid()}.tmp")
    scratch.write_text(json.dumps({"torch": torch, "device": device, "examples": dict(sorted(known.items()))},
                                  ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    scratch.replace(path)
    return path


def read(root: Path) -> list[Record]:
    """Every record under ``root``'s records folder (a file that is no record raises ValueError)."""
    found = []
    for path in sorted((Path(root) / RECORDS).rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(Record(str(data["torch"]), str(data["device"]), dict(data["examples"])))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: 不是测试留下的运行记录（{error!r}）") from None
    return found


def verified_on(examples: list[Example], records: list[Record], pinned: str | None) -> list[tuple[str, str]]:
    """(version, device) for each run in which all ``examples`` passed as their files are now, and
    no run failed with those files (``pinned``: the pinned release), oldest version first; none for
    no examples."""
    by_run: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        by_run.setdefault((record.torch, record.device), []).append(record)
    found = []
    for (torch, device), runs in by_run.items():
        def outcomes(example, runs=runs, torch=torch):
            mine = fingerprint(example, torch, pinned)
            return {entry["passed"] for r in runs if (entry := r.examples.get(example.name))
                    and entry["fingerprint"] == mine}
        if examples and all(outcomes(example) == {True} for example in examples):
            found.append((torch, device))
    return sorted(found, key=lambda run: (versions.sort_key(run[0]), run[1]))


def stamp(runs: list[tuple[str, str]]) -> str:
    """``torch 2.13.0+cpu、2.14.1（CPU）``: the versions, per device ("" for no run)."""
    per_device: dict[str, list[str]] = {}
    for torch, device in runs:
        per_device.setdefault(device, []).append(torch)
    return " 和 ".join(f"torch {'、'.join(found)}（{DEVICES.get(d, d)}）" for d, found in per_device.items())
