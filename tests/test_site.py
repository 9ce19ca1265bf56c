"""The published site as a whole: listings, feeds, sitemap, search index, link check."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import feedparser
import pytest
from htmlcheck import dead_site_links, parse
from test_linker import linked_documents

from generator import linkcheck
from generator.build import build
from generator.config import SiteConfig
from generator.linkcheck import check_links
from generator.linker import link_site
from generator.render import page_numbers, render_listing_pages, render_sitemap, render_sitemaps

LINKED = Path(__file__).parent / "fixtures" / "linked"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("linked")
    content = folder / "content"
    shutil.copytree(LINKED, content)  # the build keeps its cache in the content folder
    out = folder / "site"
    result = build(content, out)
    assert result.exit_status == 0, [d.format() for d in result.diagnostics]
    return out


def test_every_link_works_under_the_sub_path(site):
    assert dead_site_links(site, "https://example.org/sub/") == []
    assert check_links(site, "/sub/") == []


def test_listing_pages_and_overviews_exist(site):
    for path in [
        "documenten/index.html",
        "bewindspersoon/index.html",
        "bewindspersoon/de-jonge/index.html",
        "ministerie/binnenlandse-zaken-en-koninkrijksrelaties/index.html",
        "kamerlid/sneller/index.html",
        "partij/d66/index.html",
        "jaar/2024/index.html",
        "tag/regenboogbeleid/index.html",
        "zoeken/index.html",
    ]:
        assert (site / path).is_file(), path


def test_feeds_are_valid_atom(site):
    feed = feedparser.parse((site / "documenten" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        "https://example.org/sub/2024/antwoord-hoofdlijnen/",
        "https://example.org/sub/2024/uitstel-hoofdlijnen/",
        "https://example.org/sub/2024/regenboog/",
    ]
    assert feed.entries[0].summary == (
        "Heeft u een juridische analyse laten maken van het hoofdlijnenakkoord?"
    )
    assert feed.entries[0].updated == "2024-07-01T00:00:00Z"  # the document's own date
    assert feed.feed.updated == "2024-07-01T00:00:00Z"
    tag_feed = feedparser.parse((site / "tag" / "onderwijs" / "feed.xml").read_bytes())
    assert not tag_feed.bozo
    assert [e.link for e in tag_feed.entries] == ["https://example.org/sub/2024/regenboog/"]


def test_sitemap_and_robots(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert "https://example.org/sub/2024/regenboog/" in locs
    assert "https://example.org/sub/jaar/2024/" in locs
    assert "https://example.org/sub/zoeken/" not in locs  # not a page to find
    assert "Sitemap: https://example.org/sub/sitemap.xml" in (site / "robots.txt").read_text()


def test_document_page_publishing_meta(site):
    html = (site / "2024" / "regenboog" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/sub/2024/regenboog/">' in html
    assert '<meta property="og:url" content="https://example.org/sub/2024/regenboog/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'href="../../static/favicon.svg"' in html
    assert "Geciteerd door" in html
    assert 'href="../../2024/antwoord-hoofdlijnen/#antwoord-1"' in html
    assert 'href="../../kamerlid/kostic/"' in html


def test_search_index_and_markup(site):
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert (site / "pagefind" / "1" / "pagefind-entry.json").is_file()  # one shard: the whole site
    page = (site / "2024" / "antwoord-hoofdlijnen" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page
    assert '<span hidden data-pagefind-filter="ministerie">Binnenlandse' in page
    assert '<span hidden data-pagefind-filter="jaar">2024</span>' in page
    # Pagefind makes a sub-result of each heading with an id: the question's own anchor.
    assert '<h2 class="qa-heading" id="vraag-1">' in page
    assert '<h2 class="qa-heading" id="antwoord-2-3">' in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="search-fallback"><a href="./documenten/">' in index


def test_a_sitemap_over_the_protocol_limit_becomes_an_index_of_parts():
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    config = SiteConfig(base_url="https://example.org/sub/")
    urls = [(f"/2024/doc-{i}/", date(2024, 1, 1 + i)) for i in range(5)] + [("/", None)]
    files = dict(render_sitemaps(urls, config, limit=2))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert parts == [f"https://example.org/sub/sitemap-{n}.xml" for n in (1, 2, 3)]
    locs = [
        loc.text
        for n in (1, 2, 3)
        for loc in ET.fromstring(files[f"sitemap-{n}.xml"]).findall("s:url/s:loc", ns)
    ]
    assert sorted(locs) == sorted(config.absolute_url(url) for url, _ in urls)
    assert list(render_sitemaps(urls, config)) == [("sitemap.xml", render_sitemap(urls, config))]


def test_pagination():
    site = link_site(linked_documents())
    everything = next(li for li in site.listings if li.facet == "all")
    config = SiteConfig(base_url="https://example.org/sub/")
    pages = render_listing_pages(everything, config, page_size=1)
    assert sorted(pages) == [
        "documenten/index.html",
        "documenten/pagina/2/index.html",
        "documenten/pagina/3/index.html",
    ]
    second = parse(pages["documenten/pagina/2/index.html"])
    assert "../../../documenten/" in second.hrefs  # page 1
    assert "../../../documenten/pagina/3/" in second.hrefs
    assert 'aria-current="page">2<' in pages["documenten/pagina/2/index.html"]


def test_page_links_show_first_last_and_a_window_around_the_current_page():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(2, 3) == [1, 2, 3]
    assert page_numbers(1, 5000) == [1, 2, 3, None, 5000]
    assert page_numbers(2500, 5000) == [1, None, 2498, 2499, 2500, 2501, 2502, None, 5000]
    assert page_numbers(4, 7) == [1, 2, 3, 4, 5, 6, 7]  # no "…" standing for one page
    assert page_numbers(5000, 5000) == [1, None, 4998, 4999, 5000]


def test_a_long_listing_links_a_few_pages_from_each_page():
    # Each page used to link every page: at 100,000 documents, 5,000 links on each of
    # 5,000 pages (2.5 GB of HTML). Every page must stay reachable: next/previous and the
    # first and last page are always there.
    site = link_site(linked_documents() * 1)
    everything = next(li for li in site.listings if li.facet == "all")
    everything.documents = everything.documents * 40
    config = SiteConfig(base_url="https://example.org/sub/")
    pages = render_listing_pages(everything, config, page_size=1)
    assert len(pages) == 40 * len(linked_documents())
    middle = parse(pages["documenten/pagina/20/index.html"])
    numbered = {h for h in middle.hrefs if h.startswith("../../../documenten/pagina/")}
    assert numbered == {f"../../../documenten/pagina/{n}/" for n in (18, 19, 20, 21, 22, 120)}
    assert "../../../documenten/" in middle.hrefs  # the first page
    assert f"../../../documenten/pagina/{len(pages)}/" in middle.hrefs  # the last
    assert "../../../documenten/pagina/21/" in middle.hrefs  # the next
    assert 'class="gap" aria-hidden="true">…<' in pages["documenten/pagina/20/index.html"]


def test_a_dead_internal_link_fails_the_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(LINKED, content)
    doc = content / "documents" / "regenboog.md"
    doc.write_text(doc.read_text() + "\nZie [de bijlage](../bijlage.pdf).\n", encoding="utf-8")
    result = build(content, tmp_path / "site")
    broken = [d for d in result.diagnostics if d.code == "link-broken"]
    assert result.exit_status == 1
    assert [(d.file, d.severity) for d in broken] == [("site/2024/regenboog/index.html", "error")]
    assert "links to '../bijlage.pdf', but the site has no 2024/bijlage.pdf" in broken[0].message


def test_check_links_finds_missing_pages_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="x"><a href="#x">ok</a> <a href="#y">no anchor</a> <a href="../b/">no page</a>'
        ' <a href="../index.html#top">ok</a> <a href="https://elders.example/">external</a>'
        ' <a href="/sub/a/">root-relative</a> <a href="/elders/">outside</a>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text('<h1 id="top">t</h1>', encoding="utf-8")
    problems = [d.message for d in check_links(tmp_path, "/sub/")]
    assert problems == [
        "links to '#y', but a/index.html has no anchor '#y'",
        "links to '../b/', but the site has no b/index.html",
        "links to '/elders/', but the site has no (outside /sub/)/elders/",
    ]


def test_check_links_in_several_processes_finds_the_same(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "2024" / "regenboog" / "index.html"
    page.write_text(page.read_text() + '<a href="#nergens">x</a>', encoding="utf-8")
    serial = check_links(copy, "/sub/", workers=1)
    parallel = check_links(copy, "/sub/", workers=2, parallel_from=1)
    assert serial == parallel
    assert [d.message for d in serial] == [
        "links to '#nergens', but 2024/regenboog/index.html has no anchor '#nergens'"
    ]


@pytest.mark.parametrize("batch", [1, 2000])
def test_check_links_reports_every_link_to_a_broken_target_in_page_order(
    tmp_path, monkeypatch, batch
):
    # Pages send back each target they link to once; the lines of the links to a broken one
    # are found in a second look at the pages. Every such link must still be reported, in
    # the order of the pages, however the pages are split among the workers.
    monkeypatch.setattr(linkcheck, "BATCH", batch)
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    (tmp_path / "c" / "index.html").write_text('<h2 id="er">c</h2>', encoding="utf-8")
    page = (
        '<a href="../c/#er">ok</a>\n<a href="../c/#weg">no anchor</a>\n<a href="../x/">no page</a>'
    )
    (tmp_path / "a" / "index.html").write_text(page + '\n<a href="../c/#weg">again</a>')
    (tmp_path / "b" / "index.html").write_text(page)
    serial = check_links(tmp_path, "/", workers=1)
    assert serial == check_links(tmp_path, "/", workers=2, parallel_from=1)
    assert [(d.file, d.line, d.message) for d in serial] == [
        ("site/a/index.html", 2, "links to '../c/#weg', but c/index.html has no anchor '#weg'"),
        ("site/a/index.html", 3, "links to '../x/', but the site has no x/index.html"),
        ("site/a/index.html", 4, "links to '../c/#weg', but c/index.html has no anchor '#weg'"),
        ("site/b/index.html", 2, "links to '../c/#weg', but c/index.html has no anchor '#weg'"),
        ("site/b/index.html", 3, "links to '../x/', but the site has no x/index.html"),
    ]
