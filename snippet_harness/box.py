"""The operating-system box an example runs in (Linux Landlock, through the ``landlockpy`` package).

``enclose(workdir)`` restricts the calling process, and everything it starts afterwards, for good:
no file or folder outside ``workdir`` can be created, written, truncated, renamed or removed
(a few character devices excepted: ``/dev/null``, ``/dev/zero``, ``/dev/full`` and the NVIDIA
devices CUDA opens; and the plain files of ``/dev/shm``, for multiprocessing, see ``SHARED_MEMORY``),
no TCP port can be bound or connected to, abstract UNIX sockets and signals outside the box cannot be
reached.  Reading and running programs stay allowed.  The kernel enforces
it, so it holds for torch's C++ writers, ``os.system`` and subprocesses alike, which the Python
audit hook in ``child.py`` cannot see.  Files opened before the call (the child's capture files)
stay writable.

The box is required: where the kernel lacks Landlock, or a Landlock too old for network rules
(ABI 4, Linux 6.7), ``enclose`` raises ``Unavailable`` naming the cause; ``SNIPPET_BOX=off`` in
the environment runs examples without it, by explicit choice only.
"""

from __future__ import annotations

import glob
import os

import landlockpy
from landlockpy import AccessFS, AccessNet, Scope

NEEDED_ABI = 4  # TCP bind and connect rules
OFF = "SNIPPET_BOX"  # SNIPPET_BOX=off runs unboxed

WRITES = (
    AccessFS.WRITE_FILE
    | AccessFS.TRUNCATE
    | AccessFS.REMOVE_DIR
    | AccessFS.REMOVE_FILE
    | AccessFS.MAKE_CHAR
    | AccessFS.MAKE_DIR
    | AccessFS.MAKE_REG
    | AccessFS.MAKE_SOCK
    | AccessFS.MAKE_FIFO
    | AccessFS.MAKE_BLOCK
    | AccessFS.MAKE_SYM
    | AccessFS.REFER
)
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/nvidia*", "/dev/nvidia-caps/*")
# multiprocessing's locks, queues and shared tensors (a DataLoader with num_workers > 0) are POSIX semaphores and
# shared memory, which glibc creates, links and removes as files under /dev/shm: without it `SemLock` fails with
# PermissionError.  Only plain files there: no folders, links to elsewhere (REFER) or devices.
SHARED_MEMORY = "/dev/shm"
SHARED_MEMORY_WRITES = AccessFS.WRITE_FILE | AccessFS.TRUNCATE | AccessFS.MAKE_REG | AccessFS.REMOVE_FILE


class Unavailable(RuntimeError):
    """The box cannot be set up here; the message says why and what to do."""


def problem(abi: int | None = None) -> str | None:
    """Say why the box cannot be set up on a kernel of Landlock ABI ``abi`` (0: none; default: this
    machine's), or return None when it can."""
    abi = landlockpy.abi_version() if abi is None else abi
    if abi >= NEEDED_ABI:
        return None
    why = (
        f"内核 {os.uname().release} 没有 Landlock（或它在启动参数 lsm= 里没有启用）"
        if abi == 0
        else f"内核 {os.uname().release} 的 Landlock 是第 {abi} 版，不能限制联网（要第 {NEEDED_ABI} 版，Linux 6.7 起）"
    )
    return (
        f"示例要在操作系统的隔离里运行（只能写自己的临时文件夹、不能联网），但{why}。"
        f"换一台 Linux 6.7 以上的机器，或者明知没有这层隔离时设置环境变量 {OFF}=off"
    )


def required() -> bool:
    return os.environ.get(OFF, "").lower() != "off"


def enclose(workdir: str) -> None:
    """Box this process in for good: writes only beneath ``workdir``, no TCP (see the module's docstring)."""
    if not required():
        return
    if reason := problem():
        raise Unavailable(reason)
    with landlockpy.Ruleset(
        handled_fs=WRITES,
        handled_net=AccessNet.BIND_TCP | AccessNet.CONNECT_TCP,
        scoped=Scope.ABSTRACT_UNIX_SOCKET | Scope.SIGNAL,
    ) as ruleset:
        ruleset.allow_path(workdir, WRITES)
        for device in (d for pattern in DEVICES for d in glob.glob(pattern)):
            ruleset.allow_path(device, AccessFS.WRITE_FILE | AccessFS.TRUNCATE)
        if os.path.isdir(SHARED_MEMORY):
            ruleset.allow_path(SHARED_MEMORY, SHARED_MEMORY_WRITES)
        ruleset.restrict()
