"""Run example code in forked children of one process that has imported torch once.

Why fork: importing torch costs about two seconds, running a small example a few
milliseconds.  The parent imports what the examples need (``PRELOAD``) and never runs a
torch operation; each example then runs in a child forked from it.  Whatever an example
changes (random state, default dtype and device, grad mode, print options, warning filters,
working directory, imported modules) dies with its child, so examples cannot leak into each
other, and a hanging one is killed at its deadline.

Children run ``parallel`` at a time from one ``selectors`` loop: no threads, so forking stays
safe (Python 3.12+ warns when a multi-threaded process forks).

Inside a child:
- the code runs as ``__main__`` with fresh globals, in an empty temporary directory;
- every warning is an error, except the categories the code declares with a comment line
  ``# 预期警告: UserWarning``; a declared warning is written into the output as
  ``UserWarning: <message>`` where it happens, and must actually happen;
- the random generators get a fresh random seed, so an example that forgets to seed itself
  prints different numbers on each run and fails its stored-output check;
- ``device`` (default ``cpu``) becomes torch's default device.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import pickle
import re
import selectors
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


def preload() -> None:
    """Import, once in this process, what the examples would each pay for."""
    for name in PRELOAD:
        importlib.import_module(name)


@dataclasses.dataclass
class Job:
    source: str
    filename: str  # the path tracebacks name
    device: str = "cpu"


@dataclasses.dataclass
class Result:
    stdout: str
    stderr: str
    returncode: int | None  # None when killed at the deadline
    timed_out: bool
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and not self.stderr.strip()

    def problem(self, name: str, timeout: float) -> str:
        """A readable account of why this run failed, naming ``name``."""
        if self.timed_out:
            return f"{name}: still running after {timeout:g} s; killed (does it loop or wait forever?)"
        if self.returncode != 0:
            return f"{name}: exited with status {self.returncode}\n{self.stderr}"
        return f"{name}: wrote to stderr (warnings count as errors):\n{self.stderr}"


def declared_warnings(source: str) -> list[str]:
    return EXPECT_WARNING.findall(source)


def _child(job: Job, out_fd: int, err_fd: int, workdir: str) -> None:
    """Runs in the forked child; never returns."""
    import builtins
    import random
    import warnings

    status = 0
    try:
        os.setsid()  # its own process group, so a timeout kills anything it started
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        sys.stdin = open(os.devnull, encoding="utf-8")
        os.chdir(workdir)
        sys.argv = [job.filename]

        import numpy
        import torch

        torch.seed()
        random.seed()
        numpy.random.seed()
        if job.device != "cpu":
            torch.set_default_device(job.device)

        warnings.resetwarnings()
        warnings.simplefilter("error")
        declared = declared_warnings(job.source)
        seen: list[str] = []
        for name in declared:
            category = getattr(builtins, name, None) or getattr(torch.jit, name, None)
            if not (isinstance(category, type) and issubclass(category, Warning)):
                raise NameError(f"# 预期警告: {name} is not a warning category")
            warnings.filterwarnings("always", category=category)

        def show(message, category, filename, lineno, file=None, line=None):
            seen.append(category.__name__)
            sys.stdout.write(f"{category.__name__}: {message}\n")

        warnings.showwarning = show
        code = compile(job.source, job.filename, "exec", dont_inherit=True)
        namespace = {"__name__": "__main__", "__file__": job.filename, "__builtins__": builtins}
        try:
            exec(code, namespace)
        except BaseException as exc:  # noqa: BLE001 - report whatever the example raised
            sys.stdout.flush()
            tb = exc.__traceback__.tb_next if exc.__traceback__ else None  # skip this frame
            traceback.print_exception(type(exc), exc, tb)
            status = 1
        else:
            missing = [name for name in declared if name not in seen]
            if missing:
                sys.stderr.write(
                    f"{job.filename}: declares '# 预期警告: {', '.join(missing)}' "
                    "but no such warning was raised\n"
                )
                status = 1
    except BaseException:  # noqa: BLE001 - a failure of the harness itself
        traceback.print_exc()
        status = 2
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


class _Running:
    def __init__(self, key, job: Job, timeout: float):
        self.key = key
        self.workdir = tempfile.mkdtemp(prefix="snippet-")
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.pid = os.fork()
        if self.pid == 0:
            os.close(out_r)
            os.close(err_r)
            _child(job, out_w, err_w, self.workdir)
        os.close(out_w)
        os.close(err_w)
        self.fds = {out_r: bytearray(), err_r: bytearray()}
        self.out_fd, self.err_fd = out_r, err_r
        self.open = 2
        self.timed_out = False

    def finish(self) -> Result:
        if self.timed_out:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(self.pid, 0)
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)
        return Result(
            stdout=self.fds[self.out_fd].decode("utf-8", "replace"),
            stderr=self.fds[self.err_fd].decode("utf-8", "replace"),
            returncode=None if self.timed_out else os.waitstatus_to_exitcode(status),
            timed_out=self.timed_out,
            seconds=time.monotonic() - self.start,
        )


def run_many(jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
    """Run ``{key: Job}``, at most ``parallel`` at once; return ``{key: Result}``."""
    preload()
    parallel = max(1, parallel or os.cpu_count() or 1)
    # longest source first: a rough "longest job first", so a slow example (the notebook)
    # does not start last and leave one core idle at the end
    pending = sorted(jobs.items(), key=lambda item: -len(item[1].source))
    running: dict[int, _Running] = {}  # fd -> run
    results = {}
    sel = selectors.DefaultSelector()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while pending or running:
            while pending and len({id(r) for r in running.values()}) < parallel:
                key, job = pending.pop(0)
                run = _Running(key, job, timeout)
                for fd in run.fds:
                    running[fd] = run
                    sel.register(fd, selectors.EVENT_READ)
            now = time.monotonic()
            wait = max(0.0, min(r.deadline for r in running.values()) - now)
            for sk, _ in sel.select(wait):
                run = running[sk.fd]
                chunk = os.read(sk.fd, 65536)
                if chunk:
                    run.fds[sk.fd] += chunk
                    continue
                sel.unregister(sk.fd)
                del running[sk.fd]
                run.open -= 1
                if run.open == 0:
                    results[run.key] = run.finish()
            now = time.monotonic()
            for run in {id(r): r for r in running.values()}.values():
                if now >= run.deadline:
                    run.timed_out = True
                    for fd in [fd for fd, r in running.items() if r is run]:
                        sel.unregister(fd)
                        del running[fd]
                    results[run.key] = run.finish()
    finally:
        for run in {id(r): r for r in running.values()}.values():
            run.timed_out = True
            run.finish()
        sel.close()
    return results


class RunnerProcess:
    """``run_many`` in a separate process started now, which imports ``PRELOAD`` at once.

    The imports (seconds) then overlap with what the caller does meanwhile (pytest's
    collection), and the caller itself never imports torch nor forks.  Requests and results
    travel pickled over the process's stdin and stdout.
    """

    def __init__(self):
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tests.snippet_runner import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)

    def run_many(self, jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
        try:
            pickle.dump((jobs, timeout, parallel), self.proc.stdin)
            self.proc.stdin.flush()
            return pickle.load(self.proc.stdout)
        except (EOFError, BrokenPipeError):
            raise RuntimeError("the example runner process died "
                               f"(exit status {self.proc.wait()}); its error is above") from None

    def run_one(self, job: Job, *, timeout: float = 60.0) -> Result:
        return self.run_many({0: job}, timeout=timeout, parallel=1)[0]

    def close(self) -> None:
        """Stop it at once: between requests it holds nothing worth a clean exit, and a test
        session that never asked for a run should not wait for its imports to finish."""
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


def serve() -> None:
    """The loop of a RunnerProcess: preload, then answer requests until stdin closes."""
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the imports print goes to stderr, not into the replies
    preload()
    while True:
        try:
            jobs, timeout, parallel = pickle.load(requests)
        except EOFError:
            os._exit(0)  # the caller is gone; skip the interpreter's slow teardown of torch
        pickle.dump(run_many(jobs, timeout=timeout, parallel=parallel), replies)
        replies.flush()


def device_problem(device: str, runner: RunnerProcess) -> str | None:
    """Why examples cannot run on ``device`` here, or None.  Asked in a child, so that no
    long-lived process initialises CUDA (a forked child could not use it then)."""
    if device.startswith("cuda") and not any(
            os.path.exists(p) for p in ("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/nvidia0")):
        return "no NVIDIA driver on this machine (no /proc/driver/nvidia, /dev/nvidiactl or /dev/nvidia0)"
    probe = runner.run_one(
        Job(f"import torch\ntorch.empty(1, device={device!r})\n", "<device probe>"))
    if probe.ok:
        return None
    last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
    return f"torch cannot use it in this environment ({last})"


if __name__ == "__main__":  # python tests/snippet_runner.py FILE...: run files, print outputs
    files = sys.argv[1:]
    outcome = run_many({f: Job(open(f, encoding="utf-8").read(), f) for f in files})
    for f in files:
        r = outcome[f]
        print(f"== {f} ({r.seconds * 1000:.0f} ms) ==\n{r.stdout}", end="")
        if not r.ok:
            print(r.problem(f, 60.0))
