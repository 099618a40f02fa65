"""Which pages' outputs drift on the torch installed here: a Markdown report from the JUnit file of
``nox -s newest`` (noxfile.py), printed and, in a GitHub Actions job, added to its summary.

    python scripts/drift_report.py JUNIT.xml

Each failed test is put under its page: a page's block (``docs/<page>.md``, named by its snippet),
the notebook page (``docs/<page>.py``) or a page's notebook; its failure text (the diff) follows,
folded.  Exit status 1 when anything failed, else 0.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path


def page_of(case: ET.Element) -> tuple[str, str]:
    """(the page, what of it) for a JUnit test case."""
    classname, name = case.get("classname", ""), case.get("name", "")
    if m := re.search(r"\[(docs/[^\]]+)\]$", name):  # a notebook test, parametrized by its page
        return m[1], name.split("[")[0]
    if classname.startswith("docs."):  # a block of a page: classname docs.<page>.md, name its snippet
        return "docs/" + classname.removeprefix("docs."), name
    return "（不属于某个页面）", f"{classname}::{name}"


def report(junit: Path, torch: str) -> tuple[str, int]:
    """The Markdown report and the number of failed tests."""
    drifted = defaultdict(list)
    for case in ET.parse(junit).iter("testcase"):
        for problem in [*case.iter("failure"), *case.iter("error")]:
            page, what = page_of(case)
            drifted[page].append((what, (problem.text or problem.get("message", "")).strip()))
    lines = [f"## torch {torch} 上的输出", ""]
    if not drifted:
        return "\n".join([*lines, "每个页面的示例和笔记本都与存储的输出一致。", ""]), 0
    lines += [f"{len(drifted)} 个页面的输出与存储的不一致：", ""]
    for page, problems in sorted(drifted.items()):
        lines.append(f"- **{page}**：" + "、".join(f"`{what}`" for what, _ in problems))
        for what, text in problems:
            lines += [
                "  <details><summary>" + what + "</summary>",
                "",
                "  ```diff",
                *("  " + line for line in text.splitlines()[-40:]),
                "  ```",
                "  </details>",
            ]
    return "\n".join([*lines, ""]), sum(len(p) for p in drifted.values())


def main() -> int:
    text, failed = report(Path(sys.argv[1]), version("torch"))
    print(text)
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as f:
            f.write(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
