"""MkDocs hook: names that Material's templates leave out, for screen readers (axe-core rules
``aria-dialog-name`` and ``landmark-unique``), and the page language as ``zh-CN``.

- the search overlay (``role="dialog"``) gets the name "搜索";
- the tag list (a second ``<nav>`` beside the site navigation) gets the name "本页标签";
- ``<html lang="zh">`` becomes ``zh-CN`` (Material's Chinese translation says only ``zh``).
"""

FIXES = {
    '<html lang="zh"': '<html lang="zh-CN"',
    'data-md-component="search" role="dialog">': 'data-md-component="search" role="dialog" aria-label="搜索">',
    '<nav class="md-tags" >': '<nav class="md-tags" aria-label="本页标签">',
}


def on_post_page(output, page, config):
    for old, new in FIXES.items():
        output = output.replace(old, new)
    return output
