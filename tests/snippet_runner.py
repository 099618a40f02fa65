"""Run example code in forked children of one process that has imported torch once.

Why fork: importing torch costs about two seconds, running a small example a few
milliseconds.  The parent imports what the examples need (``PRELOAD``) and never runs a
torch operation; each example then runs in a child forked from it.  Whatever an example
changes (random state, default dtype and device, grad mode, print options, warning filters,
working directory, imported modules) dies with its child, so examples cannot leak into each
other, and a hanging one is killed at its deadline.

Children run ``parallel`` at a time from one ``selectors`` loop: no threads, so forking stays
safe (Python 3.12+ warns when a multi-threaded process forks).

Two tiers, so that the second core is not idle while the slowest imports run: the runner
process imports ``EARLY`` (torch, numpy) and starts forking examples at once, while a child
forked from it, the *late runner*, imports ``LATE`` (torch._dynamo, which the first optimizer
step loads, and matplotlib: seconds, with about 500 modules such as sympy that other parts of
torch load on first use).  An example runs in the early tier only as long as it imports
nothing new: its first import of a module not loaded yet stops it, its output is thrown away,
and the late runner runs it again from the start (so an example must not change anything
outside its temporary directory before its imports).  No guessing which example needs what:
the import itself tells.

Forking a process of a few hundred MB copies its page tables, and each child's exit tears
its own down; with 2 MB pages instead of 4 KB ones that is about half the work (see
``_use_huge_pages``).

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

import ctypes
import dataclasses
import importlib
import multiprocessing
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

EARLY = ("torch", "torch.nn", "torch.optim", "numpy")
LATE = ("torch._dynamo", "matplotlib.pyplot")
PRELOAD = EARLY + LATE  # everything the examples would each pay for
EXPECT_WARNING = re.compile(r"^\s*#\s*预期警告\s*[:：]\s*([A-Za-z_][\w.]*)\s*$", re.M)
NEEDS_LATE = 75  # exit status of an early-tier child stopped at a new import


def preload(names=PRELOAD) -> None:
    """Import, once in this process, what the examples would each pay for."""
    for name in names:
        importlib.import_module(name)
    if "numpy" in names:
        # numpy's global generator builds megabytes of state on first use; built here, each
        # child only reseeds it (measured: a child's cost fell from 37 to 18 ms of CPU)
        sys.modules["numpy"].random.seed()


def _use_huge_pages() -> None:
    """Back this process's anonymous memory with 2 MB pages where Linux allows it.

    Memory that glibc's malloc hands out is already on huge pages when the process started
    with ``GLIBC_TUNABLES=glibc.malloc.hugetlb=1`` (RunnerProcess sets it); this collapses
    the rest (Python's own arenas) with ``madvise(MADV_COLLAPSE)``, Linux 6.1+.  Measured
    here: forking a process that has imported torch went from 9 ms to 2.5 ms, a child's whole
    cost from 27 to 14 ms.  Where any of this is unavailable nothing changes but the speed.
    """
    if not sys.platform.startswith("linux"):
        return
    madv_hugepage, madv_collapse, huge = 14, 25, 2 << 20
    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    with open("/proc/self/maps", encoding="ascii") as maps:
        for line in maps:
            fields = line.split()
            anonymous = len(fields) < 6 or fields[5] == "[heap]"
            if not (anonymous and fields[1].startswith("rw")):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            start, end = -(-start // huge) * huge, end // huge * huge  # whole huge pages only
            if end > start:
                libc.madvise(start, end - start, madv_hugepage)
                libc.madvise(start, end - start, madv_collapse)


class _StopAtNewImport:
    """Import hook of an early-tier child: importing a module not loaded yet ends the child at
    once with ``NEEDS_LATE`` (not with an ImportError, which code might catch and go on)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        os._exit(NEEDS_LATE)


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


def _child(job: Job, out_fd: int, err_fd: int, workdir: str, early: bool) -> None:
    """Runs in the forked child; never returns.  ``early``: stop at a new import."""
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
        if early:
            sys.meta_path.insert(0, _StopAtNewImport)
        try:
            try:
                exec(code, namespace)
            finally:
                if early:  # reporting may import, and that must not stop the child
                    sys.meta_path.remove(_StopAtNewImport)
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
    def __init__(self, key, job: Job, timeout: float, early: bool):
        self.key, self.job = key, job
        self.workdir = tempfile.mkdtemp(prefix="snippet-")
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.pid = os.fork()
        if self.pid == 0:
            os.close(out_r)
            os.close(err_r)
            _child(job, out_w, err_w, self.workdir, early)
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


class _LateRunner:
    """The late tier: a child of the runner process, forked once ``EARLY`` is imported, that
    imports ``LATE`` and then runs the batches sent to it (the examples with new imports)."""

    def __init__(self, close: tuple[int, ...] = ()):
        self.conn, theirs = multiprocessing.Pipe()
        self.ready = self.busy = False
        self.pid = os.fork()
        if self.pid == 0:
            status = 0
            try:
                self.conn.close()
                for fd in close:  # the runner's request and reply pipes are not ours to hold
                    os.close(fd)
                preload(LATE)
                theirs.send("ready")
                while True:
                    jobs, timeout, parallel = theirs.recv()
                    theirs.send(run_many(jobs, timeout=timeout, parallel=parallel))
            except (EOFError, BrokenPipeError, ConnectionResetError):
                pass  # the runner is gone
            except BaseException:  # noqa: BLE001 - shown to the user, then the runner reports it
                traceback.print_exc()
                status = 1
            finally:
                os._exit(status)
        theirs.close()

    def send(self, jobs: dict, timeout: float, parallel: int) -> None:
        self.conn.send((jobs, timeout, parallel))
        self.busy = True

    def receive(self) -> dict:
        """Results of the batch sent, or {} for the message that the imports are done."""
        try:
            message = self.conn.recv()
        except EOFError:
            raise RuntimeError("the late runner (examples with new imports) died; "
                               "its error is above") from None
        if message == "ready":
            self.ready = True
            return {}
        self.busy = False
        return message

    def stop(self) -> None:
        """End it and wait for it, so that its CPU time counts as the runner's."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def run_many(jobs: dict, *, timeout: float = 60.0, parallel: int | None = None,
             late: _LateRunner | None = None) -> dict:
    """Run ``{key: Job}``, at most ``parallel`` at once; return ``{key: Result}``.

    With ``late``, this process needs only ``EARLY`` imported, and an example that imports
    anything new is run again by ``late`` (in batches: whatever waits when it is free).
    """
    preload(EARLY if late else PRELOAD)
    _use_huge_pages()  # first time in the late runner; here again: writes since the fork split some
    parallel = max(1, parallel or os.cpu_count() or 1)
    # longest source first: a rough "longest job first", so a slow example (the notebook)
    # does not start last and leave one core idle at the end
    pending = sorted(jobs.items(), key=lambda item: -len(item[1].source))
    running: dict[int, _Running] = {}  # fd -> run
    for_late: dict = {}  # examples stopped at a new import, not yet sent to late
    results = {}
    sel = selectors.DefaultSelector()
    if late:
        sel.register(late.conn, selectors.EVENT_READ)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while pending or running or for_late or (late and late.busy):
            while pending and len({id(r) for r in running.values()}) < parallel:
                key, job = pending.pop(0)
                run = _Running(key, job, timeout, early=late is not None)
                for fd in run.fds:
                    running[fd] = run
                    sel.register(fd, selectors.EVENT_READ)
            if for_late and late.ready and not late.busy:  # it runs them `parallel` at a time too
                late.send(for_late, timeout, parallel)
                for_late = {}
            deadlines = [r.deadline for r in running.values()]
            wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for sk, _ in sel.select(wait):
                if late and sk.fileobj is late.conn:
                    results.update(late.receive())
                    continue
                run = running[sk.fd]
                chunk = os.read(sk.fd, 65536)
                if chunk:
                    run.fds[sk.fd] += chunk
                    continue
                sel.unregister(sk.fd)
                del running[sk.fd]
                run.open -= 1
                if run.open == 0:
                    result = run.finish()
                    if late and result.returncode == NEEDS_LATE:
                        for_late[run.key] = run.job
                    else:
                        results[run.key] = result
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
    """``run_many`` in a separate process started now, which imports ``EARLY`` at once and
    starts the late tier (``LATE``).

    The imports (seconds) then overlap with what the caller does meanwhile (pytest's
    collection), and the caller itself never imports torch nor forks.  Requests and results
    travel pickled over the process's stdin and stdout.
    """

    def __init__(self, env: dict[str, str] | None = None):
        """``env``: variables to set for it (and so for every example it runs)."""
        root = Path(__file__).resolve().parent.parent
        tunables = os.environ.get("GLIBC_TUNABLES")
        env = {**os.environ, **(env or {}), "GLIBC_TUNABLES": ":".join(  # malloc on 2 MB pages
            filter(None, [tunables, "glibc.malloc.hugetlb=1"]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tests.snippet_runner import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root, env=env)
        self.used = False

    def run_many(self, jobs: dict, *, timeout: float = 60.0, parallel: int | None = None) -> dict:
        self.used = True
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
        """Stop it: when it has run something, by closing its input (it then ends its late
        runner and exits); otherwise at once, not waiting for imports nobody needs."""
        if self.used:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


def serve() -> None:
    """The loop of a RunnerProcess: preload, then answer requests until stdin closes."""
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the imports print goes to stderr, not into the replies
    preload(EARLY)
    _use_huge_pages()  # before the fork: memory shared with another process does not collapse
    late = _LateRunner(close=(requests.fileno(), replies.fileno()))
    while True:
        try:
            jobs, timeout, parallel = pickle.load(requests)
        except EOFError:  # the caller is done
            late.stop()
            os._exit(0)  # skip the interpreter's slow teardown of torch
        pickle.dump(run_many(jobs, timeout=timeout, parallel=parallel, late=late), replies)
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
