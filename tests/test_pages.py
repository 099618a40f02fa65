"""The pages show only tested code, each snippet with its output, every snippet is shown, and
the site builds strictly."""

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
    drawn = [e for e in pages.example_files() if pages.picture_requested(e.read_text(encoding="utf-8"))]
    stored = {pages.output_file(e) for e in pages.example_files()} | {pages.picture_file(e) for e in drawn}
    stale = sorted({*pages.SNIPPETS.rglob("*.out"), *pages.SNIPPETS.rglob("*.svg")} - stored)
    assert not stale, f"stored outputs or pictures whose example is gone or draws nothing: {[rel(s) for s in stale]}"
    pictures = {pages.SNIPPETS / path for page in PAGES for path in pages.pictures_shown(page)}
    unseen = [rel(pages.picture_file(e)) for e in drawn if pages.picture_file(e) not in pictures]
    assert not unseen, f"pictures no page shows (include them in a <figure class=\"picture\">): {unseen}"


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
