"""``python -m site_import``: a post becomes a draft page, and the report names what the post gets wrong."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_import.importer import Refused, import_post
from site_import.post import Unreadable
from snippet_harness.runner import Runner

ROOT = Path(__file__).resolve().parents[1]
SOURCE_POST = ROOT / "source" / "pytorch-learning-post.md"
FIXTURE_POST = ROOT / "tests" / "fixtures" / "import" / "post.md"
ESCAPES_POST = ROOT / "tests" / "fixtures" / "import" / "escapes.md"
SITE_FILES = ["docs", "snippets", "overrides", "mkdocs.yml", "pyproject.toml", "requirements.txt"]  # what a build reads


def line_of(path: Path, needle: str, after: int = 0) -> int:
    """The 1-based line of ``path`` holding ``needle``, the first after line ``after``."""
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and needle in line)


def scratch_site(folder: Path) -> Path:
    folder.mkdir()
    for name in SITE_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, folder / name)
    return folder


def empty_site(root: Path) -> Path:
    """``root`` made a site to import into: the project's mkdocs.yml and an empty docs/."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def runner():
    started = Runner()
    yield started
    started.close()


@pytest.fixture(scope="module")
def source_import(tmp_path_factory, runner):
    root = scratch_site(tmp_path_factory.mktemp("source") / "site")
    return root, import_post(SOURCE_POST, name="post", root=root, runner=runner)


@pytest.fixture(scope="module")
def fixture_import(tmp_path_factory, runner):
    root = empty_site(tmp_path_factory.mktemp("fixture"))
    return root, import_post(FIXTURE_POST, name="fixture", root=root, runner=runner, timeout=6)


def found(report) -> list[tuple[str, int]]:
    return sorted((e.kind, e.line) for e in report.entries)


def test_the_source_posts_report_finds_its_problems_and_nothing_in_its_right_block(source_import):
    _, report = source_import
    loop = line_of(SOURCE_POST, "for data, target in dataloader") - 1
    matmul = line_of(SOURCE_POST, "w = torch.randn(12, 1)") - 1
    scalar_parameter = line_of(SOURCE_POST, "# 标量参数")
    scalar_result = line_of(SOURCE_POST, "# (1, 1) 标量")
    assert found(report) == [
        ("只能接着前面运行", matmul),
        ("图片不存在", line_of(SOURCE_POST, "PyTorchLogo.jpg")),
        ("形状注释与运行不符", scalar_parameter),
        ("形状注释与运行不符", scalar_result),
        ("没有标明语言", matmul),
        ("用到没有定义的名字", loop + 1),
        ("随机数没有固定", line_of(SOURCE_POST, "print(result)")),
    ]
    by_line = {e.line: e for e in report.entries if e.kind == "形状注释与运行不符"}
    assert "`w` 是标量" in by_line[scalar_parameter].message and "`(1,)`" in by_line[scalar_parameter].message
    assert "`(1, 1)`（2 维张量）" in by_line[scalar_result].message
    fragment = next(e for e in report.entries if e.line == loop + 1)
    assert "`dataloader` 在原文里哪里都没有定义" in fragment.message and "按原文的顺序" in fragment.message
    assert "NameError: name 'dataloader' is not defined" in fragment.printed
    needs_import = next(e for e in report.entries if e.line == matmul and e.kind == "只能接着前面运行")
    assert "`import torch`" in needs_import.fix and f"第 {matmul} 行用到 `torch`" in needs_import.message
    assert "torch.manual_seed(0)" in next(e for e in report.entries if e.kind == "随机数没有固定").fix
    grad = line_of(SOURCE_POST, "# 输出：tensor([-6.])")
    columns = [line_of(SOURCE_POST, "# 列向量 (12, 1)", after=n) for n in (0, matmul + 1)]
    assert report.compared == [
        f"第 {scalar_parameter} 行 `# 标量参数，也可以是向量`：与运行得到的形状不一致（见问题）",
        *(f"第 {n} 行 `# 列向量 (12, 1)`：与运行得到的形状一致" for n in columns),
        f"第 {scalar_result} 行 `# (1, 1) 标量，`：与运行得到的形状不一致（见问题）",
        f"第 {grad} 行 `# 输出：tensor([-6.])`：与这一行的输出一致",
    ]
    formula = line_of(SOURCE_POST, "# loss = (2*3 - 7)^2")
    assert any(item.startswith(f"第 {formula} 行") and "算式" in item for item in report.unjudged)


def test_the_source_posts_draft_builds_strictly_with_its_snippets_and_post_information(source_import):
    root, _ = source_import
    page = (root / "docs" / "post.md").read_text("utf-8")
    assert 'post:\n  title: "pytorch学习哈"\n  author: "pigLoveRabbit"' in page
    assert '--8<-- "post/example_1.py"' in page and '--8<-- "post/example_1.out"' in page
    assert "```python\nimport torch" not in page  # every block is a snippet now
    assert "w.grad: tensor([-6.])" in (root / "snippets" / "post" / "example_1.out").read_text("utf-8")
    assert (root / "source" / "pytorch-learning-post.md").read_text("utf-8") == SOURCE_POST.read_text("utf-8")
    assert "第 " in (root / "source" / "post.report.md").read_text("utf-8")
    env = {**os.environ, "NOTEBOOK_EXECUTE": "false", "NO_MKDOCS_2_WARNING": "1"}
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "built")]
    done = subprocess.run(build, check=False, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "w.grad: tensor([-6.])" in (root / "built" / "post" / "index.html").read_text("utf-8")


def test_each_planted_problem_of_the_fixture_post_is_reported_once_at_its_line(fixture_import):
    _, report = fixture_import
    post = FIXTURE_POST
    assert found(report) == sorted(
        [
            ("图片不存在", line_of(post, "![一张不存在的图]")),
            ("输出注释与运行不符", line_of(post, "# 输出：tensor([7.])")),
            ("输出注释与运行不符", line_of(post, "# → tensor(5.)")),
            ("输出注释与运行不符", line_of(post, "** 2)  # tensor(5.)")),
            ("手写的输出与运行不符", line_of(post, "tensor([1., 1.])") - 1),
            ("没有标明语言", line_of(post, "print(torch.arange(3))") - 3),
            ("只能接着前面运行", line_of(post, "print(x + 1)") - 1),
            ("用到没有定义的名字", line_of(post, "print(undefined_thing)")),
            ("警告", line_of(post, 'warnings.warn("这是一个警告")') - 3),
            ("链接不存在", line_of(post, "[链接](missing-page.md)")),
            ("形状注释与运行不符", line_of(post, "# (3, 1)")),
            ("本机路径", line_of(post, '"D:\\\\models') - 3),
            ("写到示例文件夹以外", line_of(post, 'os.remove("../notes.txt")')),
            ("运行超时", line_of(post, "while True:")),
        ]
    )
    by_line = {e.line: e for e in report.entries}
    assert "tensor([6.])" in by_line[line_of(post, "# 输出：tensor([7.])")].printed
    assert "tensor(0.)" not in by_line[line_of(post, "** 2)  # tensor(5.)")].printed  # it printed 4.
    assert "tensor([0., 0.])" in by_line[line_of(post, "tensor([1., 1.])") - 1].printed
    needs_x = by_line[line_of(post, "print(x + 1)") - 1]
    assert f"`x`（第 {line_of(post, '```python')} 行）" in needs_x.message and "合并" in needs_x.fix
    assert "哪里都没有定义" in by_line[line_of(post, "print(undefined_thing)")].message
    assert "UserWarning: 这是一个警告" in by_line[line_of(post, 'warnings.warn("这是一个警告")') - 3].printed
    assert any("6 / 2 = 3" in item and "算式" in item for item in report.unjudged)
    assert "`(3, 3)`" in by_line[line_of(post, "# (3, 1)")].message
    assert "PermissionError" in by_line[line_of(post, 'os.remove("../notes.txt")')].printed
    assert "运行超时" in by_line[line_of(post, "while True:")].message
    # the right block: two printed values, its text block, a shape and a scalar
    assert sum("与这一行的输出一致" in item for item in report.compared) == 2  # each on its own line
    assert sum("与运行的输出一致" in item for item in report.compared) == 1  # the text block
    assert sum("与运行得到的形状一致" in item for item in report.compared) == 2


def test_blocks_that_reach_beyond_their_folder_leave_nothing_and_each_is_reported_once_at_its_line(tmp_path, runner):
    """Writes elsewhere (Python's open, torch's C++ writer, os.system, a subprocess) and a connection: the
    kernel's box refuses each, and the report names it as the cause, at the line that did it."""
    post = ESCAPES_POST
    left = [Path(p) for p in re.findall(r"/tmp/site-import-escape-[\w.-]+", post.read_text("utf-8"))]
    assert len(left) == 4 and not any(p.exists() for p in left)
    root = empty_site(tmp_path / "site")
    report = import_post(post, name="escapes", root=root, runner=runner, timeout=20)
    assert not any(p.exists() for p in left)
    assert found(report) == sorted(
        [
            ("写到示例文件夹以外", line_of(post, 'open("/tmp/site-import-escape-open.txt"')),
            ("写到示例文件夹以外", line_of(post, '"/tmp/site-import-escape-save.pt")')),
            ("运行了别的程序", line_of(post, "os.system(")),
            ("运行了别的程序", line_of(post, "subprocess.run(")),
            ("联网被拒绝", line_of(post, "socket.create_connection(")),
        ]
    )
    by_line = {e.line: e for e in report.entries}
    assert "/tmp/site-import-escape-open.txt" in by_line[line_of(post, "open(")].message
    assert "Permission denied" in by_line[line_of(post, "os.system(")].printed
    assert "联网被拒绝：127.0.0.1:9" in by_line[line_of(post, "socket.create_connection(")].message
    written = "\n".join(p.read_text("utf-8") for p in sorted((root / "snippets" / "escapes").glob("*.out")))
    assert "tensor([1., 1.])" in written  # the block that writes in its own folder ran
    assert "联网被拒绝" in (root / "source" / "escapes.report.md").read_text("utf-8")


def test_an_output_typed_by_hand_becomes_the_real_one_and_missing_images_leave_the_draft(fixture_import):
    root, _ = fixture_import
    page = (root / "docs" / "fixture.md").read_text("utf-8")
    assert "tensor([1., 1.])" not in page and "/images/missing.png)" not in page and "missing-page.md" not in page
    assert (root / "snippets" / "fixture" / "example_5.out").read_text("utf-8") == "tensor([0., 0.])\n"
    assert "fixture.md" in (root / "mkdocs.yml").read_text("utf-8")


def test_it_refuses_to_overwrite_and_changes_nothing(fixture_import):
    root, _ = fixture_import
    page = root / "docs" / "fixture.md"
    before = page.read_text("utf-8")
    with pytest.raises(Refused) as refused:
        import_post(FIXTURE_POST, name="fixture", root=root)
    assert page in refused.value.files and root / "snippets" / "fixture" in refused.value.files
    assert page.read_text("utf-8") == before


def test_a_post_without_code_imports_as_a_page_and_the_command_refuses_a_second_time(tmp_path):
    post = tmp_path / "notes.md"
    post.write_text("---\ntitle: 只有文字\ndate: 2025-02-03\n---\n## 一节\n\n没有代码。\n", "utf-8")
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试\n", "utf-8")  # a site: the command refuses other roots
    command = [sys.executable, "-m", "site_import", str(post), "--root", str(root)]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "没有发现问题" in done.stdout and "docs/notes.md" in done.stdout
    assert 'title: "只有文字"' in (root / "docs" / "notes.md").read_text("utf-8")
    assert "没有代码。" in (root / "docs" / "notes.md").read_text("utf-8")
    assert not (root / "snippets" / "notes").exists()
    again = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert again.returncode == 1 and str(root / "docs" / "notes.md") in again.stderr


def test_a_post_it_cannot_read_is_refused_with_a_reason_and_nothing_written(tmp_path):
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试\n", "utf-8")
    posts = {
        "colon.md": ("---\ntitle: PyTorch: 入门\n---\n正文\n".encode(), "不是合法的 YAML（第 2 行）"),
        "prose.md": ("---\n这篇文章是我的学习笔记\n---\n正文\n".encode(), "YAML 映射"),
        "gbk.md": ("---\ntitle: 笔记\n---\n正文\n".encode("gbk"), "不是 UTF-8"),
    }
    for file, (data, reason) in posts.items():
        (tmp_path / file).write_bytes(data)
        command = [sys.executable, "-m", "site_import", str(tmp_path / file), "--root", str(root)]
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert done.returncode == 1 and reason in done.stderr and "Traceback" not in done.stderr, done.stderr
    with pytest.raises(Unreadable, match="只能由小写字母"):
        import_post(tmp_path / "colon.md", name="../escaped", root=root)
    assert sorted(p.name for p in root.rglob("*")) == ["docs", "mkdocs.yml"]


def test_a_page_whose_name_ends_another_pages_name_still_gets_its_nav_entry(tmp_path):
    root = empty_site(tmp_path / "site")
    assert "matmul_shapes.md" in (root / "mkdocs.yml").read_text("utf-8")
    post = tmp_path / "shapes.md"
    post.write_text("---\ntitle: 形状\n---\n正文\n", "utf-8")
    assert import_post(post, root=root).nav_added
    assert '"草稿：形状": shapes.md' in (root / "mkdocs.yml").read_text("utf-8")


def test_a_drive_path_does_not_hide_another_error_and_the_copy_is_the_posts_bytes(tmp_path, runner):
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    post = tmp_path / "paths.md"
    code = 'import no_such_module\n\nsaved = "D:\\\\w.pt"\n'
    post.write_bytes(("\ufeff---\ntitle: 路径\n---\n```python\n" + code + "```\n").encode())
    report = import_post(post, root=root, runner=runner)
    assert found(report) == [("本机路径", 4), ("环境：网站没有这个包", 5)]
    failed = next(e for e in report.entries if e.kind == "环境：网站没有这个包")
    assert "`no_such_module`" in failed.message and "No module named 'no_such_module'" in failed.printed
    assert (root / "source" / "paths.md").read_bytes() == post.read_bytes()
    assert 'title: "路径"' in (root / "docs" / "paths.md").read_text("utf-8")


CONTEXT_POST = ROOT / "tests" / "fixtures" / "import" / "context.md"


def test_blocks_are_judged_in_the_posts_order_line_by_line_and_each_cause_is_reported_once(tmp_path, runner):
    post = CONTEXT_POST
    root = empty_site(tmp_path / "site")
    report = import_post(post, name="context", root=root, runner=runner, timeout=6)
    first = line_of(post, "```python")
    assert found(report) == sorted(
        [
            ("没有导入", first),
            ("只能接着前面运行", line_of(post, "y = (x * 2).sum()") - 1),
            ("输出注释与运行不符", line_of(post, "# 结果：tensor(8.)")),
            ("torch 的输出变了", line_of(post, "grad_fn=<SumBackward>)")),
            ("随机数没有固定", line_of(post, "print(layer.weight.sum())")),
            ("过时的写法", line_of(post, "w2.data -= ")),
            ("名字在别处定义", line_of(post, "print(z)")),
            ("名字在别处定义", line_of(post, "print(inner)")),
            ("环境：网站没有这个包", line_of(post, "import torchvision")),
            ("环境：等待键盘输入", line_of(post, "input(")),
            ("警告", line_of(post, "import warnings") - 1),
            ("运行出错", line_of(post, "print(1 / 0)")),
            ("过时的写法", line_of(post, "v = Variable(")),
        ]
    )
    by_kind = {e.kind: e for e in report.entries}
    assert "`import torch`" in by_kind["没有导入"].fix and "`import torch.nn as nn`" in by_kind["没有导入"].fix
    assert "torch.manual_seed(0)" in by_kind["随机数没有固定"].fix
    assert f"第 {line_of(post, 'nn.Linear(2, 1)')} 行" in by_kind["随机数没有固定"].message
    assert "tensor(7.)" in by_kind["输出注释与运行不符"].printed
    assert "<SumBackward0>" in by_kind["torch 的输出变了"].message
    assert "UserWarning" in by_kind["运行出错"].message and "ZeroDivisionError" in by_kind["运行出错"].message
    assert "`make`" in next(e for e in report.entries if e.line == line_of(post, "print(inner)")).message
    judged = "\n".join(report.compared)
    for claim in (
        "# tensor(6.)",
        "# torch.Size([4])",
        "# [0.0, 1.0, 2.0, 3.0]",
        "# tensor(6., grad_fn=<SumBackward0>)",
    ):
        assert f"`{claim}`：与这一行的输出一致" in judged, claim
    summary = (root / "source" / "context.report.md").read_text("utf-8").split("## 问题")[0]
    assert "名字在别处定义（2）" in summary and "核对的说法：2 条与运行不符" in summary
    assert "`# 'aaa'`：与这一行的输出一致" in judged and "`# torch.Size([3, 4])`：与这一行的输出一致" in judged
    assert not (root / "snippets" / "context" / "examples.toml").exists() or "Deprecation" not in (
        root / "snippets" / "context" / "examples.toml"
    ).read_text("utf-8")


FORMS_POST = ROOT / "tests" / "fixtures" / "import" / "forms.md"


@pytest.fixture(scope="module")
def forms_import(tmp_path_factory, runner):
    root = empty_site(tmp_path_factory.mktemp("forms"))
    return root, import_post(FORMS_POST, name="forms", root=root, runner=runner)


def test_outputs_typed_by_hand_in_every_form_are_compared_and_what_is_not_code_is_reported_once(forms_import):
    """Typed outputs (under 「输出：」, tagged python, ``Out[2]:``, a ``'''`` string, under ``>>>`` prompts) are
    compared with the run, each wrong one reported once at its line; blocks that are not code (signatures,
    a parameter list, notation, magics), once per kind; Hexo tags and HTML, at their lines."""
    _, report = forms_import
    post = FORMS_POST
    shown = line_of(post, ">>> t.sum()") + 1
    assert found(report) == sorted(
        [
            ("Hexo 标签", line_of(post, "{% note info %}")),
            ("手写的输出与运行不符", line_of(post, "tensor([4., 4.])") - 1),
            ("手写的输出与运行不符", line_of(post, "tensor([2.0, 2.0])") - 1),
            ("输出块标成了 python", line_of(post, "tensor([2.0, 2.0])") - 1),
            ("手写的输出与运行不符", line_of(post, "Out[2]: tensor(4.)") - 1),
            ("手写的输出与运行不符", line_of(post, "tensor(1.)") - 1),
            ("交互式提示符", line_of(post, ">>> import torch") - 1),
            ("手写的输出与运行不符", shown),
            ("函数签名", line_of(post, "nn.Conv2d(") - 1),
            ("参数列表", line_of(post, "in_channels (int)") - 1),
            ("公式或记号", line_of(post, "y = W·x + b") - 1),
            ("IPython 魔法命令", line_of(post, "%timeit")),
            ("Hexo 标签", line_of(post, "{% asset_img")),
            ("HTML 标记", line_of(post, "<img src=")),
            ("图片不存在", line_of(post, "<img src=")),
            ("HTML 标记", line_of(post, "<pre><code")),
        ]
    )
    by_kind = {e.kind: e for e in report.entries}
    assert (
        f"第 {line_of(post, 'nn.Conv2d(') - 1}、{line_of(post, 'torch.sum(input') - 1} 行"
        in by_kind["函数签名"].message
    )
    assert f"{line_of(post, '%timeit')}、{line_of(post, '!pip install')} 行" in by_kind["IPython 魔法命令"].message
    assert by_kind["输出块标成了 python"].fix == "把这个代码块的语言改成 text"
    wrong = {e.line: e for e in report.entries if e.kind == "手写的输出与运行不符"}
    assert wrong[line_of(post, "tensor([4., 4.])") - 1].written == "tensor([4., 4.])"
    assert wrong[line_of(post, "tensor([4., 4.])") - 1].printed == "tensor([3., 3.])"
    assert wrong[line_of(post, "tensor(1.)") - 1].printed == "tensor(1.5000)"
    assert wrong[shown].written == "tensor(7)" and "tensor(6)" in wrong[shown].printed
    assert "「输出：」" in wrong[line_of(post, "tensor([4., 4.])") - 1].message
    assert "草稿里去掉了它，显示运行的真实输出" in wrong[shown].message
    right = [item for item in report.compared if "与运行的输出一致" in item]  # 「运行结果：」, a * 2 and t * 2
    assert [item.split("（")[0] for item in right] == [
        f"第 {line_of(post, 'tensor([0, 1, 2])') - 1} 行",
        f"第 {line_of(post, 'tensor([2., 4.])') - 1} 行",
        f"第 {line_of(post, '>>> t * 2') + 1} 行",
    ]
    assert "「运行结果：」下面的输出块" in right[0]


def test_the_draft_shows_real_outputs_only_and_blocks_that_are_not_code_as_text(forms_import):
    root, _ = forms_import
    page = (root / "docs" / "forms.md").read_text("utf-8")
    for typed in ("tensor([4., 4.])", "tensor([2.0, 2.0])", "Out[2]", "tensor(7)", "输出：", "运行结果："):
        assert typed not in page, typed
    for markup in ("{%", "<img", "<pre", ">>>"):
        assert markup not in page, markup
    assert "```text\nnn.Conv2d(in_channels" in page and "```text\n%timeit" in page and "```text\ny = W·x" in page
    assert "这是 Hexo 的提示框" in page and "![曲线]" not in page  # the text kept, the missing image left out
    snippets = root / "snippets" / "forms"
    examples = {p.stem: p.read_text("utf-8") for p in snippets.glob("*.py")}
    assert examples["example_3"].endswith("print(a * 2)\n")  # the value a notebook shows, printed
    assert len(examples) == 9 and not any(
        "'''" in code or ">>>" in code or "!pip" in code for code in examples.values()
    )
    doctest = next(name for name, code in examples.items() if "t = torch.tensor([1, 2, 3])" in code)
    assert examples[doctest] == "import torch\nt = torch.tensor([1, 2, 3])\nprint(t * 2)\n\nprint(t.sum())\n"
    assert (snippets / f"{doctest}.out").read_text("utf-8") == "tensor([2, 4, 6])\ntensor(6)\n"
    html = next(name for name, code in examples.items() if "print(1 < 2)" in code)
    assert (snippets / f"{html}.out").read_text("utf-8") == "True\n"


@pytest.mark.parametrize("case", ["missing", "folder", "not a site"])
def test_the_command_refuses_a_missing_post_a_folder_and_a_root_that_is_no_site(tmp_path, case):
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: 测试\n", "utf-8")
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: 笔记\n---\n正文\n", "utf-8")
    post, root, reason = {
        "missing": (tmp_path / "no-such-post.md", site, "找不到文章"),
        "folder": (tmp_path, site, "是一个文件夹"),
        "not a site": (post, tmp_path / "elsewhere", "不是网站的根目录"),
    }[case]
    command = [sys.executable, "-m", "site_import", str(post), "--root", str(root)]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and reason in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "post.md",
        "site",
        "site/docs",
        "site/mkdocs.yml",
    ]


OUTPUTS_POST = ROOT / "tests" / "fixtures" / "import" / "outputs.md"


def test_indented_outputs_noted_outputs_printed_reprs_and_named_signatures_are_not_run(tmp_path, runner):
    """An output indented 4 spaces, a python-tagged output with ``#`` notes under a 「输出结果」 heading, an untagged
    ``y= tensor(…)`` that parses as Python, each compared and reported once at its line; a multi-line signature named
    so, not run; an output under an empty block, compared with the code above it."""
    root = empty_site(tmp_path / "site")
    report, post = import_post(OUTPUTS_POST, name="outputs", root=root, runner=runner), OUTPUTS_POST
    noted = line_of(post, "# 先打印 b") - 1
    assert found(report) == sorted(
        [
            ("手写的输出与运行不符", line_of(post, "    tensor([4., 4.])")),
            ("手写的输出与运行不符", noted),
            ("输出块标成了 python", noted),
            ("手写的输出与运行不符", line_of(post, "y= tensor(3.)") - 1),
            ("函数签名", line_of(post, "Loader(") - 1),
        ]
    )
    wrong = {e.line: e for e in report.entries if e.kind == "手写的输出与运行不符"}
    assert wrong[line_of(post, "    tensor([4., 4.])")].printed == "tensor([3., 3.])"
    assert wrong[noted].written == "b is\ntensor([0, 1, 2])\ntensor(5)" and "tensor(3)" in wrong[noted].printed
    assert "y= tensor(2.)" in wrong[line_of(post, "y= tensor(3.)") - 1].printed
    right = [item for item in report.compared if "与运行的输出一致" in item]
    assert [item.split("（")[0] for item in right] == [f"第 {line_of(post, 'tensor([0.])') - 1} 行"]
    page = (root / "docs" / "outputs.md").read_text("utf-8")
    assert "tensor([4., 4.])" not in page and "# 先打印 b" not in page and "```python\n\n```" not in page


JUDGING_POST = ROOT / "tests" / "fixtures" / "import" / "judging.md"


def test_random_uninitialised_and_old_torch_outputs_are_named_and_right_claims_are_not_reported(tmp_path, runner):
    post = JUDGING_POST
    root = empty_site(tmp_path / "site")
    report = import_post(post, name="judging", root=root, runner=runner, timeout=6)
    typed_random = line_of(post, "Parameter containing:") - 1  # the output block's fence
    assert found(report) == sorted(
        [
            ("只能接着前面运行", line_of(post, "print(net.weight)") - 1),
            ("随机数没有固定", line_of(post, "print(net.weight)")),
            ("环境：网站没有这个包", line_of(post, "import pandas as pd")),
            ("环境：网站没有这个包", line_of(post, "from sklearn import datasets")),
            ("前面的代码块停下了", line_of(post, "print(k)")),
            ("torch 的输出变了", line_of(post, "grad_fn=<ThSumBackward>") - 1),
            ("torch 的输出变了", line_of(post, "# 1.10.0")),
        ]
    )
    by_kind = {e.kind: e for e in report.entries}
    random = by_kind["随机数没有固定"].message
    # each random line names its own source; the bare `torch.rand(1)` mid-block shows nothing
    assert f"第 {line_of(post, 'print(net.weight)')} 行（来自第 {line_of(post, 'nn.Linear(2, 1)')} 行" in random
    assert f"第 {line_of(post, 'print(g)')} 行（来自第 {line_of(post, 'torch.randn(2)')} 行" in random
    assert f"第 {line_of(post, 'torch.rand(1)')} 行" not in random
    pandas = next(e for e in report.entries if "`pandas`" in e.message)
    assert pandas.fix == "删掉 `import pandas as pd`：原文没有用到 `pd`"
    cascade = by_kind["前面的代码块停下了"].message
    assert f"`k`（第 {line_of(post, 'print(k)')}、{line_of(post, 'print(k + 1)')} 行用到）" in cascade
    assert f"第 {line_of(post, 'k = torch.ones(1)')} 行定义了它" in cascade and "`sklearn`" in cascade
    changed = [e for e in report.entries if e.kind == "torch 的输出变了"]
    assert "<SumBackward0>" in changed[0].printed and "<ThSumBackward>" in changed[0].written
    assert "版本" in changed[1].message
    judged, unjudged = "\n".join(report.compared), "\n".join(report.unjudged)
    assert f"第 {typed_random} 行（「输出：」下面的输出块）：与运行的输出一致（只比较了数以外的部分）" in judged
    assert f"第 {typed_random} 行（「输出：」下面的输出块）里的数" in unjudged
    assert f"第 {line_of(post, 'print(e)')} 行 `# tensor([0., 0.])`：`torch.empty`" in unjudged
    for claim in ("print(c)  # tensor", "print(torch.ones(1))  # tensor([1.])", "# tensor(3.)"):
        assert f"第 {line_of(post, claim)} 行" in judged and "一致" in judged, claim  # `c -= 1` reads `c`
    assert "torch.eq" not in judged + unjudged  # a comment of equivalent code is no claim
    inherited = f"第 {line_of(post, 'print(g.sign()')} 行 `# tensor(2.)`：这一行打印的是随机数"
    assert inherited in unjudged  # the same in both runs, but from `g`, drawn in the block before
