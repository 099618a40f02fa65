"""``python -m site_import <post.md> [--name <page>] [--root .]``: import a post as a draft page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_import.importer import TIMEOUT, Refused, import_post
from site_import.post import Unreadable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m site_import", description="把一篇博客文章导入为网站的草稿页面，并核对它的代码"
    )
    parser.add_argument("post", type=Path, help="文章的 Markdown 文件（可以带 front matter）")
    parser.add_argument("--name", help="页面名（docs/<页面名>.md、snippets/<页面名>/）；默认取文件名")
    parser.add_argument("--root", type=Path, default=Path("."), help="网站的根目录（默认当前目录）")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"每个代码块最多运行几秒（默认 {TIMEOUT:g}）")
    args = parser.parse_args(argv)
    try:
        report = import_post(args.post, name=args.name, root=args.root, timeout=args.timeout)
    except (Refused, Unreadable) as refused:
        print(refused, file=sys.stderr)
        return 1
    print((args.root / "source" / f"{report.name}.report.md").read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
