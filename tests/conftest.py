"""Fixtures of the site's tests: the site model, the site built once per test session by
``mkdocs build --strict``, and the page notebooks, started early.

``test_site_builds_strictly`` (test_pages.py) reports a failed build, once; every test that needs
the built site is then skipped, pointing at it."""

import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

import site_model

SITE = site_model.load(Path(__file__).resolve().parent.parent)


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """(site directory, the finished ``mkdocs build --strict``)."""
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=SITE.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600, check=False)  # a failure: test_site_builds_strictly
    return out, done


@pytest.fixture(scope="session")
def site(build):
    out, done = build
    if done.returncode:
        pytest.skip("网站构建失败（原因见 test_site_builds_strictly）")
    return out


class StartedNotebooks:
    """Page notebooks executed in the background, two at a time, each once."""

    def __init__(self):
        self.pool, self.started = ThreadPoolExecutor(max_workers=2), {}

    def start(self, page: site_model.Page) -> Future:
        if page.src_uri not in self.started:
            from site_model import notebooks  # needs nbformat and jupytext, which the GPU check goes without

            nb = notebooks.page_notebook(page, SITE.snippets)
            self.started[page.src_uri] = self.pool.submit(notebooks.execute, nb, allow_errors=True)
        return self.started[page.src_uri]


NOTEBOOKS = StartedNotebooks()


@pytest.fixture(scope="session")
def started_notebooks() -> StartedNotebooks:
    return NOTEBOOKS


def pytest_collection_finish(session):
    """Start the notebooks that the selected tests run, so that their kernels run while the other
    tests do (test_notebooks.py: the tests parametrized by ``notebook_page``)."""
    for item in session.items:
        if "notebook_page" in getattr(getattr(item, "callspec", None), "params", {}):
            NOTEBOOKS.start(item.callspec.params["notebook_page"])
