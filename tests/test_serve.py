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
