"""The torch versions the site names.  Each page's stamp names exactly the versions on which every
example it shows passed, in the runs the tests recorded (site_model/verified.py).  An output that
another listed release prints otherwise is recorded beside the pinned one, differs from it for real,
and is shown under the output (hooks/version_notes.py)."""

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import site_model
from site_model import verified, versions
from snippet_harness import compare

ROOT = Path(__file__).resolve().parents[1]
SITE = site_model.load(ROOT)
ALL_PAGES = [(p.name, SITE.page_file(p), p.shows_code) for p in SITE.pages] + \
            [(SITE.rel(p), p, True) for p in SITE.notebook_pages]
STAMP = re.compile(r'<p class="verified-with">\s*(.*?)（<a', re.DOTALL)
UNVERIFIED = "本页代码在当前文件上还没有通过验证的运行记录"


def stamp_of(page_html: str) -> str | None:
    """The stamp's text: the versions it names (``torch 2.13.0+cpu（CPU）``), UNVERIFIED's text, or None."""
    m = STAMP.search(page_html)
    text = m and html.unescape(re.sub(r"\s+", " ", m[1])).strip()
    return text and (text.removeprefix("本页代码已在 ").removesuffix(" 上运行验证") if UNVERIFIED not in text
                     else UNVERIFIED)


@pytest.mark.parametrize(("shown_as", "path", "shows_code"), ALL_PAGES, ids=[n for n, _, _ in ALL_PAGES])
def test_each_page_names_the_versions_its_examples_passed_on(site, shown_as, path, shows_code, pytestconfig):
    """Records are written when a run ends, so they are the ones this session's build read.  With
    ``--all-versions-ran`` (.ci/run, after nox) each page must also name the pin and every listed release."""
    stamp = stamp_of(SITE.built_page(site, path))
    if not shows_code:
        assert stamp is None, f"{shown_as}：不显示代码的页面不应有验证标记，却写着 {stamp!r}"
        return
    ran = verified.verified_on(SITE.examples_shown_on(path), verified.read(SITE.root), SITE.pinned_torch)
    assert stamp == (verified.stamp(ran) or UNVERIFIED), f"{shown_as}：运行记录是 {ran}，标记却是 {stamp!r}"
    if pytestconfig.getoption("all_versions_ran"):
        missing = [r for r in [SITE.pinned_torch, *SITE.also_verified_on]
                   if not any(versions.release(torch) == r and device == "cpu" for torch, device in ran)]
        assert not missing, f"{shown_as}：测试和 nox 都跑过之后，标记里仍然缺少 torch {missing}（标记是 {stamp!r}）"


def recorded_output_problems(site: site_model.Site) -> list[str]:
    """Recorded outputs of a release that is not listed, or that say what the pinned output says."""
    problems = []
    for example in site.examples:
        for release, path in example.recorded_outputs.items():
            if release not in site.also_verified_on:
                problems.append(f"{site.rel(path)}: torch {release} 不在 pyproject.toml 的 also_verified_on 里")
            elif compare.matches(example.output.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")):
                problems.append(f"{site.rel(path)}: 与 {site.rel(example.output)} 在浮点误差内一致，删掉它")
    return problems


def test_recorded_outputs_are_real_differences_of_listed_releases():
    problems = recorded_output_problems(SITE)
    assert not problems, "\n".join(problems)


def scratch_site(where: Path) -> site_model.Site:
    for name in ["docs", "snippets", "hooks", "overrides", "mkdocs.yml", "pyproject.toml", "requirements.txt"]:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, where / name)
    return site_model.Site(where)


def test_stamps_name_only_what_passed_and_notes_show_a_recorded_difference(tmp_path):
    """A real build of a scratch copy, with records written as a run writes them: every example passed
    on the pin; on 2.14.1 one example of backward.md failed (and passed in a later run of the same files);
    a 2.12.0 run checked other files; and an
    output of autograd.md changed after every run.  matmul.md records a reworded line for 2.14.1."""
    scratch = scratch_site(tmp_path)
    star = scratch.example(scratch.snippets / "matmul/star_vs_at.py")
    reworded = star.output.read_text(encoding="utf-8").replace("mat (3x1)", "matrix (3x1)")
    versions.recorded_output(star.output, "2.14.1").write_text(reworded, encoding="utf-8")
    boxed = scratch.example(scratch.snippets / "backward/non_leaf.py")  # its output is inside an erratum box
    versions.recorded_output(boxed.output, "2.14.1").write_text(boxed.output.read_text(encoding="utf-8") +
                                                                 "新的一行\n", encoding="utf-8")
    assert not recorded_output_problems(scratch)
    failed = scratch.example(scratch.snippets / "backward/basic.py")
    for torch in ["2.13.0+cpu", "2.14.1"]:
        verified.write(scratch.root, torch, "cpu", {
            e.name: (verified.fingerprint(e, torch, scratch.pinned_torch), e != failed or torch == "2.13.0+cpu")
            for e in scratch.examples})
    again = {failed.name: (verified.fingerprint(failed, "2.14.1", scratch.pinned_torch), True)}
    verified.write(scratch.root, "2.14.1", "cpu", again)  # a later pass of the same files does not undo a failure
    verified.write(scratch.root, "2.12.0", "cpu", {e.name: ("0" * 20, True) for e in scratch.examples})
    changed = scratch.examples_shown_on(scratch.docs / "autograd.md")[0].output
    changed.write_text(changed.read_text(encoding="utf-8") + "多出的一行\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                          cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTEBOOK_EXECUTE": "false"},
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    stamps = {page: stamp_of(scratch.built_page(tmp_path / "site", scratch.docs / page))
              for page in ["matmul.md", "backward.md", "autograd.md", "index.md"]}
    assert stamps == {"matmul.md": "torch 2.13.0+cpu、2.14.1（CPU）", "backward.md": "torch 2.13.0+cpu（CPU）",
                      "autograd.md": UNVERIFIED, "index.md": None}, stamps
    matmul = scratch.built_page(tmp_path / "site", scratch.docs / "matmul.md")
    shown, note = matmul.index("got input (3), mat (3x1), vec (3)"), matmul.find("在 torch 2.14.1 上，这段输出有所不同")
    assert shown < note < matmul.index("</h2>", shown), "记录的不同应当紧跟在 star_vs_at 的输出下面"
    line = reworded.splitlines().index(next(x for x in reworded.splitlines() if "matrix (3x1)" in x)) + 1
    assert re.search(rf"第 {line} 行变为：</p>\s*<div[^>]*><span class=\"filename\">输出</span><pre><span></span>"
                     r"<code>[^<]*matrix \(3x1\)", matmul[note:]), matmul[note:note + 600]
    assert matmul.count("这段输出有所不同") == 1, "只有记录了不同的那个输出下面才有说明"
    erratum = BeautifulSoup(scratch.built_page(tmp_path / "site", scratch.docs / "backward.md"), "html.parser") \
        .select_one("div.admonition.erratum:has(.admonition-title:-soup-contains('默认只有叶子张量'))")
    inner = erratum.select_one("div.admonition.info")
    assert inner and "多出" in inner.get_text() and "新的一行" in inner.get_text(), "勘误框里的输出，说明也要在框里"

    versions.recorded_output(star.output, "2.0.0").write_text(reworded, encoding="utf-8")
    shutil.copy(failed.output, versions.recorded_output(failed.output, "2.14.1"))
    assert recorded_output_problems(scratch) == [
        "snippets/backward/basic.torch-2.14.1.out: 与 snippets/backward/basic.out 在浮点误差内一致，删掉它",
        "snippets/matmul/star_vs_at.torch-2.0.0.out: torch 2.0.0 不在 pyproject.toml 的 also_verified_on 里"]
