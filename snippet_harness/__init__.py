"""The snippet harness: runs every code example of the site and checks what it prints.

- ``plugin``: the pytest plugin (entry point ``pytest11``): collects the page blocks that show a
  snippet from the site model (``site_model``), and gives tests the ``harness`` fixture;
- ``harness``: the examples a test session needs, and their checks (the ``harness`` fixture);
- ``scheduler``: when and where those examples run: together on first demand, or one by one;
- ``stored``: the kinds of stored file a run is compared with (outputs, pictures), and the verdict;
- ``policies``: what is done with a verdict: check, regenerate, or record another release's output;
- ``runner``: runs example code in forked children of a process that imported torch once;
- ``child``: what the forked child does (isolation, warnings, the audit hook naming what it tries beyond its box);
- ``box``: the kernel's box (Linux Landlock) the child runs the example in: writes only in its folder, no TCP;
- ``compare``: does a fresh run print what the stored output shows (within float noise)?
- ``pictures``: pictures drawn from what an example really computed.

Its own tests (``tests/``) inject faults into copies of a fixture site of their own (``tests/fixture_site/``);
the tests of the runner, the comparison and the pictures need no site.
"""
