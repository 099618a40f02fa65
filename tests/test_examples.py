"""The examples that are not a page's code block (page blocks are collected from docs/ by
pytest-markdown-docs; see snippet_harness/plugin.py): notebook pages, CUDA runs, and runs on
the other CPU code paths that Intel MKL and PyTorch can take."""

import pytest

from snippet_harness import compare, pages, plugin

needs_cuda = pytest.mark.skipif(bool(plugin.RUNS.cuda_problem()),
                                reason=f"no usable CUDA here: {plugin.RUNS.cuda_problem()}")


@pytest.mark.parametrize("example", pages.notebook_files(), ids=pages.rel)
def test_notebook(example, runs):
    runs.check(example)


@needs_cuda
@pytest.mark.parametrize("device", ["cuda"])
@pytest.mark.parametrize("example", pages.example_files(), ids=pages.rel)
def test_example_on_cuda(example, device, runs):
    """The stored (CPU) output, with CUDA as torch's default device (no example changes)."""
    runs.check(example, device)


# Environment variables, read when a process starts, that make Intel MKL (MKL_CBWR) and
# PyTorch's own vectorised kernels (ATEN_CPU_CAPABILITY) take another code path than the one
# they pick for this CPU (which the page blocks take).  The two are independent, so a run sets
# one of each.  MKL ignores a path the CPU lacks, and keeps its generic one on AMD CPUs.
CPU_CODE_PATHS = ["MKL_CBWR=COMPATIBLE ATEN_CPU_CAPABILITY=default",
                  "MKL_CBWR=AVX2 ATEN_CPU_CAPABILITY=avx2", "MKL_CBWR=AVX512"]


@pytest.mark.parametrize("setting", CPU_CODE_PATHS)
def test_outputs_hold_on_every_cpu_code_path(setting, runs):
    """Every example, run again by a runner process started with ``setting`` (at collection, so
    that it runs alongside the other tests), matches its stored output.  The numbers printed
    otherwise than stored are listed in test-artifacts/cpu-code-paths/<setting>.txt."""
    results = runs.elsewhere[setting].results()
    report, problems = [], []
    for example, result in results.items():
        stored, name = pages.output_file(example), pages.rel(example)
        plain = runs.result(example)  # on this CPU's own path: a failure there is reported there
        if not (plain.ok and stored.is_file()) or compare.mismatch(
                stored.read_text(encoding="utf-8"), plain.stdout, name=name):
            continue
        if not result.ok:
            problems.append(result.problem(name, runs.timeout))
        elif diff := compare.mismatch(stored.read_text(encoding="utf-8"), result.stdout, name=pages.rel(stored)):
            problems.append(diff)
        else:
            report += [f"{name}: {a} -> {b} (relative {rel:.1e})" for a, b, rel in
                       compare.number_differences(stored.read_text(encoding="utf-8"), result.stdout)]
    artifacts = pages.ROOT / "test-artifacts" / "cpu-code-paths"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"{setting.replace(' ', '_')}.txt").write_text(
        f"{setting}: numbers printed otherwise than stored\n" + "\n".join(report or ["none"]) + "\n",
        encoding="utf-8")
    assert not problems, f"with {setting} set:\n" + "\n".join(problems)
