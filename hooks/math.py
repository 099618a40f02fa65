"""MkDocs hook: formulas typeset at build time as MathML, so a page needs no script for them.

pymdownx.arithmatex (generic mode) marks each formula as ``<span class="arithmatex">\\(..\\)</span>``
or ``<div class="arithmatex">\\[..\\]</div>`` (the notebook page's formulas are marked the same
way by hooks/notebook_page.py).  This hook replaces the TeX with MathML from latex2mathml, which
Chromium 109+, Firefox and Safari render natively: nothing to download, nothing left to typeset
after the page has painted.  A formula latex2mathml cannot read, or a command it does not know,
is left as TeX with a warning naming the page and the line (``strict: true`` fails the build).
"""

import html
import logging
import re

from latex2mathml.converter import convert

log = logging.getLogger("mkdocs.hooks.math")

TABINDEX = {"div": ' tabindex="0"', "span": ""}  # a wide formula scrolls: the keyboard can reach it too
FORMULA = re.compile(r'<(span|div) class="arithmatex">\s*\\[(\[](.*?)\\[)\]]\s*</\1>', re.DOTALL)


def _mathml(tex: str, display: bool, page) -> str | None:
    try:
        mathml = convert(tex, display="block" if display else "inline")
        unknown = re.findall(r">(\\[A-Za-z]+)<", mathml)  # latex2mathml keeps unknown commands as text
    except Exception as error:  # noqa: BLE001 - latex2mathml raises several kinds
        mathml, unknown = None, [f"{type(error).__name__} {error}"]
    if unknown:
        source, first = page.file.content_string, tex.strip().split("\n")[0]
        line = source[:source.find(first)].count("\n") + 1 if first in source else "?"
        log.warning(f"docs/{page.file.src_uri}:{line}: 无法排版公式 {tex.strip()!r}：{'，'.join(unknown)}")
        return None
    return mathml


def on_page_content(content, page, config, files):
    def typeset(m: re.Match) -> str:
        mathml = _mathml(html.unescape(m[2]), m[1] == "div", page)
        return m[0] if mathml is None else f'<{m[1]} class="arithmatex"{TABINDEX[m[1]]}>{mathml}</{m[1]}>'

    return FORMULA.sub(typeset, content)
