"""MkDocs hook: every page carries a Content-Security-Policy that allows only the site itself.

GitHub Pages cannot send headers, so the policy is a ``<meta http-equiv>`` placed first in
``<head>`` (it covers only what follows it).  Scripts, styles, fonts, pictures, the search
index and the search worker may come from the site's own origin; pictures also from
``data:`` URLs (the notebook page's plot).  Material's inline scripts are allowed by their
SHA-256, computed here for each page as built, so an inline script nobody vetted, or a script
from anywhere else, is refused by the browser (and the browser tests fail on it).

Under ``mkdocs serve`` the policy is left out: MkDocs injects its live-reload script (different
on every request) into each page it serves.
"""

import base64
import hashlib
import re

from site_model import config as site_config

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
          "form-action 'self'")


def on_post_page(output, page=None, config=None):
    if site_config.serving():
        return output
    hashes = sorted({f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                     for s in INLINE_SCRIPT.findall(output)})
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=" ".join(hashes))}">'
    return output.replace("<head>", "<head>\n    " + meta, 1)


def on_post_template(output, template_name, config):  # 404.html and the sitemap
    return on_post_page(output) if template_name.endswith(".html") else output
