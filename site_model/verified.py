"""What a page's stamp says: the torch releases and devices on which the repository declares its
examples verified.  The stamp is a function of the repository alone, never of what a test run
left behind, so every build of one commit says the same.

- On CPU it names the pinned release (requirements.txt) and each release pyproject.toml lists
  (``[tool.site] also_verified_on``).  That is true of every published build because the
  publishing workflow deploys nothing unless the test command (on the pin) and ``nox`` (on each
  listed release) passed on that commit.
- On another device (CUDA) it names a run recorded in a file committed under ``device_runs/``,
  and only on pages whose examples are all unchanged since that run: the record keeps a
  fingerprint of each example it covered (``fingerprint``), and one edit to an example's code,
  settings, stored output or picture takes the device off that page's stamp.

A record is a JSON object::

    {"device": "CUDA", "name": "NVIDIA H200", "torch": "2.14.1+cu128", "cuda": "12.8",
     "date": "2026-12-05", "commit": "<sha>", "examples": {"snippets/backward/basic.py": "<fingerprint>"}}
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from site_model.examples import SETTINGS, Example, folder_settings

DEVICE_RUNS = "device_runs"  # under the site folder: one committed record per device run


def fingerprint(example: Example) -> str:
    """What a device run checked of ``example``: its code, its settings, its stored output and picture."""
    digest = hashlib.sha256(example.source.encode())
    try:
        entry = folder_settings(example.output.parent / SETTINGS, example.settings_file)
    except ValueError:  # an examples.toml that does not read fails the example's test
        entry = {}
    digest.update(json.dumps(entry.get(example.output.stem, {}), sort_keys=True).encode())
    for path in (example.output, example.picture):
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>"))
    return digest.hexdigest()[:20]


@dataclasses.dataclass(frozen=True)
class DeviceRun:
    """One committed record of the examples run on a device."""

    device: str  # the kind the stamp names: "CUDA"
    name: str  # the card: "NVIDIA H200"
    torch: str  # the torch that ran them, as installed: "2.14.1+cu128"
    examples: dict[str, str]  # example name -> its fingerprint when it passed there

    def covers(self, examples: list[Example]) -> bool:
        """Whether every one of ``examples`` passed in this run and is unchanged since."""
        return bool(examples) and all(self.examples.get(e.name) == fingerprint(e) for e in examples)


def device_runs(root: Path) -> list[DeviceRun]:
    """The device runs committed under ``root``; a file that is no such record raises ValueError naming it."""
    found = []
    for path in sorted((Path(root) / DEVICE_RUNS).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(DeviceRun(str(data["device"]), str(data["name"]), str(data["torch"]), dict(data["examples"])))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: 不是设备运行记录（{error!r}）") from None
    return found


def stamp(pinned: str | None, also_verified_on: list[str], runs: list[DeviceRun], examples: list[Example]) -> str:
    """The versions a page showing ``examples`` names: ``torch 2.13.0、2.14.1（CPU）``, followed by each
    device run that covers them all; "" without a pinned torch or without examples.

    ```python
    from pathlib import Path

    import site_model
    from site_model.verified import stamp

    site = site_model.load(Path("."))
    examples = site.examples_shown_on(site.docs / "backward.md")
    assert stamp("2.13.0", ["2.14.1"], [], examples) == "torch 2.13.0、2.14.1（CPU）"
    assert stamp(None, ["2.14.1"], [], examples) == "" and stamp("2.13.0", [], [], []) == ""
    ```
    """
    if pinned is None or not examples:
        return ""
    parts = [f"torch {'、'.join([pinned, *also_verified_on])}（CPU）"]
    parts += [f"torch {run.torch}（{run.device}，{run.name}）" for run in runs if run.covers(examples)]
    return " 和 ".join(parts)
