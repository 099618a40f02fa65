"""What is wrong with a post's code: each finding is an ``Entry`` at a line of the post."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import io
import re
import tokenize
from collections.abc import Iterator

from site_import.post import NOT_CODE, Fence, Post, Typed
from snippet_harness.compare import claim_printed, matches
from snippet_harness.job import Result

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|inf|nan)(?![\w.])")  # not in ``AddBackward0``
WARNING = re.compile(r"^(?P<category>\w*Warning): (?P<message>.*)$", re.MULTILINE)


@dataclasses.dataclass
class Entry:
    """One problem: ``line`` of the post, what kind, what is wrong, what the run printed, one fix."""

    line: int
    kind: str
    message: str
    printed: str | None = None
    fix: str | None = None
    written: str | None = None  # what the post wrote (an output typed by hand), shown beside ``printed``


def _bound_and_loaded(tree: ast.AST) -> tuple[set[str], set[str]]:
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound, loaded


def defined(code: str) -> set[str]:
    """The names a block binds (assignments, imports, definitions)."""
    try:
        return _bound_and_loaded(ast.parse(code))[0]
    except SyntaxError:
        return set()


def _read_first(tree: ast.Module) -> set[str]:
    """Names an augmented assignment (``x -= 1``) reads before the block binds them otherwise: they come from
    before the block."""
    stored, found = set(), set()
    for node in tree.body:
        augmented = {
            n.target.id for n in ast.walk(node) if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)
        }
        found |= augmented - stored
        stored |= _bound_and_loaded(node)[0] - augmented
    return found


def undefined(code: str) -> list[str]:
    """The names a block uses without binding them (nor being builtins), in the order they first appear."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    bound, loaded = _bound_and_loaded(tree)
    bound -= _read_first(tree)
    loaded |= _read_first(tree)
    order = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in loaded]
    missing = [name for name in dict.fromkeys(order) if name not in bound and not hasattr(builtins, name)]
    return sorted(missing, key=lambda name: re.search(rf"\b{name}\b", code).start())


def warning_category(result: Result) -> str | None:
    """The category of the warning that stopped a run (every warning is an error in the child), if that stopped it."""
    lines = result.stderr.strip().splitlines()
    m = WARNING.match(lines[-1]) if lines else None
    return m["category"] if m and result.status else None


def parsed(codes: list[str]) -> Iterator[tuple[str, ast.Module]]:
    """(code, its syntax tree) for each of ``codes`` that parses; a block with a syntax error is reported elsewhere."""
    for code in codes:
        try:
            yield code, ast.parse(code)
        except SyntaxError:
            continue


def imports_of(names: list[str], earlier: list[str]) -> list[str] | None:
    """The import statements of earlier blocks that bind every one of ``names``; None unless imports bind them all."""
    found: dict[str, str] = {}
    for code, tree in parsed(earlier):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    found[(alias.asname or alias.name).split(".")[0]] = ast.get_source_segment(code, node)
    return list(dict.fromkeys(found[n] for n in names)) if all(n in found for n in names) else None


SHAPE = re.compile(r"\(\s*(?:\d+\s*,\s*)*(?:\d+\s*,?\s*)?\)")
SCALAR = re.compile(r"标量|scalar|(?<!\d)0\s*维|零维", re.IGNORECASE)
WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


@dataclasses.dataclass
class ShapeClaim:
    """A comment on an assignment that says what shape the assigned tensor has (``# (1, 1) 标量``)."""

    line: int  # where the comment is
    written: str
    name: str
    after: int  # the row of the block after which the statement has run
    shape: tuple[int, ...] | None  # the shape written, if any
    scalar: bool  # the comment calls it a scalar: a 0-dimensional tensor, shape ()

    def contradiction(self, actual: tuple[int, ...] | None) -> str | None:
        """What the run contradicts in the claim (``actual``: the shape it gave ``name``), or None."""
        said = [f"形状是 `{shape_text(self.shape)}`"] if self.shape is not None else []
        said += ["是标量（0 维张量，形状 `()`）"] if self.scalar else []
        if actual is None:
            return f"注释说 `{self.name}` {'、'.join(said)}，运行得到的 `{self.name}` 不是张量"
        wrong = (self.shape is not None and self.shape != actual) or (self.scalar and actual != ())
        dims = f"{len(actual)} 维张量" if actual else "0 维张量"
        return (
            f"注释说 `{self.name}` {'、'.join(said)}，运行得到的形状是 `{shape_text(actual)}`（{dims}）"
            if wrong
            else None
        )


def shape_text(shape: tuple[int, ...]) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else str(shape)


def _comments(code: str) -> dict[int, tuple[int, str]]:
    """The comments of ``code``: by row, the column where each starts and its text."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return {}
    return {t.start[0]: (t.start[1], t.string) for t in tokens if t.type == tokenize.COMMENT}


def shape_claims(fence: Fence) -> list[ShapeClaim]:
    """Comments on a top-level assignment to one name that state its shape or call it a scalar."""
    try:
        body = ast.parse(fence.code).body
    except SyntaxError:
        return []
    comments, found = _comments(fence.code), []
    for node in body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if (
            not isinstance(node, ast.Assign | ast.AnnAssign)
            or len(targets) != 1
            or not isinstance(targets[0], ast.Name)
        ):
            continue
        for row in range(node.lineno, node.end_lineno + 1):
            comment = comments.get(row, (0, ""))[1]
            m, scalar = SHAPE.search(comment), bool(SCALAR.search(comment))
            if m or scalar:
                shape = tuple(int(n) for n in re.findall(r"\d+", m[0])) if m else None
                found.append(ShapeClaim(fence.start + row, comment, targets[0].id, node.end_lineno, shape, scalar))
    return found


def windows_paths(code: str) -> list[str]:
    """String literals that are Windows drive paths (``D:\\models\\w.pt``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return [s for s in strings if WINDOWS_PATH.match(s)]


def _squeezed(text: str, structure_only: bool) -> str:
    """An output typed by hand, compared line by line without its blank lines, runs of spaces and
    addresses (``object at 0x…``); with ``structure_only``, every number a placeholder."""
    text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip()) + "\n"
    text = re.sub(r"\b0x[0-9a-fA-F]+\b", "0x…", text)
    if not structure_only:
        return text
    flat = NUMBER.sub("<数>", " ".join(text.split()))  # random numbers change the widths and the wrapping
    return re.sub(r"(?<=[\[(])\s+(?=<数>)", "", flat) + "\n"


def typed_verdicts(fence: Fence, printed: str, structure_only: bool = False) -> list[tuple[Typed, bool]]:
    """Each output typed by hand for ``fence`` (``post.Typed``) and whether the run's output bears it out, with
    the harness's float tolerance: all of them together are the whole output, or each is found in it.
    ``structure_only`` (the numbers are random): only what is not a float is compared."""
    typed, printed = fence.typed_outputs, _squeezed(printed, structure_only)
    if typed and matches("".join(_squeezed(t.text, structure_only) for t in typed), printed):
        return [(t, True) for t in typed]
    found = [claim_printed(_squeezed(t.text, structure_only).strip(), printed) for t in typed]
    return [(t, bool(t.text.strip()) and right) for t, right in zip(typed, found, strict=True)]


def excerpt(text: str, lines: int = 15, width: int = 1500) -> str:
    """The start of ``text`` for the report: at most ``lines`` lines and ``width`` characters."""
    rows = text.rstrip("\n").splitlines()
    kept = "\n".join(rows[:lines])[:width]
    left = len(rows) - kept.count("\n") - 1
    return kept + (f"\n…（后面还有 {left} 行）" if left > 0 else "…" if len(kept) < len("\n".join(rows)) else "")


NOT_CODE_ABOUT = {  # a kind of block that is not run: what the report says of it, and the fix
    "printed": ("标成了 python，里面却是运行打印出的值（手写的输出）：没有当作代码运行", "把这个代码块的语言改成 text"),
    "signature": (
        "是 API 的签名（参数名只是占位），不是能运行的代码：没有运行，草稿里写成了文本块",
        "改写成一个给出具体参数的调用（它的输出由运行得到），或把语言改成 text",
    ),
    "parameters": ("是参数的说明列表，不是代码：没有运行，草稿里写成了文本块", "写成正文里的列表或表格"),
    "notation": ("是公式或记号，不是 Python：没有运行，草稿里写成了文本块", "公式写成 $…$；要运行就改写成 Python"),
}


def _lines(numbers: list[int]) -> str:
    return "第 " + "、".join(map(str, numbers)) + " 行"


def not_code_entries(post: Post) -> list[Entry]:
    """One entry per kind of block the import does not run as written (signatures, parameter lists, notation,
    outputs tagged python, IPython magics, interactive prompts), at the first such block, naming every one."""
    entries = []
    for kind, (about, fix) in NOT_CODE_ABOUT.items():
        if starts := [f.start for f in post.fences if f.not_code == kind]:
            entries.append(Entry(starts[0], NOT_CODE[kind], f"{_lines(starts)}的代码块{about}", None, fix))
    if magics := [n for f in post.fences for n in f.magics]:
        message = f"{_lines(magics)}是 IPython 的魔法命令或 shell 命令（`%timeit`、`!pip`），不是 Python：没有运行"
        if any(f.python for f in post.fences if f.magics):
            message += "（代码块的其余部分去掉这些行照常运行）"
        fix = "`!pip install …` 写在正文里请读者在终端运行；`%timeit` 改成 `timeit.timeit(...)`"
        entries.append(Entry(magics[0], NOT_CODE["magic"], message, None, fix))
    if prompts := [f.start for f in post.fences if f.prompts]:
        message = (
            f"{_lines(prompts)}的代码块带交互式提示符（`>>>`、`In [1]:`）：去掉提示符再运行，提示符下显示的输出"
            "当作手写的输出与运行核对；草稿里的示例不带提示符，显示运行的真实输出"
        )
        entries.append(Entry(prompts[0], "交互式提示符", message, None, "去掉提示符和手写的输出"))
    return entries


def markup_entries(post: Post) -> list[Entry]:
    """Hexo tags and HTML markup left in the post, each at its line, with what the draft does with it."""
    return [Entry(m.line, m.kind, f"原文的 `{m.written}`：{m.done}", None, m.fix) for m in post.markup]
