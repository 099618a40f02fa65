"""The offline copy (``site-offline.zip``, ``scripts/offline.py``) as a reader uses it: unzipped and
opened from the disk (``file://``) in Debian's chromium (Playwright; skipped like the other browser
tests when chromium is missing).  From ``index.html`` every page is reached by following links, every
link into the folder finds its file, formulas are MathML (no TeX left), Chinese search finds its pages,
nothing fails or logs an error, and no request leaves the folder.  One browser, one tab."""

import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import site_model

ROOT = Path(__file__).resolve().parents[1]
SITE = site_model.load(ROOT)
FOLDER = "pytorch-notes"  # the one folder in the zip (scripts/offline.py), which a reader opens
SEARCHES = {
    "梯度": {"autograd.html", "backward.html", "grad_faq.html"},
    "矩阵乘法": {"matmul.html", "matmul_shapes.html"},
}
LINKS = "Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'), e => e.href || e.src)"


@pytest.fixture(scope="module")
def unpacked(pytestconfig, tmp_path_factory) -> Path:
    """The zip, unpacked; returns the site's folder in it.  With ``--built-site`` (CI) the zip that the
    publishing workflow wrote into that site must be there and is the one tested; else it is built here once."""
    tmp = tmp_path_factory.mktemp("offline")
    built = pytestconfig.getoption("built_site")
    archive = built / "site-offline.zip" if built else tmp / "site-offline.zip"
    if not built:
        subprocess.run([sys.executable, "scripts/offline.py", "--out", str(archive)], cwd=ROOT, check=True)
    assert archive.is_file(), f"构建好的网站里没有离线版：{archive}（发布流程的构建任务运行 scripts/offline.py 写出它）"
    with zipfile.ZipFile(archive) as z:
        assert {name.split("/")[0] for name in z.namelist()} == {FOLDER}, f"zip 里应只有一个文件夹 {FOLDER}/"
        z.extractall(tmp / "unpacked")
    return tmp / "unpacked" / FOLDER


@pytest.fixture(scope="module")
def tab(browser, unpacked):
    """One tab on a 1280 px desktop (conftest's browser), with every request, failure and error recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests, page.failures, page.errors = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("requestfailed", lambda r: page.failures.append(f"{r.url} ({r.failure})"))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _outside(page, folder: str) -> list[str]:
    return [u for u in page.requests if not u.startswith((folder, "data:"))]


def test_offline_zip_opens_from_disk_and_every_page_is_reached_by_links(unpacked, tab):
    folder = unpacked.as_uri() + "/"
    sources = [SITE.page_file(p) for p in SITE.pages] + SITE.notebook_pages
    expected = {path.relative_to(SITE.docs).with_suffix(".html").as_posix() for path in sources}
    seen, queue, broken, tex, formulas = set(), ["index.html"], [], [], 0
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        tab.goto(folder + name, wait_until="load")
        text = tab.locator("article").inner_text()
        if "\\(" in text or "\\[" in text:
            tex.append(name)
        formulas += tab.locator("article math").count()
        for url in tab.evaluate(LINKS):
            if not url.startswith(folder):
                continue
            target = unquote(urlsplit(url).path).removeprefix(urlsplit(folder).path)
            if not (unpacked / target).is_file():
                broken.append(f"{name} -> {url}")
            elif target.endswith(".html") and target != "404.html":
                queue.append(target)
    assert expected <= seen, f"从 index.html 顺着链接到不了：{sorted(expected - seen)}"
    assert not broken, f"链接指向文件夹里不存在的文件：{broken}"
    assert not tex, f"这些页面上还有没排版的 TeX：{tex}"
    assert formulas, "离线版的页面上一个 MathML 公式也没有"
    assert not tab.failures, f"请求失败：{tab.failures}"
    assert not tab.errors, f"控制台或页面出错：{tab.errors}"
    assert not _outside(tab, folder), f"请求离开了文件夹：{_outside(tab, folder)}"


@pytest.mark.parametrize("query", SEARCHES)
def test_offline_search_finds_chinese(query, unpacked, tab):
    folder = unpacked.as_uri() + "/"
    tab.goto(folder + "index.html", wait_until="load")
    box = tab.locator("input.md-search__input")
    box.click()
    box.type(query)
    tab.keyboard.press("End")  # Material searches on keyup; typing CJK sends none
    results = tab.locator("li.md-search-result__item > a")
    results.first.wait_for(timeout=10000)
    first = unquote(urlsplit(results.first.get_attribute("href")).path).rsplit("/", 1)[-1]
    assert first in SEARCHES[query], f"搜索 {query!r}：第一条结果是 {first}，应是 {SEARCHES[query]} 之一"
    assert not tab.errors, f"搜索 {query!r}：页面或搜索 worker 出错：{tab.errors}"
    assert not _outside(tab, folder), f"请求离开了文件夹：{_outside(tab, folder)}"
