"""Every file under snippets/, and every notebook page in docs/, runs and prints exactly the
output stored beside it.

Regenerate the stored outputs after a deliberate change with ``pytest --regen-all``.
Each example runs on CPU, and on CUDA too where torch can use it (see tests/harness.py).
"""

import pytest

from tests import device_outputs, docs_model

EXAMPLES = docs_model.example_files()


@pytest.mark.parametrize("snippet", EXAMPLES, ids=[docs_model.rel(s) for s in EXAMPLES])
def test_snippet_output(snippet, device, runs, file_regression):
    result = runs.check(snippet.read_text(encoding="utf-8"), device)
    name = docs_model.rel(snippet)
    assert result.stdout.strip(), f"{name} prints nothing: the page has no output to show"
    stored = docs_model.output_file(snippet)
    if device == "cpu":
        file_regression.check(result.stdout, fullpath=stored)
    else:
        diff = device_outputs.mismatch(
            stored.read_text(encoding="utf-8"), result.stdout,
            structure_only=device_outputs.device_dependent(snippet.read_text(encoding="utf-8")))
        assert diff is None, f"{name} on {device} differs from {docs_model.rel(stored)}:\n{diff}"
    printed = device_outputs.DEVICE_NOTE.sub("", result.stdout)
    for line, claim in docs_model.output_claims(snippet):
        assert claim in printed, (
            f"{name}:{line}: the comment says the output is {claim!r}, "
            f"but the snippet printed:\n{result.stdout}"
        )


def test_examples_on_cuda(runs):
    """Stands for the CUDA runs of every example: they are the ``[...-cuda]`` cases above,
    collected only where torch can use CUDA.  Here it says why they are absent."""
    if "cuda" not in runs.devices:
        pytest.skip(f"CUDA runs not asked for (--device {runs.explicit})")
    runs.require("cuda")
