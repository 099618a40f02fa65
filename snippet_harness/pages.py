"""What the pages and snippets are.  Pages are read with markdown-it (plus the admonition
plugin, so fences inside ``!!! note`` blocks count) and includes are expanded by
pymdown-extensions' own snippet preprocessor, configured from ``mkdocs.yml``: the code tested
is the code the site shows."""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from pathlib import Path, PurePosixPath

import markdown
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

ROOT = Path(__file__).resolve().parent.parent
DOCS, SNIPPETS = ROOT / "docs", ROOT / "snippets"
PYTHON_LANGS = {"", "py", "python", "python3", "py3", "pycon", "ipython"}
INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1\s*$""")
SETTINGS = "examples.toml"  # beside the examples of a folder: how the harness runs each (see settings())
PICTURE = re.compile(r"(?P<root>[A-Za-z_]\w*) 的计算图|(?P<matmul>矩阵乘法的形状)")
# the comment lines that once set these inside the examples; a reader must never see them
RETIRED_DIRECTIVE = re.compile(r"#[ \t]*(?:(?:画图|预期警告)[ \t]*[:：]|随机数因设备而异)[^\n<\"]*")
OUTPUT_CLAIM = re.compile(r"#\s*输出\s*[:：]\s*(?P<claim>\S.*?)\s*$")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def snippet_files() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))


def notebook_files() -> list[Path]:  # jupytext percent-format pages that mkdocs-jupyter renders
    return sorted(DOCS.rglob("*.py"))


def example_files() -> list[Path]:
    """Everything that runs as an example, each with a stored output (``output_file``)."""
    return snippet_files() + notebook_files()


def page_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def output_file(example: Path) -> Path:
    """Where an example's output is stored: beside a snippet; under snippets/ for a notebook."""
    if example.is_relative_to(DOCS):
        return (SNIPPETS / example.relative_to(DOCS)).with_suffix(".out")
    return example.with_suffix(".out")


def picture_file(example: Path) -> Path:
    """Where the picture an example asks for (``picture`` in settings(), see pictures.py) is stored."""
    return output_file(example).with_suffix(".svg")


class SettingsError(ValueError):
    """A folder's examples.toml says something the harness cannot do; the message names the file."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """How the harness runs one example, written in ``examples.toml`` beside it, never in the code
    a reader copies.  ``[<example name>]`` tables with any of these keys:

    - ``picture = "loss 的计算图"`` or ``"矩阵乘法的形状"``: draw a picture from the run (pictures.py);
    - ``expected_warnings = ["UserWarning"]``: these warnings are part of the output and must happen
      (any other warning fails the example);
    - ``random_numbers = true``: its printed numbers come from the seeded random generator, which
      gives other numbers on CUDA, so on CUDA only the structure of the output is compared."""

    picture: tuple[str, str] | None = None  # ("graph", the tensor's name) or ("matmul", "")
    expected_warnings: tuple[str, ...] = ()
    random_numbers: bool = False


@functools.cache
def _folder_settings(folder: Path) -> dict[str, dict]:
    path = folder / SETTINGS
    if not path.is_file():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{rel(path)}: not valid TOML: {error}") from None
    if plain := [name for name, entry in table.items() if not isinstance(entry, dict)]:
        raise SettingsError(f"{rel(path)}: {plain} must be tables `[<example name>]` (see pages.Settings)")
    return table


def settings(example: Path) -> Settings:
    """The settings of ``example`` from the examples.toml of its output's folder (defaults when
    it has none); a wrong value raises SettingsError naming the file."""
    stored = output_file(example)
    entry, where = _folder_settings(stored.parent).get(stored.stem, {}), f"{rel(stored.parent / SETTINGS)} [{stored.stem}]"
    if unknown := sorted(set(entry) - {f.name for f in dataclasses.fields(Settings)}):
        raise SettingsError(f"{where}: unknown keys {unknown}; known: {', '.join(f.name for f in dataclasses.fields(Settings))}")
    picture, warnings, random = entry.get("picture"), entry.get("expected_warnings", []), entry.get("random_numbers", False)
    if picture is not None and not (isinstance(picture, str) and (m := PICTURE.fullmatch(picture))):
        raise SettingsError(f'{where}: picture must be "<张量名> 的计算图" or "矩阵乘法的形状", not {picture!r}')
    if not (isinstance(warnings, list) and all(isinstance(w, str) and w.isidentifier() for w in warnings)):
        raise SettingsError(f'{where}: expected_warnings must be a list of warning class names, like ["UserWarning"]')
    if not isinstance(random, bool):
        raise SettingsError(f"{where}: random_numbers must be true or false")
    return Settings(None if picture is None else ("matmul", "") if m["matmul"] else ("graph", m["root"]),
                    tuple(warnings), random)


def settings_without_example() -> list[str]:
    """Entries of the examples.toml files that name no example of their folder."""
    examples = {output_file(e).with_suffix("") for e in example_files()}
    return [f"{rel(toml)} [{name}]" for toml in sorted(SNIPPETS.rglob(SETTINGS))
            for name in _folder_settings(toml.parent) if toml.parent / name not in examples]


def url_path(page: Path | str) -> str:
    """The page's URL relative to the site root: ``backward/``, ``""`` for the home page (a
    page under docs/, or its path relative to docs/ as MkDocs names it: ``backward.md``)."""
    stem = (page.relative_to(DOCS) if isinstance(page, Path) else PurePosixPath(page)).with_suffix("").as_posix()
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def built_page(site: Path, page: Path) -> str:
    return (site / url_path(page) / "index.html").read_text(encoding="utf-8")


class _IgnoreTags(yaml.SafeLoader):  # reads mkdocs.yml without MkDocs: ``!ENV`` etc. load as None
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, tag, node: None)


@functools.cache
def snippets_options() -> dict:
    """The ``pymdownx.snippets`` options of mkdocs.yml, base paths made absolute."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    options = next(dict(e["pymdownx.snippets"] or {}) for e in config["markdown_extensions"]
                   if isinstance(e, dict) and "pymdownx.snippets" in e)
    base = options.get("base_path", ["."])
    options["base_path"] = [str(ROOT / p) for p in ([base] if isinstance(base, str) else base)]
    return options


@functools.cache
def _includes():
    options = {**snippets_options(), "check_paths": False}
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return md.preprocessors["snippet"]


def expand_includes(text: str) -> str:
    """The text as MkDocs renders it: ``--8<--`` lines replaced by the files' contents.  A
    missing file expands to nothing here: the site build reports it, with the page's line."""
    return "\n".join(_includes().run(text.split("\n")))


def markdown_parser(cls: type[MarkdownIt] = MarkdownIt) -> MarkdownIt:
    return cls("commonmark").use(admon_plugin).use(front_matter_plugin).enable("table")


@dataclasses.dataclass
class Fence:
    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    info: str
    body: str

    where = property(lambda self: f"{rel(self.page)}:{self.line}")

    @property
    def includes(self) -> list[str]:
        return includes(self.body)

    @property
    def title(self) -> str | None:
        m = re.search(r'title="([^"]*)"', self.info)
        return m[1] if m else None


def box_title(token) -> str:
    """The title of an admonition (``!!! kind "title"``) from its opening token; its kind if untitled."""
    return token.info.strip().removeprefix(token.meta["tag"]).strip().strip('"') or token.meta["tag"]


@dataclasses.dataclass
class Box:
    kind: str  # note, warning, erratum...
    title: str
    line: int  # 1-based line of ``!!!``
    shows_snippet: bool  # holds a block that includes a snippet (.py)


def boxes(text: str) -> list[Box]:
    """The admonitions of a page's text, in order."""
    found, box = [], None
    for tok in markdown_parser().parse(text):
        if tok.type == "admonition_open":
            box = Box(tok.meta["tag"], box_title(tok), tok.map[0] + 1, False)
            found.append(box)
        elif tok.type == "admonition_close":
            box = None
        elif tok.type == "fence" and box:
            box.shows_snippet = box.shows_snippet or any(p.endswith(".py") for p in includes(tok.content))
    return found


def includes(body: str) -> list[str]:
    """The files a code block includes, if its body is nothing but ``--8<--`` lines."""
    found = [INCLUDE.match(line) for line in body.splitlines() if line.strip()]
    return [m["path"] for m in found] if found and all(found) else []


def fences(page: Path) -> list[Fence]:
    tokens = markdown_parser().parse(page.read_text(encoding="utf-8"))
    return [Fence(page, tok.map[0] + 1, (tok.info.split() or [""])[0], tok.info, tok.content)
            for tok in tokens if tok.type == "fence"]


def included_files(page: Path) -> list[str]:
    """The paths (under snippets/) that ``page`` includes in its code blocks, in order."""
    return [path for fence in fences(page) for path in fence.includes]


def pictures_shown(page: Path) -> list[str]:
    """The pictures (under snippets/) that ``page`` includes outside code blocks."""
    return [m["path"] for line in page.read_text(encoding="utf-8").splitlines()
            if (m := INCLUDE.match(line)) and m["path"].endswith(".svg")]


def output_claims(source: str) -> list[tuple[int, str]]:
    """``# 输出：...`` comments: (line number, the text the comment says is printed)."""
    return [(n, m["claim"]) for n, line in enumerate(source.splitlines(), 1)
            if (m := OUTPUT_CLAIM.search(line))]
