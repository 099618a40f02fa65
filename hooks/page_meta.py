"""MkDocs hook: stamps each page that shows code with the torch version it was verified with,
and marks its output blocks: class ``output`` (stylesheets/extra.css wraps their long lines) and
``data-search-exclude`` (Material's search leaves them out: printed tensors and numbers are no
answer to a search, and every first page load fetches the whole index; 13.5 KB of it).  It runs
after hooks/notebook_page.py, which writes the notebook page's blocks in the same markup.

The version is read from the torch distribution installed where the site is built
(``importlib.metadata``, no import of torch), so the stamp cannot name another version.
The template ``overrides/main.html`` shows it on pages whose Markdown includes a snippet.
"""

import re

from site_model import config as site_config
from site_model.pages import shows_code

VERIFIED_DEVICES = "CPU"  # the test suite always runs every snippet on CPU


def on_config(config):
    config.extra["verified_with"] = f"torch {site_config.torch_version()}（{VERIFIED_DEVICES}）"
    return config


def on_page_markdown(markdown, page, config, files):
    page.meta["shows_code"] = shows_code(page.file.src_uri, page.file.content_string)
    return markdown


OUTPUT_BLOCK = re.compile(r'<div class="((?:language-\w+ )?highlight)"><span class="filename">输出</span>')


def on_page_content(content, page, config, files):
    return OUTPUT_BLOCK.sub(r'<div class="\1 output" data-search-exclude><span class="filename">输出</span>', content)
