"""Every file under snippets/, and every notebook page in docs/, runs and prints exactly the
output stored beside it.

Regenerate the stored outputs after a deliberate change with ``pytest --regen-all``.
"""

import pytest

from tests import docs_model

EXAMPLES = docs_model.example_files()


@pytest.mark.parametrize("snippet", EXAMPLES, ids=[docs_model.rel(s) for s in EXAMPLES])
def test_snippet_output(snippet, runs, file_regression):
    result = runs.check(snippet.read_text(encoding="utf-8"))
    name = docs_model.rel(snippet)
    assert result.stdout.strip(), f"{name} prints nothing: the page has no output to show"
    file_regression.check(result.stdout, fullpath=docs_model.output_file(snippet))
    for line, claim in docs_model.output_claims(snippet):
        assert claim in result.stdout, (
            f"{name}:{line}: the comment says the output is {claim!r}, "
            f"but the snippet printed:\n{result.stdout}"
        )
