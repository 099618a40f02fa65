"""When and where the examples of a test session run: all together on first demand, or one by one.

A ``Scheduler`` is told which examples will be asked for (``need``), runs them in a runner that
imported torch once (``runner.Runner``), and keeps each result, so that every example runs once
per session.  Examples needed under other environment variables run in a runner of their own,
started with those variables.  It knows nothing of stored outputs: ``Harness`` checks the results.
"""

from __future__ import annotations

import pytest

from site_model import Example, Settings, SettingsError
from snippet_harness import runner

Key = tuple[Example, str]  # an example and the device it runs on


def job(example: Example, device: str = "cpu") -> runner.Job:
    """How ``example`` runs: its code as the page shows it, and its settings from examples.toml.

    Settings that cannot be read run with the defaults; ``Harness.check`` then fails the example's
    test with the reason.
    """
    try:
        how = example.settings
    except SettingsError:
        how = Settings()
    return runner.Job(example.source, example.name, device, how.expected_warnings, how.picture)


def env_key(env: dict[str, str]) -> tuple:
    """The environment variables as a key: sorted, so that one environment has one key."""
    return tuple(sorted(env.items()))


class Scheduler:
    """The runs of one test session.

    Eager (one pytest process): the first result asked for runs every example ``need`` named, all
    at once, and each environment's runner starts as soon as ``need`` names it.  Lazy (a
    pytest-xdist worker, which does not know at collection which items it will run): an example
    runs when its result is asked for, and an environment's runner starts when its results are.
    """

    def __init__(self, *, timeout: float = 60.0, parallel: int = 1, lazy: bool = False):
        self.timeout, self.parallel, self.lazy = timeout, parallel, lazy
        self._runner = None if lazy else runner.Runner()  # starts importing torch now
        self.jobs: dict[Key, runner.Job] = {}
        self.done: dict[Key, runner.Result] = {}
        self.pending_envs: dict[tuple, list[Example]] = {}  # named by need(env=...)
        self.runners_by_env: dict[tuple, runner.Runner] = {}  # started
        self.results_by_env: dict[tuple, dict[Example, runner.Result]] = {}
        self._cuda: list[str | None] = []

    @property
    def runner(self) -> runner.Runner:
        """The runner of this process's examples, started on first use when lazy."""
        if self._runner is None:
            self._runner = runner.Runner()
        return self._runner

    def need(self, examples: list[Example], *, device: str = "cpu", env: dict[str, str] | None = None) -> None:
        """Say that these examples will be asked for.

        Without ``env`` they run on ``device`` in the next batch (on CUDA only where it can run
        them); with ``env`` (on CPU) they run in a runner started with those variables, and
        ``results_under(env)`` gives their results.
        """
        if env is None:
            if device == "cpu" or not self.cuda_problem():
                self.jobs.update({(e, device): job(e, device) for e in examples if (e, device) not in self.jobs})
            return
        key = env_key(env)
        if device != "cpu":
            raise ValueError(f"examples 标记：设置了 env 的示例在 CPU 上运行，不能再指定 device={device!r}")
        if key in self.pending_envs and self.pending_envs[key] != examples:
            raise ValueError(f"examples 标记：环境 {dict(key)} 已经用另一组示例启动过")
        self.pending_envs[key] = examples
        if not self.lazy:
            self.start_envs()

    def start_envs(self, *keys: tuple) -> None:
        """Start a runner for each environment ``need`` named (only those of ``keys`` if given), each once."""
        for key, examples in self.pending_envs.items():
            if key not in self.runners_by_env and (not keys or key in keys):
                self.runners_by_env[key] = runner.Runner(dict(key)).submit(
                    {e: job(e) for e in examples}, timeout=self.timeout, parallel=self.parallel if self.lazy else 1
                )

    def result(self, example: Example, device: str = "cpu") -> runner.Result:
        """The result of ``example`` on ``device``, running it now if it has not run yet.

        An eager scheduler runs it together with everything needed that has not run yet; a lazy
        one runs it alone.
        """
        if not self.lazy:
            self.start_envs()
        key = (example, device)
        if key not in self.done:
            self.jobs.setdefault(key, job(example, device))
            todo = {key: self.jobs[key]} if self.lazy else {k: j for k, j in self.jobs.items() if k not in self.done}
            self.done.update(self.run(todo))
        return self.done[key]

    def results_under(self, env: dict[str, str]) -> dict[Example, runner.Result]:
        """The results of the examples a marked test needs under ``env``, waiting for them."""
        key = env_key(env)
        self.start_envs(key)
        if key not in self.results_by_env:
            if key not in self.runners_by_env:
                pytest.fail(
                    f"没有在环境 {env} 下运行的示例：给这个测试加上 `@pytest.mark.examples(*示例, env={{...}})`",
                    pytrace=False,
                )
            self.results_by_env[key] = self.runners_by_env[key].results()
        return self.results_by_env[key]

    def run(self, jobs: dict) -> dict:
        """Run other code (``{key: runner.Job}``) the way examples run, and return ``{key: runner.Result}``."""
        return self.runner.run(jobs, timeout=self.timeout, parallel=self.parallel)

    def cuda_problem(self) -> str | None:
        """Why examples cannot run on CUDA here (asked once), or None when they can."""
        if not self._cuda:
            self._cuda.append(runner.device_problem("cuda", self.runner))
        return self._cuda[0]

    def close(self) -> None:
        """Stop every runner this scheduler started."""
        for process in [self._runner, *self.runners_by_env.values()]:
            if process is not None:
                process.close()
