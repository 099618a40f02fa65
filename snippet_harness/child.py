"""What happens in the forked child that runs one example (see runner.py).

The code runs as ``__main__`` with fresh globals, in an empty temporary directory, boxed in by
the kernel (``box.py``: it may write nowhere else and not use the network, nor may any program it
starts).  An audit hook names what Python code tries beyond the box: it refuses a write
elsewhere and any network use with a message naming the path or address, and notes each program
started; a refusal by the kernel alone (torch's C++ writers) is noted from the error it raises.
All of these come back as ``Result.escapes``, with the example's line.  Every warning is an error, except the
categories the job expects (``expected_warnings`` in the folder's examples.toml): such a warning
is printed into the output where it happens, and must happen.  The random generators get a
fresh seed, so an example that forgets to seed itself prints other numbers on each run.
``device`` becomes torch's default device.  The child imports nothing the runner has not
imported already; the modules the run itself imported are reported (``Result.imported``).
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import itertools
import os
import random
import resource
import socket
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

import numpy
import torch

from snippet_harness import box, pictures
from snippet_harness.job import MAX_BYTES, Escape, Job

WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
FILE_EVENTS = ("open", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.rmtree")
NET_EVENTS = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")
LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo")
SPAWNS = ("os.system", "subprocess.Popen", "os.posix_spawn", "os.exec")
INTERNET = (socket.AF_INET, socket.AF_INET6)


class Escapes:
    """Notes what the example tries beyond its box into the capture file ``escapes``, with its line."""

    def __init__(self, capture: str, filename: str):
        self.fd = os.open(os.path.join(capture, "escapes"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        self.filename = filename

    def line(self, frame) -> int | None:
        while frame is not None and frame.f_code.co_filename != self.filename:
            frame = frame.f_back
        return frame.f_lineno if frame else None

    def note(self, kind: str, detail: str, line: int | None) -> None:
        os.write(self.fd, Escape(kind, line, detail).row().encode())

    def refuse(self, kind: str, detail: str, said: str) -> PermissionError:
        """Note it, and return the error to raise (marked as noted)."""
        self.note(kind, detail, self.line(sys._getframe(2)))
        error = PermissionError(said)
        error.noted = True
        return error

    def denied(self, exc: BaseException) -> None:
        """Note an error that is the kernel's refusal of a write or a connection (the box, not the hook)."""
        said = str(exc)
        if getattr(exc, "noted", False) or not (
            isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM) or "Permission denied" in said
        ):
            return
        lines = [n for f, n in traceback.walk_tb(exc.__traceback__) if f.f_code.co_filename == self.filename]
        detail = os.fsdecode(exc.filename) if getattr(exc, "filename", None) else f"{type(exc).__name__}: {said}"
        self.note("denied", detail, lines[-1] if lines else None)


def _address(address) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[:2]
        return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"
    return str(address)


def _command(event: str, args) -> str:
    if event == "os.system":
        return os.fsdecode(args[0])
    argv = args[1]  # subprocess.Popen, os.exec and os.posix_spawn: (path, argv, ...)
    if isinstance(argv, (str, bytes, os.PathLike)):
        return os.fsdecode(argv)
    return " ".join(map(os.fsdecode, argv or [args[0]]))


def _hook(workdir: str, escapes: Escapes):
    """The audit hook: refuse writes outside ``workdir`` and network use, naming them; note programs started."""
    allowed = (os.path.realpath(workdir) + os.sep, "/dev/")

    def hook(event, args):
        if event in FILE_EVENTS:
            if (
                isinstance(args[0], (str, bytes, os.PathLike))
                and (event != "open" or isinstance(args[2], int) and args[2] & WRITES)
                and not (os.path.realpath(os.fsdecode(args[0])) + os.sep).startswith(allowed)
            ):
                raise escapes.refuse("write", os.fsdecode(args[0]), f"示例在它的临时目录之外写文件：{args[0]}")
        elif event in NET_EVENTS:
            if getattr(args[0], "family", None) in INTERNET:
                where = _address(args[1])
                raise escapes.refuse("net", where, f"联网被拒绝：{where}（示例不能联网）")
        elif event in LOOKUPS:
            if args[0] is not None:
                where = _address(args[:2]) if event == "socket.getaddrinfo" else str(args[0])
                raise escapes.refuse("net", where, f"联网被拒绝：{where}（示例不能联网，也不能查域名）")
        elif event in SPAWNS:
            escapes.note("spawn", _command(event, args), escapes.line(sys._getframe(1)))

    return hook


def _isolate(job: Job, workdir: str, capture: str) -> None:
    """Give the child its own process group, output files, working directory, seeds and default device."""
    os.setsid()  # a timeout kills anything it started
    resource.setrlimit(resource.RLIMIT_FSIZE, (50 * MAX_BYTES, resource.RLIM_INFINITY))
    for fd, name in ((1, "stdout"), (2, "stderr")):
        os.dup2(os.open(os.path.join(capture, name), os.O_WRONLY | os.O_CREAT), fd)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the child
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    os.chdir(workdir)
    os.environ["TMPDIR"] = tempfile.tempdir = workdir
    sys.argv, sys.dont_write_bytecode = [job.filename], True
    torch.seed(), random.seed(), numpy.random.seed()
    if job.device != "cpu":
        torch.set_default_device(job.device)


def _watch_warnings(expected: tuple[str, ...]) -> list[str]:
    """Make every warning an error except the expected ones, which are printed; return the list noting them."""
    warnings.resetwarnings()
    warnings.simplefilter("error")
    seen: list[str] = []
    for name in expected:
        category = getattr(builtins, name, None) or getattr(torch.jit, name, None)
        if not (isinstance(category, type) and issubclass(category, Warning)):
            raise TypeError(f"expected_warnings：{name} 不是警告类别")
        warnings.filterwarnings("always", category=category)
    warnings.showwarning = lambda message, category, *_, **__: (
        seen.append(category.__name__),
        print(f"{category.__name__}: {message}"),
    )
    return seen


def _execute(job: Job, capture: str) -> int:
    """Box the child in, run the example (and draw its picture), print its own error as Python prints one,
    and return its exit status."""
    seen = _watch_warnings(job.expected_warnings)
    picture = os.open(os.path.join(capture, "picture"), os.O_WRONLY | os.O_CREAT) if job.picture else None
    escapes = Escapes(capture, job.filename)
    box.enclose(os.getcwd())  # the capture files are open already: they stay writable
    sys.addaudithook(_hook(os.getcwd(), escapes))
    namespace = {"__name__": "__main__", "__file__": job.filename, "__builtins__": builtins}
    try:
        with (trace := pictures.ComputationTrace()) if job.picture else contextlib.nullcontext():
            exec(compile(job.source, job.filename, "exec", dont_inherit=True), namespace)  # noqa: S102 - its purpose
        if job.picture:
            name = "picture-" + "-".join(Path(job.filename).with_suffix("").parts[-2:])
            os.write(picture, pictures.draw(job.picture, namespace, trace, name).encode())
    except BaseException as exc:  # noqa: BLE001 - the example's own error, shown as its own
        escapes.denied(exc)
        sys.stdout.flush()
        tb = None if isinstance(exc, SyntaxError) else exc.__traceback__.tb_next  # not this frame
        traceback.print_exception(type(exc), exc, tb)
        return 1
    if missing := [name for name in job.expected_warnings if name not in seen]:
        print(
            f"examples.toml 的 expected_warnings 写了 {', '.join(missing)}，但运行时没有发出这样的警告", file=sys.stderr
        )
        return 1
    return 0


def run(job: Job, workdir: str, capture: str) -> None:
    """Live the forked child's whole life: isolate it, run the example, and exit without returning."""
    preloaded, status = len(sys.modules), 1  # len() only: reading every name would copy their pages
    try:
        imported = os.open(os.path.join(capture, "imported"), os.O_WRONLY | os.O_CREAT)  # before the audit hook
        _isolate(job, workdir, capture)
        status = _execute(job, capture)
        if len(sys.modules) > preloaded:  # new modules come last: sys.modules keeps insertion order
            os.write(imported, "\n".join(itertools.islice(sys.modules, preloaded, None)).encode())
    except box.Unavailable as unboxed:
        print(unboxed, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - a failure in setting up the child
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
