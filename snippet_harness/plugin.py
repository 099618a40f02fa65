"""pytest plugin (loaded by the root conftest.py): every Python block of every page is one test.

pytest-markdown-docs collects each page's Python code blocks, with ``--8<--`` includes
expanded as MkDocs expands them; each becomes one item, ``docs/<page>.md::[CodeFence#N][line:L]``,
also selected by its snippet's name (``-k zero_grad``).  The item runs the snippet and compares
what it prints with the stored ``.out`` (``compare``).  Blocks that include nothing runnable
are deselected: tests/test_pages.py reports code typed inline, the site build a missing file.

Items only *register* their code while pytest collects; the first to ask for a result runs all
of it at once, in a runner process started at configuration time (``runner``), so torch is
imported while pytest collects and both cores are used.

``--regen-all`` rewrites the stored outputs that differ beyond float noise (and only those) and
lists them at the end of the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_markdown_docs._runners import _Runner, register_runner
from pytest_markdown_docs.plugin import MarkdownInlinePythonItem

from snippet_harness import compare, pages, runner


def pytest_addoption(parser):
    group = parser.getgroup("snippets", "running the site's code examples")
    group.addoption("--regen-all", action="store_true",
                    help="rewrite the stored outputs (.out) that differ beyond float noise")
    group.addoption("--snippet-timeout", type=float, default=60.0, metavar="SECONDS",
                    help="kill and fail an example still running after this long (default 60)")
    group.addoption("--snippet-jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="examples run at once (default: the number of CPUs)")


class Runs:
    """The examples the selected tests need, run all together on first demand."""

    def __init__(self, config):
        self.timeout = config.getoption("snippet_timeout")
        self.parallel = config.getoption("snippet_jobs")
        self.regenerating = config.getoption("regen_all")
        self.runner = runner.RunnerProcess()  # starts importing torch now
        self.jobs: dict[tuple[Path, str], runner.Job] = {}
        self.results: dict = {}
        self.rewritten: list[str] = []
        self._cuda_problem: list[str | None] = []

    def add(self, example: Path, device: str = "cpu") -> None:
        self.jobs.setdefault((example, device), runner.Job(
            example.read_text(encoding="utf-8"), pages.rel(example), device))

    def result(self, example: Path, device: str = "cpu") -> runner.Result:
        if (example, device) not in self.results:
            self.add(example, device)
            todo = {key: job for key, job in self.jobs.items() if key not in self.results}
            self.results.update(self.runner.run_many(todo, timeout=self.timeout, parallel=self.parallel))
        return self.results[example, device]

    def cuda_problem(self) -> str | None:
        """Why examples cannot run on CUDA here (asked once), or None."""
        if not self._cuda_problem:
            self._cuda_problem.append(runner.device_problem("cuda", self.runner))
        return self._cuda_problem[0]

    def check(self, example: Path, device: str = "cpu", where: str = "") -> None:
        """Fail the calling test, naming the file, unless ``example`` runs on ``device`` and
        prints its stored output (within float noise) and what its ``# 输出：`` comments claim."""
        result, name = self.result(example, device), where + pages.rel(example)
        name += "" if device == "cpu" else f" (on {device})"
        if not result.ok:
            pytest.fail(result.problem(name, self.timeout), pytrace=False)
        if not result.stdout.strip():
            pytest.fail(f"{name} prints nothing: the page has no output to show", pytrace=False)
        stored = pages.output_file(example)
        diff = None
        if stored.is_file():
            diff = compare.mismatch(stored.read_text(encoding="utf-8"), result.stdout,
                                    name=pages.rel(stored), device=device,
                                    structure_only=device != "cpu" and compare.device_dependent(
                                        self.jobs[example, device].source))
        elif not self.regenerating:
            pytest.fail(f"{name}: its output {pages.rel(stored)} does not exist yet: create it with "
                        f"`pytest --regen-all -k {example.stem}`, then read it", pytrace=False)
        if diff or not stored.is_file():
            if not self.regenerating or device != "cpu":
                pytest.fail(diff or f"{name}: no stored output to compare with", pytrace=False)
            self.rewritten.append(pages.rel(stored))
            stored.write_text(result.stdout, encoding="utf-8")
        for line, claim in pages.output_claims(self.jobs[example, device].source):
            if not compare.claim_printed(claim, result.stdout):
                pytest.fail(f"{pages.rel(example)}:{line}: the comment says the output is {claim!r}, "
                            f"but the snippet printed:\n{result.stdout}", pytrace=False)


RUNS: Runs | None = None


def pytest_configure(config):
    global RUNS
    RUNS = Runs(config)


def pytest_unconfigure(config):
    if RUNS is not None:
        RUNS.runner.close()


@pytest.fixture(scope="session")
def runs() -> Runs:
    return RUNS


def shown_example(item: MarkdownInlinePythonItem) -> Path | None:
    """The snippet file a page's code block shows, if it includes exactly one that exists."""
    for fence in pages.fences(item.path):
        if fence.line == item.test_definition.start_line and len(fence.includes) == 1:
            path = pages.SNIPPETS / fence.includes[0]
            return path if path.suffix == ".py" and path.is_file() else None
    return None


def pytest_collection_modifyitems(config, items):
    """Page blocks: selectable by their snippet's name; those showing no snippet deselected."""
    keep, drop = [], []
    for item in items:
        if isinstance(item, MarkdownInlinePythonItem):
            item.example = shown_example(item)
            if item.example is None:
                drop.append(item)
                continue
            item.extra_keyword_matches.add(pages.rel(item.example))
        keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_collection_finish(session):
    """Register what the selected items run: page blocks, then examples given as parameters."""
    for item in session.items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if isinstance(item, MarkdownInlinePythonItem):
            RUNS.add(item.example)
        elif "example" in params:
            RUNS.add(params["example"], params.get("device", "cpu"))


class _ExpandingParser(pages.MarkdownIt):
    """pytest-markdown-docs' parser: fences inside admonitions seen, includes expanded in
    place (so items keep the page's line numbers)."""

    def parse(self, src, env=None):
        tokens = super().parse(src, env)
        for token in tokens:
            if token.type == "fence":
                token.content = pages.expand_includes(token.content)
        return tokens


@pytest.hookimpl
def pytest_markdown_docs_markdown_it():
    return pages.markdown_parser(_ExpandingParser)


@register_runner(default=True)
class ExampleRunner(_Runner):
    """A page's code block: its snippet, run and checked like every example (see Runs)."""

    def runtest(self, test, args, **_):
        RUNS.check(pages.SNIPPETS / self._snippet(test), where=f"{pages.rel(test.source_path)}:"
                   f"{test.start_line} shows ")

    @staticmethod
    def _snippet(test) -> str:
        return next(f.includes[0] for f in pages.fences(test.source_path) if f.line == test.start_line)

    def repr_failure(self, test, excinfo, style=None):
        return str(excinfo.value)


def pytest_terminal_summary(terminalreporter):
    if RUNS and RUNS.rewritten:
        terminalreporter.write_sep("=", f"--regen-all rewrote {len(RUNS.rewritten)} stored outputs: "
                                        "read them (git diff) before committing", yellow=True)
        for path in RUNS.rewritten:
            terminalreporter.write_line(f"  {path}")
