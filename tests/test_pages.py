"""The pages show only tested code, each snippet with its output, every snippet is shown, and
the site builds strictly."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from snippet_harness import pages, runner
from snippet_harness.pages import rel

PAGES = pages.page_files()


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_no_untested_code_on_page(page):
    inline = [f.where for f in pages.fences(page) if f.lang in pages.PYTHON_LANGS and not f.includes]
    assert not inline, ("Python code typed inline (put it in a file under snippets/ and include "
                        f"it with --8<--): {', '.join(inline)}")


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_each_snippet_shown_with_its_output(page):
    folder = page.relative_to(pages.DOCS).with_suffix("").as_posix()
    fences = pages.fences(page)
    problems = []
    for fence, after in zip(fences, fences[1:] + [None]):
        for path in [p for p in fence.includes if p.endswith(".py")]:
            out = path.removesuffix(".py") + ".out"
            if not path.startswith(folder + "/"):
                problems.append(f"{fence.where}: {path} belongs in snippets/{folder}/ (one folder per page)")
            if fence.title != f"snippets/{path}":
                problems.append(f'{fence.where}: give the block title="snippets/{path}"')
            if after is None or after.includes != [out] or after.title != "输出":
                problems.append(f'{fence.where}: follow it with a ```text title="输出" block including "{out}"')
    assert not problems, "\n".join(problems)


def test_every_snippet_is_on_a_page():
    shown = {pages.SNIPPETS / path for page in PAGES for path in pages.included_files(page)}
    orphans = [rel(s) for s in pages.snippet_files() if s not in shown]
    assert not orphans, f"snippets no page includes (include them or delete them): {orphans}"
    drawn = [e for e in pages.example_files() if pages.settings(e).picture]
    stored = {pages.output_file(e) for e in pages.example_files()} | {pages.picture_file(e) for e in drawn}
    stale = sorted({*pages.SNIPPETS.rglob("*.out"), *pages.SNIPPETS.rglob("*.svg")} - stored)
    assert not stale, f"stored outputs or pictures whose example is gone or draws nothing: {[rel(s) for s in stale]}"
    pictures = {pages.SNIPPETS / path for page in PAGES for path in pages.pictures_shown(page)}
    unseen = [rel(pages.picture_file(e)) for e in drawn if pages.picture_file(e) not in pictures]
    assert not unseen, f"pictures no page shows (include them in a <figure class=\"picture\">): {unseen}"


def test_examples_settings_are_valid():
    """Every examples.toml reads, and names only examples of its own folder."""
    problems = []
    for example in pages.example_files():
        try:
            pages.settings(example)
        except pages.SettingsError as error:
            problems.append(str(error))
    problems += [f"{entry}: no such example in this folder (rename or delete the entry)"
                 for entry in pages.settings_without_example()]
    assert not problems, "\n".join(problems)


def test_no_harness_directive_in_what_readers_see(site):
    """What the harness needs lives in examples.toml: no example, no built page, no notebook and
    so no copy button shows a harness comment (``# 画图``, ``# 预期警告``, ``# 随机数因设备而异``)."""
    seen = [(rel(e), e.read_text(encoding="utf-8")) for e in pages.example_files()]
    seen += [(f.relative_to(site).as_posix(), f.read_text(encoding="utf-8"))
             for f in sorted([*site.rglob("*.html"), *site.rglob("*.ipynb")])]
    found = [f"{name}:{text[:m.start()].count(chr(10)) + 1}: {m[0].strip()}" for name, text in seen
             for m in pages.RETIRED_DIRECTIVE.finditer(text)]
    assert not found, ("harness comments where readers see them (set them in the folder's examples.toml, "
                       "see README):\n" + "\n".join(found))


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_corrections_stand_out_with_a_check(page):
    """A correction of the post is an ``!!! erratum "本站勘误：…"`` box (its own colour and icon,
    stylesheets/extra.css) holding at least one snippet that shows the correction true."""
    problems = []
    for box in pages.boxes(page.read_text(encoding="utf-8")):
        where = f"{rel(page)}:{box.line}"
        if box.title.startswith("本站勘误") != (box.kind == "erratum"):
            problems.append(f'{where}: a correction is `!!! erratum "本站勘误：…"`, and only a correction '
                            f"(found `!!! {box.kind}` titled {box.title!r})")
        elif box.kind == "erratum" and not box.shows_snippet:
            problems.append(f"{where}: the correction {box.title!r} shows no snippet that checks it")
    assert not problems, "\n".join(problems)


def glossary() -> dict[str, str]:
    """The glossary of docs/about.md: {a ruled-out variant (column 不写作): the term to write}."""
    text = (pages.DOCS / "about.md").read_text(encoding="utf-8").partition("## 术语表")[2]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|") and not line.startswith("|--")][1:]
    return {variant: row[0] for row in rows for variant in re.findall(r"`([^`]+)`", row[3])}


def test_pages_follow_the_glossary():
    """The site's own text (pages, notebook pages, snippets) uses the glossary's terms: no variant it
    rules out, outside inline code, “quotations” and lines of the post, except as the English term
    in brackets after the Chinese one."""
    ruled_out = glossary()
    assert {"1D", "整批", "清零", "batch 维"} <= set(ruled_out), f"the glossary in docs/about.md lost rows: {ruled_out}"
    post = {line.strip() for line in (pages.ROOT / "source/pytorch-learning-post.md").read_text(encoding="utf-8").splitlines()}
    edge = r"(?<![A-Za-z0-9_]){}(?![A-Za-z0-9_])"
    patterns = {v: re.compile(edge.format(re.escape(v)) if v[0].isascii() and v[-1].isascii() else re.escape(v))
                for v in ruled_out}
    found = []
    for source in [*PAGES, *pages.notebook_files(), *pages.snippet_files()]:
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() in post or pages.INCLUDE.match(line) or source.name == "about.md" and line.startswith("|"):
                continue  # the post's own words; an include; the glossary's table itself (its English column)
            own = re.sub(r"`[^`]*`|“[^”]*”", "", line)  # inline code, and words quoted (from the post) are not ours
            for variant, term in ruled_out.items():  # "微批量（micro-batch）": the English term given once, in brackets
                own = own.replace(f"{term}（{variant}）", term)
            found += [f"{rel(source)}:{n}: {v!r} (write {ruled_out[v]})" for v, pattern in patterns.items() if pattern.search(own)]
    assert not found, "variants the glossary (docs/about.md, 术语表) rules out:\n" + "\n".join(found)


def where_in_docs(message: str) -> str:
    """A build warning, with the page line it is about: ``docs/x.md:12: WARNING ...``."""
    m = re.search(r"Doc file '([^']+)' contains a link '([^']+)'", message) or \
        re.search(r"Snippet at path '([^']+)' could not be found", message)
    if not m:
        return message
    if m.lastindex == 1:  # a missing include: the pages that include it
        hits = [f.where for p in PAGES for f in pages.fences(p) if m[1] in f.includes]
    else:
        text = (pages.DOCS / m[1]).read_text(encoding="utf-8").splitlines()
        hits = [f"docs/{m[1]}:{n}" for n, line in enumerate(text, 1) if f"]({m[2]}" in line]
    return f"{', '.join(hits) or '?'}: {message}"


def test_site_builds_strictly(build):
    _, done = build
    if done.returncode:
        log = (done.stdout + done.stderr).splitlines()
        problems = [where_in_docs(line) for line in log if re.match(r"(WARNING|ERROR)\s+-|Aborted", line)]
        pytest.fail("mkdocs build --strict failed:\n" + "\n".join(problems or log[-20:]), pytrace=False)


@pytest.mark.parametrize("page", PAGES + pages.notebook_files(), ids=rel)
def test_pages_with_code_name_the_torch_that_ran_it(site, page, runs):
    ran = runs.runner.run_many({0: runner.Job("import torch\nprint(torch.__version__)", "<version>")})[0]
    stamp = f"本页代码已在 torch {ran.stdout.strip()}（CPU） 上运行验证"
    html = pages.built_page(site, page)
    shows_code = 'class="filename">snippets/' in html or 'class="language-python highlight"' in html
    assert (stamp in html) == shows_code, f"{rel(page)}: the stamp {stamp!r} belongs on exactly the pages that show code"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value for name, value in attrs if name in ("href", "src") and value]


def test_built_links_resolve(site):
    """Every relative link and asset in the built HTML exists in the site.  MkDocs checks the
    Markdown pages' links; this covers what it does not see: notebook pages and the theme."""
    broken = []
    for html in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = ((site if parts.path.startswith("/") else html.parent) / unquote(parts.path).lstrip("/")).resolve()
            if not (path / "index.html" if path.is_dir() else path).exists():
                broken.append(f"{html.relative_to(site)}: {target}")
    assert not broken, "links to nothing in the built site:\n" + "\n".join(broken)


def test_pages_run_only_the_sites_own_scripts(site):
    """Every page starts its <head> with the Content-Security-Policy (hooks/csp.py) and loads no
    script from another origin (the policy would refuse it; this names the page)."""
    problems = []
    for html in sorted(site.rglob("*.html")):
        text, name = html.read_text(encoding="utf-8"), html.relative_to(site).as_posix()
        if not re.match(r'\s*<meta http-equiv="Content-Security-Policy"', text.partition("<head>")[2]):
            problems.append(f"{name}: no Content-Security-Policy at the top of <head>")
        problems += [f"{name}: loads the script {src}" for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', text)
                     if re.match(r"[a-z][a-z+.-]*:|//", src)]
    assert not problems, "\n".join(problems)


def test_search_index_holds_prose_and_code_but_no_outputs(site):
    """Output blocks carry ``data-search-exclude`` (hooks/page_meta.py, hooks/notebook_page.py):
    printed tensors answer no search, and every first page load fetches the whole index."""
    texts = [doc["text"].replace("\u200b", "") for doc in
             json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]]
    assert any("loss.backward()" in t for t in texts), "the code blocks left the search index"
    outputs = [t[:80] for t in texts if re.search(r"输出\s*<pre>", t)]
    assert not outputs, f"output blocks in the search index: {outputs}"
