"""The site in a real browser: permalinks, links, search, no console errors, axe-core."""

from __future__ import annotations

import json
import re
from urllib.request import urlopen

import pytest
from conftest import AXE

from generator.config import SEARCH_SHARD_SIZE
from generator.search_index import shard_numbers

DOC = "2024/antwoord-hoofdlijnen/"
REGENBOOG = "2024/regenboog/"  # in a later search shard than the first (sub-path site)
LINKED_DOCUMENTS = ("antwoord-hoofdlijnen", "regenboog", "uitstel-hoofdlijnen")


def target_background(page, anchor: str) -> str:
    return page.evaluate(
        "id => getComputedStyle(document.getElementById(id).closest('.qa')).backgroundColor",
        anchor,
    )


@pytest.mark.parametrize("where", ["sub-path", "root"])
def test_permalink_scrolls_to_and_highlights_the_question(page, served, where):
    base = served[0] if where == "sub-path" else served[1]
    page.goto(f"{base}{DOC}#vraag-2")
    heading = page.locator("#vraag-2")
    heading.wait_for()
    box = heading.bounding_box()
    assert 0 <= box["y"] < 300, box  # scrolled to the top of the window
    assert page.evaluate("document.querySelector(':target').id") == "vraag-2"
    assert target_background(page, "vraag-2") != target_background(page, "vraag-1")
    assert page.problems == []


def test_back_links_forward_links_and_references(page, served):
    base = served[0]
    page.goto(f"{base}{DOC}")
    page.click("#vraag-2 ~ .qa-forward a")  # "Beantwoord samen met vraag 3 ↓"
    assert page.url.endswith(f"/sub/{DOC}#antwoord-2-3")
    covers = page.locator("#antwoord-2-3 ~ .qa-covers a")
    assert covers.all_inner_texts() == ["vraag 2", "vraag 3"]
    covers.nth(1).click()
    assert page.url.endswith("#vraag-3")
    page.click("a.xref")  # "het antwoord op vraag 1" in the answer to 2 and 3
    assert page.url.endswith("#antwoord-1")
    assert page.evaluate("document.querySelector(':target').id") == "antwoord-1"
    page.click("text=het antwoord over het regenboogbeleid")  # other-document.md#antwoord-2
    page.wait_for_url(re.compile(r"/sub/2024/regenboog/#antwoord-2$"))
    assert page.evaluate("document.querySelector(':target').id") == "antwoord-2"
    page.click(".cited-by a")
    page.wait_for_url(re.compile(rf"/sub/{DOC}#antwoord-1$"))
    page.click(".related a")  # the notice that postponed these answers
    page.wait_for_url(re.compile(r"/sub/2024/uitstel-hoofdlijnen/$"))
    page.click(".related a")
    page.wait_for_url(re.compile(rf"/sub/{DOC}$"))
    assert page.problems == []


def test_search_finds_a_phrase_from_an_answer_and_lands_on_it(page, served):
    base = served[0]
    page.goto(f"{base}zoeken/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("grondwettelijke toetsing kwartaalrapportages")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    wanted = f"/sub/{DOC}#antwoord-2-3"
    assert any(h.endswith(wanted) for h in hrefs), hrefs
    page.locator(f".pagefind-ui__result-link[href$='{wanted}']").first.click()
    page.wait_for_url(re.compile(r"#antwoord-2-3$"))
    assert page.evaluate("document.querySelector(':target').id") == "antwoord-2-3"
    assert page.problems == []


@pytest.mark.parametrize("where", ["sub-path", "root"])
def test_search_merges_the_shards_and_lands_on_a_question_in_a_later_shard(page, served, where):
    base = served[0] if where == "sub-path" else served[1]
    manifest = json.loads(urlopen(f"{base}pagefind/shards.json").read())
    bundles = [shard["bundle"] for shard in manifest["shards"]]
    pages = [f"2024/{name}/index.html" for name in LINKED_DOCUMENTS]
    numbers = shard_numbers(pages, 1 if where == "sub-path" else SEARCH_SHARD_SIZE)
    home = f"{numbers[REGENBOOG + 'index.html']}/"
    if where == "sub-path":  # the document is not in the bundle Pagefind starts from
        assert len(bundles) == 3 and home in bundles[1:], (bundles, home)
    else:
        assert bundles == ["1/"] == [home]
    page.goto(f"{base}zoeken/")
    page.locator(".pagefind-ui__search-input").fill("regenboogbeleid")
    wanted = f"{REGENBOOG}#vraag-1"
    link = page.locator(f".pagefind-ui__result-link[href$='{wanted}']").first
    link.wait_for(timeout=10_000)
    link.click()
    page.wait_for_url(re.compile(r"#vraag-1$"))
    assert page.evaluate("document.querySelector(':target').id") == "vraag-1"
    assert page.problems == []


def test_without_javascript_the_search_box_is_a_link_to_the_listings(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served[0]}zoeken/")
    page.click(".search-fallback a")
    page.wait_for_url(re.compile(r"/sub/documenten/$"))
    assert page.locator(".doc-item").count() == 3
    context.close()


def test_pages_load_without_console_errors(page, served):
    base = served[0]
    for path in ["", "documenten/", "partij/d66/", "ministerie/", DOC, "2024/regenboog/"]:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{base}")
    page.locator(".pagefind-ui__search-input").fill("regenboogbeleid")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "documenten/", DOC])
def test_axe_finds_no_serious_violations(axe_page, served, path, scheme):
    page = axe_page(scheme)
    page.goto(f"{served[0]}{path}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
