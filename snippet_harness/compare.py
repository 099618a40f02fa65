"""Does a fresh run print what the stored output shows?  One comparison for every CPU and GPU.

Float32 results may differ in their last digits between machines (Intel MKL, for one, picks
other kernels on other CPUs; CUDA others again).  So a run matches its stored output when:
- the text around the numbers, every integer (shapes, counts, ``cuda:0``) and the number of
  lines are identical (padding before a number may change with its sign or width);
- each float is within rtol 1e-5 / atol 1e-8 of the stored one (pytest-doctestplus' ``FLOAT_CMP``,
  whose output checker does the parsing), or one unit of its last printed digit away and less
  than 1e-3 relative (a value sitting on a rounding boundary: ``0.3245`` / ``0.3244``);
- on CUDA, after the ``device='cuda:0'`` annotations of printed tensors are removed;
- with the place in torch's own sources that a warning names left out (the path and line in
  ``(Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)``,
  which move with every release and say nothing about the example); the rest of the warning,
  ``Triggered internally at`` included, must match.
An example whose numbers come from the random generator (``torch.manual_seed`` drives another
one on CUDA) says so in its folder's examples.toml (``random_numbers = true``); on CUDA only its
structure is compared: every float becomes a placeholder, everything else must match.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from pytest_doctestplus.output_checker import FLOAT_CMP, OutputChecker

CUDA_NOTE = re.compile(r",\s*device='cuda(:\d+)?'")
TORCH_SOURCE = re.compile(r"(\(Triggered internally at )[^\s()]+:\d+(\.\))")  # a place in torch's C++ sources
NUMBER = r"\s*(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|nan|[-+]?inf)"


def _last_digit(number: str) -> float:
    """Return one unit of the last printed digit: 1e-4 for ``0.3245``, 1e-7 for ``1.2346e-03``."""
    mantissa, _, exponent = number.lower().partition("e")
    return 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))


class _Checker(OutputChecker):
    def equal_floats(self, got: str, want: str) -> bool:
        a, b = float(got), float(want)
        return super().equal_floats(got, want) or (
            abs(a - b) <= _last_digit(want) * (1 + 1e-9) and abs(a - b) < 1e-3 * max(abs(a), abs(b))
        )


CHECKER = _Checker()


def matches(stored: str, printed: str, *, device: str = "cpu", structure_only: bool = False) -> bool:
    """Tell whether ``printed`` (a fresh run on ``device``) shows what ``stored`` shows."""
    printed = printed if device == "cpu" else CUDA_NOTE.sub("", printed)
    stored, printed = (TORCH_SOURCE.sub(r"\1<torch 源码中的位置>\2", text) for text in (stored, printed))
    if structure_only:
        stored, printed = (CHECKER.num_got_rgx.sub(" <浮点数>", text) for text in (stored, printed))
    return stored.count("\n") == printed.count("\n") and CHECKER.check_output(stored, printed, FLOAT_CMP)


@dataclasses.dataclass(frozen=True)
class Difference:
    """A fresh run printed other than the stored output ``name`` shows; ``str()`` gives a unified diff."""

    name: str
    stored: str
    printed: str

    def __str__(self) -> str:
        diff = difflib.unified_diff(self.stored.splitlines(True), self.printed.splitlines(True), self.name, "这次运行")
        return f"{self.name}：输出与存储的不一致，超出了浮点误差（规则见 snippet_harness/compare.py）\n" + "".join(diff)


def difference(stored: str, printed: str, *, name: str, **how) -> Difference | None:
    """Return None when ``printed`` matches ``stored`` (the contents of the file ``name``), else what differs."""
    return None if matches(stored, printed, **how) else Difference(name, stored, printed)


def claim_printed(claim: str, printed: str) -> bool:
    """Tell whether a ``# 输出：...`` comment's text is in ``printed``, its numbers compared as above.

    ```python
    from snippet_harness.compare import claim_printed

    printed = "第 1 步的梯度: tensor([-12.2416,   1.9777])\\n"
    assert claim_printed("1.9777", printed) and claim_printed("tensor([-12.2416,   1.9777])", printed)
    assert not claim_printed("1.98", printed)  # 差了 0.1%：超出浮点误差
    ```
    """
    shape = re.escape(CHECKER.num_got_rgx.sub("NUMBER", claim)).replace("NUMBER", NUMBER)
    return claim in printed or any(CHECKER.check_output(claim, m[0], FLOAT_CMP) for m in re.finditer(shape, printed))


def number_differences(stored: str, printed: str) -> list[tuple[str, str, float]]:
    """List (stored, printed, relative difference) for each number printed otherwise than stored."""
    pairs = zip(CHECKER.find_numbers(stored), CHECKER.find_numbers(printed), strict=False)  # counts checked apart
    return [
        (a.strip(), b.strip(), abs(float(a) - float(b)) / max(abs(float(a)), 1e-300))
        for a, b in pairs
        if a.strip() != b.strip()
    ]


def as_recorded(stored: str, printed: str) -> str:
    """Return ``printed`` (another torch release's output) with each line that matches the stored
    output's line within float noise written as stored.

    What is recorded for that release then differs from the stored output only where it truly differs.
    """
    a, b = stored.splitlines(True), printed.splitlines(True)
    kept = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            kept += a[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            kept += [x if matches(x, y) else y for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
        else:
            kept += b[j1:j2]
    text = "".join(kept)
    return text if matches(text, printed) else printed
