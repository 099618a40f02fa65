"""The deploy workflow, README, home page and .ci/run agree, and the workflow asks for no more
than it needs.  (The workflow itself cannot run here; these checks read it.)"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_model import Page, verified, versions

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/pages.yml"
# the torch releases verified besides requirements.txt's pin (noxfile.py reads the same list), and the pin
ALSO_VERIFIED, PINNED = versions.also_verified_on(ROOT), versions.pinned(ROOT)
WITHOUT_ADDOPTS = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}  # this run's options stay out


def bash_blocks(path):
    return [f.body.strip() for f in Page(path.name, path.read_text(encoding="utf-8")).fences if f.lang == "bash"]


def readme_commands():
    blocks = bash_blocks(ROOT / "README.md")
    serve = [b for b in blocks if b.endswith("mkdocs serve")]
    test = [b for b in blocks if b.endswith("pytest")]
    assert len(serve) == 1 and len(test) == 1, f"README.md 必须给出一条预览命令和一条测试命令：{blocks}"
    return serve[0], test[0]


def test_home_page_gives_the_readme_commands():
    assert set(bash_blocks(ROOT / "docs/index.md")) == set(readme_commands()), "首页的两条命令与 README.md 的不同"


def test_ci_runs_the_readme_test_command():
    _, test = readme_commands()
    lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert test in lines, f".ci/run 没有运行 README 的测试命令：{test}"


def test_workflow_runs_ci_then_builds_and_deploys_from_main_only():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert "bash .ci/run" in [step.get("run", "") for step in jobs["test"]["steps"]], "工作流必须通过 .ci/run 运行测试"
    assert any("mkdocs build --strict" in step.get("run", "") for step in jobs["build"]["steps"]), (
        "工作流没有 mkdocs build --strict")
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert "refs/heads/main" in jobs["deploy"]["if"] and "pull_request" in jobs["deploy"]["if"]


@pytest.mark.parametrize("path", sorted(WORKFLOW.parent.glob("*.yml")), ids=lambda p: p.name)
def test_workflow_has_least_privilege_and_pinned_actions(path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    if path == WORKFLOW:
        assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    others = [name for name, job in workflow["jobs"].items() if name != "deploy" and "permissions" in job]
    assert not others, f"{path.name}：扩大了权限的任务：{others}"
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), (
        f"{path.name}：action 必须固定到完整的提交 SHA：{uses}")


def test_workflows_pass_zizmor():
    zizmor = Path(sys.executable).with_name("zizmor")  # requirements.txt's, beside this interpreter
    done = subprocess.run([str(zizmor), "--offline", str(WORKFLOW.parent)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, f"zizmor 报告了问题：\n{done.stdout}{done.stderr}"


def test_newest_torch_runs_weekly_with_nothing_but_the_nox_session():
    """The weekly workflow (it cannot run here) runs ``nox -s newest``: a session nox lists, off by default."""
    workflow = yaml.safe_load((WORKFLOW.parent / "newest-torch.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"] and "workflow_dispatch" in triggers, "没有每周的定时触发"
    (job,) = workflow["jobs"].values()
    assert "nox -s newest" in job["steps"][-1]["run"] and "push" not in triggers
    listed = subprocess.run([sys.executable, "-m", "nox", "--list", "--json", "-s", "newest"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=True)
    assert "newest" in [s["session"] for s in yaml.safe_load(listed.stdout)], "noxfile.py 没有 newest 会话"


@pytest.mark.parametrize("broken", [False, True], ids=["unchanged", "a reworded line"])
def test_drift_report_names_each_page_that_drifts(tmp_path, broken):
    """scripts/drift_report.py on the JUnit report of a real run (a scratch copy of the pages, one stored
    output reworded or not): the page and its example named, with the diff; exit 1 only on drift."""
    for name in ("docs", "snippets", "mkdocs.yml", "pyproject.toml", "overrides", "hooks"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    out = tmp_path / "snippets/matmul/star_vs_at.out"
    if broken:
        out.write_text(out.read_text(encoding="utf-8").replace("mat (3x1)", "matrix (3x1)"), encoding="utf-8")
    junit = tmp_path / "junit.xml"
    subprocess.run([sys.executable, "-m", "pytest", "docs/matmul.md", "-k", "star_vs_at", "-n", "0", "-q",
                    "-p", "no:cacheprovider", f"--junitxml={junit}"], cwd=tmp_path, capture_output=True, timeout=300,
                   check=False, env=WITHOUT_ADDOPTS)
    done = subprocess.run([sys.executable, str(ROOT / "scripts/drift_report.py"), str(junit)], capture_output=True,
                          text=True, timeout=60, check=False, env={k: v for k, v in os.environ.items()
                                                                     if k != "GITHUB_STEP_SUMMARY"})
    if not broken:
        assert done.returncode == 0 and "都与存储的输出一致" in done.stdout, done.stdout + done.stderr
        return
    assert done.returncode == 1, done.stdout + done.stderr
    assert "**docs/matmul.md**：`snippets/matmul/star_vs_at.py`" in done.stdout, done.stdout
    assert "-(3, 1) @ (3,) 报错: size mismatch, got input (3), matrix (3x1), vec (3)" in done.stdout, done.stdout


def collected(*args: str) -> list[str]:
    """The test ids ``pytest --collect-only`` lists with ``args`` (the README's command otherwise)."""
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                          env=WITHOUT_ADDOPTS)
    assert done.returncode == 0, f"pytest --collect-only {' '.join(args)} 失败：\n{done.stdout[-3000:]}\n{done.stderr}"
    return [line for line in done.stdout.splitlines() if "::" in line and not line.startswith(" ")]


def test_ci_split_runs_every_test_once():
    """The workflow's matrix splits the tests into ``SPLITS`` groups (pytest-split, by the durations in
    .test_durations); together the groups hold every test of the README's command, each once."""
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["test"]
    splits, groups = int(job["env"]["SPLITS"]), job["strategy"]["matrix"]["group"]
    assert groups == list(range(1, splits + 1)), f"矩阵的 group {groups} 与 SPLITS={splits} 不符"
    assert "--splits ${{ env.SPLITS }} --group ${{ matrix.group }}" in str(job["steps"]), "测试步骤没有按矩阵分组"
    everything = collected()
    parts = [collected("--splits", str(splits), "--group", str(g)) for g in groups]
    assert all(parts), f"有一份是空的：{[len(p) for p in parts]}"
    ran = [test for part in parts for test in part]
    twice = sorted({t for t in ran if ran.count(t) > 1})
    assert not twice, f"这些测试在不止一份里：{twice[:10]}"
    assert sorted(ran) == sorted(everything), f"没有哪一份运行的测试：{sorted(set(everything) - set(ran))[:10]}"


def test_ci_runs_the_examples_on_every_listed_torch():
    """After the README's test command, .ci/run runs nox, which has one session for each torch listed in
    pyproject.toml (``[tool.site] also_verified_on``), none for the pinned one (the test command runs that)."""
    _, test = readme_commands()
    lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert "nox" in lines[lines.index(test) + 1:], ".ci/run 没有在测试命令之后运行 nox"
    listed = subprocess.run([sys.executable, "-m", "nox", "--list", "--json"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    sessions = [s["call_spec"]["torch"] for s in yaml.safe_load(listed.stdout) if s["name"] == "examples"]
    assert sessions == ALSO_VERIFIED and PINNED not in sessions, (
        f"nox 的版本 {sessions}，列出的 {ALSO_VERIFIED}，固定的 {PINNED}")


STAMP_CHECK = re.compile(r"pytest tests/test_pages.py::test_site_builds_strictly \\\n\s*tests/test_versions.py::"
                         r"test_each_page_names_the_versions_its_examples_passed_on --all-versions-ran")


def test_the_build_claims_the_versions_the_test_jobs_recorded():
    """Each test job keeps its records of what passed (site_model.verified.RECORDS); the build job
    puts them side by side where the site reads them, and checks every page names every version
    before it builds; unsplit, .ci/run checks that itself after nox."""
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    kept = [s["with"] for s in jobs["test"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert kept and kept[0]["path"].rstrip("/") == verified.RECORDS and "matrix.group" in kept[0]["name"], kept
    assert kept[0]["if-no-files-found"] == "error"
    steps = jobs["build"]["steps"]
    fetched = next(n for n, s in enumerate(steps) if "download-artifact" in s.get("uses", ""))
    assert steps[fetched]["with"]["path"].rstrip("/") == verified.RECORDS
    assert "merge-multiple" not in steps[fetched]["with"], "合并会让各份同名的记录互相覆盖；分开放在各自的文件夹里"
    assert kept[0]["name"].startswith(steps[fetched]["with"]["pattern"].removesuffix("*")), "取回的不是保存的那些记录"
    build = next(n for n, s in enumerate(steps) if "mkdocs build --strict" in s.get("run", ""))
    run = steps[build]["run"]
    checked = STAMP_CHECK.search(run)
    assert fetched < build and checked and checked.start() < run.index("mkdocs build --strict")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    unsplit = re.search(r'\nif \[\[ "\$\{PYTEST_ADDOPTS:-\}" != \*--splits\* \]\]; then\n\s*(.*?)\nfi\n', ci, re.DOTALL)
    assert f"rm -rf {verified.RECORDS}" in ci and unsplit and STAMP_CHECK.fullmatch(unsplit[1].strip()) \
        and ci.index("\nnox\n") < unsplit.start(), ".ci/run 要先清掉旧的运行记录，不分份时在 nox 之后检查每页的标记"


def test_about_page_names_the_versions_ci_verifies():
    about = (ROOT / "docs/about.md").read_text(encoding="utf-8")
    named = re.search(r"每次 CI 还会在 (torch .+?) 上重新运行", about)
    assert named and named[1] == "、".join(f"torch {v}" for v in ALSO_VERIFIED), (
        f"docs/about.md 写的 CI 验证版本（{named and named[1]}）与 also_verified_on {ALSO_VERIFIED} 不符")
    said = re.findall(r"仓库固定的 torch (\S+?) 上生成的", about)
    assert said and set(said) == {PINNED}, f"docs/about.md 写的固定版本 {said} 不是 requirements.txt 的 {PINNED}"
