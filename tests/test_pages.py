"""The pages show only tested code, every snippet is shown, and the site builds strictly."""

import os
import subprocess
import sys

import pytest

from tests import docs_model
from tests.docs_model import rel

PAGES = docs_model.page_files()
PAGE_IDS = [rel(p) for p in PAGES]


def include_fences(page):
    """(fence, included path) for each fence of ``page`` that includes a snippet file."""
    return [(f, path) for f in docs_model.fences(page) for path in f.includes]


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
    shown = {docs_model.SNIPPETS / path for page in PAGES for _, path in include_fences(page)}
    orphans = [rel(s) for s in docs_model.snippet_files() if s not in shown]
    assert not orphans, f"snippets no page includes (include them or delete them): {orphans}"
    stale = [
        rel(out) for out in sorted(docs_model.SNIPPETS.rglob("*" + docs_model.OUTPUT_SUFFIX))
        if not out.with_suffix(".py").is_file()
    ]
    assert not stale, f"stored outputs whose snippet is gone: {stale}"


def test_site_builds_strictly(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=docs_model.ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
