"""The layout of the code stays easy to see: dependencies run one way, nothing edits
``sys.path``, and ruff passes, as a formatter and as a linter (its rules in pyproject.toml)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ["site_model", "snippet_harness", "site_plugin", "site_import", "tests", "benchmarks", "scripts"]
# folder -> the project's packages its modules may import: tests -> harness -> model <- MkDocs plugin;
# the post importer (site_import) uses the harness and the model, and only the tests import it
# (the tests also read the plugin's notebook runner: they run the page notebooks the way a build does)
MAY_IMPORT = {
    "site_model": {"site_model"},
    "snippet_harness": {"site_model", "snippet_harness"},
    "site_plugin": {"site_model", "site_plugin"},
    "site_import": {"site_model", "snippet_harness", "site_import"},
    "tests": {"site_model", "snippet_harness", "site_plugin", "site_import"},
    "benchmarks": {"site_model", "snippet_harness"},
    "scripts": {"site_model", "snippet_harness"},
}


def modules() -> list[Path]:
    fixture = ROOT / "snippet_harness" / "tests" / "fixture_site"
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py") if not p.is_relative_to(fixture))


# the project's own top-level names; a test module is importable by its bare name only
# with its folder on sys.path, which edits_sys_path() catches
OURS = set(FOLDERS) | {"conftest"} | {p.stem for p in modules() if p.stem.startswith("test_")}
LOADERS = {"spec_from_file_location", "run_path", "SourceFileLoader", "addsitedir"}  # loading a file by its path


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) for each import; a relative import as ``.name``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def _is_sys_path(node) -> bool:
    """``sys.path``, ``sys.path[...]``, or a name imported with ``from sys import path``."""
    node = node.value if isinstance(node, ast.Subscript) else node
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "path"
        and getattr(node.value, "id", "") == "sys"
        or isinstance(node, ast.Name)
        and node.id == "path"
    )


def edits_sys_path(tree: ast.AST) -> list[int]:
    """Lines that change ``sys.path`` (insert, append, extend, assignment) or load a module from a
    file by its path (``importlib.util.spec_from_file_location``, ``runpy.run_path``...)."""
    from_sys = any(
        isinstance(n, ast.ImportFrom) and n.module == "sys" and any(a.name == "path" for a in n.names)
        for n in ast.walk(tree)
    )
    lines = []
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        calls = (
            isinstance(func, ast.Attribute)
            and (
                _is_sys_path(func.value)
                and (from_sys or not isinstance(func.value, ast.Name))
                and func.attr in ("insert", "append", "extend")
                or func.attr in LOADERS
            )
            or isinstance(func, ast.Name)
            and func.id in LOADERS
        )
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        )
        if calls or any(_is_sys_path(t) and not isinstance(t, ast.Name) for t in targets):
            lines.append(node.lineno)
    return lines


def wrong_way(name: str, folder: str, source: str) -> list[str]:
    """What a module ``name`` in ``folder`` does against the direction of the dependencies."""
    tree, allowed, problems = ast.parse(source), MAY_IMPORT[folder], []
    for line, module in imported(tree):
        top = module.split(".")[0]
        if module.startswith((".", "snippet_harness.tests")) or top in OURS and top not in allowed:
            problems.append(f"{name}:{line}: 导入了 {module}（{folder} 只能导入 {', '.join(sorted(allowed))}）")
    return problems + [
        f"{name}:{line}: 修改了 sys.path 或按文件路径加载模块（工具是安装好的包，不需要）"
        for line in edits_sys_path(tree)
    ]


def test_dependencies_run_one_way():
    """Tests ask the harness, the model and the plugin's notebook runner; the harness and the plugin
    ask the model; nothing imports a test module, and nothing edits sys.path (the tooling is installed)."""
    problems = [
        p
        for path in modules()
        for p in wrong_way(
            path.relative_to(ROOT).as_posix(), path.relative_to(ROOT).parts[0], path.read_text(encoding="utf-8")
        )
    ]
    assert not problems, "依赖方向不对：\n" + "\n".join(problems)


WRONG_WAYS = {  # source, the folder it is in: each must be reported
    "the MkDocs plugin imports the harness": ("from snippet_harness import runner\n", "site_plugin"),
    "the model imports the MkDocs plugin": ("import site_plugin.markup\n", "site_model"),
    "the model imports the harness": ("import snippet_harness.compare\n", "site_model"),
    "the harness imports a test": ("from snippet_harness.tests import test_faults\n", "snippet_harness"),
    "a test imports another": ("import test_pages\n", "tests"),
    "a relative import": ("from . import conftest\n", "tests"),
    "sys.path.insert": ("import sys\nsys.path.insert(0, 'docs')\n", "tests"),
    "sys.path[:0] =": ("import sys\nsys.path[:0] = ['docs']\n", "tests"),
    "from sys import path": ("from sys import path\npath.append('docs')\n", "tests"),
    "a module loaded by its path": (
        "import importlib.util\nimportlib.util.spec_from_file_location('n', 'docs/n.py')\n",
        "tests",
    ),
}


def test_the_direction_check_catches_each_wrong_way():
    missed = [case for case, (source, folder) in WRONG_WAYS.items() if not wrong_way("x.py", folder, source)]
    assert not missed, f"依赖方向检查漏掉了：{missed}"
    assert not wrong_way("x.py", "tests", "import math\nimport sys\nfrom pathlib import Path\n")


def test_ruff_passes():
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "."],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"ruff {' '.join(command)}（规则见 pyproject.toml）：\n{done.stdout}{done.stderr}"
