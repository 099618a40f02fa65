"""The runner: examples stay isolated from each other, unseeded randomness shows, and a child
imports nothing the runner has not (so the cost of one more example cannot grow unseen)."""

import textwrap

from snippet_harness import runner


def test_examples_cannot_leak_state_into_each_other(harness):
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
    results = harness.run({"changes": runner.Job(changes, "changes.py"), "reads": runner.Job(reads, "reads.py")})
    assert results["changes"].ok and results["reads"].ok, results
    assert results["reads"].stdout == "torch.float32 True tensor([0.3333])\nTrue False error\n"


def test_unseeded_randomness_shows_up_as_a_changed_output(harness):
    job = runner.Job("import torch\nprint(torch.rand(3))\n", "unseeded.py")
    first, second = (harness.run({0: job})[0].stdout for _ in range(2))
    assert first != second


def test_an_empty_example_imports_nothing_new(harness):
    """The runner preloads what a child needs: an empty example's child imports no module, and an
    example that imports one is told apart (the check can fail)."""
    results = harness.run({0: runner.Job("pass\n", "empty.py"), 1: runner.Job("import mailbox\n", "imports.py")})
    empty, importing = results[0], results[1]
    assert empty.ok and importing.ok, (empty, importing)
    assert empty.imported == (), f"空示例的子进程导入了运行器没有预先导入的模块：{', '.join(empty.imported)}"
    assert "mailbox" in importing.imported
