"""MkDocs hook: every page that shows code can be downloaded as a Jupyter notebook.

The notebooks are made by the site model (``site_model.notebooks``, which says how): a Markdown
page's from the page itself; a notebook page's (jupytext ``.py``) executed with nbclient alongside
the rest of the build, so its download carries its outputs and plot (under ``mkdocs serve`` the
result is kept per torch version and source).  ``overrides/main.html`` shows the download link
(``page.meta.notebook_download``).  tests/test_notebooks.py runs every notebook in a fresh kernel.
"""

from pathlib import Path

import nbformat
from mkdocs.structure.files import File

from site_model import Page
from site_model import config as site_config
from site_model.notebooks import RUNS, ipynb_uri, notebook_page_run, page_notebook, start_notebook_page

OFFERED: set[str] = set()  # pages with a notebook
RUN = {"execute": True}


def on_config(config):
    options = config.plugins["mkdocs-jupyter"].config
    RUN["execute"], options["execute"] = options["execute"], False
    return config


def on_files(files, config):
    snippets = site_config.from_mkdocs(config).snippets
    site_url = config.site_url or ""
    cache = Path(f".cache/notebooks/torch-{site_config.torch_version()}") if site_config.serving() else None
    RUNS.clear(), OFFERED.clear()
    for file in [f for f in files if f.is_documentation_page()]:
        if file.src_uri.endswith(".py"):
            start_notebook_page(Path(file.abs_src_path), file.src_uri, site_url, cache, RUN["execute"])
            OFFERED.add(file.src_uri)
        elif nb := page_notebook(Page(file.src_uri, file.content_string), snippets, site_url):
            files.append(File.generated(config, ipynb_uri(file.src_uri), content=nbformat.writes(nb)))
            OFFERED.add(file.src_uri)
    return files


def on_page_context(context, page, config, nav):
    if page.file.src_uri in OFFERED:
        page.meta["notebook_download"] = ipynb_uri(page.file.src_uri)
    return context


def on_post_build(config):
    for src_uri in RUNS:
        (Path(config.site_dir) / ipynb_uri(src_uri)).write_text(notebook_page_run(src_uri), encoding="utf-8")
