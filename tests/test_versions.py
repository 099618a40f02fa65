"""The torch versions the site names, and the build as a function of the repository.

Each page that shows code names the pinned torch and every release pyproject.toml lists (the
publishing workflow deploys nothing unless the test command and ``nox`` passed on them), and a device
only from a run committed under ``device_runs/`` while the examples it covered are unchanged.  An
output that another listed release prints otherwise is recorded beside the pinned one, differs from
it for real, and is shown under the output.  Two builds of one commit give the same files, whatever
test runs left behind."""

import filecmp
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

import site_model
from site_model import verified, versions
from snippet_harness import compare

ROOT = Path(__file__).resolve().parents[1]
SITE = site_model.load(ROOT)
ALL_PAGES = [(p.name, SITE.page_file(p), p.shows_code) for p in SITE.pages] + [
    (SITE.rel(p), p, True) for p in SITE.notebook_pages
]
STAMP = re.compile(r'<p class="verified-with">\s*(.*?)（<a', re.DOTALL)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def stamp_of(page_html: str) -> str | None:
    """The versions a page's stamp names (``torch 2.13.0、2.14.1（CPU）``), or None without a stamp."""
    m = STAMP.search(page_html)
    text = m and html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m[1]))).strip()  # the badge's <span>
    return text and text.removeprefix("本页代码已在 ").removesuffix(" 上运行验证")


@pytest.mark.parametrize(("shown_as", "path", "shows_code"), ALL_PAGES, ids=[n for n, _, _ in ALL_PAGES])
def test_each_page_names_the_pin_and_every_listed_release(site, shown_as, path, shows_code):
    stamp = stamp_of(SITE.built_page(site, path))
    if not shows_code:
        assert stamp is None, f"{shown_as}：不显示代码的页面不应有验证标记，却写着 {stamp!r}"
        return
    releases = re.findall(r"\d+\.\d+\.\d+", stamp or "")
    assert stamp and stamp.endswith("（CPU）"), f"{shown_as}：标记是 {stamp!r}"
    assert releases == [SITE.pinned_torch, *SITE.also_verified_on], (
        f"{shown_as}：标记 {stamp!r} 应当写出 requirements.txt 固定的 torch {SITE.pinned_torch} "
        f"和 pyproject.toml 列出的 {SITE.also_verified_on}"
    )


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


def repository_linked(scratch: site_model.Site, built: Path, repository: str, address: str, stamp: str) -> None:
    """A site built for ``repository`` and ``address`` links the repository where pages send readers
    to it and in its header, offers 编辑此页, and a 报告问题 link that opens a new issue prefilled
    with the page's title, address, stamp, examples and the three questions."""
    for page in ["index.md", "about.md"]:
        page_html = scratch.built_page(built, scratch.docs / page)
        assert re.search(rf'<a href="{re.escape(repository)}">[^<]*仓库', page_html), f"{page} 没有链接到仓库"
        assert re.search(rf'<a href="{re.escape(repository)}"[^>]*class="md-source"', page_html), (
            f"{page} 的标题栏没有仓库链接"
        )
        assert 'data-md-component="source"' not in page_html, (
            "仓库链接不应让 Material 的脚本去仓库网站取数据（离线、CSP）"
        )
    backward = scratch.built_page(built, scratch.docs / "backward.md")
    report = report_link(backward)
    assert report and f"{report.scheme}://{report.netloc}{report.path}" == f"{repository}/issues/new", report
    asked = parse_qs(report.query)
    assert asked["title"] == ["[backward() 函数] "], asked
    for says in [
        f"地址：{address}backward/",
        f"本页标注的验证版本：{stamp}",
        "- snippets/backward/basic.py",
        "我运行了什么",
        "我期望看到什么",
        "我实际看到什么",
    ]:
        assert says in asked["body"][0], f"报告问题的正文应当写着 {says!r}：\n{asked['body'][0]}"
    assert f'href="{repository}/edit/main/docs/backward.md"' in backward, "有仓库时应当有“编辑此页”"


def report_link(page_html: str):
    """The parts of a page's 报告问题 link (``urllib.parse.urlsplit``), or None without one."""
    m = re.search(r'<p class="report-issue">\s*<a href="([^"]+)"', page_html)
    return urlsplit(html.unescape(m[1])) if m else None


def build(root: Path, site_dir: Path, execute: bool = False, site_url: str = "", repo_url: str = "") -> None:
    env = {k: v for k, v in ENV.items() if k not in ("SITE_URL", "REPO_URL", "EDIT_URI")}
    env.update(NOTEBOOK_EXECUTE=str(execute).lower())
    env.update({"SITE_URL": site_url} if site_url else {})
    env.update({"REPO_URL": repo_url, "EDIT_URI": "edit/main/docs/"} if repo_url else {})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def without_author_or_date(page: Path) -> Path:
    """``page`` with its post's author and date taken out of the front matter (an imported post may lack them)."""
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^  (author|date): .*\n", "", text, count=2), encoding="utf-8")
    return page


def test_device_runs_and_recorded_differences_reach_the_pages(site_copy, tmp_path):
    """A scratch copy with a committed record of a CUDA run covering backward.md's examples, and
    outputs recorded for 2.14.1 where it prints otherwise: matmul.md's star_vs_at (a reworded line)
    and backward.md's non_leaf (inside an erratum box, an added line).  backward.md names the device,
    the other pages do not; each note sits right under its output, inside the same box; one edited
    example of backward.md takes the device off its stamp.  Built for a repository (``REPO_URL``, as the
    publishing workflow does), the pages that send readers to it link it, and the header does too."""
    scratch = site_copy
    covered = scratch.examples_shown_on(scratch.docs / "backward.md")
    record = {
        "device": "CUDA",
        "name": "NVIDIA H200",
        "torch": "2.14.1+cu128",
        "cuda": "12.8",
        "date": "2026-12-05",
        "commit": "0" * 40,
        "examples": {e.name: verified.fingerprint(e) for e in covered},
    }
    (scratch.root / verified.DEVICE_RUNS).mkdir()
    (scratch.root / verified.DEVICE_RUNS / "cuda.json").write_text(json.dumps(record), encoding="utf-8")
    star = scratch.example(scratch.snippets / "matmul/star_vs_at.py")
    reworded = star.output.read_text(encoding="utf-8").replace("mat (3x1)", "matrix (3x1)")
    versions.recorded_output(star.output, "2.14.1").write_text(reworded, encoding="utf-8")
    boxed = scratch.example(scratch.snippets / "backward/non_leaf.py")
    added = boxed.output.read_text(encoding="utf-8") + "新的一行\n"
    versions.recorded_output(boxed.output, "2.14.1").write_text(added, encoding="utf-8")
    assert not recorded_output_problems(scratch)
    cpu = f"torch {'、'.join([scratch.pinned_torch, *scratch.also_verified_on])}（CPU）"
    repository, address = "https://example.org/someone/pytorch-notes", "https://someone.example.org/pytorch-notes/"
    build(scratch.root, tmp_path / "site", repo_url=repository, site_url=address)
    repository_linked(scratch, tmp_path / "site", repository, address, cpu)

    stamps = {
        page: stamp_of(scratch.built_page(tmp_path / "site", scratch.docs / page))
        for page in ["backward.md", "autograd.md"]
    }
    assert stamps == {"backward.md": f"{cpu} 和 torch 2.14.1+cu128（CUDA，NVIDIA H200）", "autograd.md": cpu}, stamps
    matmul = scratch.built_page(tmp_path / "site", scratch.docs / "matmul.md")
    output_at, note_at = (
        matmul.index("got input (3), mat (3x1), vec (3)"),
        matmul.find("在 torch 2.14.1 上，这段输出有所不同"),
    )
    assert output_at < note_at < matmul.index("</h2>", output_at), "记录的不同应当紧跟在 star_vs_at 的输出下面"
    line = next(n for n, text in enumerate(reworded.splitlines(), 1) if "matrix (3x1)" in text)
    assert re.search(
        rf"第 {line} 行变为：</p>\s*<div[^>]*><span class=\"filename\">输出</span><pre><span></span>"
        r"<code>[^<]*matrix \(3x1\)",
        matmul[note_at:],
    ), matmul[note_at : note_at + 600]
    assert matmul.count("这段输出有所不同") == 1, "只有记录了不同的那个输出下面才有说明"
    erratum = BeautifulSoup(
        scratch.built_page(tmp_path / "site", scratch.docs / "backward.md"), "html.parser"
    ).select_one("div.admonition.erratum:has(.admonition-title:-soup-contains('默认只有叶子张量'))")
    inner = erratum.select_one("div.admonition.info")
    assert inner and "多出" in inner.get_text() and "新的一行" in inner.get_text(), "勘误框里的输出，说明也要在框里"

    covered[0].path.write_text(covered[0].source + "print('改过')\n", encoding="utf-8")
    page = without_author_or_date(scratch.docs / "matmul.md")
    build(scratch.root, tmp_path / "site")  # a local build: no repository known
    meta = BeautifulSoup(scratch.built_page(tmp_path / "site", page), "html.parser").select_one("p.post-meta")
    assert meta and "摘自原文" in meta.get_text() and "发布于" not in meta.get_text() and "作者" not in meta.get_text()
    backward = scratch.built_page(tmp_path / "site", scratch.docs / "backward.md")
    assert stamp_of(backward) == cpu
    assert report_link(backward) is None and "/edit/" not in backward and 'class="md-source"' not in backward, (
        "不知道仓库时，不应有报告问题、编辑此页或仓库的链接"
    )

    versions.recorded_output(star.output, "2.0.0").write_text(reworded, encoding="utf-8")
    basic = scratch.example(scratch.snippets / "backward/basic.py")
    shutil.copy(basic.output, versions.recorded_output(basic.output, "2.14.1"))
    assert recorded_output_problems(scratch) == [
        "snippets/backward/basic.torch-2.14.1.out: 与 snippets/backward/basic.out 在浮点误差内一致，删掉它",
        "snippets/matmul/star_vs_at.torch-2.0.0.out: torch 2.0.0 不在 pyproject.toml 的 also_verified_on 里",
    ]


def test_two_builds_of_one_commit_are_the_same_whatever_tests_left_behind(site, site_url, site_copy, tmp_path):
    """The session's build (made before any test ran, or by the workflow's build job) and a build of
    a clean copy into which what test runs leave has been put (reports, old records of passing runs,
    the serve banner's notes, caches): every file of the two sites is byte for byte the same, the
    notebook page executed both times."""
    scratch = site_copy
    for leftover in [
        "test-artifacts/verified/torch-2.13.0+cpu-cpu.json",
        "test-artifacts/report.json",
        ".cache/checked/snippets/backward/basic.py.sha256",
        ".cache/mkdocs-jupyter/x.ipynb",
    ]:
        (scratch.root / leftover).parent.mkdir(parents=True, exist_ok=True)
        (scratch.root / leftover).write_text('{"examples": {}}\n', encoding="utf-8")
    build(scratch.root, tmp_path / "again", execute=True, site_url=site_url)
    compared, different = filecmp.dircmp(site, tmp_path / "again"), []

    def walk(cmp, prefix=""):
        different.extend(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared)
    assert not different, f"同一个提交的两次构建不同：{different}"
