"""An author's ``mkdocs serve --dirty`` (the README's preview command) on a scratch copy of the site:
an edit to a snippet rebuilds the page that shows it, which then warns that the output under it
was not regenerated; once the README's regenerate command has run, the warning is gone."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANNER = "本地预览：下面这些示例的代码改过之后，输出还没有重新生成或核对"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, wanted, what: str, timeout: float = 60.0) -> str:
    """The page at ``url`` once ``wanted(html)`` holds (the server rebuilds after an edit)."""
    deadline, page = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
        except OSError:
            page = ""
        if page and wanted(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{timeout:.0f} 秒内没有等到{what}：\n{page[:2000]}")


def test_the_serve_banner_names_an_edited_example_until_it_is_regenerated(site_copy):
    root = site_copy.root
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTEBOOK_EXECUTE": "false"}
    env.pop("PYTEST_ADDOPTS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/backward/"
    try:
        first = wait_for(url, lambda page: "verified-with" in page, "页面")
        assert BANNER not in first, "刚开始预览时，没有改过的示例不应提示"

        snippet = root / "snippets/backward/basic.py"
        snippet.write_text(snippet.read_text(encoding="utf-8") + "# 只改了一行注释\n", encoding="utf-8")
        warned = wait_for(url, lambda page: BANNER in page, "改过示例之后的提示")
        assert re.search(r"snippets/backward/basic\.py.*pytest --regen-all -k basic", warned, re.DOTALL), warned

        regenerated = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "docs/backward.md",
                "--regen-all",
                "-k",
                "basic",
                "-p",
                "no:cacheprovider",
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr
        wait_for(url, lambda page: BANNER not in page and "verified-with" in page, "重新生成之后提示消失")
        assert not (root / "snippets/backward/basic.out").stat().st_mtime > snippet.stat().st_mtime, (
            "输出没有变，--regen-all 不应改写它：提示消失靠的是内容，不是修改时间"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
