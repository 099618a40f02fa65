"""One site folder: its configuration, pages and examples, each read once per process."""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path, PurePosixPath

from site_model import config, versions
from site_model.examples import SETTINGS, Example, folder_settings
from site_model.pages import Page, url_path

CHECKED = ".cache/checked"  # under the site folder: the code of each example as last checked (mkdocs serve's banner)


class Site:
    def __init__(self, root: Path):
        self.config = config.read(root)
        self.root, self.docs, self.snippets = self.config.root, self.config.docs, self.config.snippets

    @functools.cached_property
    def pinned_torch(self) -> str | None:
        """The torch release requirements.txt pins (the stored outputs are its), or None."""
        return versions.pinned(self.root)

    @functools.cached_property
    def also_verified_on(self) -> list[str]:
        """The other torch releases the examples are verified on (pyproject.toml)."""
        return versions.also_verified_on(self.root)

    def rel(self, path: Path) -> str:
        """A path as messages name it: relative to the site folder."""
        return Path(path).resolve().relative_to(self.root).as_posix()

    @functools.cached_property
    def pages(self) -> list[Page]:
        """The Markdown pages under docs/, in path order, each read once."""
        return [
            Page(path.relative_to(self.docs).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted(self.docs.rglob("*.md"))
        ]

    def page(self, path: Path) -> Page:
        """The page of a Markdown file under docs/."""
        src_uri = Path(path).resolve().relative_to(self.docs).as_posix()
        for page in self.pages:
            if page.src_uri == src_uri:
                return page
        raise KeyError(f"{path} 不是 {self.rel(self.docs)}/ 下的 Markdown 页面")

    def page_file(self, page: Page) -> Path:
        return self.docs / page.src_uri

    @property
    def notebook_pages(self) -> list[Path]:
        """Pages written as jupytext notebooks (``docs/*.py``), which mkdocs-jupyter renders."""
        return sorted(self.docs.rglob("*.py"))

    def url(self, path: Path) -> str:
        """The URL (relative to the site root) of a page under docs/, Markdown or notebook."""
        return url_path(Path(path).resolve().relative_to(self.docs).as_posix())

    def built_page(self, built: Path, path: Path) -> str:
        """The HTML of a page in a built site folder ``built``."""
        return (built / self.url(path) / "index.html").read_text(encoding="utf-8")

    def example(self, path: Path) -> Example:
        """The example that runs ``path`` (a snippet, or a notebook page under docs/)."""
        path = Path(path).resolve()
        output = (
            (self.snippets / path.relative_to(self.docs)).with_suffix(".out")
            if path.is_relative_to(self.docs)
            else path.with_suffix(".out")
        )
        return Example(path, self.rel(path), output, self.rel(output.parent / SETTINGS))

    @functools.cached_property
    def snippets_files(self) -> list[Path]:
        return sorted(self.snippets.rglob("*.py"))

    @functools.cached_property
    def examples(self) -> list[Example]:
        """Everything that runs as an example: the snippets, then the notebook pages."""
        return [self.example(path) for path in self.snippets_files + self.notebook_pages]

    def examples_shown_on(self, path: Path, markdown: str | None = None) -> list[Example]:
        """The examples a page shows: a notebook page itself; the snippets a Markdown page's blocks
        show (read from ``markdown`` when given: the text MkDocs is building)."""
        path = Path(path).resolve()
        if path.suffix == ".py":
            return [self.example(path)]
        page = self.page(path) if markdown is None else Page(path.relative_to(self.docs).as_posix(), markdown)
        return [e for _, include in page.shown_snippets if (e := self.shown_example(include))]

    def shown_example(self, include: str) -> Example | None:
        """The example a page's block includes as ``include``, if that file exists."""
        path = self.snippets / include
        return self.example(path) if path.is_file() else None

    def nearest_files(self, include: str) -> list[str]:
        """The files under the snippets folder, of the same kind as ``include`` (a path that names no
        file), whose paths are closest to it, nearest first: what a typo most likely meant.

        ```python
        from pathlib import Path

        import site_model

        site = site_model.load(Path("."))
        assert site.nearest_files("backward/basci.py")[0] == "backward/basic.py"
        ```
        """
        suffix = PurePosixPath(include).suffix
        known = [p.relative_to(self.snippets).as_posix() for p in self.snippets.rglob(f"*{suffix}") if p.is_file()]
        scored = sorted(((difflib.SequenceMatcher(None, include, name).ratio(), name) for name in known), reverse=True)
        best = scored[0][0] if scored else 0.0
        return [name for ratio, name in scored if ratio >= max(0.6, best - 0.1)][:3]

    def missing_includes(self, page: Page) -> list[str]:
        """One line per ``--8<--`` line of ``page`` that names no file: page and line, the path, and
        the nearest existing files."""
        found = []
        for line, include in page.include_lines:
            if not (self.snippets / include).is_file():
                near = self.nearest_files(include)
                hint = f"；最接近的文件：{'、'.join(near)}" if near else ""
                found.append(f"{page.name}:{line}: 引用的文件 {self.rel(self.snippets)}/{include} 不存在{hint}")
        return found

    def _checked_file(self, example: Example) -> Path:
        return self.root / CHECKED / f"{example.name}.sha256"

    def last_checked(self, example: Example) -> str | None:
        """The digest of the code whose run last matched the stored output (``mark_checked``), if any."""
        path = self._checked_file(example)
        return path.read_text(encoding="utf-8").strip() if path.is_file() else None

    def mark_checked(self, example: Example) -> None:
        """Remember that ``example``'s code, as it is now, printed its stored output (or just wrote it).
        Only ``mkdocs serve``'s banner reads this (under .cache/, never committed): a build never does."""
        path = self._checked_file(example)
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        scratch.write_text(example.source_digest + "\n", encoding="utf-8")
        scratch.replace(path)

    def settings_without_example(self) -> list[str]:
        """Tables of the examples.toml files that name no example of their folder."""
        stored = {e.output.with_suffix("") for e in self.examples}
        found = []
        for toml in sorted(self.snippets.rglob(SETTINGS)):
            found += [
                f"{self.rel(toml)} [{name}]"
                for name in folder_settings(toml, self.rel(toml))
                if toml.parent / name not in stored
            ]
        return found


@functools.cache
def load(root: Path) -> Site:
    """The site whose mkdocs.yml is in ``root``, built once per process."""
    return Site(Path(root).resolve())
