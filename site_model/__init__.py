"""One model of the site, asked by the MkDocs hooks, the snippet harness and the tests alike.

- ``config``: ``mkdocs.yml`` read once (the docs folder, the snippets base path), the torch that
  is installed, and whether MkDocs runs as ``mkdocs serve``;
- ``pages``: each page parsed once (markdown-it, admonitions included): its code blocks, the
  snippets and pictures it includes, its boxes, its URL, whether it shows code;
- ``examples``: what runs as an example (snippets and notebook pages), where its output and
  picture are stored, its settings from ``examples.toml`` and its ``# 输出：`` comments;
- ``versions``: the pinned torch, the other releases listed, and outputs recorded for one release;
- ``verified``: the records of which examples passed on which torch, and what a page may claim;
- ``site``: all of these for one site folder (``load(root)``);
- ``notebooks``: the notebook of a page (imported on its own: it needs nbformat and jupytext).

Nothing here imports the harness, a hook or a test.
"""

from site_model.examples import Example, Settings, SettingsError
from site_model.pages import Box, Fence, Page
from site_model.site import Site, load

__all__ = ["Box", "Example", "Fence", "Page", "Settings", "SettingsError", "Site", "load"]
