"""What the runner is asked to run (``Job``) and what comes back (``Result``): shared by the
process that asks, the runner process and its forked children, so it imports nothing heavy."""

from __future__ import annotations

import dataclasses
import signal
from typing import NamedTuple

MAX_LINES, MAX_BYTES = 200, 20_000  # what a page can show


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

    @property
    def too_long(self) -> bool:
        return self.stdout.count("\n") > MAX_LINES or len(self.stdout.encode()) > MAX_BYTES

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.stderr.strip() and not self.too_long

    def problem(self, name: str, timeout: float) -> str:
        """Say why this run failed, in one message naming ``name``."""
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
