"""The harness's own tests run pytest on scratch copies of the fixture site (``fixture_site/``)."""

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixture_site"


class FixtureSite:
    """A scratch copy of the fixture site, on which pytest runs in a subprocess."""

    def __init__(self, pytester: pytest.Pytester):
        self.pytester, self.path = pytester, pytester.path
        shutil.copytree(FIXTURE, self.path, dirs_exist_ok=True)

    def run(self, *args: str) -> tuple[pytest.RunResult, dict[str, str]]:
        """Run pytest with ``args``; its result, and the text of each failure by test (junit ``classname::name``)."""
        report = self.path / "report.xml"
        result = self.pytester.runpytest_subprocess(*args, f"--junitxml={report}", timeout=300)
        failed = {
            f"{case.get('classname')}::{case.get('name')}": (failure.text or failure.get("message", "")).rstrip()
            for case in ET.parse(report).iter("testcase")
            for failure in case.iter("failure")
        }
        return result, failed


@pytest.fixture
def fixture_site(pytester) -> FixtureSite:
    return FixtureSite(pytester)
