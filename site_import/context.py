"""Judge every claim in its post's context: the runs that record each statement (``session.py``), alone and
top to bottom, and the entries they give (blocks that only run in sequence, as one group; missing imports,
once; what breaks and why; claims line by line; random numbers that reach the output; old idioms)."""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
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
    inherited: str | None = None  # the random names of earlier blocks it uses, as the report says it

    def draws(self) -> bool:
        """Does any statement show or bind other values in the two seeded runs?"""
        other = {s.start: s for s in self.second}
        differ = lambda s, t: lines.ADDRESS.sub("", s.shown) != lines.ADDRESS.sub("", t.shown) or s.value != t.value
        return any(s.start in other and differ(s, other[s.start]) for s in self.first)

    def varies(self, statement: lines.Statement, displayed: bool = False) -> bool:
        """Does what the statement shows (with ``displayed``: what a reader sees of it, as a notebook shows only
        the block's last bare expression) differ between the two seeded runs?"""
        other = next((s for s in self.second if s.start == statement.start), None)
        seen = self.displayed if displayed else lambda s: s.shown
        squeeze = lambda s: lines.ADDRESS.sub("", seen(s))
        return other is not None and squeeze(other) != squeeze(statement)

    def displayed(self, statement: lines.Statement) -> str:
        last = max((s.start for s in self.first), default=None)
        return statement.shown if statement.start == last else statement.printed

    def random_rows(self) -> list[lines.Statement]:
        """The statements whose displayed output differs between the two seeded runs."""
        return [s for s in self.first if self.varies(s, displayed=True)]


def _job(blocks, indices: list[int], name: str, preamble: str, timeout: float) -> Job:
    listed = []
    for i in indices:
        watch = [[c.after, c.name, c.line] for c in blocks[i].shape_claims]
        listed.append([f"snippets/{name}/{blocks[i].snippet}.py", _runnable(blocks[i]), watch])
    call = f"\nmain(json.loads({json.dumps(listed)!r}), {preamble!r}, {timeout!r})\n"  # ASCII: emoji survive
    return Job(DRIVER + call, f"snippets/{name}/page.py")


def absent_imports(code: str) -> dict[str, tuple[int, int, str]]:
    """The top-level imports of modules this environment lacks whose names the rest of the block never uses:
    ``{name: (first row, last row, module)}``; the block is judged with them left out."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return {}
    found = {}
    for node in body:
        if not isinstance(node, ast.Import | ast.ImportFrom) or getattr(node, "level", 0):
            continue
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        if not all(importlib.util.find_spec(m.split(".")[0]) is None for m in modules):
            continue
        names = [(a.asname or a.name).split(".")[0] for a in node.names]
        rest = [n for n in body if n is not node]
        used = {x.id for n in rest for x in ast.walk(n) if isinstance(x, ast.Name)}
        if not used & set(names):
            found.update({n: (node.lineno, node.end_lineno, modules[0].split(".")[0]) for n in names})
    return found


def _runnable(block) -> str:
    """The block's code as it is run to judge it: imports of absent modules it does not use blanked out."""
    rows = block.fence.code.split("\n")
    for first, last, _ in absent_imports(block.fence.code).values():
        rows[first - 1 : last] = ["pass", *[""] * (last - first)]
    return "\n".join(rows)


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
        alone = next((s.error for s in lines.statements(results[i, 0].stdout) if s.error), None)
        in_page = bool(alone and alone["type"] == "NameError" and checks.undefined(block.fence.code))
        first, second = (
            [
                s
                for s in lines.statements(results["page" if in_page else i, k].stdout)
                if s.block == (i if in_page else 0)
            ]
            for k in (0, 1)
        )
        runs[i] = Runs(first, second, in_page)
        runs[i].inherited = _inherited(blocks, runs, i) if in_page else None
        block.judged = _as_result(first)
        block.unjudgeable = _unjudgeable(block, runs[i])
        block.shapes = {int(line): tuple(s) if s is not None else None for st in first for line, s in st.shapes.items()}
    return runs


def _unjudgeable(block, runs: Runs) -> str | None:
    """Why the numbers a block displays cannot be judged (random, or uninitialised memory), or None."""
    empty = lines.uninitialised_rows(block.fence.code)
    if any(s.start in empty and runs.displayed(s).strip() for s in runs.first):
        return "`torch.empty` 的值是未初始化的内存，每次都可能不同"
    if rows := runs.random_rows():
        at = "、".join(str(block.fence.start + s.start) for s in rows)
        return f"第 {at} 行打印的是随机数，两次运行不同"
    if runs.draws() and block.fence.typed_outputs:  # the values it binds differ, though what it shows did not
        return "代码块里赋的值两次运行不同（随机数），这两次只是碰巧打印得一样"
    return runs.inherited


def _inherited(blocks, runs: dict[int, Runs], i: int) -> str | None:
    """The names block ``i`` uses that an earlier block bound with random values (they differ between the two
    seeded runs), as the report says it; None if there are none."""
    wanted, said = set(checks.undefined(blocks[i].fence.code)), []
    for j in range(i):
        if runs[j].draws() and (names := wanted & set(_bound_rows(blocks[j].fence.code))):
            said.append(f"{'、'.join(f'`{n}`' for n in sorted(names))}（第 {blocks[j].fence.start} 行的代码块）")
    return f"用到前面随机生成的 {'、'.join(said)}，两次运行的数不同" if said else None


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


def _bound_rows(code: str) -> dict[str, int]:
    """The first row at which each name of ``code`` is bound at its top level (imports, assignments,
    definitions); for a block that does not parse, the names it would define, at row 1."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return dict.fromkeys(_names_in(code), 1)
    rows: dict[str, int] = {}
    for node in body:
        names = [node.name] if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else []
        if not names:
            imports = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
            names = [(a.asname or a.name).split(".")[0] for n in imports for a in n.names]
            names += [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
        for name in names:
            rows.setdefault(name, node.lineno)
    return rows


@dataclasses.dataclass
class Stop:
    """Where a block stopped early (the post's line and the block's row), why, and the first stop it follows from."""

    line: int
    row: int
    why: str
    root: tuple[int, str]  # (line, why) of the first cause


def _why(error: dict) -> str:
    if error["type"] == "ModuleNotFoundError" and (m := re.search(r"No module named '(\w+)", error["text"])):
        return f"网站没有安装 `{m[1]}` "
    if error["type"] in ("SyntaxError", "IndentationError", "TabError"):
        return "语法错误"
    if error["type"] == "NameError" and (m := re.search(r"name '(\w+)'", error["text"])):
        return f" `{m[1]}` 没有定义 "
    return f"{error['type']}（{error['text']}）"


def _stops(blocks, runs: dict[int, Runs]) -> dict[int, Stop]:
    """The blocks that stopped before their end, by index."""
    stops: dict[int, Stop] = {}
    for j, block in enumerate(blocks):
        failed = next((s for s in runs[j].first if s.error), None)
        if failed is None:
            continue
        row = failed.error["line"] or failed.start
        line, why = block.fence.start + row, _why(failed.error)
        row = 0 if why == "语法错误" else row  # none of it ran
        cause = _stopped_name(blocks, j, stops, failed.error)
        stops[j] = Stop(line, row, why, cause[1].root if cause else (line, why))
    return stops


def _stopped_name(blocks, i: int, stops: dict[int, Stop], error: dict) -> tuple[int, Stop] | None:
    """For a NameError of block ``i``: (its post line of definition, the stop) when the nearest earlier block
    that binds the name stopped before binding it."""
    m = re.search(r"name '(\w+)' is not defined", error["text"]) if error["type"] == "NameError" else None
    for j in range(i - 1, -1, -1) if m else ():
        if m[1] in (absent := absent_imports(blocks[j].fence.code)):
            row, _, module = absent[m[1]]
            line, why = blocks[j].fence.start + row, f"网站没有安装 `{module}` "
            return line, Stop(line, row, why, (line, why))
        bound = _bound_rows(blocks[j].fence.code)
        if m[1] in bound:
            stop = stops.get(j)
            return (blocks[j].fence.start + bound[m[1]], stop) if stop and bound[m[1]] >= stop.row else None
    return None


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


def _claim_entry(claim: lines.LineClaim, runs: Runs, report, block) -> Entry | None:
    start, code = block.fence.start, block.fence.code
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
    elif statement.start in lines.uninitialised_rows(code):
        report.unjudged.append(f"{said}：`torch.empty` 的值是未初始化的内存，每次都可能不同，无从核对")
    elif runs.varies(statement) or runs.inherited:
        report.unjudged.append(f"{said}：这一行打印的是随机数，每次运行都不同，只比较了数以外的部分")
        if not lines.bears_out(lines.masked(claim.value), lines.masked(text)):
            report.compared.append(f"{said}：数以外的部分与这一行的输出不一致{how}（见问题）")
            message = (
                f"原文说第 {start + claim.row} 行显示 `{claim.value}`：这一行的数是随机的，但数以外的部分也不同{how}"
            )
            return Entry(claim.line, "输出注释与运行不符", message, checks.excerpt(text))
    elif lines.bears_out(claim.value, text):
        report.compared.append(f"{said}：与这一行的输出一致{how}")
    elif changed := lines.changed_repr(claim.value, text, code):
        report.compared.append(f"{said}：只因 torch 的版本不同而不一致{how}（见问题）")
        message = f"原文写的 `{claim.value}` 是旧版 torch 的样子，现在的 torch 打印的是 `{text.strip()}`：{changed}"
        return Entry(claim.line, "torch 的输出变了", message, checks.excerpt(text), "改成现在的输出")
    else:
        report.compared.append(f"{said}：与这一行的输出不一致{how}（见问题）")
        line = start + claim.row
        message = f"原文说第 {line} 行显示 `{claim.value}`，运行显示的不是这样（比较时允许浮点误差）{how}"
        return Entry(claim.line, "输出注释与运行不符", message, checks.excerpt(text))
    return None


def _random_source(blocks, runs: dict[int, Runs], i: int, row: int) -> tuple[str, int] | None:
    """The generator and the post's line a varying line of block ``i`` draws from: its own block first (the
    nearest draw at or above it), then the blocks before it, nearest first, when it runs after them."""
    scope = [i, *range(i - 1, -1, -1)] if runs[i].in_page else [i]
    for j in scope:
        if draws := [d for d in lines.random_draws(blocks[j].fence.code) if j != i or d[1] <= row]:
            return draws[-1][0], blocks[j].fence.start + draws[-1][1]
    if draws := lines.random_draws(blocks[i].fence.code):
        return draws[0][0], blocks[i].fence.start + draws[0][1]
    return None


def _random_entry(blocks, runs: dict[int, Runs]) -> Entry | None:
    varying = [(i, s) for i in runs for s in runs[i].random_rows()]
    if not varying:
        return None
    first_of = {}
    for i, s in varying:
        first_of.setdefault(i, s)
    said, generators = [], []
    for i, s in first_of.items():
        source = _random_source(blocks, runs, i, s.start)
        line = blocks[i].fence.start + s.start
        said.append(f"第 {line} 行（来自第 {source[1]} 行 {source[0]} 的随机数）" if source else f"第 {line} 行")
        generators += [source[0]] if source and source[0] not in generators else []
    unknown = "" if all("来自" in x for x in said) else "；没有标出来源的来自时间或内存地址"
    message = f"{'、'.join(said)}打印的值每次运行都不同{unknown}：页面上的输出无法核对"
    seeds = [lines.SEEDS[g] for g in generators] or ["不打印每次都不同的值"]
    fix = "在用到随机数的代码块开头加上 " + "、".join(f"`{s}`" for s in seeds)
    at = blocks[varying[0][0]].fence.start + varying[0][1].start
    return Entry(at, "随机数没有固定", message, checks.excerpt(runs[varying[0][0]].displayed(varying[0][1])), fix)


def _absent_entries(blocks) -> list[Entry]:
    """One entry per import of a module the site lacks that its block does not need (the rest was judged)."""
    used = {x.id for b in blocks for x in ast.walk(_tree(b.fence.code)) if isinstance(x, ast.Name)}
    entries = []
    for block in blocks:
        by_row: dict[tuple, list[str]] = {}
        for name, where in absent_imports(block.fence.code).items():
            by_row.setdefault(where, []).append(name)
        for (row, last, module), names in by_row.items():
            written = " ".join(block.fence.code.split("\n")[row - 1 : last])
            listed = "、".join(f"`{n}`" for n in names)
            message = (
                f"网站的环境里没有安装 `{module}`（不是原文的错）；这个代码块的其余语句用不到 {listed}："
                "核对说法时去掉了这个导入，其余照常运行"
            )
            fix = (
                f"删掉 `{written.strip()}`：原文没有用到 {listed}"
                if not used & set(names)
                else lines.SITE_LACKS.get(module, f"把用到 `{module}` 的部分换成 torch、numpy 或 matplotlib")
            )
            printed = f"ModuleNotFoundError: No module named '{module}'"
            entries.append(Entry(block.fence.start + row, "环境：网站没有这个包", message, printed, fix))
    return entries


def _tree(code: str) -> ast.AST:
    try:
        return ast.parse(code)
    except SyntaxError:
        return ast.Module([], [])


def _cascade_entry(root: tuple[int, str], names: list) -> Entry:
    """One entry for the blocks that fail because an earlier block stopped before it bound the names they use."""
    by_name: dict[str, list] = {}
    for name, defined, stop, used in names:
        by_name.setdefault(name, [defined, stop, []])[2].append(str(used))
    said = [
        f"`{name}`（第 {'、'.join(used)} 行用到）：第 {defined} 行定义了它，"
        f"但那个代码块在第 {stop.line} 行就因为{stop.why}停下了"
        for name, (defined, stop, used) in by_name.items()
    ]
    message = f"第 {root[0]} 行因为{root[1]}停下，后面的代码块跟着出错：" + "；".join(said)
    fix = f"先解决第 {root[0]} 行的问题（见那一条），这些代码块就能运行"
    return Entry(names[0][3], "前面的代码块停下了", message, None, fix)


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
    stops, cascades = _stops(blocks, runs), {}
    for i, block in enumerate(blocks):
        failed = next((s.error for s in runs[i].first if s.error), None)
        if failed and (cascade := _stopped_name(blocks, i, stops, failed)):
            name = re.search(r"name '(\w+)'", failed["text"])[1]
            used = block.fence.start + (failed["line"] or 1)
            cascades.setdefault(stops[i].root, []).append((name, cascade[0], cascade[1], used))
        elif not block.result.escapes and (failure := _failure_entry(blocks, i, runs)):
            found.append(failure)
        for claim in lines.line_claims(block.fence):
            if entry := _claim_entry(claim, runs[i], report, block):
                found.append(entry)
    found += [_cascade_entry(root, names) for root, names in cascades.items()] + _absent_entries(blocks)
    found += [e for e in (_random_entry(blocks, runs),) if e] + _idiom_entries(blocks)
    return found
