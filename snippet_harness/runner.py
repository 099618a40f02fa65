"""Run example code in forked children of a process that imported torch once.

Importing torch costs seconds, running a small example milliseconds.  A ``Runner`` is a process
that imports ``PRELOAD`` once and forks a child per example (``child.py`` says what the child
does), ``parallel`` at a time from one ``select`` loop (no threads, so forking stays safe).
Whatever an example changes (random state, default dtype and device, grad mode, print options,
warning filters, working directory, imported modules) dies with its child; a hanging one is
killed, with anything it started, at its deadline.  The process that asks (pytest) never
imports torch nor forks.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from snippet_harness.job import Escape, Job, Result

__all__ = ["Job", "Result", "Runner", "device_problem", "run_jobs", "serve"]

PRELOAD = ("torch", "torch.nn", "torch.optim", "torch._dynamo", "numpy", "matplotlib.pyplot", "snippet_harness.child")


class _Child:
    """One example runs in a forked child until it ends or its deadline passes."""

    def __init__(self, key, job: Job, timeout: float):
        from snippet_harness import child  # preloaded by the runner: imports nothing new

        self.key, self.deadline = key, time.monotonic() + timeout
        self.workdir, self.capture = tempfile.mkdtemp(prefix="snippet-"), tempfile.mkdtemp(prefix="snippet-out-")
        self.sentinel, theirs = os.pipe()  # readable (EOF) once the child is gone
        self.pid = os.fork()
        if self.pid == 0:
            child.run(job, self.workdir, self.capture)
        os.close(theirs)

    def _read(self, name: str) -> str | None:
        path = Path(self.capture, name)
        return path.read_text("utf-8", "replace") if path.exists() else None

    def finish(self, killed: bool) -> Result:
        if killed:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
        status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        os.close(self.sentinel)
        out, err, picture, imported, escapes = map(self._read, ("stdout", "stderr", "picture", "imported", "escapes"))
        for folder in (self.workdir, self.capture):
            shutil.rmtree(folder, ignore_errors=True)
        imported = tuple(filter(None, (imported or "").split("\n")))
        escapes = Escape.read_all(escapes or "")
        return Result(out or "", err or "", None if killed else status, picture, imported, escapes)


def run_jobs(jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
    """Run ``{key: Job}`` here, at most ``parallel`` at once; return ``{key: Result}``."""
    parallel = max(1, parallel or os.cpu_count() or 1)
    # longest source first, so that a slow example (the notebook) does not start last
    pending = sorted(jobs.items(), key=lambda item: -len(item[1].source))
    running: dict[int, _Child] = {}
    results = {}
    try:
        while pending or running:
            while pending and len(running) < parallel:
                started = _Child(*pending.pop(0), timeout)
                running[started.sentinel] = started
            wait = max(0.0, min(c.deadline for c in running.values()) - time.monotonic())
            ready = select.select(list(running), [], [], wait)[0]
            for fd, child in list(running.items()):
                if fd in ready or time.monotonic() >= child.deadline:
                    results[child.key] = running.pop(fd).finish(killed=fd not in ready)
    finally:
        for child in running.values():
            child.finish(killed=True)
    return results


class Runner:
    """A process, started now with ``env`` added to its environment, runs the jobs it is sent (``run_jobs``).

    It imports ``PRELOAD`` at once, overlapping whatever the caller does meanwhile, such as
    pytest's collection.
    """

    def __init__(self, env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from snippet_harness.runner import serve; serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )

    def submit(self, jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> Runner:
        """Send ``jobs`` and return at once; ``results()`` waits for what they printed."""
        try:
            pickle.dump((jobs, timeout, parallel), self.proc.stdin)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # results() says that it died
        return self

    def results(self) -> dict:
        try:
            return pickle.load(self.proc.stdout)
        except EOFError:
            raise RuntimeError(f"运行示例的进程退出了（状态 {self.proc.wait()}），错误信息见上方") from None

    def run(self, jobs: dict, **how) -> dict:
        return self.submit(jobs, **how).results()

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


def serve() -> None:
    """Run the loop of a Runner: preload, then answer requests until stdin closes."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the imports print goes to stderr, not into the replies
    for name in PRELOAD:
        __import__(name)
    sys.modules["numpy"].random.seed()  # builds its generator's state once, not in every child
    while True:
        try:
            jobs, timeout, parallel = pickle.load(sys.stdin.buffer)
        except EOFError:
            os._exit(0)  # skips the interpreter's slow teardown of torch
        pickle.dump(run_jobs(jobs, timeout=timeout, parallel=parallel), replies)
        replies.flush()


def device_problem(device: str, runner: Runner) -> str | None:
    """Say why examples cannot run on ``device`` here, or return None when they can.

    The question is asked in a child, so that no long-lived process initialises CUDA (a forked
    child could not use it then).
    """
    if not any(os.path.exists(p) for p in ("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/nvidia0")):
        return "这台机器没有 NVIDIA 驱动（没有 /proc/driver/nvidia、/dev/nvidiactl 或 /dev/nvidia0）"
    probe = runner.run({0: Job(f"import torch\ntorch.empty(1, device={device!r})\n", "<probe>")})[0]
    return None if probe.ok else f"torch 在这里用不了它（{(probe.stderr.strip().splitlines() or ['?'])[-1]}）"
