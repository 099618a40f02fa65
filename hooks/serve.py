"""MkDocs hook: an author's ``mkdocs serve`` that keeps up, and build logs without noise.

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
from importlib.metadata import version
from pathlib import Path

SERVING = False
JUPYTER_CONFIG = str(Path(__file__).with_name("jupyter"))


def on_startup(command, dirty):
    global SERVING
    SERVING = command == "serve"


def on_config(config):
    logging.getLogger("jieba").setLevel(logging.WARNING)  # imported by now, by the search plugin
    paths = os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [JUPYTER_CONFIG] + paths)) \
        if JUPYTER_CONFIG not in paths else os.environ["JUPYTER_CONFIG_PATH"]
    notebooks = config.plugins["mkdocs-jupyter"].config
    notebooks["cache"] = SERVING
    notebooks["cache_dir"] = f".cache/mkdocs-jupyter/torch-{version('torch')}"
    return config


def on_page_markdown(markdown, page, config, files):
    if not SERVING:
        return markdown
    base_path = config.mdx_configs["pymdownx.snippets"]["base_path"]  # where the includes resolve
    base = Path(base_path if isinstance(base_path, str) else base_path[0])
    stale = [path for path in sorted(base.rglob("*.py")) if f'"{path.relative_to(base).as_posix()}"' in markdown
             and (not path.with_suffix(".out").is_file()  # 2 s of slack: a checkout writes both at once
                  or path.with_suffix(".out").stat().st_mtime + 2 < path.stat().st_mtime)]
    if not stale:
        return markdown
    lines = "\n".join(f"    - `{path.as_posix()}`：运行 `pytest --regen-all -k {path.stem}` 更新输出，再检查它"
                      for path in stale)
    return f'!!! warning "本地预览：下面这些示例的代码比页面上显示的输出新"\n\n{lines}\n\n' + markdown
