"""The live preview in a browser: `antwoord serve` reloads the page on an edit, shows problems
over it, and keeps running through a broken document and a failing build.

A real `antwoord serve` process on a free port (--port 0), on a copy of the seed document,
read by Debian's Chromium through Playwright (the session's `browser`, conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent.parent
SLUG = "000-98c710bba33336fa"
DOCUMENT = f"documents/{SLUG}.md"


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


def test_serve_reloads_on_edit_and_survives_a_broken_document(browser, seed_content, tmp_path):
    server = Server(seed_content, tmp_path / "site")
    document = seed_content / DOCUMENT
    original = document.read_text(encoding="utf-8")
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            console_errors: list[str] = []  # a CSP violation by the client would show here
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else 0)
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
            assert console_errors == []

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
            expect(answer).to_contain_text("herken ik niet", timeout=30_000)
            site_yaml = seed_content / "site.yaml"
            good_config = site_yaml.read_text(encoding="utf-8")
            site_yaml.write_text(good_config + "kleur: rood\n", encoding="utf-8")
            expect(overlay).to_contain_text("Build failed", timeout=30_000)
            expect(overlay).to_contain_text("kleur")
            expect(answer).to_contain_text("herken ik niet")
            assert server.alive()

            # 4. Fixed again: the errors are gone from the overlay.
            site_yaml.write_text(good_config, encoding="utf-8")
            expect(overlay.locator("summary")).to_contain_text("0 errors", timeout=30_000)
        finally:
            context.close()
        with urllib.request.urlopen(f"{server.url}__livereload/status?page=/") as response:
            status = json.load(response)
        assert status["failure"] is None and status["generation"] >= 4
        assert server.alive()
    finally:
        server.stop()
