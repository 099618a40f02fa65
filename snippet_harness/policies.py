"""What the harness does with a verdict: one policy, chosen when the harness is made (``choose``).

- ``Check`` (a plain test run, and every run on a device other than the CPU): a run that does not
  match its stored file fails its test, and the message ends with the command that regenerates
  that file.
- ``Regenerate`` (``--regen-all`` on the pinned torch): a stored file that differs beyond float
  noise, or is missing, is rewritten with what the run gave, and only then.
- ``RecordRelease`` (``--regen-all`` on another torch release that pyproject.toml lists): an
  output that truly differs from the pinned one is recorded for that release beside it, and a
  recorded output that no longer differs is dropped.  Pictures are not recorded per release
  (``Kind.per_release``): they are checked.

The command that regenerates a stored file is ``pytest --regen-all -k <name>`` on the pinned torch;
an output recorded for another release is regenerated on that release, through nox.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_model import Example, Site, versions
from snippet_harness import compare
from snippet_harness.stored import Kind, Verdict


def regenerate_command(example: Example) -> str:
    """The command that regenerates an example's stored files on the pinned torch."""
    return f"pytest --regen-all -k {example.stem}"


def record_command(example: Example, release: str) -> str:
    """The command that records an example's output on another listed torch release."""
    return f"nox -s \"examples(torch='{release}')\" -- --regen-all -k {example.stem}"


def fail(message: str, command: str) -> None:
    """Fail the calling test with ``message``, whose last line is ``command``, indented to copy."""
    pytest.fail(f"{message}\n    {command}", pytrace=False)


class Check:
    """Fail the test of a run that does not match its stored file, saying how to regenerate it."""

    def __init__(self, site: Site, torch: str):
        self.site, self.torch, self.release = site, torch, versions.release(torch)
        self.on_pin = versions.is_pinned(torch, site.pinned_torch)  # the stored .out files are this torch's
        self.written: list[str] = []  # the stored files this policy wrote, as messages name them

    def compared_file(self, example: Example, kind: Kind) -> Path:
        """The stored file a run of ``example`` is compared with, for ``kind``."""
        return kind.file_on(example, self.torch, self.site.pinned_torch)

    def act(self, verdict: Verdict) -> None:
        """Fail the calling test unless the run matches."""
        if verdict.missing:
            on = "" if self.on_pin else f"在 torch {self.site.pinned_torch} 上"
            fail(
                f"{verdict.name}：它的{verdict.kind.label} {verdict.stored_name} 还不存在："
                f"{on}用下面的命令生成，再读一遍：",
                regenerate_command(verdict.example),
            )
        if verdict.difference is not None:
            where = "" if self.on_pin else f"，在 torch {self.torch} 上（与 {verdict.stored_name} 比较）"
            advice, command = self.advice(verdict)
            fail(f"{verdict.name}，{verdict.kind.label}{where}：\n{verdict.difference}\n{advice}", command)

    def advice(self, verdict: Verdict) -> tuple[str, str]:
        """What to do about a run that differs from its stored file: a sentence, and the command to run."""
        if self.on_pin:
            return self.regenerate_advice(verdict)
        if verdict.kind.per_release and verdict.device == "cpu":
            return self.record_advice(verdict)
        return self.same_on_every_release_advice(verdict)

    def regenerate_advice(self, verdict: Verdict) -> tuple[str, str]:
        """On the pinned torch, the stored file is regenerated in place."""
        pinned = self.site.rel(verdict.kind.pinned_file(verdict.example))
        sentence = f"如果这是示例的真实变化，用下面的命令重新生成 {pinned}，再用 git diff 读一遍："
        return sentence, regenerate_command(verdict.example)

    def record_advice(self, verdict: Verdict) -> tuple[str, str]:
        """On another release, an output that truly differs on the CPU is recorded for that release."""
        listed = self.release in self.site.also_verified_on
        add = "" if listed else f"（torch {self.release} 还不在 pyproject.toml 的 also_verified_on 里：先把它加进去）"
        sentence = (
            f"如果这是 torch {self.release} 的真实变化，在这个版本上用下面的命令把它记录下来{add}，"
            "页面会在输出下面注明这个版本的不同："
        )
        return sentence, record_command(verdict.example, self.release)

    def same_on_every_release_advice(self, verdict: Verdict) -> tuple[str, str]:
        """A picture, or a run on another device, is held to the pinned torch's file on every release."""
        pin, pinned = self.site.pinned_torch, self.site.rel(verdict.kind.pinned_file(verdict.example))
        if verdict.kind.per_release:
            why = f"在 {verdict.device} 上的不同不按版本记录（输出只在 CPU 上按版本记录）"
        else:
            why = f"{verdict.kind.label}不按版本记录"
        sentence = (
            f"{why}，在每个列出的版本上都必须与 torch {pin} 的 {pinned} 相同；"
            f"如果它确实该变，在 torch {pin} 上用下面的命令重新生成它："
        )
        return sentence, regenerate_command(verdict.example)


class Regenerate(Check):
    """``--regen-all`` on the pinned torch: rewrite a stored file that is missing or truly differs."""

    def compared_file(self, example: Example, kind: Kind) -> Path:
        return kind.pinned_file(example)

    def act(self, verdict: Verdict) -> None:
        if not verdict.matches:
            verdict.stored.write_text(verdict.fresh, encoding="utf-8")
            self.written.append(verdict.stored_name)


class RecordRelease(Check):
    """``--regen-all`` on another listed release: record its output where it truly differs from the pinned one."""

    def compared_file(self, example: Example, kind: Kind) -> Path:
        return kind.pinned_file(example)  # what this release prints is recorded against the pinned output

    def act(self, verdict: Verdict) -> None:
        if not verdict.kind.per_release:
            super().act(verdict)
            return
        if self.release not in self.site.also_verified_on:
            pytest.fail(
                f"{verdict.name}：torch {self.torch} 不在 pyproject.toml 的 also_verified_on 里，"
                "不为它记录输出（先把它加进列表）",
                pytrace=False,
            )
        if verdict.missing:
            fail(
                f"{verdict.name}：先在 torch {self.site.pinned_torch} 上用下面的命令生成它的{verdict.kind.label} "
                f"{verdict.stored_name}：",
                regenerate_command(verdict.example),
            )
        recorded = versions.recorded_output(verdict.stored, self.torch)
        if verdict.matches:
            if recorded.is_file():
                recorded.unlink()
                self.written.append(
                    f"{self.site.rel(recorded)}（已删除：与 torch {self.site.pinned_torch} 的输出一致）"
                )
        elif not recorded.is_file() or not compare.matches(recorded.read_text(encoding="utf-8"), verdict.fresh):
            recorded.write_text(
                compare.as_recorded(verdict.stored.read_text(encoding="utf-8"), verdict.fresh), encoding="utf-8"
            )
            self.written.append(self.site.rel(recorded))


def choose(site: Site, torch: str, *, regenerating: bool) -> Check:
    """The policy of a test session on torch ``torch``: check, or (``--regen-all``) regenerate or record."""
    if not regenerating:
        return Check(site, torch)
    return Regenerate(site, torch) if versions.is_pinned(torch, site.pinned_torch) else RecordRelease(site, torch)
