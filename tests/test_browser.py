"""The built site in a real browser (Debian's chromium driven by Playwright), served on 127.0.0.1
under a sub-path as on GitHub Pages, with no network beyond that server.  Three ways of looking at
each page: a desktop (1280 px), the same window narrowed to 375 px, and an emulated phone (375 × 812,
device scale 2, touch, ``is_mobile``): one tab on the desktop and one on the phone, each page loaded
once in each, its colour scheme switched by the system's (``emulate_media``) without a reload.  The
JavaScript run in the page is in ``tests/browser/``; a short report (requests, search results, page
weight), and with ``--screenshots`` a screenshot of each page in each way and scheme, go to
``test-artifacts/`` for a person to look at."""

import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import axe_playwright_python
import pytest

import site_model
from site_plugin.markup import CLOSING, STACKED_COLUMNS

SITE = site_model.load(Path(__file__).resolve().parents[1])
ARTIFACTS = SITE.root / "test-artifacts"
JS = {path.stem: path.read_text(encoding="utf-8") for path in Path(__file__).with_name("browser").glob("*.js")}
AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
WAYS = {  # how a reader looks at the site: Playwright's options of a browser context (narrow: only its viewport)
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "narrow": {"viewport": {"width": 375, "height": 812}},
    "phone": {
        "viewport": {"width": 375, "height": 812},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
SCHEMES = {"light": "default", "dark": "slate"}  # the system's scheme -> Material's
PALETTE = "form[data-md-component=palette] label:visible"  # the toggle to the next scheme
LOOKS: dict[tuple[str, str], set[str]] = {}  # (way, scheme) -> the looks of text whose contrast was checked
PAGES = [SITE.page_file(p) for p in SITE.pages] + SITE.notebook_pages
rel = SITE.rel

# query -> the pages (URL paths under the site) any of which must be the first result
SEARCHES = {
    "梯度": {"autograd/", "backward/", "grad_faq/"},
    "反向传播": {"backward/", "autograd/"},
    "矩阵乘法": {"matmul/", "matmul_shapes/"},
    "张量": {"autograd/", "backward/"},
    "backward": {"backward/"},
    "拟合": {"fit_line/"},
}


@pytest.fixture(scope="module")
def contexts(browser, server):
    """A browser context for the desktop and one for the phone, the system in light mode."""
    opened = {
        way: browser.new_context(**WAYS[way], color_scheme="light", locale="zh-CN") for way in ("desktop", "phone")
    }
    for context in opened.values():
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=urljoin(server, "/"))
        context.add_init_script(JS["csp_listener"])
    yield opened
    for context in opened.values():
        context.close()


@pytest.fixture(scope="module")
def report():
    lines = []
    yield lines
    ARTIFACTS.mkdir(exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # each pytest-xdist worker writes the pages it saw
    (ARTIFACTS / f"browser-report{worker and '-' + worker}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


class Visit:
    """A browser tab, recording what the page loaded in it last did.  ``cold``: without the
    browser's cache, so that every load is a first load."""

    def __init__(self, context, server, cold=False):
        self.base, self.page = server, context.new_page()
        if cold:
            self.cdp = context.new_cdp_session(self.page)  # kept: the setting lasts as long as the session
            self.cdp.send("Network.enable")
            self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.page.on("request", lambda r: (self.requests.append(r.url), self.pending.add(r)))
        self.page.on(
            "requestfailed", lambda r: (self.failures.append(f"{r.url} ({r.failure})"), self.pending.discard(r))
        )
        self.page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.url} (HTTP {r.status})"))
        self.page.on("requestfinished", lambda r: (self.sizes.append(r.sizes()), self.pending.discard(r)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path, wait_until="settled"):
        """Load a page in this tab, the system in light mode.  ``settled``: after its load event, no
        request pending for 100 ms (Playwright's ``networkidle`` waits 500 ms)."""
        self.requests, self.failures, self.errors, self.sizes, self.pending = [], [], [], [], set()
        self.page.emulate_media(color_scheme="light")
        self.page.goto(self.base + path, wait_until="load" if wait_until == "settled" else wait_until)
        quiet = 0
        while wait_until == "settled" and quiet < 100:
            self.page.wait_for_timeout(20)
            quiet = 0 if self.pending else quiet + 20

    def refused(self) -> list[str]:  # what the page's Content-Security-Policy refused so far
        return self.page.evaluate("window.__refused")

    def scheme(self) -> str:
        return self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    def axe(self, looks: set[str] | None = None, markup=True) -> list[str]:
        """axe-core's violations: every rule but colour contrast on the whole page (``markup``), and colour
        contrast on one element of each look of text not in ``looks`` (the looks checked on the pages
        before, in this scheme and way; tests/browser/contrast_samples.js says why that is the same
        as on every element), which it adds to ``looks``.  ``looks=None``: no colour contrast."""
        self.page.evaluate(JS["before_axe"])  # answers opened; after a load or resize, resize observers have run
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(AXE)  # not add_script_tag: the site's CSP refuses inline scripts
        found = (
            self.page.evaluate(JS["axe_run"], [None, {"rules": {"color-contrast": {"enabled": False}}}])
            if markup
            else []
        )
        if looks is not None and (new := self.page.evaluate(JS["contrast_samples"], sorted(looks))):
            looks.update(new)
            found += self.page.evaluate(JS["axe_run"], ["[data-contrast-sample]", {"runOnly": ["color-contrast"]}])
        return found


@pytest.fixture(scope="module")
def tabs(contexts, server):
    """One tab on the desktop (without cache: each load is a first load) and one on the phone, reused."""
    opened = {"desktop": Visit(contexts["desktop"], server, cold=True), "phone": Visit(contexts["phone"], server)}
    yield opened
    for v in opened.values():
        v.page.close()


@pytest.fixture(scope="module", params=PAGES, ids=rel)
def desktop(request, tabs):
    """(a page, its one load on the desktop), shared by the page's desktop tests (pytest runs a
    module-scoped parameter's tests together)."""
    tabs["desktop"].open(SITE.url(request.param))
    return request.param, tabs["desktop"]


def test_page_renders_offline_under_sub_path(desktop, report):
    page, v = desktop
    p, name = v.page, rel(page)
    outside = [u for u in v.requests if not u.startswith(v.base) and not u.startswith("data:")]
    assert not outside, f"{name}：发往 {v.base} 之外的请求：{outside}"
    assert not v.failures, f"{name}：失败的请求：{v.failures}"
    assert not v.errors, f"{name}：控制台错误：{v.errors}"
    facts = p.evaluate(JS["page_facts"])
    assert not facts["refused"], f"{name}：内容安全策略拦下了：{facts['refused']}"
    assert not facts["rawTex"], f"{name}：没有排版、仍是 TeX 的公式：{facts['rawTex']}"
    source = page.read_text(encoding="utf-8")
    if "\\(" in source or "\\[" in source or "$" in source:
        assert facts["math"] > 0, f"{name}：没有排版好的公式"
    fences = len(SITE.page(page).fences) if page.suffix == ".md" else source.count("# %%\n")
    assert facts["code"] >= fences, f"{name}：显示了 {facts['code']} 个代码块，源文件里有 {fences} 个"
    if "|---" in source:
        assert facts["rows"] > 0, f"{name}：表格没有显示"
    assert facts["cjk"], f"{name}：中文显示成方框（没有安装中文字体）"
    index = [u for u in v.requests if u.endswith("/search/search_index.json")]
    assert not index, f"{name}：读者还没有搜索，页面就下载了搜索索引：{index}"
    weight = sum(x["responseHeadersSize"] + x["responseBodySize"] for x in v.sizes)  # uncompressed: http.server
    report.append(f"{name}：{len(v.requests)} 个请求，都在 {urlsplit(v.base).path} 下；首次加载 {weight} 字节")
    limit = 500_000 if facts["math"] else 800_000
    assert weight <= limit, f"{name}：首次加载 {weight} 字节，超过 {limit}（见 {ARTIFACTS.name}/browser-report*.txt）"


@pytest.mark.parametrize("query", SEARCHES)
def test_chinese_search_finds_the_expected_page(query, contexts, server, report):
    v = Visit(contexts["desktop"], server)
    v.open("", wait_until="load")  # the site already cached
    box = v.page.locator("input.md-search__input")
    box.click()
    box.type(query)
    v.page.keyboard.press("End")  # Material searches on keyup; typing CJK sends none
    results = v.page.locator("li.md-search-result__item > a")
    results.first.wait_for(timeout=10000)
    found = [
        unquote(urlsplit(results.nth(i).get_attribute("href")).path).removeprefix(urlsplit(server).path)
        for i in range(results.count())
    ]
    report.append(f"搜索 {query!r}：{found[:4]}")
    assert any(u.endswith("/search/search_index.json") for u in v.requests), "搜索时没有下载搜索索引"
    assert found[0] in SEARCHES[query], f"搜索 {query!r}：第一条结果是 {found[0]}，应是 {SEARCHES[query]} 之一"
    assert not v.errors, f"搜索 {query!r}：页面或搜索 worker 出错：{v.errors}"
    assert not v.refused(), f"搜索 {query!r}：内容安全策略拦下了：{v.refused()}"
    v.page.close()


def accessibility_problems(v: Visit, page: Path, way: str, shots: Path | None) -> list[str]:
    """axe-core's findings with the system in light mode, then in dark mode (the page follows it
    without a reload; colours depend on the scheme, the markup does not, so in dark mode only
    colour contrast runs).  Colour contrast is checked once per look of text, on the first page
    that shows it (LOOKS), which a failing look fails.  Screenshots go to ``shots`` (--screenshots)."""
    problems = []
    for system, scheme in SCHEMES.items():
        v.page.emulate_media(color_scheme=system)
        for _ in range(250):  # Material follows the change at once; not wait_for_function: the CSP refuses eval
            if v.scheme() == scheme:
                break
            v.page.wait_for_timeout(20)
        assert v.scheme() == scheme, f"{rel(page)}：系统的配色是 {system}，页面却是 {v.scheme()}"
        assert v.page.locator(PALETTE).count() == 1, f"{rel(page)}：没有深浅色切换按钮"
        looks = LOOKS.setdefault((way, system), set())
        problems += [f"{way}，{system}：{found}" for found in v.axe(looks, markup=system == "light")]
        if shots:
            v.page.screenshot(path=shots / f"{SITE.url(page).strip('/') or 'index'}-{system}-{way}.png", scale="css")
    v.page.emulate_media(color_scheme="light")
    return problems


def test_page_is_accessible_on_desktop(desktop, screenshots):
    """axe-core finds nothing at 1280 px, and in the same window narrowed to 375 px (the phone's
    width with a mouse: its markup; its colours the phone checks).  A toggle offers the other scheme."""
    page, v = desktop
    problems = accessibility_problems(v, page, "desktop", screenshots)
    v.page.set_viewport_size(WAYS["narrow"]["viewport"])
    try:
        problems += [f"narrow：{found}" for found in v.axe()]
    finally:
        v.page.set_viewport_size(WAYS["desktop"]["viewport"])
    assert not problems, f"{rel(page)}，axe-core 发现：\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_page_is_accessible_on_a_phone(page, tabs, screenshots):
    v = tabs["phone"]
    v.open(SITE.url(page), wait_until="load")
    problems = accessibility_problems(v, page, "phone", screenshots)
    assert not problems, f"{rel(page)}，axe-core 发现：\n" + "\n".join(problems)


def test_scheme_follows_the_system_until_the_reader_chooses(browser, server):
    """A first visit in light mode, the system turned dark, a reload: dark.  Once the reader picks a
    scheme with the toggle, a reload keeps it whatever the system says."""
    context = browser.new_context(**WAYS["desktop"], color_scheme="light", locale="zh-CN")
    v = Visit(context, server)
    v.open("", wait_until="load")
    assert v.scheme() == "default", f"系统是浅色，首次访问的页面却是 {v.scheme()}"
    v.page.emulate_media(color_scheme="dark")
    v.page.reload(wait_until="load")
    assert v.scheme() == "slate", f"系统改成深色后重新载入，页面仍是 {v.scheme()}（记住了第一次的配色）"
    v.page.locator(PALETTE).click()  # automatic -> light
    v.page.reload(wait_until="load")
    assert v.scheme() == "default", f"读者选了浅色、系统是深色，重新载入后页面是 {v.scheme()}"
    context.close()


def test_copy_button_copies_the_snippet_file(desktop):
    """Each shown snippet's copy button copies its file (the first clicked as a reader would, the rest by JS)."""
    page, v = desktop
    if page.suffix != ".md" or not SITE.page(page).shown_snippets:
        pytest.skip("这一页没有显示示例文件的代码块")
    v.page.bring_to_front()  # the clipboard is the focused page's
    titles = [f"snippets/{path}" for _, path in SITE.page(page).shown_snippets]
    copied = v.page.evaluate(JS["copy_all"], titles[1:])  # after opening the collapsed answers
    v.page.evaluate("navigator.clipboard.writeText('')")
    v.page.locator(f"div.highlight:has(> span.filename:text-is('{titles[0]}')) button[data-md-type=copy]").first.click(
        force=True
    )  # shown on hover; a real click all the same
    copied[titles[0]] = v.page.evaluate("navigator.clipboard.readText()")
    files = {title: (SITE.root / title).read_text(encoding="utf-8").rstrip("\n") for title in titles}
    wrong = [title for title in titles if (copied[title] or "").rstrip("\n") != files[title]]
    assert not wrong, f"{rel(page)}：复制按钮复制的不是标题所写的文件（或没有这个代码块、按钮）：{wrong}"


LESSONS = [SITE.page_file(p) for p in SITE.pages if p.shows_code] + SITE.notebook_pages


@pytest.mark.parametrize("page", LESSONS, ids=rel)
def test_lesson_reads_well_on_a_phone(page, tabs):
    """On the phone the page's title is on the first screen (within 200 px of the top: the header above
    it is compact, overrides/partials/page-meta.html), text in boxes is as large as the body's (Material
    sets it smaller), code blocks use the phone's 12 px (tests/test_pages.py's width rule counts on it),
    and Material's back-to-top button is there."""
    v = tabs["phone"]
    v.open(SITE.url(page), wait_until="load")
    facts, name = v.page.evaluate(JS["first_screen"]), rel(page)
    assert facts["titleTop"] is not None and facts["titleTop"] <= 200, (
        f"{name}：手机上标题距页顶 {facts['titleTop']} px"
    )
    assert facts["body"], f"{name}：找不到正文段落"
    if facts["box"] is not None:
        assert facts["box"] == facts["body"], f"{name}：框里的文字 {facts['box']} px，正文 {facts['body']} px"
    for code in ("bodyCode", "boxCode"):
        assert facts[code] in (None, 12), f"{name}：手机上代码块的字号是 {facts[code]} px，应是 12 px"
    assert facts["backToTop"], f"{name}：没有“回到页首”按钮（mkdocs.yml 的 navigation.top）"


STACKED = [  # pages with a table of STACKED_COLUMNS or more columns (its Markdown delimiter row)
    page
    for page in PAGES
    if re.search(rf"^\|(?:\s*:?-+:?\s*\|){{{STACKED_COLUMNS},}}\s*$", page.read_text(encoding="utf-8"), re.MULTILINE)
]
STACKED_TABLES = """() => [...document.querySelectorAll('article table[data-stacked]')].map(table => {
  const wrap = table.closest('.md-typeset__scrollwrap');
  const cells = [...table.querySelectorAll('td:not(:first-child):not(:empty)')];
  return {
    overflow: wrap ? wrap.scrollWidth - wrap.clientWidth : null,
    right: table.getBoundingClientRect().right - document.documentElement.clientWidth,
    header: table.querySelector('thead').getBoundingClientRect().height,
    unlabelled: cells.filter(td => getComputedStyle(td, '::before').content !== JSON.stringify(td.dataset.label))
      .map(td => td.textContent.slice(0, 20)),
    cells: cells.length,
  };
})"""


@pytest.mark.parametrize("page", STACKED, ids=rel)
def test_wide_tables_stack_on_a_phone(page, tabs):
    """A table of four columns or more (the glossary) reads on the phone without scrolling sideways:
    one block per row, each cell on its line after its column's name (site_plugin/markup.py's
    tables_stacked, stylesheets/extra.css); the header row is hidden there, left to screen readers."""
    v = tabs["phone"]
    v.open(SITE.url(page), wait_until="load")
    tables, name = v.page.evaluate(STACKED_TABLES), rel(page)
    assert tables, f"{name}：没有标上 data-stacked 的表格"
    for n, table in enumerate(tables, 1):
        assert table["overflow"] in (None, 0) and table["right"] <= 0, f"{name}：第 {n} 张表格在手机上比屏幕宽：{table}"
        assert table["header"] <= 1, f"{name}：第 {n} 张表格在手机上仍显示表头行（{table['header']} px 高）"
        assert table["cells"] and not table["unlabelled"], (
            f"{name}：第 {n} 张表格有单元格前没有列名：{table['unlabelled']}"
        )


PARTED = """closing => [...document.querySelectorAll('article span.arithmatex')].flatMap(formula => {
  const after = formula.nextSibling;
  if (!after || after.nodeType !== Node.TEXT_NODE || !closing.includes(after.data[0])) return [];
  const range = document.createRange();
  range.setStart(after, 0);
  range.setEnd(after, 1);
  const mark = range.getBoundingClientRect(), box = formula.getBoundingClientRect();
  return mark.top >= box.bottom - 2 ? [formula.textContent.slice(-12) + after.data.slice(0, 8)] : [];
})"""
MATH_PAGES = [page for page in PAGES if re.search(r"\$|\\\(", page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", MATH_PAGES, ids=rel)
def test_no_line_starts_with_the_punctuation_after_a_formula_on_a_phone(page, tabs):
    """On the phone no line starts with the full stop, comma or bracket that follows an inline formula
    (避头标点: site_plugin/markup.py's typeset_formulas keeps the two in a nowrap span)."""
    v = tabs["phone"]
    v.open(SITE.url(page), wait_until="load")
    parted = v.page.evaluate(PARTED, CLOSING)
    assert not parted, f"{rel(page)}：手机上这些公式后的标点换到了下一行的行首：{parted}"
