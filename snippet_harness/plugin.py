"""The pytest plugin (entry point ``pytest11`` in pyproject.toml): every block of a page that
shows a snippet is one test, and tests ask for examples through the ``harness`` fixture.

The site is the one whose mkdocs.yml is in the ini option ``site_root`` (relative to pytest's
rootdir; default: the rootdir); without one the plugin does nothing.  Each page under its docs
folder is collected from the site model: one item per block that includes a snippet,
``docs/<page>.md::snippets/<page>/<name>.py`` (``-k <name>`` selects it).  A block including a
file that does not exist has no item: the site build reports it, with the page's line.

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
from site_model import config as site_config
from site_model import verified
from snippet_harness.harness import Harness

HARNESS = pytest.StashKey[Harness]()
CHECKED = "snippet_harness.checked"  # a report's user property: [example, device, fingerprint, passed] per check


def pytest_addoption(parser):
    group = parser.getgroup("snippets", "运行网站的代码示例")
    group.addoption("--regen-all", action="store_true", help="改写真正变了的存储输出（以及图）")
    group.addoption("--snippet-timeout", type=float, default=60.0, metavar="秒",
                    help="示例运行超过这么久就终止并判为失败（默认 60）")
    group.addoption("--snippet-jobs", type=int, default=None, metavar="N",
                    help="同时运行的示例数（默认：CPU 核数，用 pytest-xdist 时再除以进程数）")
    parser.addini("site_root", "网站（mkdocs.yml 所在的文件夹）相对于 rootdir 的路径", default=".")


def pytest_configure(config):
    config.addinivalue_line("markers", "examples(*examples, device='cpu', env=None): 这个测试要用到这些示例的运行结果"
                                       "（env：在设置了这些环境变量的进程里运行）")
    root = config.rootpath / config.getini("site_root")
    if not (root / "mkdocs.yml").is_file():
        return
    if not hasattr(config, "workerinput") and not config.getoption("collectonly"):
        config.pluginmanager.register(Recorder(root), "snippet_harness.recorder")
    if xdist_controller(config):
        return
    config.stash[HARNESS] = Harness(site_model.load(root), timeout=config.getoption("snippet_timeout"),
                                    parallel=config.getoption("snippet_jobs") or cores_per_process(config),
                                    regenerating=config.getoption("regen_all"),
                                    lazy=hasattr(config, "workerinput") or config.getoption("collectonly"))


def cores_per_process(config) -> int:
    """This process's share of the machine's cores: all of them, or the cores divided among the
    pytest-xdist workers (``config.workerinput`` is set in a worker)."""
    workers = config.workerinput["workercount"] if hasattr(config, "workerinput") else 1
    return max(1, (os.cpu_count() or 1) // workers)


def xdist_controller(config) -> bool:
    """This process hands the tests to pytest-xdist's workers and runs none."""
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput") \
        and not config.getoption("collectonly")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """``--regen-all`` runs in one process: the outputs it writes come before the site's build."""
    if config.getoption("regen_all") and getattr(config.option, "numprocesses", None):
        config.option.numprocesses = 0


def pytest_unconfigure(config):
    if HARNESS in config.stash:
        config.stash[HARNESS].close()


@pytest.fixture(scope="session")
def harness(pytestconfig) -> Harness:
    if HARNESS not in pytestconfig.stash:
        pytest.fail(f"{pytestconfig.rootpath / pytestconfig.getini('site_root')} 下没有 mkdocs.yml：找不到网站",
                    pytrace=False)
    return pytestconfig.stash[HARNESS]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """The examples the test checked go into its report (``CHECKED``), for ``Recorder``."""
    harness = item.config.stash.get(HARNESS, None)
    if harness is not None:
        harness.checked.clear()
    try:
        return (yield)
    finally:
        if harness is not None and not harness.regenerating:  # regenerated outputs prove nothing
            item.user_properties += [(CHECKED, list(entry)) for entry in harness.checked]


class Recorder:
    """In the process that reports (the only one, or pytest-xdist's controller): when the run ends,
    each example a test checked, and whether that test passed, go into the record of the installed
    torch on that device (``site_model.verified``), from which the site's pages claim versions."""

    def __init__(self, root: Path):
        self.root, self.checked = root, {}

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            for key, value in report.user_properties:
                if key == CHECKED:
                    name, device, fingerprint, ok = value
                    passed = ok and report.passed and self.checked.get(device, {}).get(name, (fingerprint, True))[1]
                    self.checked.setdefault(device, {})[name] = (fingerprint, passed)

    def pytest_sessionfinish(self, session):
        for device, checked in self.checked.items():
            verified.write(self.root, site_config.torch_version(), device, checked)

    def pytest_terminal_summary(self, terminalreporter):
        for device, checked in self.checked.items():
            path = verified.record_path(self.root, site_config.torch_version(), device)
            passed = sum(ok for _, ok in checked.values())
            terminalreporter.write_line(f"运行记录：{passed}/{len(checked)} 个示例通过，写入 "
                                        f"{path.relative_to(self.root).as_posix()}（页面据此标明验证过的 torch 版本）")


class PageBlocks(pytest.File):
    """A page of the site: its blocks that show a snippet."""

    def collect(self):
        site = self.config.stash[HARNESS].site
        shown = site.page(self.path).shown_snippets
        for fence, include in shown:
            if example := site.shown_example(include):
                twice = sum(path == include for _, path in shown) > 1  # then the line tells the blocks apart
                name = f"{example.name}:{fence.line}" if twice else example.name
                yield ShownExample.from_parent(self, name=name, fence=fence, example=example)


class ShownExample(pytest.Item):
    """A page's block that shows a snippet: the snippet, run and checked (``Harness.check``)."""

    def __init__(self, *, fence: site_model.Fence, example: site_model.Example, **kwargs):
        super().__init__(**kwargs)
        self.fence, self.example = fence, example

    def runtest(self):
        self.config.stash[HARNESS].check(self.example, where=f"{self.fence.where} 显示的 ")

    def reportinfo(self):
        return self.path, self.fence.line - 1, f"{self.fence.where}: {self.example.name}"


def pytest_collect_file(file_path: Path, parent):
    if HARNESS in parent.config.stash and file_path.suffix == ".md" \
            and file_path.resolve().is_relative_to(parent.config.stash[HARNESS].site.docs):
        return PageBlocks.from_parent(parent, path=file_path)
    return None


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
        terminalreporter.write_sep("=", f"--regen-all 改写了 {len(rewritten)} 个存储的文件：提交前用 git diff 读一遍",
                                   yellow=True)
        for path in rewritten:
            terminalreporter.write_line(f"  {path}")
