"""Run example code in forked children of one process that imported torch once.

Importing torch costs seconds, running a small example milliseconds.  So the runner imports
what the examples need (``PRELOAD``) once and runs each example in a child forked from it:
whatever an example changes (random state, default dtype and device, grad mode, print
options, warning filters, working directory, imported modules) dies with its child, and a
hanging one is killed, with anything it started, at its deadline.  Children run ``parallel``
at a time from one ``select`` loop (no threads, so forking stays safe).

Inside a child:
- the code runs as ``__main__`` with fresh globals, in an empty temporary directory, and may
  write nowhere else (an audit hook refuses, naming the path);
- every warning is an error, except the categories the code declares with a comment line
  ``# 预期警告: UserWarning``; a declared warning is printed into the output as
  ``UserWarning: <message>`` where it happens, and must actually happen;
- the random generators get a fresh random seed, so an example that forgets to seed itself
  prints other numbers on each run and fails its stored-output check;
- ``device`` (default ``cpu``) becomes torch's default device.

``python -m snippet_harness.runner FILE...`` runs files this way and prints their outputs.
"""

from __future__ import annotations

import dataclasses
import importlib
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

PRELOAD = ("torch", "torch.nn", "torch.optim", "torch._dynamo", "numpy", "matplotlib.pyplot")
EXPECT_WARNING = re.compile(r"^\s*#\s*预期警告\s*[:：]\s*([A-Za-z_][\w.]*)\s*$", re.M)
MAX_LINES, MAX_BYTES = 200, 20_000  # what a page can show
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@dataclasses.dataclass
class Job:
    source: str
    filename: str  # the path tracebacks name
    device: str = "cpu"


@dataclasses.dataclass
class Result:
    stdout: str
    stderr: str
    status: int | None  # exit status; None when killed at the deadline
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.stderr.strip() and not self.too_long

    @property
    def too_long(self) -> bool:
        return self.stdout.count("\n") > MAX_LINES or len(self.stdout.encode()) > MAX_BYTES

    def problem(self, name: str, timeout: float) -> str:
        """Why this run failed, in one message naming ``name``."""
        if self.status is None:
            return f"{name}: still running after {timeout:g} s; killed (does it loop or wait forever?)"
        if self.too_long:
            return (f"{name}: prints {self.stdout.count(chr(10))} lines, {len(self.stdout.encode())} "
                    f"bytes; a page can show at most {MAX_LINES} lines or {MAX_BYTES} bytes")
        if self.status < 0:
            return f"{name}: killed by signal {signal.Signals(-self.status).name}\n{self.stderr}"
        if self.status:
            return f"{name} raised an error:\n{self.stderr}"
        return (f"{name}: wrote to stderr (warnings count as errors; declare one that the page "
                f"shows with `# 预期警告: <类别>`):\n{self.stderr}")


def preload() -> None:
    for name in PRELOAD:
        importlib.import_module(name)
    sys.modules["numpy"].random.seed()  # builds its generator's state once, not in every child


def _only_inside(workdir: str):
    """An audit hook refusing writes (open for writing, remove, rename, mkdir) outside ``workdir``."""
    allowed = (os.path.realpath(workdir) + os.sep, "/dev/")
    events = {"open", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.rmtree"}

    def hook(event, args):
        if event not in events or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        if event == "open" and not (isinstance(args[2], int) and args[2] & WRITE_FLAGS):
            return
        path = os.path.realpath(os.fsdecode(args[0]))
        if not (path + os.sep).startswith(allowed):
            raise PermissionError(f"the example writes outside its temporary directory: {path}")
    return hook


def _child(job: Job, workdir: str, capture: str) -> None:
    """Runs in the forked child; never returns."""
    import builtins
    import random
    import warnings

    import numpy
    import torch

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
        declared, seen = EXPECT_WARNING.findall(job.source), []
        for name in declared:
            category = getattr(builtins, name, None) or getattr(torch.jit, name, None)
            if not (isinstance(category, type) and issubclass(category, Warning)):
                raise NameError(f"# 预期警告: {name} is not a warning category")
            warnings.filterwarnings("always", category=category)

        def show(message, category, *args, **kwargs):
            seen.append(category.__name__)
            sys.stdout.write(f"{category.__name__}: {message}\n")

        warnings.showwarning = show
        sys.addaudithook(_only_inside(workdir))
        namespace = {"__name__": "__main__", "__file__": job.filename, "__builtins__": builtins}
        try:
            exec(compile(job.source, job.filename, "exec", dont_inherit=True), namespace)
        except BaseException as exc:  # noqa: BLE001 - the example's own error, shown as its own
            sys.stdout.flush()
            tb = exc.__traceback__.tb_next if exc.__traceback__ else None  # not this frame
            traceback.print_exception(type(exc), exc, None if isinstance(exc, SyntaxError) else tb)
        else:
            missing = [name for name in declared if name not in seen]
            if missing:
                sys.stderr.write(f"declares '# 预期警告: {', '.join(missing)}' but no such warning was raised\n")
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
        self.key = key
        self.workdir, self.capture = tempfile.mkdtemp(prefix="snippet-"), tempfile.mkdtemp(prefix="snippet-out-")
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.sentinel, theirs = os.pipe()  # readable (EOF) once the child is gone
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.sentinel)
            _child(job, self.workdir, self.capture)
        os.close(theirs)

    def finish(self, timed_out: bool) -> Result:
        if timed_out:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.sentinel)
        out, err = (Path(self.capture, n).read_text("utf-8", "replace") if Path(self.capture, n).exists()
                    else "" for n in ("stdout", "stderr"))
        shutil.rmtree(self.workdir, ignore_errors=True)
        shutil.rmtree(self.capture, ignore_errors=True)
        return Result(out, err, None if timed_out else os.waitstatus_to_exitcode(status),
                      time.monotonic() - self.start)


def run_many(jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
    """Run ``{key: Job}``, at most ``parallel`` at once; return ``{key: Result}``."""
    preload()
    parallel = max(1, parallel or os.cpu_count() or 1)
    # longest source first, so that a slow example (the notebook) does not start last
    pending = sorted(jobs.items(), key=lambda item: -len(item[1].source))
    running: dict[int, _Run] = {}
    results = {}
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while pending or running:
            while pending and len(running) < parallel:
                run = _Run(*pending.pop(0), timeout)
                running[run.sentinel] = run
            wait = max(0.0, min(r.deadline for r in running.values()) - time.monotonic())
            ready = select.select(list(running), [], [], wait)[0]
            now = time.monotonic()
            for fd, run in list(running.items()):
                if fd in ready or now >= run.deadline:
                    del running[fd]
                    results[run.key] = run.finish(timed_out=fd not in ready)
    finally:
        for run in running.values():
            run.finish(timed_out=True)
    return results


class RunnerProcess:
    """``run_many`` in a process started now (with ``env`` added to its environment), which
    imports ``PRELOAD`` at once: the imports overlap whatever the caller does meanwhile
    (pytest's collection), and the caller never imports torch nor forks."""

    def __init__(self, env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from snippet_harness.runner import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=Path(__file__).parent.parent,
            env={**os.environ, **(env or {})})

    def run_many(self, jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
        try:
            pickle.dump((jobs, timeout, parallel), self.proc.stdin)
            self.proc.stdin.flush()
            return pickle.load(self.proc.stdout)
        except (EOFError, BrokenPipeError):
            raise RuntimeError(f"the example runner died (exit status {self.proc.wait()}); "
                               "its error is above") from None

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


def serve() -> None:
    """The loop of a RunnerProcess: preload, then answer requests until stdin closes."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the imports print goes to stderr, not into the replies
    preload()
    while True:
        try:
            request = pickle.load(sys.stdin.buffer)
        except EOFError:
            os._exit(0)  # skip the interpreter's slow teardown of torch
        pickle.dump(run_many(request[0], timeout=request[1], parallel=request[2]), replies)
        replies.flush()


def device_problem(device: str, runner: RunnerProcess) -> str | None:
    """Why examples cannot run on ``device`` here, or None.  Asked in a child, so that no
    long-lived process initialises CUDA (a forked child could not use it then)."""
    if device.startswith("cuda") and not any(
            os.path.exists(p) for p in ("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/nvidia0")):
        return "no NVIDIA driver on this machine (no /proc/driver/nvidia, /dev/nvidiactl or /dev/nvidia0)"
    probe = runner.run_many({0: Job(f"import torch\ntorch.empty(1, device={device!r})\n", "<probe>")})[0]
    if probe.ok:
        return None
    return f"torch cannot use it here ({(probe.stderr.strip().splitlines() or ['no output'])[-1]})"


if __name__ == "__main__":
    outcome = run_many({f: Job(Path(f).read_text(encoding="utf-8"), f) for f in sys.argv[1:]})
    for f, r in outcome.items():
        print(f"== {f} ({r.seconds * 1000:.0f} ms) ==\n{r.stdout}", end="")
        if not r.ok:
            print(r.problem(f, 60.0))
