"""One model of the site, asked by the site's MkDocs plugin, the snippet harness and the tests alike.

- ``config``: ``mkdocs.yml`` read once (the docs folder, the snippets base path) and the torch
  that is installed;
- ``pages``: each page parsed once (markdown-it, admonitions included): its code blocks, the
  examples it shows, each with its code block, the output block under it and its picture
  (``Page.examples``, the one place that pairs them), its boxes, its URL;
- ``examples``: what runs as an example (snippets and notebook pages), where its output and
  picture are stored, its settings from ``examples.toml`` and its ``# 输出：`` comments;
- ``versions``: the pinned torch, the other releases listed, and outputs recorded for one release;
- ``verified``: what a page's stamp names: the declared torch releases, and committed device runs;
- ``site``: all of these for one site folder (``load(root)``);
- ``notebooks``: the notebook of a page (imported on its own: it needs nbformat and jupytext).

Nothing here imports the harness, the plugin or a test.
"""

from site_model.examples import Example, Settings, SettingsError
from site_model.pages import Box, Fence, Page, PageExample
from site_model.site import Site, load

__all__ = ["Box", "Example", "Fence", "Page", "PageExample", "Settings", "SettingsError", "Site", "load"]
