"""The deploy workflow, README, home page and .ci/run agree, and the workflow asks for no more
than it needs.  (The workflow itself cannot run here; these checks read it.)"""

import re
from pathlib import Path

import yaml

from site_model import Page

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/pages.yml"


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
    runs = [step.get("run", "") for step in jobs["test-and-build"]["steps"]]
    assert "bash .ci/run" in runs, "工作流必须通过 .ci/run 运行测试"
    assert any("mkdocs build --strict" in run for run in runs), "工作流没有 mkdocs build --strict"
    assert jobs["deploy"]["needs"] == "test-and-build"
    assert "refs/heads/main" in jobs["deploy"]["if"] and "pull_request" in jobs["deploy"]["if"]


def test_workflow_has_least_privilege_and_pinned_actions():
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    others = [name for name, job in workflow["jobs"].items() if name != "deploy" and "permissions" in job]
    assert not others, f"扩大了权限的任务：{others}"
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), (
        f"action 必须固定到完整的提交 SHA：{uses}")
