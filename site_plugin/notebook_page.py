"""The notebook page (``docs/*.py``, jupytext) written in the markup of the other pages.

mkdocs-jupyter renders it with nbconvert's JupyterLab template, unrun: prompts, 575 KB of inline CSS,
its own copy button, MathJax and require.js loaders.  ``rewrite`` keeps the cells' Markdown and
highlighted code and writes them again as Material writes a Markdown page, with the outputs of the
build's one run of the page (``notebook_runs``): code blocks with Material's copy button, outputs
titled "输出" and marked as output blocks, pictures with their cell's alt text
(``# %% alt="..."``), exercise answers collapsed (``# %% answer="..."``), formulas marked as
pymdownx.arithmatex marks them (``markup.typeset_formulas`` typesets both).
"""

from __future__ import annotations

import html
import re
from itertools import groupby
from operator import itemgetter

import nbformat
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from site_plugin import cjk
from site_plugin.markup import OUTPUT_ATTRIBUTES, aligned


def code_block(code_html: str, language: str, title: str = "", output: bool = False, columns: bool = False) -> str:
    """A highlighted block as pymdownx.superfences writes one (an output block marked as Markdown pages mark
    it, ``columns``: one whose lines are aligned in columns, ``markup.aligned``)."""
    caption = f'<span class="filename">{title}</span>' if title else ""
    marks = f' output{" aligned" if columns else ""}"{OUTPUT_ATTRIBUTES}' if output else '"'
    body = f"<pre><span></span><code>{code_html}</code></pre>"
    return f'<div class="language-{language} highlight{marks}>{caption}{body}</div>'


def answers_collapsed(parts: list[tuple[str, str]]) -> list[str]:
    """The page's HTML parts, (the ``answer`` of the cell each came from, its HTML): each run of
    parts from cells with the same answer title (``# %% answer="练习 1 的答案"``, on Markdown and code
    cells alike) goes in one collapsed box, as ``??? success "练习 1 的答案"`` does on a Markdown page."""
    out = []
    for title, run in groupby(parts, itemgetter(0)):
        joined = "\n".join(part for _, part in run)
        out.append(f'<details class="success">\n<summary>{title}</summary>\n{joined}\n</details>' if title else joined)
    return out


def arithmatex_markup(rendered: str) -> str:
    """Rendered Markdown with its ``$$..$$`` and ``$..$`` formulas marked as pymdownx.arithmatex marks them."""
    display = r'<div class="arithmatex">\\[\1\\]</div>'
    inline = r'<span class="arithmatex">\\(\1\\)</span>'
    parts = re.split(r"(<code>.*?</code>)", rendered, flags=re.DOTALL)  # a `$` in inline code is no formula
    for i in range(0, len(parts), 2):
        part = re.sub(r"(?:<p>\s*)?\$\$(.+?)\$\$(?:\s*</p>)?", display, parts[i], flags=re.DOTALL)
        parts[i] = re.sub(r"(?<![\\$])\$([^$\n]+?)\$", inline, part)
    return "".join(parts)


def cjk_joined(rendered: str) -> str:
    """nbconvert's Markdown (not Python-Markdown's) with its line breaks between Chinese characters joined as
    on the other pages (``cjk``).  After ``arithmatex_markup``: its ``$..$`` never spans a line, which a
    ``$`` in inline code counts on, and the formulas it marks stay as they are."""
    soup = BeautifulSoup(rendered, "html.parser")
    cjk.join_soup(soup)
    return soup.decode()


def _outputs(cell: nbformat.NotebookNode, where: str) -> list[str]:
    """The HTML of a run cell's outputs: pictures (with the cell's alt text) and printed text."""
    parts = []
    for output in cell.outputs:
        if png := output.get("data", {}).get("image/png"):
            if not cell.metadata.get("alt"):
                raise PluginError(f'{where}: 有单元格画了图，却没有替代文字（在它上面写 `# %% alt="图上画的是什么"`）')
            alt = html.escape(cell.metadata["alt"], quote=True)
            parts.append(
                f'<figure class="notebook-figure"><img src="data:image/png;base64,{png}" alt="{alt}"></figure>'
            )
        elif text := output.get("text") or output.get("data", {}).get("text/plain"):
            parts.append(code_block(html.escape(text), "text", "输出", output=True, columns=aligned(text)))
    return parts


def rewrite(content: str, cells: list[nbformat.NotebookNode], run: nbformat.NotebookNode, where: str) -> str:
    """The page's HTML (``content``, as mkdocs-jupyter rendered the notebook ``cells``) in the site's
    markup, with the outputs of ``run`` (the executed notebook); ``where`` names the page in errors."""
    soup = BeautifulSoup(content, "html.parser")
    ran = iter([c for c in run.cells if c.cell_type == "code"])
    parts = []
    for rendered, cell in zip(soup.select('div.jp-Cell[id^="cell-id"]'), cells, strict=True):
        answer = html.escape(cell.metadata.get("answer", ""))
        if markdown := rendered.select_one(".jp-RenderedMarkdown"):
            for anchor in markdown.select("a.anchor-link"):
                anchor["class"], anchor["title"] = "headerlink", "Permanent link"
            parts.append((answer, cjk_joined(arithmatex_markup(markdown.decode_contents()))))
            continue
        pre = rendered.select_one(".highlight-ipynb pre")
        parts.append((answer, code_block(pre.decode_contents().removeprefix("<span></span>"), "python")))
        parts += [(answer, part) for part in _outputs(next(ran), where)]
    return "\n".join(answers_collapsed(parts))
