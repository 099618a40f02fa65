"""MkDocs hook: the notebook page looks like the rest of the site.

mkdocs-jupyter executes the notebook page (``docs/*.py``, jupytext) and renders it with
nbconvert's JupyterLab template: ``In [n]:`` prompts, 575 KB of inline JupyterLab CSS, its own
copy button, MathJax and require.js loaders.  Its options cannot drop that CSS, so this hook
keeps what it rendered (the cells' Markdown, the highlighted code and the outputs) and writes
it again in Material's own markup: code blocks with Material's copy button and colours,
outputs titled "输出" like on every other page, pictures full width with the alt text given in
the cell's metadata (``# %% alt="..."``), formulas handed to ``hooks/math.py``.  It also gives
the page the description and tags written in the notebook's metadata (``mkdocs:``).
"""

import html
import re

import jupytext
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError


def _notebook(page):
    return jupytext.read(page.file.abs_src_path)


def on_page_markdown(markdown, page, config, files):
    """Runs before the tags plugin (its priority is -50), so the tags count."""
    if page.file.src_uri.endswith(".py"):
        page.meta.update(_notebook(page).metadata.get("mkdocs", {}))
    return markdown


def _math(text: str) -> str:
    """``$$..$$`` and ``$..$`` as pymdownx.arithmatex marks formulas on Markdown pages."""
    text = re.sub(r"(?:<p>\s*)?\$\$(.+?)\$\$(?:\s*</p>)?", r'<div class="arithmatex">\\[\1\\]</div>', text, flags=re.S)
    return re.sub(r"(?<![\\$])\$([^$\n]+?)\$", r'<span class="arithmatex">\\(\1\\)</span>', text)


def _block(code_html: str, language: str, title: str = "") -> str:
    caption = f'<span class="filename">{title}</span>' if title else ""
    # the markup of a Markdown page's block: hooks/page_meta.py (after this hook) marks the outputs of both
    return f'<div class="language-{language} highlight">{caption}<pre><span></span><code>{code_html}</code></pre></div>'


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".py"):
        return content
    soup = BeautifulSoup(content, "html.parser")
    code_cells = iter([c for c in _notebook(page).cells if c.cell_type == "code"])
    parts = []
    for cell in soup.select('div.jp-Cell[id^="cell-id"]'):
        if markdown := cell.select_one(".jp-RenderedMarkdown"):
            for anchor in markdown.select("a.anchor-link"):
                anchor["class"], anchor["title"] = "headerlink", "Permanent link"
            parts.append(_math(markdown.decode_contents()))
            continue
        source = next(code_cells)
        pre = cell.select_one(".highlight-ipynb pre")
        parts.append(_block(pre.decode_contents().removeprefix("<span></span>"), "python"))
        for output in cell.select(".jp-OutputArea-output"):
            if image := output.find("img"):
                if not source.metadata.get("alt"):
                    raise PluginError(f"{page.file.src_uri}: a cell draws a picture but gives no alt text "
                                      '(write `# %% alt="图上画的是什么"` above it)')
                alt = html.escape(source.metadata["alt"], quote=True)
                parts.append(f'<figure class="notebook-figure"><img src="{image["src"]}" alt="{alt}"></figure>')
            elif text := output.find("pre"):
                parts.append(_block(html.escape(text.get_text()), "text", "输出"))
    return "\n".join(parts)
