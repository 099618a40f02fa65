"""The examples that are not a page's block (those are collected from docs/ by the snippet
harness's plugin): notebook pages, CUDA runs, and runs on the other CPU code paths that Intel
MKL and PyTorch can take."""

from pathlib import Path

import pytest

import site_model
from site_model import config
from snippet_harness import compare

SITE = site_model.load(Path(__file__).resolve().parents[1])


NOTEBOOK_PAGES = [SITE.example(p) for p in SITE.notebook_pages]


@pytest.mark.parametrize("example", [pytest.param(e, marks=pytest.mark.examples(e), id=e.name) for e in NOTEBOOK_PAGES])
def test_notebook(example, harness):
    harness.check(example)


@pytest.mark.parametrize(
    "example", [pytest.param(e, marks=pytest.mark.examples(e, device="cuda"), id=e.name) for e in SITE.examples]
)
def test_example_on_cuda(example, harness):
    """The stored (CPU) output, with CUDA as torch's default device (no example changes)."""
    if problem := harness.cuda_problem():
        pytest.skip(f"这里没有可用的 CUDA：{problem}")
    harness.check(example, "cuda")


# Environment variables, read when a process starts, that make Intel MKL (MKL_CBWR) and
# PyTorch's own vectorised kernels (ATEN_CPU_CAPABILITY) take another code path than the one
# they pick for this CPU (which the page blocks take).  The two are independent, so a run sets
# one of each.  MKL ignores a path the CPU lacks, and keeps its generic one on AMD CPUs.
CPU_CODE_PATHS = [
    "MKL_CBWR=COMPATIBLE ATEN_CPU_CAPABILITY=default",
    "MKL_CBWR=AVX2 ATEN_CPU_CAPABILITY=avx2",
    "MKL_CBWR=AVX512",
]


def environment(setting: str) -> dict[str, str]:
    return dict(pair.split("=") for pair in setting.split())


@pytest.mark.parametrize(
    "setting", [pytest.param(s, marks=pytest.mark.examples(*SITE.examples, env=environment(s))) for s in CPU_CODE_PATHS]
)
def test_outputs_hold_on_every_cpu_code_path(setting, harness):
    """Every example, run again by a runner process started with ``setting`` (at collection, so
    that it runs alongside the other tests; in a pytest-xdist worker, when this test starts), matches
    its stored output.  The numbers printed
    otherwise than stored are listed in test-artifacts/cpu-code-paths/<setting>.txt."""
    report, problems = [], []
    for example, result in harness.results_under(environment(setting)).items():
        output = example.output_on(config.torch_version(), SITE.pinned_torch)
        if not output.is_file():
            continue
        stored = output.read_text(encoding="utf-8")
        diff = compare.difference(stored, result.stdout, name=SITE.rel(output)) if result.ok else None
        if result.ok and not diff:
            report += [
                f"{example.name}: {a} -> {b} (相对差 {rel:.1e})"
                for a, b, rel in compare.number_differences(stored, result.stdout)
            ]
            continue
        plain = harness.result(example)  # on this CPU's own path: a failure there is reported there
        if plain.ok and not compare.difference(stored, plain.stdout, name=example.name):
            problems.append(str(diff) if diff else result.problem(example.name, harness.timeout))
    artifacts = SITE.root / "test-artifacts" / "cpu-code-paths"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"{setting.replace(' ', '_')}.txt").write_text(
        f"{setting}：与存储值写法不同的数字\n" + "\n".join(report or ["没有"]) + "\n", encoding="utf-8"
    )
    assert not problems, f"设置 {setting} 时：\n" + "\n".join(problems)
