"""Serve a built site on 127.0.0.1 under a sub-path, as a project site on GitHub Pages is
served (``https://<user>.github.io/<repo>/``).  Anything outside the sub-path is a 404, so a
page that links to ``/assets/...`` instead of a relative path fails to load its assets.

    python -m snippet_harness.serve_site SITE_DIR PREFIX   # prints the port it listens on, then serves
"""

import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-the-sub-path"
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


def main(site_dir: str, prefix: str) -> None:
    Handler.prefix = "/" + prefix.strip("/") + "/"
    handler = functools.partial(Handler, directory=site_dir)
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:3])
