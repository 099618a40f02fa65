"""How close the example harness runs to its physical limit.  Prints figures, asserts nothing.

    python benchmarks/snippets.py [--repeat 5] [--generated 100,200]

Every figure is the median of ``--repeat`` runs, all taken in this one invocation, the suite and
its floor in turns, so ratios compare like with like on a noisy machine:

- suite: ``pytest docs tests/test_examples.py::test_notebook`` (every page's code block, and
  the notebook page);
- floor: one process that imports what the examples import, then runs all their code back to
  back (no isolation, no output check, no pytest);
- per-example overhead: (suite - floor) / examples; the marginal overhead of one more example
  (the slope between consecutive sizes), which must not grow with their number; and the
  runner's own cost for an empty example (fork, pipes, wait), one and two at a time;
- scaling: the same in temporary copies holding ``--generated`` more examples on one page;
- the site's build time: cold (first build in a fresh copy) and warm (the next one);
- cores busy: CPU seconds / wall seconds of the suite (2.0 means both cores all the time).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from snippet_harness import runner as snippet_runner

ROOT = Path(__file__).resolve().parent.parent

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def copy_project(dest: Path) -> Path:
    """A scratch copy of the project's sources (no git, virtual environment or build output)."""
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "venv",
            "site",
            "__pycache__",
            ".pytest_cache",
            ".cache",
            "test-artifacts",
            "build",
            ".whl",
            "*.egg-info",
            ".ruff_cache",
        ),
    )
    return dest


FLOOR = textwrap.dedent("""
    import contextlib, importlib, io, os, sys, tempfile
    for name in {preload!r}:
        importlib.import_module(name)
    os.chdir(tempfile.mkdtemp())
    for path in sys.argv[1:]:
        source = open(path, encoding="utf-8").read()
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, path, "exec"), {{"__name__": "__main__"}})
""").format(preload=snippet_runner.PRELOAD)


def timed(cmd, cwd) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def suite_cmd():
    return [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "docs",
        "tests/test_examples.py::test_notebook",
    ]


def measure(root: Path, repeat: int) -> dict:
    """Suite and floor taken in turns, so that a slow spell of the machine hits both; the
    ratio and the overhead are medians of the pairs."""
    examples = [str(p) for p in sorted((root / "snippets").rglob("*.py"))]
    examples += [str(p) for p in sorted((root / "docs").rglob("*.py"))]
    pairs = [
        (timed(suite_cmd(), root), timed([sys.executable, "-c", FLOOR, *examples], root)[0]) for _ in range(repeat)
    ]
    median = statistics.median
    return {
        "n": len(examples),
        "suite": median(wall for (wall, _), _ in pairs),
        "cores": median(cpu / wall for (wall, cpu), _ in pairs),
        "floor": median(floor for _, floor in pairs),
        "ratio": median(wall / floor for (wall, _), floor in pairs),
        "excess": median(wall - floor for (wall, _), floor in pairs),
    }


def runner_overhead_ms(count: int) -> tuple[float, float]:
    """Wall time per empty example in the runner process the suite uses, its imports done:
    one at a time, then two at a time."""
    runner = snippet_runner.Runner()
    try:
        warm_up = runner.run({0: snippet_runner.Job("pass\n", "warm-up.py")})  # imports done
        assert warm_up[0].ok, warm_up
        jobs = {i: snippet_runner.Job("pass\n", f"empty{i}.py") for i in range(count)}
        costs = []
        for parallel in (1, 2):
            start = time.perf_counter()
            results = runner.run(jobs, parallel=parallel)
            assert all(r.ok for r in results.values())
            costs.append((time.perf_counter() - start) / count * 1000)
        return costs[0], costs[1]
    finally:
        runner.close()


def add_generated(root: Path, count: int) -> None:
    folder = root / "snippets" / "generated"
    folder.mkdir()
    fences = []
    for i in range(count):
        (folder / f"g{i:03d}.py").write_text(
            textwrap.dedent(f"""\
            import torch

            torch.manual_seed({i})
            w = torch.randn({i % 5 + 2}, {i % 3 + 1}, requires_grad=True)
            x = torch.randn({i % 3 + 1})
            loss = ((w @ x) ** 2).sum()
            loss.backward()
            print(tuple(w.grad.shape), torch.isfinite(w.grad).all().item())
            """),
            encoding="utf-8",
        )
        fences.append(
            f'```python title="snippets/generated/g{i:03d}.py"\n--8<-- "generated/g{i:03d}.py"\n```\n\n'
            f'```text title="输出"\n--8<-- "generated/g{i:03d}.out"\n```\n'
        )
    (root / "docs" / "generated.md").write_text("# 生成的示例\n\n" + "\n".join(fences), encoding="utf-8")
    subprocess.run(suite_cmd() + ["--regen-all"], cwd=root, env=ENV, check=True, stdout=subprocess.DEVNULL)


def build_times(root: Path) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", "site"]
    cold, _ = timed(cmd, root)
    warm, _ = timed(cmd, root)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--generated", default="100,200", metavar="N,N,...", help="放大副本的规模：各加多少个示例（默认 100,200）"
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.generated.split(",")]
    bare = statistics.median(timed([sys.executable, "-c", "import torch"], ROOT)[0] for _ in range(args.repeat))

    runs = [("本站", measure(ROOT, args.repeat))]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            scaled_root = copy_project(Path(tmp) / f"scaled{size}")
            add_generated(scaled_root, size)
            runs.append((f"另加 {size} 个生成的示例", measure(scaled_root, args.repeat)))
        cold, warm = build_times(copy_project(Path(tmp) / "build"))
    fork1, fork2 = runner_overhead_ms(100)

    print(
        f"机器：{os.cpu_count()} 个 CPU，Python {sys.version.split()[0]}；"
        f"{args.repeat} 次运行的中位数，都在这一次调用中测得"
    )
    print(f"单独 `python -c 'import torch'`           {bare:7.2f} 秒")
    for label, m in runs:
        print(f"[{label}：{m['n']} 个示例]")
        print(f"  示例测试（pytest）                     {m['suite']:7.2f} 秒   忙碌的核数 {m['cores']:.2f}")
        print(f"  下限（一个进程依次运行）               {m['floor']:7.2f} 秒")
        print(f"  测试 / 下限                            {m['ratio']:7.2f}    （目标 <= 1.5）")
        print(f"  每个示例的额外开销 (测试-下限)/n       {m['excess'] / m['n'] * 1000:7.1f} 毫秒（目标 <= 50）")
    # the overhead does not grow with the number of examples when this slope stays flat
    for (_, a), (_, b) in itertools.pairwise(runs):
        slope = (b["excess"] - a["excess"]) / (b["n"] - a["n"])
        print(f"边际开销，{a['n']} -> {b['n']} 个示例：每多一个示例 {slope * 1000:8.1f} 毫秒")
    print(f"运行器跑一个空示例的开销                 {fork1:7.1f} 毫秒（一次一个），{fork2:.1f} 毫秒（一次两个）")
    print(f"构建网站，冷 / 热                        {cold:7.2f} 秒 / {warm:.2f} 秒")


if __name__ == "__main__":
    main()
