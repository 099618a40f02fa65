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
    (``Site.last_checked``): a passing check remembers that code; a failing one does not.  (That a
    regeneration does, tests/test_serve.py shows end to end.)"""
    site = site_model.Site(fixture_site.path)
    hello = site.example(fixture_site.path / "snippets/first/hello.py")
    snippet, table = hello.path, fixture_site.path / "snippets/first/table.py"
    snippet.write_text('print("你好，世界")\n', encoding="utf-8")  # edited, output not regenerated
    table.write_text(table.read_text(encoding="utf-8") + "# 只改了注释\n", encoding="utf-8")
    fixture_site.run("-k", "hello or table")[0].assert_outcomes(passed=1, failed=1)
    assert site.last_checked(site.example(snippet)) is None, "失败的检查不应记下它的代码"
    assert site.last_checked(site.example(table)) == site.example(table).source_digest, "通过的检查应当记下它运行的代码"
