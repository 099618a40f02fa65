"""Links in the offline build (``OFFLINE=true``: Material's offline plugin, ``scripts/offline.py``).

Opened from the disk (``file://``), a link to a folder (``backward/``) shows no page: the offline
plugin turns MkDocs' directory URLs off, so each page is a file (``backward.html``) and the links
MkDocs writes from Markdown follow.  Two kinds of link do not go through MkDocs and still name a
folder: the templates' ``{{ base_url }}/about/``, and the links written by hand in a notebook page's
Markdown cells (``../backward/#注意事项``), which are relative to the page's online address
(``fit_line/``).  ``file_links`` points each such link at the page file it means.
"""

from __future__ import annotations

import posixpath
import re

HREF = re.compile(r'(?P<before>\shref=")(?P<url>[^"]*)"')
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def online_folder(src_uri: str) -> str:
    """The folder a page is at online, with directory URLs: ``a/b.md`` -> ``a/b``, ``a/index.md`` -> ``a``."""
    stem = posixpath.splitext(src_uri)[0]
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


def _page_file(base: str, path: str, pages: set[str]) -> str | None:
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined == ".." or joined.startswith("../"):
        return None
    candidates = ["index.html"] if joined == "." else [f"{joined}.html", f"{joined}/index.html"]
    return next((c for c in candidates if c in pages), None)


def file_links(output: str, page_url: str, src_uri: str, pages: set[str]) -> str:
    """``output`` (the HTML of the page at ``page_url``, e.g. ``fit_line.html``, from ``src_uri``) with
    each relative link to a folder pointed at the page file in ``pages`` (the site's pages, as paths
    like ``about.html``): read from where the page is in the offline build, or else from its online
    address."""
    here = posixpath.dirname(page_url)

    def relink(m: re.Match) -> str:
        url = m["url"]
        path, hash_, fragment = url.partition("#")
        if not path.endswith("/") or path.startswith("/") or SCHEME.match(path):
            return m[0]
        target = _page_file(here, path, pages) or _page_file(online_folder(src_uri), path, pages)
        if target is None:
            return m[0]
        return f'{m["before"]}{posixpath.relpath(target, here or ".")}{hash_}{fragment}"'

    return HREF.sub(relink, output)


DOWNLOAD = "site-offline.zip"  # at the published site's root: the publishing workflow writes it there after the build
DOWNLOAD_LINK = re.compile(r"\[([^\]]+)\]\(offline:\)")


def download_linked(markdown: str, site_url: str | None) -> str:
    """``[文字](offline:)`` links to the offline copy at the published site's root (``site_url``).  The zip
    is written into the site after the build, so a relative link would be missing from every local
    build; without ``site_url`` (a local build) only the text stays."""
    return DOWNLOAD_LINK.sub(lambda m: f"[{m[1]}]({site_url.rstrip('/')}/{DOWNLOAD})" if site_url else m[1], markdown)
