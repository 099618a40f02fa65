"""Run example code in forked children of a process that imported torch once.

Importing torch costs seconds, running a small example milliseconds.  A runner process imports
``PRELOAD`` once and forks a child per example, ``parallel`` at a time from one ``select`` loop
(no threads, so forking stays safe).  Whatever an example changes (random state, default dtype
and device, grad mode, print options, warning filters, working directory, imported modules)
dies with its child; a hanging one is killed, with anything it started, at its deadline.

Inside a child the code runs as ``__main__`` with fresh globals, in an empty temporary
directory, and may write nowhere else (an audit hook refuses, naming the path).  Every warning
is an error, except the categories the job expects (``expected_warnings`` in the folder's
examples.toml): such a warning is printed into the output where it happens, and must happen.  The random
generators get a fresh seed, so an example that forgets to seed itself prints other numbers on
each run.  ``device`` becomes torch's default device.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import NamedTuple

PRELOAD = ("torch", "torch.nn", "torch.optim", "torch._dynamo", "numpy", "matplotlib.pyplot",
           "snippet_harness.pictures")
MAX_LINES, MAX_BYTES = 200, 20_000  # what a page can show
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Job(NamedTuple):
    source: str
    filename: str  # the path tracebacks name
    device: str = "cpu"
    expected_warnings: tuple[str, ...] = ()  # warning categories printed into the output, which must happen
    picture: tuple[str, str] | None = None  # what to draw after the run (pages.Settings, pictures.draw)


@dataclasses.dataclass
class Result:
    stdout: str
    stderr: str
    status: int | None  # exit status; None when killed at the deadline
    picture: str | None = None  # the SVG an example asked for (snippet_harness/pictures.py)

    @property
    def too_long(self) -> bool:
        return self.stdout.count("\n") > MAX_LINES or len(self.stdout.encode()) > MAX_BYTES

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.stderr.strip() and not self.too_long

    def problem(self, name: str, timeout: float) -> str:
        """Why this run failed, in one message naming ``name``."""
        if self.status is None:
            return f"{name}: still running after {timeout:g} s; killed (does it loop or wait forever?)"
        if self.too_long:
            return (f"{name}: prints {self.stdout.count(chr(10))} lines, {len(self.stdout.encode())} bytes; "
                    f"a page can show at most {MAX_LINES} lines or {MAX_BYTES} bytes")
        if self.status < 0:
            return f"{name}: killed by {signal.Signals(-self.status).name}\n{self.stderr}"
        if self.status:
            return f"{name} raised an error:\n{self.stderr}"
        return (f"{name}: wrote to stderr (a warning is an error unless its examples.toml expects it: "
                f"`expected_warnings = [\"UserWarning\"]`):\n{self.stderr}")


def _refuse_writes_outside(workdir: str):
    allowed = (os.path.realpath(workdir) + os.sep, "/dev/")

    def hook(event, args):
        if event not in ("open", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.rmtree") \
                or not isinstance(args[0], (str, bytes, os.PathLike)) \
                or event == "open" and not (isinstance(args[2], int) and args[2] & WRITES):
            return
        if not (os.path.realpath(os.fsdecode(args[0])) + os.sep).startswith(allowed):
            raise PermissionError(f"the example writes outside its temporary directory: {args[0]}")
    return hook


def _child(job: Job, workdir: str, capture: str) -> None:
    """Runs in the forked child; never returns."""
    import builtins
    import random
    import warnings

    import numpy
    import torch

    from snippet_harness import pictures

    status = 1
    try:
        os.setsid()  # its own process group, so a timeout kills anything it started
        resource.setrlimit(resource.RLIMIT_FSIZE, (50 * MAX_BYTES, resource.RLIM_INFINITY))
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(os.path.join(capture, name), os.O_WRONLY | os.O_CREAT), fd)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        sys.stdin = open(os.devnull, encoding="utf-8")
        os.chdir(workdir)
        os.environ["TMPDIR"] = tempfile.tempdir = workdir
        sys.argv, sys.dont_write_bytecode = [job.filename], True
        torch.seed(), random.seed(), numpy.random.seed()
        if job.device != "cpu":
            torch.set_default_device(job.device)
        warnings.resetwarnings()
        warnings.simplefilter("error")
        declared, seen = job.expected_warnings, []
        for name in declared:
            category = getattr(builtins, name, None) or getattr(torch.jit, name, None)
            if not (isinstance(category, type) and issubclass(category, Warning)):
                raise NameError(f"expected_warnings: {name} is not a warning category")
            warnings.filterwarnings("always", category=category)
        warnings.showwarning = lambda message, category, *_, **__: (
            seen.append(category.__name__), print(f"{category.__name__}: {message}"))
        drawing = job.picture
        picture = os.open(os.path.join(capture, "picture"), os.O_WRONLY | os.O_CREAT) if drawing else None
        sys.addaudithook(_refuse_writes_outside(workdir))
        namespace = {"__name__": "__main__", "__file__": job.filename, "__builtins__": builtins}
        try:
            with (recorder := pictures.Recorder()) if drawing else contextlib.nullcontext():
                exec(compile(job.source, job.filename, "exec", dont_inherit=True), namespace)
            if drawing:
                name = "picture-" + "-".join(Path(job.filename).with_suffix("").parts[-2:])
                os.write(picture, pictures.draw(drawing, namespace, recorder, name).encode())
        except BaseException as exc:  # noqa: BLE001 - the example's own error, shown as its own
            sys.stdout.flush()
            tb = None if isinstance(exc, SyntaxError) else exc.__traceback__.tb_next  # not this frame
            traceback.print_exception(type(exc), exc, tb)
        else:
            if missing := [name for name in declared if name not in seen]:
                print(f"expects {', '.join(missing)} (expected_warnings in examples.toml), "
                      "but no such warning was raised", file=sys.stderr)
            status = 1 if missing else 0
    except BaseException:  # noqa: BLE001 - a failure in setting up the child
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


class _Run:
    def __init__(self, key, job: Job, timeout: float):
        self.key, self.deadline = key, time.monotonic() + timeout
        self.workdir, self.capture = tempfile.mkdtemp(prefix="snippet-"), tempfile.mkdtemp(prefix="snippet-out-")
        self.sentinel, theirs = os.pipe()  # readable (EOF) once the child is gone
        self.pid = os.fork()
        if self.pid == 0:
            _child(job, self.workdir, self.capture)
        os.close(theirs)

    def finish(self, killed: bool) -> Result:
        if killed:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        os.close(self.sentinel)
        out, err, picture = (Path(self.capture, n).read_text("utf-8", "replace") if Path(self.capture, n).exists()
                             else None for n in ("stdout", "stderr", "picture"))
        for folder in (self.workdir, self.capture):
            shutil.rmtree(folder, ignore_errors=True)
        return Result(out or "", err or "", None if killed else status, picture)


def run_many(jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
    """Run ``{key: Job}``, at most ``parallel`` at once; return ``{key: Result}``."""
    parallel = max(1, parallel or os.cpu_count() or 1)
    # longest source first, so that a slow example (the notebook) does not start last
    pending = sorted(jobs.items(), key=lambda item: -len(item[1].source))
    running: dict[int, _Run] = {}
    results = {}
    try:
        while pending or running:
            while pending and len(running) < parallel:
                run = _Run(*pending.pop(0), timeout)
                running[run.sentinel] = run
            wait = max(0.0, min(r.deadline for r in running.values()) - time.monotonic())
            ready = select.select(list(running), [], [], wait)[0]
            for fd, run in list(running.items()):
                if fd in ready or time.monotonic() >= run.deadline:
                    results[run.key] = running.pop(fd).finish(killed=fd not in ready)
    finally:
        for run in running.values():
            run.finish(killed=True)
    return results


class RunnerProcess:
    """``run_many`` in a process started now, with ``env`` added to its environment, that
    imports ``PRELOAD`` at once: the imports overlap whatever the caller does meanwhile
    (pytest's collection), and the caller never imports torch nor forks."""

    def __init__(self, env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from snippet_harness.runner import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=Path(__file__).parent.parent,
            env={**os.environ, **(env or {}), "GLIBC_TUNABLES": ":".join(filter(None, [
                os.environ.get("GLIBC_TUNABLES"), "glibc.malloc.hugetlb=1"]))})

    def submit(self, jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> RunnerProcess:
        """Send ``jobs``; ``results()`` waits for what they printed."""
        try:
            pickle.dump((jobs, timeout, parallel), self.proc.stdin)
            self.proc.stdin.flush()
            return self
        except BrokenPipeError:
            return self  # results() says that it died

    def results(self) -> dict:
        try:
            return pickle.load(self.proc.stdout)
        except EOFError:
            raise RuntimeError(f"the example runner died (status {self.proc.wait()}); its error is above") from None

    def run_many(self, jobs: dict, **how) -> dict:
        return self.submit(jobs, **how).results()

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


def _use_huge_pages() -> None:
    """Back this process's anonymous memory with 2 MB pages where Linux allows it: forking it and
    ending a child then touch far fewer page-table entries.  Measured here, interleaved: an empty
    example cost 19.1 -> 10.0 ms one at a time, 9.9 -> 5.8 ms two at a time.  malloc's memory is
    on huge pages already (RunnerProcess sets glibc.malloc.hugetlb=1); ``MADV_COLLAPSE`` (Linux
    6.1+) does the rest.  Where either is missing only the speed changes."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    libc, huge = ctypes.CDLL(None), 2 << 20
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split()
        if fields[1].startswith("rw") and (len(fields) < 6 or fields[5] == "[heap]"):
            start, end = (int(x, 16) for x in fields[0].split("-"))
            start, end = -(-start // huge) * huge, end // huge * huge
            for advice in (14, 25):  # MADV_HUGEPAGE, MADV_COLLAPSE
                libc.madvise(start, max(0, end - start), advice)


def serve() -> None:
    """The loop of a RunnerProcess: preload, then answer requests until stdin closes."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the imports print goes to stderr, not into the replies
    for name in PRELOAD:
        __import__(name)
    sys.modules["numpy"].random.seed()  # builds its generator's state once, not in every child
    _use_huge_pages()
    while True:
        try:
            jobs, timeout, parallel = pickle.load(sys.stdin.buffer)
        except EOFError:
            os._exit(0)  # skips the interpreter's slow teardown of torch
        pickle.dump(run_many(jobs, timeout=timeout, parallel=parallel), replies)
        replies.flush()


def device_problem(device: str, runner: RunnerProcess) -> str | None:
    """Why examples cannot run on ``device`` here, or None.  Asked in a child, so that no
    long-lived process initialises CUDA (a forked child could not use it then)."""
    if not any(os.path.exists(p) for p in ("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/nvidia0")):
        return "no NVIDIA driver on this machine (no /proc/driver/nvidia, /dev/nvidiactl or /dev/nvidia0)"
    probe = runner.run_many({0: Job(f"import torch\ntorch.empty(1, device={device!r})\n", "<probe>")})[0]
    return None if probe.ok else f"torch cannot use it here ({(probe.stderr.strip().splitlines() or ['?'])[-1]})"

