"""Each fault, made on purpose in a scratch copy of the fixture site (``fixture_site/``), fails exactly
one test, the block that shows the example, with a message naming the file; a failed comparison
ends with the command that regenerates the stored file; and a block that includes a snippet that
does not exist fails one test of its own, whatever ``-k`` selects."""

import re
from pathlib import Path
from typing import NamedTuple

FIXTURE = Path(__file__).resolve().parent / "fixture_site"  # read here as text: the site model is under test too


def page_of(include: str) -> Path:
    return next(p for p in sorted((FIXTURE / "docs").glob("*.md")) if f'"{include}"' in p.read_text(encoding="utf-8"))


def fence_line(page: Path, include: str) -> int:
    """The line of the opening fence of the block that includes ``include``, found here in the page's text."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == f'--8<-- "{include}"') - 1


def shown(include: str) -> str:
    """How a failure names the block that shows ``include``: ``docs/<page>.md:<line> 显示的 snippets/...``."""
    return f"docs/{page_of(include).name}:{fence_line(page_of(include), include)} 显示的 snippets/{include}"


def item(include: str) -> str:
    """The test (junit ``classname::name``) of the block that shows ``include``."""
    return f"docs.{page_of(include).name}::snippets/{include}"


class Fault(NamedTuple):
    block: str  # the include of the block that shows the example
    path: str  # the file changed
    how: str  # "append", "write" or "delete"
    text: str
    says: list[str]  # what the failure says after naming the block
    command: str | None = None  # the command the failure ends with: a comparison's regenerates the file


FAULTS = {
    "snippet raises": Fault(
        "first/hello.py",
        "snippets/first/hello.py",
        "append",
        "raise ValueError('故意的错误')\n",
        ["运行出错", "ValueError: 故意的错误"],
    ),
    "stored output edited": Fault(
        "first/table.py",
        "snippets/first/table.out",
        "append",
        "被改动的一行\n",
        ["snippets/first/table.out", "+++ 这次运行", "-被改动的一行"],
        "pytest --regen-all -k table",
    ),
    "example edited, output not regenerated": Fault(
        "second/square.py",
        "snippets/second/square.py",
        "write",
        "print(4 ** 2)\n",
        ["snippets/second/square.out", "-9", "+16", "重新生成 snippets/second/square.out"],
        "pytest --regen-all -k square",
    ),
    "snippet hangs": Fault(
        "first/loop.py",
        "snippets/first/loop.py",
        "append",
        "import time\nwhile True:\n    time.sleep(1)\n",
        ["运行超过 5 秒仍未结束，已终止"],
    ),
    "expected warning absent": Fault(
        "first/quiet.py",
        "snippets/first/examples.toml",
        "append",
        '\n[quiet]\nexpected_warnings = ["UserWarning"]\n',
        ["expected_warnings 写了 UserWarning，但运行时没有发出这样的警告"],
    ),
    "warns about deprecation": Fault(
        "first/warns.py",
        "snippets/first/warns.py",
        "append",
        "warnings.warn('旧接口', DeprecationWarning)\n",
        ["DeprecationWarning: 旧接口"],
    ),
    "syntax error": Fault(
        "first/seeded.py",
        "snippets/first/seeded.py",
        "append",
        "print(\n",
        ['File "snippets/first/seeded.py", line', "SyntaxError"],
    ),
    "setting misspelt": Fault(
        "first/named.py",
        "snippets/first/examples.toml",
        "append",
        "\n[named]\nrandom_number = true\n",
        ["snippets/first/examples.toml [named]: 未知的键 ['random_number']"],
    ),
    "comment claims another output": Fault(
        "second/power.py",
        "snippets/second/power.py",
        "write",
        "print(2 ** 10)  # 输出：1025\n",
        ["第 1 行：注释说输出是 '1025'"],
    ),
    "output not stored": Fault(
        "second/stored.py",
        "snippets/second/stored.out",
        "delete",
        "",
        ["snippets/second/stored.out 还不存在"],
        "pytest --regen-all -k stored",
    ),
    "writes outside its directory": Fault(
        "second/writes.py",
        "snippets/second/writes.py",
        "append",
        "open(__import__('tempfile').gettempdir() + '/../../leak.txt', 'a')\n",
        ["示例在它的临时目录之外写文件"],
    ),
    "stored picture stale": Fault(
        "second/graph.py",
        "snippets/second/graph.svg",
        "append",
        '<text x="0" y="0">旧的图</text>\n',
        ["snippets/second/graph.svg", '-<text x="0" y="0">旧的图</text>'],
        "pytest --regen-all -k graph",
    ),
    "prints more than a page shows": Fault(
        "second/short.py",
        "snippets/second/short.py",
        "append",
        "for i in range(10 ** 6):\n    print(i)\n",
        ["一个页面最多显示 200 行或 20000 字节"],
    ),
}


def break_copy(where: Path) -> None:
    for fault in FAULTS.values():
        if fault.how == "delete":
            (where / fault.path).unlink()
        else:
            with open(where / fault.path, "a" if fault.how == "append" else "w", encoding="utf-8") as f:
                f.write(fault.text)


def test_the_fixture_site_passes(fixture_site):
    blocks = sum(
        len(re.findall(r'--8<-- "[^"]+\.py"', page.read_text(encoding="utf-8")))
        for page in (FIXTURE / "docs").glob("*.md")
    )
    result, failed = fixture_site.run()
    assert not failed, failed
    result.assert_outcomes(passed=blocks)


def test_each_fault_fails_the_block_that_shows_it_once(fixture_site):
    break_copy(fixture_site.path)
    _, failed = fixture_site.run("--snippet-timeout", "5")
    for name, fault in FAULTS.items():
        texts = [shown(fault.block), *fault.says]
        mine = [test for test, message in failed.items() if all(text in message for text in texts)]
        assert mine == [item(fault.block)], f"{name}：应当只让 {item(fault.block)} 失败并说 {texts}：\n{failed}"
        if fault.command:
            last = failed[item(fault.block)].splitlines()[-1].strip()
            assert last == fault.command, (
                f"{name}：失败信息应当以重新生成它的命令结尾：{fault.command!r}，而不是 {last!r}"
            )
    assert len(failed) == len(FAULTS), f"还有别的失败：\n{failed}"


def test_an_include_that_names_no_file_fails_one_test_whatever_k_selects(fixture_site):
    page = fixture_site.path / "docs/first.md"
    page.write_text(page.read_text(encoding="utf-8").replace('"first/hello.py"', '"first/helo.py"'), encoding="utf-8")
    line = fence_line(page, "first/helo.py")
    typo = f"docs.first.md::snippets/first/helo.py:{line}"
    for selected, passed in [("hello", 0), ("table", 1)]:
        result, failed = fixture_site.run("-k", selected)
        result.assert_outcomes(failed=1, passed=passed)
        assert list(failed) == [typo], f"-k {selected}：应当只有拼错的引用失败（{typo}）：\n{failed}"
        for says in [f"docs/first.md:{line} 引用的 first/helo.py 不存在", "最接近的现有示例：first/hello.py"]:
            assert says in failed[typo], f"-k {selected}：失败信息应当说出 {says!r}：\n{failed[typo]}"
