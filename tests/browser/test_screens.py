"""Pages that hold on every screen: no document page scrolls sideways on a phone, tables
scroll in their own named box, tap targets are large enough (axe `target-size`), for every
shipped document (content/) and every document of the linked fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AXE

HERE = Path(__file__).resolve().parent

WIDTHS = (320, 390)
# The shipped document with a table (two, from the PDF) and bare URLs in its notes.
TABLE_PAGE = "2024/ah-tk-20232024-1314/"


def _pages(served_sites) -> list[tuple[str, str]]:
    return [(base, path) for base, paths in served_sites.values() for path in paths]


@pytest.fixture
def narrow(browser):
    contexts = []

    def make(width: int):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, bypass_csp=True, is_mobile=True
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_every_shipped_document_is_served(served_sites) -> None:
    shipped = HERE.parent.parent / "content" / "documents"
    assert len(served_sites["content"][1]) == len(list(shipped.glob("*.md")))
    assert len(served_sites["linked"][1]) == 3


@pytest.mark.parametrize("width", WIDTHS)
def test_no_document_page_scrolls_sideways(narrow, served_sites, width) -> None:
    page = narrow(width)
    too_wide = {}
    for base, path in _pages(served_sites):
        page.goto(f"{base}{path}")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[path] = page.evaluate(
                """() => { const w = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 3)
                  .map(e => e.tagName + '.' + e.className); }"""
            )
    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_target_size_passes(narrow, served_sites, width) -> None:
    page = narrow(width)
    failures = {}
    for base, path in _pages(served_sites):
        page.goto(f"{base}{path}")
        page.add_script_tag(path=str(AXE))
        nodes = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ['target-size']}))
                .violations.flatMap(v => v.nodes.map(n => n.target[0]))"""
        )
        if nodes:
            failures[path] = nodes[:5]
    assert failures == {}


def test_a_table_scrolls_in_its_own_named_box(narrow, served_sites) -> None:
    base = served_sites["content"][0]
    page = narrow(320)
    page.goto(f"{base}{TABLE_PAGE}")
    boxes = page.locator(".table-wrap")
    assert boxes.count() == 2
    first = boxes.first
    assert first.get_attribute("role") == "region"
    assert first.get_attribute("tabindex") == "0"
    caption = page.locator(f"#{first.get_attribute('aria-labelledby')}")
    assert caption.inner_text().startswith("Meldingen Tumba")
    # the table is wider than the phone, so its box scrolls, not the page
    scroll, client = first.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll > client
    first.focus()
    page.keyboard.press("ArrowRight")
    # The browser scrolls on its own time (smoothly, on a busy machine later): wait for it.
    page.wait_for_function("e => e.scrollLeft > 0", arg=first.element_handle(), timeout=10_000)
    # figures are right-aligned, the label column is not
    aligns = first.evaluate(
        "e => [...e.querySelectorAll('tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td).textAlign)"
    )
    assert aligns == ["left", "right", "right", "right"]


def test_bare_urls_in_notes_are_links_that_wrap(narrow, served_sites) -> None:
    base = served_sites["content"][0]
    page = narrow(320)
    page.goto(f"{base}{TABLE_PAGE}")
    links = page.locator(".footnotes .note-body a[href^='https://']")
    assert links.count() == 2
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 320
