"""The snippet harness: runs every code example of the site and checks what it prints.

- ``pages``: what the pages and snippets are (fences, includes, stored outputs, URLs);
- ``runner``: runs example code in forked children of a process that imported torch once;
- ``compare``: does a fresh run print what the stored output shows (within float noise)?
- ``plugin``: the pytest plugin that turns every Python block of every page into one test.
"""
