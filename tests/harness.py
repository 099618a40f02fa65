"""pytest plugin (loaded by the root conftest.py) that runs every example once, isolated.

- Test items that run code (``tests/test_snippets.py`` for each snippet file, and
  pytest-markdown-docs for each Python fence of each page, with includes expanded) only
  *register* the code they need at collection time.  The first of them to ask for a result
  runs all registered code at once, in forked children of one runner process (see
  ``snippet_runner``) started at configuration time, so torch is imported once, while pytest
  collects, and both cores are used.
- A page fence whose expanded code is exactly a snippet file's code is the same run, not a
  second one: it is reported against the snippet file, whose line numbers it keeps.
- Devices: by default every example runs on CPU, and again on CUDA when torch can use one
  (when it cannot, tests/test_snippets.py::test_examples_on_cuda says why).  ``--device cuda``
  runs everything on CUDA only and stops with an error when CUDA is unusable.  Stored outputs are always the CPU ones
  (see ``device_outputs``).
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
    group.addoption("--device", default=None, metavar="DEVICE",
                    help="run every example, page block and notebook with this default torch "
                         "device only (e.g. cuda), comparing with the stored CPU outputs; fails "
                         "if torch cannot use it.  Default: CPU, plus CUDA when one is present")


class Runs:
    """Code registered by the collected items, run all together on first demand."""

    def __init__(self, config):
        self.timeout = config.getoption("snippet_timeout")
        self.parallel = config.getoption("snippet_jobs")
        # pytest-regressions' flags that rewrite the stored outputs
        self.regenerating = config.getoption("regen_all") or config.getoption("force_regen")
        self.explicit = config.getoption("device")
        # the devices each example runs on; page blocks run on the first
        self.devices = [self.explicit] if self.explicit else ["cpu", "cuda"]
        self._problems: dict[str, str | None] = {}
        self.runner = snippet_runner.RunnerProcess()  # starts importing torch now
        self.jobs: dict[tuple[str, str], snippet_runner.Job] = {}
        self.results: dict | None = None

    def problem(self, device: str) -> str | None:
        """Why examples cannot run on ``device`` here (asked once), or None."""
        if device == "cpu":
            return None
        if device not in self._problems:
            self._problems[device] = snippet_runner.device_problem(device, self.runner)
        return self._problems[device]

    def require(self, device: str) -> None:
        """Skip the calling test, saying why, when ``device`` is absent."""
        problem = self.problem(device)
        if problem:
            pytest.skip(f"no {device} device here: {problem}; on a machine with one these "
                        f"tests run by themselves, and `pytest --device {device}` runs only them")

    @staticmethod
    def key(source: str, device: str) -> tuple[str, str]:
        # pytest-markdown-docs pads a fence with newlines; an expanded include ends with one more
        return device, source.strip("\n")

    def add(self, source: str, filename: str, device: str) -> None:
        self.jobs.setdefault(self.key(source, device), snippet_runner.Job(source, filename, device))

    def get(self, source: str, device: str):
        if self.results is None:
            self.results = self.runner.run_many(
                self.jobs, timeout=self.timeout, parallel=self.parallel)
        key = self.key(source, device)
        return self.jobs[key], self.results[key]

    def collected_run(self, source: str, device: str = "cpu") -> snippet_runner.Result | None:
        """The result of this code as a collected test on ``device``; None if not collected."""
        return self.get(source, device)[1] if self.key(source, device) in self.jobs else None

    def check(self, source: str, device: str) -> snippet_runner.Result:
        """The run's result; fails the calling test, naming the file, if the run failed."""
        job, result = self.get(source, device)
        if not result.ok:
            where = job.filename if device == "cpu" else f"{job.filename} (on {device})"
            pytest.fail(result.problem(where, self.timeout), pytrace=False)
        return result


RUNS: Runs | None = None


def pytest_configure(config):
    global RUNS
    RUNS = Runs(config)
    if RUNS.explicit:
        problem = RUNS.problem(RUNS.explicit)
        if problem:
            raise pytest.UsageError(f"--device {RUNS.explicit}: {problem}")
        if RUNS.regenerating and RUNS.explicit != "cpu":
            raise pytest.UsageError("stored outputs are the CPU ones: regenerate them without --device")


def pytest_unconfigure(config):
    if RUNS is not None:
        RUNS.runner.close()


def pytest_generate_tests(metafunc):
    """Examples run on every device of RUNS.devices that torch can use here."""
    if "device" in metafunc.fixturenames:
        metafunc.parametrize("device", [d for d in RUNS.devices if RUNS.problem(d) is None])


@pytest.fixture(scope="session")
def runs() -> Runs:
    return RUNS


def pytest_collection_finish(session):
    """Register the code of every selected item: snippet files first, then page fences."""
    for item in session.items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if "snippet" in params:
            RUNS.add(params["snippet"].read_text(encoding="utf-8"),
                     docs_model.rel(params["snippet"]), params["device"])
    for item in session.items:
        if isinstance(item, MarkdownInlinePythonItem):
            RUNS.add(item.code, docs_model.rel(item.path), RUNS.devices[0])


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
        RUNS.check(test.source, RUNS.devices[0])

    def repr_failure(self, test, excinfo, style=None):
        return str(excinfo.value)


def pytest_collection_modifyitems(items):
    """Snippet output tests first: a ``--regen-all`` run writes the outputs before the page
    and build checks read them."""
    items.sort(key=lambda item: item.path.name != "test_snippets.py")
