"""pytest plugin (loaded by the root conftest.py) that runs every example once, isolated.

- Test items that run code (``tests/test_snippets.py`` for each snippet file, and
  pytest-markdown-docs for each Python fence of each page, with includes expanded) only
  *register* the code they need at collection time.  The first of them to ask for a result
  runs all registered code at once, in forked children of this process (see
  ``snippet_runner``), so torch is imported once and both cores are used.
- A page fence whose expanded code is exactly a snippet file's code is the same run, not a
  second one: it is reported against the snippet file, whose line numbers it keeps.
"""

from __future__ import annotations

import os

import pytest
from pytest_markdown_docs._runners import _Runner, register_runner
from pytest_markdown_docs.plugin import MarkdownInlinePythonItem

from tests import docs_model, snippet_runner


def pytest_addoption(parser):
    group = parser.getgroup("snippets", "running the site's code examples")
    group.addoption("--snippet-timeout", type=float, default=60.0, metavar="SECONDS",
                    help="kill and fail an example still running after this long (default 60)")
    group.addoption("--snippet-jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="examples run at once (default: the number of CPUs)")


class Runs:
    """Code registered by the collected items, run all together on first demand."""

    def __init__(self, config):
        self.timeout = config.getoption("snippet_timeout")
        self.parallel = config.getoption("snippet_jobs")
        # pytest-regressions' flags that rewrite the stored outputs
        self.regenerating = config.getoption("regen_all") or config.getoption("force_regen")
        self.jobs: dict[str, snippet_runner.Job] = {}
        self.results: dict[str, snippet_runner.Result] | None = None

    @staticmethod
    def key(source: str) -> str:
        return source.lstrip("\n")  # pytest-markdown-docs pads fences with newlines

    def add(self, source: str, filename: str) -> None:
        self.jobs.setdefault(self.key(source), snippet_runner.Job(source, filename))

    def get(self, source: str) -> tuple[snippet_runner.Job, snippet_runner.Result]:
        if self.results is None:
            self.results = snippet_runner.run_many(
                self.jobs, timeout=self.timeout, parallel=self.parallel)
        key = self.key(source)
        return self.jobs[key], self.results[key]

    def check(self, source: str) -> snippet_runner.Result:
        """The run's result; fails the calling test, naming the file, if the run failed."""
        job, result = self.get(source)
        if not result.ok:
            pytest.fail(result.problem(job.filename, self.timeout), pytrace=False)
        return result


RUNS: Runs | None = None


def pytest_configure(config):
    global RUNS
    RUNS = Runs(config)


@pytest.fixture(scope="session")
def runs() -> Runs:
    return RUNS


def pytest_collection_finish(session):
    """Register the code of every selected item: snippet files first, then page fences."""
    for item in session.items:
        snippet = getattr(item, "callspec", None) and item.callspec.params.get("snippet")
        if snippet is not None:
            RUNS.add(snippet.read_text(encoding="utf-8"), docs_model.rel(snippet))
    for item in session.items:
        if isinstance(item, MarkdownInlinePythonItem):
            RUNS.add(item.code, docs_model.rel(item.path))


class _ExpandingParser(docs_model.MarkdownIt):
    """pytest-markdown-docs' parser, reading each page with its snippet includes expanded
    (and fences inside admonitions visible), exactly as MkDocs renders it."""

    regenerating = False

    def parse(self, src, env=None):
        return super().parse(docs_model.expand_includes(src, regenerating=self.regenerating), env)


@pytest.hookimpl
def pytest_markdown_docs_markdown_it():
    parser = docs_model.markdown_parser(_ExpandingParser)
    parser.regenerating = RUNS.regenerating
    return parser


@register_runner(default=True)
class ForkedRunner(_Runner):
    """Runs a page's code block in a forked child, like every snippet (see Runs)."""

    def runtest(self, test, args, **_):
        RUNS.check(test.source)

    def repr_failure(self, test, excinfo, style=None):
        return str(excinfo.value)


def pytest_collection_modifyitems(items):
    """Snippet output tests first: a ``--regen-all`` run writes the outputs before the page
    and build checks read them."""
    items.sort(key=lambda item: item.path.name != "test_snippets.py")
