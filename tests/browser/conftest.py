"""Browser tests: the built site served over HTTP, read by Debian's Chromium via Playwright.

Playwright never downloads a browser here: it drives /usr/bin/chromium (installed by .ci/run).
axe-core comes from npm into tests/browser/node/ (`make test` installs it) and is injected from
that file; nothing is fetched while a page runs.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from generator.build import build

HERE = Path(__file__).parent
FIXTURE = HERE.parent / "fixtures" / "linked"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = HERE / "node" / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The linked fixture site built for https://example.org/sub/ and served at /sub/, and the
    same site built for the root and served at / by a second server: (sub URL, root URL).

    The sub-path site has a search shard per page (search_shard_size: 1), so its search merges
    shards; the root site has its one shard."""
    base = tmp_path_factory.mktemp("browser")
    urls = []
    servers = []
    for sub in ("sub/", ""):
        content = base / f"content-{sub.strip('/') or 'root'}"
        shutil.copytree(FIXTURE, content)
        config = content / "site.yaml"
        text = config.read_text(encoding="utf-8")
        text = text.replace("https://example.org/sub/", f"https://example.org/{sub}")
        config.write_text(text + ("search_shard_size: 1\n" if sub else ""), encoding="utf-8")
        root = base / f"www-{sub.strip('/') or 'root'}"
        result = build(content, root / sub if sub else root)
        assert result.exit_status == 0, [d.format() for d in result.diagnostics]
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls.append(f"http://127.0.0.1:{server.server_address[1]}/{sub}")
    yield tuple(urls)
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page that records console errors, uncaught exceptions and failed requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda msg: (
            page.problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on(
        "response",
        lambda r: page.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """A page for axe-core: injecting its script needs the CSP (script-src 'self') bypassed."""
    assert AXE.is_file(), f"{AXE} is missing: run `make test` (it installs axe-core from npm)"
    contexts = []

    def make(color_scheme: str = "light"):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=color_scheme
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def served_sites(tmp_path_factory):
    """The shipped site (content/) and the linked fixture, each built and served at its root:
    {name: (base URL, [site-relative paths of every document page])}."""
    base = tmp_path_factory.mktemp("screens")
    out: dict[str, tuple[str, list[str]]] = {}
    servers = []
    for name, source in (("content", HERE.parent.parent / "content"), ("linked", FIXTURE)):
        content = base / f"content-{name}"
        shutil.copytree(source, content, ignore=shutil.ignore_patterns(".cache"))
        root = base / f"www-{name}"
        result = build(content, root)
        assert result.exit_status == 0, [d.format() for d in result.diagnostics]
        # The document pages the build made (not the redirect pages of old addresses).
        pages = sorted(d.url.lstrip("/") for d in result.documents)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        out[name] = (f"http://127.0.0.1:{server.server_address[1]}/", pages)
    yield out
    for server in servers:
        server.shutdown()
        server.server_close()
