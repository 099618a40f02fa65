"""The site, built once per test session by ``mkdocs build --strict``.

``test_site_builds_strictly`` (tests/test_pages.py) reports a failed build, once; every test
that needs the built site is then skipped, pointing at it."""

import os
import subprocess
import sys

import pytest

from snippet_harness import pages


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """(site directory, the finished ``mkdocs build --strict``)."""
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=pages.ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600)
    return out, done


@pytest.fixture(scope="session")
def site(build):
    out, done = build
    if done.returncode:
        pytest.skip("the site does not build (test_site_builds_strictly says why)")
    return out


def pytest_collection_finish(session):
    """Start the page notebooks that the selected tests run, so that their kernels run while
    the other tests do (tests/test_notebooks.py)."""
    for item in session.items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if "notebook_page" in params:
            item.module.start(params["notebook_page"])
