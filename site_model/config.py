"""The site's configuration: ``mkdocs.yml`` read once per process (without MkDocs, so that the
harness needs no MkDocs), and the installed torch."""

from __future__ import annotations

import dataclasses
import functools
from importlib.metadata import version
from pathlib import Path

import yaml


class _IgnoreTags(yaml.SafeLoader):  # ``!ENV``, ``!!python/...``: not needed here, read as None
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, tag, node: None)


@dataclasses.dataclass(frozen=True)
class Config:
    root: Path  # the folder of mkdocs.yml
    docs: Path  # docs_dir
    snippets: Path  # the first base_path of pymdownx.snippets: where ``--8<--`` includes resolve


def _base_path(snippets_options: dict) -> str:
    """The first base path of pymdownx.snippets' options (where ``--8<--`` includes resolve)."""
    base = snippets_options.get("base_path", ".")
    return (base if isinstance(base, str) else (base or ["."])[0]) or "."


@functools.cache
def _read(path: Path, mtime: float) -> Config:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    options = next(
        (
            e["pymdownx.snippets"] or {}
            for e in data.get("markdown_extensions", [])
            if isinstance(e, dict) and "pymdownx.snippets" in e
        ),
        {},
    )
    docs = data.get("docs_dir")
    return Config(
        path.parent,
        (path.parent / (docs if isinstance(docs, str) else "docs")).resolve(),
        (path.parent / _base_path(options)).resolve(),
    )


def read(root: Path) -> Config:
    """The configuration of the site whose mkdocs.yml is in ``root``, for the harness and the tests
    (read again only once it changed); a relative base path is relative to ``root``, where the site
    is built."""
    path = Path(root).resolve() / "mkdocs.yml"
    if not path.is_file():
        raise FileNotFoundError(f"{path} 不存在：这里不是网站的根目录")
    return _read(path, path.stat().st_mtime)


@functools.cache
def torch_version() -> str:
    """The installed torch's version, from its distribution's metadata (torch is not imported)."""
    return version("torch")
