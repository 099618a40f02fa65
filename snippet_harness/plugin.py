"""The pytest plugin (entry point ``pytest11`` in pyproject.toml): every block of a page that
shows a snippet is one test, and tests ask for examples through the ``harness`` fixture.

The site is the one whose mkdocs.yml is in the ini option ``site_root`` (relative to pytest's
rootdir; default: the rootdir); without one the plugin does nothing.  Each page under its docs
folder is collected from the site model: one item per block that includes a snippet,
``docs/<page>.md::snippets/<page>/<name>.py`` (``-k <name>`` selects it).  A block that includes
a snippet that does not exist (a typo in its name) is an item too, ``MissingSnippet``, which fails
naming the page, the line and the nearest existing names, and which runs whatever ``-k``, ``-m``
or a split selects.

A test that needs examples run early says so with the marker ``examples(*examples, device=...,
env=...)``; with ``env`` they run in a runner started with those environment variables.  The
page blocks and marked examples run all at once when the first result is asked for, in a runner
started at configuration time (so torch is imported while pytest collects).

Under pytest-xdist (``-n``) the controller starts no runner, and a worker, which does not know at
collection which items it will run, runs each example when an item asks for it, and the examples
of a marked environment when a test asks for their results (``Harness(lazy=True)``): each runs
once, on the worker that needs it.  ``--snippet-jobs`` (default: the machine's cores divided among
the workers) examples run at a time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import site_model
from snippet_harness.harness import Harness

HARNESS = pytest.StashKey[Harness]()


def pytest_addoption(parser):
    group = parser.getgroup("snippets", "运行网站的代码示例")
    group.addoption("--regen-all", action="store_true", help="改写真正变了的存储输出（以及图）")
    group.addoption(
        "--snippet-timeout",
        type=float,
        default=60.0,
        metavar="秒",
        help="示例运行超过这么久就终止并判为失败（默认 60）",
    )
    group.addoption(
        "--snippet-jobs",
        type=int,
        default=None,
        metavar="N",
        help="同时运行的示例数（默认：CPU 核数，用 pytest-xdist 时再除以进程数）",
    )
    parser.addini(
        "markdown_docs",
        "pytest-markdown-docs 只运行这些文件和文件夹里的 Markdown 与文档字符串中的示例（不含测试模块）",
        type="paths",
        default=[],
    )
    parser.addini("site_root", "网站（mkdocs.yml 所在的文件夹）相对于 rootdir 的路径", default=".")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "examples(*examples, device='cpu', env=None): 这个测试要用到这些示例的运行结果"
        "（env：在设置了这些环境变量的进程里运行）",
    )
    root = config.rootpath / config.getini("site_root")
    if not (root / "mkdocs.yml").is_file() or xdist_controller(config):
        return
    config.stash[HARNESS] = Harness(
        site_model.load(root),
        timeout=config.getoption("snippet_timeout"),
        parallel=config.getoption("snippet_jobs") or cores_per_process(config),
        regenerating=config.getoption("regen_all"),
        lazy=hasattr(config, "workerinput") or config.getoption("collectonly"),
    )


def cores_per_process(config) -> int:
    """Return this process's share of the machine's cores.

    That is all of them, or the cores divided among the pytest-xdist workers
    (``config.workerinput`` is set in a worker).
    """
    workers = config.workerinput["workercount"] if hasattr(config, "workerinput") else 1
    return max(1, (os.cpu_count() or 1) // workers)


def xdist_controller(config) -> bool:
    """Tell whether this process hands the tests to pytest-xdist's workers and runs none."""
    return (
        bool(getattr(config.option, "numprocesses", None))
        and not hasattr(config, "workerinput")
        and not config.getoption("collectonly")
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Run ``--regen-all`` in one process, so that the outputs it writes come before the site's build."""
    if config.getoption("regen_all") and getattr(config.option, "numprocesses", None):
        config.option.numprocesses = 0


def pytest_unconfigure(config):
    if HARNESS in config.stash:
        config.stash[HARNESS].close()


@pytest.fixture(scope="session")
def harness(pytestconfig) -> Harness:
    if HARNESS not in pytestconfig.stash:
        pytest.fail(
            f"{pytestconfig.rootpath / pytestconfig.getini('site_root')} 下没有 mkdocs.yml：找不到网站", pytrace=False
        )
    return pytestconfig.stash[HARNESS]


class PageBlocks(pytest.File):
    """A page of the site gives one item per block that shows a snippet."""

    def collect(self):
        site = self.config.stash[HARNESS].site
        examples = site.page(self.path).examples
        for block in examples:
            twice = sum(other.snippet == block.snippet for other in examples) > 1  # then the line tells them apart
            if example := site.shown_example(block.snippet):
                name = f"{example.name}:{block.line}" if twice else example.name
                yield ShownExample.from_parent(self, name=name, fence=block.code, example=example)
            else:
                name = f"{site.rel(site.snippets / block.snippet)}:{block.line}"
                yield MissingSnippet.from_parent(self, name=name, fence=block.code, include=block.snippet)


class ShownExample(pytest.Item):
    """A page's block that shows a snippet runs it and checks it (``Harness.check``)."""

    def __init__(self, *, fence: site_model.Fence, example: site_model.Example, **kwargs):
        super().__init__(**kwargs)
        self.fence, self.example = fence, example

    def runtest(self):
        self.config.stash[HARNESS].check(self.example, where=f"{self.fence.where} 显示的 ")

    def reportinfo(self):
        return self.path, self.fence.line - 1, f"{self.fence.where}: {self.example.name}"


class MissingSnippet(pytest.Item):
    """A page's block that includes a snippet that does not exist fails, naming the nearest existing names."""

    def __init__(self, *, fence: site_model.Fence, include: str, **kwargs):
        super().__init__(**kwargs)
        self.fence, self.include = fence, include

    def runtest(self):
        site = self.config.stash[HARNESS].site
        near = [name for name in site.nearest_files(self.include) if name.endswith(".py")]  # snippets, nearest first
        hint = "最接近的现有示例：" + "、".join(near) if near else f"{site.rel(site.snippets)}/ 下没有名字相近的示例"
        pytest.fail(
            f"{self.fence.where} 引用的 {self.include} 不存在（在 {site.rel(site.snippets)}/ 下找不到）；{hint}",
            pytrace=False,
        )

    def reportinfo(self):
        return self.path, self.fence.line - 1, f"{self.fence.where}: {self.include}（不存在）"


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent):
    """Each page of the site is collected as its blocks that show snippets (``PageBlocks``): its
    examples run in isolated processes.  With ``--markdown-docs``, pytest-markdown-docs runs only
    the examples of what the ini option ``markdown_docs`` names (the README, the tooling's
    docstrings): never a page of a site, a test module or a notebook page, which it would run in
    this process or import."""
    collected = yield
    path, named = Path(file_path).resolve(), [Path(p) for p in parent.config.getini("markdown_docs")]
    own = any(path == p or path.is_relative_to(p) for p in named) and not path.name.startswith(("test_", "conftest"))
    root = parent.config.rootpath.resolve()
    if not own or "tests" in (path.relative_to(root) if path.is_relative_to(root) else path).parts:
        collected = [c for c in collected if type(c).__module__.partition(".")[0] != "pytest_markdown_docs"]
    harness = parent.config.stash.get(HARNESS, None)
    if harness is not None and path.suffix == ".md" and path.is_relative_to(harness.site.docs):
        collected.append(PageBlocks.from_parent(parent, path=file_path))
    return collected


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Keep the blocks that include a missing snippet in the run, whatever ``-k``, ``-m`` or a split selects.

    They are taken out of ``items`` while the other plugins select (the mark plugin's ``-k`` and
    ``-m``, pytest-split), and put back first afterwards: ``pytest -k <name>`` then fails on a
    misspelt include instead of selecting nothing, and they are never counted as deselected.
    """
    missing = [item for item in items if isinstance(item, MissingSnippet)]
    items[:] = [item for item in items if not isinstance(item, MissingSnippet)]
    try:
        return (yield)
    finally:
        items[:0] = missing


def pytest_collection_finish(session):
    """Say what the selected items will ask for: page blocks, and the examples of marked tests."""
    if HARNESS not in session.config.stash:
        return
    harness = session.config.stash[HARNESS]
    for item in session.items:
        if isinstance(item, ShownExample):
            harness.need([item.example])
        for mark in item.iter_markers("examples"):
            examples = [e if isinstance(e, site_model.Example) else harness.site.example(e) for e in mark.args]
            harness.need(examples, device=mark.kwargs.get("device", "cpu"), env=mark.kwargs.get("env"))


def pytest_terminal_summary(terminalreporter, config):
    if HARNESS in config.stash and (rewritten := config.stash[HARNESS].rewritten):
        terminalreporter.write_sep(
            "=", f"--regen-all 改写了 {len(rewritten)} 个存储的文件：提交前用 git diff 读一遍", yellow=True
        )
        for path in rewritten:
            terminalreporter.write_line(f"  {path}")
