"""A notebook page (jupytext ``docs/*.py``) executed once per build, for its HTML and its download.

``NotebookRuns.start`` runs a page with nbclient in the background, in a fresh kernel and an empty
temporary folder, while MkDocs renders the other pages; ``NotebookRuns.result`` waits for it.  Under
``mkdocs serve`` a run is kept on disk, keyed on the page's bytes, the site URL and the installed
torch, so an edit elsewhere does not run the page again.
"""

from __future__ import annotations

import copy
import hashlib
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import jupytext
import nbformat

from site_model.config import torch_version
from site_model.notebooks import KERNEL, notebook, prose, read_notebook_page


def execute(nb: nbformat.NotebookNode, allow_errors: bool = False) -> nbformat.NotebookNode:
    """Execute ``nb`` in place from top to bottom: one fresh kernel, an empty temporary directory."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    encrypted = Config(KernelManager={"transport_encryption": "auto"})  # ipykernel warns otherwise
    with tempfile.TemporaryDirectory(prefix="notebook-") as workdir:
        NotebookClient(
            nb,
            kernel_name="python3",
            timeout=120,
            allow_errors=allow_errors,
            record_timing=False,
            shutdown_kernel="immediate",  # the run is over: no need to wait ~1 s for a graceful exit
            config=encrypted,
            resources={"metadata": {"path": workdir}},
        ).execute()
    for cell in [c for c in nb.cells if c.cell_type == "code"]:
        cell.outputs = _streams_joined(cell.outputs)
    return nb


def _streams_joined(outputs: list) -> list:
    """A cell's outputs with each run of text printed to one stream in one output.  How the kernel
    splits it depends on when it flushed, so unjoined, two runs of one notebook differ."""
    joined = []
    for output in outputs:
        last = joined[-1] if joined else None
        if output.output_type == "stream" and last and last.output_type == "stream" and last.name == output.name:
            last.text += output.text
        else:
            joined.append(output)
    return joined


def executed_notebook(source: Path, src_uri: str, site_url: str = "") -> nbformat.NotebookNode:
    """A jupytext notebook page, executed, in the form the site offers it for download."""
    nb = copy.deepcopy(read_notebook_page(source))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = "\n".join(prose(line, src_uri, site_url) for line in cell.source.splitlines())
            if answer := cell.metadata.get("answer"):  # collapsed under its title on the page; here, marked
                cell.source = f"**{answer}**\n\n{cell.source}"
    nb.metadata = KERNEL
    return notebook(execute(nb).cells, src_uri, site_url)


class NotebookRuns:
    """The notebook pages of one build, each executed once (two at a time)."""

    def __init__(self, cache: Path | None, execute: bool):
        """``cache``: a folder to keep runs in (``mkdocs serve``), or None; ``execute``: false only
        for scratch builds that do not need the outputs (their download has code cells only)."""
        self.cache, self.execute = cache, execute
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.runs: dict[str, Future] = {}  # src_uri -> the .ipynb text

    def start(self, source: Path, src_uri: str, site_url: str) -> None:
        """Start the run of the notebook page ``source`` in the background."""
        self.runs[src_uri] = self.pool.submit(self._download, source, src_uri, site_url)

    def result(self, src_uri: str) -> str:
        """The ``.ipynb`` text of a page's run (waits for it; a failing cell raises here)."""
        return self.runs[src_uri].result()

    def _download(self, source: Path, src_uri: str, site_url: str) -> str:
        if not self.execute:
            return jupytext.writes(read_notebook_page(source), fmt="ipynb")
        key = hashlib.sha256(source.read_bytes() + site_url.encode() + torch_version().encode()).hexdigest()[:16]
        stem = PurePosixPath(src_uri).stem
        cached = self.cache / f"{stem}-{key}.ipynb" if self.cache else None
        if cached and cached.is_file():
            return cached.read_text(encoding="utf-8")
        text = nbformat.writes(executed_notebook(source, src_uri, site_url))
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            for old in cached.parent.glob(f"{stem}-*.ipynb"):
                old.unlink()  # made from an older source
            cached.write_text(text, encoding="utf-8")
        return text
