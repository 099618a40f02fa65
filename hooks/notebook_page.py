"""MkDocs hook: the notebook page looks like the rest of the site.

mkdocs-jupyter renders the notebook page (``docs/*.py``, jupytext) with nbconvert's JupyterLab template, unrun:
prompts, 575 KB of inline CSS, its own copy button, MathJax and require.js loaders. This hook keeps the cells'
Markdown and highlighted code, written again in Material's markup with the outputs of the build's one run of the page
(``hooks/notebooks.py``, which also gives the download): code blocks with Material's copy button, outputs titled
"输出", pictures with their cell's alt text (``# %% alt="..."``), exercise answers collapsed (``# %% answer="..."``),
formulas marked for ``hooks/math.py``, and the notebook's ``mkdocs:`` metadata."""

import copy
import html

import nbformat
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from site_model.notebooks import answers_collapsed, arithmatex_markup, notebook_page_run, read_notebook_page


def on_page_markdown(markdown, page, config, files):
    """Runs before the tags plugin (its priority is -50), so the tags count."""
    if page.file.src_uri.endswith(".py"):
        page.meta.update(copy.deepcopy(read_notebook_page(page.file.abs_src_path).metadata.get("mkdocs", {})))
    return markdown


def _block(code_html: str, language: str, title: str = "") -> str:
    caption = f'<span class="filename">{title}</span>' if title else ""  # as on Markdown pages (page_meta.py)
    return f'<div class="language-{language} highlight">{caption}<pre><span></span><code>{code_html}</code></pre></div>'


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".py"):
        return content
    soup = BeautifulSoup(content, "html.parser")
    run = nbformat.reads(notebook_page_run(page.file.src_uri), as_version=4)
    code_cells = iter([c for c in run.cells if c.cell_type == "code"])
    parts = []
    cells = read_notebook_page(page.file.abs_src_path).cells  # the cells mkdocs-jupyter rendered, in order
    for cell, shown in zip(soup.select('div.jp-Cell[id^="cell-id"]'), cells, strict=True):
        answer = html.escape(shown.metadata.get("answer", ""))
        if markdown := cell.select_one(".jp-RenderedMarkdown"):
            for anchor in markdown.select("a.anchor-link"):
                anchor["class"], anchor["title"] = "headerlink", "Permanent link"
            parts.append((answer, arithmatex_markup(markdown.decode_contents())))
            continue
        source = next(code_cells)
        pre = cell.select_one(".highlight-ipynb pre")
        parts.append((answer, _block(pre.decode_contents().removeprefix("<span></span>"), "python")))
        for output in source.outputs:
            if png := output.get("data", {}).get("image/png"):
                if not source.metadata.get("alt"):
                    raise PluginError(f"docs/{page.file.src_uri}: 有单元格画了图，却没有替代文字"
                                      '（在它上面写 `# %% alt="图上画的是什么"`）')
                alt = html.escape(source.metadata["alt"], quote=True)
                figure = f'<figure class="notebook-figure"><img src="data:image/png;base64,{png}" alt="{alt}"></figure>'
                parts.append((answer, figure))
            elif text := output.get("text") or output.get("data", {}).get("text/plain"):
                parts.append((answer, _block(html.escape(text), "text", "输出")))
    return "\n".join(answers_collapsed(parts))
