"""On a torch release other than the pinned one (a scratch copy of the fixture site whose
requirements.txt pins another torch than the installed one), the harness compares each output
with the one recorded for the installed release when there is one, names that release in a
failure, which ends with the nox command that records it, and --regen-all records only what truly
differs; pictures are never recorded per release."""

from importlib.metadata import version

TORCH = version("torch")
RELEASE = TORCH.split("+")[0]
HELLO = "docs.first.md::snippets/first/hello.py"
GRAPH = "docs.second.md::snippets/second/graph.py"


def test_another_release_uses_its_recorded_output(fixture_site):
    """hello prints other than the pinned output on this release; graph draws other than the pinned
    picture.  The output can be recorded for this release (once it is listed); the picture never."""
    (fixture_site.path / "requirements.txt").write_text("torch==1.0.0  # not the installed torch\n", encoding="utf-8")
    pinned = fixture_site.path / "snippets/first/hello.out"
    recorded = pinned.with_name(f"hello.torch-{RELEASE}.out")
    pinned.write_text("您好\n", encoding="utf-8")  # as if torch 1.0.0 had printed this
    picture = fixture_site.path / "snippets/second/graph.svg"
    picture.write_text(picture.read_text(encoding="utf-8") + "<!-- 旧的图 -->\n", encoding="utf-8")

    _, failed = fixture_site.run("-k", "hello or graph")
    assert sorted(failed) == [HELLO, GRAPH], failed
    for says in [f"在 torch {TORCH} 上", "与 snippets/first/hello.out 比较", "-您好", "+你好", "把它记录下来"]:
        assert says in failed[HELLO], f"另一个版本上的不同应当说出 {says!r}：\n{failed[HELLO]}"
    assert "先把它加进去" in failed[HELLO], "不在 also_verified_on 里的版本，应当先说把它加进列表"
    command = f"nox -s \"examples(torch='{RELEASE}')\" -- --regen-all -k hello"
    assert failed[HELLO].splitlines()[-1].strip() == command, f"应当以记录它的命令结尾：\n{failed[HELLO]}"
    assert "图不按版本记录" in failed[GRAPH], failed[GRAPH]
    last = failed[GRAPH].splitlines()[-1].strip()
    assert last == "pytest --regen-all -k graph", f"应当以在固定版本上重新画它的命令结尾：\n{failed[GRAPH]}"

    _, failed = fixture_site.run("--regen-all", "-k", "hello")
    assert "不在 pyproject.toml 的 also_verified_on 里" in failed[HELLO] and not recorded.exists()
    (fixture_site.path / "pyproject.toml").write_text(
        f'[tool.site]\nalso_verified_on = ["{RELEASE}"]\n', encoding="utf-8"
    )
    _, failed = fixture_site.run("-k", "hello")
    assert "先把它加进去" not in failed[HELLO] and failed[HELLO].splitlines()[-1].strip() == command

    _, failed = fixture_site.run("--regen-all", "-k", "hello or graph")
    assert list(failed) == [GRAPH] and "图不按版本记录" in failed[GRAPH], failed
    assert pinned.read_text(encoding="utf-8") == "您好\n", "--regen-all 在另一个版本上不应改写固定版本的输出"
    assert recorded.read_text(encoding="utf-8") == "你好\n", f"应当把这个版本的输出记录在 {recorded.name}"
    assert sorted(p.name for p in picture.parent.glob("graph*")) == ["graph.out", "graph.py", "graph.svg"]
    assert picture.read_text(encoding="utf-8").endswith("<!-- 旧的图 -->\n"), "另一个版本不应改写固定版本的图"
    fixture_site.run("-k", "hello")[0].assert_outcomes(passed=1)

    pinned.write_text("你好\n", encoding="utf-8")  # the pinned output now says the same: nothing to record
    fixture_site.run("--regen-all", "-k", "hello")[0].assert_outcomes(passed=1)
    assert not recorded.exists(), f"与固定版本一致之后，{recorded.name} 应当被删掉"
