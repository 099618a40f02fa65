"""What happens in the forked child that runs one example (see runner.py).

The code runs as ``__main__`` with fresh globals, in an empty temporary directory, and may write
nowhere else (an audit hook refuses, naming the path).  Every warning is an error, except the
categories the job expects (``expected_warnings`` in the folder's examples.toml): such a warning
is printed into the output where it happens, and must happen.  The random generators get a
fresh seed, so an example that forgets to seed itself prints other numbers on each run.
``device`` becomes torch's default device.  The child imports nothing the runner has not
imported already; the modules the run itself imported are reported (``Result.imported``).
"""

from __future__ import annotations

import builtins
import contextlib
import itertools
import os
import random
import resource
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

import numpy
import torch

from snippet_harness import pictures
from snippet_harness.job import MAX_BYTES, Job

WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
FILE_EVENTS = ("open", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.rmtree")


def _refuse_writes_outside(workdir: str):
    allowed = (os.path.realpath(workdir) + os.sep, "/dev/")

    def hook(event, args):
        if (
            event not in FILE_EVENTS
            or not isinstance(args[0], (str, bytes, os.PathLike))
            or event == "open"
            and not (isinstance(args[2], int) and args[2] & WRITES)
        ):
            return
        if not (os.path.realpath(os.fsdecode(args[0])) + os.sep).startswith(allowed):
            raise PermissionError(f"示例在它的临时目录之外写文件：{args[0]}")

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
    """Run the example (and draw its picture), print its own error as Python prints one, and return its exit status."""
    seen = _watch_warnings(job.expected_warnings)
    picture = os.open(os.path.join(capture, "picture"), os.O_WRONLY | os.O_CREAT) if job.picture else None
    sys.addaudithook(_refuse_writes_outside(os.getcwd()))
    namespace = {"__name__": "__main__", "__file__": job.filename, "__builtins__": builtins}
    try:
        with (trace := pictures.ComputationTrace()) if job.picture else contextlib.nullcontext():
            exec(compile(job.source, job.filename, "exec", dont_inherit=True), namespace)  # noqa: S102 - its purpose
        if job.picture:
            name = "picture-" + "-".join(Path(job.filename).with_suffix("").parts[-2:])
            os.write(picture, pictures.draw(job.picture, namespace, trace, name).encode())
    except BaseException as exc:  # noqa: BLE001 - the example's own error, shown as its own
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
    except BaseException:  # noqa: BLE001 - a failure in setting up the child
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
