"""The deploy workflow and .ci/run do what the README says: the site is built once, the tests run on
that build, and the deploy job publishes it; .ci/run runs the README's test command and stops at its
first failing step; the workflows ask for no more than they need.  (The workflows cannot run here:
these tests read them as YAML, and run .ci/run with stand-ins for the commands it calls.)"""

import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_model import Page, versions

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/pages.yml"
# the torch releases verified besides requirements.txt's pin (noxfile.py reads the same list), and the pin
ALSO_VERIFIED, PINNED = versions.also_verified_on(ROOT), versions.pinned(ROOT)
WITHOUT_ADDOPTS = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}  # this run's options stay out


def bash_blocks(path):
    return [f.body.strip() for f in Page(path.name, path.read_text(encoding="utf-8")).fences if f.lang == "bash"]


def readme_commands():
    blocks = bash_blocks(ROOT / "README.md")
    serve = [b for b in blocks if b.endswith("mkdocs serve --dirty")]
    test = [b for b in blocks if b.endswith("pytest")]
    assert len(serve) == 1 and len(test) == 1, f"README.md 必须给出一条预览命令和一条测试命令：{blocks}"
    return serve[0], test[0]


def test_home_page_gives_the_readme_commands():
    assert set(bash_blocks(ROOT / "docs/index.md")) == set(readme_commands()), "首页的两条命令与 README.md 的不同"


# Stand-ins for the commands .ci/run calls: each writes its command line to $CALLS and fails (exit 3)
# when it is the one named by $FAIL.  `python3 -m venv DIR` also writes DIR/bin/activate, which
# records being sourced.  chromium and fc-list are there so that .ci/run installs nothing.
STAND_IN = """#!/bin/bash
echo "$(basename "$0") $*" | sed 's/ *$//' >> "$CALLS"
if [ "$(basename "$0")" = python3 ] && [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  printf '%s\\n' 'echo ". ${BASH_SOURCE[0]}" >> "$CALLS"' '[ "$FAIL" != activate ]' > "$3/bin/activate"
fi
[ "$(basename "$0")" != "$FAIL" ] || exit 3
"""
QUIET = "#!/bin/bash\necho 'Noto Color Emoji,WenQuanYi Micro Hei:style=Regular:lang=zh'\n"


def run_ci(tmp_path, fail: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """.ci/run in a scratch folder with stand-ins on PATH, the one named ``fail`` failing: (its result,
    the commands it ran, in order)."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci/run", tmp_path / ".ci/run")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name, text in {
        "python3": STAND_IN,
        "pip": STAND_IN,
        "pytest": STAND_IN,
        "nox": STAND_IN,
        "apt-get": STAND_IN,
        "chromium": QUIET,
        "fc-list": QUIET,
    }.items():
        (bin_ / name).write_text(text, encoding="utf-8")
        (bin_ / name).chmod(0o755)
    calls = tmp_path / "calls"
    calls.touch()
    env = {"PATH": f"{bin_}:/usr/bin:/bin", "CALLS": str(calls), "FAIL": fail, "HOME": str(tmp_path)}
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci/run")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done, calls.read_text(encoding="utf-8").splitlines()


def ci_steps() -> list[str]:
    """What .ci/run must run, in order: the README's test command, step by step, then nox."""
    _, test = readme_commands()
    return [*test.split(" && "), "nox"]


def test_ci_runs_the_readme_test_command_then_nox(tmp_path):
    """Every step of the README's test command, in order, then nox (the other listed torch releases)."""
    done, ran = run_ci(tmp_path, fail="")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ran == ci_steps(), f".ci/run 运行的 {ran} 不是 README 的测试命令加上 nox：{ci_steps()}"


@pytest.mark.parametrize("failing", range(len(ci_steps())), ids=lambda n: ci_steps()[n].split()[-1])
def test_ci_stops_at_the_first_failing_step(tmp_path, failing):
    """A failing step (a pip install that fails, tests that fail, ...) ends .ci/run with an error,
    and nothing after it runs."""
    step = ci_steps()[failing]
    name = "activate" if step.startswith(". ") else step.split()[0]
    done, ran = run_ci(tmp_path, fail=name)
    assert done.returncode != 0, f"{step} 失败了，.ci/run 却成功结束"
    assert ran == ci_steps()[: failing + 1], f"{step} 失败之后 .ci/run 还运行了：{ran[failing + 1 :]}"


def jobs() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]


def steps_using(job: dict, action: str) -> list[dict]:
    """The ``with:`` of the job's steps that use ``action`` (owner/name, any pinned commit)."""
    return [step.get("with", {}) for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def commands(job: dict) -> list[list[str]]:
    """Each command line of the job's ``run:`` steps, split as the shell splits it."""
    return [shlex.split(line) for step in job["steps"] for line in step.get("run", "").splitlines() if line.strip()]


def addopts_of(job: dict, group: int) -> list[str]:
    """The options the test job's machine ``group`` gives pytest (``PYTEST_ADDOPTS``), with the
    workflow's expressions (``${{ env.SPLITS }}``, ``${{ matrix.group }}``) filled in as GitHub fills them."""
    (run,) = [step for step in job["steps"] if "run" in step]
    values = {**{f"env.{k}": str(v) for k, v in job["env"].items()}, "matrix.group": str(group)}
    return shlex.split(re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m[1]], run["env"]["PYTEST_ADDOPTS"]))


def option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def test_workflow_builds_once_tests_that_build_and_deploys_it():
    """build → test → deploy: the build job alone builds (strictly) and hands one folder both to the
    test jobs (artifact ``site``, with its build log beside it) and to Pages; the test jobs run .ci/run
    on that folder (``--built-site``); the deploy job, after both, publishes that pages artifact and
    nothing else."""
    build, test, deploy = jobs()["build"], jobs()["test"], jobs()["deploy"]
    builds = {name: [c for c in commands(job) if c[:2] == ["mkdocs", "build"]] for name, job in jobs().items()}
    assert {name for name, found in builds.items() if found} == {"build"} and len(builds["build"]) == 1, builds
    built = option(builds["build"][0], "--site-dir")
    assert "--strict" in builds["build"][0] and built, builds["build"][0]

    (kept,) = steps_using(build, "actions/upload-artifact")
    assert sorted(p.rstrip("/") for p in kept["path"].split()) == [built, f"{built}.log"], (
        "构建任务要把网站和旁边的构建日志（<网站>.log，tests/conftest.py 读它）一起保存"
    )
    assert kept["if-no-files-found"] == "error"
    (pages,) = steps_using(build, "actions/upload-pages-artifact")
    assert pages["path"].rstrip("/") == built, "交给 Pages 的不是构建出的那个文件夹"

    assert "needs" not in build and test["needs"] == "build" and sorted(deploy["needs"]) == ["build", "test"]
    (fetched,) = steps_using(test, "actions/download-artifact")
    assert fetched["name"] == kept["name"], "测试任务取回的不是构建任务保存的网站"
    (run,) = [step for step in test["steps"] if "run" in step]
    assert run["run"] == "bash .ci/run", "测试任务必须通过 .ci/run 运行测试"
    addopts = addopts_of(test, group=1)
    assert Path(option(addopts, "--built-site")) == Path(fetched["path"]) / built, (
        f"测试没有针对取回的网站（{fetched['path']}{built}）：{addopts}"
    )

    (published,) = [step["with"] for step in deploy["steps"]]
    assert steps_using(deploy, "actions/deploy-pages") == [published]
    assert published["artifact_name"] == pages["name"], "发布的不是构建任务交给 Pages 的产物"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"


@pytest.mark.parametrize("path", sorted(WORKFLOW.parent.glob("*.yml")), ids=lambda p: p.name)
def test_workflow_has_least_privilege_and_pinned_actions(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    if path == WORKFLOW:
        assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    others = [name for name, job in workflow["jobs"].items() if name != "deploy" and "permissions" in job]
    assert not others, f"{path.name}：扩大了权限的任务：{others}"
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), (
        f"{path.name}：action 必须固定到完整的提交 SHA：{uses}"
    )
    checkouts = steps_using({"steps": [s for j in workflow["jobs"].values() for s in j["steps"]]}, "actions/checkout")
    assert all(c.get("persist-credentials") is False for c in checkouts), "checkout 不要留下凭据"


def test_workflows_pass_zizmor():
    zizmor = Path(sys.executable).with_name("zizmor")  # requirements.txt's, beside this interpreter
    done = subprocess.run(
        [str(zizmor), "--offline", str(WORKFLOW.parent)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"zizmor 报告了问题：\n{done.stdout}{done.stderr}"


def test_newest_torch_runs_weekly_with_nothing_but_the_nox_session():
    """The weekly workflow (it cannot run here) runs ``nox -s newest``: a session nox lists, off by default."""
    workflow = yaml.safe_load((WORKFLOW.parent / "newest-torch.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"] and "workflow_dispatch" in triggers and "push" not in triggers, triggers
    (job,) = workflow["jobs"].values()
    assert commands(job)[-1] == ["nox", "-s", "newest"], commands(job)
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json", "-s", "newest"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "newest" in [s["session"] for s in json.loads(listed.stdout)], "noxfile.py 没有 newest 会话"


def test_nox_runs_every_listed_torch_and_not_the_pin():
    """nox (which .ci/run runs after the test command) has one session for each torch listed in
    pyproject.toml (``[tool.site] also_verified_on``), none for the pinned one (the test command runs that)."""
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    sessions = [s["call_spec"]["torch"] for s in json.loads(listed.stdout) if s["name"] == "examples"]
    assert sessions == ALSO_VERIFIED and PINNED not in sessions, (
        f"nox 的版本 {sessions}，列出的 {ALSO_VERIFIED}，固定的 {PINNED}"
    )


@pytest.mark.parametrize("broken", [False, True], ids=["unchanged", "a reworded line"])
def test_drift_report_names_each_page_that_drifts(tmp_path, broken):
    """scripts/drift_report.py on the JUnit report of a real run (a scratch copy of the pages, one stored
    output reworded or not): the page and its example named, with the diff; exit 1 only on drift."""
    for name in ("docs", "snippets", "mkdocs.yml", "pyproject.toml"):  # what the page blocks need
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    out = tmp_path / "snippets/matmul/star_vs_at.out"
    if broken:
        out.write_text(out.read_text(encoding="utf-8").replace("mat (3x1)", "matrix (3x1)"), encoding="utf-8")
    junit = tmp_path / "junit.xml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "docs/matmul.md",
            "-k",
            "star_vs_at",
            "-n",
            "0",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
        check=False,
        env=WITHOUT_ADDOPTS,
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/drift_report.py"), str(junit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"},
    )
    if not broken:
        assert done.returncode == 0 and "都与存储的输出一致" in done.stdout, done.stdout + done.stderr
        return
    assert done.returncode == 1, done.stdout + done.stderr
    assert "**docs/matmul.md**：`snippets/matmul/star_vs_at.py`" in done.stdout, done.stdout
    assert "-(3, 1) @ (3,) 报错: size mismatch, got input (3), matrix (3x1), vec (3)" in done.stdout, done.stdout


def pytest_run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=WITHOUT_ADDOPTS,
    )


def collected(*args: str) -> list[str]:
    """The test ids ``pytest --collect-only`` lists with ``args`` (the README's command otherwise)."""
    done = pytest_run("--collect-only", "-q", *args)
    assert done.returncode == 0, f"pytest --collect-only {' '.join(args)} 失败：\n{done.stdout[-3000:]}\n{done.stderr}"
    return [line for line in done.stdout.splitlines() if "::" in line and not line.startswith(" ")]


@functools.cache
def all_tests() -> list[str]:
    """The README's command's tests, collected once for both parametrizations."""
    return collected()


@pytest.mark.parametrize("durations", ["stored", "stale"])
def test_ci_split_runs_every_test_once(tmp_path, durations):
    """The workflow's matrix splits the tests into ``SPLITS`` groups (pytest-split, by the durations in
    .test_durations; a test without a duration counts as the average one); together the groups hold
    every test of the README's command, each once: with the stored durations, and with durations
    that know only some of today's tests and some that are gone."""
    job = jobs()["test"]
    splits, groups = int(job["env"]["SPLITS"]), job["strategy"]["matrix"]["group"]
    assert groups == list(range(1, splits + 1)), f"矩阵的 group {groups} 与 SPLITS={splits} 不符"
    for group in groups:
        addopts = addopts_of(job, group)
        assert (option(addopts, "--splits"), option(addopts, "--group")) == (str(splits), str(group)), addopts
    everything = all_tests()
    path = ROOT / ".test_durations"
    if durations == "stale":
        path = tmp_path / "durations.json"
        path.write_text(
            json.dumps(
                {**{t: 1.0 + n % 7 for n, t in enumerate(everything[::2])}, "tests/test_gone.py::test_removed": 30.0}
            ),
            encoding="utf-8",
        )
    parts = [collected("--splits", str(splits), "--group", str(g), f"--durations-path={path}") for g in groups]
    assert all(parts), f"有一份是空的：{[len(p) for p in parts]}"
    ran = [test for part in parts for test in part]
    twice = sorted({t for t in ran if ran.count(t) > 1})
    assert not twice, f"这些测试在不止一份里：{twice[:10]}"
    assert sorted(ran) == sorted(everything), f"没有哪一份运行的测试：{sorted(set(everything) - set(ran))[:10]}"


def test_built_site_is_tested_without_building(tmp_path):
    """``--built-site PATH`` (the test jobs': the build job's site): nothing is built, and the strict
    build test reads the build's log beside the folder (``PATH.log``); a folder without a site is
    refused before any test runs."""
    site = tmp_path / "site"
    site.mkdir()
    refused = pytest_run("--collect-only", "-q", "tests/test_workflow.py", "--built-site", str(site))
    assert refused.returncode == 4 and "index.html" in refused.stderr, refused.stdout + refused.stderr
    (site / "index.html").write_text("<!doctype html><title>built</title>", encoding="utf-8")
    strict = "tests/test_pages.py::test_site_builds_strictly"
    without_log = pytest_run(strict, "-n", "0", "--built-site", str(site))
    assert without_log.returncode == 0, without_log.stdout + without_log.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"] and len(list(site.iterdir())) == 1, "不该再构建"
    warning = "WARNING -  Doc file 'index.md' contains a link 'missing.md', but the target is not found"
    (tmp_path / "site.log").write_text(f"INFO    -  Building documentation\n{warning}\n", encoding="utf-8")
    warned = pytest_run(strict, "-n", "0", "--built-site", str(site))
    assert warned.returncode == 1 and "missing.md" in warned.stdout, warned.stdout + warned.stderr
    (tmp_path / "site.log").write_text("INFO    -  Documentation built in 5.68 seconds\n", encoding="utf-8")
    assert pytest_run(strict, "-n", "0", "--built-site", str(site)).returncode == 0
