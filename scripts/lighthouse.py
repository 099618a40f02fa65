"""Lighthouse (mobile defaults) on every page, served as GitHub Pages serves the site.

    python scripts/lighthouse.py [--runs 3]

Builds the site, serves it on 127.0.0.1 under /pytorch-notes/ with gzip and a 10-minute
max-age (as GitHub Pages does), installs Lighthouse 12 from npm into .cache/npm once, and runs
it against the system chromium.  Prints, per page, the median of the runs: performance score,
largest contentful paint, accessibility score, and the bytes transferred.  Slow (~20 s a run),
so not part of `pytest`; the targets are performance >= 90, LCP <= 2.5 s, accessibility 100.
"""

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/pytorch-notes/"
PAGES = ["", "backward/", "autograd/", "matmul/", "matmul_shapes/", "fit_line/", "tags/", "about/"]
NPM = ROOT / ".cache" / "npm"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Files gzip-compressed (when the client accepts it) with ``Cache-Control: max-age=600``."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def lighthouse() -> Path:
    binary = NPM / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--silent", "--prefix", str(NPM), "lighthouse@12"], check=True)
    return binary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse()
    with tempfile.TemporaryDirectory() as served:
        site = Path(served) / PREFIX.strip("/")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)],
            cwd=ROOT,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=served))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}{PREFIX}"
        print(f"{'页面':<14}{'性能分':>9}{'LCP（秒）':>5}{'无障碍':>3}{'传输 KB':>7}   （{args.runs} 次的中位数）")
        for page in PAGES:
            runs = []
            for _ in range(args.runs):
                report = json.loads(
                    subprocess.run(
                        [
                            str(binary),
                            base + page,
                            "--output=json",
                            "--quiet",
                            "--only-categories=performance,accessibility",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                    ).stdout
                )
                audits, categories = report["audits"], report["categories"]
                runs.append(
                    (
                        categories["performance"]["score"] * 100,
                        audits["largest-contentful-paint"]["numericValue"] / 1000,
                        categories["accessibility"]["score"] * 100,
                        audits["total-byte-weight"]["numericValue"] / 1000,
                    )
                )
            perf, lcp, a11y, kb = (statistics.median(column) for column in zip(*runs, strict=True))
            print(
                f"{page or 'index':<16}{perf:>12.0f}{lcp:>9.1f}{a11y:>6.0f}{kb:>9.0f}   各次："
                + ", ".join(f"{p:.0f}/{l:.1f}s" for p, l, _, _ in runs)
            )
        server.shutdown()


if __name__ == "__main__":
    main()
