"""Judge every claim in its post's context: the runs that record each statement (``session.py``), alone and
top to bottom, and the entries they give (blocks that only run in sequence, as one group; missing imports,
once; what breaks and why; claims line by line; random numbers that reach the output; old idioms)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from site_import import checks, lines
from site_import.checks import Entry
from snippet_harness.job import MAX_LINES, Job, Result

DRIVER = (Path(__file__).parent / "session.py").read_text("utf-8")


@dataclasses.dataclass
class Runs:
    """A block's two recorded runs (two seeds) and whether they are the page's run or its own."""

    first: list[lines.Statement]
    second: list[lines.Statement]
    in_page: bool

    def varies(self, statement: lines.Statement) -> bool:
        other = next((s for s in self.second if s.start == statement.start), None)
        squeeze = lambda s: lines.ADDRESS.sub("", s.shown)
        return other is not None and squeeze(other) != squeeze(statement)


def _job(blocks, indices: list[int], name: str, preamble: str, timeout: float) -> Job:
    listed = []
    for i in indices:
        watch = [[c.after, c.name, c.line] for c in blocks[i].shape_claims]
        listed.append([f"snippets/{name}/{blocks[i].snippet}.py", blocks[i].fence.code, watch])
    call = f"\nmain(json.loads({json.dumps(listed)!r}), {preamble!r}, {timeout!r})\n"  # ASCII: emoji survive
    return Job(DRIVER + call, f"snippets/{name}/page.py")


def lacks_names(block) -> bool:
    return not block.result.ok and "NameError" in block.result.stderr and bool(checks.undefined(block.fence.code))


def missing_modules(blocks) -> dict[str, int]:
    """The usual modules (``torch``, ``nn``, ``np``…) the post uses but never imports: by name, the first block."""
    bound = set().union(*(checks.defined(b.fence.code) for b in blocks)) if blocks else set()
    found = {}
    for i, block in enumerate(blocks):
        for name in checks.undefined(block.fence.code):
            if name in lines.USUAL_IMPORTS and name not in bound:
                found.setdefault(name, i)
    return found


def run(blocks, name: str, runner, timeout: float) -> dict[int, Runs]:
    """Run each block alone and the whole post in order (both twice), recording every statement."""
    preamble = "".join(lines.USUAL_IMPORTS[n] + "\n" for n in missing_modules(blocks))
    jobs = {}
    for k in (0, 1):
        jobs["page", k] = _job(blocks, list(range(len(blocks))), name, preamble, timeout)
        for i in range(len(blocks)):
            jobs[i, k] = _job(blocks, [i], name, "", timeout)
    results = runner.run(jobs, timeout=timeout * (len(blocks) + 1))
    runs = {}
    for i, block in enumerate(blocks):
        in_page = lacks_names(block)
        first, second = (
            [
                s
                for s in lines.statements(results["page" if in_page else i, k].stdout)
                if s.block == (i if in_page else 0)
            ]
            for k in (0, 1)
        )
        runs[i] = Runs(first, second, in_page)
        block.judged = _as_result(first)
        block.shapes = {int(line): tuple(s) if s is not None else None for st in first for line, s in st.shapes.items()}
    return runs


def _as_result(statements: list[lines.Statement]) -> Result:
    error = next((s.error for s in statements if s.error), None)
    return Result("".join(s.printed for s in statements), error["text"] if error else "", 1 if error else 0)


def _elsewhere(blocks, i: int, runs: dict[int, Runs], row: int) -> dict[str, str]:
    """For each name block ``i`` cannot see at ``row``: where the post binds it, as the report says it."""
    said, code = {}, blocks[i].fence.code
    for later in blocks[i + 1 :]:
        for n in checks.defined(later.fence.code):
            said.setdefault(n, f"在后面第 {later.fence.start} 行的代码块里才定义，这里还用不到")
    for n, function in lines.locals_of_functions([b.fence.code for b in blocks]).items():
        said[n] = f"是函数 `{function}` 里的局部变量：函数外面用不到它（要用就让函数 `return` 它）"
    for j, earlier in enumerate(blocks[:i]):
        broken = next((s.error for s in runs[j].first if s.error and s.error["type"] == "SyntaxError"), None)
        if broken:
            where = f"第 {earlier.fence.start + (broken['line'] or 1)} 行"
            for n in lines.assigned_rows(earlier.fence.code) or _names_in(earlier.fence.code):
                said[n] = (
                    f"定义在第 {earlier.fence.start} 行的代码块里，但那个代码块有语法错误（{where}），一行也没有运行"
                )
    for n, at in lines.assigned_rows(code).items():
        if at > row:
            said[n] = f"在这个代码块的第 {blocks[i].fence.start + at} 行才赋值，在那之前就用到了"
    return said


def _names_in(code: str) -> list[str]:
    """Names a block that does not parse would define (``def f``, ``class C``, ``x = ...`` at the line's start)."""
    return [a or b for a, b in re.findall(r"^\s*(?:def|class)\s+(\w+)|^\s*(\w+)\s*=", code, re.MULTILINE)]


def _failure_entry(blocks, i: int, runs: dict[int, Runs]) -> Entry | None:
    statements = runs[i].first
    failed = next((s for s in statements if s.error), None)
    block = blocks[i]
    if failed is None:
        shown = sum(s.lines for s in statements)
        if shown > MAX_LINES:
            message = f"代码块打印了 {shown} 行，页面上的示例最多显示 {MAX_LINES} 行"
            return Entry(
                block.fence.start, "输出太长", message, None, "只打印一部分（例如 `x[:5]`、`x.shape`、每 100 步一次）"
            )
        return None
    row = failed.error["line"] or failed.start
    if any(path[:2] in failed.error["text"] for path in checks.windows_paths(block.fence.code)):
        return None  # the drive path's entry says it
    kind, message, fix = lines.cause(failed.error, block.fence.code, _elsewhere(blocks, i, runs, row))
    warned = [w for s in statements for w in s.warnings]
    if warned:
        category, said, at = warned[0]
        message = f"先在第 {block.fence.start + at} 行发出 {category}（{said}），接着出错：{message}"
    if runs[i].in_page:
        message += "（按原文的顺序接着前面的代码块运行时）"
    printed = checks.excerpt("".join(s.printed for s in statements) + failed.error["text"]) or None
    return Entry(block.fence.start + row, kind, message, printed, fix)


def _group_entry(blocks, runs: dict[int, Runs], modules: dict[str, int]) -> Entry | None:
    """One entry for every block that only runs after the blocks before it."""
    group = [
        i
        for i, b in enumerate(blocks)
        if runs[i].in_page
        and runs[i].first
        and not any(s.error for s in runs[i].first)
        and set(checks.undefined(b.fence.code)) - set(modules)
    ]
    if not group:
        return None
    needs = []
    for i in group:
        names = [n for n in checks.undefined(blocks[i].fence.code) if n not in modules]
        where = {n: b.fence.start for b in blocks[:i] for n in checks.defined(b.fence.code) if n in names}
        needs.append(
            f"第 {blocks[i].fence.start} 行用到 " + "、".join(f"`{n}`（第 {where.get(n, '?')} 行）" for n in names)
        )
    starts = "、".join(str(blocks[i].fence.start) for i in group)
    message = (
        f"第 {starts} 行的 {len(group)} 个代码块用到前面代码块定义的名字，单独运行都会出错；按原文的顺序接着运行时"
        f"都能运行，它们的说法按这样的运行核对：{'；'.join(needs)}"
    )
    fix = "把每个代码块补成能单独运行的小例子（开头重建它用到的张量或模型），或把这几段合并成一个示例"
    earlier = [[b.fence.code for b in blocks[:i]] for i in group]
    wanted = [[n for n in checks.undefined(blocks[i].fence.code) if n not in modules] for i in group]
    imports = [checks.imports_of(names, codes) for names, codes in zip(wanted, earlier, strict=True)]
    if all(imports):
        fix = "在开头加上前面代码块里的导入：" + "；".join(
            dict.fromkeys(f"`{line}`" for found in imports for line in found)
        )
    return Entry(blocks[group[0]].fence.start, "只能接着前面运行", message, None, fix)


def _import_entry(blocks, modules: dict[str, int]) -> Entry | None:
    if not modules:
        return None
    added = [lines.USUAL_IMPORTS[n] for n in modules]
    first = blocks[min(modules.values())].fence.start
    users = sorted({b.fence.start for b in blocks for n in checks.undefined(b.fence.code) if n in modules})
    message = (
        f"原文从来没有导入 {'、'.join(f'`{n}`' for n in modules)}（第 {'、'.join(map(str, users))} 行的代码块用到）："
        f"核对说法时在最前面加上了 {'；'.join(f'`{a}`' for a in added)}"
    )
    return Entry(first, "没有导入", message, None, "加上 " + "；".join(f"`{a}`" for a in added))


def _claim_entry(claim: lines.LineClaim, runs: Runs, report, start: int) -> Entry | None:
    shown_claim = claim.written if len(claim.written) < 80 else claim.written[:77] + "…"
    how = "（按原文的顺序接着前面运行）" if runs.in_page else ""
    statement = next((s for s in runs.first if s.start == claim.row), None)
    said = f"第 {claim.line} 行 `{shown_claim}`"
    text = None if statement is None else (statement.value if claim.on_assignment else statement.shown)
    if claim.value is None:
        report.unjudged.append(f"{said}：{claim.why_not}")
    elif statement is None or statement.error:
        report.unjudged.append(f"{said}：代码块在这之前出错，没有运行到这一行")
    elif not (text or "").strip():
        report.unjudged.append(f"{said}：这一行什么也没有打印")
    elif runs.varies(statement):
        report.unjudged.append(f"{said}：这一行打印的是随机数，每次运行都不同（见问题）")
    elif lines.bears_out(claim.value, text):
        report.compared.append(f"{said}：与这一行的输出一致{how}")
    elif lines.changed_repr(claim.value, text):
        report.compared.append(f"{said}：只因 torch 的版本不同而不一致{how}（见问题）")
        message = f"原文写的 `{claim.value}` 是旧版 torch 的样子，现在的 torch 打印的是 `{text.strip()}`（值本身相同）"
        return Entry(claim.line, "torch 的输出变了", message, checks.excerpt(text), "改成现在的输出")
    else:
        report.compared.append(f"{said}：与这一行的输出不一致{how}（见问题）")
        line = start + claim.row
        message = f"原文说第 {line} 行显示 `{claim.value}`，运行显示的不是这样（比较时允许浮点误差）{how}"
        return Entry(claim.line, "输出注释与运行不符", message, checks.excerpt(text))
    return None


def _random_entry(blocks, runs: dict[int, Runs]) -> Entry | None:
    varying = [(i, s) for i in runs for s in runs[i].first if runs[i].varies(s)]
    if not varying:
        return None
    first_of = {}
    for i, s in varying:
        first_of.setdefault(i, s)
    generators: dict[str, int] = {}
    for i in first_of:
        scope = [i, *range(i - 1, -1, -1)] if runs[i].in_page else [i]  # its own draws first
        for j in scope:
            for generator, row in lines.random_sources(blocks[j].fence.code).items():
                generators.setdefault(generator, blocks[j].fence.start + row)
    at = [blocks[i].fence.start + s.start for i, s in first_of.items()]
    sources = "、".join(f"第 {line} 行（{g} 的随机数）" for g, line in generators.items()) or "时间或内存地址"
    message = f"第 {'、'.join(map(str, at))} 行打印的值每次运行都不同，它们来自 {sources}：页面上的输出无法核对"
    seeds = [lines.SEEDS[g] for g in generators] or ["不打印每次都不同的值"]
    fix = "在用到随机数的代码块开头加上 " + "、".join(f"`{s}`" for s in seeds)
    return Entry(at[0], "随机数没有固定", message, checks.excerpt(first_of[varying[0][0]].shown), fix)


def _idiom_entries(blocks) -> list[Entry]:
    found: dict[str, list] = {}
    for block in blocks:
        for row, what, fix in lines.old_idioms(block.fence.code):
            found.setdefault(what, [fix]).append(block.fence.start + row)
    entries = []
    for what, (fix, first, *others) in found.items():
        also = f"（另见第 {'、'.join(map(str, others))} 行）" if others else ""
        entries.append(Entry(first, "过时的写法", what + also, None, fix))
    return entries


def entries(blocks, runs: dict[int, Runs], report) -> list[Entry]:
    """Every entry the recorded runs give, and the claims compared or not judged, in ``report``."""
    modules = missing_modules(blocks)
    found = [e for e in (_import_entry(blocks, modules), _group_entry(blocks, runs, modules)) if e]
    for i, block in enumerate(blocks):
        if not block.result.escapes and (failure := _failure_entry(blocks, i, runs)):
            found.append(failure)
        for claim in lines.line_claims(block.fence):
            if entry := _claim_entry(claim, runs[i], report, block.fence.start):
                found.append(entry)
    found += [e for e in (_random_entry(blocks, runs),) if e] + _idiom_entries(blocks)
    return found
