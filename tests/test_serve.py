"""`antwoord serve` without a browser: the injected line, failing builds, the overlay's data.

The browser test (a real serve process, a page that reloads) is tests/browser/test_live_preview.py.
"""

from __future__ import annotations

from pathlib import Path

import generator.serve as serve_module
from generator.build import build
from generator.document import Diagnostic
from generator.serve import LivePreview, change_filter, client_tag, inject

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SLUG = "000-98c710bba33336fa"
DOCUMENT = f"documents/{SLUG}.md"


# --- without a browser ---------------------------------------------------------------------------


def test_the_script_goes_before_the_end_of_the_body():
    page = "<html><body><p>x</p></body></html>"
    assert inject(page, 3) == f"<html><body><p>x</p>{client_tag(3)}\n</body></html>"
    assert inject("<p>no body</p>", 1).endswith(client_tag(1))


def test_a_built_site_never_carries_the_live_reload(seed_content, tmp_path):
    build(seed_content, tmp_path / "site")
    for file in (tmp_path / "site").rglob("*"):
        if file.is_file() and file.suffix in (".html", ".js", ".json", ".xml"):
            assert "__livereload" not in file.read_text(encoding="utf-8"), file


def test_a_failing_build_keeps_the_last_site_and_reports(seed_content, tmp_path, monkeypatch):
    preview = LivePreview(seed_content, tmp_path / "site")
    first = preview.rebuild()
    assert first.generation == 1 and first.failure is None
    page = f"/2025/{SLUG}/"
    assert page in first.pages

    def broken(*args, **kwargs):
        raise RuntimeError("theme exploded")

    monkeypatch.setattr(serve_module, "build", broken)
    second = preview.rebuild()
    assert second.generation == 2
    assert "theme exploded" in second.failure
    assert second.pages == first.pages  # the last good site is still served
    assert (tmp_path / "site" / "2025" / SLUG / "index.html").is_file()


def test_status_shows_the_page_own_and_site_wide_problems(seed_content, tmp_path):
    preview = LivePreview(seed_content, tmp_path / "site")
    preview.rebuild()
    state = preview.state
    state.diagnostics = [
        Diagnostic(DOCUMENT, 3, "error", "mine", "m"),
        Diagnostic("documents/other.md", 1, "error", "other", "o"),
        Diagnostic("site.yaml", 1, "error", "site", "s"),
    ]
    state.pages["/2025/other/"] = "documents/other.md"
    codes = [d["code"] for d in preview.status(f"/2025/{SLUG}/")["diagnostics"]]
    assert codes == ["mine", "site"]
    assert len(preview.status("/")["diagnostics"]) == 3  # the index shows everything


def test_the_build_own_writes_do_not_trigger_a_rebuild(tmp_path):
    from watchfiles import Change

    out = tmp_path / "content" / "site"
    wanted = change_filter(out)
    assert wanted(Change.modified, str(tmp_path / "content" / DOCUMENT))
    assert not wanted(Change.added, str(out / "2025" / "index.html"))
    assert not wanted(Change.added, str(out.parent / ".site.new-x1" / "index.html"))
    assert not wanted(Change.modified, str(tmp_path / "content" / "documents" / "a.md.swp"))


# --- the preview as a server: only its own writes ignored, bounded requests, local hosts only --


def test_a_build_that_fails_the_same_way_each_time_does_not_rebuild_for_ever(
    seed_content, tmp_path, monkeypatch
):
    """A failing import leaves a temporary file that comes and goes in documents/; it is the
    build's own write, not an edit (the preview rebuilt ten times a second)."""
    import errno
    import os
    import threading
    import time

    import generator.stages.imports as imports_stage

    sources = seed_content / "sources"
    sources.mkdir()
    letter = sorted((ROOT / "tests" / "fixtures" / "tika").glob("Beantwoording*.txt"))[0]
    (sources / "brief.txt").write_bytes(letter.read_bytes())

    def disk_full(path, text):  # writes its temporary file, then fails as a full disk does
        tmp = path.parent / f".{path.name}.x1y2.tmp"
        tmp.write_text(text[:10], encoding="utf-8")
        os.unlink(tmp)
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(imports_stage, "create_document", disk_full)
    preview = LivePreview(seed_content, tmp_path / "site")
    preview.rebuild()
    builds = []
    real = preview.rebuild
    monkeypatch.setattr(preview, "rebuild", lambda: builds.append(1) or real())
    watcher = threading.Thread(target=preview.watch, daemon=True)
    watcher.start()
    try:
        time.sleep(1.0)  # watching
        document = seed_content / DOCUMENT
        document.write_text(document.read_text(encoding="utf-8") + "\nNog een zin.\n")
        deadline = time.monotonic() + 20
        while not builds and time.monotonic() < deadline:
            time.sleep(0.1)
        assert builds, "the edit was not noticed"
        time.sleep(4.0)  # a loop would have rebuilt several times by now
        assert len(builds) == 1, f"{len(builds)} builds after one edit"
    finally:
        preview.stop()
        watcher.join(timeout=10)


def test_only_the_build_own_temporary_files_are_ignored(tmp_path):
    from watchfiles import Change

    from generator.serve import lasting_changes

    content = tmp_path / "content"
    wanted = change_filter(content / "site")
    assert not wanted(Change.added, str(content / "documents" / ".x.md.ab12.tmp"))
    assert wanted(Change.added, str(content / "sources" / "brief.docx"))
    gone = str(content / "documents" / "gone.md")
    kept = str(content / "documents" / "kept.md")
    batch = {(Change.added, gone), (Change.deleted, gone), (Change.modified, kept)}
    assert lasting_changes(batch) == {(Change.modified, kept)}


class _Served:
    """The preview server of a built seed site on a free port, in a thread."""

    def __init__(self, content: Path, out: Path) -> None:
        import functools
        import threading
        from http.server import ThreadingHTTPServer

        self.preview = LivePreview(content, out)
        self.preview.rebuild()
        handler = functools.partial(serve_module.PreviewHandler, preview=self.preview)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # as serve() makes it
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def get(self, path: str, host: str | None = None) -> int:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            if host is None:
                connection.request("GET", path)
            else:
                connection.putrequest("GET", path, skip_host=True)
                connection.putheader("Host", host)
                connection.endheaders()
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def close(self) -> None:
        self.preview.stop()
        self.server.shutdown()
        self.server.server_close()


def test_a_path_segment_too_long_for_the_file_system_is_a_clean_404(seed_content, tmp_path):
    served = _Served(seed_content, tmp_path / "site")
    try:
        assert served.get(f"/2025/{'x' * 300}/") == 404
        assert served.get("/" + "%C3%A9" * 200) == 404  # 400 bytes once decoded
        assert served.get(f"/2025/{SLUG}/") == 200  # and the server goes on
    finally:
        served.close()


def test_only_requests_for_this_computer_are_answered(seed_content, tmp_path):
    served = _Served(seed_content, tmp_path / "site")
    port = served.port
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}"):
            assert served.get("/", host) == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
            assert served.get("/", host) == 403, host
            assert served.get("/__livereload/status?page=/", host) == 403, host
    finally:
        served.close()


def test_a_client_that_sends_nothing_is_let_go(seed_content, tmp_path, monkeypatch):
    import socket
    import time

    assert 0 < serve_module.PreviewHandler.timeout <= 60  # none: a silent client held a thread
    monkeypatch.setattr(serve_module.PreviewHandler, "timeout", 0.5)  # this test's patience
    served = _Served(seed_content, tmp_path / "site")
    try:
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n")  # and never the rest
            started = time.monotonic()
            assert sock.recv(1024) == b""  # closed by the server, not by our 10 s timeout
            assert time.monotonic() - started < 5
        assert served.get("/") == 200
    finally:
        served.close()


def test_host_names_of_this_computer_only():
    from generator.serve import host_allowed

    for host in ("localhost", "LOCALHOST:8000", "127.0.0.1:1", "[::1]:8000", "[::1]", None):
        assert host_allowed(host, "127.0.0.1"), host
    for host in ("evil.example", "localhost.evil.example", "127.0.0.1.nip.io:80", "[::2]", ""):
        assert not host_allowed(host, "127.0.0.1"), host
