"""Notices: what a "Mededeling" says, from fixture files of notice sentences
(tests/fixtures/notices), and how the model, the site pass, the page and the JSON show it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_crossref_grammar import Case, read_cases

from generator.config import SiteConfig
from generator.document import Document
from generator.export import document_json
from generator.linker import link_site, pair_notices
from generator.notices import read_notice
from generator.reader import read_document
from generator.render import render_document, render_listing_pages

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "notices"
CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_notice_kind(case: Case) -> None:
    reading = read_notice(case.text, case.language)
    [want] = case.expected
    got = " ".join(x for x in (reading.kind, reading.publication) if x)
    assert got == want, case.source


def test_fixtures_cover_every_kind() -> None:
    kinds = {case.expected[0].split()[0] for case in CASES}
    assert kinds == {"postponement", "answered_elsewhere", "withdrawn", "other"}


def shipped_notice() -> Document:
    path = ROOT / "content" / "documents" / "ah-tk-20232024-1999.md"
    return read_document(path.read_text(encoding="utf-8"), path="documents/ah-tk-20232024-1999.md")


def notice(body: str, extra: str = "") -> Document:
    front = f"---\ntitle: N\nkind: notice\nlanguage: nl\nquestioners: [Bikker (CU)]\n{extra}---\n"
    return read_document(front + body + "\n## Vraag 1\n\nWaarom?\n", path="documents/n.md")


def test_the_shipped_letter_notice_is_not_called_a_postponement() -> None:
    doc = shipped_notice()
    assert doc.meta.notice_kind == "answered_elsewhere"
    assert doc.notice is not None and doc.notice.publication == "kst-36471-64"
    assert "pub:kst-36471-64" in [ref.key for ref in doc.references]
    html = render_document(doc, SiteConfig())
    assert "Mededeling over uitstel" not in html
    assert '<p class="doc-kind">Mededeling: beantwoord in een ander document</p>' in html
    assert (
        'Beantwoord in: <a href="https://zoek.officielebekendmakingen.nl/kst-36471-64.html" '
        'rel="noopener noreferrer">Kamerstuk 36 471-64</a>'
    ) in html
    data = document_json(doc)
    assert data["notice_kind"] == "answered_elsewhere"
    assert data["notice_document"] == {
        "text": "36 471-64",
        "publication": "kst-36471-64",
        "url": "https://zoek.officielebekendmakingen.nl/kst-36471-64.html",
    }


def test_the_letter_named_links_to_its_page_when_the_site_holds_it() -> None:
    doc = shipped_notice()
    letter = read_document(
        "---\ntitle: Ambtelijke analyses hoofdlijnenakkoord\npublication: kst-36471-64\n"
        "received: 2024-06-07\n---\n\nBrief.\n",
        path="documents/brief.md",
    )
    site = link_site([doc, letter])
    links = site.for_document(doc.slug)
    assert links.hrefs["pub:kst-36471-64"] == "/2024/brief/"
    html = render_document(doc, SiteConfig(), links=links)
    assert 'Beantwoord in: <a href="../../2024/brief/">Kamerstuk 36 471-64</a>' in html
    assert document_json(doc, None, links.hrefs)["notice_document"]["url"] == "/2024/brief/"
    assert [c.slug for c in site.for_document("brief").cited_by] == [doc.slug]


def test_a_postponement_keeps_its_label() -> None:
    doc = notice("De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord.")
    assert doc.meta.notice_kind == "postponement" and doc.notice.publication is None
    html = render_document(doc, SiteConfig())
    assert '<p class="doc-kind">Mededeling over uitstel van beantwoording</p>' in html
    assert "Beantwoord in" not in html


def test_front_matter_sets_the_kind_and_a_wrong_value_is_an_error() -> None:
    body = "De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord."
    doc = notice(body, "notice_kind: withdrawn\n")
    assert doc.meta.notice_kind == "withdrawn"
    wrong = notice(body, "notice_kind: later\n")
    assert wrong.meta.notice_kind == "postponement"
    [diag] = [d for d in wrong.diagnostics if d.code == "front-matter-notice-kind"]
    assert diag.severity == "error" and "later" in diag.message and diag.line == 6


def test_an_answer_has_no_notice_kind() -> None:
    doc = read_document("---\ntitle: A\n---\n\n## Vraag 1\n\nQ?\n", path="documents/a.md")
    assert doc.meta.notice_kind is None and doc.notice is None
    assert document_json(doc)["notice_kind"] is None
    assert document_json(doc)["notice_document"] is None


def answer(slug: str, questioners: str = "[Bikker (CU)]") -> Document:
    return read_document(
        f"---\ntitle: N\nsubject: wonen\nreceived: 2024-07-01\nquestioners: {questioners}\n---\n"
        "\n## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1\n\nDaarom.\n",
        path=f"documents/{slug}.md",
    )


@pytest.mark.parametrize(
    ("body", "paired"),
    [
        ("De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord.", True),
        ("De vragen zijn door het lid ingetrokken.", False),
        ("De vragen zijn beantwoord in de Kamerbrief over wonen.", False),
    ],
    ids=["postponement", "withdrawn", "answered-elsewhere"],
)
def test_only_a_postponement_pairs_with_a_later_answer_by_questioner(
    body: str, paired: bool
) -> None:
    doc = notice(body, "subject: wonen\nreceived: 2024-06-01\n")
    later = answer("later")
    assert bool(pair_notices([doc, later], {})) == paired


def test_an_answer_after_a_notice_about_these_questions_says_so() -> None:
    doc = notice("De vragen zijn beantwoord in de Kamerbrief (Kamerstuk 36 471, nr. 64).")
    letter = read_document(
        "---\ntitle: Brief\npublication: kst-36471-64\nreceived: 2024-06-07\n---\n\n"
        "## Vraag 1\n\nQ?\n\n## Antwoord op vraag 1\n\nA.\n",
        path="documents/brief.md",
    )
    site = link_site([doc, letter])
    [related] = site.for_document("brief").related
    assert related.relation == "notice" and related.notice_kind == "answered_elsewhere"
    html = render_document(letter, SiteConfig(), links=site.for_document("brief"))
    assert "Eerder verscheen een mededeling over deze vragen:" in html
    assert "uitstel" not in html


def test_listings_name_a_notice_by_its_kind() -> None:
    docs = [shipped_notice()]
    site = link_site(docs)
    [listing] = [li for li in site.listings if li.facet == "all"]
    html = "".join(render_listing_pages(listing, SiteConfig()).values())
    assert "Mededeling: beantwoord in een ander document" in html
