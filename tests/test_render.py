"""Rendering one document: ids, links inside the page, language, no scripts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from htmlcheck import dead_fragments, parse

from generator.config import SiteConfig
from generator.document import (
    Annotation,
    Answer,
    Document,
    Footnote,
    Metadata,
    Question,
    Section,
    SourceNote,
)
from generator.reader import read_document
from generator.render import render_document, render_index, render_not_found, sort_newest_first

FIXTURES = Path(__file__).parent / "fixtures" / "site" / "documents"
CONFIG = SiteConfig(title="Test", base_url="https://example.org/sub/")
URL = "https://example.org/x"


def hand_built() -> Document:
    """The seed's shape, built without the reader."""
    meta = Metadata(
        title="Antwoord op vragen over de Spreidingswet",
        answered_by="Minister Keijzer",
        ministry="Asiel en Migratie",
        received=date(2025, 9, 22),
        questioners=["Bikker (ChristenUnie)"],
        see_also=["Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488"],
        source="sources/000_98c710bba33336fa.txt",
        publication="ah-tk-20242025-2488",
        tags=["Spreidingswet"],
    )
    note = Annotation(
        "antwoord-2-3-annotatie-1", "antwoord-2-3", "Let op.", "<p>Let op.</p>", kind="context"
    )
    blocks = [
        Question(
            "1",
            "vraag-1",
            "Blijft de wet?",
            '<p>Blijft de wet? <a href="#bron-1" id="bron-1-ref-1">1)</a></p>',
            heading="Vraag 1",
            answered_in="antwoord-1",
            source_notes=["1"],
        ),
        Answer("antwoord-1", ["1"], "Ja.", "<p>Ja.</p>", heading="Antwoord op vraag 1"),
        Question(
            "2",
            "vraag-2",
            "Klopt?",
            "<p>Klopt?</p>",
            heading="Vraag 2",
            answered_in="antwoord-2-3",
            answered_with=["3"],
        ),
        Question(
            "3",
            "vraag-3",
            "Echt?",
            "<p>Echt?</p>",
            heading="Vraag 3",
            answered_in="antwoord-2-3",
            answered_with=["2"],
        ),
        Answer(
            "antwoord-2-3",
            ["2", "3"],
            "Gemeenten.",
            '<p>Gemeenten<sup><a href="#noot-1" id="noot-1-ref-1">1</a></sup> en '
            '<sup><a href="#noot-1" id="noot-1-ref-2">1</a></sup>.</p>',
            heading="Antwoord op vragen 2 en 3",
            aliases=["antwoord-2", "antwoord-3"],
            annotations=[note],
        ),
    ]
    return Document(
        slug="spreidingswet",
        path="documents/spreidingswet.md",
        meta=meta,
        blocks=blocks,
        preamble=[Section(None, "", "<p>Antwoord van minister Keijzer</p>", "Antwoord van")],
        footnotes=[
            Footnote(
                1,
                "noot-1",
                URL,
                f'<p><a href="{URL}">{URL}</a></p>',
                urls=[URL],
                ref_ids=["noot-1-ref-1", "noot-1-ref-2"],
            )
        ],
        source_notes=[SourceNote("1", "bron-1", "NOS", "<p>NOS</p>", ref_ids=["bron-1-ref-1"])],
        annotations=[note],
    )


@pytest.fixture
def html() -> str:
    return render_document(hand_built(), CONFIG)


def test_ids_of_the_design_are_present(html):
    ids = set(parse(html).ids)
    for expected in [
        "vraag-1",
        "vraag-2",
        "vraag-3",
        "antwoord-1",
        "antwoord-2-3",
        "antwoord-2",
        "antwoord-3",
        "noot-1",
        "noot-1-ref-1",
        "noot-1-ref-2",
        "bron-1",
        "antwoord-2-3-annotatie-1",
    ]:
        assert expected in ids, expected


def test_ids_are_unique(html):
    ids = parse(html).ids
    assert len(ids) == len(set(ids))


def test_alias_anchors_are_empty_spans(html):
    assert '<span class="alias" id="antwoord-2"></span>' in html


def test_every_fragment_link_has_a_target(html):
    assert dead_fragments(html) == []


def test_forward_and_back_links(html):
    assert '<a href="#antwoord-1">Antwoord ↓</a>' in html
    assert '<a href="#antwoord-2-3">Beantwoord samen met vraag 3 ↓</a>' in html
    # The back-links line does not repeat the heading: it names each question it answers.
    assert '↑ Beantwoordt <a href="#vraag-2">vraag 2</a> · <a href="#vraag-3">vraag 3</a>' in html
    assert '<a class="backref" href="#noot-1-ref-2"' in html
    assert "↩ 2</a>" in html


def test_permalinks_have_a_label(html):
    assert 'href="#vraag-2" aria-label="Permalink naar vraag 2"' in html
    assert 'href="#antwoord-2-3-annotatie-1"' in html


def test_language_metadata_and_no_script(html):
    page = parse(html)
    assert page.html_lang == "nl"
    # A document page reads without JavaScript: its only script is the optional copy button
    # (static/cite.js); the JSON-LD block is data, never run.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts == [' type="application/ld+json"', ' src="../../static/cite.js" defer']
    assert "22 september 2025" in html
    assert "Minister Keijzer (Asiel en Migratie)" in html
    assert "ah-tk-20242025-2488" in html
    # The internal path of the source is not shown (issue 17): the page links the published
    # copy at /bronnen/ when the build has the file (render_document(source=True)).
    assert "sources/000_98c710bba33336fa.txt" not in html
    for landmark in ("header", "main", "footer", "nav"):
        assert landmark in page.tags


def test_text_is_escaped():
    doc = hand_built()
    doc.meta.title = "<script>alert(1)</script>"
    html = render_document(doc, CONFIG)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_links_are_relative_so_a_sub_path_works(html):
    assert 'href="../../static/antwoord.css"' in html
    assert '<link rel="canonical" href="https://example.org/sub/2025/spreidingswet/">' in html


def test_a_label_without_question_stays_text():
    doc = hand_built()
    doc.blocks[-1].covers = ["2", "3", "9"]
    html = render_document(doc, CONFIG)
    assert dead_fragments(html) == []
    assert "· vraag 9</p>" in html


def test_questions_under_one_heading_are_grouped():
    doc = hand_built()
    doc.blocks[2].heading = doc.blocks[3].heading = "Vragen 2 en 3"
    html = render_document(doc, CONFIG)
    assert html.count("Vragen 2 en 3") == 1
    assert '<h3 class="qa-heading" id="vraag-2">Vraag 2 ' in html
    assert '<h3 class="qa-heading" id="vraag-3">Vraag 3 ' in html


def test_a_question_whose_heading_reads_as_an_answer_is_shown_as_a_question():
    doc = hand_built()
    doc.blocks[0].heading = "Antwoord vraag 1"  # read as question 1 from context
    html = render_document(doc, CONFIG)
    assert '<h2 class="qa-heading" id="vraag-1">Vraag 1 ' in html
    assert doc.blocks[0].heading == "Antwoord vraag 1"


def test_english_document_gets_english_labels():
    doc = read_document(
        (FIXTURES / "written-questions.md").read_text(encoding="utf-8"),
        path="documents/written-questions.md",
    )
    html = render_document(doc, CONFIG)
    page = parse(html)
    assert page.html_lang == "en"
    assert "Answered together with question 2 ↓" in html
    assert "Answer to questions" in html
    assert "<h2>Notes</h2>" in html
    assert {"question-1", "answer-1-2", "answer-1", "note-1", "note-1-ref-1"} <= set(page.ids)
    assert dead_fragments(html) == []
    assert "Vraag" not in html


def test_real_reader_document_renders_with_working_links():
    doc = read_document(
        (FIXTURES / "spreidingswet.md").read_text(encoding="utf-8"),
        path="documents/spreidingswet.md",
    )
    html = render_document(doc, CONFIG)
    ids = set(parse(html).ids)
    assert {"vraag-1", "antwoord-2-3", "antwoord-2", "noot-1", "noot-1-ref-1", "bron-1"} <= ids
    assert dead_fragments(html) == []
    assert html.count("<h2>Bronnen</h2>") == 1


def test_index_is_newest_first_and_not_found_uses_base_path():
    old = hand_built()
    new = hand_built()
    new.slug, new.meta.received = "nieuw", date(2025, 10, 1)
    undated = hand_built()
    undated.slug, undated.meta.received = "aaa", None
    assert [d.slug for d in sort_newest_first([undated, old, new])] == [
        "nieuw",
        "spreidingswet",
        "aaa",
    ]
    index = render_index([old, new], CONFIG)
    assert index.index('href="./2025/nieuw/"') < index.index('href="./2025/spreidingswet/"')
    assert "3 vragen" in index
    assert 'href="/sub/static/antwoord.css"' in render_not_found(CONFIG)
