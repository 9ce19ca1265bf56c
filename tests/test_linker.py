"""The whole-site pass: listings, cross-document links, cited by, notices and their answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.linker import link_site, pair_notices, person_name, split_questioner
from generator.reader import read_document

LINKED = Path(__file__).parent / "fixtures" / "linked" / "documents"


def linked_documents():
    return [
        read_document(p.read_text(encoding="utf-8"), path=f"documents/{p.name}")
        for p in sorted(LINKED.glob("*.md"))
    ]


def test_names():
    assert person_name("Minister Keijzer") == "Keijzer"
    assert person_name("Staatssecretaris Van Rij") == "Van Rij"
    assert person_name("Keijzer") == "Keijzer"
    assert split_questioner("Bikker (ChristenUnie)") == ("Bikker", "ChristenUnie")
    assert split_questioner("Bikker") == ("Bikker", None)


def test_listings_cover_every_facet():
    site = link_site(linked_documents())
    urls = {li.url: [d.slug for d in li.documents] for li in site.listings}
    assert urls["/documenten/"] == ["antwoord-hoofdlijnen", "uitstel-hoofdlijnen", "regenboog"]
    assert urls["/bewindspersoon/de-jonge/"] == ["antwoord-hoofdlijnen", "uitstel-hoofdlijnen"]
    assert urls["/ministerie/onderwijs-cultuur-en-wetenschap/"] == ["regenboog"]
    assert urls["/kamerlid/kostic/"] == ["regenboog"]
    assert urls["/partij/groenlinks-pvda/"] == [
        "antwoord-hoofdlijnen",
        "uitstel-hoofdlijnen",
        "regenboog",
    ]
    assert urls["/jaar/2024/"] == ["antwoord-hoofdlijnen", "uitstel-hoofdlijnen", "regenboog"]
    assert urls["/tag/hoofdlijnenakkoord/"] == ["antwoord-hoofdlijnen", "uitstel-hoofdlijnen"]
    assert [li.label for li in site.listings if li.facet == "questioner"] == [
        "Chakor",
        "Kostić",
        "Mutluer",
        "Sneller",
    ]
    listed_in = {link.url for link in site.for_document("regenboog").listings}
    assert {"/bewindspersoon/dijkgraaf/", "/partij/pvdd/", "/tag/onderwijs/"} <= listed_in


def test_listings_do_not_depend_on_input_order():
    docs = linked_documents()
    forward = link_site(docs)
    backward = link_site(list(reversed(docs)))
    assert [(li.url, [d.slug for d in li.documents]) for li in forward.listings] == [
        (li.url, [d.slug for d in li.documents]) for li in backward.listings
    ]


def test_references_resolve_to_site_pages_or_stay_official():
    site = link_site(linked_documents())
    hrefs = site.for_document("antwoord-hoofdlijnen").hrefs
    assert hrefs["pub:ah-tk-20232024-1314"] == "/2024/regenboog/"
    assert hrefs["doc:regenboog#antwoord-2"] == "/2024/regenboog/#antwoord-2"
    assert "pub:kst-29628-1099" not in hrefs  # not in the site: keeps its official URL
    see_also = site.for_document("antwoord-hoofdlijnen").see_also
    assert see_also[0].url == "https://zoek.officielebekendmakingen.nl/ah-tk-20242025-2488.html"
    assert site.diagnostics == []


def test_cited_by_names_the_citing_block():
    site = link_site(linked_documents())
    cited = site.for_document("regenboog").cited_by
    assert [(c.slug, c.kind, c.labels, c.url) for c in cited] == [
        ("antwoord-hoofdlijnen", "answer", ("1",), "/2024/antwoord-hoofdlijnen/#antwoord-1")
    ]


def test_a_broken_link_to_another_document_is_a_diagnostic():
    docs = linked_documents()
    text = (LINKED / "regenboog.md").read_text(encoding="utf-8")
    text += "\nZie [vraag 9](antwoord-hoofdlijnen.md#vraag-9) en [weg](weg.md).\n"
    docs = [d for d in docs if d.slug != "regenboog"]
    docs.append(read_document(text, path="documents/regenboog.md"))
    site = link_site(docs)
    messages = sorted(d.message for d in site.diagnostics)
    assert messages == [
        "links to 'antwoord-hoofdlijnen.md#vraag-9', but the document "
        "'antwoord-hoofdlijnen.md' does not contain an anchor '#vraag-9'",
        "links to 'weg.md', but there is no document 'weg.md'",
    ]
    hrefs = site.for_document("regenboog").hrefs
    assert hrefs["doc:antwoord-hoofdlijnen#vraag-9"] is None
    assert hrefs["doc:weg"] is None


def test_a_notice_and_its_answer_link_to_each_other():
    site = link_site(linked_documents())
    assert [(r.relation, r.slug) for r in site.for_document("uitstel-hoofdlijnen").related] == [
        ("answer", "antwoord-hoofdlijnen")
    ]
    assert [(r.relation, r.slug) for r in site.for_document("antwoord-hoofdlijnen").related] == [
        ("notice", "uitstel-hoofdlijnen")
    ]
    assert site.for_document("regenboog").related == []


def test_notice_pairing_rules():
    docs = {d.slug: d for d in linked_documents()}
    notice, answer = docs["uitstel-hoofdlijnen"], docs["antwoord-hoofdlijnen"]
    # No shared questioner: not the same questions, even on the same day.
    answer.meta.questioners = ["Bikker (ChristenUnie)"]
    assert pair_notices(list(docs.values()), {}) == {}
    # An explicit reference wins on its own.
    answer.meta.see_also = ["Aanhangsel Handelingen, vergaderjaar 2023-2024, nr. 1999"]
    publications = {d.meta.publication: d for d in docs.values()}
    assert pair_notices(list(docs.values()), publications) == {notice.slug: answer.slug}
    # Shared questioner and the same subject, submitted on another day.
    answer.meta.see_also = []
    answer.meta.questioners = ["Chakor (GroenLinks-PvdA)"]
    answer.meta.submitted = date(2024, 5, 31)
    assert pair_notices(list(docs.values()), publications) == {notice.slug: answer.slug}
    answer.meta.subject = "iets anders"
    assert pair_notices(list(docs.values()), publications) == {}


def test_an_english_site_names_its_listings_in_english():
    site = link_site(linked_documents(), language="en")
    urls = {li.url for li in site.listings}
    assert {"/documents/", "/minister/de-jonge/", "/member/sneller/", "/year/2024/"} <= urls
    assert "/documenten/" not in urls
