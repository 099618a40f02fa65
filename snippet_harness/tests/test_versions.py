"""On a torch release other than the pinned one (a scratch copy of the fixture site whose
requirements.txt pins another torch than the installed one), the harness compares each output
with the one recorded for the installed release when there is one, names that release in a
failure, and --regen-all records only what truly differs; each run leaves its record of what passed."""

import json
import shutil
from importlib.metadata import version
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixture_site"
TORCH = version("torch")
RELEASE = TORCH.split("+")[0]


def test_another_release_uses_its_recorded_output(pytester):
    shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
    (pytester.path / "requirements.txt").write_text("torch==1.0.0  # not the installed torch\n", encoding="utf-8")
    pinned = pytester.path / "snippets/first/hello.out"
    recorded = pinned.with_name(f"hello.torch-{RELEASE}.out")
    pinned.write_text("您好\n", encoding="utf-8")  # as if torch 1.0.0 had printed this

    unlisted = pytester.runpytest_subprocess("--regen-all", "-k", "hello", timeout=120)
    unlisted.assert_outcomes(failed=1)
    assert "不在 pyproject.toml 的 also_verified_on 里" in unlisted.stdout.str() and not recorded.exists()
    (pytester.path / "pyproject.toml").write_text(f'[tool.site]\nalso_verified_on = ["{RELEASE}"]\n', encoding="utf-8")

    run = pytester.runpytest_subprocess("-k", "hello", timeout=120)
    run.assert_outcomes(failed=1)
    text = run.stdout.str()
    for says in ["snippets/first/hello.py", f"在 torch {TORCH} 上", "与 snippets/first/hello.out 比较",
                 "-您好", "+你好", "--regen-all -k hello", "把它记录下来"]:
        assert says in text, f"另一个版本上的不同应当说出 {says!r}：\n{text}"

    pytester.runpytest_subprocess("--regen-all", "-k", "hello", timeout=120).assert_outcomes(passed=1)
    assert pinned.read_text(encoding="utf-8") == "您好\n", "--regen-all 在另一个版本上不应改写固定版本的输出"
    assert recorded.read_text(encoding="utf-8") == "你好\n", f"应当把这个版本的输出记录在 {recorded.name}"
    pytester.runpytest_subprocess("-k", "hello", timeout=120).assert_outcomes(passed=1)

    pinned.write_text("你好\n", encoding="utf-8")  # the pinned output now says the same: nothing to record
    pytester.runpytest_subprocess("--regen-all", "-k", "hello", timeout=120).assert_outcomes(passed=1)
    assert not recorded.exists(), f"与固定版本一致之后，{recorded.name} 应当被删掉"


def test_each_run_records_what_passed(pytester):
    shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
    (pytester.path / "snippets/first/table.out").write_text("不是它打印的\n", encoding="utf-8")
    pytester.runpytest_subprocess("-k", "hello or table", timeout=120).assert_outcomes(passed=1, failed=1)
    path = pytester.path / f"test-artifacts/verified/torch-{TORCH}-cpu.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (record["torch"], record["device"]) == (TORCH, "cpu")
    outcomes = {name: entry["passed"] for name, entry in record["examples"].items()}
    assert outcomes == {"snippets/first/hello.py": True, "snippets/first/table.py": False}, outcomes
    fingerprint = record["examples"]["snippets/first/hello.py"]["fingerprint"]

    (pytester.path / "snippets/first/hello.py").write_text('print("你好")  # 改过\n', encoding="utf-8")
    pytester.runpytest_subprocess("-k", "hello or loop", timeout=120).assert_outcomes(passed=2)
    merged = json.loads(path.read_text(encoding="utf-8"))["examples"]
    assert set(merged) == {*outcomes, "snippets/first/loop.py"}, "后来的运行应当并入同一个版本的记录"
    assert merged["snippets/first/hello.py"]["fingerprint"] != fingerprint, "示例的代码变了，记录里的指纹也要变"
    assert not merged["snippets/first/table.py"]["passed"], "这次没有运行的示例，记录应当保持原样"
    before = path.read_text(encoding="utf-8")
    pytester.runpytest_subprocess("--regen-all", "-k", "table", timeout=120).assert_outcomes(passed=1)
    assert path.read_text(encoding="utf-8") == before, "--regen-all 刚写出的输出没有被验证过，不应记入运行记录"
