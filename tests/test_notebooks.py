"""Every page that shows code is offered as a notebook (the site's plugin), and every notebook
runs: top to bottom, in one fresh Jupyter kernel (nbclient + ipykernel) in an empty temporary
directory, each cell printing what the page shows (compared as the snippets' outputs are).
Cells share one namespace, so a snippet that breaks after the page's earlier ones fails here.

The kernels start when pytest has collected these tests (tests/conftest.py) and run alongside
the other tests."""

import re
import tempfile
from pathlib import Path

import nbformat
import pytest

import site_model
from site_model import config, notebooks
from snippet_harness import compare

SITE = site_model.load(Path(__file__).resolve().parents[1])
# a warning as Python prints one: "file:line: Category: message" (a message may run over several lines),
# then the line of code that issued it, indented by two spaces
WARNING = re.compile(
    r"^\S[^\n]*?:\d+: (\w*Warning): ([^\n]*(?:\n(?!  |\S[^\n]*?:\d+: \w*Warning: )[^\n]+)*)\n(?:  [^\n]*\n)?",
    re.MULTILINE,
)


def notebook_of(page: site_model.Page):
    """The notebook that the build writes for a Markdown page, or None (no code on it)."""
    return notebooks.page_notebook(page, SITE.snippets)


MARKDOWN_PAGES = [page for page in SITE.pages if page.shows_code]


def name(page: site_model.Page) -> str:
    return page.name


def warned(cell) -> list[str]:
    """The warnings a cell issued (which Jupyter shows apart, on stderr), each written as the snippet
    runner writes it: ``Category: message``, every line of the message."""
    stderr = "".join(out.text for out in cell.outputs if out.output_type == "stream" and out.name == "stderr")
    return [f"{m[1]}: {m[2]}\n" for m in WARNING.finditer(stderr)]


def printed(cell) -> str:
    """What a cell printed, with its warnings last (``warned``)."""
    text = ""
    for out in cell.outputs:
        if out.output_type == "stream" and out.name == "stderr":
            continue
        elif out.output_type == "stream":
            text += out.text
        elif out.output_type == "error":
            text += "\n".join(out.traceback) + "\n"
        else:  # the value of a last expression, a picture...
            text += f"<{out.output_type}: {', '.join(out.get('data', {}))}>\n"
    return re.sub(r"\x1b\[[\d;]*m", "", text + "".join(warned(cell)))


def warnings_last(output: str, warnings: list[str]) -> str:
    """``output`` (as the runner wrote it, each warning where it was issued) with the warnings moved last,
    as the notebook shows them: each found by its first line (numbers aside: torch's own source location in
    a message differs between releases, which the comparison judges) and moved with as many lines as it has."""
    lines, moved = output.splitlines(True), []
    for warning in warnings:
        first, count = re.sub(r"\d+", "", warning.splitlines()[0]), warning.count("\n")
        at = next((n for n, line in enumerate(lines) if re.sub(r"\d+", "", line.rstrip("\n")) == first), None)
        if at is not None:
            moved += lines[at : at + count]
            del lines[at : at + count]
    return "".join(lines + moved)


@pytest.mark.parametrize("notebook_page", MARKDOWN_PAGES, ids=name)
def test_notebook_runs_like_the_page(notebook_page, started_notebooks):
    notebook = notebook_of(notebook_page)
    ran = started_notebooks.start(notebook_page).result()
    problems = []
    for n, (cell, run) in enumerate(zip(notebook.cells, ran.cells, strict=True)):
        if cell.cell_type != "code":
            continue
        where = f"{notebook_page.name} 的笔记本，第 {n} 个单元格（{cell.metadata.snippet}）"
        example = SITE.example(SITE.root / cell.metadata.snippet)
        recorded = example.output_on(config.torch_version(), SITE.pinned_torch)  # cells hold the pinned release's
        want = warnings_last(
            recorded.read_text(encoding="utf-8")
            if recorded != example.output
            else "".join(out.text for out in cell.outputs),
            warned(run),
        )
        if diff := compare.difference(want, printed(run), name=where):
            problems.append(str(diff))
    more = f"\n（后面还有 {len(problems) - 1} 个单元格也不同）" if len(problems) > 1 else ""
    assert not problems, (
        "在一个内核里从头运行时，笔记本的输出与页面显示的不同（是不是前面的示例改了全局状态？）：\n"
        + problems[0]
        + more
    )


@pytest.mark.parametrize("notebook_page", MARKDOWN_PAGES, ids=name)
def test_corrections_stand_out_in_the_notebook(notebook_page):
    """Each "本站勘误" box of the page is, in its notebook, a red alert box (Jupyter's ``alert-danger``)
    whose title is marked ✏️; the other boxes are not red."""
    boxes = [box.title for box in notebook_page.boxes if box.title.startswith("本站勘误")]
    text = "\n".join(cell.source for cell in notebook_of(notebook_page).cells if cell.cell_type == "markdown")
    titled = re.findall(r'<div class="alert alert-block alert-(\w+)">\n\n\*\*(.*?)\*\*\n', text)
    red = [title for kind, title in titled if kind == "danger"]
    assert red == [f"✏️ {title}" for title in boxes], (
        f"{notebook_page.name}：笔记本里的红色提示框是 {red}，页面上的勘误是 {boxes}"
    )


def links(nb) -> list[str]:
    return [
        m[1] for cell in nb.cells if cell.cell_type == "markdown" for m in re.finditer(r"\]\(([^)\s]+)\)", cell.source)
    ]


PAGES_WITH_NOTEBOOKS = [(page.name, page) for page in MARKDOWN_PAGES] + [(SITE.rel(p), p) for p in SITE.notebook_pages]


@pytest.mark.parametrize(("shown_as", "page"), PAGES_WITH_NOTEBOOKS, ids=[n for n, _ in PAGES_WITH_NOTEBOOKS])
def test_page_offers_its_notebook(site, shown_as, page):
    path = SITE.page_file(page) if isinstance(page, site_model.Page) else page
    name = path.relative_to(SITE.docs).with_suffix(".ipynb").as_posix()
    html = SITE.built_page(site, path)
    assert re.search(rf'<a href="(\.\./)*{re.escape(name)}" download[^>]*>.*?下载本页笔记本', html, re.DOTALL), (
        f"{shown_as}：没有指向 {name} 的下载链接"
    )
    nb = nbformat.read(site / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3", f"{name}：没有 kernelspec"
    text = (site / name).read_text(encoding="utf-8")
    for absolute in {str(SITE.root), tempfile.gettempdir() + "/", "/home/", "/work/"}:
        assert absolute not in text, f"{name}：含有绝对路径 {absolute}"
    assert not [
        u for u in links(nb) if not re.match(r"https?://|#|(\w[\w/-]*)?/?(#.*)?$", u) or re.search(r"\.(md|py)\b", u)
    ], f"{name}：有只在 docs/ 里才有效的链接：{links(nb)}"
    assert not re.search(r'<img [^>]*src="(?!data:)|!\[[^\]]*\]\((?!data:)', text), f"{name}：有从别处加载的图片"
    if isinstance(page, site_model.Page):
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        on_page = [f"snippets/{example.snippet}" for example in page.examples]
        assert [cell.metadata.snippet for cell in code] == on_page, f"{name}：代码单元格不是页面上的示例，或顺序不同"
        for cell in code:
            example = SITE.example(SITE.root / cell.metadata.snippet)
            assert cell.source == example.source.rstrip("\n"), f"{name}：{cell.metadata.snippet} 的代码与文件不同"
            assert printed(cell) == example.output.read_text(encoding="utf-8"), (
                f"{name}：{cell.metadata.snippet} 下保存的输出不是 {SITE.rel(example.output)}"
            )
        return
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]  # executed by the build
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{name}：缺少它的图"
    stdout = "".join(
        printed(c)
        for c in nb.cells
        if c.cell_type == "code" and not any("image/png" in o.get("data", {}) for o in c.outputs)
    )
    stored = SITE.example(path).output_on(config.torch_version(), SITE.pinned_torch)
    diff = compare.difference(stored.read_text(encoding="utf-8"), stdout, name=SITE.rel(stored))
    assert not diff, str(diff)


def test_links_point_at_the_hosted_site_when_it_is_known():
    hosted = "https://example.org/pytorch-notes/"
    for page in MARKDOWN_PAGES:
        nb = notebooks.page_notebook(page, SITE.snippets, hosted)
        inside = [u for u in links(nb) if not re.match(r"https?://(?!example\.org/)", u)]
        assert inside and all(u.startswith(hosted) for u in inside), f"{page.name}：{links(nb)}"
