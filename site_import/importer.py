"""Import a post: run each Python block in the harness's isolation, write the draft and the report."""

from __future__ import annotations

import builtins
import dataclasses
import datetime
import functools
import json
import re
from pathlib import Path

from site_import import checks, context, lines
from site_import.checks import Entry
from site_import.post import Fence, Post, Unreadable, read
from site_import.report import render
from snippet_harness.job import Job, Result
from snippet_harness.runner import Runner

TIMEOUT = 30.0


class Refused(Exception):
    """The import would overwrite files that exist; ``files`` lists them."""

    def __init__(self, files: list[Path]):
        self.files = files
        listed = "\n".join(f"  {f}" for f in files)
        super().__init__(f"不导入：这些文件已经存在，导入不会覆盖它们（换一个 --name，或先移走它们）：\n{listed}")


@dataclasses.dataclass
class Block:
    """A Python block of the post, the snippet it becomes and its run."""

    fence: Fence
    snippet: str  # e.g. "example_1"
    result: Result | None = None
    warning: str | None = None  # the category of the warning it triggers
    imports: list[str] = dataclasses.field(default_factory=list)  # earlier imports it needs (the suggested fix)
    judged: Result | None = None  # the run its claims are judged on: its own, or with ``imports`` added
    shapes: dict[int, tuple[int, ...] | None] = dataclasses.field(default_factory=dict)  # by the claim's line
    unjudgeable: str | None = None  # why the numbers it displays cannot be judged (random, uninitialised)

    @functools.cached_property
    def shape_claims(self) -> list[checks.ShapeClaim]:
        return checks.shape_claims(self.fence)


@dataclasses.dataclass
class Report:
    post: Path
    name: str
    entries: list[Entry] = dataclasses.field(default_factory=list)
    compared: list[str] = dataclasses.field(default_factory=list)  # claims compared, and the verdict
    unjudged: list[str] = dataclasses.field(default_factory=list)  # claims not judged, and why
    files: list[Path] = dataclasses.field(default_factory=list)
    nav_added: bool = False


def page_name(post: Path) -> str:
    """The page name a post gets by default: its file name in lower-case ASCII letters, digits and ``_``."""
    name = re.sub(r"[^a-z0-9]+", "_", post.stem.lower()).strip("_")
    return name or "imported"


def _targets(root: Path, name: str, post: Path) -> tuple[dict[str, Path], list[Path]]:
    paths = {
        "page": root / "docs" / f"{name}.md",
        "snippets": root / "snippets" / name,
        "copy": root / "source" / post.name,
        "report": root / "source" / f"{name}.report.md",
    }
    existing = [p for key, p in paths.items() if key != "copy" and p.exists()]
    copy = paths["copy"]
    if copy.exists() and copy.read_bytes() != post.read_bytes():
        existing.append(copy)
    return paths, existing


def _run(blocks: list[Block], name: str, runner: Runner, timeout: float) -> dict:
    """Run every block as written (the snippets' outputs); then record each statement alone and in the post's order."""
    jobs = {i: Job(b.fence.code, f"snippets/{name}/{b.snippet}.py") for i, b in enumerate(blocks)}
    for i, result in runner.run(jobs, timeout=timeout).items():
        blocks[i].result = blocks[i].judged = result
    again = {}
    for i, block in enumerate(blocks):
        category = checks.warning_category(block.result)
        if category and isinstance(getattr(builtins, category, None), type):
            block.warning = category
            jobs[i] = jobs[i]._replace(expected_warnings=(category,))
            again[i] = jobs[i]
    for i, result in (runner.run(again, timeout=timeout) if again else {}).items():
        blocks[i].result = blocks[i].judged = result
    runs = context.run(blocks, name, runner, timeout)  # alone and top to bottom, statement by statement
    return runs


def _printed(result: Result, lines: int = 12) -> str:
    tail = result.stderr.strip().splitlines()[-lines:]
    return (result.stdout + "\n".join(tail)).strip() or "（什么也没有打印）"


ESCAPES = {  # an escape's kind: the report's kind and the fix it suggests
    "write": ("写到示例文件夹以外", "只写当前文件夹里的文件（相对路径），读者的机器上不一定有那个路径"),
    "denied": ("写到示例文件夹以外", "只写当前文件夹里的文件（相对路径），读者的机器上不一定有那个路径"),
    "net": ("联网被拒绝", "页面上的示例不联网：把要下载的数据换成代码里生成的小数据"),
    "spawn": ("运行了别的程序", "换成 Python 代码：读者的机器上不一定有这个程序，它也只能写示例的文件夹、不能联网"),
}


def _escape_entries(block: Block, timeout: float) -> list[Entry]:
    """One entry per thing the block tried beyond its box (``Result.escapes``), at the post's line of it;
    the run's failure, which they cause, goes with them rather than in an entry of its own."""
    result, entries = block.result, []
    for escape in result.escapes:
        kind, fix = ESCAPES[escape.kind]
        message = escape.message
        if escape.kind == "spawn" and not result.ok and not result.refused:
            message += "；" + _failure(result, timeout)
        entries.append(Entry(block.fence.start + (escape.line or 0), kind, message, _printed(result), fix))
    return entries


def _failure(result: Result, timeout: float) -> str:
    last = result.stderr.strip().splitlines()[-1:] if result.status else []
    return f"代码块运行出错：{last[0]}" if last else result.failure("代码块", timeout).splitlines()[0]


def _run_entry(block: Block, earlier: list[Block], timeout: float) -> Entry | None:
    result = block.result
    if block.warning:
        warned = [line for line in result.stdout.splitlines() if line.startswith(f"{block.warning}: ")]
        message = f"运行时发出了 {block.warning}（警告在页面上算错误，除非它正是要演示的内容）"
        fix = f'改代码避开它；若正要演示它，在 snippets/<页面>/examples.toml 写 expected_warnings = ["{block.warning}"]'
        return Entry(block.fence.start, "警告", message, "\n".join(warned) or _printed(result), fix)
    if result.ok:
        return None
    if any(path[:2] in result.stderr for path in checks.windows_paths(block.fence.code)):
        return _windows_path(block, _printed(result))  # the failure is the path's
    return None  # context.py says what breaks and why


def _windows_path(block: Block, printed: str | None) -> Entry:
    path = checks.windows_paths(block.fence.code)[0]
    message = (
        f"代码写的是 Windows 的盘符路径 `{path}`：读者的机器上不一定有这个盘，"
        "在 Linux 和 macOS 上它被当作一个名字古怪的相对路径"
    )
    return Entry(block.fence.start, "本机路径", message, printed, "改成相对路径（例如 `model.pt`）")


def _claim_entries(block: Block, report: Report) -> list[Entry]:
    """Judge the block's output and shape claims, in the post's order, on the run ``block.judged``."""
    entries, how = [], "（按建议加上导入后运行）" if block.imports else ""
    for claim in block.shape_claims:
        if entry := _shape_claim(claim, block, report, how):
            entries.append(entry)
    return entries


def _typed_entries(block: Block, report: Report) -> list[Entry]:
    """Judge the outputs typed by hand for the block (``Fence.typed_outputs``) on the run its claims are judged on;
    the draft leaves them out and shows the real output."""
    run, entries, how = block.judged, [], "（按建议加上导入后运行）" if block.imports else ""
    for typed in block.fence.typed_outputs if not run.ok else []:
        report.unjudged.append(f"第 {typed.line} 行（{typed.form}）：{_not_run(block, run)}，无从比较")
    random = block.unjudgeable
    for typed, right in checks.typed_verdicts(block.fence, run.stdout, bool(random)) if run.ok else []:
        changed = None if right else _torch_changed(typed, block, run.stdout)
        verdict = ("一致" if right else "只因 torch 的版本不同而不一致" if changed else "不一致") + (
            "（只比较了数以外的部分）" if random else ""
        )
        said = f"第 {typed.line} 行（{typed.form}）：与运行的输出{verdict}{how}"
        report.compared.append(said + "（草稿里显示运行的真实输出）")
        if random:
            report.unjudged.append(f"第 {typed.line} 行（{typed.form}）里的数：{random}，无从核对")
        if changed:
            entries.append(changed)
        elif not right:
            message = f"原文手写的输出（{typed.form}）与运行的输出不符（比较时允许浮点误差）{how}"
            message += "：数是随机的，但数以外的部分也不同" if random else ""
            message += "；草稿里去掉了它，显示运行的真实输出"
            printed = checks.excerpt(run.stdout) or "（什么也没有打印）"
            entries.append(
                Entry(typed.line, "手写的输出与运行不符", message, printed, None, checks.excerpt(typed.text))
            )
    return entries


def _not_run(block: Block, run: Result) -> str:
    """Why a block's typed outputs cannot be compared: its error, and for an absent package the rows that use it
    (so its import could not be left out)."""
    why = (run.stderr.strip().splitlines() or [""])[-1]
    if not (m := re.search(r"No module named '(\w+)", why)):
        return f"代码块没有运行成功（{why}）"
    rows = [
        block.fence.start + row
        for row, line in enumerate(block.fence.code.splitlines(), 1)
        if re.search(rf"\b{m[1]}\b", line) and not line.lstrip().startswith(("import ", "from "))
    ]
    uses = f"，第 {'、'.join(map(str, rows))} 行用到它，不能去掉这个导入再运行" if rows else ""
    return f"代码块因为网站没有安装 `{m[1]}` 停下了{uses}"


def _torch_changed(typed, block: Block, printed: str) -> Entry | None:
    """The entry for an output typed by hand that differs from the run only as torch changed since the post."""
    mask = lines.masked if block.unjudgeable else str
    if not (changed := lines.changed_repr(mask(typed.text), mask(printed), block.fence.code)):
        return None
    message = f"原文手写的输出（{typed.form}）是旧版 torch 的样子：{changed}；草稿里显示运行的真实输出"
    written = checks.excerpt(typed.text)
    return Entry(typed.line, "torch 的输出变了", message, checks.excerpt(printed), "改成现在的输出", written)


def _shape_claim(claim: checks.ShapeClaim, block: Block, report: Report, how: str) -> Entry | None:
    if claim.line not in block.shapes:
        report.unjudged.append(f"第 {claim.line} 行 `{claim.written}`：代码块没有运行成功，无从核对形状")
    elif problem := claim.contradiction(block.shapes[claim.line]):
        report.compared.append(f"第 {claim.line} 行 `{claim.written}`：与运行得到的形状不一致{how}（见问题）")
        problem += f"；这是{how.strip('（）')}得到的" if how else ""
        return Entry(claim.line, "形状注释与运行不符", problem, block.judged.stdout.rstrip() or None)
    else:
        report.compared.append(f"第 {claim.line} 行 `{claim.written}`：与运行得到的形状一致{how}")
    return None


def _block_entries(block: Block, earlier: list[Block], report: Report, timeout: float) -> list[Entry]:
    fence, entries = block.fence, []
    if fence.untagged_python:
        message = "代码块的 ``` 后面没有写语言，里面是 Python（读者看不到语法高亮，也不知道它能运行）"
        entries.append(Entry(fence.start, "没有标明语言", message, None, "在 ``` 后写上 python"))
    problem = None
    if block.result.escapes:
        entries += _escape_entries(block, timeout)
    elif problem := _run_entry(block, earlier, timeout):
        entries.append(problem)
    if checks.windows_paths(fence.code) and not (problem and problem.kind == "本机路径"):
        entries.append(_windows_path(block, None))
    entries += _claim_entries(block, report) + _typed_entries(block, report)
    return entries


def _reference_entries(post: Post, root: Path) -> list[Entry]:
    entries = []
    for ref in post.references:
        target = ref.target.split("#")[0]
        if not target or re.match(r"^[a-z]+:", target) or (root / "docs" / target.lstrip("/")).exists():
            continue
        what = "图片" if ref.image else "链接"
        message = (
            f"原文引用的{what} `{ref.target}` 在网站的 docs/ 里不存在（草稿里已{'去掉' if ref.image else '只留文字'}）"
        )
        entries.append(Entry(ref.line, f"{what}不存在", message, None, f"把{what}放进 docs/ 并改写路径，或删掉它"))
    return entries


def _meta_value(value):
    if isinstance(value, datetime.date):
        return str(value)
    return [_meta_value(v) for v in value] if isinstance(value, list) else value


def _front_matter(meta: dict, title: str) -> list[str]:
    dump = lambda v: json.dumps(_meta_value(v), ensure_ascii=False)
    lines = ["---\n", f"title: {dump(title)}\n"]
    if meta.get("tags"):
        lines.append(f"tags: {dump(meta['tags'] if isinstance(meta['tags'], list) else [meta['tags']])}\n")
    post = {k: meta[k] for k in ("title", "author", "date", "categories") if meta.get(k)}
    if post:
        lines += ["post:\n", *(f"  {k}: {dump(v)}\n" for k, v in post.items())]
    return [*lines, "---\n", "\n"]


def _include(indent: str, name: str, snippet: str) -> list[str]:
    block = [
        f'```python title="snippets/{name}/{snippet}.py"',
        f'--8<-- "{name}/{snippet}.py"',
        "```",
        "",
        '```text title="输出"',
        f'--8<-- "{name}/{snippet}.out"',
        "```",
    ]
    return [f"{indent}{line}\n" if line else "\n" for line in block]


def _fix_references(line: str, post: Post, number: int, missing: set[int]) -> str:
    for ref in post.references:
        if ref.line == number and id(ref) in missing:
            alt = f"<!-- 原文的图片 {ref.target} 不存在，见导入报告 -->" if ref.image else ref.text
            line = line.replace(ref.source, alt)
    return line


def _draft(post: Post, name: str, blocks: list[Block], missing: set[int]) -> list[str]:
    by_start = {b.fence.start: b for b in blocks}
    dropped = {t.drop[0]: t.drop[1] for b in blocks for t in b.fence.typed_outputs if t.drop}
    title = str(post.meta.get("title") or name)
    out, number = _front_matter(post.meta, title), post.body_start + 1
    while number <= len(post.lines):
        line = post.lines[number - 1]
        if number in by_start:
            indent = re.match(r"\s*", line)[0]
            out += _include(indent, name, by_start[number].snippet)
            number = by_start[number].fence.end + 1
        elif number in dropped:  # an output typed by hand: the real one is under the code now
            number = dropped[number] + 1
        else:
            out.append(_fix_references(post.draft_line(number), post, number, missing))
            number += 1
    return out


def _add_to_nav(config: Path, name: str, title: str) -> bool:
    """Append the draft to the end of mkdocs.yml's nav (strict builds refuse pages missing from it)."""
    if not config.exists():
        return False
    lines = config.read_text("utf-8").splitlines(keepends=True)
    listed = re.search(rf"(?<![\w/.-]){re.escape(name)}\.md\b", "".join(lines))
    if listed or not any(line.startswith("nav:") for line in lines):
        return False
    start = next(i for i, line in enumerate(lines) if line.startswith("nav:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i][0].isspace()), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    lines.insert(end, f"  - {json.dumps('草稿：' + title, ensure_ascii=False)}: {name}.md\n")
    config.write_text("".join(lines), "utf-8")
    return True


def _write(path: Path, content: str | bytes, report: Report) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    report.files.append(path)


def _deprecation(category: str) -> bool:
    return issubclass(
        getattr(builtins, category, Warning), DeprecationWarning | PendingDeprecationWarning | FutureWarning
    )


def _write_snippets(root: Path, name: str, blocks: list[Block], report: Report) -> None:
    settings = []
    for block in blocks:
        _write(root / "snippets" / name / f"{block.snippet}.py", block.fence.snippet, report)
        out = block.result.stdout if block.result.ok else _printed(block.result, lines=200) + "\n"
        _write(root / "snippets" / name / f"{block.snippet}.out", out, report)
        if block.warning and block.result.ok and not _deprecation(block.warning):  # never on the author's behalf
            settings.append(f'[{block.snippet}]\nexpected_warnings = ["{block.warning}"]\n')
    if settings:
        _write(root / "snippets" / name / "examples.toml", "\n".join(settings), report)


def import_post(
    post_path: Path | str,
    *,
    name: str | None = None,
    root: Path | str = ".",
    runner: Runner | None = None,
    timeout: float = TIMEOUT,
) -> Report:
    """Import the post at ``post_path`` into the site at ``root`` as the draft page ``name``; return the report.

    Raises ``Refused`` (naming the files) rather than overwrite anything.  ``runner``: a
    ``snippet_harness.runner.Runner`` to reuse (one is started and closed otherwise); ``timeout``: the
    seconds a block may run before it is stopped and reported.
    """
    post_path, root = Path(post_path), Path(root)
    try:
        text = post_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(f"{post_path} 不是 UTF-8 编码的文本（先把它另存为 UTF-8）") from error
    name = name or page_name(post_path)
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise Unreadable(f"页面名 {name!r} 只能由小写字母、数字和 _ 组成")
    post = read(text)
    paths, existing = _targets(root, name, post_path)
    if existing:
        raise Refused(existing)
    report = Report(post_path, name)
    blocks = [Block(f, f"example_{i}") for i, f in enumerate(post.python_blocks, 1)]
    if blocks:
        own = runner is None
        runner = runner or Runner()
        try:
            runs = _run(blocks, name, runner, timeout)
        finally:
            runner.close() if own else None
    for i, block in enumerate(blocks):
        report.entries += _block_entries(block, blocks[:i], report, timeout)
    report.entries += context.entries(blocks, runs, report) if blocks else []
    missing = _reference_entries(post, root)
    markup = checks.not_code_entries(post) + checks.markup_entries(post)
    report.entries = sorted(report.entries + missing + markup, key=lambda e: e.line)
    missing_refs = {id(r) for r in post.references for e in missing if e.line == r.line and r.target in e.message}
    _write_snippets(root, name, blocks, report)
    _write(paths["page"], "".join(_draft(post, name, blocks, missing_refs)), report)
    if not paths["copy"].exists():
        _write(paths["copy"], post_path.read_bytes(), report)  # the post as it is, byte for byte
    report.nav_added = _add_to_nav(root / "mkdocs.yml", name, str(post.meta.get("title") or name))
    if report.nav_added:
        report.files.append(root / "mkdocs.yml")
    report.files.append(paths["report"])
    _write(paths["report"], render(report, root), report)
    report.files.pop()
    return report
