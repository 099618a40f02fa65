"""pytest plugin (loaded by the root conftest.py): every Python block of every page is one test.

pytest-markdown-docs collects each page's Python code blocks, ``--8<--`` includes expanded as
MkDocs expands them: one item per block, ``docs/<page>.md::[CodeFence#N][line:L]``, selected
by its snippet's name too (``-k zero_grad``).  The item runs the snippet and compares what it
prints with the stored ``.out`` (``compare``).  Blocks showing no snippet are deselected:
tests/test_pages.py reports code typed inline, the site build a missing file.

Items register their code while pytest collects; the first to ask for a result runs all of it
at once in the runner process started at configuration time (``runner``), so torch is imported
while pytest collects.  ``--regen-all`` rewrites the stored outputs that differ beyond float
noise, and only those, and lists them at the end.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from pytest_markdown_docs._runners import _Runner, register_runner
from pytest_markdown_docs.plugin import MarkdownInlinePythonItem

from snippet_harness import compare, pages, runner


def pytest_addoption(parser):
    group = parser.getgroup("snippets", "running the site's code examples")
    group.addoption("--regen-all", action="store_true", help="rewrite the stored outputs that really changed")
    group.addoption("--snippet-timeout", type=float, default=60.0, metavar="SECONDS",
                    help="kill and fail an example still running after this long (default 60)")
    group.addoption("--snippet-jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="examples run at once (default: the number of CPUs)")


def job(example: Path, device: str = "cpu") -> runner.Job:
    """How ``example`` runs: its code as the page shows it, its settings from examples.toml."""
    try:
        how = pages.settings(example)
    except pages.SettingsError:  # Runs.check fails the example's test with the message
        how = pages.Settings()
    return runner.Job(example.read_text(encoding="utf-8"), pages.rel(example), device, how.expected_warnings, how.picture)


class Runs:
    """The examples the selected tests need, run all together on first demand."""

    def __init__(self, config):
        self.timeout, self.parallel = config.getoption("snippet_timeout"), config.getoption("snippet_jobs")
        self.regenerating = config.getoption("regen_all")
        self.runner = runner.RunnerProcess()  # starts importing torch now
        self.jobs, self.results, self.rewritten, self._cuda = {}, {}, [], []
        self.elsewhere: dict[str, runner.RunnerProcess] = {}  # environment setting -> its runner

    def add(self, example: Path, device: str = "cpu") -> None:
        self.jobs.setdefault((example, device), job(example, device))

    def result(self, example: Path, device: str = "cpu") -> runner.Result:
        if (example, device) not in self.results:
            self.add(example, device)
            todo = {key: job for key, job in self.jobs.items() if key not in self.results}
            self.results.update(self.runner.run_many(todo, timeout=self.timeout, parallel=self.parallel))
        return self.results[example, device]

    def cuda_problem(self) -> str | None:
        """Why examples cannot run on CUDA here (asked once), or None."""
        if not self._cuda:
            self._cuda.append(runner.device_problem("cuda", self.runner))
        return self._cuda[0]

    def check(self, example: Path, device: str = "cpu", where: str = "") -> None:
        """Fail the calling test, naming the file, unless ``example`` runs on ``device`` and
        prints its stored output and what its ``# 输出：`` comments claim."""
        result = self.result(example, device)
        name = where + pages.rel(example) + ("" if device == "cpu" else f" (on {device})")
        try:
            how = pages.settings(example)
        except pages.SettingsError as error:
            pytest.fail(f"{name}: {error}", pytrace=False)
        source = self.jobs[example, device].source
        if not result.ok or not result.stdout.strip():
            pytest.fail(result.problem(name, self.timeout) if not result.ok else
                        f"{name} prints nothing: the page has no output to show", pytrace=False)
        made = [(result.stdout, pages.output_file(example), "output")]
        if how.picture:
            made.append((result.picture, pages.picture_file(example), "picture"))
        for fresh, stored, what in made:
            if not stored.is_file() and not self.regenerating:
                pytest.fail(f"{name}: its {what} {pages.rel(stored)} does not exist yet: create it with "
                            f"`pytest --regen-all -k {example.stem}`, then read it", pytrace=False)
            diff = compare.mismatch(stored.read_text(encoding="utf-8"), fresh, name=pages.rel(stored),
                                    device=device, structure_only=device != "cpu" and how.random_numbers,
                                    ) if stored.is_file() else f"{pages.rel(stored)} does not exist yet"
            if diff and (device != "cpu" or not self.regenerating):
                pytest.fail(f"{name}, {what}:\n{diff}", pytrace=False)
            if diff:
                self.rewritten.append(pages.rel(stored))
                stored.write_text(fresh, encoding="utf-8")
        for line, claim in pages.output_claims(source):
            if not compare.claim_printed(claim, compare.CUDA_NOTE.sub("", result.stdout)):
                pytest.fail(f"{pages.rel(example)}:{line}: the comment says the output is {claim!r}, "
                            f"but the snippet printed:\n{result.stdout}", pytrace=False)


RUNS: Runs | None = None


def pytest_configure(config):
    global RUNS
    RUNS = Runs(config)


def pytest_unconfigure(config):
    for process in [RUNS.runner, *RUNS.elsewhere.values()] if RUNS else []:
        process.close()


@pytest.fixture(scope="session")
def runs() -> Runs:
    return RUNS


@functools.cache
def _fences(page: Path) -> list[pages.Fence]:
    return pages.fences(page)


def shown_example(path: Path, line: int) -> Path | None:
    """The snippet that the page's code block at ``line`` shows, if it shows one that exists."""
    for fence in _fences(path):
        if fence.line == line and len(fence.includes) == 1:
            example = pages.SNIPPETS / fence.includes[0]
            return example if example.suffix == ".py" and example.is_file() else None
    return None


def pytest_collection_modifyitems(config, items):
    """Page blocks: named by their snippet too; those that show none deselected."""
    drop = []
    for item in items:
        if isinstance(item, MarkdownInlinePythonItem):
            item.example = shown_example(item.path, item.test_definition.start_line)
            (item.extra_keyword_matches.add(pages.rel(item.example)) if item.example else drop.append(item))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [item for item in items if item not in drop]


def pytest_collection_finish(session):
    """Register what the selected items run: page blocks, and examples given as parameters."""
    for item in session.items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if isinstance(item, MarkdownInlinePythonItem):
            RUNS.add(item.example)
        elif "example" in params:
            RUNS.add(params["example"], params.get("device", "cpu"))
        elif "setting" in params:  # test_examples.py's code-path runs: "VAR=value VAR=value"
            RUNS.elsewhere[params["setting"]] = runner.RunnerProcess(
                env=dict(v.split("=") for v in params["setting"].split())).submit(
                {e: job(e) for e in pages.example_files()}, timeout=RUNS.timeout, parallel=1)


class _ExpandingParser(pages.MarkdownIt):
    """Fences inside admonitions seen, includes expanded in place (items keep the page's lines)."""

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
        where = f"{pages.rel(test.source_path)}:{test.start_line} shows "
        RUNS.check(shown_example(test.source_path, test.start_line), where=where)

    def repr_failure(self, test, excinfo, style=None):
        return str(excinfo.value)


def pytest_terminal_summary(terminalreporter):
    if RUNS and RUNS.rewritten:
        terminalreporter.write_sep("=", f"--regen-all rewrote {len(RUNS.rewritten)} stored outputs: "
                                        "read them (git diff) before you commit", yellow=True)
        for path in RUNS.rewritten:
            terminalreporter.write_line(f"  {path}")
