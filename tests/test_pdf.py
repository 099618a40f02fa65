"""The course as one PDF (``scripts/pdf.py``), read back as a reader's PDF viewer would show it:
``pdftotext`` finds every lesson page's headings and the output of every example the pages show
(exercise answers included, which are folded on the site), ``pdffonts`` an embedded Chinese font,
no missing-glyph boxes, every page A4.  The PDF is printed once per test run (shared by the
pytest-xdist workers under a file lock); with ``--built-site`` the PDF the build job wrote beside the
site (``site/pytorch-notes.pdf``, the one published) is read instead, when it is there.  Needs
chromium and poppler-utils (``apt-get install chromium fonts-wqy-microhei poppler-utils``): skipped
without them, failed under ``CI=true``."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

import site_model
from site_model import notebooks

SITE = site_model.load(Path(__file__).resolve().parents[1])
SCRIPT = SITE.root / "scripts" / "pdf.py"
PUBLISHED = "pytorch-notes.pdf"  # the name the workflow gives it in the site (docs/about.md links it)
NOT_PRINTED = {"tags.md"}  # mkdocs.yml: print-site's exclude
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
ATTRIBUTES = re.compile(r"\s*\{[^}]*\}\s*$")  # attr_list's {#id} after a heading


def missing(what: str):
    message = f"没有 {what}：用 `apt-get install chromium fonts-wqy-microhei poppler-utils` 安装（.ci/run 会这样做）"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true 时 PDF 测试必须运行：{message}", pytrace=False)
    pytest.skip(message)


def squeezed(text: str) -> str:
    """Without any whitespace: the PDF wraps long lines anywhere, and puts spaces around code."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf(pytestconfig, tmp_path_factory) -> Path:
    for tool in ("pdftotext", "pdfinfo", "pdffonts"):
        if not shutil.which(tool):
            missing(f"{tool}（poppler-utils）")
    built = pytestconfig.getoption("built_site", None)
    if built and (built / PUBLISHED).is_file():
        return built / PUBLISHED
    if not (os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")):
        missing("chromium")  # found the way scripts/pdf.py finds it
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, the same for every pytest-xdist worker
    out = shared / PUBLISHED
    with FileLock(shared / "pdf.lock"):
        if not out.is_file():
            run = subprocess.run(
                [sys.executable, str(SCRIPT), "--out", str(out)],
                check=False,
                cwd=SITE.root,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert run.returncode == 0, f"python scripts/pdf.py 失败：\n{run.stdout}\n{run.stderr}"
    return out


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def lesson_headings() -> dict[str, list[str]]:
    """Each printed page's headings as the page's source writes them (no math, no markup)."""
    found = {}
    for page in SITE.pages:
        if page.src_uri in NOT_PRINTED:
            continue
        tokens = page.tokens
        found[page.src_uri] = [
            ATTRIBUTES.sub(
                "", "".join(child.content for child in tokens[i + 1].children if child.type in ("text", "code_inline"))
            )
            for i, token in enumerate(tokens)
            if token.type == "heading_open"
        ]
    for path in SITE.notebook_pages:
        cells = notebooks.read_notebook_page(str(path)).cells
        found[SITE.rel(path)] = [
            re.sub(r"`([^`]*)`", r"\1", m[2])
            for cell in cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
            if (m := HEADING.match(line))
        ]
    return {
        page: [h for h in headings if h.strip() and "\\(" not in h and "$" not in h] for page, headings in found.items()
    }


def shown_outputs() -> list[tuple[str, str]]:
    """(where, first line) of every output a page shows under an example, and every line the
    notebook page prints."""
    outputs = []
    for page in SITE.pages:
        for example in page.examples:
            if example.output is None:
                continue
            stored = SITE.snippets / example.output.includes[0]
            first = next((line for line in stored.read_text(encoding="utf-8").splitlines() if line.strip()), None)
            if first:
                outputs.append((f"docs/{page.src_uri}: {SITE.rel(stored)}", first))
    for path in SITE.notebook_pages:
        stored = SITE.snippets / f"{path.stem}.out"
        for line in stored.read_text(encoding="utf-8").splitlines():
            if line.strip():
                outputs.append((f"{SITE.rel(path)}: {SITE.rel(stored)}", line))
    return outputs


def test_every_lesson_heading_is_in_the_pdf(text):
    flat = squeezed(text)
    headings = lesson_headings()
    assert {"backward.md", "autograd.md", "grad_faq.md", "matmul.md", "matmul_shapes.md"} <= set(headings)
    absent = [f"{page}: {h}" for page, hs in headings.items() for h in hs if squeezed(h) not in flat]
    assert not absent, "PDF 里找不到这些标题：\n" + "\n".join(absent)


def test_lessons_are_in_nav_order(text):
    """Each page's title (its first heading) in the order of mkdocs.yml's nav, after the table of
    contents (which ends before the first page's title: the contents list navigation titles)."""
    flat = squeezed(text)
    headings = lesson_headings()
    nav = re.findall(
        r"^\s+- [^\n]*?:\s*(\S+\.(?:md|py))\s*$", (SITE.root / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE
    )
    src = {Path(page).name: page for page in headings}
    titles = [(name, squeezed(headings[src[name]][0])) for name in nav if name in src and headings[src[name]]]
    assert len(titles) == len(headings), f"导航 {nav} 与打印的页面 {sorted(headings)} 不一致"
    position = 0
    for name, title in titles:
        found = flat.find(title, position)
        assert found >= 0, f"{name} 的标题 {title} 不在 PDF 里，或不在导航里它前面的页面之后"
        position = found + len(title)


def test_every_shown_output_is_in_the_pdf(text):
    """Outputs inside the folded exercise answers too: the script opens every <details> before printing."""
    flat = squeezed(text)
    outputs = shown_outputs()
    assert len(outputs) > 20
    absent = [f"{where}: {line}" for where, line in outputs if squeezed(line) not in flat]
    assert not absent, "PDF 里找不到这些输出：\n" + "\n".join(absent)


def test_no_missing_glyphs_and_chinese_font_embedded(pdf, text):
    boxes = [line for line in text.splitlines() if "\u25a1" in line or "\ufffd" in line]
    assert not boxes, "PDF 里有缺字的方框：\n" + "\n".join(boxes[:10])
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    cjk = [line for line in fonts if re.search(r"WenQuanYi|CJK|Hei|Song|Ming|Kai", line, re.IGNORECASE)]
    assert cjk, "PDF 没有中文字体：\n" + "\n".join(fonts)
    not_embedded = [line for line in cjk if line.split()[-5] != "yes"]  # columns: ... emb sub uni object ID
    assert not not_embedded, "中文字体没有嵌入 PDF：\n" + "\n".join(not_embedded)


def test_every_page_is_a4(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
    assert pages > 10
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    found = re.findall(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", sizes, re.MULTILINE)
    assert len(found) == pages
    wrong = [(n, w, h) for n, w, h in found if not (abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2)]
    assert not wrong, f"这些页不是 A4（595 × 842 pt）：{wrong[:5]}"
