"""The page examples and the page notebooks on every torch the site is verified on besides the pinned one.

    nox                                    # every listed version (what .ci/run does after the tests)
    nox -s "examples(torch='2.14.1')"      # one of them

The pinned torch is requirements.txt's (the README's test command runs on it); the others are listed
once, in pyproject.toml (``[tool.site] also_verified_on``).  Each gets its own virtual environment
under .nox/ with requirements.txt's pins but that torch, and runs the blocks of the pages (docs/) and
the page notebooks (tests/test_notebooks.py), compared with the stored outputs by the same rule as
the test command (snippet_harness/compare.py).  Extra arguments go to pytest: ``nox -- -k matmul``.
"""

import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
VERSIONS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["site"]["also_verified_on"]

nox.options.sessions = ["examples"]
nox.options.default_venv_backend = "venv"


@nox.session
@nox.parametrize("torch", VERSIONS)
def examples(session: nox.Session, torch: str) -> None:
    pins = [line.replace("-e .", f"-e {ROOT}") for line in (ROOT / "requirements.txt").read_text(encoding="utf-8")
            .splitlines() if not line.startswith("torch==")]
    requirements = Path(session.create_tmp()) / "requirements.txt"
    requirements.write_text("\n".join(pins) + "\n", encoding="utf-8")
    session.install("-r", str(requirements), f"torch=={torch}")
    session.run("python", "-c", "import torch; print('torch', torch.__version__)")
    session.run("pytest", "docs", "tests/test_notebooks.py::test_notebook_runs_like_the_page", "-p", "no:cacheprovider",
                *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})
