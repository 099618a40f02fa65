"""Fixtures shared by the test modules."""

import os
import subprocess
import sys

import pytest

from tests import docs_model


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site built by ``mkdocs build --strict``, once per test session."""
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=docs_model.ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
    return out
