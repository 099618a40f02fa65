# The snippet harness's pytest plugin: it applies to every test path (tests/, and the pages in
# docs/ whose code blocks pytest-markdown-docs collects).  pytester runs the fault tests.
pytest_plugins = ["snippet_harness.plugin", "pytester"]
