"""Chinese typography: a line break between two Chinese characters (or CJK punctuation marks) renders
as nothing.  Browsers show a source line break inside a sentence as a space, which in Chinese is
a stray gap ("反向\\n传播" reads "反向 传播"); the Markdown source keeps its short lines, the page
joins them.

- ``CjkExtension`` (listed in mkdocs.yml's ``markdown_extensions`` as ``site_plugin.cjk``): a
  Python-Markdown treeprocessor that runs after the inline patterns, over the text and tails of
  every block, never inside ``pre``, ``code``, ``kbd`` or a formula;
- ``join_soup``: the same joining on a BeautifulSoup tree, for the notebook page, whose Markdown
  cells nbconvert renders (``notebook_page.py``).

A break at an inline element's boundary is joined too (``...</strong>\\n继续``): each block's text is
read as one run across its inline elements, whose own text counts but is only changed where it may be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
IS_CJK = re.compile(f"[{CJK}]")
BREAK = re.compile(r"[ \t]*\n[ \t]*")
# elements that sit inside a line of text; any other element ends the run of text before it
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
VERBATIM = {"code", "kbd", "samp", "pre", "script", "style", "math"}  # read, never changed (and pre: not read)


@dataclass
class Piece:
    """One string of a run of text: its text, whether it may change, and how to write it back."""

    text: str
    editable: bool
    write: Callable[[str], None]


def _neighbour(run: list[Piece | None], i: int, step: int) -> str:
    """The character next to piece ``i`` in the direction ``step`` (-1: the last one before it), or ""
    when a boundary (None) or the run's end comes first."""
    i += step
    while 0 <= i < len(run) and run[i] is not None:
        if run[i].text:
            return run[i].text[-1] if step < 0 else run[i].text[0]
        i += step
    return ""


def join_run(run: list[Piece | None]) -> None:
    """Drop each line break (with the spaces around it) that has a CJK character on both sides, in
    the editable pieces of ``run``; None marks a boundary (a block, a picture, a ``<br>``)."""
    for i, piece in enumerate(run):
        if piece is None or not piece.editable or "\n" not in piece.text:
            continue
        text = piece.text

        def joined(m: re.Match, text=text, i=i) -> str:
            before = text[: m.start()][-1:] or _neighbour(run, i, -1)
            after = text[m.end() :][:1] or _neighbour(run, i, +1)
            return "" if IS_CJK.match(before) and IS_CJK.match(after) else m[0]

        new = BREAK.sub(joined, text)
        if new != text:
            piece.text = new
            piece.write(new)


def _verbatim(tag: str, classes: str) -> bool:
    return tag in VERBATIM or "arithmatex" in classes.split()


# Python-Markdown's ElementTree


def _setter(element, attribute: str) -> Callable[[str], None]:
    return lambda text: setattr(element, attribute, text)


def _inline_pieces(element, editable: bool) -> Iterator[Piece | None]:
    """An inline element's text and its children's, in reading order (not its tail)."""
    editable = editable and not _verbatim(element.tag, element.get("class", ""))
    yield Piece(element.text or "", editable, _setter(element, "text"))
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE:
            yield from _inline_pieces(child, editable)
        else:
            yield None
        yield Piece(child.tail or "", editable, _setter(child, "tail"))


def join_tree(root) -> None:
    """Join the breaks in every block of an ElementTree (each non-inline element's run of text)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in INLINE or _verbatim(element.tag, ""):
            continue
        join_run(list(_inline_pieces(element, True)))


class CjkJoiner(Treeprocessor):
    def run(self, root):
        join_tree(root)


class CjkExtension(Extension):
    def extendMarkdown(self, md):  # Python-Markdown's name
        # after the inline patterns (20): the text is split into its elements, code spans are code
        md.treeprocessors.register(CjkJoiner(md), "cjk_line_breaks", 15)


def makeExtension(**kwargs):
    return CjkExtension(**kwargs)


# BeautifulSoup


def _soup_pieces(tag: Tag, editable: bool) -> Iterator[Piece | None]:
    for node in list(tag.children):
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            yield Piece(str(node), editable, node.replace_with)
        elif node.name in INLINE:
            yield from _soup_pieces(node, editable and not _verbatim(node.name, " ".join(node.get("class", []))))
        else:
            yield None


def join_soup(soup: BeautifulSoup | Tag) -> None:
    """Join the breaks in every block of a BeautifulSoup tree, as ``join_tree`` does."""
    containers = [soup, *soup.find_all(True)]
    for tag in containers:
        if tag.name in INLINE or _verbatim(tag.name or "", " ".join(tag.get("class", []))):
            continue
        join_run(list(_soup_pieces(tag, True)))
