"""Every page that shows code is offered as a notebook (hooks/notebooks.py), and every notebook
runs: top to bottom, in one fresh Jupyter kernel (nbclient + ipykernel) in an empty temporary
directory, each cell printing what the page shows (compared as the snippets' outputs are).
Cells share one namespace, so a snippet that breaks after the page's earlier ones fails here.

The kernels start when pytest has collected these tests (tests/conftest.py) and run alongside
the other tests."""

import json
import re
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor

import nbformat
import pytest
from mkdocs.utils.meta import get_data

from snippet_harness import compare, pages
from snippet_harness.pages import rel

sys.path.insert(0, str(pages.ROOT / "hooks"))
import notebooks  # noqa: E402 - the MkDocs hook that writes them

WARNING = re.compile(r"^\S[^\n]*?:\d+: (\w*Warning): ([^\n]*)\n(?:  [^\n]*\n)?", re.M)  # as Python prints one


def notebook_of(page):
    """The notebook that the build writes for a Markdown page, or None (no code on it)."""
    text = get_data(page.read_text(encoding="utf-8"))[0]
    return notebooks.page_notebook(text, page.relative_to(pages.DOCS).as_posix(), pages.SNIPPETS)


MARKDOWN_PAGES = [page for page in pages.page_files() if notebook_of(page)]
POOL = ThreadPoolExecutor(max_workers=2)
RUNS: dict = {}


def start(page) -> Future:
    """Execute the page's notebook in the background (once)."""
    if page not in RUNS:
        RUNS[page] = POOL.submit(notebooks.run, notebook_of(page), allow_errors=True)
    return RUNS[page]


def printed(cell) -> str:
    """What a cell printed, with the warnings (which Jupyter shows apart, after the printed text)
    last, written as the snippet runner writes them."""
    text, warned = "", ""
    for out in cell.outputs:
        if out.output_type == "stream" and out.name == "stderr":
            warned += WARNING.sub(r"\1: \2\n", out.text)
        elif out.output_type == "stream":
            text += out.text
        elif out.output_type == "error":
            text += "\n".join(out.traceback) + "\n"
        else:  # the value of a last expression, a picture...
            text += f"<{out.output_type}: {', '.join(out.get('data', {}))}>\n"
    return re.sub(r"\x1b\[[\d;]*m", "", text + warned)


def warnings_last(output: str) -> str:
    lines = output.splitlines(True)
    return "".join(sorted(lines, key=lambda line: bool(re.match(r"\w*Warning: ", line))))


@pytest.mark.parametrize("notebook_page", MARKDOWN_PAGES, ids=rel)
def test_notebook_runs_like_the_page(notebook_page):
    shown = notebook_of(notebook_page)
    ran = start(notebook_page).result()
    problems = []
    for n, (cell, run) in enumerate(zip(shown.cells, ran.cells)):
        if cell.cell_type != "code":
            continue
        where = f"{rel(notebook_page)} 的笔记本，第 {n} 个单元格（{cell.metadata.snippet}）"
        want = warnings_last("".join(out.text for out in cell.outputs))
        if diff := compare.mismatch(want, printed(run), name=where):
            problems.append(diff)
    assert not problems, ("run in one kernel from the top, the notebook prints other output than the page "
                          "shows (an earlier snippet changing state?):\n" + problems[0] +
                          (f"\n(and {len(problems) - 1} later cells differ too)" if len(problems) > 1 else ""))


@pytest.mark.parametrize("notebook_page", MARKDOWN_PAGES, ids=rel)
def test_corrections_stand_out_in_the_notebook(notebook_page):
    """Each "本站勘误" box of the page is, in its notebook, a red alert box (Jupyter's ``alert-danger``)
    whose title is marked ✏️; the other boxes are not red."""
    boxes = [box.title for box in pages.boxes(notebook_page.read_text(encoding="utf-8")) if box.title.startswith("本站勘误")]
    text = "\n".join(cell.source for cell in notebook_of(notebook_page).cells if cell.cell_type == "markdown")
    titled = re.findall(r'<div class="alert alert-block alert-(\w+)">\n\n\*\*(.*?)\*\*\n', text)
    red = [title for kind, title in titled if kind == "danger"]
    assert red == [f"✏️ {title}" for title in boxes], (
        f"{rel(notebook_page)}: red boxes in its notebook {red}, corrections on the page {boxes}")


def links(nb) -> list[str]:
    return [m[1] for cell in nb.cells if cell.cell_type == "markdown"
            for m in re.finditer(r"\]\(([^)\s]+)\)", cell.source)]


@pytest.mark.parametrize("page", MARKDOWN_PAGES + pages.notebook_files(), ids=rel)
def test_page_offers_its_notebook(site, page):
    name = page.relative_to(pages.DOCS).with_suffix(".ipynb").as_posix()
    html = pages.built_page(site, page)
    assert re.search(rf'<a href="(\.\./)*{re.escape(name)}" download[^>]*>.*?下载本页笔记本', html, re.S), (
        f"{rel(page)}: no download link to {name}")
    nb = nbformat.read(site / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3", f"{name}: no kernelspec"
    text = (site / name).read_text(encoding="utf-8")
    for path in {str(pages.ROOT), tempfile.gettempdir() + "/", "/home/", "/work/"}:
        assert path not in text, f"{name}: holds the absolute path {path}"
    assert not [u for u in links(nb) if not re.match(r"https?://|#|(\w[\w/-]*)?/?(#.*)?$", u)
                or re.search(r"\.(md|py)\b", u)], f"{name}: links that only work in docs/: {links(nb)}"
    assert not re.search(r'<img [^>]*src="(?!data:)|!\[[^\]]*\]\((?!data:)', text), f"{name}: an image fetched from elsewhere"
    if page.suffix == ".md":
        assert json.loads(text) == json.loads(nbformat.writes(notebook_of(page))), (
            f"{name} is not the notebook that tests/test_notebooks.py runs")
        return
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]  # executed by the build
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{name}: its plot is missing"
    stdout = "".join(printed(c) for c in nb.cells if c.cell_type == "code" and
                     not any("image/png" in o.get("data", {}) for o in c.outputs))
    stored = pages.output_file(page)
    assert not (diff := compare.mismatch(stored.read_text(encoding="utf-8"), stdout, name=rel(stored))), diff


def test_links_point_at_the_hosted_site_when_it_is_known():
    hosted = "https://example.org/pytorch-notes/"
    for page in MARKDOWN_PAGES:
        text = get_data(page.read_text(encoding="utf-8"))[0]
        nb = notebooks.page_notebook(text, page.relative_to(pages.DOCS).as_posix(), pages.SNIPPETS, hosted)
        inside = [u for u in links(nb) if not re.match(r"https?://(?!example\.org/)", u)]
        assert inside and all(u.startswith(hosted) for u in inside), f"{rel(page)}: {links(nb)}"
