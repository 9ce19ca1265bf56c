"""`antwoord serve`: the editors' live preview.

Builds the site, serves it on 127.0.0.1, watches `content/` and the theme with `watchfiles`,
rebuilds on every change and reloads the open pages. Only in this mode, each HTML page gets
one extra line as it is sent: a script from this server (`/__livereload/client.js`) that
listens for rebuilds on a Server-Sent Events stream (`/__livereload`) and shows the build's
errors and warnings over the page (`/__livereload/status`). Built files never contain it.

Nothing stops the preview: a document that cannot be read is reported (its page is missing
until it is fixed, and the 404 page shows why), a build that fails as a whole keeps the last
good site on screen with the failure in the overlay, and the next change tries again.
(Rebuilding only what changed is a separate concern; here the whole site is rebuilt.)
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.build import BuildResult, build
from generator.document import Diagnostic
from generator.output_guard import REFUSALS
from generator.render import THEME
from generator.system_errors import plain_reason
from generator.text_safety import printable

CLIENT = Path(__file__).resolve().parent / "livereload"
EVENTS = "/__livereload"
ASSETS = {
    f"{EVENTS}/client.js": ("client.js", "text/javascript; charset=utf-8"),
    f"{EVENTS}/overlay.css": ("overlay.css", "text/css; charset=utf-8"),
}
PING_SECONDS = 10.0  # keeps the stream alive and notices closed tabs
EMPTY_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    "<title>Antwoord preview</title></head><body><h1>Nothing to show yet</h1>"
    "<p>The site has not been built; the problems are listed below.</p></body></html>\n"
)


def client_tag(generation: int) -> str:
    """The one line serve mode adds to a page."""
    return f'<script src="{EVENTS}/client.js" data-generation="{generation}" defer></script>'


def inject(page: str, generation: int) -> str:
    """`page` with the live-reload script before its last </body> (or at the end)."""
    tag = client_tag(generation)
    at = page.lower().rfind("</body>")
    return page + tag if at < 0 else page[:at] + tag + "\n" + page[at:]


@dataclass
class SiteState:
    """What the preview shows: the build generation and what the last build found."""

    generation: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # page URL path → document file
    failure: str | None = None  # the last build failed as a whole; the site is the last good one


class LivePreview:
    """Builds the site and tells waiting pages when a new build is there. Thread-safe."""

    def __init__(
        self,
        content: Path,
        out: Path,
        *,
        theme: Path = THEME,
        log: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.content, self.out, self.theme = Path(content), Path(out).resolve(), theme
        self._log = lambda line: log(printable(line))  # file names reach the terminal
        self._changed = threading.Condition()
        self._state = SiteState()
        self.stopping = threading.Event()

    @property
    def state(self) -> SiteState:
        with self._changed:
            return self._state

    def rebuild(self) -> SiteState:
        """Build once; whatever happens, the server keeps going and pages are told."""
        try:
            result: BuildResult | None = build(
                self.content, self.out, theme=self.theme, preview=True
            )
            failure = None
        except Exception as exc:  # a bug or a broken theme must not stop the preview
            result = None
            failure = f"the build failed: {plain_reason(exc)}; showing the last good site"
        previous = self.state
        if result is not None and not result.written:
            failure = "the site could not be built; showing the last good site"
        state = SiteState(
            generation=previous.generation + 1,
            diagnostics=result.diagnostics if result is not None else previous.diagnostics,
            pages={doc.url: doc.path for doc in result.documents}
            if result is not None and result.written
            else previous.pages,
            failure=failure,
        )
        with self._changed:
            self._state = state
            self._changed.notify_all()
        for diagnostic in state.diagnostics:
            self._log(diagnostic.format())
        self._log(failure or (result.summary() if result is not None else ""))
        return state

    def wait_for_build(self, seen: int, timeout: float) -> int:
        """Block until a build newer than `seen` (or timeout, or stop); its generation."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._state.generation != seen or self.stopping.is_set(), timeout
            )
            return self._state.generation

    def status(self, page: str) -> dict:
        """The overlay's data for one page: its document's problems and the site-wide ones."""
        state = self.state
        documents = set(state.pages.values())
        own = state.pages.get(page)
        shown = [
            d for d in state.diagnostics if own is None or d.file == own or d.file not in documents
        ]
        return {
            "generation": state.generation,
            "failure": state.failure,
            "diagnostics": [d.to_json() for d in shown],
        }

    def stop(self) -> None:
        self.stopping.set()
        with self._changed:
            self._changed.notify_all()

    def watch(self) -> None:
        """Rebuild after every batch of changes in the content folder or the theme."""
        import watchfiles

        paths = [self.content, self.theme]
        wanted = change_filter(self.out)
        for changes in watchfiles.watch(
            *paths, watch_filter=wanted, stop_event=self.stopping, debounce=200
        ):
            changes = lasting_changes(changes)
            if not changes:
                continue  # only files that came and went: nothing the build reads changed
            changed = sorted({Path(p).name for _kind, p in changes})
            self._log(f"changed: {', '.join(changed)}; rebuilding")
            self.rebuild()


def lasting_changes(changes: set[tuple[object, str]]) -> set[tuple[object, str]]:
    """The changes of a batch without files that were made and removed within it.

    A build's own temporary files (a document being written, a failed import's attempt) come
    and go while it runs; were they an edit, a build that fails the same way each time would
    start the next one for ever (the preview rebuilt ten times a second)."""
    import watchfiles

    added = {path for kind, path in changes if kind == watchfiles.Change.added}
    deleted = {path for kind, path in changes if kind == watchfiles.Change.deleted}
    passing = {path for path in added & deleted if not os.path.lexists(path)}
    return {(kind, path) for kind, path in changes if path not in passing}


def change_filter(out: Path) -> Callable[[object, str], bool]:
    """watchfiles filter: editors' changes, not the build's own writes. The site folder, the
    fresh and old folders a build swaps next to it, and the cache may sit inside content/."""
    import watchfiles

    # content/.cache is the build's own cache (generator/cache.py): not an editor's change.
    default = watchfiles.DefaultFilter(
        ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, ".cache")
    )
    site = str(out)
    parent = str(out.parent) + os.sep
    swap = f".{out.name}."

    def wanted(change, path: str) -> bool:
        if not default(change, path) or path == site or path.startswith(site + os.sep):
            return False
        # The build never reads a file whose name starts with "." (generator/content.py), and
        # its own temporary files are named so (".<name>.XXXX.tmp"): not an edit.
        if os.path.basename(path).startswith("."):
            return False
        return not (path.startswith(parent) and path[len(parent) :].startswith(swap))

    return wanted


LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
REQUEST_SECONDS = 20.0  # a request not sent (or a response not read) within this is dropped


def host_allowed(host_header: str | None, bound: str) -> bool:
    """Only a request that names this computer (or the bound address) is answered.

    A page on another site can make the browser send requests to 127.0.0.1 under a name of its
    own (DNS rebinding); the Host header still says that name, so it is refused (403)."""
    if host_header is None:
        return True  # HTTP/1.0 without a Host: not a browser, so not a rebinding page
    host = host_header.strip().lower()
    host = host[: host.find("]") + 1] if host.startswith("[") else host.rsplit(":", 1)[0]
    return host in LOCAL_HOSTS or host == bound.lower() or f"[{bound.lower()}]" == host


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder, pages with the live-reload line, and the stream."""

    timeout = REQUEST_SECONDS  # socket timeout: a client that sends nothing is let go

    def __init__(self, *args, preview: LivePreview, **kwargs):
        self.preview = preview
        # Resolve per request: a build swaps the folder in, so hold its name, not a handle.
        super().__init__(*args, directory=str(preview.out), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview always shows the last build
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # the terminal shows builds, not every request

    def _refused(self) -> bool:
        """Answer 403 to a request whose Host names another site; True when refused."""
        if host_allowed(self.headers.get("Host"), str(self.server.server_address[0])):
            return False
        self.send_error(HTTPStatus.FORBIDDEN, "this preview answers only localhost")
        return True

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        if self._refused():
            return
        try:
            super().do_HEAD()
        except OSError:  # a name too long for the file system, and the like: not a page
            self.send_error(HTTPStatus.NOT_FOUND)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self._refused():
            return
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            raise  # the client went away: nothing to answer
        except OSError:  # a path segment over 255 bytes (ENAMETOOLONG), and the like
            self.send_error(HTTPStatus.NOT_FOUND)

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path == f"{EVENTS}/status":
            page = parse_qs(urlsplit(self.path).query).get("page", ["/"])[0]
            self._send(HTTPStatus.OK, "application/json", json.dumps(self.preview.status(page)))
        elif path in ASSETS:
            name, kind = ASSETS[path]
            self._send(HTTPStatus.OK, kind, (CLIENT / name).read_text(encoding="utf-8"))
        elif not self._page(path):
            super().do_GET()

    def _page(self, path: str) -> bool:
        """Send an HTML page (or the 404 page) with the live-reload line; False: not a page."""
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                return False  # the standard handler redirects to the slash
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            self._send_page(HTTPStatus.OK, file.read_text(encoding="utf-8"))
            return True
        if file.exists() or os.path.splitext(unquote(path))[1] not in ("", ".html"):
            return False
        missing = Path(self.directory) / "404.html"
        page = missing.read_text(encoding="utf-8") if missing.is_file() else EMPTY_PAGE
        self._send_page(HTTPStatus.NOT_FOUND, page)
        return True

    def _send_page(self, status: HTTPStatus, page: str) -> None:
        generation = self.preview.state.generation
        self._send(status, "text/html; charset=utf-8", inject(page, generation))

    def _send(self, status: HTTPStatus, kind: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        """Server-Sent Events: `hello` with the current build, then `reload` after each one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = self.preview.state.generation
        try:
            self.wfile.write(f"event: hello\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while not self.preview.stopping.is_set():
                now = self.preview.wait_for_build(seen, PING_SECONDS)
                message = f"event: reload\ndata: {now}\n\n" if now != seen else ": ping\n\n"
                seen = now
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the tab was closed or reloaded, or stopped reading


def _log(line: str) -> None:
    if line:
        print(printable(line), file=sys.stderr, flush=True)


def serve(content: Path, out: Path, *, port: int = 8000, theme: Path = THEME, log=_log) -> int:
    """Build, serve on 127.0.0.1:`port` (0: any free port), rebuild and reload on change."""
    preview = LivePreview(content, out, theme=theme, log=log)
    first = preview.rebuild()
    if any(d.code in REFUSALS for d in first.diagnostics):
        return 1  # never serve (or create) a folder that is not a site's: the line says why
    preview.out.mkdir(parents=True, exist_ok=True)  # an unbuilt site still shows its errors
    with preview_server(preview, port) as server:
        watcher = threading.Thread(target=preview.watch, name="watch", daemon=True)
        watcher.start()
        host, actual = server.server_address[:2]
        log(f"serving {preview.out} on http://{host}:{actual}/ (Ctrl-C stops)")
        try:
            with contextlib.suppress(KeyboardInterrupt):
                server.serve_forever()
        finally:
            preview.stop()
    return 0


def preview_server(preview: LivePreview, port: int = 0) -> ThreadingHTTPServer:
    """The preview's HTTP server on 127.0.0.1:`port` (not started)."""
    handler = functools.partial(PreviewHandler, preview=preview)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


__all__ = ["LivePreview", "PreviewHandler", "client_tag", "inject", "preview_server", "serve"]
