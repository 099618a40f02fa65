"""The deploy workflow, README, home page and .ci/run agree, and the workflow asks for no more
than it needs.  (The workflow itself cannot run here; these checks read it.)"""

import re

import yaml

from snippet_harness import pages

ROOT = pages.ROOT
WORKFLOW = ROOT / ".github/workflows/pages.yml"


def bash_blocks(path):
    return [f.body.strip() for f in pages.fences(path) if f.lang == "bash"]


def readme_commands():
    blocks = bash_blocks(ROOT / "README.md")
    serve = [b for b in blocks if b.endswith("mkdocs serve")]
    test = [b for b in blocks if b.endswith("pytest")]
    assert len(serve) == 1 and len(test) == 1, f"README.md must give one serve and one test command: {blocks}"
    return serve[0], test[0]


def test_home_page_gives_the_readme_commands():
    assert set(bash_blocks(pages.DOCS / "index.md")) == set(readme_commands())


def test_ci_runs_the_readme_test_command():
    _, test = readme_commands()
    lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert test in lines, f".ci/run does not run the README's test command: {test}"


def test_workflow_runs_ci_then_builds_and_deploys_from_main_only():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    runs = [step.get("run", "") for step in jobs["test-and-build"]["steps"]]
    assert "bash .ci/run" in runs, "the workflow must run the tests through .ci/run"
    assert any("mkdocs build --strict" in run for run in runs)
    assert jobs["deploy"]["needs"] == "test-and-build"
    assert "refs/heads/main" in jobs["deploy"]["if"] and "pull_request" in jobs["deploy"]["if"]


def test_workflow_has_least_privilege_and_pinned_actions():
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    others = [name for name, job in workflow["jobs"].items() if name != "deploy" and "permissions" in job]
    assert not others, f"jobs that widen permissions: {others}"
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), (
        f"actions must be pinned to a full commit SHA: {uses}")
