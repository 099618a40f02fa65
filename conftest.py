# The test harness lives in tests/harness.py; loading it here makes it apply to every test
# path (tests/ and the pages in docs/ that pytest-markdown-docs collects).
pytest_plugins = ["tests.harness"]
