"""Each fault, made on purpose in a scratch copy of the fixture site (``fixture_site/``), fails exactly
one test, the block that shows the example, with a message naming the file."""

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixture_site"  # read here as text: the site model is under test too


def page_of(include: str) -> Path:
    return next(p for p in sorted((FIXTURE / "docs").glob("*.md")) if f'"{include}"' in p.read_text(encoding="utf-8"))


def shown(include: str) -> str:
    """How a failure names the block that shows ``include``: ``docs/<page>.md:<line> 显示的 snippets/...``,
    the line of its opening fence found here in the page's text (not by the site model under test)."""
    lines = page_of(include).read_text(encoding="utf-8").splitlines()
    include_line = next(n for n, line in enumerate(lines, 1) if line.strip() == f'--8<-- "{include}"')
    return f"docs/{page_of(include).name}:{include_line - 1} 显示的 snippets/{include}"


def item(include: str) -> str:
    """The test (junit ``classname::name``) of the block that shows ``include``."""
    return f"docs.{page_of(include).name}::snippets/{include}"


# fault: (the block that shows the example, the file changed, how: "append", "write" or "delete",
# the text, what the failure says after naming the block)
FAULTS = {
    "snippet raises": ("first/hello.py", "snippets/first/hello.py", "append", "raise ValueError('故意的错误')\n",
                       ["运行出错", "ValueError: 故意的错误"]),
    "stored output edited": ("first/table.py", "snippets/first/table.out", "append", "被改动的一行\n",
                             ["snippets/first/table.out", "+++ 这次运行", "-被改动的一行"]),
    "snippet hangs": ("first/loop.py", "snippets/first/loop.py", "append",
                      "import time\nwhile True:\n    time.sleep(1)\n", ["运行超过 5 秒仍未结束，已终止"]),
    "expected warning absent": ("first/quiet.py", "snippets/first/examples.toml", "append",
                                '\n[quiet]\nexpected_warnings = ["UserWarning"]\n',
                                ["expected_warnings 写了 UserWarning，但运行时没有发出这样的警告"]),
    "warns about deprecation": ("first/warns.py", "snippets/first/warns.py", "append",
                                "warnings.warn('旧接口', DeprecationWarning)\n", ["DeprecationWarning: 旧接口"]),
    "syntax error": ("first/seeded.py", "snippets/first/seeded.py", "append", "print(\n",
                     ['File "snippets/first/seeded.py", line', "SyntaxError"]),
    "setting misspelt": ("first/named.py", "snippets/first/examples.toml", "append",
                         "\n[named]\nrandom_number = true\n",
                         ["snippets/first/examples.toml [named]: 未知的键 ['random_number']"]),
    "comment claims another output": ("second/power.py", "snippets/second/power.py", "write",
                                      "print(2 ** 10)  # 输出：1025\n", ["第 1 行：注释说输出是 '1025'"]),
    "output not stored": ("second/stored.py", "snippets/second/stored.out", "delete", "",
                          ["snippets/second/stored.out 还不存在", "pytest --regen-all -k stored"]),
    "writes outside its directory": ("second/writes.py", "snippets/second/writes.py", "append",
                                     "open(__import__('tempfile').gettempdir() + '/../../leak.txt', 'a')\n",
                                     ["示例在它的临时目录之外写文件"]),
    "stored picture stale": ("second/graph.py", "snippets/second/graph.svg", "append",
                             '<text x="0" y="0">旧的图</text>\n',
                             ["snippets/second/graph.svg", '-<text x="0" y="0">旧的图</text>']),
    "prints more than a page shows": ("second/short.py", "snippets/second/short.py", "append",
                                      "for i in range(10 ** 6):\n    print(i)\n",
                                      ["一个页面最多显示 200 行或 20000 字节"]),
}


def break_copy(where: Path) -> None:
    shutil.copytree(FIXTURE, where, dirs_exist_ok=True)
    for _, path, how, text, _ in FAULTS.values():
        if how == "delete":
            (where / path).unlink()
        else:
            with open(where / path, "a" if how == "append" else "w", encoding="utf-8") as f:
                f.write(text)


def test_the_fixture_site_passes(pytester):
    shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
    blocks = sum(len(re.findall(r'--8<-- "[^"]+\.py"', page.read_text(encoding="utf-8")))
                 for page in (FIXTURE / "docs").glob("*.md"))
    pytester.runpytest_subprocess(timeout=300).assert_outcomes(passed=blocks)


def test_each_fault_fails_the_block_that_shows_it_once(pytester):
    break_copy(pytester.path)
    report = pytester.path / "report.xml"
    pytester.runpytest_subprocess("--snippet-timeout", "5", f"--junitxml={report}", timeout=300)
    failed = {f"{case.get('classname')}::{case.get('name')}": failure.get("message", "") + (failure.text or "")
              for case in ET.parse(report).iter("testcase") for failure in case.iter("failure")}
    for fault, (block, _, _, _, says) in FAULTS.items():
        texts = [shown(block), *says]
        mine = [test for test, message in failed.items() if all(text in message for text in texts)]
        assert mine == [item(block)], f"{fault}：应当只让 {item(block)} 失败并说 {texts}：\n{failed}"
    assert len(failed) == len(FAULTS), f"还有别的失败：\n{failed}"
