"""The whole course as one PDF: ``python scripts/pdf.py [--out PATH]``.

Builds the site with mkdocs-print-site-plugin switched on (``PRINT_SITE=true``; the online site is
built without it), which puts every page of the navigation, in order, into one page
(``print_page/``) with a table of contents.  That page is served on 127.0.0.1 and printed by the
system's chromium through Playwright (never ``playwright install``): every ``<details>`` (exercise
answers) opened, the print styles of ``scripts/pdf.css`` added (A4, code that wraps), page numbers
in the footer, the headings as the PDF's bookmarks.  Any console error, page error or request that
leaves the local server stops it with exit status 1.  Needs ``apt-get install chromium
fonts-wqy-microhei``; about 20 s.  The publishing workflow runs it with ``--out site/pytorch-notes.pdf``."""

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CSS = Path(__file__).with_name("pdf.css")
DEFAULT_OUT = ROOT / "build" / "pytorch-notes.pdf"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FOOTER = (
    '<div style="width:100%;font-size:10px;color:#555;text-align:center;'
    "font-family:'WenQuanYi Micro Hei',sans-serif\">"
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)

# In the page before printing: every <details> open (exercise answers), and under each page of the
# plugin's table of contents (which lists pages only) that page's second-level headings.
OPEN_AND_LIST = """() => {
    document.querySelectorAll("details").forEach(d => { d.open = true; });
    for (const link of document.querySelectorAll("#print-page-toc nav a[href^='#']")) {
        const section = document.getElementById(link.getAttribute("href").slice(1));
        if (!section || section.classList.contains("md-section")) continue;
        const list = document.createElement("ul");
        for (const h2 of section.querySelectorAll(":scope > h2[id]")) {
            const item = list.appendChild(document.createElement("li"));
            const a = item.appendChild(document.createElement("a"));
            a.href = "#" + h2.id;
            a.textContent = h2.textContent.replace(/\u00b6$/, "").trim();
        }
        if (list.children.length) link.closest("li").appendChild(list);
    }
    return document.fonts.ready;
}"""


def chromium() -> str | None:
    """The system's chromium (``CHROMIUM`` overrides), or None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def build(site_dir: Path) -> None:
    """The site with its print page, into ``site_dir``."""
    env = {**os.environ, "PRINT_SITE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    if not (site_dir / "print_page" / "index.html").is_file():
        raise SystemExit("构建结果里没有 print_page/index.html：mkdocs.yml 里的 print-site 插件没有打开？")


@functools.cache
def _quiet_handler(directory: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, format, *args):
            pass

    return Handler


def print_pdf(site_dir: Path, out: Path) -> list[str]:
    """Print ``site_dir``'s print page to ``out``; returns the problems seen in the browser."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    if not executable:
        raise SystemExit("没有安装 chromium：用 `apt-get install chromium fonts-wqy-microhei` 安装")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _quiet_handler(str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    problems: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            context = browser.new_context(color_scheme="light", locale="zh-CN")
            page = context.new_page()

            def only_local(route):
                if urlsplit(route.request.url).netloc == urlsplit(origin).netloc:
                    route.continue_()
                else:
                    problems.append(f"请求离开了本地服务器：{route.request.url}")
                    route.abort()

            page.route("**/*", only_local)
            page.on("console", lambda m: m.type == "error" and problems.append(f"控制台错误：{m.text}"))
            page.on("pageerror", lambda e: problems.append(f"页面错误：{e}"))
            page.on("requestfailed", lambda r: problems.append(f"请求失败：{r.url} {r.failure}"))
            page.goto(f"{origin}/print_page/", wait_until="networkidle")
            page.add_style_tag(path=str(CSS))
            page.evaluate(OPEN_AND_LIST)
            if not page.locator("#print-page-toc nav ul").count():
                problems.append("目录是空的（print-site.js 没有生成目录）")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                outline=True,
                tagged=True,
            )
            browser.close()
    finally:
        server.shutdown()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"PDF 写到哪里（默认 {DEFAULT_OUT.relative_to(ROOT)}）"
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="pdf-site-") as tmp:
        site_dir = Path(tmp) / "site"
        build(site_dir)
        problems = print_pdf(site_dir, out)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{out}：{out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
