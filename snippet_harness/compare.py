"""Does a fresh run print what the stored output shows?  One comparison for every CPU and GPU.

Float32 results may differ in their last digits from one machine to another (Intel MKL, for
one, picks other kernels on other CPUs; CUDA others again), so a run matches its stored output
when the text is the same apart from numbers and each number is close to the stored one:

- the text around the numbers, every integer (shapes, counts, ``cuda:0``) and the number of
  lines must be identical (padding before a number may change with its sign or width);
- a float matches within rtol 1e-5 / atol 1e-8 (pytest-doctestplus' ``FLOAT_CMP``, whose
  output checker does the parsing), or when it is one unit of its last printed digit away
  and less than 1e-3 relative (a value sitting on a rounding boundary: ``0.3245`` / ``0.3244``);
- on CUDA the ``device='cuda:0'`` annotations of printed tensors are removed first.

An example whose numbers come from the random generator differs on CUDA by design
(``torch.manual_seed`` drives another generator there).  It declares so with the comment line
``# 随机数因设备而异``; on CUDA its output is checked for structure only: every float becomes a
placeholder, everything else must match.
"""

from __future__ import annotations

import difflib
import re

from pytest_doctestplus.output_checker import FLOAT_CMP, OutputChecker

DEVICE_DEPENDENT = re.compile(r"^\s*#\s*随机数因设备而异\s*$", re.M)
CUDA_NOTE = re.compile(r",\s*device='cuda(:\d+)?'")
LAST_DIGIT_MAX_REL = 1e-3
_NUMBER = r"\s*(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|nan|[-+]?inf)"


def _last_digit(number: str) -> float:
    """The value of one unit in the last printed digit: 1e-4 for ``0.3245``, 1e-7 for ``1.2346e-03``."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


class _Checker(OutputChecker):
    def equal_floats(self, got: str, want: str) -> bool:
        if super().equal_floats(got, want):
            return True
        a, b = float(got), float(want)
        return (abs(a - b) <= _last_digit(want) * (1 + 1e-9)
                and abs(a - b) < LAST_DIGIT_MAX_REL * max(abs(a), abs(b)))


CHECKER = _Checker()


def device_dependent(source: str) -> bool:
    return bool(DEVICE_DEPENDENT.search(source))


def _structure(text: str) -> str:
    return CHECKER.num_got_rgx.sub(" <浮点数>", text)


def matches(stored: str, printed: str, *, device: str = "cpu", structure_only: bool = False) -> bool:
    """Whether ``printed`` (a fresh run on ``device``) shows what ``stored`` shows."""
    if device != "cpu":
        printed = CUDA_NOTE.sub("", printed)
    if stored.count("\n") != printed.count("\n"):
        return False
    if structure_only:
        return _structure(stored) == _structure(printed)
    return CHECKER.check_output(stored, printed, FLOAT_CMP)


def mismatch(stored: str, printed: str, *, name: str, device: str = "cpu",
             structure_only: bool = False) -> str | None:
    """None when ``printed`` matches ``stored`` (the contents of the file ``name``);
    otherwise a unified diff of the two, naming the file."""
    if matches(stored, printed, device=device, structure_only=structure_only):
        return None
    where = "this run" if device == "cpu" else f"this run on {device}"
    diff = difflib.unified_diff(stored.splitlines(True), printed.splitlines(True), name, where)
    return (f"{name}: the output differs beyond float noise (rtol 1e-5, or one unit of the last "
            "printed digit)\n" + "".join(diff))


def claim_printed(claim: str, printed: str) -> bool:
    """Whether the text a ``# 输出：...`` comment claims appears in ``printed``, its numbers
    compared like the stored outputs."""
    if claim in printed:
        return True
    shape = re.escape(CHECKER.num_got_rgx.sub("NUMBER", claim)).replace("NUMBER", _NUMBER)
    return any(CHECKER.check_output(claim, m[0], FLOAT_CMP) for m in re.finditer(shape, printed))


def number_differences(stored: str, printed: str) -> list[tuple[str, str, float]]:
    """(stored, printed, relative difference) for each number printed otherwise than stored
    (for reports; only meaningful when the two match)."""
    pairs = zip(CHECKER.find_numbers(stored), CHECKER.find_numbers(printed))
    return [(a.strip(), b.strip(), abs(float(a) - float(b)) / max(abs(float(a)), 1e-300))
            for a, b in pairs if a.strip() != b.strip()]
