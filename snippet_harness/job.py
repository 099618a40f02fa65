"""What the runner is asked to run (``Job``) and what comes back (``Result``): shared by the
process that asks, the runner process and its forked children, so it imports nothing heavy."""

from __future__ import annotations

import dataclasses
import signal
from typing import NamedTuple

MAX_LINES, MAX_BYTES = 200, 20_000  # what a page can show
BOX_RULE = "示例只能在它的临时文件夹里写文件，不能联网"


class Escape(NamedTuple):
    """What an example tried beyond its box (child.py notes each; box.py's kernel rules refuse them)."""

    kind: str  # "write", "net", "denied" (refused by the kernel, path unknown) or "spawn" (ran, boxed)
    line: int | None  # the example's line that did it
    detail: str  # the path, the address, the error or the command

    @property
    def refused(self) -> bool:
        return self.kind != "spawn"

    @property
    def message(self) -> str:
        return {
            "write": f"写到示例文件夹以外：{self.detail}（被拒绝；{BOX_RULE}）",
            "net": f"联网被拒绝：{self.detail}（{BOX_RULE}）",
            "denied": f"被操作系统拒绝：{self.detail}（{BOX_RULE}）",
            "spawn": f"运行了别的程序：{self.detail}（它也在同一个隔离里：{BOX_RULE}）",
        }[self.kind]

    def __str__(self) -> str:
        return (f"第 {self.line} 行：" if self.line else "") + self.message

    def row(self) -> str:
        """One line of the child's capture file ``escapes`` (``read_all`` reads them back)."""
        return f"{self.kind}\t{self.line or ''}\t{' '.join(self.detail.split())}\n"

    @classmethod
    def read_all(cls, text: str) -> tuple[Escape, ...]:
        rows = (line.split("\t", 2) for line in text.splitlines() if line.count("\t") >= 2)
        return tuple(cls(kind, int(line) if line else None, detail) for kind, line, detail in rows)


class Job(NamedTuple):
    source: str
    filename: str  # the path tracebacks name
    device: str = "cpu"
    expected_warnings: tuple[str, ...] = ()  # warning categories printed into the output, which must happen
    picture: tuple[str, str] | None = None  # what to draw after the run (site_model.Settings, pictures.draw)


@dataclasses.dataclass
class Result:
    stdout: str
    stderr: str
    status: int | None  # exit status; None when killed at the deadline
    picture: str | None = None  # the SVG an example asked for (pictures.py)
    imported: tuple[str, ...] = ()  # modules the run imported that the runner had not
    escapes: tuple[Escape, ...] = ()  # what it tried beyond its box, in order

    @property
    def too_long(self) -> bool:
        return self.stdout.count("\n") > MAX_LINES or len(self.stdout.encode()) > MAX_BYTES

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.stderr.strip() and not self.too_long and not self.refused

    @property
    def refused(self) -> tuple[Escape, ...]:
        """What the box refused it (a program it ran is only noted)."""
        return tuple(e for e in self.escapes if e.refused)

    def problem(self, name: str, timeout: float) -> str:
        """Say why this run failed, in one message naming ``name``; first what it tried beyond its box."""
        if not self.escapes:
            return self.failure(name, timeout)
        said = "\n".join(f"  {escape}" for escape in self.escapes)
        failed = self.failure("它", timeout) if self.status != 0 or self.stderr.strip() or self.too_long else ""
        return f"{name} 越出了它的隔离：\n{said}\n{failed}".rstrip("\n")

    def failure(self, name: str, timeout: float) -> str:
        """Say why this run failed, not counting its escapes."""
        if self.status is None:
            return f"{name}：运行超过 {timeout:g} 秒仍未结束，已终止（是不是死循环或在等待输入？）"
        if self.too_long:
            return (
                f"{name}：打印了 {self.stdout.count(chr(10))} 行、{len(self.stdout.encode())} 字节；"
                f"一个页面最多显示 {MAX_LINES} 行或 {MAX_BYTES} 字节"
            )
        if self.status < 0:
            return f"{name}：被信号 {signal.Signals(-self.status).name} 终止\n{self.stderr}"
        if self.status:
            return f"{name} 运行出错：\n{self.stderr}"
        return (
            f"{name}：向标准错误输出了内容（警告都算错误，除非 examples.toml 里写了 "
            f'`expected_warnings = ["UserWarning"]`）：\n{self.stderr}'
        )
