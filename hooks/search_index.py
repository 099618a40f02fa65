"""MkDocs hook: tidies the search index entries that notebook pages produce.

nbconvert renders notebook headings itself: their titles end with the "¶" of the anchor
link, and a heading written only in Chinese gets an empty ``id``, so several entries can
share one location.  Material's search worker breaks on such duplicates (TypeError, "没有找到
符合条件的结果" for every query that hits them).  After the build this hook strips the "¶"
and merges entries that share a location into the first of them.
"""

import json
from pathlib import Path


def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    merged = {}
    for entry in index["docs"]:
        entry["title"] = entry["title"].rstrip("¶")
        first = merged.setdefault(entry["location"], entry)
        if first is not entry:
            first["text"] = f"{first['text']} {entry['title']} {entry['text']}".strip()
    index["docs"] = list(merged.values())
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
