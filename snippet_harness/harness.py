"""The examples of a test session, run once each and checked against their stored files.

``Harness.check`` fails the calling test, naming the block and the file, unless an example runs,
prints its stored output, draws its stored picture, and prints what its ``# 输出：`` comments
claim.  The ``Scheduler`` (snippet_harness/scheduler.py) decides when each example runs; each
comparison gives a verdict (snippet_harness/stored.py); one policy, chosen when the harness is
made (snippet_harness/policies.py), acts on it: check, or with ``--regen-all`` regenerate the
pinned torch's files, or record another listed release's outputs.
"""

from __future__ import annotations

import pytest

from site_model import Example, SettingsError, Site, config
from snippet_harness import compare, policies, runner
from snippet_harness.scheduler import Scheduler
from snippet_harness.stored import KINDS, judge


class Harness:
    """What the ``harness`` fixture gives a test: the session's examples, their results, and their checks."""

    def __init__(
        self,
        site: Site,
        *,
        timeout: float = 60.0,
        parallel: int = 1,
        regenerating: bool = False,
        lazy: bool = False,
    ):
        """Make the harness of ``site``.

        ``lazy`` (a pytest-xdist worker) runs each example only when its result is asked for (see
        ``Scheduler``); ``regenerating`` (``--regen-all``) picks the policy that writes stored files.
        """
        self.site = site
        self.runs = Scheduler(timeout=timeout, parallel=parallel, lazy=lazy)
        torch = config.torch_version()  # the installed torch, which runs every example here
        self.checking = policies.Check(site, torch)  # stored files are the CPU's: other devices only check
        self.policy = policies.choose(site, torch, regenerating=regenerating)

    @property
    def timeout(self) -> float:
        """How long an example may run, in seconds."""
        return self.runs.timeout

    @property
    def rewritten(self) -> list[str]:
        """The stored files that ``--regen-all`` wrote (or dropped), as messages name them."""
        return self.policy.written

    def need(self, examples: list[Example], *, device: str = "cpu", env: dict[str, str] | None = None) -> None:
        """Say that these examples will be asked for (see ``Scheduler.need``)."""
        self.runs.need(examples, device=device, env=env)

    def result(self, example: Example, device: str = "cpu") -> runner.Result:
        """The result of ``example`` on ``device`` (see ``Scheduler.result``)."""
        return self.runs.result(example, device)

    def results_under(self, env: dict[str, str]) -> dict[Example, runner.Result]:
        """The results of the examples a marked test needs under ``env`` (see ``Scheduler.results_under``)."""
        return self.runs.results_under(env)

    def run(self, jobs: dict) -> dict:
        """Run other code (``{key: runner.Job}``) the way examples run."""
        return self.runs.run(jobs)

    def cuda_problem(self) -> str | None:
        """Why examples cannot run on CUDA here, or None when they can."""
        return self.runs.cuda_problem()

    def check(self, example: Example, device: str = "cpu", where: str = "") -> None:
        """Fail the calling test unless ``example`` runs on ``device`` and gives what is stored.

        That is: it prints its stored output, draws its stored picture, and prints what its
        ``# 输出：`` comments claim.  ``where`` begins the name a failure gives it (the page's block).
        When it passes on the CPU with the pinned torch, the site remembers that this code was
        checked (``Site.mark_checked``), so that ``mkdocs serve`` no longer calls its output stale.
        """
        name = where + example.name + ("" if device == "cpu" else f"（在 {device} 上）")
        try:
            how = example.settings
        except SettingsError as error:
            pytest.fail(f"{name}: {error}", pytrace=False)
        result = self.result(example, device)
        if not result.ok:
            pytest.fail(result.problem(name, self.timeout), pytrace=False)
        if not result.stdout.strip():
            pytest.fail(f"{name} 什么也没有打印：页面上没有输出可显示", pytrace=False)
        policy = self.policy if device == "cpu" else self.checking
        for kind in KINDS:
            if kind.wanted(how):
                stored = policy.compared_file(example, kind)
                stored_name = self.site.rel(stored)
                policy.act(
                    judge(
                        name,
                        example,
                        kind,
                        stored,
                        result,
                        stored_name=stored_name,
                        device=device,
                        random=how.random_numbers,
                    )
                )
        for line, claim in example.output_claims():
            if not compare.claim_printed(claim, compare.CUDA_NOTE.sub("", result.stdout)):
                pytest.fail(
                    f"{name} 第 {line} 行：注释说输出是 {claim!r}，但示例打印的是：\n{result.stdout}", pytrace=False
                )
        if device == "cpu" and self.checking.on_pin:  # its code now prints the stored output: no stale banner
            self.site.mark_checked(example)

    def close(self) -> None:
        """Stop the runners the session started."""
        self.runs.close()
