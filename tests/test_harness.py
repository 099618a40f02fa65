"""Tests of the harness itself: each fault, made on purpose in a temporary copy of the
project, must make the test command fail with a message naming the faulty file; and the
runner must isolate examples from each other."""

import concurrent.futures
import os
import subprocess
import sys
import textwrap

import pytest

from tests import docs_model, output_check, snippet_runner

ROOT = docs_model.ROOT


def append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def edit_output(root):
    out = root / "snippets/matmul/table_rows.out"
    out.write_text("被改动的一行\n" + out.read_text(encoding="utf-8"), encoding="utf-8")


def new_orphan(root):
    (root / "snippets/matmul/orphan.py").write_text('print("没有页面引用我")\n', encoding="utf-8")
    (root / "snippets/matmul/orphan.out").write_text("没有页面引用我\n", encoding="utf-8")


# name: (how to break the copy, what the failure output must contain)
FAULTS = {
    "snippet raises": (
        lambda r: append(r / "snippets/backward/basic.py", "raise ValueError('故意的错误')\n"),
        ["snippets/backward/basic.py", "ValueError: 故意的错误"]),
    "stored output edited": (edit_output, ["snippets/matmul/table_rows.out"]),
    "included snippet deleted": (
        lambda r: (r / "snippets/matmul/bmm_vs_matmul.py").unlink(),
        ["docs/matmul.md", "snippets/matmul/bmm_vs_matmul.py"]),
    "inline python fence": (
        lambda r: append(r / "docs/matmul.md", "\n```python\nprint('未经测试')\n```\n"),
        ["Python code typed inline", "docs/matmul.md:"]),
    "snippet on no page": (new_orphan, ["snippets/matmul/orphan.py"]),
    "snippet sleeps forever": (
        lambda r: append(r / "snippets/backward/accumulate.py",
                         "import time\nwhile True:\n    time.sleep(1)\n"),
        ["snippets/backward/accumulate.py", "killed"]),
    "snippet warns about deprecation": (
        lambda r: append(r / "snippets/matmul/same_as_matmul.py",
                         "import warnings\nwarnings.warn('旧接口', DeprecationWarning)\n"),
        ["snippets/matmul/same_as_matmul.py", "DeprecationWarning: 旧接口"]),
    "link to a missing page": (
        lambda r: append(r / "docs/index.md", "\n[不存在的页面](missing.md)\n"),
        ["index.md", "missing.md"]),
}


def run_suite_on_broken_copy(name, base):
    break_it, _ = FAULTS[name]
    root = base / name.replace(" ", "-")
    docs_model.copy_project(root)
    break_it(root)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--snippet-timeout", "5", "--snippet-jobs", "1",
         # not this module (recursion), nor the browser tests: no fault here needs a browser,
         # nor the reruns on other CPU code paths: the plain run reports each fault
         "--ignore=tests/test_harness.py", "--ignore=tests/test_browser.py",
         "--deselect=tests/test_snippets.py::test_outputs_hold_on_every_cpu_code_path"],
        cwd=root, capture_output=True, text=True, timeout=600,
        # the notebook still runs as an example there; executing it again in the build
        # would only slow the copies down
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTEBOOK_EXECUTE": "false"},
    )


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("broken")
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {name: pool.submit(run_suite_on_broken_copy, name, base) for name in FAULTS}
        return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_the_suite_naming_the_file(fault, broken_runs):
    done = broken_runs[fault]
    output = done.stdout + done.stderr
    assert done.returncode != 0, f"the suite passed despite: {fault}\n{output[-3000:]}"
    missing = [text for text in FAULTS[fault][1] if text not in output]
    assert not missing, f"failure output lacks {missing}:\n{output[-5000:]}"


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
    results = runs.runner.run_many(
        {"changes": snippet_runner.Job(changes, "changes.py"),
         "reads": snippet_runner.Job(reads, "reads.py")}, parallel=1)
    assert results["changes"].ok and results["reads"].ok, results
    assert results["reads"].stdout == "torch.float32 True tensor([0.3333])\nTrue False error\n"


def test_example_with_a_new_import_runs_once_from_the_start(runs):
    """An example that imports a module the runner has not loaded moves to the late tier:
    what it printed before that import must not show up twice, nor its caught ImportError
    be skipped, nor a hang there go unnoticed."""
    jobs = {
        "late": snippet_runner.Job(
            "print('before')\nimport matplotlib.pyplot, torch._dynamo\nprint('after')\n", "late.py"),
        "caught": snippet_runner.Job(
            "try:\n    import no_such_module_here\nexcept ImportError:\n    print('absent')\n",
            "caught.py"),
        "hangs": snippet_runner.Job(
            "import colorsys, fractions, sympy\nwhile True:\n    pass\n", "hangs.py"),
        "early": snippet_runner.Job("import torch\nprint(torch.ones(2).sum().item())\n", "early.py"),
    }
    results = runs.runner.run_many(jobs, timeout=5, parallel=2)
    assert (results["late"].stdout, results["late"].ok) == ("before\nafter\n", True), results["late"]
    assert (results["caught"].stdout, results["caught"].ok) == ("absent\n", True), results["caught"]
    assert results["hangs"].timed_out, results["hangs"]
    assert (results["early"].stdout, results["early"].ok) == ("2.0\n", True), results["early"]


def test_unseeded_randomness_shows_up_as_a_changed_output(runs):
    job = snippet_runner.Job("import torch\nprint(torch.rand(3))\n", "unseeded.py")
    first, second = (runs.runner.run_one(job).stdout for _ in range(2))
    assert first != second


def test_declared_warning_must_happen(runs):
    job = snippet_runner.Job("# 预期警告: UserWarning\nprint('no warning here')\n", "quiet.py")
    result = runs.runner.run_one(job)
    assert not result.ok and "no such warning was raised" in result.stderr


# (stored, a fresh run) pairs, from real outputs of this site's examples
WITHIN_NOISE = {
    "MKL's other code path (Intel AVX2/AVX-512)": (
        "snippets/matmul/result_shape.out", "-2.045102834701538", "-2.045102596282959"),
    "a value on a rounding boundary": ("snippets/matmul/column_vectors.out", "-2.0451", "-2.0452"),
    "CUDA's annotation": ("snippets/backward/basic.out", "tensor([-6.])", "tensor([-6.], device='cuda:0')"),
}
REAL_CHANGES = {
    "a number 1 % off": ("snippets/matmul/result_shape.out", "-2.045102834701538", "-2.0655538"),
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
    assert output_check.mismatch(stored, printed, name=path, device=device) is None


@pytest.mark.parametrize("change", REAL_CHANGES)
def test_real_changes_fail_naming_the_file(change):
    path, old, new = REAL_CHANGES[change]
    stored, printed = edited(path, old, new)
    for device in ("cpu", "cuda"):
        diff = output_check.mismatch(stored, printed, name=path, device=device)
        assert diff and diff.startswith(f"{path}: the output differs"), f"{change} passed on {device}"


def test_device_dependent_examples_are_checked_for_structure():
    stored = "tensor([[-2.0451]]) torch.Size([1, 1])\n"
    structure = dict(name="x.out", device="cuda", structure_only=True)
    assert output_check.mismatch(stored, "tensor([[0.7311]], device='cuda:0') torch.Size([1, 1])\n",
                                 **structure) is None
    assert output_check.mismatch(stored, "tensor([[0.7311]]) torch.Size([2, 1])\n", **structure)
    assert output_check.device_dependent("import torch\n# 随机数因设备而异\ntorch.manual_seed(0)\n")


def test_output_claims_are_compared_like_outputs():
    assert output_check.claim_printed("tensor([-6.])", "w.grad: tensor([-6.0000001])\n")
    assert not output_check.claim_printed("tensor([-6.])", "w.grad: tensor([-5.])\n")
    assert not output_check.claim_printed("tensor([-6.])", "w.grad: tensor([-6., 1.])\n")
