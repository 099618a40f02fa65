"""Every part of the original post reaches the site: each heading, paragraph, list item and
table row is on a page, and each line of each code block is in a snippet file.

The project keeps its own copy of the post (``source/``), so a fresh clone tests everything;
where the original lies beside the repository (``../shared/source/`` on the development and CI
machines), the copy must be identical to it.
"""

import re
from pathlib import Path

import site_model

SITE = site_model.load(Path(__file__).resolve().parents[1])
POST = SITE.root / "source" / "pytorch-learning-post.md"
ORIGINAL = SITE.root.parent / "shared" / "source" / POST.name


def normal(text: str) -> str:
    """Text with markup and spacing removed, for comparing prose written in two layouts."""
    text = re.sub(r"[`*>#|\s\\]+", "", text)
    return text.replace("\u00a0", "")


def post_parts():
    if ORIGINAL.is_file():
        assert POST.read_bytes() == ORIGINAL.read_bytes(), f"{SITE.rel(POST)} 与 {ORIGINAL} 不同"
    tokens = site_model.pages.tokens(POST.read_text(encoding="utf-8"))
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
        elif (
            tok.type == "inline"
            and tokens[i - 1].type in ("heading_open", "paragraph_open")
            and not tok.content.startswith("![")
        ):  # the header image, absent on purpose
            blocks.append(tok.content)
    return blocks, code


def test_every_heading_paragraph_and_table_row_is_on_a_page():
    blocks, _ = post_parts()
    site = normal("".join(p.text for p in SITE.pages))
    missing = [b for b in blocks if normal(b) not in site]
    assert not missing, "docs/ 里缺少原文的这些部分：\n" + "\n".join(missing)


def moved_comments(code: list[str]) -> dict[tuple[str, str], str]:
    """The one other form a post line ``code  # comment`` may take in a snippet, so that a phone shows
    the comment whole: ``# comment`` on its own line directly above ``code``, at the same indentation,
    both exactly as in the post.  Maps each such (comment line, code line) pair to the post's line."""
    pairs = {}
    for block in code:
        for line in block.splitlines():
            indent = line[: len(line) - len(line.lstrip())]
            for gap in re.finditer(r"(?<=\S)\s+(?=#)", line):
                before, comment = line[: gap.start()], line[gap.end() :]
                if not before.lstrip().startswith("#"):
                    pairs[(indent + comment, before)] = line
    return pairs


def as_in_post(lines: list[str], pairs: dict[tuple[str, str], str]) -> list[str]:
    """A snippet's lines with each moved comment put back at the end of its code line."""
    joined, i = [], 0
    while i < len(lines):
        pair = tuple(lines[i : i + 2])
        if pair in pairs:
            joined.append(pairs[pair])
            i += 2
        else:
            joined.append(lines[i])
            i += 1
    return joined


def test_every_line_of_every_code_block_is_in_a_snippet():
    _, code = post_parts()
    pairs = moved_comments(code)
    snippets = {p: as_in_post(p.read_text(encoding="utf-8").splitlines(), pairs) for p in SITE.snippets_files}
    missing = []
    for block in code:
        lines = [line for line in block.splitlines() if line.strip()]
        # the whole block, line for line and in order, in one snippet file
        if not any(
            all(line in text for line in lines) and [l for l in text if l in lines][: len(lines)] == lines
            for text in snippets.values()
        ):
            missing.append(block)
    assert not missing, "没有出现在任何示例里的原文代码块：\n" + "\n---\n".join(missing)


def highlighted(fence) -> list[str]:
    """The lines a fence's ``hl_lines="a-b c"`` marks in the file it includes."""
    spec = re.search(r'hl_lines="([^"]*)"', fence.info)
    if not spec or len(fence.includes) != 1:
        return []
    lines = (SITE.snippets / fence.includes[0]).read_text(encoding="utf-8").splitlines()
    marked = []
    for part in spec[1].split():
        first, _, last = part.partition("-")
        marked += lines[int(first) - 1 : int(last or first)]
    return marked


def test_highlighted_lines_are_the_posts_code():
    """A highlight in a snippet marks the post's own lines (the page says so), verbatim, or with a
    trailing comment moved onto its own line above its code line (see ``moved_comments``)."""
    _, code = post_parts()
    pairs = moved_comments(code)
    blocks = [[line for line in block.splitlines() if line.strip()] for block in code]
    fences = [f for page in SITE.pages for f in page.fences if highlighted(f)]
    assert fences, "没有一个页面有高亮的示例行"
    wrong = [f.where for f in fences if as_in_post(highlighted(f), pairs) not in blocks]
    assert not wrong, f"高亮的行不是原文的某个代码块：{wrong}"
