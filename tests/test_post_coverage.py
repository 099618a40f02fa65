"""Every part of the original post reaches the site: each heading, paragraph, list item and
table row is on a page, and each line of each code block is in a snippet file.

The project keeps its own copy of the post (``source/``), so a fresh clone tests everything;
where the original lies beside the repository (``../shared/source/`` on the development and CI
machines), the copy must be identical to it.
"""

import re

from snippet_harness import pages

POST = pages.ROOT / "source" / "pytorch-learning-post.md"
ORIGINAL = pages.ROOT.parent / "shared" / "source" / POST.name


def normal(text: str) -> str:
    """Text with markup and spacing removed, for comparing prose written in two layouts."""
    text = re.sub(r"[`*>#|\s\\]+", "", text)
    return text.replace("\u00a0", "")


def post_parts():
    if ORIGINAL.is_file():
        assert POST.read_bytes() == ORIGINAL.read_bytes(), f"{pages.rel(POST)} differs from {ORIGINAL}"
    tokens = pages.markdown_parser().parse(POST.read_text(encoding="utf-8"))
    blocks, code, row = [], [], None
    for i, tok in enumerate(tokens):
        if tok.type == "fence":
            code.append(tok.content)
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            blocks.append(" | ".join(row))  # a table row: its cells, in order
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "inline" and tokens[i - 1].type in ("heading_open", "paragraph_open"):
            if not tok.content.startswith("!["):  # the header image, absent on purpose
                blocks.append(tok.content)
    return blocks, code


def test_every_heading_paragraph_and_table_row_is_on_a_page():
    blocks, _ = post_parts()
    site = normal("".join(p.read_text(encoding="utf-8") for p in pages.page_files()))
    missing = [b for b in blocks if normal(b) not in site]
    assert not missing, "parts of the post missing from docs/:\n" + "\n".join(missing)


def test_every_line_of_every_code_block_is_in_a_snippet():
    _, code = post_parts()
    snippets = {p: p.read_text(encoding="utf-8").splitlines() for p in pages.snippet_files()}
    missing = []
    for block in code:
        lines = [line for line in block.splitlines() if line.strip()]
        # the whole block, line for line and in order, in one snippet file
        if not any(all(line in text for line in lines) and
                   [l for l in text if l in lines][:len(lines)] == lines for text in snippets.values()):
            missing.append(block)
    assert not missing, "code blocks of the post shown in no snippet:\n" + "\n---\n".join(missing)


def highlighted(fence) -> list[str]:
    """The lines a fence's ``hl_lines="a-b c"`` marks in the file it includes."""
    spec = re.search(r'hl_lines="([^"]*)"', fence.info)
    if not spec or len(fence.includes) != 1:
        return []
    lines = (pages.SNIPPETS / fence.includes[0]).read_text(encoding="utf-8").splitlines()
    marked = []
    for part in spec[1].split():
        first, _, last = part.partition("-")
        marked += lines[int(first) - 1:int(last or first)]
    return marked


def test_highlighted_lines_are_the_posts_code():
    """A highlight in a snippet marks the post's own lines (the page says so), verbatim."""
    _, code = post_parts()
    blocks = [[line for line in block.splitlines() if line.strip()] for block in code]
    fences = [f for page in pages.page_files() for f in pages.fences(page) if highlighted(f)]
    assert fences, "no highlighted snippet on any page"
    wrong = [f.where for f in fences if highlighted(f) not in blocks]
    assert not wrong, f"highlighted lines that are not one of the post's code blocks: {wrong}"
