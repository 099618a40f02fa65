"""What the pages and snippets are: parsed once here, used by the tests and the harness plugin.

Pages are read with markdown-it plus the admonition plugin (so fences inside ``!!! note``
blocks are seen), and snippet includes are expanded by pymdown-extensions' own snippet
preprocessor, configured from ``mkdocs.yml``: the code tested is the code the site shows.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from pathlib import Path

import markdown
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
OUTPUT_SUFFIX = ".out"
PYTHON_LANGS = {"", "py", "python", "python3", "py3", "pycon", "ipython"}
INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1\s*$""")
OUTPUT_CLAIM = re.compile(r"#\s*输出\s*[:：]\s*(?P<claim>\S.*?)\s*$")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def copy_project(dest: Path) -> Path:
    """A scratch copy of the project (sources only: no git, venv, build output or caches)."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "site", "__pycache__", ".pytest_cache", ".cache", "test-artifacts"))
    return dest


def snippet_files() -> list[Path]:
    """Code files that pages include."""
    return sorted(SNIPPETS.rglob("*.py"))


def notebook_files() -> list[Path]:
    """Notebook pages (jupytext percent-format .py files, rendered by mkdocs-jupyter)."""
    return sorted(DOCS.rglob("*.py"))


def example_files() -> list[Path]:
    """Everything the suite runs as an example, each with its stored output beside it."""
    return snippet_files() + notebook_files()


def output_file(snippet: Path) -> Path:
    return snippet.with_suffix(OUTPUT_SUFFIX)


def page_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing MkDocs: tags such as ``!ENV`` or
    ``!!python/name:`` load as plain values (the snippet options use none of them)."""


_ConfigLoader.add_multi_constructor("", lambda loader, tag, node: None)


@functools.cache
def mkdocs_config() -> dict:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_ConfigLoader)


def snippets_options() -> dict:
    """The ``pymdownx.snippets`` options of mkdocs.yml, base paths made absolute."""
    for entry in mkdocs_config()["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            options = dict(entry["pymdownx.snippets"] or {})
            break
    else:
        raise LookupError("mkdocs.yml does not enable pymdownx.snippets")
    base = options.get("base_path", ["."])
    options["base_path"] = [str(ROOT / p) for p in ([base] if isinstance(base, str) else base)]
    return options


def expand_includes(text: str, *, regenerating: bool = False) -> str:
    """The page as MkDocs renders it: ``--8<--`` lines replaced by the files' contents.

    While stored outputs are being regenerated, a missing file expands to nothing instead of
    failing, so that a new snippet's output file can be created in the same run.
    """
    options = snippets_options()
    if regenerating:
        options["check_paths"] = False
    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": options})
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


def markdown_parser(cls: type[MarkdownIt] = MarkdownIt) -> MarkdownIt:
    return cls("commonmark").use(admon_plugin).use(front_matter_plugin).enable("table")


@dataclasses.dataclass
class Fence:
    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    info: str
    body: str

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"

    @property
    def includes(self) -> list[str]:
        """The files this fence includes, if its body is nothing but ``--8<--`` lines."""
        lines = [line for line in self.body.splitlines() if line.strip()]
        found = [INCLUDE.match(line) for line in lines]
        return [m["path"] for m in found] if lines and all(found) else []

    @property
    def title(self) -> str | None:
        m = re.search(r'title="([^"]*)"', self.info)
        return m[1] if m else None


def fences(page: Path) -> list[Fence]:
    tokens = markdown_parser().parse(page.read_text(encoding="utf-8"))
    return [
        Fence(page, tok.map[0] + 1, (tok.info.split() or [""])[0], tok.info, tok.content)
        for tok in tokens
        if tok.type == "fence"
    ]


def included_files(page: Path) -> list[str]:
    """The paths (under snippets/) that ``page`` includes, in order."""
    return [path for fence in fences(page) for path in fence.includes]


def output_claims(snippet: Path) -> list[tuple[int, str]]:
    """``# 输出：...`` comments: (line number, the text the comment says is printed)."""
    return [
        (n, m["claim"])
        for n, line in enumerate(snippet.read_text(encoding="utf-8").splitlines(), 1)
        if (m := OUTPUT_CLAIM.search(line))
    ]
