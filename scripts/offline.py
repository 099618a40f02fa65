"""The whole site for reading without a network: ``site-offline.zip``.

    python scripts/offline.py [--out PATH]

builds the site with ``OFFLINE=true`` (Material's offline plugin, listed in mkdocs.yml: pages are
``xxx.html`` files, the search index is inlined into a script, no Content-Security-Policy, the Web
Worker shim comes with the site) into a temporary folder and zips it, every file under one folder
``pytorch-notes/``, into PATH (default ``site-offline.zip`` in the current folder).  A reader
unzips it and opens ``pytorch-notes/index.html``.  The publishing workflow writes it into the built
site (``--out site/site-offline.zip``), so the published site offers it at its root.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "pytorch-notes"  # the one folder inside the zip


def build(out: Path) -> Path:
    """Build the offline site and write it to ``out`` as a zip; returns ``out``."""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="site-offline-") as tmp:
        site = Path(tmp) / FOLDER
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file() and not path.name.endswith(".map"):
                    archive.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
        partial.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("site-offline.zip"), help="where to write the zip")
    out = build(parser.parse_args().out.resolve())
    print(f"{out}: {out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
