"""MkDocs hook: every page that shows code can be downloaded as a Jupyter notebook.

- A Markdown page that includes snippets gets ``<page>.ipynb`` beside it, generated from the
  page itself by ``page_notebook``: its prose as Markdown cells, rewritten where Jupyter reads
  Markdown otherwise than MkDocs (admonitions become Jupyter's coloured alert boxes, a
  "本站勘误" box red and marked ✏️, ``\\(..\\)``/``\\[..\\]`` become
  ``$..$``/``$$..$$``, heading ids go, links to other pages point at the site), each snippet
  as a code cell in page order with its stored output as the cell's output, each picture
  (an included ``.svg``) as an embedded image.
- A notebook page (jupytext ``.py``, rendered by mkdocs-jupyter) is executed with nbclient in
  an empty temporary directory, alongside the rest of the build, so its download carries its
  outputs and plot; under ``mkdocs serve`` the result is kept per torch version and source.
- ``overrides/main.html`` shows the download link (``page.meta.notebook_download``).

tests/test_notebooks.py runs every notebook in a fresh kernel and compares each cell's output
with what the page shows.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import groupby
from operator import itemgetter
from importlib.metadata import version
from pathlib import Path, PurePosixPath

import jupytext
import nbformat
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the `mkdocs` command runs from its own bin/
from snippet_harness.pages import INCLUDE, box_title, includes, markdown_parser, url_path  # noqa: E402 - the page model

# admonition type -> the alert box JupyterLab, Notebook and VS Code colour (danger: red), and a mark
# before its title, so that a correction stands out without its colour too
ALERTS = {"erratum": ("danger", "✏️ "), "warning": ("warning", "⚠️ ")}
OTHER_BOX = ("info", "")
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
          "language_info": {"name": "python"}}
POOL = ThreadPoolExecutor(max_workers=2)
EXECUTED: dict[str, Future] = {}  # notebook page -> its executed notebook
GENERATED: set[str] = set()  # Markdown pages with a notebook


def ipynb_uri(src_uri: str) -> str:
    return str(PurePosixPath(src_uri).with_suffix(".ipynb"))


def _prose(line: str, src_uri: str, site_url: str) -> str:
    """A line of prose as Jupyter should read it."""
    line = re.sub(r"^(#+ .*?)\s*\{#[^}]*\}\s*$", r"\1", line)  # heading ids are MkDocs-only
    line = re.sub(r"\\\((.+?)\\\)", r"$\1$", line)
    line = re.sub(r"^(\s*)\\[\[\]]\s*$", r"\1$$", line)

    def link(m: re.Match) -> str:
        target, _, anchor = m[2].partition("#")
        if not target or re.match(r"[a-z][a-z+.-]*:", target):
            return m[0]
        base = posixpath.dirname(src_uri) if target.endswith((".md", ".py")) else url_path(src_uri)
        resolved = posixpath.normpath(posixpath.join(base, target))
        url = url_path(resolved) if resolved.endswith((".md", ".py")) else "" if resolved == "." else resolved + "/"
        return f"{m[1]}({site_url}{url}{'#' + anchor if anchor else ''})"

    return re.sub(r"(\[[^\]]*\])\(([^)\s]+)\)", link, line)


def _picture(svg: Path) -> str:
    """A picture the page includes, embedded as an image (notebooks fetch nothing)."""
    text = svg.read_text(encoding="utf-8")
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.S)
    data = base64.b64encode(text.encode()).decode()
    return f'<img alt="{title[1] if title else ""}" src="data:image/svg+xml;base64,{data}">'


def page_notebook(markdown: str, src_uri: str, snippets: Path, site_url: str = "") -> nbformat.NotebookNode:
    """The notebook of a Markdown page (its text without front matter): prose, snippets as code
    cells with their stored outputs.  Links to other pages become ``site_url`` + their URL."""
    lines = markdown.splitlines()
    tokens = markdown_parser().parse(markdown)
    code, dropped, boxed, shown = {}, set(), {}, None  # first line -> [file, output]; lines dropped; line -> (box, prose)
    for tok in tokens:
        if tok.type == "admonition_open":
            kind = tok.meta["tag"]
            boxed[tok.map[0]] = (kind, f"**{ALERTS.get(kind, OTHER_BOX)[1]}{box_title(tok)}**")
            end = tok.map[1]
            while not lines[end - 1].strip():  # blank lines after it stay blank
                end -= 1
            for n in range(tok.map[0] + 1, end):
                boxed[n] = (kind, lines[n].removeprefix("    ").rstrip())
        if tok.type == "fence":
            files = includes(tok.content)
            dropped.update(range(*tok.map) if files else ())
            if files and files[0].endswith(".out") and shown:
                shown[1], shown = snippets / files[0], None
            elif files and files[0].endswith(".py") and (snippets / files[0]).is_file():  # if not, the build says so
                code[tok.map[0]] = shown = [snippets / files[0], None]
            else:
                shown = None
    if not code:
        return None
    cells, prose = [], []

    def flush():
        """One Markdown cell of the prose so far; each run of lines from one box in its alert box."""
        blocks = [(kind, "\n".join(line for _, line in run).strip("\n")) for kind, run in groupby(prose, itemgetter(0))]
        text = "\n\n".join(text if not kind else f'<div class="alert alert-block alert-{ALERTS.get(kind, OTHER_BOX)[0]}">'
                           f"\n\n{text}\n\n</div>" for kind, text in blocks if text.strip())
        if text.strip():
            cells.append(nbformat.v4.new_markdown_cell(text))
        prose.clear()

    for n, line in enumerate(lines):
        if n in code:
            flush()
            example, out = code[n]
            cell = nbformat.v4.new_code_cell(example.read_text(encoding="utf-8").rstrip("\n"),
                                             metadata={"snippet": f"snippets/{example.relative_to(snippets).as_posix()}"})
            if out and out.is_file():
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=out.read_text(encoding="utf-8"))]
            cells.append(cell)
        elif (m := INCLUDE.match(line)) and m["path"].endswith(".svg") and (snippets / m["path"]).is_file():
            prose.append((boxed.get(n, (None,))[0], _picture(snippets / m["path"])))
        elif n not in dropped:
            kind, text = boxed.get(n, (None, line))
            prose.append((kind, _prose(text, src_uri, site_url)))
    flush()
    return _notebook(cells, src_uri, site_url)


def _notebook(cells, src_uri: str, site_url: str) -> nbformat.NotebookNode:
    where = f"[网站上的这一页]({site_url}{url_path(src_uri)})" if site_url else \
        f"网站上的 `{url_path(src_uri) or '首页'}` 一页（文中链接都相对于网站根目录）"
    intro = nbformat.v4.new_markdown_cell(
        f"> 本笔记本由{where}生成：代码单元格就是页面上的示例，单元格下保存的是页面上显示的输出。"
        f"从上到下依次运行即可复现（构建时使用 torch {version('torch')}；浮点数的最后一两位可能因 CPU 而异）。")
    nb = nbformat.v4.new_notebook(cells=[intro, *cells], metadata=KERNEL)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # stable ids: the same page gives the same file
    nbformat.validate(nb)
    return nb


def run(nb: nbformat.NotebookNode, allow_errors: bool = False) -> nbformat.NotebookNode:
    """Execute ``nb`` in place from top to bottom: one fresh kernel, an empty temporary directory."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    encrypted = Config(KernelManager={"transport_encryption": "auto"})  # ipykernel warns otherwise
    with tempfile.TemporaryDirectory(prefix="notebook-") as workdir:
        NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=allow_errors, record_timing=False,
                       config=encrypted, resources={"metadata": {"path": workdir}}).execute()
    return nb


def executed_notebook(source: Path, src_uri: str, site_url: str = "") -> nbformat.NotebookNode:
    """A jupytext notebook page, executed (``run``), in the form the site offers it."""
    nb = jupytext.read(source)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = "\n".join(_prose(line, src_uri, site_url) for line in cell.source.splitlines())
    nb.metadata = KERNEL
    return _notebook(run(nb).cells, src_uri, site_url)


def _execute_cached(source: Path, src_uri: str, site_url: str, cache: Path | None, execute: bool) -> str:
    if not execute:  # NOTEBOOK_EXECUTE=false (mkdocs.yml): the code cells only
        return jupytext.writes(jupytext.read(source), fmt="ipynb")
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


def on_files(files, config):
    site_url = config.site_url or ""
    snippets = Path(config.mdx_configs["pymdownx.snippets"]["base_path"][0])
    serving = config.plugins["mkdocs-jupyter"].config["cache"]  # on under mkdocs serve only (hooks/serve.py)
    cache = Path(f".cache/notebooks/torch-{version('torch')}") if serving else None
    EXECUTED.clear(), GENERATED.clear()
    execute = config.plugins["mkdocs-jupyter"].config["execute"]
    for file in list(files):
        if not file.is_documentation_page():
            continue
        if file.src_uri.endswith(".py"):
            EXECUTED[file.src_uri] = POOL.submit(_execute_cached, Path(file.abs_src_path), file.src_uri, site_url, cache, execute)
        elif (nb := page_notebook(get_data(file.content_string)[0], file.src_uri, snippets, site_url)):
            files.append(File.generated(config, ipynb_uri(file.src_uri), content=nbformat.writes(nb)))
            GENERATED.add(file.src_uri)
    return files


def on_page_context(context, page, config, nav):
    if page.file.src_uri in EXECUTED or page.file.src_uri in GENERATED:
        page.meta["notebook_download"] = ipynb_uri(page.file.src_uri)
    if page.file.src_uri in EXECUTED:
        page.meta["shows_code"] = True  # all of a notebook page is code (page_meta.py sees no include)
    return context


def on_post_build(config):
    for src_uri, future in EXECUTED.items():
        target = Path(config.site_dir) / ipynb_uri(src_uri)
        target.write_text(future.result(), encoding="utf-8")
