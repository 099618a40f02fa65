"""The pages show only tested code, each snippet with its output, every snippet is shown, and
the site builds strictly."""

import html as html_module
import itertools
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import site_model
from site_model import notebooks
from site_model.examples import RETIRED_DIRECTIVE
from site_model.pages import INCLUDE, PYTHON_LANGS
from site_plugin.cjk import CJK, INLINE, VERBATIM
from site_plugin.markup import CLOSING, STACKED_COLUMNS, WIDEST, aligned, tables_stacked, typeset_formulas

SITE = site_model.load(Path(__file__).resolve().parents[1])
PAGES = SITE.pages


def name(page: site_model.Page) -> str:
    return page.name


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_no_untested_code_on_page(page):
    inline = [f.where for f in page.fences if f.lang in PYTHON_LANGS and not f.includes]
    assert not inline, f"页面上手写的 Python 代码（放进 snippets/ 下的文件，再用 --8<-- 引用）：{', '.join(inline)}"


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_each_snippet_shown_with_its_output(page):
    """Each example the page shows (the model pairs the blocks: ``Page.examples``) is titled with its
    file, lives in its page's folder and has its output block right under it."""
    folder = Path(page.src_uri).with_suffix("").as_posix()
    problems = [
        f"{fence.where}: 一个代码块只引用一个示例文件"
        for fence in page.fences
        if len(fence.includes) > 1 and any(path.endswith(".py") for path in fence.includes)
    ]
    for example in page.examples:
        where, path = example.code.where, example.snippet
        out = path.removesuffix(".py") + ".out"
        if not path.startswith(folder + "/"):
            problems.append(f"{where}: {path} 应放在 snippets/{folder}/ 下（一个页面一个文件夹）")
        if example.code.title != f"snippets/{path}":
            problems.append(f'{where}: 给这个代码块加上 title="snippets/{path}"')
        if example.output is None or example.output.title != "输出":
            problems.append(f'{where}: 后面要紧跟一个引用 "{out}" 的 ```text title="输出" 代码块')
    assert not problems, "\n".join(problems)


def test_every_snippet_is_on_a_page():
    included = {SITE.snippets / path for page in PAGES for path in page.included_files}
    orphans = [SITE.rel(s) for s in SITE.snippets_files if s not in included]
    assert not orphans, f"没有页面引用的示例（引用它们，或者删掉）：{orphans}"
    drawn = [e for e in SITE.examples if e.settings.picture]
    stored = (
        {e.output for e in SITE.examples}
        | {e.picture for e in drawn}
        | {path for e in SITE.examples for path in e.recorded_outputs.values()}
    )  # tests/test_versions.py checks these
    stale = sorted({*SITE.snippets.rglob("*.out"), *SITE.snippets.rglob("*.svg")} - stored)
    assert not stale, f"示例已经不存在或不再画图的存储输出和图：{[SITE.rel(s) for s in stale]}"
    pictures = {SITE.snippets / path for page in PAGES for path in page.pictures_shown}
    unseen = [SITE.rel(e.picture) for e in drawn if e.picture not in pictures]
    assert not unseen, f'没有页面显示的图（用 <figure class="picture"> 把它嵌进页面）：{unseen}'


def test_examples_settings_are_valid():
    """Every examples.toml reads, and names only examples of its own folder."""
    problems = []
    for example in SITE.examples:
        try:
            example.settings  # noqa: B018 - reading it is the check
        except site_model.SettingsError as error:
            problems.append(str(error))
    problems += [f"{entry}：这个文件夹里没有这个示例（改名或删掉这一节）" for entry in SITE.settings_without_example()]
    assert not problems, "\n".join(problems)


def test_no_harness_directive_in_what_readers_see(site):
    """What the harness needs lives in examples.toml: no example, no built page, no notebook and
    so no copy button shows a harness comment (``# 画图``, ``# 预期警告``, ``# 随机数因设备而异``)."""
    seen = [(e.name, e.source) for e in SITE.examples]
    seen += [
        (f.relative_to(site).as_posix(), f.read_text(encoding="utf-8"))
        for f in sorted([*site.rglob("*.html"), *site.rglob("*.ipynb")])
    ]
    found = [
        f"{name}:{text[: m.start()].count(chr(10)) + 1}: {m[0].strip()}"
        for name, text in seen
        for m in RETIRED_DIRECTIVE.finditer(text)
    ]
    assert not found, "读者看得到的测试框架注释（改写在该文件夹的 examples.toml 里，见 README）：\n" + "\n".join(found)


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_corrections_stand_out_with_a_check(page):
    """A correction of the post is an ``!!! erratum "本站勘误：…"`` box (its own colour and icon,
    stylesheets/extra.css) holding at least one snippet that shows the correction true."""
    problems = []
    for box in page.boxes:
        where = f"{page.name}:{box.line}"
        if box.title.startswith("本站勘误") != (box.kind == "erratum"):
            problems.append(
                f'{where}: 勘误写成 `!!! erratum "本站勘误：…"`，也只有勘误这样写'
                f"（这里是标题为 {box.title!r} 的 `!!! {box.kind}`）"
            )
        elif box.kind == "erratum" and not box.shows_snippet:
            problems.append(f"{where}: 勘误 {box.title!r} 里没有验证它的示例")
    assert not problems, "\n".join(problems)


def glossary() -> dict[str, str]:
    """The glossary of docs/about.md: {a ruled-out variant (column 不写作): the term to write}."""
    text = (SITE.docs / "about.md").read_text(encoding="utf-8").partition("## 术语表")[2]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|") and not line.startswith("|--")
    ][1:]
    return {variant: row[0] for row in rows for variant in re.findall(r"`([^`]+)`", row[3])}


LESSONS = [page for page in PAGES if page.shows_code]


@pytest.mark.parametrize("page", LESSONS, ids=name)
def test_lesson_ends_with_exercises_whose_answers_run(page):
    """A page that teaches with code ends with "## 练习": 2-4 exercises, each answer a collapsed box
    (``??? success "练习 N 的答案"``) that shows a snippet, so its code runs and its output is checked."""
    headings = re.findall(r"^## (.+?)\s*$", page.text, re.MULTILINE)
    assert headings and headings[-1] == "练习", f"{page.name}：最后一节应是“## 练习”，现在是 {headings[-1:]}"
    answers = [box for box in page.boxes if box.kind == "success"]
    titles = [box.title for box in answers]
    assert titles == [f"练习 {n} 的答案" for n in range(1, len(titles) + 1)] and 2 <= len(titles) <= 4, (
        f'{page.name}：练习的答案框应是 ??? success "练习 1 的答案" …（2 到 4 个），现在是 {titles}'
    )
    start = page.text.count("\n", 0, page.text.index("\n## 练习\n")) + 2
    lines = page.text.splitlines()
    wrong = [
        box.title
        for box in answers
        if box.line <= start or not box.shows_snippet or not lines[box.line - 1].startswith("??? ")
    ]
    assert not wrong, f"{page.name}：这些答案不在“练习”一节里、没有折叠（???）或没有显示示例文件：{wrong}"


def test_notebook_pages_end_with_exercises_whose_answers_run():
    for path in SITE.notebook_pages:
        cells = notebooks.read_notebook_page(path).cells
        answered = {c.metadata["answer"] for c in cells if c.cell_type == "code" and c.metadata.get("answer")}
        assert 2 <= len(answered) <= 4, (
            f'{SITE.rel(path)}：练习答案的代码单元格（# %% answer="练习 N 的答案"）应有 2 到 4 个，现在是 {answered}'
        )


# How wide a shown code line may be, in display columns (a CJK character counts as two).  Measured in
# chromium with the site's CSS (13.6 px monospace, 8.2 px a column): a code block holds 80 columns on
# a 1280 px desktop and 76 inside a box; on a 375 px phone (12 px code, narrower box padding:
# docs/stylesheets/extra.css) 48, and 43 inside a box.
DESKTOP_COLUMNS = WIDEST  # 76: the build wraps an output holding a wider line (site_plugin/markup.py)
PHONE_COLUMNS, PHONE_BOX_COLUMNS = 48, 43
PHONE_CUT_SHARE = 0.2  # at most one shown line in five may scroll on the phone


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.rstrip())


def shown_code() -> list[tuple[str, list[tuple[int, str]], bool]]:
    """(file, its numbered lines, shown inside a box) for every snippet a page shows and every code
    cell of a notebook page (an answer cell is folded into a box)."""
    shown = []
    for page in PAGES:
        boxes = [(box.line, box.end) for box in page.boxes]
        for example in page.examples:
            boxed = any(start <= example.line <= end for start, end in boxes)
            path = SITE.snippets / example.snippet
            if not path.is_file():
                continue  # a missing include fails the build and its own test, naming the page and line
            shown.append((SITE.rel(path), list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1)), boxed))
    for path in SITE.notebook_pages:
        text = path.read_text(encoding="utf-8").splitlines()
        starts = [n for n, line in enumerate(text) if line.startswith("# %%")] + [len(text)]
        for start, end in itertools.pairwise(starts):
            if "[markdown]" in text[start]:
                continue
            lines = [(n + 1, text[n]) for n in range(start + 1, end)]
            shown.append((SITE.rel(path), lines, "answer=" in text[start]))
    return shown


def test_shown_code_fits_the_screen():
    """No shown code line is cut on the desktop, inside boxes too; on a phone a comment is never cut
    (short, on its own line, or in the prose), and at most one line in five scrolls."""
    problems, lines, wide = [], 0, 0
    for name, numbered, boxed in shown_code():
        phone = PHONE_BOX_COLUMNS if boxed else PHONE_COLUMNS
        for n, line in numbered:
            if not line.strip():
                continue
            lines += 1
            width = columns(line)
            wide += width > phone
            if width > DESKTOP_COLUMNS:
                problems.append(f"{name}:{n}: {width} 列，桌面上放不下（最多 {DESKTOP_COLUMNS} 列，汉字算 2 列）")
            elif "#" in line and width > phone and re.search(r"(^|\s)#", line):
                problems.append(
                    f"{name}:{n}: 带注释的一行 {width} 列，手机上注释会被截断"
                    f"（{'框里' if boxed else ''}最多 {phone} 列）："
                    "把注释缩短、放到上一行，或写进正文"
                )
    share = wide / max(lines, 1)
    if share > PHONE_CUT_SHARE:
        problems.append(
            f"手机上放不下的代码行占 {share:.0%}（{wide}/{lines}），最多 {PHONE_CUT_SHARE:.0%}：把长的行拆开"
        )
    assert not problems, "\n".join(problems)


def shown_outputs() -> list[Path]:
    """What the examples print, as readers see it: the stored output of each example a page shows
    (and of each notebook page), and the outputs recorded beside it for another torch release."""
    pinned = [SITE.snippets / e.output.includes[0] for page in PAGES for e in page.examples if e.output]
    pinned += [SITE.example(path).output for path in SITE.notebook_pages]
    shown = [path for out in pinned for path in (out, *site_model.versions.recorded_outputs(out).values())]
    return [path for path in dict.fromkeys(shown) if path.is_file()]


def test_pages_follow_the_glossary():
    """The site's own text (pages, notebook pages, snippets, and what the examples print) uses the
    glossary's terms: no variant it rules out, outside inline code, “quotations” and lines of the
    post, except as the English term in brackets after the Chinese one.  In an output, a message
    printed after its class name (``RuntimeError: ...``, ``UserWarning: ...``) is torch's own words."""
    ruled_out = glossary()
    assert {"1D", "整批", "清零", "batch 维"} <= set(ruled_out), f"docs/about.md 的术语表少了几行：{ruled_out}"
    post_text = (SITE.root / "source/pytorch-learning-post.md").read_text(encoding="utf-8")
    post = {line.strip() for line in post_text.splitlines()}
    # a trailing comment of the post's code moved onto its own line above its code (test_post_coverage)
    post |= {m[1] for m in re.finditer(r"(?m)(?<=\S)[ \t]+(#.*)$", post_text)}
    edge = r"(?<![A-Za-z0-9_]){}(?![A-Za-z0-9_])"
    patterns = {
        v: re.compile(edge.format(re.escape(v)) if v[0].isascii() and v[-1].isascii() else re.escape(v))
        for v in ruled_out
    }
    found = []
    for source in [*map(SITE.page_file, PAGES), *SITE.notebook_pages, *SITE.snippets_files, *shown_outputs()]:
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() in post or INCLUDE.match(line) or source.name == "about.md" and line.startswith("|"):
                continue  # the post's own words; an include; the glossary's table itself (its English column)
            own = re.sub(r"`[^`]*`|“[^”]*”", "", line)  # inline code, and words quoted (from the post) are not ours
            if source.suffix == ".out":  # an error or warning as Python prints it: the library's message
                own = re.sub(r"\b[A-Z]\w*(?:Error|Warning|Exception): .*", "", own)
            for variant, term in ruled_out.items():  # "微批量（micro-batch）": the English term given once, in brackets
                own = own.replace(f"{term}（{variant}）", term)
            found += [
                f"{SITE.rel(source)}:{n}: {v!r}（应写作 {ruled_out[v]}）"
                for v, pattern in patterns.items()
                if pattern.search(own)
            ]
    assert not found, "术语表（docs/about.md）不用的写法：\n" + "\n".join(found)


def where_in_docs(message: str) -> str:
    """A build warning, with the page line it is about: ``docs/x.md:12: WARNING ...``."""
    m = re.search(r"Doc file '([^']+)' contains a link '([^']+)'", message) or re.search(
        r"Snippet at path '([^']+)' could not be found", message
    )
    if not m:
        return message
    if m.lastindex == 1:  # a missing include: the pages that include it
        hits = [f.where for p in PAGES for f in p.fences if m[1] in f.includes]
    else:
        text = (SITE.docs / m[1]).read_text(encoding="utf-8").splitlines()
        hits = [f"docs/{m[1]}:{n}" for n, line in enumerate(text, 1) if f"]({m[2]}" in line]
    return f"{', '.join(hits) or '?'}: {message}"


def test_site_builds_strictly(build):
    _, done = build
    if done.returncode:
        log = (done.stdout + done.stderr).splitlines()
        problems = [where_in_docs(line) for line in log if re.match(r"(WARNING|ERROR)\s+-|Aborted", line)]
        pytest.fail("mkdocs build --strict 失败：\n" + "\n".join(problems or log[-20:]), pytrace=False)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value for name, value in attrs if name in ("href", "src") and value]


def test_pages_that_send_readers_to_the_repository_link_it(site):
    """A page that tells readers to do something in the repository links it (``[文字](repo:)``, which
    the plugin points at ``repo_url``, or leaves as text in a local build, made from the repository)."""
    unlinked = [
        page.name for page in PAGES if re.search(r"在仓库|仓库的|仓库首页", page.text) and "](repo:)" not in page.text
    ]
    assert not unlinked, f"这些页面让读者去仓库里做事，却没有链接仓库（写作 [文字](repo:)）：{unlinked}"
    left = [
        html.relative_to(site).as_posix() for html in site.rglob("*.html") if 'href="repo:' in html.read_text("utf-8")
    ]
    assert not left, f"构建出的页面里还有没有换成仓库地址的 repo: 链接：{left}"


# files the publishing workflow adds to the built site (scripts/pdf.py), linked from docs/about.md
ADDED_AFTER_BUILD = {"pytorch-notes.pdf"}


def test_built_links_resolve(site, site_url):
    """Every relative link and asset in the built HTML exists in the site.  MkDocs checks the
    Markdown pages' links; this covers what it does not see: notebook pages and the theme.  A site
    built for its address (``SITE_URL``) links some pages (404.html) from the address's path."""
    broken, prefix = [], urlsplit(site_url).path.rstrip("/")
    for html in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target_path = parts.path.removeprefix(prefix) if parts.path.startswith("/") else parts.path
            path = ((site if target_path.startswith("/") else html.parent) / unquote(target_path).lstrip("/")).resolve()
            if path.parent == site.resolve() and path.name in ADDED_AFTER_BUILD:
                continue  # the workflow writes it into site/ after mkdocs build; a local build has none
            if not (path / "index.html" if path.is_dir() else path).exists():
                broken.append(f"{html.relative_to(site)}: {target}")
    assert not broken, "构建出的网站里指向不存在的文件的链接：\n" + "\n".join(broken)


def test_pages_run_only_the_sites_own_scripts(site):
    """Every page starts its <head> with the Content-Security-Policy (site_plugin/markup.py) and loads no
    script from another origin (the policy would refuse it; this names the page)."""
    problems = []
    for html in sorted(site.rglob("*.html")):
        text, name = html.read_text(encoding="utf-8"), html.relative_to(site).as_posix()
        if not re.match(r'\s*<meta http-equiv="Content-Security-Policy"', text.partition("<head>")[2]):
            problems.append(f"{name}：<head> 开头没有 Content-Security-Policy")
        problems += [
            f"{name}：加载了脚本 {src}"
            for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', text)
            if re.match(r"[a-z][a-z+.-]*:|//", src)
        ]
    assert not problems, "\n".join(problems)


def test_search_index_holds_prose_and_code_but_no_outputs(site):
    """Output blocks carry ``data-search-exclude`` (site_plugin/markup.py and notebook_page.py):
    printed tensors answer no search, and every first page load fetches the whole index."""
    texts = [
        doc["text"].replace("\u200b", "")
        for doc in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    ]
    assert any("loss.backward()" in t for t in texts), "搜索索引里没有代码块了"
    outputs = [t[:80] for t in texts if re.search(r"输出\s*<pre>", t)]
    assert not outputs, f"搜索索引里有输出块：{outputs}"


def test_search_index_has_one_entry_per_location(site):
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), "搜索条目的位置重复会让 Material 的搜索 worker 出错"


class _TextRuns(HTMLParser):
    """The text of each block of a page, read as a reader sees it: a run of text goes on across inline
    elements (``site_plugin.cjk.INLINE``) and ends at any other element; the text of code, scripts,
    styles and formulas stands as one non-CJK mark (a break beside it may stay)."""

    def __init__(self):
        super().__init__()
        self.runs, self.run, self.verbatim = [], "", 0

    def handle_starttag(self, tag, attrs):
        if tag in VERBATIM:
            self.verbatim += 1
        elif tag not in INLINE:
            self.runs.append(self.run)
            self.run = ""

    def handle_endtag(self, tag):
        if tag in VERBATIM:
            self.verbatim = max(self.verbatim - 1, 0)
        elif tag not in INLINE:
            self.runs.append(self.run)
            self.run = ""

    def handle_data(self, data):
        self.run += "\x00" if self.verbatim else data


CJK_BREAK = re.compile(f"[{CJK}][ \t]*\n[ \t]*[{CJK}]")


def cjk_breaks(html: str) -> list[str]:
    """Each line break in ``html`` that has a Chinese character or CJK punctuation mark on both sides
    (outside code), with a few characters around it: the browser shows each as a stray space."""
    parser = _TextRuns()
    parser.feed(html)
    parser.close()
    return [
        run[max(m.start() - 12, 0) : m.end() + 12].replace("\n", "⏎")
        for run in [*parser.runs, parser.run]
        for m in CJK_BREAK.finditer(run)
    ]


def test_no_line_break_inside_a_chinese_sentence(site):
    """The Markdown source breaks its Chinese sentences into short lines; the pages join them
    (site_plugin/cjk.py: a Python-Markdown extension, and the same joining on the notebook page),
    since a browser shows a line break between two Chinese characters as a space."""
    problems = []
    for html in sorted(site.rglob("*.html")):
        problems += [f"{html.relative_to(site).as_posix()}：{text}" for text in cjk_breaks(html.read_text("utf-8"))]
    assert not problems, "两个汉字之间的换行显示成了空格：\n" + "\n".join(problems)


def test_cjk_break_check_sees_breaks_at_inline_boundaries():
    """The check above reads across inline elements, and leaves code alone."""
    assert cjk_breaks("<p>反向\n传播</p>") == ["反向⏎传播"]
    assert cjk_breaks("<p><strong>梯度</strong>\n累加</p>") == ["梯度⏎累加"]
    assert cjk_breaks("<p>第一段。</p>\n<p>第二段</p>") == []
    assert cjk_breaks("<pre><code>中\n文</code></pre><p>张量 <code>x</code>\n形状</p>") == []


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("反向\n传播", "<p>反向传播</p>"),
        ("计算图，\n然后", "<p>计算图，然后</p>"),
        ("**梯度**\n累加", "<p><strong>梯度</strong>累加</p>"),
        ("它\n**会累加**", "<p>它<strong>会累加</strong></p>"),
        ("调用 `x`\n之后", "<p>调用 <code>x</code>\n之后</p>"),
        ("PyTorch\n中文", "<p>PyTorch\n中文</p>"),
        ("- 第一\n  第二", "<ul>\n<li>第一第二</li>\n</ul>"),
    ],
)
def test_cjk_extension_joins_breaks_between_chinese_characters(markdown, shown):
    import markdown as python_markdown

    assert python_markdown.markdown(markdown, extensions=["site_plugin.cjk"]) == shown


def test_cjk_extension_leaves_code_blocks_alone():
    import markdown as python_markdown

    html = python_markdown.markdown("    中\n    文\n", extensions=["site_plugin.cjk"])
    assert "中\n文" in html


# an output block as built: Markdown pages give "output [aligned] highlight", the notebook page
# (site_plugin/notebook_page.py) "language-text highlight output [aligned]"
OUTPUT_BLOCK = re.compile(r'<div class="([^"]*\boutput\b[^"]*)"[^>]*>.*?<code>(.*?)</code>', re.DOTALL)


def test_column_aligned_outputs_scroll_and_messages_wrap(site):
    """Outputs whose lines are aligned in columns (a table, a tensor on several lines) are marked
    ``aligned`` at build time (site_plugin/markup.py), so that the phone scrolls them like code instead
    of wrapping them out of their columns; a long message (a warning) is not, and wraps."""
    for path, expected in {
        "matmul/table_rows.out": True,  # float32  float64  int64  说法 / ✓ under each
        "matmul_shapes/all_cases.out": True,
        "matmul_shapes/einsum.out": True,
        "autograd/vjp.out": True,  # a tensor on several lines
        "backward/non_leaf.out": False,  # a long UserWarning
        "grad_faq/grad_none_leaf.out": False,
        "matmul_shapes/loss_broadcast.out": False,
        "matmul/tensor_ops.out": False,  # aligned, but one message is wider than a desktop block: it wraps
    }.items():
        stored = SITE.snippets / path
        if stored.is_file():
            assert aligned(stored.read_text(encoding="utf-8")) is expected, f"snippets/{path}：对齐判断应为 {expected}"
    wrong, seen = [], 0
    for page in [*(SITE.page_file(p) for p in PAGES), *SITE.notebook_pages]:
        for classes, code in OUTPUT_BLOCK.findall(SITE.built_page(site, page)):
            if "highlight" not in classes.split():
                continue
            marked = "aligned" in classes.split()
            text = html_module.unescape(re.sub(r"<[^>]+>", "", code))
            seen += 1
            if bool(marked) != aligned(text):
                wrong.append(f"{SITE.rel(page)}：{'标了' if marked else '没标'} aligned：{text[:60]!r}")
    shown = sum(1 for page in PAGES for example in page.examples if example.output)
    assert seen >= shown, f"构建出的页面里只找到 {seen} 个输出块，页面上有 {shown} 个"
    assert not wrong, "\n".join(wrong)


# an inline formula as built, with the closing CJK punctuation right after it, and whether a
# <span class="nowrap"> holds the two (site_plugin/markup.py's typeset_formulas)
FORMULA_THEN_CLOSING = re.compile(
    rf'(<span class="nowrap">)?<span class="arithmatex">(?:(?!</span>).)*</span>([{CLOSING}]+)(</span>)?', re.DOTALL
)


def punctuation_parted_from_formulas(html: str) -> tuple[int, list[str]]:
    """(how many inline formulas ``html`` has with closing CJK punctuation right after them, the
    punctuation of those outside a ``nowrap`` span with their formula: a line may start there)."""
    found = FORMULA_THEN_CLOSING.findall(html)
    return len(found), [closing for opened, closing, closed in found if not (opened and closed)]


def test_punctuation_check_sees_a_formula_parted_from_its_full_stop():
    formula = '<span class="arithmatex"><math><mi>x</mi></math></span>'
    assert punctuation_parted_from_formulas(f"<p>得 {formula}。然后</p>") == (1, ["。"])
    assert punctuation_parted_from_formulas(f'<p>得 <span class="nowrap">{formula}）。</span>然后</p>') == (1, [])
    assert punctuation_parted_from_formulas(f"<p>{formula} 的值</p>") == (0, [])
    typeset = typeset_formulas(
        '<p>得 <span class="arithmatex">\\(x^2\\)</span>，再 <span class="arithmatex">\\(y\\)</span> 乘</p>', "", ""
    )
    assert typeset.startswith('<p>得 <span class="nowrap"><span class="arithmatex"><math'), typeset
    assert "</math></span>，</span>再" in typeset and "</math></span> 乘" in typeset, typeset
    assert punctuation_parted_from_formulas(typeset) == (1, [])


def test_punctuation_after_a_formula_stays_on_its_line(site):
    """A closing CJK punctuation mark (。，）…) right after an inline formula is in one ``nowrap`` span
    with it: Chromium would otherwise break the line between an inline ``<math>`` and the mark, and a
    Chinese line may not start with one (避头标点).  After inline code the browser keeps them together."""
    seen, problems = 0, []
    for html in sorted(site.rglob("*.html")):
        count, parted = punctuation_parted_from_formulas(html.read_text("utf-8"))
        seen += count
        problems += [f"{html.relative_to(site).as_posix()}：公式后的“{mark}”" for mark in parted]
    assert seen, "构建出的页面里没有找到公式后紧跟中文标点的地方（检查的写法与构建的写法对不上了？）"
    assert not problems, "公式和它后面的中文标点之间可能换行：\n" + "\n".join(problems)


def test_tables_of_four_columns_or_more_are_labelled_for_the_phone():
    import markdown as python_markdown

    wide = python_markdown.markdown(
        "| 术语 | 英文 | 说明 `@` | 不写作 |\n|---|---|---|---|\n| 张量 | tensor | 数组 | |\n", extensions=["tables"]
    )
    labelled = tables_stacked(wide)
    assert labelled.startswith("<table data-stacked>"), labelled
    assert '<td data-label="术语">张量</td>' in labelled and '<td data-label="说明 @">数组</td>' in labelled, labelled
    assert '<td data-label="不写作"></td>' in labelled, labelled
    narrow = python_markdown.markdown("| 写法 | 做什么 | 注意 |\n|---|---|---|\n| a | b | c |\n", extensions=["tables"])
    assert tables_stacked(narrow) == narrow


class _Tables(HTMLParser):
    """Each table's stacking mark and, for each body cell, (its column's header, its data-label)."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.text = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"stacked": "data-stacked" in attrs, "headers": [], "cells": []})
        elif tag == "tr" and self.tables:
            self.column = 0
        elif tag == "th":
            self.text = []
        elif tag == "td":
            headers = self.tables[-1]["headers"]
            header = headers[self.column] if self.column < len(headers) else None
            self.tables[-1]["cells"].append((header, attrs.get("data-label")))
            self.column += 1

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "th":
            self.tables[-1]["headers"].append("".join(self.text).strip())
            self.text = None


def test_wide_tables_stack_on_a_phone(site):
    """A table of ``STACKED_COLUMNS`` (4) or more columns is marked ``data-stacked`` and each of its
    cells carries its column's header as ``data-label`` (stylesheets/extra.css shows one block per row
    on a phone, each cell under its label); a narrower table is left as it is, and scrolls."""
    problems, stacked = [], 0
    for page in [*(SITE.page_file(p) for p in PAGES), *SITE.notebook_pages]:
        parser = _Tables()
        parser.feed(SITE.built_page(site, page))
        for table in parser.tables:
            wide = len(table["headers"]) >= STACKED_COLUMNS
            stacked += wide
            where = f"{SITE.rel(page)}（表头 {'、'.join(table['headers'])}）"
            if table["stacked"] != wide:
                problems.append(f"{where}：{'没有' if wide else '不该'}标上 data-stacked")
            wrong = [(h, label) for h, label in table["cells"] if label != (h if wide else None)]
            if wrong:
                problems.append(f"{where}：单元格的 data-label 与列名不符：{wrong[:3]}")
    assert stacked, "没有一张四列以上的表格：术语表（docs/about.md）应有四列"
    assert not problems, "\n".join(problems)
