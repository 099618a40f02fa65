"""MkDocs hook: under an output that another listed torch release prints otherwise, a short note
with the lines that differ there ("在 torch 2.14.1 上…" / "第 3 行变为：" ...), from the output recorded
for that release beside the stored one (``<name>.torch-<release>.out``, site_model/versions.py).
The harness checks that recorded output on that release, and tests/test_versions.py that it truly
differs; the downloadable notebooks keep the pinned release's outputs."""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from site_model import Page, versions
from site_model.config import from_mkdocs


def note(indent: str, release: str, pinned: Path, recorded: Path) -> list[str]:
    lines = ["", f'!!! info "在 torch {release} 上，这段输出有所不同"', ""]
    texts = (path.read_text(encoding="utf-8") for path in (pinned, recorded))
    for where, shown in versions.changed_lines(*texts):
        lines += [f"    {where}：" if shown else f"    {where}。", ""]
        lines += ['    ```text title="输出"', *(f"    {line}" for line in shown), "    ```", ""] if shown else []
    return [indent + line if line else "" for line in lines]


def on_page_markdown(markdown, page, config, files):
    snippets = from_mkdocs(config).snippets
    if page.file.src_uri.endswith(".py"):  # a notebook page: its outputs are the build's own run
        output = (snippets / page.file.src_uri).with_suffix(".out")
        if recorded := versions.recorded_outputs(output):
            raise PluginError(f"docs/{page.file.src_uri}: 笔记本页面还不能在输出下注明其他 torch 版本的不同"
                              f"（{', '.join(p.name for p in recorded.values())}）：把不同的那段代码写成 snippet")
        return markdown
    lines = markdown.split("\n")
    for fence in reversed(Page(page.file.src_uri, markdown).fences):
        if fence.title == "输出" and len(fence.includes) == 1:
            pinned = snippets / fence.includes[0]
            indent = re.match(r"\s*", lines[fence.line - 1])[0]  # inside a box the note is indented as the fence
            notes = [line for release, recorded in versions.recorded_outputs(pinned).items()
                     for line in note(indent, release, pinned, recorded)]
            lines[fence.end:fence.end] = notes
    return "\n".join(lines)
