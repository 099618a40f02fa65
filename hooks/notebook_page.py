"""MkDocs hook: the notebook page looks like the rest of the site.

mkdocs-jupyter renders the notebook page (``docs/*.py``, jupytext) with nbconvert's JupyterLab
template, without running it: prompts, 575 KB of inline CSS its options cannot drop, its own copy
button, MathJax and require.js loaders.  This hook keeps what it rendered (the cells' Markdown, the
highlighted code) and writes it again in Material's markup, with the outputs of the build's one run
of the page (``hooks/notebooks.py``, which also gives the download): code blocks with Material's copy
button, outputs titled "输出" as on every page, pictures with the alt text of the cell's metadata
(``# %% alt="..."``), formulas marked for ``hooks/math.py``; the page gets its notebook's ``mkdocs:`` metadata.
"""

import copy
import html

import nbformat
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from site_model.notebooks import arithmatex_markup, notebook_page_run, read_notebook_page


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
    for cell in soup.select('div.jp-Cell[id^="cell-id"]'):
        if markdown := cell.select_one(".jp-RenderedMarkdown"):
            for anchor in markdown.select("a.anchor-link"):
                anchor["class"], anchor["title"] = "headerlink", "Permanent link"
            parts.append(arithmatex_markup(markdown.decode_contents()))
            continue
        source = next(code_cells)
        pre = cell.select_one(".highlight-ipynb pre")
        parts.append(_block(pre.decode_contents().removeprefix("<span></span>"), "python"))
        for output in source.outputs:
            if png := output.get("data", {}).get("image/png"):
                if not source.metadata.get("alt"):
                    raise PluginError(f"docs/{page.file.src_uri}: 有单元格画了图，却没有替代文字"
                                      '（在它上面写 `# %% alt="图上画的是什么"`）')
                alt = html.escape(source.metadata["alt"], quote=True)
                parts.append(f'<figure class="notebook-figure"><img src="data:image/png;base64,{png}" alt="{alt}">'
                             "</figure>")
            elif text := output.get("text") or output.get("data", {}).get("text/plain"):
                parts.append(_block(html.escape(text), "text", "输出"))
    return "\n".join(parts)
