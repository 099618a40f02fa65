"""Comparing a run on another device (CUDA) with the stored CPU output.

Stored outputs are always the CPU ones.  On CUDA a printed tensor gains ``device='cuda:0'``
and floating-point results may differ in the last digits, so the comparison first removes
device annotations, then compares the text token by token, numbers within a tolerance.

An example whose numbers come from the random generator differs on CUDA by design
(``torch.manual_seed`` drives another generator there).  It declares so with the comment line
``# 随机数因设备而异``; its output is then checked for structure only: the same lines and
words, every floating-point number replaced by a placeholder (integers, such as shapes, stay).
"""

from __future__ import annotations

import difflib
import math
import re

DEVICE_DEPENDENT = re.compile(r"^\s*#\s*随机数因设备而异\s*$", re.M)
DEVICE_NOTE = re.compile(r",?\s*device='[a-z]+(:\d+)?'")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
FLOAT = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?")


def device_dependent(source: str) -> bool:
    return bool(DEVICE_DEPENDENT.search(source))


def _close(a: str, b: str, rel: float, abs_: float) -> bool:
    x, y = float(a), float(b)
    return math.isclose(x, y, rel_tol=rel, abs_tol=abs_) or (math.isnan(x) and math.isnan(y))


def mismatch(expected: str, actual: str, *, structure_only: bool,
             rel: float = 1e-4, abs_: float = 1e-5) -> str | None:
    """None when ``actual`` (a run on another device) matches the stored ``expected``;
    otherwise a unified diff of what differs."""
    actual = DEVICE_NOTE.sub("", actual)
    if structure_only:
        expected, actual = (FLOAT.sub("<浮点数>", text) for text in (expected, actual))
        same = expected == actual
    else:
        exp_tokens, act_tokens = NUMBER.split(expected), NUMBER.split(actual)
        exp_nums, act_nums = NUMBER.findall(expected), NUMBER.findall(actual)
        same = (exp_tokens == act_tokens and len(exp_nums) == len(act_nums)
                and all(_close(a, b, rel, abs_) for a, b in zip(exp_nums, act_nums)))
    if same:
        return None
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "stored (CPU)", "this run"))
