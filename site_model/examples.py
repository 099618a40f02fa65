"""What runs as an example, and every setting and comment the harness reads from it: defined here only.

An example is a snippet (``snippets/<page>/<name>.py``) or a notebook page (``docs/<name>.py``).
Its output is stored beside it (``<name>.out``; a notebook page's under snippets/), and so is its
picture (``<name>.svg``) when it asks for one, and the output of another torch release that prints
something else (``<name>.torch-<release>.out``, site_model/versions.py).  How the harness runs it is written in
``examples.toml`` in the folder of its output, never in the code a reader copies (``Settings``).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import tomllib
from pathlib import Path

from site_model import versions

SETTINGS = "examples.toml"
PICTURE = re.compile(r"(?P<root>[A-Za-z_]\w*) 的计算图|(?P<matmul>矩阵乘法的形状)")
# the comment lines that once set these inside the examples; a reader must never see them
RETIRED_DIRECTIVE = re.compile(r"#[ \t]*(?:(?:画图|预期警告)[ \t]*[:：]|随机数因设备而异)[^\n<\"]*")
OUTPUT_CLAIM = re.compile(r"#\s*输出\s*[:：]\s*(?P<claim>\S.*?)\s*$")  # a reader's comment, checked against the output


class SettingsError(ValueError):
    """A folder's examples.toml says something the harness cannot do; the message names the file."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """How the harness runs one example: ``[<example name>]`` tables in examples.toml, with any of

    - ``picture = "loss 的计算图"`` or ``"矩阵乘法的形状"``: draw a picture from the run;
    - ``expected_warnings = ["UserWarning"]``: these warnings are part of the output and must happen
      (any other warning fails the example);
    - ``random_numbers = true``: its printed numbers come from the seeded random generator, which
      gives other numbers on CUDA, so on CUDA only the structure of the output is compared."""

    picture: tuple[str, str] | None = None  # ("graph", the tensor's name) or ("matmul", "")
    expected_warnings: tuple[str, ...] = ()
    random_numbers: bool = False


KEYS = [f.name for f in dataclasses.fields(Settings)]


@functools.cache
def _table(path: Path, mtime: float, shown_as: str) -> dict[str, dict]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{shown_as}: 不是合法的 TOML：{error}") from None
    if plain := [name for name, entry in table.items() if not isinstance(entry, dict)]:
        raise SettingsError(f"{shown_as}: {plain} 必须写成表 `[<示例名>]`")
    return table


def folder_settings(path: Path, shown_as: str) -> dict[str, dict]:
    """The tables of the examples.toml at ``path`` (empty when there is none); errors name it ``shown_as``."""
    return _table(path, path.stat().st_mtime, shown_as) if path.is_file() else {}


def parse_settings(entry: dict, where: str) -> Settings:
    """One ``[<example name>]`` table as Settings; a wrong key or value raises SettingsError naming ``where``."""
    if unknown := sorted(set(entry) - set(KEYS)):
        raise SettingsError(f"{where}: 未知的键 {unknown}；可用的键：{', '.join(KEYS)}")
    picture, warnings = entry.get("picture"), entry.get("expected_warnings", [])
    random = entry.get("random_numbers", False)
    if picture is not None and not (isinstance(picture, str) and (m := PICTURE.fullmatch(picture))):
        raise SettingsError(f'{where}: picture 只能是 "<张量名> 的计算图" 或 "矩阵乘法的形状"，不是 {picture!r}')
    if not (isinstance(warnings, list) and all(isinstance(w, str) and w.isidentifier() for w in warnings)):
        raise SettingsError(f'{where}: expected_warnings 必须是警告类名的列表，例如 ["UserWarning"]')
    if not isinstance(random, bool):
        raise SettingsError(f"{where}: random_numbers 只能是 true 或 false")
    drawn = None if picture is None else ("matmul", "") if m["matmul"] else ("graph", m["root"])
    return Settings(drawn, tuple(warnings), random)


@dataclasses.dataclass(frozen=True)
class Example:
    path: Path  # the file that runs
    name: str  # its path in the site folder, as messages and tracebacks name it: snippets/backward/basic.py
    output: Path  # where its printed output is stored
    settings_file: str  # the examples.toml of its output's folder, as messages name it

    @property
    def picture(self) -> Path:
        """Where the picture it asks for (``Settings.picture``) is stored."""
        return self.output.with_suffix(".svg")

    def output_on(self, version: str, pinned: str | None) -> Path:
        """The output a run on torch ``version`` must print, ``pinned`` being the pinned release
        (``Site.pinned_torch``): ``output`` on the pinned release; on another, the output recorded
        for its release if there is one, else ``output``.  See site_model/versions.py."""
        recorded = versions.recorded_output(self.output, version)
        return recorded if not versions.is_pinned(version, pinned) and recorded.is_file() else self.output

    @property
    def recorded_outputs(self) -> dict[str, Path]:
        """release -> the output recorded for it beside the pinned one."""
        return versions.recorded_outputs(self.output)

    @property
    def stem(self) -> str:
        return self.path.stem

    @functools.cached_property
    def source(self) -> str:
        """The code, read once: what the runner runs and what its ``# 输出：`` comments are read from."""
        return self.path.read_text(encoding="utf-8")

    @property
    def source_digest(self) -> str:
        """A digest of its code, to tell whether the code changed since its output was checked."""
        return hashlib.sha256(self.source.encode()).hexdigest()[:20]

    @property
    def settings(self) -> Settings:
        """Its settings (defaults when its folder's examples.toml has no table for it); raises SettingsError."""
        entry = folder_settings(self.output.parent / SETTINGS, self.settings_file).get(self.output.stem, {})
        return parse_settings(entry, f"{self.settings_file} [{self.output.stem}]")

    def output_claims(self) -> list[tuple[int, str]]:
        """``# 输出：...`` comments: (line number, the text the comment says is printed)."""
        return [
            (n, m["claim"]) for n, line in enumerate(self.source.splitlines(), 1) if (m := OUTPUT_CLAIM.search(line))
        ]
