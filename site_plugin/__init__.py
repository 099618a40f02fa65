"""The site's MkDocs plugin (entry point ``mkdocs.plugins``: ``notes``, listed last in mkdocs.yml).

- ``plugin``: the plugin class; its methods, read top to bottom, are the build's steps in order,
  and everything one build needs to remember lives on the instance;
- ``notebook_runs``: each notebook page executed once per build (nbclient, in the background),
  kept on disk only under ``mkdocs serve``;
- ``notebook_page``: the notebook page's HTML written again in the markup of the other pages;
- ``markup``: what is added to or rewritten in every page (output blocks, version notes, the
  serve banner, formulas as MathML, names for screen readers, the Content-Security-Policy).

It asks the site model (``site_model``) for the structure of each page and never pairs blocks itself.
"""
