"""The notebook of a page, as the site offers it for download (``<page>.ipynb``).

- A Markdown page that includes snippets: ``page_notebook`` makes it from the page itself, its
  prose as Markdown cells, rewritten where Jupyter reads Markdown otherwise than MkDocs
  (admonitions become Jupyter's coloured alert boxes, a "本站勘误" box red and marked ✏️, an exercise's
  answer (``??? success "练习 1 的答案"``, collapsed on the page) green and open,
  ``\\(..\\)``/``\\[..\\]`` become ``$..$``/``$$..$$``, heading ids go, links to other pages point
  at the site), each snippet a code cell in page order with its stored output as the cell's
  output, each picture (an included ``.svg``) an embedded image.
- A notebook page (jupytext ``.py``): ``executed_notebook`` runs it with nbclient in an empty
  temporary directory, so its download carries its outputs and plot.  A build runs each notebook
  page once, in the background (``start_notebook_page``); the page's HTML and its download both
  take that run (``notebook_page_run``).
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import posixpath
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
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
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
          "language_info": {"name": "python"}}


def ipynb_uri(src_uri: str) -> str:
    return str(PurePosixPath(src_uri).with_suffix(".ipynb"))


def _link(m: re.Match, src_uri: str, site_url: str) -> str:
    target, _, anchor = m[2].partition("#")
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
    cell = nbformat.v4.new_code_cell(example.read_text(encoding="utf-8").rstrip("\n"),
                                     metadata={"snippet": f"snippets/{example.relative_to(snippets).as_posix()}"})
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


def _code_blocks(page: Page, snippets: Path) -> tuple[dict[int, list], set[int]]:
    """0-based first line -> [snippet, its output block's file or None] for each block that shows a
    snippet (``Page.shown_snippets``; a missing file the build reports); the lines of include blocks."""
    code, dropped, shown = {}, set(), None
    showing = {fence.line: path for fence, path in page.shown_snippets if (snippets / path).is_file()}
    for fence in page.fences:
        files = fence.includes
        dropped.update(range(fence.line - 1, fence.end) if files else ())
        if fence.line in showing:
            code[fence.line - 1] = shown = [snippets / showing[fence.line], None]
        elif files and files[0].endswith(".out") and shown:
            shown[1], shown = snippets / files[0], None
        else:
            shown = None
    return code, dropped


def _markdown_cell(prose_lines: list[tuple[str | None, str]]) -> nbformat.NotebookNode | None:
    """One Markdown cell of prose lines; each run of lines from one box in its alert box."""
    blocks = [(kind, "\n".join(line for _, line in run).strip("\n"))
              for kind, run in groupby(prose_lines, itemgetter(0))]
    text = "\n\n".join(text if not kind else f'<div class="alert alert-block alert-{ALERTS.get(kind, OTHER_BOX)[0]}">'
                       f"\n\n{text}\n\n</div>" for kind, text in blocks if text.strip())
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
    return _notebook(cells, page.src_uri, site_url)


def _notebook(cells, src_uri: str, site_url: str) -> nbformat.NotebookNode:
    where = f"[网站上的这一页]({site_url}{url_path(src_uri)})" if site_url else \
        f"网站上的 `{url_path(src_uri) or '首页'}` 一页（文中链接都相对于网站根目录）"
    intro = nbformat.v4.new_markdown_cell(
        f"> 本笔记本由{where}生成：代码单元格就是页面上的示例，单元格下保存的是页面上显示的输出。"
        f"从上到下依次运行即可复现（构建时使用 torch {torch_version()}；浮点数的最后一两位可能因 CPU 而异）。")
    nb = nbformat.v4.new_notebook(cells=[intro, *cells], metadata=KERNEL)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # stable ids: the same page gives the same file
    nbformat.validate(nb)
    return nb


def execute(nb: nbformat.NotebookNode, allow_errors: bool = False) -> nbformat.NotebookNode:
    """Execute ``nb`` in place from top to bottom: one fresh kernel, an empty temporary directory."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    encrypted = Config(KernelManager={"transport_encryption": "auto"})  # ipykernel warns otherwise
    with tempfile.TemporaryDirectory(prefix="notebook-") as workdir:
        NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=allow_errors, record_timing=False,
                       shutdown_kernel="immediate",  # the run is over: no need to wait ~1 s for a graceful exit
                       config=encrypted, resources={"metadata": {"path": workdir}}).execute()
    return nb


def answers_collapsed(parts: list[tuple[str, str]]) -> list[str]:
    """A notebook page's HTML parts, (the ``answer`` of the cell it came from, its HTML): each run of
    parts from cells with the same answer title (``# %% answer="练习 1 的答案"``, on Markdown and code
    cells alike) in one collapsed box, as ``??? success "练习 1 的答案"`` is on a Markdown page."""
    out = []
    for title, run in groupby(parts, itemgetter(0)):
        html = "\n".join(part for _, part in run)
        out.append(f'<details class="success">\n<summary>{title}</summary>\n{html}\n</details>' if title else html)
    return out


def arithmatex_markup(html: str) -> str:
    """A notebook's rendered Markdown with its ``$$..$$`` and ``$..$`` formulas marked as pymdownx.arithmatex
    marks them on Markdown pages (for hooks/math.py)."""
    display = r'<div class="arithmatex">\\[\1\\]</div>'
    html = re.sub(r"(?:<p>\s*)?\$\$(.+?)\$\$(?:\s*</p>)?", display, html, flags=re.DOTALL)
    return re.sub(r"(?<![\\$])\$([^$\n]+?)\$", r'<span class="arithmatex">\\(\1\\)</span>', html)


@functools.lru_cache(maxsize=16)
def _read(path: Path, mtime: float) -> nbformat.NotebookNode:
    return jupytext.read(path)


def read_notebook_page(path: Path | str) -> nbformat.NotebookNode:
    """A jupytext notebook page, read once per process while it is unchanged (never change what it returns)."""
    return _read(Path(path), Path(path).stat().st_mtime)


def executed_notebook(source: Path, src_uri: str, site_url: str = "") -> nbformat.NotebookNode:
    """A jupytext notebook page, executed, in the form the site offers it."""
    nb = copy.deepcopy(read_notebook_page(source))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = "\n".join(prose(line, src_uri, site_url) for line in cell.source.splitlines())
            if answer := cell.metadata.get("answer"):  # collapsed under its title on the page; here, marked
                cell.source = f"**{answer}**\n\n{cell.source}"
    nb.metadata = KERNEL
    return _notebook(execute(nb).cells, src_uri, site_url)


def notebook_page_download(source: Path, src_uri: str, site_url: str, cache: Path | None, run: bool) -> str:
    """The ``.ipynb`` text of a notebook page: executed unless ``run`` is false (then its code
    cells only); kept in ``cache`` (a folder) when one is given, per source and site URL."""
    if not run:
        return jupytext.writes(read_notebook_page(source), fmt="ipynb")
    key = hashlib.sha256(source.read_bytes() + site_url.encode()).hexdigest()[:16]
    cached = cache / f"{PurePosixPath(src_uri).stem}-{key}.ipynb" if cache else None
    if cached and cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = nbformat.writes(executed_notebook(source, src_uri, site_url))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob(f"{PurePosixPath(src_uri).stem}-*.ipynb"):
            old.unlink()  # made from an older source
        cached.write_text(text, encoding="utf-8")
    return text


POOL = ThreadPoolExecutor(max_workers=2)
RUNS: dict[str, Future] = {}  # src_uri -> the .ipynb text of this build's run of a notebook page


def start_notebook_page(source: Path, src_uri: str, site_url: str, cache: Path | None, run: bool) -> None:
    """Start the build's one run of a notebook page (``notebook_page_download``) in the background."""
    RUNS[src_uri] = POOL.submit(notebook_page_download, source, src_uri, site_url, cache, run)


def notebook_page_run(src_uri: str) -> str:
    """The ``.ipynb`` text of the run ``start_notebook_page`` started (waits for it)."""
    return RUNS[src_uri].result()
