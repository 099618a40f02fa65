"""When the harness runs what (on the fixture site): all at once in one pytest process, only what a
test asks for in a pytest-xdist worker (``lazy``), so that no example runs on two workers; and what
it remembers of a passing check."""

from pathlib import Path

import site_model
from snippet_harness.harness import Harness

SITE = site_model.load(Path(__file__).resolve().parent / "fixture_site")
ENV = {"MKL_CBWR": "COMPATIBLE"}


def examples(*names):
    return [e for e in SITE.examples if e.name.endswith(names)]


def test_the_first_result_runs_everything_needed():
    harness = Harness(SITE)
    try:
        hello, table = examples("first/hello.py", "first/table.py")
        harness.need([hello, table])
        harness.need([hello], env=ENV)
        assert list(harness.runs.runners_by_env) == [tuple(ENV.items())], "need(env=...) 应当立刻启动那个环境的运行器"
        assert harness.result(hello).ok
        assert set(harness.runs.done) == {(hello, "cpu"), (table, "cpu")}, "第一个结果应当把需要的示例一起运行"
    finally:
        harness.close()


def test_a_lazy_harness_runs_only_what_is_asked_for():
    harness = Harness(SITE, lazy=True)
    try:
        hello, table = examples("first/hello.py", "first/table.py")
        harness.need([hello, table])
        harness.need([hello, table], env=ENV)
        assert harness.runs._runner is None and not harness.runs.runners_by_env, "lazy：need() 不应启动任何进程"
        assert harness.result(hello).ok
        assert set(harness.runs.done) == {(hello, "cpu")}, (
            f"lazy：只应运行被要的示例，却运行了 {set(harness.runs.done)}"
        )
        assert not harness.runs.runners_by_env, "lazy：没人要环境里的结果，不应启动它的运行器"
        under = harness.results_under(ENV)
        assert set(under) == {hello, table} and all(r.ok for r in under.values())
        assert set(harness.runs.done) == {(hello, "cpu")}, "在环境里运行不应再在本进程的运行器里运行一遍"
    finally:
        harness.close()


def test_the_code_a_passing_check_ran_is_remembered_for_the_serve_banner(fixture_site):
    """``mkdocs serve`` calls an output stale while its example's code is not the code last checked
    (``Site.last_checked``): a passing check, or a regeneration, remembers that code; a failing one does not."""
    snippet = fixture_site.path / "snippets/first/hello.py"

    def hello():  # read afresh each time: the site model keeps what it read
        return next(e for e in site_model.Site(fixture_site.path).examples if e.name == "snippets/first/hello.py")

    fixture_site.run("-k", "hello")[0].assert_outcomes(passed=1)
    checked = site_model.Site(fixture_site.path).last_checked(hello())
    assert checked == hello().source_digest, "通过的检查应当记下它运行的代码"

    snippet.write_text('print("你好，世界")\n', encoding="utf-8")  # edited, output not regenerated
    fixture_site.run("-k", "hello")[0].assert_outcomes(failed=1)
    assert site_model.Site(fixture_site.path).last_checked(hello()) == checked, "失败的检查不应记下新的代码"

    fixture_site.run("--regen-all", "-k", "hello")[0].assert_outcomes(passed=1)
    assert site_model.Site(fixture_site.path).last_checked(hello()) == hello().source_digest, (
        "重新生成之后应当记下新的代码"
    )
    assert hello().source_digest != checked
