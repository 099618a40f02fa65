"""The notebook of a page, as the site offers it for download (``<page>.ipynb``).

- A Markdown page that includes snippets: ``page_notebook`` makes it from the page itself, its
  prose as Markdown cells, rewritten where Jupyter reads Markdown otherwise than MkDocs
  (admonitions become Jupyter's coloured alert boxes, a "本站勘误" box red and marked ✏️, an exercise's
  answer (``??? success "练习 1 的答案"``, collapsed on the page) green and open,
  ``\\(..\\)``/``\\[..\\]`` become ``$..$``/``$$..$$``, heading ids go, links to other pages point
  at the site), each snippet a code cell in page order with its stored output as the cell's
  output, each picture (an included ``.svg``) an embedded image.
- A notebook page (jupytext ``.py``): ``read_notebook_page`` reads it and ``notebook`` gives
  the form it is offered in; the site's plugin executes it (``site_plugin.notebook_runs``).
"""

from __future__ import annotations

import base64
import functools
import posixpath
import re
from itertools import groupby
from operator import itemgetter
from pathlib import Path, PurePosixPath

import jupytext
import nbformat

from site_model.config import torch_version
from site_model.pages import INCLUDE, Page, url_path

# admonition type -> the alert box JupyterLab, Notebook and VS Code colour (danger: red), and a mark
# before its title, so that a correction stands out without its colour too
ALERTS = {"erratum": ("danger", "✏️ "), "warning": ("warning", "⚠️ "), "success": ("success", "")}  # success: an answer
OTHER_BOX = ("info", "")
KERNEL = {
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
}


def ipynb_uri(src_uri: str) -> str:
    return str(PurePosixPath(src_uri).with_suffix(".ipynb"))


def _link(m: re.Match, src_uri: str, site_url: str) -> str:
    target, _, anchor = m[2].partition("#")
    if not target and anchor and site_url:  # a place on this page: the notebook has no such anchor
        return f"{m[1]}({site_url}{url_path(src_uri)}#{anchor})"
    if not target or re.match(r"[a-z][a-z+.-]*:", target):
        return m[0]
    base = posixpath.dirname(src_uri) if target.endswith((".md", ".py")) else url_path(src_uri)
    resolved = posixpath.normpath(posixpath.join(base, target))
    url = url_path(resolved) if resolved.endswith((".md", ".py")) else "" if resolved == "." else resolved + "/"
    return f"{m[1]}({site_url}{url}{'#' + anchor if anchor else ''})"


def prose(line: str, src_uri: str, site_url: str) -> str:
    """A line of prose as Jupyter should read it."""
    line = re.sub(r"^(#+ .*?)\s*\{#[^}]*\}\s*$", r"\1", line)  # heading ids are MkDocs-only
    line = re.sub(r"\\\((.+?)\\\)", r"$\1$", line)
    line = re.sub(r"^(\s*)\\[\[\]]\s*$", r"\1$$", line)
    return re.sub(r"(\[[^\]]*\])\(([^)\s]+)\)", lambda m: _link(m, src_uri, site_url), line)


def _picture(svg: Path) -> str:
    """A picture the page includes, embedded as an image (notebooks fetch nothing)."""
    text = svg.read_text(encoding="utf-8")
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.DOTALL)
    data = base64.b64encode(text.encode()).decode()
    return f'<img alt="{title[1] if title else ""}" src="data:image/svg+xml;base64,{data}">'


def _code_cell(example: Path, output: Path | None, snippets: Path) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(
        example.read_text(encoding="utf-8").rstrip("\n"),
        metadata={"snippet": f"snippets/{example.relative_to(snippets).as_posix()}"},
    )
    if output and output.is_file():
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output.read_text(encoding="utf-8"))]
    return cell


def _boxed_lines(page: Page, lines: list[str]) -> dict[int, tuple[str, str]]:
    """0-based line -> (admonition kind, the line as prose): a box's title in bold, its lines unindented."""
    boxed = {}
    for box in page.boxes:
        boxed[box.line - 1] = (box.kind, f"**{ALERTS.get(box.kind, OTHER_BOX)[1]}{box.title}**")
        end = box.end
        while not lines[end - 1].strip():  # blank lines after it stay blank
            end -= 1
        boxed.update({n: (box.kind, lines[n].removeprefix("    ").rstrip()) for n in range(box.line, end)})
    return boxed


def _code_blocks(page: Page, snippets: Path) -> tuple[dict[int, tuple[Path, Path | None]], set[int]]:
    """0-based first line -> (snippet, its output block's file or None) for each example the page
    shows (``Page.examples``; a missing file the build reports); the lines of every include block."""
    code, dropped = {}, set()
    for fence in page.fences:
        if fence.includes:
            dropped.update(range(fence.line - 1, fence.end))
    for example in page.examples:
        if (snippets / example.snippet).is_file():
            output = snippets / example.output.includes[0] if example.output else None
            code[example.line - 1] = (snippets / example.snippet, output)
    return code, dropped


def _markdown_cell(prose_lines: list[tuple[str | None, str]]) -> nbformat.NotebookNode | None:
    """One Markdown cell of prose lines; each run of lines from one box in its alert box."""
    blocks = [
        (kind, "\n".join(line for _, line in run).strip("\n")) for kind, run in groupby(prose_lines, itemgetter(0))
    ]
    text = "\n\n".join(
        text
        if not kind
        else f'<div class="alert alert-block alert-{ALERTS.get(kind, OTHER_BOX)[0]}">\n\n{text}\n\n</div>'
        for kind, text in blocks
        if text.strip()
    )
    return nbformat.v4.new_markdown_cell(text) if text.strip() else None


def page_notebook(page: Page, snippets: Path, site_url: str = "") -> nbformat.NotebookNode | None:
    """The notebook of a Markdown page (None if it shows no snippet). Links to other pages become
    ``site_url`` + their URL."""
    code, dropped = _code_blocks(page, snippets)
    if not code:
        return None
    lines = page.text.splitlines()
    boxed, cells, pending = _boxed_lines(page, lines), [], []
    for n in range(page.front_matter_lines, len(lines)):
        line = lines[n]
        if n in code:
            cells += filter(None, [_markdown_cell(pending), _code_cell(*code[n], snippets)])
            pending = []
        elif (m := INCLUDE.match(line)) and m["path"].endswith(".svg") and (snippets / m["path"]).is_file():
            pending.append((boxed.get(n, (None,))[0], _picture(snippets / m["path"])))
        elif n not in dropped:
            kind, text = boxed.get(n, (None, line))
            pending.append((kind, prose(text, page.src_uri, site_url)))
    cells += filter(None, [_markdown_cell(pending)])
    return notebook(cells, page.src_uri, site_url)


def notebook(cells, src_uri: str, site_url: str) -> nbformat.NotebookNode:
    where = (
        f"[网站上的这一页]({site_url}{url_path(src_uri)})"
        if site_url
        else f"网站上的 `{url_path(src_uri) or '首页'}` 一页（文中链接都相对于网站根目录）"
    )
    intro = nbformat.v4.new_markdown_cell(
        f"> 本笔记本由{where}生成：代码单元格就是页面上的示例，单元格下保存的是页面上显示的输出。"
        f"从上到下依次运行即可复现（构建时使用 torch {torch_version()}；浮点数的最后一两位可能因 CPU 而异）。"
    )
    nb = nbformat.v4.new_notebook(cells=[intro, *cells], metadata=KERNEL)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # stable ids: the same page gives the same file
    nbformat.validate(nb)
    return nb


@functools.lru_cache(maxsize=16)
def _read(path: Path, mtime: float) -> nbformat.NotebookNode:
    return jupytext.read(path)


def read_notebook_page(path: Path | str) -> nbformat.NotebookNode:
    """A jupytext notebook page, read once per process while it is unchanged (never change what it returns)."""
    return _read(Path(path), Path(path).stat().st_mtime)
