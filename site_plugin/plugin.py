"""The site's MkDocs plugin.  Read top to bottom, its methods are the steps of a build in the order
MkDocs calls them; what one build needs to remember is kept on the instance.

It exists as one plugin, not as hooks, so that nothing is shared through module globals: a build
under ``mkdocs serve`` keeps this instance (it has ``on_startup``), and with it the work that an
edit elsewhere leaves valid.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import operator
from pathlib import Path

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from site_model import Page, Site, notebooks, verified, versions
from site_model.config import torch_version
from site_model.site import CHECKED
from site_plugin import markup, notebook_page, offline
from site_plugin.notebook_runs import NotebookRuns

log = logging.getLogger("mkdocs.plugins.notes")

# The Web Worker shim for file:// that Material's offline plugin loads from unpkg.com, shipped with the site instead
WORKER_SHIM = Path(__file__).parent / "vendor" / "iframe-worker-shim.js"
WORKER_SHIM_URI = "assets/javascripts/iframe-worker-shim.js"


class NotesPlugin(BasePlugin):
    def __init__(self):
        self.serving = False
        self.rebuild_changed_only = False  # mkdocs serve --dirty
        self.sources_at_start: dict[str, str] = {}  # under serve: each example's code when serving began
        self.built: dict[str, str] = {}  # under serve --dirty: page -> the content key of its last build
        self.building: dict[str, str] = {}  # the same, for the build under way

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under ``mkdocs serve --dirty`` MkDocs builds again only the pages it thinks changed, and
        warns that other pages' navigation may then be out of date.  Here a page is built again when
        anything it shows changed, and every page when the page list, mkdocs.yml or the templates
        did (``_content_key``), so that warning does not apply and is left out."""
        self.serving = command == "serve"
        self.rebuild_changed_only = self.serving and dirty
        if self.rebuild_changed_only:
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not str(record.msg).startswith("A 'dirty' build is being performed")
            )

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """A test run that checks an example changes what the serve banner says: watch its notes too."""
        checked = self.site.root / CHECKED
        checked.mkdir(parents=True, exist_ok=True)
        server.watch(str(checked))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the site, and take over running the notebook page from mkdocs-jupyter, which then
        only lays out its cells (``execute`` in mkdocs.yml says whether the build runs it)."""
        logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG
        self.site = Site(Path(config.config_file_path).parent)
        if Path(config.docs_dir).resolve() != self.site.docs:
            raise PluginError(f"docs_dir {config.docs_dir} 与站点模型读到的 {self.site.docs} 不同")
        self.device_runs = verified.device_runs(self.site.root)
        jupyter = config.plugins["mkdocs-jupyter"].config
        cache = Path(f".cache/notebooks/torch-{torch_version()}") if self.serving else None
        self.notebook_runs = NotebookRuns(cache, execute=bool(jupyter["execute"]))
        jupyter["execute"] = False
        self.offered: set[str] = set()  # pages with a notebook to download
        if self.serving and not self.sources_at_start:
            self.sources_at_start = {e.name: e.source_digest for e in self.site.examples}
        self.offline = self._offline(config)
        return config

    def _offline(self, config: MkDocsConfig) -> bool:
        """Whether Material's offline plugin is on (``OFFLINE=true``: the site built to be opened from the
        disk, ``scripts/offline.py``).  Then the pages carry no Content-Security-Policy (under ``file://``
        the page has no origin for ``'self'`` to allow), and the Web Worker shim that the offline plugin
        adds from unpkg.com comes from the site itself: nothing is requested outside its folder."""
        offline = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "offline"), None)
        if not (offline and offline.config.enabled):
            return False
        polyfills = config.extra["polyfills"]
        polyfills[:] = [WORKER_SHIM_URI if "iframe-worker" in url else url for url in polyfills]
        return True

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Start running the notebook pages, and add each Markdown page's notebook to the site.

        Under ``mkdocs serve --dirty`` only the pages whose content changed since their last build
        are built again: a page's content is its text, every file it includes and what the plugin
        adds to it (``_content_key``), so an edited snippet rebuilds the page that shows it."""
        site_url = config.site_url or ""
        pages = [f for f in files if f.is_documentation_page()]
        if self.rebuild_changed_only:
            self.site_wide = self._site_wide_key(config, pages)
            self.building = {f.src_uri: self._content_key(f) for f in pages}
            pages = [f for f in pages if self.built.get(f.src_uri) != self.building[f.src_uri]]
            for file in files.documentation_pages():
                file.is_modified = functools.partial(operator.contains, pages, file)
        for file in pages:
            if file.src_uri.endswith(".py"):
                self.notebook_runs.start(Path(file.abs_src_path), file.src_uri, site_url)
                self.offered.add(file.src_uri)
            elif nb := notebooks.page_notebook(Page(file.src_uri, file.content_string), self.site.snippets, site_url):
                uri = notebooks.ipynb_uri(file.src_uri)
                files.append(File.generated(config, uri, content=nbformat.writes(nb)))
                self.offered.add(file.src_uri)
        if self.offline:
            files.append(File.generated(config, WORKER_SHIM_URI, abs_src_path=str(WORKER_SHIM)))
            self.page_files = {f.dest_uri for f in files.documentation_pages()}
        return files

    def _site_wide_key(self, config: MkDocsConfig, pages: list[File]) -> bytes:
        """What every page depends on: the page list, mkdocs.yml (navigation, titles, options) and
        the templates (``theme.custom_dir``)."""
        digest = hashlib.sha256("\0".join(sorted(f.src_uri for f in pages)).encode())
        digest.update(Path(config.config_file_path).read_bytes())
        overrides = config.theme.custom_dir
        for path in sorted(Path(overrides).rglob("*")) if overrides else []:
            digest.update(path.read_bytes() if path.is_file() else path.name.encode())
        return digest.digest()

    def _content_key(self, file: File) -> str:
        """What a page's HTML depends on besides the theme: its text, the files it includes (with the
        outputs recorded for other releases), its stamp, its serve banner and the site's page list."""
        digest = hashlib.sha256(file.content_bytes + self.site_wide)
        if file.src_uri.endswith(".py"):
            examples = self.site.examples_shown_on(Path(file.abs_src_path))
        else:
            included = [self.site.snippets / path for _, path in Page(file.src_uri, file.content_string).include_lines]
            for path in included:
                for stored in [path, *versions.recorded_outputs(path).values()]:
                    digest.update(stored.read_bytes() if stored.is_file() else b"<missing>")
            examples = [self.site.example(path) for path in included if path.suffix == ".py" and path.is_file()]
        digest.update(self._stamp(examples).encode() + "\0".join(self._stale(examples)).encode())
        return digest.hexdigest()

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Before the tags plugin (priority -50), so the notebook page's tags count too."""
        if page.file.src_uri.endswith(".py"):
            page.meta.update(self._notebook_metadata(page))
            page.meta["shows_code"] = True
            examples = self.site.examples_shown_on(Path(page.file.abs_src_path))
            page.meta["verified_with"] = self._stamp(examples)
            page.meta["example_names"] = [e.name for e in examples]
            return markdown
        if missing := self.site.missing_includes(Page(page.file.src_uri, page.file.content_string)):
            for problem in missing:
                log.error(problem)
            raise PluginError(f"docs/{page.file.src_uri} 引用了 {len(missing)} 个不存在的文件（见上）")
        model = Page(page.file.src_uri, markdown)  # front matter already taken off: lines differ from the file's
        page.meta["shows_code"] = model.shows_code
        examples = [self.site.example(self.site.snippets / e.snippet) for e in model.examples]
        page.meta["verified_with"] = self._stamp(examples)
        page.meta["example_names"] = [e.name for e in examples]  # what a reader can name in a report
        banner = markup.stale_banner(self._stale(examples)) if self.serving else ""
        marked = markup.outputs_marked(markdown, model, self.site.snippets)
        linked = offline.download_linked(markup.repository_linked(marked, config.repo_url), config.site_url)
        return banner + linked

    def _notebook_metadata(self, page: MkDocsPage) -> dict:
        return copy.deepcopy(notebooks.read_notebook_page(page.file.abs_src_path).metadata.get("mkdocs", {}))

    def _stamp(self, examples) -> str:
        return verified.stamp(self.site.pinned_torch, self.site.also_verified_on, self.device_runs, examples)

    def _stale(self, examples) -> list[str]:
        """The examples whose code is neither what it was when serving began nor what a test run
        last checked against the stored output (``Site.last_checked``)."""
        return [
            self.site.rel(e.path)
            for e in examples
            if e.source_digest not in (self.sources_at_start.get(e.name), self.site.last_checked(e))
        ]

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """The notebook page in the site's markup, then every page's formulas as MathML and its wide
        tables labelled for the phone."""
        where = f"docs/{page.file.src_uri}"
        if page.file.src_uri.endswith(".py"):
            run = nbformat.reads(self.notebook_runs.result(page.file.src_uri), as_version=4)
            cells = notebooks.read_notebook_page(page.file.abs_src_path).cells
            html = notebook_page.rewrite(html, cells, run, where)
        return markup.tables_stacked(markup.typeset_formulas(html, where, page.file.content_string))

    def on_page_context(self, context, *, page: MkDocsPage, config: MkDocsConfig, nav):
        if page.file.src_uri in self.offered:
            page.meta["notebook_download"] = notebooks.ipynb_uri(page.file.src_uri)
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Names for screen readers; outside ``mkdocs serve`` (whose live-reload script changes on
        every request) and the offline build the Content-Security-Policy; in the offline build, links
        to a page's folder point at its file (``offline.py``)."""
        output = markup.named_for_screen_readers(output)
        if self.offline:
            return offline.file_links(output, page.url, page.file.src_uri, self.page_files)
        return output if self.serving else markup.with_policy(output)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """404.html gets the same policy; the sitemap is no HTML."""
        policed = template_name.endswith(".html") and not (self.serving or self.offline)
        return markup.with_policy(output) if policed else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The notebook pages' downloads from their runs, and the search index in UTF-8.

        Material's search plugin (listed before this one, so done by now) writes its index with
        ``\\uXXXX`` escapes: six bytes for each Chinese character and each ``\\u200b`` word break
        that jieba inserts.  Every first page load fetches the index, so UTF-8 saves about a third."""
        self.built.update(self.building)
        site_dir = Path(config.site_dir)
        for src_uri in self.notebook_runs.runs:
            (site_dir / notebooks.ipynb_uri(src_uri)).write_text(self.notebook_runs.result(src_uri), encoding="utf-8")
        index = site_dir / "search" / "search_index.json"
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_shutdown(self) -> None:
        self.notebook_runs.pool.shutdown(wait=False, cancel_futures=True)
