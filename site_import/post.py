"""A post as written: front matter, fenced blocks and the images and links in its text."""

from __future__ import annotations

import ast
import dataclasses
import re

import yaml

PYTHON = {"python", "py", "python3", "pycon"}
OUTPUT = {"", "text", "output", "console", "plaintext", "txt"}
OPENING = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
REFERENCE = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


class Unreadable(ValueError):
    """A post (or a page name) the importer cannot take: the message says why, and nothing was written."""


@dataclasses.dataclass
class Fence:
    """A fenced block: ``start`` and ``end`` are the post's 1-based lines of its fences."""

    start: int
    end: int
    lang: str
    code: str
    python: bool = False  # holds Python (tagged so, or untagged and looking like it)
    typed_output: Fence | None = None  # the untagged/text block right under it, an output typed by hand

    @property
    def untagged_python(self) -> bool:
        return self.python and not self.lang


@dataclasses.dataclass
class Reference:
    line: int
    image: bool
    text: str
    target: str
    source: str  # the whole ``[text](target)`` as written


@dataclasses.dataclass
class Post:
    lines: list[str]  # the whole file
    meta: dict
    body_start: int  # index in ``lines`` of the first line after the front matter
    fences: list[Fence]
    references: list[Reference]

    @property
    def python_blocks(self) -> list[Fence]:
        return [f for f in self.fences if f.python]


def looks_like_python(code: str) -> bool:
    """Untagged code is Python when it parses and does something: assigns, imports, loops, prints..."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    return any(
        not isinstance(node, ast.Expr)
        or isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", "") == "print"
        for node in tree.body
    )


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("".join(lines[1:i]))
            except yaml.YAMLError as error:
                where = getattr(error, "problem_mark", None)
                line = f"第 {where.line + 2} 行" if where else "里"
                raise Unreadable(f"文章开头的 front matter 不是合法的 YAML（{line}）：{error}") from error
            if meta is not None and not isinstance(meta, dict):
                raise Unreadable("文章开头 --- 之间的 front matter 应是“键: 值”的 YAML 映射")
            return meta or {}, i + 1
    return {}, 0


def _fences(lines: list[str], start: int) -> list[Fence]:
    fences, i = [], start
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if not opening:
            i += 1
            continue
        mark, indent = opening["fence"], len(opening["indent"])
        j = i + 1
        while j < len(lines) and not re.fullmatch(re.escape(mark[0]) + f"{{{len(mark)},}}", lines[j].strip()):
            j += 1
        code = "".join(line[indent:] if not line[:indent].strip() else line for line in lines[i + 1 : j])
        fences.append(Fence(i + 1, j + 1, opening["lang"].lower(), code))
        i = j + 1
    return fences


def _classify(fences: list[Fence], lines: list[str]) -> None:
    previous = None
    for fence in fences:
        tagged = fence.lang in PYTHON
        right_under = previous is not None and all(not line.strip() for line in lines[previous.end : fence.start - 1])
        if right_under and fence.lang in OUTPUT and not (tagged or looks_like_python(fence.code)):
            previous.typed_output = fence
        fence.python = tagged or not fence.lang and looks_like_python(fence.code)
        previous = fence if fence.python else None


def _references(lines: list[str], start: int, fences: list[Fence]) -> list[Reference]:
    inside = {n for f in fences for n in range(f.start, f.end + 1)}
    found = []
    for number in range(start + 1, len(lines) + 1):
        if number in inside:
            continue
        text = re.sub(r"`[^`]*`", lambda m: " " * len(m[0]), lines[number - 1])  # not in inline code
        for m in REFERENCE.finditer(text):
            found.append(Reference(number, bool(m["image"]), m["text"], m["target"], m[0]))
    return found


def read(text: str) -> Post:
    lines = text.splitlines(keepends=True)
    meta, start = _front_matter(lines)
    fences = _fences(lines, start)
    _classify(fences, lines)
    return Post(lines, meta, start, fences, _references(lines, start, fences))
