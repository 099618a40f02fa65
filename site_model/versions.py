"""The torch releases a site is verified on, and the outputs recorded for one release only.

The pinned release is requirements.txt's ``torch==X`` (the stored ``<name>.out`` files are its
outputs); the others are listed once in pyproject.toml, ``[tool.site] also_verified_on``.  When
an example truly prints something else on a listed release (a reworded message, a new warning),
that release's whole output is recorded beside the pinned one as ``<name>.torch-<release>.out``:
on that release it is what the run must print, and the page shows, under the output, the lines
in which it differs (``changed_lines``).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

PIN = re.compile(r"^torch\s*==\s*(?P<release>\d[^\s;#+]*)", re.MULTILINE)  # a local label or marker may follow


def release(version: str) -> str:
    """A torch version without its local label: ``2.13.0`` for ``2.13.0+cpu``."""
    return version.split("+")[0]


def is_pinned(version: str, pinned: str | None) -> bool:
    """Whether torch ``version`` is the pinned release ``pinned`` (any release is, with no pin)."""
    return pinned in (None, release(version))


def sort_key(version: str) -> list:
    """Orders versions by their numbers: 2.9.0 before 2.14.1."""
    return [(0, int(n), "") if n.isdigit() else (1, 0, n) for n in version.replace("+", ".").split(".")]


def pinned(root: Path) -> str | None:
    """The release requirements.txt in ``root`` pins (None: no requirements.txt, or no torch pin in it)."""
    path = Path(root) / "requirements.txt"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if m := PIN.search(text):
        return m["release"]
    if loose := re.search(r"^torch\s*(?:[<>!~=;]|$).*", text, re.MULTILINE):
        raise ValueError(f"{path}: torch 必须固定到一个版本（torch==x.y.z），不是 {loose[0]!r}")
    return None


def also_verified_on(root: Path) -> list[str]:
    """The other releases pyproject.toml in ``root`` lists (``[tool.site] also_verified_on``)."""
    path = Path(root) / "pyproject.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return list(data.get("tool", {}).get("site", {}).get("also_verified_on", []))


def recorded_output(output: Path, version: str) -> Path:
    """Where the output of one release is recorded, beside the pinned one (``output``)."""
    return output.with_name(f"{output.stem}.torch-{release(version)}.out")


def recorded_outputs(output: Path) -> dict[str, Path]:
    """release -> its recorded output, for every release recorded beside ``output``."""
    prefix = f"{output.stem}.torch-"
    found = {p.name[len(prefix) : -len(".out")]: p for p in output.parent.glob("*.out") if p.name.startswith(prefix)}
    return dict(sorted(found.items(), key=lambda item: sort_key(item[0])))


def changed_lines(pinned_text: str, recorded_text: str) -> list[tuple[str, list[str]]]:
    """(where, the recorded lines) for each place where a release's output differs from the pinned
    one: ``("第 3 行变为", [...])``, ``("第 2 行之后多出", [...])``, ``("少了第 4–5 行", [])``."""
    a, b = pinned_text.splitlines(), recorded_text.splitlines()
    found = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        lines = f"第 {i1 + 1} 行" if i2 - i1 == 1 else f"第 {i1 + 1}–{i2} 行"
        if tag == "replace":
            found.append((f"{lines}变为", b[j1:j2]))
        elif tag == "delete":
            found.append((f"少了{lines}", []))
        elif tag == "insert":
            found.append((f"第 {i1} 行之后多出" if i1 else "最前面多出", b[j1:j2]))
    return found
