"""The runner: examples stay isolated from each other, unseeded randomness shows, and a child
imports nothing the runner has not (so the cost of one more example cannot grow unseen)."""

import socket
import textwrap
import uuid

import pytest

from snippet_harness import box, runner


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


def _listening() -> socket.socket:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    return server


def _in_python(code: str) -> str:
    """A line of an example that runs ``code`` in another Python process (which has no audit hook)."""
    return f"subprocess.run([sys.executable, '-c', {code!r}])"


def test_nothing_an_example_runs_writes_outside_its_folder_or_reaches_the_network(harness, tmp_path):
    """The kernel's box (box.py) holds for torch's C++ writers, os.system, subprocesses and sockets;
    each attempt fails its run and is named with the example's line."""
    outside = tmp_path / uuid.uuid4().hex  # a folder the examples must not touch, as /tmp is
    outside.mkdir()
    server = _listening()
    port = server.getsockname()[1]
    tries = {
        "torch.save": ("denied", f"torch.save(torch.ones(2), {str(outside / 'save.pt')!r})"),
        "torch.jit.save": (
            "denied",  # torch.jit.script warns that it is deprecated
            f"warnings.simplefilter('ignore'); torch.jit.save(torch.jit.script(model), {str(outside / 'j')!r})",
        ),
        "os.system": ("spawn", f"os.system('touch {outside / 'system'}')"),
        "subprocess": ("spawn", f"subprocess.run(['touch', {str(outside / 'run')!r}])"),
        "python subprocess": ("spawn", _in_python(f"open({str(outside / 'py')!r}, 'w')")),
        "socket": ("net", f"socket.create_connection(('127.0.0.1', {port}), timeout=5)"),
        "socket in a subprocess": (
            "spawn",
            _in_python(f"import socket; socket.create_connection(('127.0.0.1', {port}))"),
        ),
    }
    head = "import os, socket, subprocess, sys, warnings\nimport torch; model = torch.nn.Linear(1, 1)\n"
    jobs = {name: runner.Job(f"{head}{code}\n", f"{name}.py") for name, (_, code) in tries.items()}
    try:
        results = harness.run(jobs)
        with pytest.raises(BlockingIOError):
            server.accept()  # no connection reached it
    finally:
        server.close()
    assert list(outside.iterdir()) == []
    for name, (kind, _) in tries.items():
        result = results[name]
        assert not result.ok, (name, result)
        assert [(e.kind, e.line) for e in result.escapes] == [(kind, 3)], (name, result.escapes)
        problem = result.problem(name, 60)
        assert f"{name} 越出了它的隔离：\n  第 3 行：" in problem, problem
        if kind == "spawn":
            assert "Permission denied" in result.stderr or "PermissionError" in result.stderr, (name, result.stderr)
    assert f"联网被拒绝：127.0.0.1:{port}" in results["socket"].problem("socket", 60)
    assert f"运行了别的程序：touch {outside / 'system'}" in results["os.system"].problem("os.system", 60)


def test_an_example_still_writes_and_runs_programs_inside_its_own_folder(harness):
    code = textwrap.dedent("""
        import os, subprocess, torch
        torch.save(torch.ones(2), "saved.pt")
        os.system("touch by_system")
        subprocess.run(["touch", "by_subprocess"], check=True, stdout=subprocess.DEVNULL)
        print(sorted(os.listdir()), torch.load("saved.pt").sum().item())
    """)
    result = harness.run({0: runner.Job(code, "inside.py")})[0]
    assert result.ok, result
    assert result.stdout == "['by_subprocess', 'by_system', 'saved.pt'] 2.0\n"
    assert [e.kind for e in result.escapes] == ["spawn", "spawn"]  # noted, not refused


def test_the_box_is_on_here_and_only_an_explicit_setting_turns_it_off(tmp_path):
    assert box.problem() is None, box.problem()
    assert "没有 Landlock" in box.problem(0) and f"{box.OFF}=off" in box.problem(0)
    assert "不能限制联网" in box.problem(3) and box.problem(box.NEEDED_ABI) is None
    target = tmp_path / "unboxed"
    unboxed = runner.Runner(env={box.OFF: "off"})
    try:
        result = unboxed.run({0: runner.Job(f"import os\nos.system('touch {target}')\n", "unboxed.py")})[0]
    finally:
        unboxed.close()
    assert result.ok and target.exists(), result


def test_an_example_may_load_data_with_worker_processes(harness):
    # multiprocessing's locks and queues are POSIX semaphores, files the kernel keeps under /dev/shm
    code = textwrap.dedent("""
        import torch
        from torch.utils.data import DataLoader, TensorDataset
        data = TensorDataset(torch.arange(8.0).reshape(4, 2), torch.arange(4))
        loader = DataLoader(data, batch_size=2, num_workers=2)
        print([y.tolist() for _, y in loader])
    """)
    result = harness.run({0: runner.Job(code, "workers.py")})[0]
    assert result.ok, result
    assert result.stdout == "[[0, 1], [2, 3]]\n"
