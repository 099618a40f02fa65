"""The built site in a real browser (Debian's chromium driven by Playwright), served on
127.0.0.1 under a sub-path as on GitHub Pages, with no network beyond that server.

Screenshots of every page (light and dark, 1280 and 375 px) and a short report (requests,
search results, page weight) are written to ``test-artifacts/`` for a person to look at.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

import site_model

PREFIX = "/pytorch-notes/"
SITE = site_model.load(Path(__file__).resolve().parents[1])
ARTIFACTS = SITE.root / "test-artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = [SITE.page_file(p) for p in SITE.pages] + SITE.notebook_pages
rel = SITE.rel

# query -> the pages (URL paths under the site) any of which must be the first result
SEARCHES = {
    "梯度": {"autograd/", "backward/"},
    "反向传播": {"backward/", "autograd/"},
    "矩阵乘法": {"matmul/", "matmul_shapes/"},
    "张量": {"autograd/", "backward/"},
    "backward": {"backward/"},
    "拟合": {"fit_line/"},
}


def find_chromium():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "没有安装 chromium：用 `apt-get install chromium fonts-wqy-microhei` 安装（.ci/run 会这样做）"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true 时浏览器测试必须运行：{message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    """The site under a sub-path, as GitHub Pages serves a project site: ``/assets/...`` is a 404."""
    root = tmp_path_factory.mktemp("served")
    (root / PREFIX.strip("/")).symlink_to(site)
    proc = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = re.search(r"port (\d+)", proc.stdout.readline())[1]  # "Serving HTTP on ... port N ..."
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report():
    lines = []
    yield lines
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


RAW_TEX_LEFT = """() => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('pre, code, script, style, math')) continue;
    if (/\\\\\\(|\\\\\\[|\\$\\$?[^$\\s]/.test(n.textContent)) raw.push(n.textContent.trim().slice(0, 60));
  }
  return raw;
}"""


CSP_LISTENER = """window.__refused = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__refused.push(`${e.violatedDirective} ${e.blockedURI}`));"""


class Visit:
    """One page load in a fresh browser context, recording what the page did."""

    def __init__(self, browser, server, path):
        self.base = server + PREFIX
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        self.context.add_init_script(CSP_LISTENER)
        self.page = self.context.new_page()
        self.requests, self.failures, self.errors, self.sizes = [], [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failures.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.url} (HTTP {r.status})"))
        self.page.on("requestfinished", lambda r: self.sizes.append(r.sizes()))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.base + path, wait_until="networkidle")

    def refused(self) -> list[str]:
        """What the page's Content-Security-Policy refused so far."""
        return self.page.evaluate("window.__refused")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visit(browser, server):
    """Opens a page in a fresh browser context, once: later tests of the same page reuse it."""
    opened = {}
    yield lambda path: opened.get(path) or opened.setdefault(path, Visit(browser, server, path))
    for v in opened.values():
        v.close()


CJK_RENDERS = """() => {
  // draw a CJK character and a character no font has; identical pixels mean "tofu" boxes
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillText(ch, 2, 32);
    return g.getImageData(0, 0, 40, 40).data.join(',');
  };
  return draw('梯') !== draw('\\u{10FFFD}');
}"""


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_page_renders_offline_under_sub_path(page, visit, server, report):
    v = visit(SITE.url(page))
    p = v.page
    name = rel(page)
    outside = [u for u in v.requests if not u.startswith(v.base) and not u.startswith("data:")]
    assert not outside, f"{name}：发往 {v.base} 之外的请求：{outside}"
    assert not v.failures, f"{name}：失败的请求：{v.failures}"
    assert not v.errors, f"{name}：控制台错误：{v.errors}"
    assert not v.refused(), f"{name}：内容安全策略拦下了：{v.refused()}"

    raw = p.evaluate(RAW_TEX_LEFT)
    assert not raw, f"{name}：没有排版、仍是 TeX 的公式：{raw}"
    source = page.read_text(encoding="utf-8")
    if "\\(" in source or "\\[" in source or "$" in source:
        assert p.locator("article math").count() > 0, f"{name}：没有排版好的公式"

    fences = len(SITE.page(page).fences) if page.suffix == ".md" else source.count("# %%\n")
    code = p.locator("article pre:visible")
    assert code.count() >= fences, f"{name}：显示了 {code.count()} 个代码块，源文件里有 {fences} 个"
    if "|---" in source:
        assert p.locator("article table:visible tbody tr").count() > 0, f"{name}：表格没有显示"
    assert p.evaluate(CJK_RENDERS), f"{name}：中文显示成方框（没有安装中文字体）"
    weight = sum(x["responseHeadersSize"] + x["responseBodySize"] for x in v.sizes)  # uncompressed: http.server
    report.append(f"{name}：{len(v.requests)} 个请求，都在 {PREFIX} 下；首次加载 {weight} 字节")
    limit = 500_000 if p.locator("article math").count() else 800_000
    assert weight <= limit, f"{name}：首次加载 {weight} 字节，超过 {limit}（见 {ARTIFACTS.name}/browser-report.txt）"


@pytest.mark.parametrize("query", SEARCHES)
def test_chinese_search_finds_the_expected_page(query, visit, report):
    v = visit("")
    v.page.goto(v.base, wait_until="load")  # a fresh search box, the site already cached
    box = v.page.locator("input.md-search__input")
    box.click()
    box.type(query)
    v.page.keyboard.press("End")  # Material searches on keyup; typing CJK sends none
    results = v.page.locator("li.md-search-result__item > a")
    results.first.wait_for(timeout=10000)
    found = [unquote(urlsplit(results.nth(i).get_attribute("href")).path).removeprefix(PREFIX)
             for i in range(results.count())]
    report.append(f"搜索 {query!r}：{found[:4]}")
    assert found[0] in SEARCHES[query], f"搜索 {query!r}：第一条结果是 {found[0]}，应是 {SEARCHES[query]} 之一"
    assert not v.errors, f"搜索 {query!r}：页面或搜索 worker 出错：{v.errors}"
    assert not v.refused(), f"搜索 {query!r}：内容安全策略拦下了：{v.refused()}"


@pytest.fixture(scope="module")
def views(browser):
    """A browser context per colour scheme and width, shared by the pages."""
    opened = {}
    yield lambda scheme, width: opened.get((scheme, width)) or opened.setdefault((scheme, width), browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, locale="zh-CN"))
    for context in opened.values():
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_page_is_accessible_in_both_schemes(page, scheme, views, server):
    """axe-core finds nothing on a desktop and on a 375 px phone (how its rules are split below);
    the system's colour scheme is the page's on a first visit, and a toggle offers the other.
    Screenshots of each go to test-artifacts/screenshots/."""
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in (1280, 375):
        p = views(scheme, width).new_page()
        p.goto(server + PREFIX + SITE.url(page), wait_until="load")
        shown = p.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == {"light": "default", "dark": "slate"}[scheme], \
            f"{rel(page)}：系统设置为 {scheme}，页面却是 {shown}"
        toggles = p.locator("form[data-md-component=palette] label:visible").count()
        assert toggles == 1, f"{rel(page)}：没有深浅色切换按钮"
        # Colours depend on the scheme, not the width; the markup on the width, not the scheme.  So
        # axe's slowest rule, colour contrast, runs on the phone only, and the desktop in the light
        # scheme covers the desktop's markup for both.
        phone_only = {"rules": {"color-contrast": {"enabled": False}}} if width > 375 else {}
        how = {"resultTypes": ["violations"]} | phone_only
        for rule in [] if scheme == "dark" and width > 375 else Axe().run(p, options=how).response["violations"]:
            problems += [f"{width} px: {rule['id']} ({rule['help']}): {node['target']}" for node in rule["nodes"]]
        p.screenshot(path=str(shots / f"{SITE.url(page).strip('/') or 'index'}-{scheme}-{width}.png"),
                     full_page=width == 375)
        p.close()
    assert not problems, f"{rel(page)}，{scheme} 配色，axe-core 发现：\n" + "\n".join(problems)


def shown_snippets(page):
    return [path for _, path in SITE.page(page).shown_snippets]


@pytest.mark.parametrize("page", [p for p in PAGES if p.suffix == ".md" and shown_snippets(p)], ids=rel)
def test_copy_button_copies_the_snippet_file(page, visit):
    snippets = shown_snippets(page)
    v = visit(SITE.url(page))
    for path in snippets:
        block = v.page.locator(f'div.highlight:has(span.filename:text-is("snippets/{path}"))').first
        block.hover()
        block.locator("button[data-md-type=copy]").click()
        copied = v.page.evaluate("navigator.clipboard.readText()")
        expected = (SITE.snippets / path).read_text(encoding="utf-8")
        assert copied.rstrip("\n") == expected.rstrip("\n"), f"{rel(page)}：{path} 的复制按钮复制的不是这个文件的内容"
