"""What the plugin adds to or rewrites in every page.  Each function here is given what it works
on and returns the result; the plugin decides when each runs.

- ``outputs_marked``: each output block the site model pairs with an example (``Page.examples``) is
  marked as an output (``.output``: stylesheets/extra.css wraps its long lines, unless its lines are
  aligned in columns, ``aligned``: then ``.aligned``, and it scrolls like code;
  ``data-search-exclude``: Material's search leaves printed tensors out of its index), and under an
  output that another listed torch release prints otherwise goes a note with the lines that differ
  there, from the output recorded for that release (``<name>.torch-<release>.out``).
- ``repository_linked``: links written ``[文字](repo:)`` point at the site's repository.
- ``stale_banner``: under ``mkdocs serve``, a warning at the top of a page naming the examples whose
  code changed since their output was last checked, with the command that brings it up to date.
- ``typeset_formulas``: formulas typeset at build time as MathML (latex2mathml), which browsers
  render natively: the pages load no formula script.  A formula it cannot read is left as TeX with
  a warning naming the page and the line (``strict: true`` fails the build).  An inline formula
  followed by closing CJK punctuation (``$x$。``) goes in one ``<span class="nowrap">`` with it:
  Chromium breaks a line between an inline ``<math>`` and the ``。`` after it, and a line may not start
  with one (避头标点; after inline code, text to text, the browser already keeps them together).
- ``tables_stacked``: a table of ``STACKED_COLUMNS`` or more columns (the glossary) is marked
  ``data-stacked`` and each of its body cells gets its column's header as ``data-label``:
  stylesheets/extra.css lays it out on a phone as one block per row, each cell on its own line
  under its label, instead of a table wider than the screen.  Narrower tables keep scrolling.
- ``named_for_screen_readers``: names Material's templates leave out (axe-core rules
  ``aria-dialog-name`` and ``landmark-unique``) and the page language as ``zh-CN``.
- ``with_policy``: a Content-Security-Policy that allows only the site itself, placed first in
  ``<head>`` (GitHub Pages sends no headers); Material's inline scripts are allowed by their SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import logging
import re
import unicodedata
from pathlib import Path

from latex2mathml.converter import convert

from site_model import Page, versions

log = logging.getLogger("mkdocs.plugins.notes")

OUTPUT_ATTRIBUTES = " data-search-exclude"


def _note(indent: str, release: str, pinned: Path, recorded: Path) -> list[str]:
    lines = ["", f'!!! info "在 torch {release} 上，这段输出有所不同"', ""]
    texts = (path.read_text(encoding="utf-8") for path in (pinned, recorded))
    for where, printed_there in versions.changed_lines(*texts):
        lines += [f"    {where}：" if printed_there else f"    {where}。", ""]
        if printed_there:
            lines += ['    ```text title="输出"', *(f"    {line}" for line in printed_there), "    ```", ""]
    return [indent + line if line else "" for line in lines]


def _cells(line: str) -> list[tuple[int, str]]:
    """(display column, character) for each character of ``line``; a wide (CJK) character takes two columns."""
    cells, column = [], 0
    for char in line:
        cells.append((column, char))
        column += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return cells


WIDEST = 76  # display columns a desktop code block holds inside a box (tests/test_pages.py measures it)


def aligned(text: str) -> bool:
    """Whether a printed output's lines are aligned in columns, so that wrapping them would break the
    columns: two lines resume text at the same column after a run of spaces (a table such as
    ``float32  float64  说法`` or einsum's), or a line is indented to sit just after an opening bracket
    of the line above (a tensor printed on several lines).  A long message (a warning) is neither, and
    an output holding a line wider than a desktop code block (``WIDEST`` columns) wraps, so that the
    message can be read there; its aligned lines, short enough for that, keep their columns anyway."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if any(_cells(line) and _cells(line)[-1][0] >= WIDEST for line in lines):
        return False
    seen: set[int] = set()
    for line in lines:
        starts = {column for column, _ in _column_starts(line)}
        if starts & seen:
            return True
        seen |= starts
    for above, line in itertools.pairwise(lines):
        indent = len(line) - len(line.lstrip(" "))
        brackets = {column + 1 for column, char in _cells(above) if char in "[("}
        if indent and indent in brackets:
            return True
    return False


def _column_starts(line: str) -> list[tuple[int, str]]:
    """(display column, character) of each character that follows a run of two or more spaces after text."""
    cells = _cells(line)
    return [
        (column, char)
        for k, (column, char) in enumerate(cells)
        if k >= 3 and char != " " and cells[k - 1][1] == cells[k - 2][1] == " " and line[: k - 2].strip()
    ]


FENCE_OPENING = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def outputs_marked(markdown: str, page: Page, snippets: Path) -> str:
    """``markdown`` (the text of ``page``) with its output blocks marked and version notes under them."""
    lines = markdown.split("\n")
    for example in reversed(page.examples):
        if example.output is None:
            continue
        fence = example.output
        opening = FENCE_OPENING.match(lines[fence.line - 1])
        lang = fence.lang or "text"
        title = f' title="{fence.title}"' if fence.title else ""
        pinned = snippets / fence.includes[0]
        columns = " .aligned" if pinned.is_file() and aligned(pinned.read_text(encoding="utf-8")) else ""
        lines[fence.line - 1] = (
            f'{opening["indent"]}{opening["fence"]}{{.{lang} .output{columns}{title}{OUTPUT_ATTRIBUTES}=""}}'
        )
        notes = [
            line
            for release, recorded in versions.recorded_outputs(pinned).items()
            for line in _note(opening["indent"], release, pinned, recorded)
        ]
        lines[fence.end : fence.end] = notes
    return "\n".join(lines)


REPOSITORY_LINK = re.compile(r"\[([^\]]+)\]\(repo:\)")


def repository_linked(markdown: str, repo_url: str | None) -> str:
    """``[文字](repo:)`` links to the site's repository (``repo_url``, given by the publishing workflow);
    without one (a local build, made from the repository itself) only the text stays."""
    return REPOSITORY_LINK.sub(lambda m: f"[{m[1]}]({repo_url})" if repo_url else m[1], markdown)


def stale_banner(stale: list[str]) -> str:
    """The warning that opens a page under ``mkdocs serve`` when examples it shows (``stale``,
    their paths under the snippets folder) changed since their output was last checked."""
    if not stale:
        return ""
    lines = "\n".join(
        f"    - `{path}`：运行 `pytest --regen-all -k {Path(path).stem}` 更新输出，再检查它" for path in stale
    )
    return f'!!! warning "本地预览：下面这些示例的代码改过之后，输出还没有重新生成或核对"\n\n{lines}\n\n'


TABINDEX = {"div": ' tabindex="0"', "span": ""}  # a wide formula scrolls: the keyboard can reach it too
# closing CJK punctuation, which may not start a line (避头标点)
CLOSING = "。，、；：？！）」』】〕〗〙〛〉》”’…．"
FORMULA = re.compile(
    rf'<(span|div) class="arithmatex">\s*\\[(\[](.*?)\\[)\]]\s*</\1>(?P<closing>(?<=</span>)[{CLOSING}]+)?', re.DOTALL
)


def _mathml(tex: str, display: bool, where: str, source: str) -> str | None:
    try:
        mathml = convert(tex, display="block" if display else "inline")
        unknown = re.findall(r">(\\[A-Za-z]+)<", mathml)  # latex2mathml keeps unknown commands as text
    except Exception as error:  # noqa: BLE001 - latex2mathml raises several kinds
        mathml, unknown = None, [f"{type(error).__name__} {error}"]
    if unknown:
        first = tex.strip().split("\n")[0]
        line = source[: source.find(first)].count("\n") + 1 if first in source else "?"
        log.warning(f"{where}:{line}: 无法排版公式 {tex.strip()!r}：{'，'.join(unknown)}")
        return None
    return mathml


def typeset_formulas(content: str, where: str, source: str) -> str:
    """``content`` with each formula arithmatex marked as MathML; ``where`` and ``source`` (the page's
    path and text) locate a formula that cannot be typeset."""

    def typeset(m: re.Match) -> str:
        mathml = _mathml(html.unescape(m[2]), m[1] == "div", where, source)
        if mathml is None:
            return m[0]
        formula = f'<{m[1]} class="arithmatex"{TABINDEX[m[1]]}>{mathml}</{m[1]}>'
        return f'<span class="nowrap">{formula}{m["closing"]}</span>' if m["closing"] else formula

    return FORMULA.sub(typeset, content)


STACKED_COLUMNS = 4  # a table of this many columns or more stacks its rows on a phone
TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
BODY_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)


def _label(cell: str) -> str:
    return html.escape(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip(), quote=True)


def tables_stacked(content: str) -> str:
    """``content`` with each table of ``STACKED_COLUMNS`` or more columns marked ``data-stacked`` and each of
    its body cells labelled with its column's header (``data-label``), for the phone's stacked layout."""

    def stacked(table: re.Match) -> str:
        head, _, body = table[1].partition("</thead>")
        labels = [_label(cell) for cell in HEADER_CELL.findall(head)]
        if len(labels) < STACKED_COLUMNS or not body:
            return table[0]

        def labelled(row: re.Match) -> str:
            cells = iter(labels)
            return "<tr>" + re.sub(r"<td\b", lambda td: f'{td[0]} data-label="{next(cells, "")}"', row[1]) + "</tr>"

        return f"<table data-stacked>{head}</thead>{BODY_ROW.sub(labelled, body)}</table>"

    return TABLE.sub(stacked, content)


SCREEN_READER_NAMES = {
    '<html lang="zh"': '<html lang="zh-CN"',
    'data-md-component="search" role="dialog">': 'data-md-component="search" role="dialog" aria-label="搜索">',
    '<nav class="md-tags" >': '<nav class="md-tags" aria-label="本页标签">',
}


def named_for_screen_readers(output: str) -> str:
    for old, new in SCREEN_READER_NAMES.items():
        output = output.replace(old, new)
    return output


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def with_policy(output: str) -> str:
    """A page's HTML with its Content-Security-Policy first in ``<head>``."""
    hashes = sorted(
        {
            f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in INLINE_SCRIPT.findall(output)
        }
    )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=" ".join(hashes))}">'
    return output.replace("<head>", "<head>\n    " + meta, 1)
