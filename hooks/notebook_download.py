"""MkDocs hook: offers each notebook page as a downloadable ``.ipynb``.

Notebook pages are stored as jupytext percent-format ``.py`` files (readable diffs); at build
time this hook converts each into ``<name>.ipynb`` beside the page, with jupytext, and
tells the template (``overrides/main.html``) where it is.
"""

import jupytext
from mkdocs.structure.files import File


def _ipynb_uri(src_uri: str) -> str:
    return src_uri.removesuffix(".py") + ".ipynb"


def on_files(files, config):
    for file in list(files):
        if file.src_uri.endswith(".py") and file.is_documentation_page():
            notebook = jupytext.read(file.abs_src_path)
            files.append(File.generated(config, _ipynb_uri(file.src_uri),
                                        content=jupytext.writes(notebook, fmt="ipynb")))
    return files


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".py"):
        page.meta["notebook_download"] = _ipynb_uri(page.file.src_uri)
        page.meta["shows_code"] = True
    return context
