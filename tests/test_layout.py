"""The layout of the code stays easy to see: dependencies run one way, nothing edits
``sys.path``, ruff passes (its rules in pyproject.toml), and modules stay short."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ["site_model", "snippet_harness", "hooks", "tests", "benchmarks", "scripts"]
# folder -> the project's packages its modules may import: tests -> harness -> model <- hooks
MAY_IMPORT = {"site_model": {"site_model"}, "snippet_harness": {"site_model", "snippet_harness"},
              "hooks": {"site_model"}, "tests": {"site_model", "snippet_harness"},
              "benchmarks": {"site_model", "snippet_harness"}, "scripts": {"site_model", "snippet_harness"}}
MAX_LINES = {"hooks": 60}  # a hook past that belongs in the model or a plugin
MAX_MODULE_LINES = 250


def modules() -> list[Path]:
    fixture = ROOT / "snippet_harness" / "tests" / "site"
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py") if not p.is_relative_to(fixture))


OURS = set(FOLDERS) | {p.stem for p in modules() if p.parent.name in ("hooks", "tests")}


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) for each import; a relative import as ``.name``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def edits_sys_path(tree: ast.AST) -> list[int]:
    """Lines that change ``sys.path`` (insert, append, extend, assignment) or call ``site.addsitedir``."""
    def is_sys_path(node):
        return isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", "") == "sys"
    lines = []
    for node in ast.walk(tree):
        calls = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
            is_sys_path(node.func.value) and node.func.attr in ("insert", "append", "extend")
            or node.func.attr == "addsitedir")
        assigns = isinstance(node, (ast.Assign, ast.AugAssign)) and any(
            is_sys_path(t) for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))
        if calls or assigns:
            lines.append(node.lineno)
    return lines


def test_dependencies_run_one_way():
    """Tests ask the harness and the model, the harness and the hooks ask the model; nothing
    imports a test module or a hook, and nothing edits sys.path (the tooling is installed)."""
    problems = []
    for path in modules():
        name, tree = path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))
        allowed = MAY_IMPORT[path.relative_to(ROOT).parts[0]]
        for line, module in imported(tree):
            top = module.split(".")[0]
            if module.startswith((".", "snippet_harness.tests")) or top in OURS and top not in allowed:
                problems.append(f"{name}:{line}: 导入了 {module}（{path.relative_to(ROOT).parts[0]} 只能导入 "
                                f"{', '.join(sorted(allowed))}）")
        problems += [f"{name}:{line}: 修改了 sys.path（工具是安装好的包，不需要）" for line in edits_sys_path(tree)]
    assert not problems, "依赖方向不对：\n" + "\n".join(problems)


def test_ruff_passes():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"ruff（规则见 pyproject.toml）：\n{done.stdout}{done.stderr}"


def test_modules_stay_short():
    long = []
    for path in modules():
        folder, lines = path.relative_to(ROOT).parts[0], path.read_text(encoding="utf-8").count("\n")
        limit = MAX_LINES.get(folder, MAX_MODULE_LINES)
        if lines > limit:
            long.append(f"{path.relative_to(ROOT).as_posix()}: {lines} 行，上限 {limit}")
    assert not long, "太长的模块（拆开，或把逻辑移进 site_model / 插件）：\n" + "\n".join(long)
