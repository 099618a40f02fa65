"""Fixtures of the site's tests: the site model, the site built once per test session by
``mkdocs build --strict`` (started when collection finishes), the page notebooks (started early
too), the built site served locally, and the browser.

``test_site_builds_strictly`` (test_pages.py) reports a failed build, once; every test that needs
the built site is then skipped, pointing at it.

Under pytest-xdist (``-n``) the workers share one build (the first to need it builds it, under a
file lock, in the temporary folder they share), and a worker, which does not know at collection
which tests it will run, starts a page's notebook when its test asks for it.

``--built-site PATH`` tests a site built before the tests instead (CI builds it once, in the
workflow's build job, tests that folder and deploys it): nothing is built, and
``test_site_builds_strictly`` checks that build's log, ``PATH.log`` beside the folder, when there is one."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import site_model
from snippet_harness.plugin import cores_per_process

SITE = site_model.load(Path(__file__).resolve().parent.parent)


def build_once(shared: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """``mkdocs build --strict`` into ``shared``, unless a process sharing that folder did it: (the
    site directory, the build's return code, stdout and stderr)."""
    from filelock import FileLock  # imported here: the GPU check (tests/test_examples.py only) builds nothing

    out, record = shared / "built-site", shared / "built-site.json"
    with FileLock(str(record) + ".lock"):
        if not record.is_file():
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                cwd=SITE.root,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )  # a failure: test_site_builds_strictly
            record.write_text(json.dumps([done.returncode, done.stdout, done.stderr]), encoding="utf-8")
    code, stdout, stderr = json.loads(record.read_text(encoding="utf-8"))
    return out, subprocess.CompletedProcess(["mkdocs", "build", "--strict"], code, stdout, stderr)


def built_before(site: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """A site built before the tests (``--built-site``): (the folder, what its build said).  The log
    beside it (``PATH.log``, the build's output) counts as a failed build when it holds a warning
    or an error, which ``--strict`` turns into a failure; without a log, only the folder is known."""
    log = site.with_name(site.name + ".log")
    if not log.is_file():
        said = f"{site} 由 --built-site 给出，在测试之前构建；旁边没有构建日志 {log.name}\n"
        return site, subprocess.CompletedProcess(["mkdocs", "build", "--strict"], 0, said, "")
    text = log.read_text(encoding="utf-8")
    failed = any(re.match(r"(WARNING|ERROR)\s+-|Aborted", line) for line in text.splitlines())
    return site, subprocess.CompletedProcess(["mkdocs", "build", "--strict"], int(failed), text, "")


BUILD = pytest.StashKey[Future]()


@pytest.fixture(scope="session")
def build(pytestconfig):
    """(site directory, the finished ``mkdocs build --strict``): started when collection finished, or
    the one that built ``--built-site``."""
    if given := pytestconfig.getoption("built_site"):
        return built_before(given)
    return pytestconfig.stash[BUILD].result()


@pytest.fixture(scope="session")
def site(build):
    out, done = build
    if done.returncode:
        pytest.skip("网站构建失败（原因见 test_site_builds_strictly）")
    return out


class _Canonical(HTMLParser):
    def __init__(self):
        super().__init__()
        self.href = ""

    def handle_starttag(self, tag, attrs):
        if tag == "link" and ("rel", "canonical") in attrs:
            self.href = self.href or dict(attrs).get("href", "")


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """The ``site_url`` the site was built with: ``""`` for a local build, the project site's address
    for the workflow's (``SITE_URL``; its notebooks link to pages by full address, its 404 page to
    assets by absolute path).  Read from the built home page's canonical link, which MkDocs writes
    only when ``site_url`` is set."""
    parser = _Canonical()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    return parser.href


SITE_FILES = ["docs", "snippets", "overrides", "mkdocs.yml", "pyproject.toml", "requirements.txt"]  # what a build reads


@pytest.fixture
def site_copy(tmp_path) -> site_model.Site:
    """A scratch copy of the site (the files a build reads) in ``tmp_path / "site-copy"``, to break or build."""
    root = tmp_path / "site-copy"
    root.mkdir()
    for name in SITE_FILES:
        (shutil.copytree if (SITE.root / name).is_dir() else shutil.copy)(SITE.root / name, root / name)
    return site_model.Site(root)


SUB_PATH = "pytorch-notes"  # where the browser tests find a local build, as on GitHub Pages
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(site, site_url, tmp_path_factory):
    """The built site's URL, served under a sub-path as GitHub Pages serves a project site
    (``/assets/...`` is a 404): ``http://127.0.0.1:<port>/pytorch-notes/``, or the path of the
    ``site_url`` it was built with."""
    sub_path = urlsplit(site_url).path.strip("/") or SUB_PATH
    root = tmp_path_factory.mktemp("served")
    (root / sub_path).parent.mkdir(parents=True, exist_ok=True)
    (root / sub_path).symlink_to(site)
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = re.search(r"port (\d+)", proc.stdout.readline())[1]  # "Serving HTTP on ... port N ..."
        yield f"http://127.0.0.1:{port}/{sub_path}/"
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="浏览器测试把每页在每种看法、每种配色下的截图存进 test-artifacts/screenshots/",
    )
    parser.addoption(
        "--built-site",
        type=built_site,
        metavar="PATH",
        help="测试这个已经构建好的网站文件夹（CI 的构建任务构建、随后发布的那一份），不再自己构建；"
        "构建日志放在它旁边的 PATH.log 时，test_site_builds_strictly 检查它",
    )


def built_site(value: str) -> Path:
    """``--built-site``'s folder, which must hold a built site (its ``index.html``)."""
    path = Path(value).resolve()
    if not (path / "index.html").is_file():
        raise argparse.ArgumentTypeError(
            f"{value} 不是构建好的网站：{path / 'index.html'} 不存在（先运行 mkdocs build）"
        )
    return path


@pytest.fixture(scope="session")
def screenshots(pytestconfig) -> Path | None:
    """Where the browser tests put screenshots, if asked to (``--screenshots``: they cost ~0.1 s each)."""
    if not pytestconfig.getoption("screenshots"):
        return None
    folder = SITE.root / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def find_chromium():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "没有安装 chromium：用 `apt-get install chromium fonts-wqy-microhei` 安装（.ci/run 会这样做）"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true 时浏览器测试必须运行：{message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, driven by Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright  # not installed where only the examples run (GPU check)

    executable = find_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class StartedNotebooks:
    """Page notebooks executed in the background, each once, as many at a time as this process has
    cores (the machine's, divided among the pytest-xdist workers)."""

    def __init__(self, cores: int):
        self.pool = ThreadPoolExecutor(max_workers=cores)
        self.started = {}

    def start(self, page: site_model.Page) -> Future:
        if page.src_uri not in self.started:
            from site_model import notebooks  # needs nbformat and jupytext, which the GPU check goes without
            from site_plugin.notebook_runs import execute

            nb = notebooks.page_notebook(page, SITE.snippets)
            self.started[page.src_uri] = self.pool.submit(execute, nb, allow_errors=True)
        return self.started[page.src_uri]


NOTEBOOKS = pytest.StashKey[StartedNotebooks]()


@pytest.fixture(scope="session")
def started_notebooks(pytestconfig) -> StartedNotebooks:
    return pytestconfig.stash[NOTEBOOKS]


def pytest_configure(config):
    config.stash[NOTEBOOKS] = StartedNotebooks(cores_per_process(config))


def pytest_collection_finish(session):
    start_build(session)
    start_notebooks(session)


def start_build(session):
    """Start the site's build in the background if a selected test needs it (the tests that do not
    run meanwhile); the workers of pytest-xdist share one, in the folder their temporary folders are in."""
    config = session.config
    needed = any("build" in getattr(item, "fixturenames", ()) for item in session.items)
    if config.getoption("collectonly") or config.getoption("built_site") or not needed:
        return
    basetemp = config._tmp_path_factory.getbasetemp()  # the tmp_path_factory fixture's, which needs a test
    shared = basetemp.parent if hasattr(config, "workerinput") else basetemp
    config.stash[BUILD] = ThreadPoolExecutor(max_workers=1).submit(build_once, shared)


def start_notebooks(session):
    """Start the notebooks that the selected tests run, so that their kernels run while the other
    tests do (test_notebooks.py: the tests parametrized by ``notebook_page``); not in a pytest-xdist worker."""
    if hasattr(session.config, "workerinput") or session.config.getoption("collectonly"):
        return
    for item in session.items:
        if "notebook_page" in getattr(getattr(item, "callspec", None), "params", {}):
            session.config.stash[NOTEBOOKS].start(item.callspec.params["notebook_page"])
