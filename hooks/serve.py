"""MkDocs hook: an author's ``mkdocs serve`` that keeps up, and build logs without noise.

- It tells the site model how MkDocs was started (``site_model.config.serving()``).
- Under ``mkdocs serve`` only, mkdocs-jupyter's cache is on, in a folder named after the
  installed torch: the notebook page is executed again only when its own content, the plugin's
  options or torch changed.  ``mkdocs build`` (hosted builds, CI) never uses a cache.
- Under ``mkdocs serve`` only, a page whose snippet is newer than its stored output says so at
  the top, with the command that refreshes it (a built site never carries this).
- jieba (Chinese search) logs its dictionary loading at DEBUG level; that is silenced.
- The notebook's kernel runs with CurveZMQ encryption (``hooks/jupyter/``, read by nbconvert),
  so ipykernel no longer warns about TCP without encryption.
"""

import logging
import os
from pathlib import Path

from site_model import Page
from site_model import config as site_config

JUPYTER_CONFIG = str(Path(__file__).with_name("jupyter"))


def on_startup(command, dirty):
    site_config.started(command)


def on_config(config):
    logging.getLogger("jieba").setLevel(logging.WARNING)  # imported by now, by the search plugin
    paths = [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths if JUPYTER_CONFIG in paths else [JUPYTER_CONFIG, *paths])
    notebooks = config.plugins["mkdocs-jupyter"].config
    notebooks["cache"] = site_config.serving()
    notebooks["cache_dir"] = f".cache/mkdocs-jupyter/torch-{site_config.torch_version()}"
    return config


def _stale(example: Path) -> bool:  # 2 s of slack: a checkout writes both at once
    out = example.with_suffix(".out")
    return not out.is_file() or out.stat().st_mtime + 2 < example.stat().st_mtime


def on_page_markdown(markdown, page, config, files):
    if not site_config.serving():
        return markdown
    snippets = site_config.from_mkdocs(config).snippets
    stale = [path for _, path in Page(page.file.src_uri, page.file.content_string).shown_snippets
             if (snippets / path).is_file() and _stale(snippets / path)]
    if not stale:
        return markdown
    lines = "\n".join(f"    - `{path}`：运行 `pytest --regen-all -k {Path(path).stem}` 更新输出，再检查它"
                      for path in stale)
    return f'!!! warning "本地预览：下面这些示例的代码比页面上显示的输出新"\n\n{lines}\n\n' + markdown
