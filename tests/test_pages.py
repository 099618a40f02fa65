"""The pages show only tested code, every snippet is shown, and the site builds strictly."""

import json
import re
from html.parser import HTMLParser
from importlib.metadata import version
from urllib.parse import unquote, urlsplit

import pytest

from tests import docs_model
from tests.docs_model import rel

PAGES = docs_model.page_files()
PAGE_IDS = [rel(p) for p in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_no_untested_code_on_page(page):
    inline = [
        f.where for f in docs_model.fences(page)
        if f.lang in docs_model.PYTHON_LANGS and not f.includes
    ]
    assert not inline, (
        "Python code typed inline (put it in a file under snippets/ and include it with "
        f"--8<--): {', '.join(inline)}"
    )


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_each_snippet_shown_with_its_output(page):
    folder = page.relative_to(docs_model.DOCS).with_suffix("").as_posix()
    fences = docs_model.fences(page)
    problems = []
    for i, fence in enumerate(fences):
        for path in fence.includes:
            target = docs_model.SNIPPETS / path
            if not target.is_file():
                problems.append(f"{fence.where}: includes {rel(target)}, which does not exist")
            if not path.endswith(".py"):
                continue
            if not path.startswith(folder + "/"):
                problems.append(f"{fence.where}: {path} belongs in snippets/{folder}/ (one folder per page)")
            if fence.title != f"snippets/{path}":
                problems.append(f'{fence.where}: give the block title="snippets/{path}"')
            out = rel(docs_model.output_file(target)).removeprefix("snippets/")
            after = fences[i + 1] if i + 1 < len(fences) else None
            if after is None or after.includes != [out] or after.title != "输出":
                problems.append(f'{fence.where}: follow it with a ```text title="输出" block including "{out}"')
    assert not problems, "\n".join(problems)


def test_every_snippet_is_on_a_page():
    shown = {docs_model.SNIPPETS / path for page in PAGES for path in docs_model.included_files(page)}
    orphans = [rel(s) for s in docs_model.snippet_files() if s not in shown]
    assert not orphans, f"snippets no page includes (include them or delete them): {orphans}"
    stale = [
        rel(out) for out in sorted(docs_model.SNIPPETS.rglob("*" + docs_model.OUTPUT_SUFFIX))
        if not out.with_suffix(".py").is_file()
    ]
    assert not stale, f"stored outputs whose snippet is gone: {stale}"


def test_site_builds_strictly(site):
    assert (site / "index.html").is_file()


def built_page(site, page):
    """The HTML MkDocs wrote for ``page`` (a path under docs/)."""
    stem = page.relative_to(docs_model.DOCS).with_suffix("")
    folder = stem.parent if stem.name == "index" else stem
    return (site / folder / "index.html").read_text(encoding="utf-8")


ALL_PAGES = PAGES + docs_model.notebook_files()


@pytest.mark.parametrize("page", ALL_PAGES, ids=[rel(p) for p in ALL_PAGES])
def test_pages_with_code_name_the_installed_torch(site, page):
    html = built_page(site, page)
    stamp = f"本页代码已在 torch {version('torch')}（CPU） 上运行验证"
    shows_code = '<span class="filename">snippets/' in html or "jp-CodeCell" in html
    assert (stamp in html) == shows_code, (
        f"{rel(page)}: the stamp {stamp!r} belongs on exactly the pages that show code")


@pytest.mark.parametrize("notebook", docs_model.notebook_files(), ids=rel)
def test_notebook_page_shows_its_plot_and_offers_ipynb(site, notebook):
    html = built_page(site, notebook)
    assert re.search(r'<img [^>]*src="data:image/png;base64,', html), f"{rel(notebook)}: no plot on the built page"
    name = notebook.with_suffix(".ipynb").name
    assert f'href="../{name}" download' in html, f"{rel(notebook)}: no download link to {name}"
    ipynb = json.loads((site / notebook.relative_to(docs_model.DOCS).with_suffix(".ipynb")).read_text(encoding="utf-8"))
    code = [c for c in ipynb["cells"] if c["cell_type"] == "code"]
    assert code and all("".join(c["source"]) in notebook.read_text(encoding="utf-8") for c in code), (
        f"{name} does not hold the code cells of {rel(notebook)}")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def test_built_links_resolve(site):
    """Every relative link and asset in the built HTML exists in the site (this also covers
    notebook pages, whose links MkDocs' own validation does not see)."""
    broken = []
    for html in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            base = site if parts.path.startswith("/") else html.parent
            path = (base / unquote(parts.path).lstrip("/")).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{html.relative_to(site)}: {target}")
    assert not broken, "links to nothing in the built site:\n" + "\n".join(broken)
