"""What a page is: its text parsed once per process with markdown-it (admonitions included, so
a code block inside ``!!! note`` counts; front matter skipped), and what follows from it."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

PYTHON_LANGS = {"", "py", "python", "python3", "py3", "pycon", "ipython"}
INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1\s*$""")  # a pymdownx.snippets line


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(admon_plugin).use(front_matter_plugin).enable("table")


PARSER = markdown_parser()


@functools.lru_cache(maxsize=256)
def tokens(text: str) -> tuple[Token, ...]:
    """The tokens of a Markdown text: parsed once per text, whoever asks (read them, never change them)."""
    return tuple(PARSER.parse(text))


def includes(body: str) -> list[str]:
    """The files a code block includes, if its body is nothing but ``--8<--`` lines."""
    found = [INCLUDE.match(line) for line in body.splitlines() if line.strip()]
    return [m["path"] for m in found] if found and all(found) else []


def url_path(src_uri: str) -> str:
    """A page's URL relative to the site root, from its path under docs/: ``backward/`` for
    ``backward.md``, ``""`` for the home page."""
    stem = PurePosixPath(src_uri).with_suffix("").as_posix()
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


@dataclasses.dataclass(frozen=True)
class Fence:
    where: str  # docs/<page>.md:<line>
    line: int  # 1-based line of the opening fence
    lang: str
    info: str
    body: str
    end: int  # the line after the closing fence (0-based, markdown-it's map)

    @property
    def includes(self) -> list[str]:
        return includes(self.body)

    @property
    def title(self) -> str | None:
        m = re.search(r'title="([^"]*)"', self.info)
        return m[1] if m else None


@dataclasses.dataclass
class Box:
    kind: str  # note, warning, erratum...
    title: str
    line: int  # 1-based line of ``!!!``
    end: int  # the line after its last (0-based)
    shows_snippet: bool = False  # holds a block that includes a snippet (.py)


def box_title(token: Token) -> str:
    """The title of an admonition (``!!! kind "title"``) from its opening token; its kind if untitled."""
    return token.info.strip().removeprefix(token.meta["tag"]).strip().strip('"') or token.meta["tag"]


@dataclasses.dataclass(frozen=True)
class Page:
    """A Markdown page: ``src_uri`` is its path under docs/ as MkDocs names it (``backward.md``).

    ```python
    from site_model import Page

    fence = "`" * 3
    text = "\\n".join(["# 示例", "", f'{fence}python title="snippets/demo/a.py"', '--8<-- "demo/a.py"', fence,
                      "", f'{fence}text title="输出"', '--8<-- "demo/a.out"', fence, ""])
    (example,) = Page("demo.md", text).examples
    assert (example.line, example.snippet, example.output.line, example.picture) == (3, "demo/a.py", 7, None)
    ```
    """

    src_uri: str
    text: str

    @property
    def name(self) -> str:
        return f"docs/{self.src_uri}"

    @property
    def url(self) -> str:
        return url_path(self.src_uri)

    @property
    def tokens(self) -> tuple[Token, ...]:
        return tokens(self.text)

    @functools.cached_property
    def fences(self) -> list[Fence]:
        return [
            Fence(f"{self.name}:{t.map[0] + 1}", t.map[0] + 1, (t.info.split() or [""])[0], t.info, t.content, t.map[1])
            for t in self.tokens
            if t.type == "fence"
        ]

    @functools.cached_property
    def boxes(self) -> list[Box]:
        """The admonitions, in order."""
        found, box = [], None
        for tok in self.tokens:
            if tok.type == "admonition_open":
                box = Box(tok.meta["tag"], box_title(tok), tok.map[0] + 1, tok.map[1])
                found.append(box)
            elif tok.type == "admonition_close":
                box = None
            elif tok.type == "fence" and box:
                box.shows_snippet = box.shows_snippet or any(p.endswith(".py") for p in includes(tok.content))
        return found

    @property
    def front_matter_lines(self) -> int:
        """How many lines the YAML front matter takes (0 without one)."""
        return next((t.map[1] for t in self.tokens if t.type == "front_matter"), 0)

    @property
    def included_files(self) -> list[str]:
        """The paths (under the snippets folder) that the page's code blocks include, in order."""
        return [path for fence in self.fences for path in fence.includes]

    @property
    def include_lines(self) -> list[tuple[int, str]]:
        """(1-based line, path) for every ``--8<--`` line of the page, in code blocks or not."""
        return [(n, m["path"]) for n, line in enumerate(self.text.splitlines(), 1) if (m := INCLUDE.match(line))]

    @functools.cached_property
    def examples(self) -> list[PageExample]:
        """Every example the page shows, in page order: the block that includes the snippet, the
        output block under it and the picture drawn from it, when the page has them.  This is the one
        place where a code block is paired with its output block: the plugin, the notebooks, the
        harness and the tests all ask here (see the class's example)."""
        pictures = set(self.pictures_shown)
        found = []
        for fence, after in itertools.zip_longest(self.fences, self.fences[1:]):
            if len(fence.includes) != 1 or not fence.includes[0].endswith(".py"):
                continue
            snippet = fence.includes[0]
            stem = snippet.removesuffix(".py")
            output = after if after is not None and after.includes == [f"{stem}.out"] else None
            picture = f"{stem}.svg" if f"{stem}.svg" in pictures else None
            found.append(PageExample(fence, snippet, output, picture))
        return found

    @property
    def shown_snippets(self) -> list[tuple[Fence, str]]:
        """(code block, snippet path) for each example the page shows (``examples``)."""
        return [(example.code, example.snippet) for example in self.examples]

    @property
    def shows_code(self) -> bool:
        return bool(self.examples)

    @functools.cached_property
    def pictures_shown(self) -> list[str]:
        """The pictures (.svg under the snippets folder) that the page includes outside code blocks."""
        in_blocks = {n for fence in self.fences for n in range(fence.line - 1, fence.end)}
        return [
            m["path"]
            for n, line in enumerate(self.text.splitlines())
            if n not in in_blocks and (m := INCLUDE.match(line)) and m["path"].endswith(".svg")
        ]


@dataclasses.dataclass(frozen=True)
class PageExample:
    """One example as a page shows it."""

    code: Fence  # the block that includes the snippet
    snippet: str  # the snippet's path under the snippets folder: "backward/basic.py"
    output: Fence | None  # the block right after it, when that block includes the snippet's stored output
    picture: str | None  # the picture drawn from it that the page includes ("backward/basic.svg"), if any

    @property
    def line(self) -> int:
        """The 1-based line of its code block."""
        return self.code.line


def shows_code(src_uri: str, markdown: str) -> bool:
    """Whether a page shows code: a notebook page always does; a Markdown page when it includes a snippet."""
    return src_uri.endswith(".py") or Page(src_uri, markdown).shows_code
