"""`antwoord serve`: the live preview reloads on change, shows problems, never stops.

The browser test drives the system chromium (/usr/bin/chromium) with Playwright against a
real `antwoord serve` process on a free port, on a copy of the shipped content.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

import generator.serve as serve_module
from generator.build import build
from generator.document import Diagnostic
from generator.serve import LivePreview, client_tag, inject

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SLUG = "000-98c710bba33336fa"
DOCUMENT = f"documents/{SLUG}.md"


@pytest.fixture
def content(tmp_path) -> Path:
    """The shipped site configuration and seed document only: a small site builds fast."""
    folder = tmp_path / "content"
    (folder / "documents").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", folder / "site.yaml")
    shutil.copy(ROOT / "content" / DOCUMENT, folder / DOCUMENT)
    return folder


# --- without a browser ---------------------------------------------------------------------------


def test_the_script_goes_before_the_end_of_the_body():
    page = "<html><body><p>x</p></body></html>"
    assert inject(page, 3) == f"<html><body><p>x</p>{client_tag(3)}\n</body></html>"
    assert inject("<p>no body</p>", 1).endswith(client_tag(1))


def test_a_built_site_never_carries_the_live_reload(content, tmp_path):
    build(content, tmp_path / "site")
    for file in (tmp_path / "site").rglob("*"):
        if file.is_file() and file.suffix in (".html", ".js", ".json", ".xml"):
            assert "__livereload" not in file.read_text(encoding="utf-8"), file


def test_a_failing_build_keeps_the_last_site_and_reports(content, tmp_path, monkeypatch):
    preview = LivePreview(content, tmp_path / "site")
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


def test_status_shows_the_page_own_and_site_wide_problems(content, tmp_path):
    preview = LivePreview(content, tmp_path / "site")
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


# --- in a browser --------------------------------------------------------------------------------


class Server:
    def __init__(self, content: Path, out: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content)]
            + ["--out", str(out), "--port", "0"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.url = self._wait_for_address()

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + 60
        assert self.process.stderr is not None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            found = re.search(r"on (http://127\.0\.0\.1:\d+/)", line)
            if found:
                return found.group(1)
            if not line and self.process.poll() is not None:
                break
        raise AssertionError("antwoord serve did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def errors_in_overlay(page: Page) -> int:
    overlay = page.locator("#antwoord-live-overlay")
    return int(overlay.get_attribute("data-errors") or 0) if overlay.count() else 0


def test_serve_reloads_on_edit_and_survives_a_broken_document(content, tmp_path):
    server = Server(content, tmp_path / "site")
    document = content / DOCUMENT
    original = document.read_text(encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(f"{server.url}2025/{SLUG}/")
            answer = page.locator("article.answer", has=page.locator("#antwoord-4")).locator(
                ".qa-body"
            )
            expect(answer).to_contain_text("Dat beeld herken ik niet.")
            # A value the page forgets when it reloads: proves a reload, not a patch.
            page.evaluate("window.__beforeEdit = true")

            # 1. An editor changes the answer: the page reloads with the change.
            document.write_text(
                original.replace("Dat beeld herken ik niet.", "Dat beeld herken ik wel."),
                encoding="utf-8",
            )
            expect(answer).to_contain_text("Dat beeld herken ik wel.", timeout=30_000)
            assert page.evaluate("window.__beforeEdit === undefined")

            # 2. A broken front matter: the problem shows over the page; the server lives on.
            broken = original.replace("title: ", "title: [kapot ", 1)
            document.write_text(broken, encoding="utf-8")
            overlay = page.locator("#antwoord-live-overlay")
            expect(overlay).to_contain_text("front-matter-invalid", timeout=30_000)
            assert errors_in_overlay(page) >= 1
            assert server.alive()

            # 3. A site configuration that cannot be read stops the build as a whole: the last
            #    good site stays, with the failure over it.
            document.write_text(original, encoding="utf-8")
            page.goto(f"{server.url}2025/{SLUG}/")
            expect(answer).to_contain_text("herken ik niet")
            site_yaml = content / "site.yaml"
            good_config = site_yaml.read_text(encoding="utf-8")
            site_yaml.write_text(good_config + "kleur: rood\n", encoding="utf-8")
            expect(overlay).to_contain_text("Build failed", timeout=30_000)
            expect(overlay).to_contain_text("kleur")
            expect(answer).to_contain_text("herken ik niet")
            assert server.alive()

            # 4. Fixed again: the errors are gone from the overlay.
            site_yaml.write_text(good_config, encoding="utf-8")
            expect(overlay.locator("summary")).to_contain_text("0 errors", timeout=30_000)
            browser.close()
        with urllib.request.urlopen(f"{server.url}__livereload/status?page=/") as response:
            status = json.load(response)
        assert status["failure"] is None and status["generation"] >= 4
        assert server.alive()
    finally:
        server.stop()
