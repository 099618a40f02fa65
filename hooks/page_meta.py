"""MkDocs hook: stamps each page that shows code with the torch versions it was verified on, and
marks its output blocks: class ``output`` (stylesheets/extra.css wraps their long lines) and
``data-search-exclude`` (Material's search leaves them out: printed tensors and numbers are no
answer to a search, and every first page load fetches the whole index; 13.5 KB of it).  It runs
after hooks/notebook_page.py, which writes the notebook page's blocks in the same markup.

The versions come from the records the test runs left (``test-artifacts/verified/``, read once per
build; site_model/verified.py): a version is named only if every example the page shows passed on
it, with the files as they are now, and no run of those files failed.  Without one the stamp says
there is no record of a passing run.  The template ``overrides/main.html`` shows it on pages that show code.
"""

import re

from site_model import Site, verified
from site_model.config import from_mkdocs
from site_model.pages import shows_code

RECORDS = {}


def on_config(config):
    site = Site(from_mkdocs(config).root)
    RECORDS.update(site=site, records=verified.read(site.root))
    return config


def on_page_markdown(markdown, page, config, files):
    page.meta["shows_code"] = shows_code(page.file.src_uri, page.file.content_string)
    if page.meta["shows_code"]:
        shown = RECORDS["site"].examples_shown_on(page.file.abs_src_path, page.file.content_string)
        ran = verified.verified_on(shown, RECORDS["records"], RECORDS["site"].pinned_torch)
        page.meta["verified_with"] = verified.stamp(ran)
    return markdown


OUTPUT_BLOCK = re.compile(r'<div class="((?:language-\w+ )?highlight)"><span class="filename">输出</span>')


def on_page_content(content, page, config, files):
    return OUTPUT_BLOCK.sub(r'<div class="\1 output" data-search-exclude><span class="filename">输出</span>', content)
