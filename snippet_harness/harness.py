"""The examples a test session needs: run all together on first demand, and checked.

``Harness.check`` fails the calling test, naming the file, unless an example runs and prints its
stored output (``compare``), draws its stored picture, and prints what its ``# 输出：`` comments
claim.  With ``regenerating`` (``--regen-all``) a stored output or picture that differs beyond
float noise is rewritten instead, and only then.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_model import Example, Settings, SettingsError, Site, config, verified, versions
from snippet_harness import compare, runner


class Harness:
    def __init__(self, site: Site, *, timeout: float = 60.0, parallel: int = 1, regenerating: bool = False,
                 lazy: bool = False):
        """``lazy`` (a pytest-xdist worker, which does not know at collection which items it runs): run
        an example only when its result is asked for, and start an environment's runner only when
        its results are; otherwise the first result runs everything ``need`` named, and each
        environment's runner starts when ``need`` names it."""
        self.site, self.timeout, self.parallel, self.regenerating = site, timeout, parallel, regenerating
        self.lazy, self.pending_envs = lazy, {}
        self.torch = config.torch_version()  # the installed torch, which runs every example here
        self.on_pin = versions.is_pinned(self.torch, site.pinned_torch)  # its outputs are the stored .out files
        self._runner = None if lazy else runner.Runner()  # starts importing torch now
        self.jobs: dict[tuple[Example, str], runner.Job] = {}
        self.done: dict[tuple[Example, str], runner.Result] = {}
        self.rewritten: list[str] = []  # stored files --regen-all wrote
        self.runners_by_env: dict[tuple, tuple[runner.Runner, list[Example]]] = {}  # started by need(env=...)
        self.results_by_env: dict[tuple, dict[Example, runner.Result]] = {}
        self._cuda: list[str | None] = []
        self.checked: list[list] = []  # [example, device, fingerprint, passed] per check: site_model/verified.py

    def job(self, example: Example, device: str = "cpu") -> runner.Job:
        """How ``example`` runs: its code as the page shows it, its settings from examples.toml."""
        try:
            how = example.settings
        except SettingsError:  # check() fails the example's test with the message
            how = Settings()
        return runner.Job(example.source, example.name, device, how.expected_warnings, how.picture)

    def need(self, examples: list[Example], *, device: str = "cpu", env: dict[str, str] | None = None) -> None:
        """Say that these examples will be asked for: on ``device`` in the next batch, or, under
        ``env`` (on CPU), by a runner started with it now (their results: ``results_under(env)``)."""
        if env is None:
            if device == "cpu" or not self.cuda_problem():
                self.jobs.update({(e, device): self.job(e, device) for e in examples if (e, device) not in self.jobs})
            return
        key = tuple(sorted(env.items()))
        if device != "cpu":
            raise ValueError(f"examples 标记：设置了 env 的示例在 CPU 上运行，不能再指定 device={device!r}")
        if key in self.pending_envs and self.pending_envs[key] != examples:
            raise ValueError(f"examples 标记：环境 {dict(key)} 已经用另一组示例启动过")
        self.pending_envs[key] = examples
        if not self.lazy:
            self.start_envs()

    @property
    def runner(self) -> runner.Runner:
        if self._runner is None:
            self._runner = runner.Runner()
        return self._runner

    def start_envs(self, *keys: tuple) -> None:
        """Start a runner for each environment ``need`` named (or those of ``keys``), each once."""
        for key, examples in self.pending_envs.items():
            if key not in self.runners_by_env and (not keys or key in keys):
                started = runner.Runner(dict(key)).submit({e: self.job(e) for e in examples}, timeout=self.timeout,
                                                          parallel=self.parallel if self.lazy else 1)
                self.runners_by_env[key] = (started, examples)

    def result(self, example: Example, device: str = "cpu") -> runner.Result:
        """Its result, running it with everything needed and not run yet (``lazy``: it alone)."""
        if not self.lazy:
            self.start_envs()
        if (example, device) not in self.done:
            self.jobs.setdefault((example, device), self.job(example, device))
            todo = {key: job for key, job in self.jobs.items() if key not in self.done} if not self.lazy \
                else {(example, device): self.jobs[example, device]}
            self.done.update(self.runner.run(todo, timeout=self.timeout, parallel=self.parallel))
        return self.done[example, device]

    def results_under(self, env: dict[str, str]) -> dict[Example, runner.Result]:
        """The results of the examples a marked test needs under ``env`` (waiting for them)."""
        key = tuple(sorted(env.items()))
        self.start_envs(key)
        if key not in self.results_by_env:
            if key not in self.runners_by_env:
                pytest.fail(f"没有在环境 {env} 下运行的示例：给这个测试加上 "
                            "`@pytest.mark.examples(*示例, env={...})`", pytrace=False)
            self.results_by_env[key] = self.runners_by_env[key][0].results()
        return self.results_by_env[key]

    def run(self, jobs: dict) -> dict:
        """Run other code (``{key: runner.Job}``) the way examples run."""
        return self.runner.run(jobs, timeout=self.timeout, parallel=self.parallel)

    def cuda_problem(self) -> str | None:
        """Why examples cannot run on CUDA here (asked once), or None."""
        if not self._cuda:
            self._cuda.append(runner.device_problem("cuda", self.runner))
        return self._cuda[0]

    def check(self, example: Example, device: str = "cpu", where: str = "") -> None:
        """Fail the calling test unless ``example`` runs on ``device`` and prints its stored output,
        draws its stored picture, and prints what its ``# 输出：`` comments claim."""
        name = where + example.name + ("" if device == "cpu" else f"（在 {device} 上）")
        checked = [example.name, device, verified.fingerprint(example, self.torch, self.site.pinned_torch), False]
        self.checked.append(checked)
        try:
            how = example.settings
        except SettingsError as error:
            pytest.fail(f"{name}: {error}", pytrace=False)
        result = self.result(example, device)
        if not result.ok or not result.stdout.strip():
            pytest.fail(result.problem(name, self.timeout) if not result.ok else
                        f"{name} 什么也没有打印：页面上没有输出可显示", pytrace=False)
        self._compare(name, example, result.stdout, example.output, "输出", device, how)
        if how.picture:
            self._compare(name, example, result.picture, example.picture, "图", device, how)
        for line, claim in example.output_claims():
            if not compare.claim_printed(claim, compare.CUDA_NOTE.sub("", result.stdout)):
                pytest.fail(f"{name} 第 {line} 行：注释说输出是 {claim!r}，但示例打印的是：\n{result.stdout}",
                            pytrace=False)
        checked[3] = True  # every comparison held

    def _compare(self, name: str, example: Example, fresh: str, stored: Path, what: str, device: str,
                 how: Settings) -> None:
        """Fail unless ``fresh`` matches the stored file; with --regen-all, rewrite it instead (on CPU).
        On a release other than the pinned one an output is compared with the one recorded for
        that release, if any, and --regen-all records (or drops) only that: ``_record``."""
        if what == "输出":
            stored = example.output_on(self.torch, self.site.pinned_torch)
        shown, rewrite = self.site.rel(stored), self.regenerating and device == "cpu"  # stored outputs are CPU's
        if not stored.is_file() and not rewrite:
            pytest.fail(f"{name}：它的{what} {shown} 还不存在：用 `pytest --regen-all -k {example.stem}` 生成，"
                        "再读一遍", pytrace=False)
        diff = not stored.is_file() or compare.difference(stored.read_text(encoding="utf-8"), fresh, name=shown,
                                                          device=device,
                                                          structure_only=device != "cpu" and how.random_numbers)
        if diff and not self.on_pin and what != "输出":
            pytest.fail(f"{name}，{what}，在 torch {self.torch} 上：\n{diff}\n图不按版本记录，"
                        f"在每个列出的版本上都必须与 torch {self.site.pinned_torch} 画的 {shown} 相同", pytrace=False)
        if diff and not self.on_pin and not rewrite and device == "cpu":  # outputs are recorded per release on CPU
            release, k = versions.release(self.torch), f"--regen-all -k {example.stem}"
            pytest.fail(f"{name}，{what}，在 torch {self.torch} 上（与 {shown} 比较）：\n{diff}\n"
                        f"如果这是 torch {release} 的真实变化，在这个版本上运行 `pytest {k}`"
                        f"（例如 `nox -s \"examples(torch='{release}')\" -- {k}`）把它记录下来，"
                        "页面会在输出下面注明这个版本的不同", pytrace=False)
        if diff and not rewrite:
            pytest.fail(f"{name}，{what}：\n{diff}", pytrace=False)
        if rewrite and not self.on_pin:
            if what == "输出":
                self._record(name, example, fresh)
        elif diff:
            self.rewritten.append(shown)
            stored.write_text(fresh, encoding="utf-8")

    def _record(self, name: str, example: Example, fresh: str) -> None:
        """--regen-all on another release: record its output beside the pinned one when it truly
        differs from it (float noise kept as stored), and drop a recorded one that no longer does."""
        recorded = versions.recorded_output(example.output, self.torch)
        pin, shown = self.site.pinned_torch, self.site.rel(recorded)
        if versions.release(self.torch) not in self.site.also_verified_on:
            pytest.fail(f"{name}：torch {self.torch} 不在 pyproject.toml 的 also_verified_on 里，不为它记录输出"
                        "（先把它加进列表）", pytrace=False)
        if not example.output.is_file():
            pytest.fail(f"{name}：先在 torch {pin} 上生成它的输出 {self.site.rel(example.output)}", pytrace=False)
        pinned = example.output.read_text(encoding="utf-8")
        if compare.matches(pinned, fresh):
            if recorded.is_file():
                recorded.unlink()
                self.rewritten.append(f"{shown}（已删除：与 torch {pin} 的输出一致）")
            return
        if not recorded.is_file() or not compare.matches(recorded.read_text(encoding="utf-8"), fresh):
            recorded.write_text(compare.as_recorded(pinned, fresh), encoding="utf-8")
            self.rewritten.append(self.site.rel(recorded))

    def close(self) -> None:
        for process in [self._runner, *(started for started, _ in self.runners_by_env.values())]:
            if process is not None:
                process.close()
