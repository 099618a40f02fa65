"""When the harness runs what (on the fixture site): all at once in one pytest process, only what a
test asks for in a pytest-xdist worker (``lazy``), so that no example runs on two workers."""

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
