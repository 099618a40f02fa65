"""Claims judged line by line on a run that recorded each statement (``session.py``), and what breaks and why.

- ``Statement``: one top-level statement's record: what it printed, a bare expression's repr, its error;
- ``line_claims``: the output claims in a block's comments, each tied to the statement it is about
  (on its line, or the comment lines right under it), in the forms real posts use;
- ``random_draws`` and ``SEEDS``: where random numbers come from, and which generator's seed fixes them;
- ``old_idioms``: deprecated idioms that raise no warning; ``cause``: why a statement failed, for its author.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re

from site_import.checks import CJK, NUMBER, _comments, parsed
from site_import.post import Fence
from site_import.session import MARK
from snippet_harness.compare import claim_printed

PREFIXED = re.compile(
    r"^(?:输出结果|运行结果|打印结果|输出|结果|打印|返回|output|out|result)\s*(?:为|是)?\s*[：:=]\s*(?P<v>.+)$",
    re.IGNORECASE,
)
ARROW = re.compile(r"^(?:→|->|=>)\s*(?P<v>.+)$")
NAME_PREFIX = re.compile(r"^[A-Za-z_][\w.\[\]]*\s*(?:=|:)\s*(?!=)")
VALUE_START = re.compile(
    r"^(?:tensor\(|Parameter containing|torch\.\w+|array\(|<|\[|\(|\{|[-+]?\.?\d|True\b|False\b|None\b|nan\b|inf\b|"
    r"cpu\b|cuda(?::\d)?\b|'|\"|[A-Z]\w*\()"
)
ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")
BACKWARD = re.compile(r"\b(?:Th(?=[A-Z]))?([A-Z]\w*?Backward)\d*\b")


@dataclasses.dataclass
class Statement:
    block: int
    start: int  # rows of the block
    end: int
    printed: str = ""
    repr: str | None = None
    size: int = 0
    lines: int = 0
    warnings: list = dataclasses.field(default_factory=list)  # [category, message, row]
    error: dict | None = None  # type, text, line (the block's row)
    shapes: dict = dataclasses.field(default_factory=dict)  # by the claim's line: a shape or None
    value: str | None = None  # the repr of a tensor a one-name assignment made

    @property
    def shown(self) -> str:
        """What a reader sees for it: what it printed, then a bare expression's value."""
        return self.printed + (self.repr + "\n" if self.repr is not None else "")


def statements(stdout: str) -> list[Statement]:
    return [Statement(**json.loads(line[len(MARK) :])) for line in stdout.split("\n") if line.startswith(MARK)]


@dataclasses.dataclass
class LineClaim:
    line: int  # the post's line of the comment
    written: str
    value: str | None  # what must be shown; None when it is not a value
    row: int  # the block's row of the statement it is about (its first row)
    why_not: str = ""
    on_assignment: bool = False


def _top_level(text: str) -> str:
    """``text`` with what is inside brackets and quotes blanked out."""
    out, depth, quote = [], 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
            out.append(" ")
        elif ch in "'\"":
            quote = ch
            out.append(" ")
        elif ch in "([{<":
            depth += 1
            out.append(ch if depth == 1 else " ")
        elif ch in ")]}>":
            depth -= 1
            out.append(ch if depth == 0 else " ")
        else:
            out.append(ch if depth == 0 else " ")
    return "".join(out)


EQUIVALENT = "注释是一句等价的代码，不是打印出的值"


def _is_code(text: str) -> bool:
    """A comment that is code equivalent to its line (``# torch.eq(a, 5)``, ``# x.view(3, 4)``): it parses as a
    call of a function or method, and it is not a repr (``tensor(…)``, ``torch.Size(…)``, ``Linear(…)``)."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and not re.match(r"torch\.(?:Size|device|dtype)\(|tensor\(|array\(", text.strip())
    )


def value_of(text: str) -> tuple[str | None, str]:
    """The value a comment's text claims is shown, or None and why it is not one.  A repr with ``=`` inside
    (``tensor(6., grad_fn=<SumBackward0>)``) is a value; ``y = tensor(...)`` claims the value on the right;
    ``6 = 1 + 2 + 3`` is judged on its left part."""
    text = text.strip().rstrip("，,。;；")
    if m := PREFIXED.match(text) or ARROW.match(text):
        text = m["v"].strip()
    if (m := NAME_PREFIX.match(text)) and VALUE_START.match(text[m.end() :]):
        text = text[m.end() :].strip()
    if _is_code(text):
        return None, EQUIVALENT
    top = _top_level(text)
    if (cut := re.search(r"(?<![=!<>])=(?!=)", top)) and VALUE_START.match(text):
        left = text[: cut.start()].strip()
        if not re.search(r"[-+*/^]\s*[\w(]", _top_level(left)[1:]):
            text = left
        else:
            return None, "注释写的是一个算式，不是打印出的值"
    if CJK.search(text) or not VALUE_START.match(text):
        return None, "注释是文字说明，不是打印出的值"
    if re.search(r"\w\s*[*/^]\s*\w|\d\s*[-+]\s*[\d(]", _top_level(text)):
        return None, "注释写的是一个算式，不是打印出的值"
    return text, ""


def _shows_output(node: ast.stmt, code_part: str) -> bool:
    return isinstance(node, ast.Expr) or code_part.lstrip().startswith("print(")


def _assigns_one_name(node: ast.stmt) -> bool:
    return isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)


def _joined(rows: list[int], comments: dict, first: int) -> tuple[str, int]:
    """A comment claim continued on the comment lines under it, until its brackets close."""
    text, row = comments[first][1].lstrip("#").strip(), first
    while _top_level(text).count("(") + text.count("[") > text.count("]") + _top_level(text).count(")"):
        if row + 1 not in rows:
            break
        row += 1
        text += "\n" + comments[row][1].lstrip("#").strip()
    return text, row


def line_claims(fence: Fence) -> list[LineClaim]:
    """The output claims of a block's comments, each with the statement it is about: a comment at the end of
    a ``print`` or a bare expression (or of a one-name tensor assignment, when the value is a tensor's repr),
    or the comment lines right under a statement."""
    try:
        body = ast.parse(fence.code).body
    except SyntaxError:
        return []
    comments, lines, found = _comments(fence.code), fence.code.splitlines(), []
    at = {row: node for node in body for row in range(node.lineno, node.end_lineno + 1)}
    own = sorted(row for row, (col, _) in comments.items() if not lines[row - 1][:col].strip())
    done: set[int] = set()
    for row, (col, comment) in sorted(comments.items()):
        if row in done:
            continue
        node = at.get(row)
        if node is not None and row not in own:
            if not (_shows_output(node, lines[row - 1][:col]) or _assigns_one_name(node)):
                continue
            value, why = value_of(comment.lstrip("#"))
            if why == EQUIVALENT:
                continue
            assigned = not _shows_output(node, lines[row - 1][:col])
            if assigned and (value is None or not value.startswith(("tensor(", "Parameter"))):
                continue
            found.append(LineClaim(fence.start + row, comment, value, node.lineno, why, assigned))
        elif node is None and row - 1 in at and at[row - 1].end_lineno == row - 1:
            before = at[row - 1]
            text, last = _joined(own, comments, row)
            value, why = value_of(text)
            strict = PREFIXED.match(text.split("\n")[0]) or value and VALUE_START.match(value)
            if value is None and not PREFIXED.match(text.split("\n")[0]) or not strict:
                continue
            done.update(range(row, last + 1))
            found.append(LineClaim(fence.start + row, comment, value, before.lineno, why, False))
    return found


def _squeezed(text: str) -> str:
    text = ADDRESS.sub("at 0x…", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"([\[(]) | ([\])])", r"\1\2", text)


def bears_out(value: str, shown: str) -> bool:
    """Does a statement's output bear the claimed value out (the harness's float tolerance, spacing and
    ``object at 0x…`` addresses aside; ``(2, 3)`` for a printed ``torch.Size([2, 3])``)?"""
    claim, shown = _squeezed(value), _squeezed(shown)
    if re.fullmatch(r"\((?:\d+, ?)*\d*\)", claim) and "torch.Size(" in shown:
        claim = "torch.Size([" + claim[1:-1].rstrip(",") + "])"
    if claim[:1] in "'\"" and claim[-1:] == claim[:1]:
        return claim_printed(claim, shown) or claim_printed(claim[1:-1], shown)
    return claim_printed(claim, shown)


NEW_SETTINGS = re.compile(
    r",\s*'(?:maximize|foreach|differentiable|fused|capturable|decoupled_weight_decay)': [^,}]+"
    r"|'(?:maximize|foreach|differentiable|fused|capturable|decoupled_weight_decay)': [^,}]+,\s*"
    r"|^\s*(?:maximize|foreach|differentiable|fused|capturable|decoupled_weight_decay): .*$",
    re.MULTILINE,
)
VERSION = re.compile(r"(?<![\w.])\d+\.\d+(?:\.\d+)?(?:[a-z]+\d*)?(?:\+[\w.]+)?(?![\w.])")


def changed_repr(value: str, shown: str, code: str = "") -> str | None:
    """What changed, when the claim differs from the output only as torch changed since the post: a ``*Backward``
    name without its digit or with the old ``Th`` prefix (``<AddBackward>``, ``ThAddmmBackward`` for
    ``AddmmBackward0``), a version printed by ``__version__``, an optimizer's repr or ``state_dict`` that has
    gained settings, or the order of a ``ModuleDict``; None otherwise."""
    if "Backward" in value + shown and bears_out(BACKWARD.sub(r"\1", value), BACKWARD.sub(r"\1", shown)):
        return "`grad_fn` 的名字变了（现在带编号、没有 `Th` 前缀），值本身相同"
    if "__version__" in code and bears_out(VERSION.sub("<版本>", value), VERSION.sub("<版本>", shown)):
        return "这是版本号，原文写的是写文章时的版本"
    claimed = [line.strip() for line in value.splitlines() if line.strip()]
    gained = re.search(r"Parameter Group|param_groups|'momentum'|'lr'", value) and bears_out(
        value, NEW_SETTINGS.sub("", shown)
    )
    if (
        gained
        or "Parameter Group" in value
        and all(line in {s.strip() for s in shown.splitlines()} for line in claimed)
    ):
        return "优化器多了新版本加的设置（`maximize`、`foreach` 等），原有的设置相同"
    printed = sorted(line.strip() for line in shown.splitlines() if line.strip())
    return "`ModuleDict` 里的顺序变了，内容相同" if "ModuleDict" in value and sorted(claimed) == printed else None


RANDOM_CALLS = {
    "torch": r"\btorch\.(?:rand|randn|randint|randperm|normal|bernoulli|multinomial|poisson|rand_like|randn_like"
    r"|randint_like)\(|\.(?:uniform_|normal_|random_|bernoulli_|exponential_|cauchy_|log_normal_|geometric_)\("
    r"|\binit\.(?!constant_|zeros_|ones_|eye_|dirac_)\w+_\(|\bnn\.(?:Linear|Bilinear|Conv\dd|ConvTranspose\dd|RNN|LSTM"
    r"|GRU|Embedding|Dropout\d?d?|MultiheadAttention|Transformer\w*)\(|\bF\.dropout\w*\(|\bdropout\("
    r"|shuffle\s*=\s*True|\bRandomSampler\(|\brandom_split\(|\bSubsetRandomSampler\(",
    "numpy": r"\bnp\.random\.|\bnumpy\.random\.",
    "random": r"(?<![.\w])random\.(?:random|randint|choice|choices|shuffle|sample|uniform|gauss)\(",
}
SEEDS = {"torch": "torch.manual_seed(0)", "numpy": "np.random.seed(0)", "random": "random.seed(0)"}


def random_draws(code: str) -> list[tuple[str, int]]:
    """Every row of ``code`` that draws random numbers, with its generator, in order."""
    return [
        (generator, row)
        for row, line in enumerate(code.splitlines(), 1)
        for generator, pattern in RANDOM_CALLS.items()
        if re.search(pattern, line.split("#")[0])
    ]


OLD_IDIOMS = [  # (pattern, what it is, the fix)
    (
        r"\bVariable\(",
        "`Variable` 是 PyTorch 0.4 以前的写法：现在它只是原样返回张量（不发警告）",
        "直接用张量，需要梯度时写 `torch.tensor(..., requires_grad=True)` 或 `x.requires_grad_()`",
    ),
    (
        r"\.grad\.data\.zero_\(\)",
        "`x.grad.data.zero_()` 是旧写法：`.data` 绕过了 autograd 的记录",
        "写 `x.grad.zero_()`，或用优化器的 `optimizer.zero_grad()`",
    ),
    (
        r"\.data\s*(?:[-+*/]?=(?!=)|\.\w+_\(|\[[^\]]*\]\s*=(?!=))",
        "通过 `.data` 改写张量是旧写法：这样的修改 autograd 看不到（不报错也不警告，梯度可能悄悄算错）",
        "在 `with torch.no_grad():` 里直接改张量本身，例如 `w -= lr * w.grad`",
    ),
]


def old_idioms(code: str) -> list[tuple[int, str, str]]:
    """(row, what, fix) for the first use of each deprecated idiom that raises no warning in ``code``."""
    found, seen = [], set()
    for row, line in enumerate(code.splitlines(), 1):
        for pattern, what, fix in OLD_IDIOMS:
            if what not in seen and re.search(pattern, line.split("#")[0]):
                seen.add(what)
                found.append((row, what, fix))
                break
    return found


SITE_LACKS = {
    "torchvision": (
        "用 `torch.randn(...)` 生成一小批假图片（或 `torch.utils.data.TensorDataset`）代替 torchvision 的数据集和模型"
    ),
    "torchtext": "用一小段写在代码里的文字代替 torchtext 的数据集",
    "torchaudio": "用 `torch.randn(...)` 生成一段假波形代替 torchaudio",
    "sklearn": "用 torch 生成一小份合成数据代替 sklearn 的数据集",
    "pandas": "把数据写成代码里的一个小张量或列表",
}


def cause(error: dict, code: str, elsewhere: dict[str, str]) -> tuple[str, str, str | None]:
    """(kind, message, fix) for a failed statement: ``error`` as ``session.py`` records it; ``elsewhere``
    says, for a name the post binds somewhere it cannot be seen from here, where (for NameError)."""
    kind, text = error["type"], error["text"]
    if kind == "NameError" and (m := re.search(r"name '(\w+)' is not defined", text)):
        name = m[1]
        if name in elsewhere:
            return "名字在别处定义", f"`{name}` {elsewhere[name]}", None
        return "用到没有定义的名字", f"`{name}` 在原文里哪里都没有定义", f"补上 `{name}` 的定义"
    if kind in ("SyntaxError", "IndentationError", "TabError"):
        return (
            "语法错误",
            f"代码块不是合法的 Python：{text}",
            "改正这一行；若它不是完整的代码（片段、伪代码），把语言改成 text",
        )
    if kind == "ModuleNotFoundError" and (m := re.search(r"No module named '(\w+)", text)):
        fix = SITE_LACKS.get(m[1], f"网站的示例只用 torch、numpy 和 matplotlib：把用到 `{m[1]}` 的部分换成它们")
        return "环境：网站没有这个包", f"网站的环境里没有安装 `{m[1]}`（不是原文的错）", fix
    if "CUDA" in text or "cuda" in text.lower() and kind in ("AssertionError", "RuntimeError"):
        fix = "写 `device = 'cuda' if torch.cuda.is_available() else 'cpu'`，再 `.to(device)`"
        return "环境：没有 CUDA", f"这里没有 GPU（CUDA）：{text}", fix
    if kind == "EOFError":
        return "环境：等待键盘输入", "代码调用了 `input()` 等待键盘输入，页面上的示例没有输入", "把输入写成一个变量"
    if kind == "FileNotFoundError":
        fix = "在代码里生成一个小的合成文件（先写后读），或换成 `torch.randn(...)` 生成的小张量"
        return "环境：缺少数据文件", f"代码要读的文件不存在：{text}", fix
    if kind in ("URLError", "ConnectionError", "gaierror") or "联网被拒绝" in text:
        return "环境：不能联网", f"页面上的示例不能联网：{text}", "把要下载的数据换成代码里生成的小数据"
    if kind == "Timeout":
        return "运行超时", "代码块运行超时（是不是死循环、训练太久或在等待输入？）", "减少轮数或数据量"
    return "运行出错", text, None


def locals_of_functions(codes: list[str]) -> dict[str, str]:
    """Names bound only inside a function of the post: ``{name: function}``."""
    found = {}
    for _, tree in parsed(codes):
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                        found.setdefault(inner.id, node.name)
    return found


def assigned_rows(code: str) -> dict[str, int]:
    """The first row at which each top-level name of ``code`` is assigned."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return {}
    rows: dict[str, int] = {}
    for node in tree.body:
        augmented = {id(n.target) for n in ast.walk(node) if isinstance(n, ast.AugAssign)}
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store) and id(inner) not in augmented:
                rows.setdefault(inner.id, node.lineno)
            elif isinstance(inner, ast.FunctionDef | ast.ClassDef) and inner in tree.body:
                rows.setdefault(inner.name, inner.lineno)
    return rows


USUAL_IMPORTS = {
    "torch": "import torch",
    "nn": "import torch.nn as nn",
    "F": "import torch.nn.functional as F",
    "optim": "import torch.optim as optim",
    "np": "import numpy as np",
    "plt": "import matplotlib.pyplot as plt",
}


UNINITIALISED = re.compile(r"\btorch\.empty(?:_like|_strided)?\(|\.new_empty\(|(?<![.\w])empty_like\(")


def uninitialised_rows(code: str) -> set[int]:
    """The first rows of the top-level statements whose value is uninitialised memory (``torch.empty``,
    ``empty_like``, ``new_empty``): they call it, or use a name such a statement bound."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return set()
    source, tainted, rows = code.splitlines(), set(), set()
    for node in body:
        text = "\n".join(source[node.lineno - 1 : node.end_lineno]).split("#")[0]
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if UNINITIALISED.search(text) or names & tainted:
            rows.add(node.lineno)
            tainted |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return rows


def masked(text: str) -> str:
    """``text`` with every number a placeholder: what is compared of a line that prints random numbers."""
    return NUMBER.sub("<数>", text)
