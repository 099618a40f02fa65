"""MkDocs hook: the notebook page looks like the rest of the site.

mkdocs-jupyter renders the notebook page (``docs/*.py``, jupytext) with nbconvert's JupyterLab
template: prompts, 575 KB of inline CSS its options cannot drop, its own copy button, MathJax
and require.js loaders.  This hook keeps what it rendered (the cells' Markdown, the highlighted
code, the outputs) and writes it again in Material's markup: code blocks with Material's copy
button, outputs titled "输出" as on every page, pictures with the alt text of the cell's metadata
(``# %% alt="..."``), formulas marked for ``hooks/math.py``; the page gets the description and
tags of the notebook's metadata (``mkdocs:``).
"""

import copy
import html

from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from site_model.notebooks import arithmatex_markup, read_notebook_page


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
    code_cells = iter([c for c in read_notebook_page(page.file.abs_src_path).cells if c.cell_type == "code"])
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
        for output in cell.select(".jp-OutputArea-output"):
            if image := output.find("img"):
                if not source.metadata.get("alt"):
                    raise PluginError(f"docs/{page.file.src_uri}: 有单元格画了图，却没有替代文字"
                                      '（在它上面写 `# %% alt="图上画的是什么"`）')
                alt = html.escape(source.metadata["alt"], quote=True)
                parts.append(f'<figure class="notebook-figure"><img src="{image["src"]}" alt="{alt}"></figure>')
            elif text := output.find("pre"):
                parts.append(_block(html.escape(text.get_text()), "text", "输出"))
    return "\n".join(parts)
