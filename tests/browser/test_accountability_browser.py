"""Issue 17 in a real browser: the timeline, link and cite controls (clipboard), the pages
/cijfers/ and /open/, and that nothing scrolls sideways on a phone."""

from __future__ import annotations

import contextlib
import re

import pytest
from conftest import AXE
from playwright.sync_api import TimeoutError as PlaywrightTimeout

DOC = "2024/antwoord-hoofdlijnen/"


def test_the_timeline_says_how_late_in_words_and_links_the_notice(page, served):
    page.goto(f"{served[0]}{DOC}")
    timeline = page.locator(".timeline")
    assert timeline.locator(".timeline-summary").inner_text() == (
        "Beantwoord na 32 dagen, 11 dagen na de termijn van drie weken."
    )
    steps = timeline.locator(".step").all_inner_texts()
    assert steps == [
        "Vragen ingezonden 30 mei 2024",
        "Mededeling over uitstel 7 juni 2024 (na 8 dagen)",
        "Antwoord ontvangen 1 juli 2024 (na 32 dagen) · dit document",
    ]
    timeline.locator(".step-notice a").click()
    page.wait_for_url(re.compile(r"/sub/2024/uitstel-hoofdlijnen/$"))
    assert "Beantwoord na 32 dagen" in page.locator(".timeline-summary").inner_text()
    assert page.problems == []


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    yield page
    context.close()


def test_citeer_copies_the_citation_of_one_answer(clipboard_page, served):
    page = clipboard_page
    page.goto(f"{served[0]}{DOC}")
    share = page.locator("#antwoord-1 ~ .qa-share")
    share.locator("summary").click()
    citation = share.locator(".citation-text")
    assert citation.is_visible()
    assert share.locator(".cite-copy").inner_text() == "Kopieer citaat"
    share.locator(".cite-copy").click()
    expect = (
        "Aanhangsel Handelingen II 2023/24, nr. 2200, antwoord op vraag 1. "
        "https://example.org/sub/2024/antwoord-hoofdlijnen/#antwoord-1"
    )
    page.wait_for_function(
        "() => document.querySelector('#antwoord-1 ~ .qa-share .share-status').textContent"
    )
    assert share.locator(".share-status").inner_text() == "Citaat gekopieerd"
    assert page.evaluate("navigator.clipboard.readText()") == expect
    assert citation.inner_text() == expect
    assert page.problems == []


def test_link_copies_the_permalink_and_still_leads_to_it(clipboard_page, served):
    page = clipboard_page
    page.goto(f"{served[0]}{DOC}")
    page.locator("#vraag-2 ~ .qa-share .share-link").click()
    page.wait_for_url(re.compile(r"#vraag-2$"))
    page.wait_for_function(
        "() => document.querySelector('#vraag-2 ~ .qa-share .share-status').textContent"
    )
    assert page.evaluate("navigator.clipboard.readText()") == (
        "https://example.org/sub/2024/antwoord-hoofdlijnen/#vraag-2"
    )
    assert page.problems == []


def test_without_javascript_citeer_shows_the_citation_to_select(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served[0]}{DOC}")
    share = page.locator("#antwoord-1 ~ .qa-share")
    assert share.locator(".cite-copy").count() == 0  # the button comes with JavaScript
    share.locator("summary").click()
    assert (
        share.locator(".citation-text")
        .inner_text()
        .startswith("Aanhangsel Handelingen II 2023/24, nr. 2200, antwoord op vraag 1.")
    )
    assert share.locator(".share-link").get_attribute("href") == "#antwoord-1"
    context.close()


def test_figures_and_open_pages_show_their_charts_and_tables(page, served):
    page.goto(f"{served[0]}cijfers/")
    images = page.locator(".chart img")
    assert images.count() == 4
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        assert images.nth(i).get_attribute("alt").startswith("Staafdiagram")
    assert page.locator(".figures-table table").count() == 4
    page.goto(f"{served[0]}open/")
    assert "Er zijn geen open vragen" in page.locator("main").inner_text()
    assert page.problems == []


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["", DOC, "cijfers/", "open/"])
def test_nothing_scrolls_sideways_on_a_phone(browser, served, path, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{served[0]}{path}")
    page.wait_for_load_state("networkidle")
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert wide <= 0, f"{path} scrolls {wide} px sideways at {width} px"


@pytest.mark.parametrize("path", ["cijfers/", "open/"])
def test_axe_finds_no_serious_violations_on_the_new_pages(axe_page, served, path):
    page = axe_page("light")
    page.goto(f"{served[0]}{path}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def _result_hrefs(page) -> list[str]:
    links = page.locator(".pagefind-ui__result-link")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def test_the_query_in_the_address_fills_the_box_and_the_filters(page, served):
    page.goto(f"{served[1]}zoeken/?q=hoofdlijnenakkoord&partij=D66")
    box = page.locator(".pagefind-ui__search-input")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert box.input_value() == "hoofdlijnenakkoord"
    hrefs = _result_hrefs(page)
    assert any(DOC in h for h in hrefs), hrefs
    checked = page.locator(".pagefind-ui__filter-checkbox:checked")
    assert checked.count() == 1
    # A party that did not ask about it filters every result away.
    page.goto(f"{served[1]}zoeken/?q=hoofdlijnenakkoord&partij=PvdD")
    page.locator(".pagefind-ui__message").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    assert not any(DOC in h for h in _result_hrefs(page))
    assert page.problems == []


def test_typing_keeps_the_query_in_the_address(page, served):
    page.goto(f"{served[1]}zoeken/?partij=PvdD")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("regenboogbeleid")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert page.url.endswith("/zoeken/?partij=PvdD&q=regenboogbeleid")
    assert any("2024/regenboog/" in h for h in _result_hrefs(page))
    assert page.problems == []


def test_search_offers_the_filters_by_who_when_and_what(page, served):
    page.goto(f"{served[1]}zoeken/?q=vragen")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    wanted = {"kamerlid", "partij", "bewindspersoon", "ministerie", "jaar", "soort"}
    # Pagefind's UI adds each filter as its counts arrive, which on a loaded machine can be
    # after the first result: wait for all of them (the assertion below names what is missing).
    every = """(wanted) => {
        const names = [...document.querySelectorAll(".pagefind-ui__filter-name")]
            .map((e) => e.innerText.trim().toLowerCase());
        return wanted.every((w) => names.includes(w));
    }"""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(every, arg=sorted(wanted), timeout=10_000)
    names = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert wanted <= {n.strip().lower() for n in names}, names
