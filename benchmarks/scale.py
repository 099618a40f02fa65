"""What the site costs as it grows: the build and the README's test command at several sizes.
Prints figures, asserts nothing.

    python benchmarks/scale.py [--pages 7,30,100] [--before REV] [--build-only]

For each size a scratch copy of this checkout (its tracked and untracked, not ignored files) gets
copies of the lesson pages (``docs/<page>.md`` and the notebook page ``docs/<page>.py``), each with
its own snippet folder, outputs, pictures and settings, listed in the navigation under "副本 N", until
the site has about that many pages.  The copies are made to pass the same tests as the pages they
copy: includes point at the copy's folder, picture ids carry its name, and a copy ranks below its
original in search (``search.boost``), so each tested query still finds the original first.

Then, in the copy: ``mkdocs build --strict`` (timed); ``mkdocs serve --dirty`` as an author runs it,
timed until it serves its first page and from each of five edits (a page or a snippet) until the
browser reloads, the median printed; and the README's test command (the last
command of its test line, run with ``PYTHONPATH`` on the copy so that the copy's own harness runs),
timed, with a JUnit report from which the time of each test file is summed (with tests running in
parallel, the files' times add up to more than the wall time; the report is kept in
``test-artifacts/scale/``, for a look at each test's time).  Printed: one row per size, and the
cost of an added page (the slope from the smallest to the largest size).

``--before REV`` measures that commit too (a git worktree), in the same run, so that the two
compare on the same machine at the same time; sizes the before tree would take too long at can be
left out with ``--before-pages``.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ["backward.md", "autograd.md", "matmul.md", "matmul_shapes.md", "fit_line.py"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("CI", None)


def checkout_files(tree: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=tree, capture_output=True, text=True, check=True
    ).stdout
    return [name for name in listed.split("\0") if name and (tree / name).is_file()]


def copy_checkout(tree: Path, dest: Path) -> None:
    for name in checkout_files(tree):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tree / name, dest / name)


def page_count(root: Path) -> int:
    return len(list((root / "docs").rglob("*.md"))) + len(list((root / "docs").rglob("*.py")))


def copy_lesson(root: Path, lesson: str, n: int) -> str:
    """docs/<lesson> copied as <stem>_c<n>, with its snippets; returns the copy's docs path."""
    stem, suffix = lesson.rsplit(".", 1)
    new = f"{stem}_c{n}"
    text = (root / "docs" / lesson).read_text(encoding="utf-8")
    if suffix == "md":
        text = text.replace(f'--8<-- "{stem}/', f'--8<-- "{new}/').replace(f'"snippets/{stem}/', f'"snippets/{new}/')
        text = text.replace("---\n", "---\nsearch:\n  boost: 0.1\n", 1)
        shutil.copytree(root / "snippets" / stem, root / "snippets" / new)
        for svg in (root / "snippets" / new).glob("*.svg"):
            svg.write_text(
                svg.read_text(encoding="utf-8").replace(f"picture-{stem}-", f"picture-{new}-"), encoding="utf-8"
            )
    else:  # a notebook page: its output and settings live at the top of snippets/
        text = re.sub(r"(?m)^(# +mkdocs:\n)", r"\1#     search:\n#       boost: 0.1\n", text, count=1)
        shutil.copy2(root / "snippets" / f"{stem}.out", root / "snippets" / f"{new}.out")
        settings = root / "snippets" / "examples.toml"
        table = tomllib.loads(settings.read_text(encoding="utf-8")).get(stem, {})
        lines = "".join(
            f"{key} = {value!r}\n".replace("True", "true").replace("False", "false") for key, value in table.items()
        )
        with settings.open("a", encoding="utf-8") as f:
            f.write(f"\n[{new}]\n{lines}")
    (root / "docs" / f"{new}.{suffix}").write_text(text, encoding="utf-8")
    return f"{new}.{suffix}"


def grow(root: Path, pages: int) -> None:
    """Add copies of the lessons until the site has about ``pages`` pages."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    nav, n = [], 0
    while page_count(root) + len(LESSONS) // 2 < pages:
        n += 1
        nav.append({f"副本 {n}": [copy_lesson(root, lesson, n) for lesson in LESSONS]})
    if nav:
        entries = yaml.safe_dump(nav, allow_unicode=True, default_flow_style=False)
        indented = "\n".join("  " + line for line in entries.splitlines())
        config = config.replace("\nnav:\n", f"\nnav:\n{indented}\n", 1)
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def test_command(root: Path) -> list[str]:
    """The README's test command: the last command of the line that installs and runs the tests."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if "requirements.txt" in line and "pytest" in line)
    command = shlex.split(line.rsplit("&&", 1)[1])
    return [sys.executable, "-m", *command] if command[0] == "pytest" else command  # this interpreter's


def file_of(classname: str) -> str:
    parts = classname.split(".")
    if parts[0] == "docs":
        return "docs/*.md（页面上的示例）"
    for i, part in enumerate(parts):
        if part.startswith("test_"):
            return "/".join(parts[: i + 1]) + ".py"
    return "/".join(parts)


SERVE_EDITS = [
    "docs/backward.md",
    "snippets/backward/basic.py",
    "docs/matmul.md",
    "snippets/matmul/star_vs_at.py",
    "docs/backward.md",
]


def serve_rebuilds(root: Path, serve_args: list[str]) -> tuple[float, list[float]]:
    """``mkdocs serve`` in ``root``: seconds until it serves its first page, and for each file of
    SERVE_EDITS, seconds from writing an edit to it until the server reloads the browsers (the
    edited page rebuilt).  Each edit appends a line that changes nothing else."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *serve_args]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=root,
        env={**ENV, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def logged(pattern: str) -> float:
        for line in proc.stdout:
            if re.search(pattern, line):
                return time.perf_counter()
        raise RuntimeError(f"mkdocs serve 退出了，没有等到 {pattern!r}")

    try:
        first, edits = logged(r"Serving on") - start, []
        for name in SERVE_EDITS:
            time.sleep(1.0)  # the watcher settles after the previous build
            path = root / name
            path.write_text(
                path.read_text(encoding="utf-8") + ("\n# 改\n" if name.endswith(".py") else "\n改。\n"),
                encoding="utf-8",
            )
            edited = time.perf_counter()
            edits.append(logged(r"Reloading browsers") - edited)
    finally:
        proc.terminate()
        proc.wait()
    return first, edits


def run_size(tree: Path, pages: int, scratch: Path, build_only: bool) -> dict:
    root = scratch / f"{tree.name}-{pages}"
    copy_checkout(tree, root)
    grow(root, pages)
    row = {"pages": page_count(root), "snippets": len(list((root / "snippets").rglob("*.py")))}
    start = time.perf_counter()
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(scratch / "built")],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    row["build"] = time.perf_counter() - start
    row["build_ok"] = built.returncode == 0
    if row["build_ok"]:
        row["serve_first"], edits = serve_rebuilds(root, ["--dirty"])
        row["serve_edit"] = statistics.median(edits)
    if build_only or not row["build_ok"]:
        if not row["build_ok"]:
            print(f"{root.name}：构建失败\n{built.stderr[-2000:]}", file=sys.stderr)
        return row
    junit = scratch / f"{root.name}.xml"
    command = test_command(root)
    start = time.perf_counter()
    done = subprocess.run(
        [*command, f"--junitxml={junit}", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        env={**ENV, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )
    row["tests"] = time.perf_counter() - start
    row["command"] = " ".join(["pytest", *command[3:]] if command[1:3] == ["-m", "pytest"] else command)
    row["summary"] = (done.stdout.strip().splitlines() or ["?"])[-1]
    files = defaultdict(float)
    if junit.is_file():
        for case in ET.parse(junit).iter("testcase"):
            files[file_of(case.get("classname", ""))] += float(case.get("time", 0))
    row["files"] = dict(files)
    if junit.is_file():  # kept, for a look at each test's time
        (ROOT / "test-artifacts" / "scale").mkdir(parents=True, exist_ok=True)
        shutil.copy2(junit, ROOT / "test-artifacts" / "scale" / junit.name)
    if done.returncode:
        log = ROOT / "test-artifacts" / "scale" / f"{root.name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(done.stdout + done.stderr, encoding="utf-8")
        row["summary"] += f"（失败，见 {log.relative_to(ROOT)}）"
    shutil.rmtree(root)
    return row


def slope(rows: list[dict], key: str) -> float:
    first, last = rows[0], rows[-1]
    return (last[key] - first[key]) / (last["pages"] - first["pages"]) if last["pages"] > first["pages"] else 0.0


def browser(row: dict) -> float:
    return row["files"].get("tests/test_browser.py", 0.0)


def print_rows(label: str, rows: list[dict]) -> None:
    print(f"\n## {label}\n")
    tests = all("tests" in row for row in rows)
    more = " 测试命令 | 其中浏览器测试（各项时间之和）| 结果 |" if tests else ""
    print("| 页数 | 示例数 | `mkdocs build --strict` | `mkdocs serve --dirty`：首页 | 改一处后重建（中位数）|" + more)
    print("|---|---|---|---|---|" + ("---|---|---|" if tests else ""))
    for row in rows:
        line = f"| {row['pages']} | {row['snippets']} | {row['build']:.1f} s{'' if row['build_ok'] else '（失败）'} |"
        line += f" {row.get('serve_first', 0):.1f} s | {row.get('serve_edit', 0):.2f} s |"
        if tests:
            line += f" {row['tests']:.0f} s | {browser(row):.0f} s | {row['summary']} |"
        print(line)
    if len(rows) > 1:
        line = f"| 每多一页 | | {slope(rows, 'build'):.2f} s | | |"
        if tests:
            per_browser = (browser(rows[-1]) - browser(rows[0])) / (rows[-1]["pages"] - rows[0]["pages"])
            line += f" {slope(rows, 'tests'):.2f} s | {per_browser:.2f} s | |"
        print(line)
    if tests:
        print(f"\n测试命令：`{rows[0]['command']}`。各测试文件的时间（秒，JUnit 报告中各项之和）：\n")
        names = sorted({name for row in rows for name in row["files"]})
        print("| 文件 | " + " | ".join(f"{row['pages']} 页" for row in rows) + " |")
        print("|---|" + "---|" * len(rows))
        for name in names:
            print(f"| {name} | " + " | ".join(f"{row['files'].get(name, 0):.1f}" for row in rows) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="7,30,100", help="站点的大小（页数），逗号分隔")
    parser.add_argument("--before", help="同时测量的另一个提交（例如 main~3）")
    parser.add_argument("--before-pages", help="--before 的大小（默认与 --pages 相同）")
    parser.add_argument("--build-only", action="store_true", help="只测构建，不运行测试命令")
    args = parser.parse_args()
    sizes = [int(n) for n in args.pages.split(",")]
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        scratch = Path(tmp)
        trees = [("这个检出", ROOT, sizes)]
        if args.before:
            before = scratch / "before"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(before), args.before],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            trees.insert(
                0, (f"之前（{args.before}）", before, [int(n) for n in (args.before_pages or args.pages).split(",")])
            )
        results = {}
        try:
            for label, tree, pages in trees:
                results[label] = [run_size(tree, n, scratch, args.build_only) for n in pages]
                print_rows(label, results[label])
                sys.stdout.flush()
        finally:
            if args.before:
                subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
        if len(results) == 2 and not args.build_only:
            (_, old), (_, new) = results.items()
            print(
                f"\n每多一页的测试命令时间：之前 {slope(old, 'tests'):.2f} s，现在 {slope(new, 'tests'):.2f} s，"
                f"小了 {slope(old, 'tests') / max(slope(new, 'tests'), 1e-9):.1f} 倍；"
                f"构建：之前 {slope(old, 'build'):.2f} s，现在 {slope(new, 'build'):.2f} s。"
            )


if __name__ == "__main__":
    main()
