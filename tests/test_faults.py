"""The site's own checks catch what they are for: each fault, made on purpose in a scratch copy
of the site (pytest's ``pytester``), fails exactly one test, with a message naming the file.
(The snippet harness's faults are tested on its fixture site: snippet_harness/tests/.)"""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = [
    "docs",
    "snippets",
    "source",
    "overrides",
    "mkdocs.yml",
    "pyproject.toml",
    "tests/conftest.py",
    "tests/test_pages.py",
    "tests/test_notebooks.py",
]

# fault: (file, text appended to it or None to delete it, the test that must fail, what it must say)
PAGE_FAULTS = {
    "included snippet deleted": (
        "snippets/matmul/bmm_vs_matmul.py",
        None,
        "test_site_builds_strictly",
        ["docs/matmul.md:", "matmul/bmm_vs_matmul.py 不存在", "最接近的文件"],
    ),
    "link to a missing page": (
        "docs/index.md",
        "\n[不存在的页面](missing.md)\n",
        "test_site_builds_strictly",
        ["docs/index.md:", "missing.md"],
    ),
    "formula that cannot be typeset": (
        "docs/backward.md",
        "\n\\(\\frac{1}{\\notacommand}\\)\n",
        "test_site_builds_strictly",
        ["docs/backward.md:", "无法排版公式", "notacommand"],
    ),
    "inline python block": (
        "docs/matmul_shapes.md",
        "\n```python\nprint('未经测试')\n```\n",
        "test_no_untested_code_on_page",
        ["页面上手写的 Python 代码", "docs/matmul_shapes.md:"],
    ),
    "snippet on no page": (
        "snippets/autograd/orphan.py",
        "print('没有页面引用我')\n",
        "test_every_snippet_is_on_a_page",
        ["snippets/autograd/orphan.py"],
    ),
    "settings of no example": (
        "snippets/matmul/examples.toml",
        "\n[renamed]\nrandom_numbers = true\n",
        "test_examples_settings_are_valid",
        ["snippets/matmul/examples.toml [renamed]"],
    ),
    "snippet breaks the next in the notebook": (
        "snippets/autograd/graph.py",
        "torch.set_grad_enabled(False)\n",
        "test_notebook_runs_like_the_page",
        ["docs/autograd.md 的笔记本"],
    ),
}
SITE_FAULTS = {  # apart: they need a site that builds, and the faults above break the build
    "script from another site": (
        "docs/matmul.md",
        '\n<script src="https://cdn.example.com/lib.js"></script>\n',
        "test_pages_run_only_the_sites_own_scripts",
        ["matmul/index.html：加载了脚本 https://cdn.example.com/lib.js"],
    ),
    "harness comment in an example": (
        "snippets/matmul_shapes/einsum.py",
        "# 随机数因设备而异\n",
        "test_no_harness_directive_in_what_readers_see",
        ["snippets/matmul_shapes/einsum.py:", "matmul_shapes/index.html", "matmul_shapes.ipynb"],
    ),
}


def failures_with(faults, pytester, *args):
    """Break a scratch copy with every fault, run pytest there on ``args``: {test: its failure}."""
    for name in COPIED:
        (pytester.path / name).parent.mkdir(exist_ok=True)
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, pytester.path / name)
    for path, text, _, _ in faults.values():
        if text is None:
            (pytester.path / path).unlink()
        else:
            with open(pytester.path / path, "a", encoding="utf-8") as f:
                f.write(text)
    report = pytester.path / "report.xml"
    pytester.runpytest_subprocess(*args, "-n", "0", "-p", "no:cacheprovider", f"--junitxml={report}", timeout=300)
    return {
        f"{case.get('classname')}::{case.get('name')}": failure.get("message", "") + (failure.text or "")
        for case in ET.parse(report).iter("testcase")
        for failure in case.iter("failure")
    }


def assert_each_caught_once(faults, failed, tests):
    """Each fault fails exactly one test, the one it belongs to; ``tests`` tests fail in all."""
    for fault, (_, _, test, texts) in faults.items():
        mine = [t for t, message in failed.items() if all(text in message for text in texts)]
        assert len(mine) == 1 and test in mine[0], f"{fault}：应当只让 {test} 失败一次并说 {texts}：\n{failed}"
    assert len(failed) == tests, f"还有别的失败：\n{failed}"


def test_each_page_fault_fails_one_test_once(pytester, monkeypatch):
    monkeypatch.setenv("NOTEBOOK_EXECUTE", "false")  # the notebook page's run is not what these test
    failed = failures_with(
        PAGE_FAULTS,
        pytester,
        "tests/test_pages.py",
        "tests/test_notebooks.py::test_notebook_runs_like_the_page[docs/autograd.md]",
    )
    assert_each_caught_once(PAGE_FAULTS, failed, tests=5)


def test_each_fault_of_a_built_site_fails_once(pytester, monkeypatch):
    monkeypatch.setenv("NOTEBOOK_EXECUTE", "false")
    assert_each_caught_once(SITE_FAULTS, failures_with(SITE_FAULTS, pytester, "tests/test_pages.py"), tests=2)


def test_a_misspelt_include_stops_the_build_in_a_few_lines(site_copy, tmp_path):
    """The strict build names the page, the line and the nearest file, without a traceback."""
    page = site_copy.docs / "autograd.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('--8<-- "autograd/graph.py"', '--8<-- "autograd/grap.py"', 1), encoding="utf-8")
    line = text[: text.index('--8<-- "autograd/graph.py"')].count("\n") + 1
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTEBOOK_EXECUTE": "false"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=site_copy.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = done.stdout + done.stderr
    assert done.returncode != 0, log
    assert (
        f"docs/autograd.md:{line}: 引用的文件 snippets/autograd/grap.py 不存在；最接近的文件：autograd/graph.py" in log
    ), log
    assert "Traceback" not in log and len(log.strip().splitlines()) <= 6, log
