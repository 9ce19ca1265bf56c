"""What journalists come for (issue 17): timelines, open questions, figures, the official record.

Built from the linked fixture (an answer and its postponement notice, another answer) and from
the shipped content/ (real documents from the corpus)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parent.parent
LINKED = Path(__file__).parent / "fixtures" / "linked"


def _built(folder: Path, source: Path, extra: str = "") -> Path:
    content = folder / "content"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns(".cache"))
    if extra:
        config = content / "site.yaml"
        config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    out = folder / "site"
    result = build(content, out)
    assert result.exit_status == 0, [d.format() for d in result.diagnostics]
    return out


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("linked"), LINKED, "today: 2024-07-14\n")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("shipped"), ROOT / "content", "today: 2024-07-14\n")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, cls: str) -> str:
    m = re.search(rf'<section class="{cls}[^"]*".*?</section>', html, re.S)
    assert m, f"no section .{cls}"
    return m.group(0)


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_timeline_of_an_answer_after_a_notice(linked):
    html = page(linked, "2024/antwoord-hoofdlijnen/index.html")
    timeline = section(html, "timeline")
    assert "timeline-late" in timeline
    words = text_of(timeline)
    assert "Beantwoord na 32 dagen, 11 dagen na de termijn van drie weken." in words
    assert re.search(
        r"Vragen ingezonden 30 mei 2024 Mededeling over uitstel 7 juni 2024 \(na 8 dagen\) "
        r"Antwoord ontvangen 1 juli 2024 \(na 32 dagen\)",
        words,
    ), words
    assert 'href="../../2024/uitstel-hoofdlijnen/"' in timeline


def test_timeline_of_the_notice_leads_to_its_answer(linked):
    timeline = section(page(linked, "2024/uitstel-hoofdlijnen/index.html"), "timeline")
    assert "Beantwoord na 32 dagen" in text_of(timeline)
    assert 'href="../../2024/antwoord-hoofdlijnen/"' in timeline


def test_timelines_of_the_shipped_documents(shipped):
    words = text_of(section(page(shipped, "2024/ah-tk-20232024-1481/index.html"), "timeline"))
    assert "Beantwoord na 59 dagen, 38 dagen na de termijn van drie weken." in words
    words = text_of(section(page(shipped, "2024/ah-tk-20232024-1314/index.html"), "timeline"))
    assert "Beantwoord na 19 dagen, binnen de termijn van drie weken." in words
    # The seed has no date of submission: said to be missing, not guessed.
    words = text_of(section(page(shipped, "2025/000-98c710bba33336fa/index.html"), "timeline"))
    assert "Vragen ingezonden datum ontbreekt" in words
    assert "De datum van indiening ontbreekt" in words


def test_open_leaves_out_a_notice_that_says_it_was_answered_elsewhere(shipped):
    html = page(shipped, "open/index.html")
    words = text_of(html)
    # ah-tk-20232024-1999 is a notice whose own text says the questions were answered by a
    # letter (notice kind answered_elsewhere): it waits for nothing, so it is not open.
    assert "ah-tk-20232024-1999" not in html
    assert "14 juli 2024" in words  # the date the list counts to (site.yaml today)
    data = json.loads(page(shipped, "api/open.json"))
    assert data["date"] == "2024-07-14" and data["count"] == 0 and data["items"] == []


def test_open_lists_a_postponement_without_answer_and_counts_to_today(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(LINKED, content)
    (content / "documents" / "antwoord-hoofdlijnen.md").unlink()
    with (content / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write("today: 2024-07-14\n")
    assert build(content, tmp_path / "site").exit_status == 0
    data = json.loads((tmp_path / "site" / "api" / "open.json").read_text(encoding="utf-8"))
    (item,) = data["items"]
    assert item["slug"] == "uitstel-hoofdlijnen" and item["term_passed"] is True
    assert item["days_open"] == 45 and item["days_past_term"] == 24
    assert item["url"] == "https://example.org/sub/2024/uitstel-hoofdlijnen/"
    words = text_of((tmp_path / "site" / "open" / "index.html").read_text(encoding="utf-8"))
    assert "45 dagen open; de termijn van drie weken is 24 dagen verstreken." in words


def test_a_notice_leaves_open_when_its_answer_arrives(linked):
    # uitstel-hoofdlijnen's answer (antwoord-hoofdlijnen) is in the site: nothing is open.
    data = json.loads(page(linked, "api/open.json"))
    assert data["items"] == []
    assert "Er zijn geen open vragen" in text_of(page(linked, "open/index.html"))


def test_open_counts_to_source_date_epoch_without_a_today_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719792000")  # 2024-07-01 00:00 UTC
    content = tmp_path / "content"
    shutil.copytree(LINKED, content)
    (content / "documents" / "antwoord-hoofdlijnen.md").unlink()
    out = tmp_path / "site"
    assert build(content, out).exit_status == 0
    data = json.loads((out / "api" / "open.json").read_text(encoding="utf-8"))
    assert data["date"] == "2024-07-01"
    assert [(i["slug"], i["days_open"]) for i in data["items"]] == [("uitstel-hoofdlijnen", 32)]
    # Another day, the same documents: /open/ is written again, the document pages are not.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719878400")  # 2024-07-02
    again = build(content, out)
    assert again.exit_status == 0
    data = json.loads((out / "api" / "open.json").read_text(encoding="utf-8"))
    assert data["items"][0]["days_open"] == 33
    assert again.pages_written == 1 and again.from_cache == 2  # /open/ alone


def test_figures_page_and_files_from_the_shipped_documents(shipped):
    data = json.loads(page(shipped, "api/cijfers.json"))
    assert data["term_days"] == 21
    total = data["total"]
    # 9 answers (the notice is not one); 5 with both dates: 19, 23, 47, 52, 59 days.
    assert (total["answered"], total["with_dates"], total["median_days"]) == (9, 5, 47)
    assert (total["within_term"], total["within_term_share"]) == (1, 0.2)
    parties = {r["label"]: r for r in data["tables"]["party"]}
    assert parties["GroenLinks-PvdA"]["answered"] == 4
    assert parties["GroenLinks-PvdA"]["median_days"] == 47  # 19, 47, 52
    years = [r["key"] for r in data["tables"]["year"]]
    assert years == ["2025", "2024", "2023"]
    for name in ("ministerie", "bewindspersoon", "jaar", "partij"):
        rows = list(csv.DictReader(io.StringIO(page(shipped, f"cijfers/{name}.csv"))))
        assert rows and all(r["label"] for r in rows)
        ET.fromstring((shipped / "cijfers" / f"{name}.svg").read_bytes())
    html = page(shipped, "cijfers/index.html")
    assert 'src="../cijfers/ministerie.svg"' in html
    assert html.count("<table") == 4 and html.count("<img") == 4
    assert "Van de 9 antwoorden in deze site hebben er 5 een datum van indiening" in text_of(html)


def test_figures_with_and_without_a_notice(linked):
    data = json.loads(page(linked, "api/cijfers.json"))
    (bzk,) = [r for r in data["tables"]["ministry"] if r["key"].startswith("binnenlandse")]
    assert bzk["with_notice"]["answered"] == 1 and bzk["with_notice"]["median_days"] == 32
    assert bzk["without_notice"]["answered"] == 0


def test_the_publication_id_links_to_the_official_publication(shipped):
    html = page(shipped, "2024/ah-tk-20232024-1314/index.html")
    assert (
        '<a class="official-link" href="https://zoek.officielebekendmakingen.nl/'
        'ah-tk-20232024-1314.html"'
    ) in html
    assert "<code>ah-tk-20232024-1314</code>" not in html


def test_the_original_file_is_published_under_bronnen(shipped):
    html = page(shipped, "2024/ah-tk-20232024-1314/index.html")
    assert 'href="../../bronnen/ah-tk-20232024-1314.pdf" download>PDF downloaden</a>' in html
    assert "sources/00fe7edd" not in html  # the internal path is not shown any more
    published = (shipped / "bronnen" / "ah-tk-20232024-1314.pdf").read_bytes()
    original = ROOT / "content" / "sources" / "00fe7edd-24c8-4857-98da-774ed3b06836.pdf"
    assert published == original.read_bytes()
    word = page(shipped, f"2024/{_slug_of(shipped, 'Temmink')}/index.html")
    assert "Word-bestand downloaden" in word


def _slug_of(site: Path, title_word: str) -> str:
    """The slug of the shipped document whose source file's name holds `title_word`."""
    sources = ROOT / "content" / "documents"
    for md in sorted(sources.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        if re.search(rf"^source: .*{title_word}", text, re.M):
            return md.stem
    raise AssertionError(title_word)


def test_a_missing_or_outside_source_is_not_published(tmp_path):
    from generator.published_source import source_file, source_output

    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "brief.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "secret.pdf").write_bytes(b"secret")
    (content / "sources" / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    assert source_file(content, "sources/brief.pdf") == (content / "sources" / "brief.pdf")
    assert source_file(content, "sources/missing.pdf") is None
    assert source_file(content, "sources/link.pdf") is None  # resolves outside sources/
    assert source_file(content, "site.yaml") is None
    assert source_output("x", "sources/brief.PDF") == "bronnen/x.pdf"
    assert source_output("x", "sources/notes.md") is None
    assert source_output("x", "sources/brief.pdf", "en") == "sources/x.pdf"


def test_a_document_whose_source_is_missing_builds_without_a_download(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(LINKED, content)
    doc = content / "documents" / "regenboog.md"
    text = doc.read_text(encoding="utf-8").replace("---\n", "---\nsource: sources/weg.pdf\n", 1)
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = build(content, out)
    assert result.exit_status == 0, [d.format() for d in result.diagnostics]
    assert "bronnen" not in page(out, "2024/regenboog/index.html")
    assert not (out / "bronnen").exists()
    assert build(content, out).files_written == 0  # and a no-op stays one


def _meta_tags(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)


def test_citation_meta_tags_for_reference_managers(shipped):
    tags = _meta_tags(page(shipped, "2024/ah-tk-20232024-2271/index.html"))
    assert ("citation_title", "Antwoord op vragen over hulp aan jongeren en volwassenen met "
            "eetstoornissen") in tags  # fmt: skip
    assert ("citation_author", "Staatssecretaris Karremans") in tags
    assert ("citation_publication_date", "2024/08/12") in tags
    assert ("citation_technical_report_number", "ah-tk-20232024-2271") in tags
    assert (
        "citation_pdf_url",
        "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-2271.pdf",
    ) in tags
    # A Word letter without a publication id: its own PDF is not there, so no pdf_url.
    word = _meta_tags(page(shipped, f"2024/{_slug_of(shipped, 'Temmink')}/index.html"))
    assert not [t for t in word if t[0] == "citation_pdf_url"]
    assert ("citation_publication_date", "2024/01/11") in word


def test_json_ld_fits_the_document(shipped):
    html = page(shipped, "2024/ah-tk-20232024-2271/index.html")
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["@type"] == "Report" and data["identifier"] == "ah-tk-20232024-2271"
    assert data["datePublished"] == "2024-08-12" and data["dateCreated"] == "2024-06-21"
    assert data["author"] == [{"@type": "Person", "name": "Staatssecretaris Karremans"}]
    assert data["citation"] == "Aanhangsel Handelingen II 2023/24, nr. 2271"
    first = data["hasPart"][0]
    assert first["@type"] == "Question" and first["url"].endswith("#vraag-1")
    assert first["acceptedAnswer"]["url"].endswith("#antwoord-1")


def test_og_image_and_title(shipped):
    html = page(shipped, "2024/ah-tk-20232024-2271/index.html")
    assert '<meta property="og:image" content="https://example.org/static/og-image.png">' in html
    assert (shipped / "static" / "og-image.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '<meta property="og:title"' in html and '<meta property="og:description"' in html


def test_every_question_and_answer_has_link_and_cite_controls(shipped):
    html = page(shipped, "2024/ah-tk-20232024-2271/index.html")
    assert html.count('class="qa-share"') == 24  # 12 questions, 12 answers
    assert html.count('data-copy-label="Kopieer citaat"') == 24
    assert (
        'href="#antwoord-3" data-url="https://example.org/2024/ah-tk-20232024-2271/#antwoord-3"'
        in html
    )
    assert (
        '<span class="citation-text">Aanhangsel Handelingen II 2023/24, nr. 2271, antwoord op '
        "vraag 3. https://example.org/2024/ah-tk-20232024-2271/#antwoord-3</span>"
    ) in html
    # A Word letter: its date and subject.
    word = page(shipped, f"2024/{_slug_of(shipped, 'Temmink')}/index.html")
    assert (
        "Antwoord van Minister Yeşilgöz-Zegerius op Kamervragen over het feit dat het niet "
        "noodgevallen nummer van de Brandweer in handen is van een commerciële partij, "
        "11 januari 2024, vraag 1."
    ) in word


def test_the_table_of_contents_shows_the_first_words_of_each_question(shipped):
    html = page(shipped, "2024/ah-tk-20232024-2271/index.html")
    toc = re.search(r'<nav class="doc-contents".*?</nav>', html, re.S).group(0)
    assert 'Vraag 3</span> <span class="toc-words">Hoeveel extra behandelaren voor' in toc


def test_a_word_letter_gets_a_short_url_and_its_old_url_redirects(shipped):
    new = "2024/2024-01-11-niet-noodgevallen-nummer-brandweer/"
    old = "2024/beantwoording-kamervragen-van-de-leden-temmink-en-van-nispen-sp-aan-de-minister/"
    assert (shipped / new / "index.html").is_file()
    redirect = page(shipped, old + "index.html")
    assert f'<meta http-equiv="refresh" content="0; url=../../{new}">' in redirect
    assert f'<link rel="canonical" href="https://example.org/{new}">' in redirect
    assert f"/{old} /{new} 301\n" in page(shipped, "_redirects")
    assert json.loads(page(shipped, "api/redirects.json"))[f"https://example.org/{old}"] == (
        f"https://example.org/{new}"
    )


def test_an_alias_that_is_another_documents_address_is_reported(tmp_path):
    from generator.build import check

    content = tmp_path / "content"
    shutil.copytree(LINKED, content)
    doc = content / "documents" / "regenboog.md"
    text = doc.read_text(encoding="utf-8").replace(
        "---\n", "---\naliases: [antwoord-hoofdlijnen]\n", 1
    )
    doc.write_text(text, encoding="utf-8")
    found = [d for d in check(content).diagnostics if d.code == "alias-taken"]
    assert [(d.file, d.severity) for d in found] == [("documents/regenboog.md", "warning")]
    assert "is the address of documents/antwoord-hoofdlijnen.md" in found[0].message


def test_listing_entries_show_who_asked_the_publication_and_the_days(shipped):
    html = page(shipped, "documenten/index.html")
    item = re.search(
        r'<li class="doc-item">(?:(?!</li>).)*ah-tk-20232024-1481/.*?</li>', html, re.S
    )
    words = text_of(item.group(0))
    assert "Vragen van Koekkoek (Volt)" in words
    assert "Aanhangsel Handelingen II 2023/24, nr. 1481" in words
    assert "Beantwoord na 59 dagen (38 dagen na de termijn)" in words


def test_search_filters_on_every_document_page(shipped):
    html = page(shipped, "2024/ah-tk-20232024-1314/index.html")
    filters = re.findall(r'data-pagefind-filter="([a-z]+)">([^<]*)<', html)
    assert filters == [
        ("kamerlid", "Mutluer"),
        ("partij", "GroenLinks-PvdA"),
        ("kamerlid", "Kostić"),
        ("partij", "PvdD"),
        ("bewindspersoon", "Minister Dijkgraaf"),
        ("ministerie", "Onderwijs, Cultuur en Wetenschap"),
        ("jaar", "2024"),
        ("soort", "Antwoord op Kamervragen"),
    ]
    search = page(shipped, "zoeken/index.html")
    assert 'data-filters="kamerlid,partij,bewindspersoon,ministerie,jaar,soort"' in search


def test_the_index_has_one_h1_the_site_name(shipped):
    html = page(shipped, "index.html")
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S) == [
        '<a class="site-title" href="./">Antwoord — Kamervragen met antwoorden</a>'
    ]


def test_orphaned_annotations_are_for_the_editors_not_the_public(tmp_path):
    from generator.build import check

    content = tmp_path / "content"
    shutil.copytree(LINKED, content)
    doc = content / "documents" / "regenboog.md"
    doc.write_text(
        doc.read_text(encoding="utf-8")
        + "\n## Verweesde annotaties\n\n::: annotation\ntarget: antwoord-9\nBij negen.\n:::\n",
        encoding="utf-8",
    )
    assert build(content, tmp_path / "public").exit_status == 0
    assert "Bij negen." not in page(tmp_path / "public", "2024/regenboog/index.html")
    assert build(content, tmp_path / "preview", preview=True).exit_status == 0
    shown = page(tmp_path / "preview", "2024/regenboog/index.html")
    assert '<section class="orphaned-annotations"' in shown and "Bij negen." in shown
    codes = [(d.file, d.code) for d in check(content).diagnostics]
    assert ("documents/regenboog.md", "annotation-orphaned") in codes
