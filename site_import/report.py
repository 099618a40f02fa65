"""The import report as Markdown: what the post gets wrong, what was compared, what could not be judged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def _relative(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def _entry(number: int, entry) -> list[str]:
    lines = [f"{number}. **第 {entry.line} 行 · {entry.kind}**：{entry.message}"]
    if entry.fix:
        lines.append(f"   建议：{entry.fix}")
    if entry.written is not None:
        lines += ["   原文写的：", "", "   ```text", *(f"   {line}" for line in entry.written.splitlines()), "   ```"]
    if entry.printed is not None:
        lines += ["   运行打印了：", "", "   ```text", *(f"   {line}" for line in entry.printed.splitlines()), "   ```"]
    return [*lines, ""]


def _listing(title: str, items: list[str], empty: str) -> list[str]:
    return [f"## {title}", "", *([f"- {item}" for item in items] or [empty]), ""]


def _summary(report) -> list[str]:
    """The few root causes (the kinds of entry, most frequent first) and how the claims came out."""
    kinds = Counter(e.kind for e in report.entries)
    wrong = sum("不一致" in item for item in report.compared)
    causes = "、".join(f"{kind}（{n}）" for kind, n in kinds.most_common()) or "没有"
    return [
        "## 摘要",
        "",
        f"- 问题的原因：{causes}",
        f"- 核对的说法：{wrong} 条与运行不符，{len(report.compared) - wrong} 条一致，{len(report.unjudged)} 条没有核对",
        "",
    ]


def render(report, root: Path) -> str:
    """The report of ``report`` (an ``importer.Report``) for the site at ``root``."""
    page = f"docs/{report.name}.md"
    lines = [
        f"# 导入报告：{_relative(report.post, root)}",
        "",
        f"草稿页面：`{page}`（示例在 `snippets/{report.name}/`）。",
        "",
    ]
    lines += _summary(report)
    lines += [f"## 问题（{len(report.entries)} 条）", ""]
    for number, entry in enumerate(report.entries, 1):
        lines += _entry(number, entry)
    if not report.entries:
        lines += ["没有发现问题。", ""]
    lines += _listing("核对过的说法（输出和形状）", report.compared, "原文的代码里没有可核对的输出或形状说法。")
    unjudged = [*report.unjudged, "正文里的说法（文字、表格、公式推导）不核对：只核对代码和它下面手写的输出"]
    lines += _listing("没有核对的说法", unjudged, "")
    lines += _listing("写出的文件", [f"`{_relative(f, root)}`" for f in report.files], "")
    nav = (
        "草稿已加在 `mkdocs.yml` 的 `nav:` 末尾（`mkdocs build --strict` 要求每个页面都在导航里），把它移到合适的栏目下"
        if report.nav_added
        else f"把 `{report.name}.md` 加进 `mkdocs.yml` 的 `nav:`（`mkdocs build --strict` 要求每个页面都在导航里）"
    )
    steps = [
        nav,
        f"逐条处理上面的问题；失败的示例的 `.out` 里暂时是它的报错，改好后 `pytest --regen-all -k {report.name}`",
        f"运行 `pytest -k {report.name}`：页面的约定（勘误框、`## 练习`、术语表）见 README 的“如何新增一个示例”",
    ]
    return "\n".join(lines + _listing("下一步", steps, "")).rstrip() + "\n"
