"""Tests of the harness itself.  Each fault, made on purpose in a scratch copy of the project
(pytest's ``pytester``), must fail exactly one test, with a message naming the file; examples
must stay isolated from each other; the output comparison must tolerate float noise and
nothing else."""

import contextlib
import re
import shutil
import textwrap
import xml.etree.ElementTree as ET

import pytest

from snippet_harness import compare, pages, runner

ROOT = pages.ROOT
COPIED = ["docs", "snippets", "source", "snippet_harness", "hooks", "overrides", "mkdocs.yml",
          "pyproject.toml", "conftest.py", "tests/conftest.py", "tests/test_pages.py", "tests/test_notebooks.py"]


# fault: (file, text appended to it or None to delete it, the test that must fail, what it must say)
EXAMPLE_FAULTS = {
    "snippet raises": ("snippets/backward/basic.py", "raise ValueError('故意的错误')\n", "docs.backward",
                       ["docs/backward.md:45 shows snippets/backward/basic.py", "ValueError: 故意的错误"]),
    "stored output edited": ("snippets/matmul/table_rows.out", "被改动的一行\n", "docs.matmul",
                             ["snippets/matmul/table_rows.out", "+++ this run", "-被改动的一行"]),
    "snippet hangs": ("snippets/backward/accumulate.py", "import time\nwhile True:\n    time.sleep(1)\n",
                      "docs.backward", ["snippets/backward/accumulate.py: still running after 3 s; killed"]),
    "snippet warns about deprecation": ("snippets/matmul/same_as_matmul.py", "import warnings\nwarnings.warn("
                                        "'旧接口', DeprecationWarning)\n", "docs.matmul", ["DeprecationWarning: 旧接口"]),
    "expected warning absent": ("snippets/autograd/examples.toml", '\n[no_grad]\nexpected_warnings = ["UserWarning"]\n',
                                "docs.autograd", ["snippets/autograd/no_grad.py", "but no such warning was raised"]),
    "setting misspelt": ("snippets/autograd/examples.toml", "\n[retain_graph]\nrandom_number = true\n", "docs.autograd",
                         ["snippets/autograd/retain_graph.py", "snippets/autograd/examples.toml [retain_graph]: unknown keys ['random_number']"]),
    "syntax error": ("snippets/autograd/leaf.py", "print(\n", "docs.autograd",
                     ["snippets/autograd/leaf.py raised", 'File "snippets/autograd/leaf.py", line', "SyntaxError"]),
    "output not stored": ("snippets/autograd/vjp.out", None, "docs.autograd",
                          ["snippets/autograd/vjp.out does not exist", "pytest --regen-all -k vjp", "read it"]),
    "writes outside its directory": ("snippets/matmul_shapes/einsum.py", "open(__import__('tempfile').gettempdir()"
                                     " + '/../../leak.txt', 'a')\n", "docs.matmul_shapes",
                                     ["snippets/matmul_shapes/einsum.py", "writes outside its temporary directory"]),
    "stored picture stale": ("snippets/autograd/graph.svg", '<text x="0" y="0">旧的图</text>\n', "docs.autograd",
                             ["docs/autograd.md:21 shows snippets/autograd/graph.py", "snippets/autograd/graph.svg",
                              "-<text x=\"0\" y=\"0\">旧的图</text>"]),
    "prints more than a page shows": ("snippets/matmul_shapes/broadcast.py", "for i in range(10 ** 6):\n    print(i)\n",
                                      "docs.matmul_shapes", ["broadcast.py: prints", "a page can show at most 200 lines"]),
}
PAGE_FAULTS = {
    "included snippet deleted": ("snippets/matmul/bmm_vs_matmul.py", None, "test_site_builds_strictly",
                                 ["docs/matmul.md:", "matmul/bmm_vs_matmul.py"]),
    "link to a missing page": ("docs/index.md", "\n[不存在的页面](missing.md)\n", "test_site_builds_strictly",
                               ["docs/index.md:", "missing.md"]),
    "formula that cannot be typeset": ("docs/backward.md", "\n\\(\\frac{1}{\\notacommand}\\)\n",
                                       "test_site_builds_strictly",
                                       ["docs/backward.md:", "cannot typeset the formula", "notacommand"]),
    "inline python block": ("docs/matmul_shapes.md", "\n```python\nprint('未经测试')\n```\n",
                            "test_no_untested_code_on_page", ["Python code typed inline", "docs/matmul_shapes.md:"]),
    "snippet on no page": ("snippets/autograd/orphan.py", "print('没有页面引用我')\n",
                           "test_every_snippet_is_on_a_page", ["snippets/autograd/orphan.py"]),
    "settings of no example": ("snippets/matmul/examples.toml", "\n[renamed]\nrandom_numbers = true\n",
                               "test_examples_settings_are_valid", ["snippets/matmul/examples.toml [renamed]"]),
    "snippet breaks the next in the notebook": ("snippets/autograd/graph.py", "torch.set_grad_enabled(False)\n",
                                                "test_notebook_runs_like_the_page", ["docs/autograd.md 的笔记本"]),
}


def failures_with(faults, pytester, *args):
    """Break a scratch copy with every fault, run pytest there on ``args``: {test: its failure}."""
    for name in COPIED:
        (pytester.path / name).parent.mkdir(exist_ok=True)
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, pytester.path / name)
    for path, text, _, _ in faults.values():
        with open(pytester.path / path, "a", encoding="utf-8") if text else contextlib.nullcontext() as f:
            f.write(text) if text else (pytester.path / path).unlink()
    report = pytester.path / "report.xml"
    pytester.runpytest_subprocess(*args, "-p", "no:cacheprovider", f"--junitxml={report}", timeout=300)
    return {f"{case.get('classname')}::{case.get('name')}": failure.get("message", "") + (failure.text or "")
            for case in ET.parse(report).iter("testcase") for failure in case.iter("failure")}


def assert_each_caught_once(faults, failed, tests):
    """Each fault fails exactly one test, the one it belongs to; ``tests`` tests fail in all."""
    for fault, (_, _, test, texts) in faults.items():
        mine = [t for t, message in failed.items() if all(text in message for text in texts)]
        assert len(mine) == 1 and test in mine[0], f"{fault}: not one failure of {test} saying {texts}:\n{failed}"
    assert len(failed) == tests, f"other failures too:\n{failed}"


def test_each_example_fault_fails_its_page_block_once(pytester):
    failed = failures_with(EXAMPLE_FAULTS, pytester, "docs", "--snippet-timeout", "3")
    assert_each_caught_once(EXAMPLE_FAULTS, failed, tests=len(EXAMPLE_FAULTS))


def test_each_page_fault_fails_one_test_once(pytester, monkeypatch):
    monkeypatch.setenv("NOTEBOOK_EXECUTE", "false")  # the notebook's run is not what these test
    failed = failures_with(PAGE_FAULTS, pytester, "tests/test_pages.py",
                           "tests/test_notebooks.py::test_notebook_runs_like_the_page[docs/autograd.md]")
    assert_each_caught_once(PAGE_FAULTS, failed, tests=5)


SITE_FAULTS = {  # apart: they need a site that builds, and the faults above break the build
    "script from another site": ("docs/matmul.md", '\n<script src="https://cdn.example.com/lib.js"></script>\n',
                                 "test_pages_run_only_the_sites_own_scripts",
                                 ["matmul/index.html: loads the script https://cdn.example.com/lib.js"]),
    "harness comment in an example": ("snippets/matmul_shapes/einsum.py", "# 随机数因设备而异\n",
                                      "test_no_harness_directive_in_what_readers_see",
                                      ["snippets/matmul_shapes/einsum.py:", "matmul_shapes/index.html",
                                       "matmul_shapes.ipynb"]),
}


def test_each_fault_of_a_built_site_fails_once(pytester, monkeypatch):
    monkeypatch.setenv("NOTEBOOK_EXECUTE", "false")
    assert_each_caught_once(SITE_FAULTS, failures_with(SITE_FAULTS, pytester, "tests/test_pages.py"), tests=2)


def test_examples_cannot_leak_state_into_each_other(runs):
    changes = textwrap.dedent("""
        import os, warnings, torch
        torch.manual_seed(1)
        torch.set_default_dtype(torch.float64)
        torch.set_grad_enabled(False)
        torch.set_printoptions(precision=1)
        warnings.simplefilter("ignore")
        os.chdir("/")
        print("changed")
    """)
    reads = textwrap.dedent("""
        import os, warnings, torch
        print(torch.get_default_dtype(), torch.is_grad_enabled(), torch.tensor([1 / 3]))
        print(os.getcwd() != "/", "torch.manual_seed" in globals(), warnings.filters[0][0])
    """)
    results = runs.runner.run_many({"changes": runner.Job(changes, "changes.py"),
                                    "reads": runner.Job(reads, "reads.py")}, parallel=1)
    assert results["changes"].ok and results["reads"].ok, results
    assert results["reads"].stdout == "torch.float32 True tensor([0.3333])\nTrue False error\n"


def test_unseeded_randomness_shows_up_as_a_changed_output(runs):
    job = runner.Job("import torch\nprint(torch.rand(3))\n", "unseeded.py")
    first, second = (runs.runner.run_many({0: job})[0].stdout for _ in range(2))
    assert first != second


# (stored, a fresh run) pairs, from real outputs of this site's examples
WITHIN_NOISE = {
    "MKL's other code path (Intel pre-AVX2)": (
        "snippets/matmul/result_shape.out", "-2.045102596282959", "-2.045102834701538"),
    "a value on a rounding boundary": ("snippets/matmul/column_vectors.out", "-2.0451", "-2.0452"),
    "CUDA's annotation": ("snippets/backward/basic.out", "tensor([-6.])", "tensor([-6.], device='cuda:0')"),
}
REAL_CHANGES = {
    "a number 1 % off": ("snippets/matmul/result_shape.out", "-2.045102596282959", "-2.0655538"),
    "a number 1e-3 off": ("snippets/backward/train_loop.out", "16.6814", "16.6981"),
    "two units of the last digit": ("snippets/matmul/column_vectors.out", "-2.0451", "-2.0453"),
    "a changed word": ("snippets/backward/basic.out", "w.grad", "b.grad"),
    "a changed shape": ("snippets/matmul/result_shape.out", "torch.Size([1, 1])", "torch.Size([1, 2])"),
    "a changed boolean": ("snippets/matmul_shapes/einsum.out", "True", "False"),
    "a changed dtype": ("snippets/matmul_shapes/errors.out", "float32 @ float64", "float32 @ float16"),
    "a changed integer": ("snippets/backward/train_loop.out", "共 40 步", "共 41 步"),
    "another grad_fn": ("snippets/backward/basic.out", "grad_fn=<PowBackward0>", "grad_fn=<MulBackward0>"),
    "another error message": ("snippets/matmul_shapes/errors.out", "same dtype", "same shape"),
    "a line more": ("snippets/backward/basic.out", "\n", "\n\n"),
}


def edited(path, old, new):
    stored = (ROOT / path).read_text(encoding="utf-8")
    assert old in stored, f"{path} no longer shows {old!r}: pick another real pair"
    return stored, stored.replace(old, new, 1)


@pytest.mark.parametrize("pair", WITHIN_NOISE)
def test_outputs_within_float_noise_match(pair):
    path, old, new = WITHIN_NOISE[pair]
    stored, printed = edited(path, old, new)
    device = "cuda" if "cuda" in new else "cpu"
    assert compare.mismatch(stored, printed, name=path, device=device) is None


@pytest.mark.parametrize("change", REAL_CHANGES)
def test_real_changes_fail_naming_the_file(change):
    path, old, new = REAL_CHANGES[change]
    stored, printed = edited(path, old, new)
    for device in ("cpu", "cuda"):
        diff = compare.mismatch(stored, printed, name=path, device=device)
        assert diff and diff.startswith(f"{path}: the output differs"), f"{change} passed on {device}"


def test_device_dependent_examples_are_checked_for_structure():
    stored = "tensor([[-2.0451]]) torch.Size([1, 1])\n"
    structure = dict(name="x.out", device="cuda", structure_only=True)
    assert compare.mismatch(stored, "tensor([[0.7311]], device='cuda:0') torch.Size([1, 1])\n",
                                 **structure) is None
    assert compare.mismatch(stored, "tensor([[0.7311]]) torch.Size([2, 1])\n", **structure)
    assert pages.settings(ROOT / "snippets/matmul/column_vectors.py").random_numbers
    assert not pages.settings(ROOT / "snippets/matmul/same_as_matmul.py").random_numbers


def test_output_claims_are_compared_like_outputs():
    assert compare.claim_printed("tensor([-6.])", "w.grad: tensor([-6.0000001])\n")
    assert not compare.claim_printed("tensor([-6.])", "w.grad: tensor([-5.])\n")
    assert not compare.claim_printed("tensor([-6.])", "w.grad: tensor([-6., 1.])\n")


GRAPH = """import torch
w = torch.tensor([2.0], requires_grad=True)
x, y = torch.tensor([3.0]), torch.tensor([7.0])
loss = EXPRESSION
loss.backward()

def walk(fn):  # the traversal the picture must show: (node, the nodes next_functions gives)
    print(type(fn).__name__, *[type(c).__name__ for c, _ in fn.next_functions if c is not None])
    for c, _ in fn.next_functions:
        if c is not None:
            walk(c)

walk(loss.grad_fn)
"""


def drawn_graph(svg: str) -> list[str]:
    """The nodes of a graph picture, each with the nodes its arrows point to, read off the SVG."""
    boxes = [(float(x), float(y), float(w), float(h)) for x, y, w, h in
             re.findall(r'<rect[^>]* x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)]
    names = [name.split(" → ")[0] for name in re.findall(r'<text[^>]*font-weight="bold">([^<]*)</text>', svg)]
    arrows = [tuple(map(float, m)) for m in re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"', svg)]

    def box_at(px, py):
        return next(i for i, (x, y, w, h) in enumerate(boxes) if x <= px <= x + w and y - 3 <= py <= y + h + 3)
    targets = {i: [] for i in range(len(boxes))}
    for x1, y1, x2, y2 in arrows:
        targets[box_at(x1, y1)].append(names[box_at(x2, y2)])
    return [" ".join([names[i], *targets[i]]) for i in range(len(boxes))]


@pytest.mark.parametrize("expression", ["(w * x - y) ** 2", "(w * x + y) ** 3"])
def test_graph_pictures_show_the_real_graph(expression, runs):
    """The boxes and arrows of the picture are the example's real graph; another expression,
    another picture."""
    job = runner.Job(GRAPH.replace("EXPRESSION", expression), "graph.py", picture=("graph", "loss"))
    result = runs.runner.run_many({0: job})[0]
    assert result.ok and result.picture, result.problem("graph.py", 60)
    assert drawn_graph(result.picture) == result.stdout.splitlines()
    assert ("SubBackward0" in result.picture) == ("-" in expression)
    assert "梯度 -6" in result.picture or "-" not in expression  # the post's example: -6 flows into w


def test_matmul_pictures_show_the_real_shapes(runs):
    source = "import torch\nprint((torch.ones(3) @ torch.ones(2, 3, 4)).shape)\n"
    result = runs.runner.run_many({0: runner.Job(source, "shapes.py", picture=("matmul", ""))})[0]
    assert result.ok, result.problem("shapes.py", 60)
    assert "(3,) @ (2, 3, 4) → (2, 4)" in result.picture and result.stdout == "torch.Size([2, 4])\n"
    rows = re.findall(r'<text x="\d+" y="\d+" text-anchor="middle">(\d+)</text>', result.picture)
    assert rows == ["3", "1", "4", "3", "2", "4", "1", "2"]  # a as (1, 3); b (2, 3, 4); the result (2, 1, 4)
