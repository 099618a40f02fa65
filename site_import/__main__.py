"""``python -m site_import <post.md> [--name <page>] [--root .]``: import a post as a draft page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_import.importer import TIMEOUT, Refused, import_post
from site_import.post import Unreadable


def _refusal(post: Path, root: Path) -> str | None:
    """Why the command cannot start (nothing is written then): no such post, a folder, a root that is no site."""
    if post.is_dir():
        return f"{post} 是一个文件夹，不是文章：给出文章的 Markdown 文件（例如 {post / 'post.md'}）"
    if not post.is_file():
        return f"找不到文章 {post}（没有这个文件）"
    if not (root / "mkdocs.yml").is_file():
        where = "不存在" if not root.is_dir() else "里没有 mkdocs.yml"
        return f"--root {root} 不是网站的根目录：{where}（在网站的根目录运行，或用 --root 指向它）"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m site_import", description="把一篇博客文章导入为网站的草稿页面，并核对它的代码"
    )
    parser.add_argument("post", type=Path, help="文章的 Markdown 文件（可以带 front matter）")
    parser.add_argument("--name", help="页面名（docs/<页面名>.md、snippets/<页面名>/）；默认取文件名")
    parser.add_argument("--root", type=Path, default=Path("."), help="网站的根目录（默认当前目录）")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"每个代码块最多运行几秒（默认 {TIMEOUT:g}）")
    args = parser.parse_args(argv)
    if reason := _refusal(args.post, args.root):
        print(f"不导入：{reason}", file=sys.stderr)
        return 2
    try:
        report = import_post(args.post, name=args.name, root=args.root, timeout=args.timeout)
    except (Refused, Unreadable) as refused:
        print(refused, file=sys.stderr)
        return 1
    print((args.root / "source" / f"{report.name}.report.md").read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
