"""Every file under snippets/, and every notebook page in docs/, runs and prints the output
stored beside it (within float noise: see tests/output_check.py), on CPU, on CUDA where torch
can use it, and on every CPU code path that Intel MKL and PyTorch can pick.

Regenerate the stored outputs after a deliberate change with ``pytest --regen-all``: it
rewrites only the files whose output really changed (see tests/harness.py).
"""

import pytest

from tests import docs_model, output_check, snippet_runner

EXAMPLES = docs_model.example_files()


def stored_mismatch(snippet, printed, device="cpu"):
    """The diff between ``printed`` and the output stored for ``snippet``, or None."""
    stored = docs_model.output_file(snippet)
    return output_check.mismatch(
        stored.read_text(encoding="utf-8"), printed, name=docs_model.rel(stored), device=device,
        structure_only=device != "cpu" and output_check.device_dependent(snippet.read_text(encoding="utf-8")))


def _fails_with(diff):
    def check(obtained, expected):
        raise AssertionError(diff)  # what pytest-regressions' --force-regen acts on
    return check


@pytest.mark.parametrize("snippet", EXAMPLES, ids=[docs_model.rel(s) for s in EXAMPLES])
def test_snippet_output(snippet, device, runs, file_regression):
    result = runs.check(snippet.read_text(encoding="utf-8"), device)
    name = docs_model.rel(snippet)
    assert result.stdout.strip(), f"{name} prints nothing: the page has no output to show"
    stored = docs_model.output_file(snippet)
    # a run within float noise of the stored output leaves the file as it is, even under
    # --regen-all; otherwise pytest-regressions fails with the diff, or rewrites the file
    diff = stored_mismatch(snippet, result.stdout, device) if stored.is_file() else "no stored output"
    if diff:
        if device != "cpu":
            pytest.fail(diff, pytrace=False)
        file_regression.check(result.stdout, fullpath=stored, check_fn=_fails_with(diff))
    for line, claim in docs_model.output_claims(snippet):
        assert output_check.claim_printed(claim, result.stdout), (
            f"{name}:{line}: the comment says the output is {claim!r}, "
            f"but the snippet printed:\n{result.stdout}"
        )


# Environment variables, read when a process starts, that make Intel MKL (MKL_CBWR) and
# PyTorch's own vectorised kernels (ATEN_CPU_CAPABILITY) take another code path than the one
# they pick for this CPU (which the runs above take).  The two are independent, so each run
# sets one of each; MKL ignores a path the CPU lacks, and keeps its generic one on AMD CPUs.
CPU_CODE_PATHS = ["MKL_CBWR=COMPATIBLE ATEN_CPU_CAPABILITY=default",
                  "MKL_CBWR=AVX2 ATEN_CPU_CAPABILITY=avx2",
                  "MKL_CBWR=AVX512"]


@pytest.mark.parametrize("setting", CPU_CODE_PATHS)
def test_outputs_hold_on_every_cpu_code_path(setting, runs):
    """Every example, run again in a runner process started with ``setting``, matches its
    stored output.  The numbers printed otherwise than stored are listed in
    test-artifacts/cpu-code-paths/<setting>.txt."""
    if runs.regenerating:
        pytest.skip("outputs are being regenerated")
    runner = snippet_runner.RunnerProcess(env=dict(v.split("=") for v in setting.split()))
    try:
        jobs = {s: snippet_runner.Job(s.read_text(encoding="utf-8"), docs_model.rel(s)) for s in EXAMPLES}
        results = runner.run_many(jobs, timeout=runs.timeout, parallel=runs.parallel)
    finally:
        runner.close()
    report, problems = [], []
    for snippet, result in results.items():
        plain = runs.collected_run(snippet.read_text(encoding="utf-8"))
        if plain and (not plain.ok or stored_mismatch(snippet, plain.stdout)):
            continue  # test_snippet_output reports it
        if not result.ok:
            problems.append(result.problem(docs_model.rel(snippet), runs.timeout))
        elif diff := stored_mismatch(snippet, result.stdout):
            problems.append(diff)
        else:
            stored = docs_model.output_file(snippet).read_text(encoding="utf-8")
            report += [f"{docs_model.rel(snippet)}: {a} -> {b} (relative {rel:.1e})"
                       for a, b, rel in output_check.number_differences(stored, result.stdout)]
    artifacts = docs_model.ROOT / "test-artifacts" / "cpu-code-paths"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"{setting.replace(' ', '_')}.txt").write_text(
        f"{setting}: numbers printed otherwise than stored\n" + "\n".join(report or ["none"]) + "\n",
        encoding="utf-8")
    assert not problems, f"with {setting} set:\n" + "\n".join(problems)


def test_examples_on_cuda(runs):
    """Stands for the CUDA runs of every example: they are the ``[...-cuda]`` cases above,
    collected only where torch can use CUDA.  Here it says why they are absent."""
    if "cuda" not in runs.devices:
        pytest.skip(f"CUDA runs not asked for (--device {runs.explicit})")
    runs.require("cuda")
