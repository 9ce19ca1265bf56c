"""`antwoord serve`: build, then serve the site on 127.0.0.1.

Rebuild on change uses `watchfiles` when it is installed; without it the site is served as
built (no hand-rolled polling). There is no live reload in the browser: the pages carry no
JavaScript.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.build import build
from generator.render import THEME


def _report(result) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(result.summary(), file=sys.stderr)


def _watch(content: Path, out: Path) -> None:
    import watchfiles

    for _changes in watchfiles.watch(content, THEME):
        print("change seen; rebuilding", file=sys.stderr)
        _report(build(content, out))


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, site: Path, **kwargs):
        # Resolve per request: the build swaps the folder in, so hold its name, not a handle.
        super().__init__(*args, directory=str(site), **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def serve(content: Path, out: Path, *, port: int = 8000) -> int:
    content, out = Path(content), Path(out).resolve()
    result = build(content, out)
    _report(result)
    if not result.written:
        return 1
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        print(
            "watchfiles is not installed: serving the site as built; "
            "run `antwoord build` (or restart serve) after a change",
            file=sys.stderr,
        )
    else:
        threading.Thread(target=_watch, args=(content, out), daemon=True).start()
    handler = functools.partial(_Handler, site=out)
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {out} on http://127.0.0.1:{port}/ (Ctrl-C stops)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0
