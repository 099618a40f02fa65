"""What is wrong with a post's code: each finding is an ``Entry`` at a line of the post."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import io
import re
import tokenize

from site_import.post import Fence
from snippet_harness.compare import claim_printed, matches
from snippet_harness.job import Result

OUTPUT_COMMENT = re.compile(r"^#\s*(?:输出|output)\s*[：:]\s*(?P<value>.+)$", re.IGNORECASE)
ARROW_COMMENT = re.compile(r"^#\s*(?:→|->|=>)\s*(?P<value>.+)$")
NAME_PREFIX = re.compile(r"^[A-Za-z_][\w.]*\s*=\s*")
CJK = re.compile(r"[\u4e00-\u9fff]")
RANDOM = re.compile(
    r"\b(?:torch\.(?:rand|randn|randint|randperm|normal|bernoulli|multinomial)|np\.random|random\.)\w*\("
)
WARNING = re.compile(r"^(?P<category>\w*Warning): (?P<message>.*)$", re.MULTILINE)


@dataclasses.dataclass
class Entry:
    """One problem: ``line`` of the post, what kind, what is wrong, what the run printed, one fix."""

    line: int
    kind: str
    message: str
    printed: str | None = None
    fix: str | None = None


@dataclasses.dataclass
class Claim:
    """A claim about the output a block prints: a comment (``# 输出：…``) or a text block typed by hand."""

    line: int
    written: str  # as the post writes it
    value: str | None  # what must be printed; None when it cannot be judged
    why_not: str = ""  # why it cannot be judged


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


def undefined(code: str) -> list[str]:
    """The names a block uses without binding them (nor being builtins), in the order they first appear."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    bound, loaded = _bound_and_loaded(tree)
    order = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in loaded]
    missing = [name for name in dict.fromkeys(order) if name not in bound and not hasattr(builtins, name)]
    return sorted(missing, key=lambda name: re.search(rf"\b{name}\b", code).start())


def _comment_claim(line: int, code_part: str, comment: str) -> Claim | None:
    for pattern in (OUTPUT_COMMENT, ARROW_COMMENT):
        if m := pattern.match(comment):
            return Claim(line, comment, m["value"].strip())
    if not code_part.lstrip().startswith("print("):
        return None
    value = NAME_PREFIX.sub("", comment.lstrip("#").strip())
    if "=" in value or re.search(r"[*/^]|\d\s*[-+]\s*\(", value):
        return Claim(line, comment, None, "注释写的是一个算式，不是打印出的值")
    if CJK.search(value) or not re.search(r"\d|True|False|None", value):
        return Claim(line, comment, None, "注释是文字说明，不是打印出的值")
    return Claim(line, comment, value)


def claims(fence: Fence) -> list[Claim]:
    """The output claims in a block's comments, and the text block typed under it, if any."""
    found = []
    source_lines = fence.code.splitlines()
    for row, (col, comment) in _comments(fence.code).items():
        if claim := _comment_claim(fence.start + row, source_lines[row - 1][:col], comment):
            found.append(claim)
    if typed := fence.typed_output:
        found.append(Claim(typed.start, "原文手写的输出块", typed.code))
    return found


def judge(claim: Claim, printed: str) -> bool:
    """Does the run's output bear the claim out (the harness's float tolerance)?"""
    if claim.written == "原文手写的输出块":
        return matches(claim.value.rstrip("\n") + "\n", printed.rstrip("\n") + "\n") or claim_printed(
            claim.value.strip(), printed
        )
    return claim_printed(claim.value, printed)


def warning_category(result: Result) -> str | None:
    """The category of the warning that stopped a run (every warning is an error in the child), if that stopped it."""
    lines = result.stderr.strip().splitlines()
    m = WARNING.match(lines[-1]) if lines else None
    return m["category"] if m and result.status else None


def unseeded_random(code: str) -> bool:
    return bool(RANDOM.search(code)) and "seed(" not in code


def imports_of(names: list[str], earlier: list[str]) -> list[str] | None:
    """The import statements of earlier blocks that bind every one of ``names``; None unless imports bind them all."""
    found: dict[str, str] = {}
    for code in earlier:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    found[(alias.asname or alias.name).split(".")[0]] = ast.get_source_segment(code, node)
    return list(dict.fromkeys(found[n] for n in names)) if all(n in found for n in names) else None


SHAPE = re.compile(r"\(\s*(?:\d+\s*,\s*)*(?:\d+\s*,?\s*)?\)")
SCALAR = re.compile(r"标量|scalar|(?<!\d)0\s*维|零维", re.IGNORECASE)
WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")
PROBE = "\x1fshape"  # marks the lines a shape probe prints


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


def probe(code: str, found: list[ShapeClaim]) -> str:
    """``code`` printing, after each claimed assignment, the post's line of the claim and the name's shape."""
    lines = code.splitlines()
    for claim in sorted(found, key=lambda c: c.after, reverse=True):
        shape = f"tuple({claim.name}.shape) if hasattr({claim.name}, 'shape') else None"
        lines.insert(claim.after, f"print({PROBE!r}, {claim.line}, {shape})")
    return "\n".join(lines) + "\n"


def probed_shapes(stdout: str) -> dict[int, tuple[int, ...] | None]:
    """The shapes a probe printed, by the post's line of the claim."""
    shapes = {}
    for line in stdout.splitlines():
        if line.startswith(PROBE + " "):
            number, shape = line[len(PROBE) + 1 :].split(" ", 1)
            shapes[int(number)] = ast.literal_eval(shape)
    return shapes


def windows_paths(code: str) -> list[str]:
    """String literals that are Windows drive paths (``D:\\models\\w.pt``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return [s for s in strings if WINDOWS_PATH.match(s)]
