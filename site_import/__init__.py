"""Import a blog post as a draft page of the site, with every claim its code makes checked.

- ``post``: the post read once: its front matter, its fenced blocks (which hold Python, which
  hold an output typed by hand), its images and links;
- ``checks``: what is wrong with each block: names it needs from elsewhere, output claims in its
  comments or in the text block under it that the real run contradicts, warnings, random numbers;
- ``importer``: runs every block in the harness's isolation (``snippet_harness.runner``), writes
  the draft page, the snippets and their outputs, a copy of the post and the report;
- ``__main__``: the command, ``python -m site_import <post.md> [--name <page>] [--root .]``.

It may import ``site_model`` and ``snippet_harness``; only the tests import it.
"""
