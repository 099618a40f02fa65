"""The page examples and the page notebooks on the torch releases the site lists besides the pinned one.

    nox                                    # every listed version (what .ci/run does after the tests)
    nox -s "examples(torch='2.14.1')"      # one of them
    nox -s newest                          # the newest torch pip can install (the weekly workflow)

The pinned torch is requirements.txt's (the README's test command runs on it); the others are listed
once, in pyproject.toml (``[tool.site] also_verified_on``).  Each session gets its own virtual
environment under .nox/ with requirements.txt's pins but another torch, and runs the blocks of the
pages (docs/), the notebook page (tests/test_examples.py::test_notebook) and the page notebooks
(tests/test_notebooks.py), compared with the stored outputs by the same rule as the test command
(snippet_harness/compare.py), or with the output recorded for that release where it truly differs
(``<name>.torch-<release>.out``: ``nox -s "examples(torch='2.14.1')" -- --regen-all -k <name>`` writes it).
Nothing deploys unless these sessions passed on that commit (.ci/run runs them after the tests), which
is what makes each page's stamp (the pin and the listed releases) true.
Extra arguments go to pytest: ``nox -- -k matmul``.
"""

import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
VERSIONS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["site"]["also_verified_on"]
CHECKS = ["docs", "tests/test_examples.py::test_notebook", "tests/test_notebooks.py::test_notebook_runs_like_the_page"]

nox.options.sessions = ["examples"]
nox.options.default_venv_backend = "venv"


def install(session: nox.Session, torch: str) -> None:
    """requirements.txt's pins, with ``torch`` (a requirement: ``torch==2.14.1``, ``torch``) for its own."""
    pins = [
        line.replace("-e .", f"-e {ROOT}")
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if not line.startswith("torch==")
    ]
    requirements = Path(session.create_tmp()) / "requirements.txt"
    requirements.write_text("\n".join(pins) + "\n", encoding="utf-8")
    session.install("--upgrade", "-r", str(requirements), torch)
    session.run("python", "-c", "import torch; print('torch', torch.__version__)")


@nox.session
@nox.parametrize("torch", VERSIONS)
def examples(session: nox.Session, torch: str) -> None:
    install(session, f"torch=={torch}")
    session.run("pytest", *CHECKS, "-p", "no:cacheprovider", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def newest(session: nox.Session) -> None:
    """The same checks on the newest torch, reported per page by scripts/drift_report.py (into the
    job summary, ``$GITHUB_STEP_SUMMARY``, when there is one); fails when any output drifts."""
    install(session, "torch")
    junit = Path(session.create_tmp()) / "junit.xml"
    session.run(
        "pytest",
        *CHECKS,
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
        *session.posargs,
        env={"NO_MKDOCS_2_WARNING": "1"},
        success_codes=[0, 1],
    )
    session.run("python", str(ROOT / "scripts/drift_report.py"), str(junit))
