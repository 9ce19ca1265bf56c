"""The reader: Markdown document → Document model (structure, ids, links, diagnostics)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.document import Answer, Document, Question
from generator.reader import make_markdown, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
FRONT = "---\ntitle: T\nkind: answer\nlanguage: {language}\n---\n"


def read(body: str, *, language: str = "nl", kind: str = "answer") -> Document:
    front = FRONT.format(language=language).replace("kind: answer", f"kind: {kind}")
    return read_document(front + body, path="documents/t.md")


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def only(doc: Document, code: str):
    found = [d for d in doc.diagnostics if d.code == code]
    assert len(found) == 1, doc.diagnostics
    return found[0]


# --- the seed document -----------------------------------------------------------------------


def seed() -> Document:
    text = (FIXTURES / "seed.md").read_text(encoding="utf-8")
    return read_document(text, path="documents/seed.md")


def test_seed_questions_in_order() -> None:
    doc = seed()
    assert [q.label for q in doc.questions] == [str(n) for n in range(1, 14)]
    assert [q.id for q in doc.questions] == [f"vraag-{n}" for n in range(1, 14)]
    assert doc.slug == "seed"
    assert doc.meta.title == "Antwoord op vragen over de Spreidingswet"


def test_seed_answers_in_order() -> None:
    doc = seed()
    covers = [a.covers for a in doc.answers]
    assert covers == [
        ["1"],
        ["2", "3"],
        ["4"],
        ["5"],
        ["6"],
        ["7"],
        ["8"],
        ["9", "10", "11"],
        ["12"],
        ["13"],
    ]
    by_id = {a.id: a for a in doc.answers}
    assert by_id["antwoord-2-3"].aliases == ["antwoord-2", "antwoord-3"]
    assert "antwoord-10" in by_id["antwoord-9-10-11"].aliases
    assert by_id["antwoord-1"].aliases == []


def test_seed_blocks_alternate_in_document_order() -> None:
    doc = seed()
    order = [b.id for b in doc.blocks]
    assert order[:5] == ["vraag-1", "antwoord-1", "vraag-2", "vraag-3", "antwoord-2-3"]
    assert order.index("vraag-5") < order.index("antwoord-5")
    lines = [b.line for b in doc.blocks]
    assert lines == sorted(lines)


def test_seed_question_links_forward() -> None:
    doc = seed()
    q = {q.label: q for q in doc.questions}
    assert q["2"].answered_in == "antwoord-2-3"
    assert q["2"].answered_with == ["3"]
    assert q["3"].answered_with == ["2"]
    assert q["10"].answered_in == "antwoord-9-10-11"
    assert q["10"].answered_with == ["9", "11"]
    assert q["1"].answered_in == "antwoord-1"
    assert q["1"].answered_with == []


def test_seed_irregular_heading_read_as_question_5() -> None:
    doc = seed()
    q5 = next(q for q in doc.questions if q.label == "5")
    assert q5.heading == "Antwoord vraag 5"
    assert q5.text.startswith("Garandeert u, nu u heeft aangekondigd")
    assert q5.answered_in == "antwoord-5"
    warning = only(doc, "irregular-heading")
    assert warning.severity == "warning"
    assert warning.line == 51  # the heading's line in the file, front matter included
    assert "'Antwoord vraag 5' stands where 'Vraag 5' belongs" in warning.message


def test_seed_footnotes() -> None:
    doc = seed()
    assert [f.number for f in doc.footnotes] == [1, 2]
    assert [f.id for f in doc.footnotes] == ["noot-1", "noot-2"]
    assert doc.footnotes[0].urls == [
        "https://www.rijksoverheid.nl/documenten/rapporten/2012/09/26/"
        "handboek-wet-revitalisering-generiek-toezicht"
    ]
    assert doc.footnotes[1].urls[0].endswith("kamerbrief-maatregelen-huisvesting-statushouders")
    assert doc.footnotes[0].ref_ids == ["noot-1-ref-1"]
    answer = next(a for a in doc.answers if a.id == "antwoord-2-3")
    assert (
        '<sup class="footnote-ref"><a href="#noot-1" id="noot-1-ref-1">1</a></sup>' in answer.html
    )
    assert "interventieladder opgesteld" in answer.text  # the marker is not in the text
    assert "footnote-unused" not in codes(doc)


def test_seed_cross_references() -> None:
    doc = seed()
    by_id = {a.id: a for a in doc.answers}
    for ident in ("antwoord-5", "antwoord-6", "antwoord-9-10-11", "antwoord-13"):
        assert by_id[ident].refers_to == ["antwoord-2-3"], ident
        assert '<a href="#antwoord-2-3" class="xref">antwoord op vragen 2 en 3</a>' in (
            by_id[ident].html
        )
        [ref] = by_id[ident].references
        assert ref.labels == ["2", "3"] and ref.target == "antwoord-2-3"
    assert by_id["antwoord-1"].refers_to == []


def test_seed_source_markers_without_list() -> None:
    doc = seed()
    q = {q.label: q for q in doc.questions}
    # No list, so nothing to refer to: the JSON never lists a label the document lacks.
    assert q["1"].source_notes == [] and q["2"].source_notes == []
    assert "bestaan? 1)" in q["1"].html  # no list: the marker stays visible, unlinked
    assert "source-ref" not in q["1"].html
    info = only(doc, "source-note-missing")
    assert info.severity == "info"
    assert info.line == 19
    assert doc.source_notes == []


def test_seed_preamble_and_no_other_diagnostics() -> None:
    doc = seed()
    [opening] = doc.preamble
    assert opening.text.startswith("Antwoord van minister Keijzer")
    assert opening.line == 15
    assert sorted(codes(doc)) == ["irregular-heading", "source-note-missing"]
    assert doc.sections == []


def test_block_html_has_no_heading() -> None:
    doc = seed()
    assert all("<h2" not in b.html for b in doc.blocks)
    assert all(not b.text.startswith(("Vraag", "Antwoord op")) for b in doc.blocks)


# --- headings in context -----------------------------------------------------------------------


def test_bare_answer_after_question_stays_answer() -> None:
    doc = read("## Vraag 5\n\nWaarom?\n\n## Antwoord 5\n\nDaarom.\n")
    assert [type(b).__name__ for b in doc.blocks] == ["Question", "Answer"]
    assert doc.answers[0].id == "antwoord-5"
    assert doc.questions[0].answered_in == "antwoord-5"
    assert "irregular-heading" not in codes(doc)


def test_bare_answer_without_later_answer_stays_answer() -> None:
    doc = read("## Antwoord vraag 5\n\nDaarom.\n")
    assert isinstance(doc.blocks[0], Answer)
    assert "irregular-heading" not in codes(doc)
    assert "answer-unknown-question" in codes(doc)


def test_heading_typo_warns_and_reads_labels() -> None:
    body = "## Vraag 7, 8, 9 10 en 11\n\nVraag.\n\n## Antwoord op vragen 7 t/m 11\n\nJa.\n"
    doc = read(body)
    warning = only(doc, "heading-typo")
    assert warning.line == 6
    assert doc.questions[0].id == "vraag-7-8-9-10-11"
    assert doc.questions[0].aliases == [f"vraag-{n}" for n in (7, 8, 9, 10, 11)]
    assert doc.answers[0].covers == ["7", "8", "9", "10", "11"]


def test_grouped_question_one_paragraph_per_label() -> None:
    body = (
        "## Vraag 3, 4 en 5\n\nEerste?\n\nTweede?\n\n::: annotation\nBij vier.\n:::\n\n"
        "Derde?\n\n## Antwoord op vragen 3, 4 en 5\n\nAntwoord.\n"
    )
    doc = read(body)
    q = doc.questions
    assert [x.id for x in q] == ["vraag-3", "vraag-4", "vraag-5"]
    assert [x.text for x in q] == ["Eerste?", "Tweede?", "Derde?"]
    assert all(x.heading == "Vraag 3, 4 en 5" for x in q)
    assert q[1].answered_with == ["3", "5"]
    assert [a.id for a in q[1].annotations] == ["vraag-4-annotatie-1"]
    assert [a.target for a in doc.annotations] == ["vraag-4"]
    assert q[1].line == 10
    assert "grouped-question" not in codes(doc)


def test_grouped_question_count_differs_keeps_one_block() -> None:
    body = "## Vraag 3, 4 en 5\n\nAlles in een alinea?\n\n## Antwoord 3, 4 en 5\n\nJa.\n"
    doc = read(body)
    [q] = doc.questions
    assert q.id == "vraag-3-4-5"
    assert q.aliases == ["vraag-3", "vraag-4", "vraag-5"]
    assert q.labels == ["3", "4", "5"]
    assert q.answered_in == "antwoord-3-4-5"
    assert only(doc, "grouped-question").severity == "warning"


def test_non_qa_heading_ends_block_deeper_heading_stays() -> None:
    body = (
        "## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1\n\nDaarom.\n\n### Toelichting\n\n"
        "Meer.\n\n## Slotopmerking\n\nTot slot.\n"
    )
    doc = read(body)
    answer = doc.answers[0]
    assert "<h3>Toelichting</h3>" in answer.html
    assert answer.text == "Daarom. Toelichting Meer."
    [section] = doc.sections
    assert section.heading == "Slotopmerking"
    assert section.id == "slotopmerking"
    assert section.text == "Tot slot."


def test_preamble_sections_before_first_question() -> None:
    doc = read("Opening.\n\n## Inleiding\n\nUitleg.\n\n## Vraag 1\n\nWaarom?\n")
    assert [(s.heading, s.text) for s in doc.preamble] == [
        ("", "Opening."),
        ("Inleiding", "Uitleg."),
    ]


# --- diagnostics ---------------------------------------------------------------------------------


def test_question_unanswered() -> None:
    doc = read("## Vraag 1\n\nWaarom?\n\n## Vraag 2\n\nHoe?\n\n## Antwoord op vraag 1\n\nZo.\n")
    warning = only(doc, "question-unanswered")
    assert warning.line == 10 and "2" in warning.message
    assert doc.questions[1].answered_in is None


def test_question_unanswered_not_for_questions_or_notices() -> None:
    for kind in ("questions", "notice"):
        doc = read("## Vraag 1\n\nWaarom?\n", kind=kind)
        assert "question-unanswered" not in codes(doc)


def test_answer_unknown_question() -> None:
    doc = read("## Vraag 1\n\nWaarom?\n\n## Antwoord op vragen 1 en 2\n\nZo.\n")
    warning = only(doc, "answer-unknown-question")
    assert warning.line == 10 and "2" in warning.message


def test_duplicate_question_label_gets_suffix() -> None:
    body = "## Vraag 1\n\nA?\n\n## Vraag 1\n\nB?\n\n## Antwoord op vraag 1\n\nZo.\n"
    doc = read(body)
    assert [q.id for q in doc.questions] == ["vraag-1", "vraag-1-2"]
    warning = only(doc, "duplicate-label")
    assert warning.line == 10
    ids = [b.id for b in doc.blocks]
    assert len(ids) == len(set(ids))


def test_duplicate_answer_drops_clashing_alias() -> None:
    body = (
        "## Vraag 2\n\nA?\n\n## Vraag 3\n\nB?\n\n## Antwoord op vraag 2\n\nX.\n\n"
        "## Antwoord op vragen 2 en 3\n\nY.\n"
    )
    doc = read(body)
    assert [a.id for a in doc.answers] == ["antwoord-2", "antwoord-2-3"]
    assert doc.answers[1].aliases == ["antwoord-3"]
    assert only(doc, "duplicate-label").line == 18
    assert doc.questions[0].answered_in == "antwoord-2"


def test_footnote_undefined_keeps_marker_text() -> None:
    doc = read("## Vraag 1\n\nWaarom[^9]?\n\n## Antwoord op vraag 1\n\nZo.\n")
    error = only(doc, "footnote-undefined")
    assert error.severity == "error" and error.line == 8
    assert "[^9]" in doc.questions[0].html
    assert "href" not in doc.questions[0].html


def test_footnote_unused_still_listed() -> None:
    doc = read(
        "## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1\n\nZo.\n\n[^1]: Zie <https://x.nl/a>.\n"
    )
    warning = only(doc, "footnote-unused")
    assert warning.severity == "warning" and warning.line == 14
    [note] = doc.footnotes
    assert note.id == "noot-1" and note.ref_ids == [] and note.urls == ["https://x.nl/a"]
    assert note.text == "Zie https://x.nl/a."


def test_footnote_cited_twice_numbers_refs() -> None:
    body = (
        "## Vraag 1\n\nA[^1] en B[^1].\n\n## Antwoord op vraag 1\n\nC[^1], zie https://y.nl/b."
        "\n\n[^1]: Noot.\n"
    )
    doc = read(body)
    [note] = doc.footnotes
    assert note.ref_ids == ["noot-1-ref-1", "noot-1-ref-2", "noot-1-ref-3"]
    assert 'id="noot-1-ref-3"' in doc.answers[0].html
    assert doc.questions[0].text == "A en B."


def test_unresolved_reference_is_not_linked() -> None:
    body = "## Vraag 1\n\nA?\n\n## Antwoord op vraag 1\n\nZie het antwoord op vraag 7.\n"
    doc = read(body)
    warning = only(doc, "unresolved-reference")
    assert warning.line == 12 and "7" in warning.message
    assert "<a" not in doc.answers[0].html
    assert doc.answers[0].refers_to == []
    [ref] = doc.answers[0].references
    assert ref.target is None and ref.labels == ["7"]


def test_forward_reference_and_question_reference() -> None:
    body = (
        "## Vraag 1\n\nA?\n\n## Antwoord op vraag 1\n\nZie het antwoord op vraag 2 "
        "(zie vraag 2).\n\n## Vraag 2\n\nB?\n\n## Antwoord op vraag 2\n\nZo.\n"
    )
    doc = read(body)
    html = doc.answers[0].html
    assert '<a href="#antwoord-2" class="xref">antwoord op vraag 2</a>' in html
    assert '(<a href="#vraag-2" class="xref">zie vraag 2</a>)' in html
    assert doc.answers[0].refers_to == ["antwoord-2", "vraag-2"]


def test_references_not_in_code_links_or_headings() -> None:
    body = (
        "## Vraag 1\n\nA?\n\n## Vraag 2\n\nB?\n\n## Antwoord op vragen 1 en 2\n\n"
        "`antwoord op vraag 1` en [het antwoord op vraag 2](https://x.nl).\n\n"
        "### Over het antwoord op vraag 1\n\nTekst.\n"
    )
    doc = read(body)
    html = doc.answers[0].html
    assert "xref" not in html
    assert doc.answers[0].references == []


def test_references_not_linked_in_questions() -> None:
    doc = read("## Vraag 1\n\nA?\n\n## Vraag 2\n\nZoals in uw antwoord op vraag 1?\n")
    assert "xref" not in doc.questions[1].html


# --- source notes --------------------------------------------------------------------------------


def test_source_markers_link_to_source_list() -> None:
    body = (
        "## Vraag 1\n\nKlopt het 1)? En dit[2] (zie vraag 5) of 3)?\n\n"
        "## Antwoord op vraag 1\n\nJa.\n\n## Bronnen\n\n"
        "1) NOS, 6 maart 2024.\n2) Kamerstuk 33047.\n"
    )
    doc = read(body)
    q = doc.questions[0]
    assert q.source_notes == ["1", "2"]  # 3 has no item: a diagnostic, not a dangling label
    assert '<sup class="source-ref"><a href="#bron-1" id="bron-1-ref-1">1)</a></sup>' in q.html
    assert 'href="#bron-2"' in q.html
    assert "(zie vraag 5) of 3)?" in q.html  # 3 has no item: kept visible, unlinked
    assert [(s.label, s.id, s.text) for s in doc.source_notes] == [
        ("1", "bron-1", "NOS, 6 maart 2024."),
        ("2", "bron-2", "Kamerstuk 33047."),
    ]
    assert doc.source_notes[0].ref_ids == ["bron-1-ref-1"]
    assert doc.sections == []  # the list is rendered once, from source_notes
    assert only(doc, "source-note-missing").severity == "info"
    assert q.text == "Klopt het ? En dit (zie vraag 5) of 3)?"


def test_marker_inside_parentheses_is_not_a_source() -> None:
    doc = read("## Vraag 1\n\nKlopt het (zie bijlage 2)?\n\n## Antwoord op vraag 1\n\nJa.\n")
    assert doc.questions[0].source_notes == []
    assert "source-note-missing" not in codes(doc)


# --- annotations ---------------------------------------------------------------------------------


def test_annotations_block_document_and_metadata() -> None:
    body = (
        "Opening.\n\n::: annotation\nOver het hele document.\n:::\n\n"
        "## Vraag 1\n\nA?\n\n## Antwoord op vraag 1\n\nZo.\n\n"
        '::: annotation\nauthor: Redactie\ndate: 2025-10-01\nkind: correction\nquote: "Zo"\n'
        "Zie het antwoord op vraag 1.\n:::\n\n"
        "::: annotation\nkind: gerucht\n\nTweede.\n:::\n"
    )
    doc = read(body)
    assert [a.id for a in doc.annotations] == [
        "annotatie-1",
        "antwoord-1-annotatie-1",
        "antwoord-1-annotatie-2",
    ]
    first, second, third = doc.annotations
    assert first.target is None and first.text == "Over het hele document."
    assert doc.preamble[0].text == "Opening."
    assert second.target == "antwoord-1"
    assert (second.author, second.date, second.kind, second.quote) == (
        "Redactie",
        date(2025, 10, 1),
        "correction",
        "Zo",
    )
    assert second.text == "Zie het antwoord op vraag 1."
    assert "author" not in second.html
    assert '<a href="#antwoord-1" class="xref">' in second.html
    assert third.kind == "gerucht" and third.text == "Tweede."
    assert only(doc, "annotation-kind-unknown").severity == "warning"
    assert doc.answers[0].annotations == [second, third]
    assert "Redactie" not in doc.answers[0].html


# --- English -------------------------------------------------------------------------------------


def test_english_document_ids() -> None:
    body = (
        "## Question 1\n\nWhy[^1]? 1)\n\n## Question 2\n\nHow?\n\n"
        "## Answer to questions 1 and 2\n\nSee the answer to question 2.\n\n"
        "::: annotation\nNote.\n:::\n\n## Sources\n\n1) BBC.\n\n[^1]: Note.\n"
    )
    doc = read(body, language="en")
    assert [b.id for b in doc.blocks] == ["question-1", "question-2", "answer-1-2"]
    assert doc.answers[0].aliases == ["answer-1", "answer-2"]
    assert doc.footnotes[0].id == "note-1" and doc.footnotes[0].ref_ids == ["note-1-ref-1"]
    assert doc.source_notes[0].id == "source-1"
    assert doc.annotations[0].id == "answer-1-2-annotation-1"
    assert 'href="#answer-1-2"' in doc.answers[0].html
    assert codes(doc) == []


# --- plumbing ------------------------------------------------------------------------------------


def test_make_markdown_is_built_once_per_language() -> None:
    assert make_markdown("nl") is make_markdown("nl")
    assert make_markdown("nl") is not make_markdown("en")


def test_raw_html_is_text() -> None:
    doc = read("## Vraag 1\n\n<script>alert(1)</script>\n")
    assert "<script>" not in doc.questions[0].html
    assert "&lt;script&gt;" in doc.questions[0].html


def test_slug_defaults() -> None:
    assert read_document("x", path="documents/abc-def.md").slug == "abc-def"
    assert read_document("x", path="documents/abc.md", slug="given").slug == "given"


def test_lines_count_front_matter() -> None:
    doc = read("## Vraag 1\n\nA?\n")
    assert doc.questions[0].line == 6


# --- properties ----------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "## Vraag 1",
        "## Vraag 2",
        "## Vragen 2 en 3",
        "## Vraag 3, 4 en 5",
        "## Antwoord 5",
        "## Antwoord vraag 5",
        "## Antwoord op vraag 1",
        "## Antwoord op vragen 2 en 3",
        "## Bronnen",
        "## Toelichting",
        "### Kopje",
        "1) bron een",
        "2) bron twee",
        "zie het antwoord op vraag 2",
        "zie vraag 5",
        "tekst 1)",
        "(zie 2)",
        "[1]",
        "woord[^1]",
        "[^1]: noot tekst",
        "[^2]: andere noot",
        "::: annotation",
        ":::",
        "author: Jan",
        "kind: context",
        "date: 2025-01-01",
        "",
        "gewone zin met woorden",
        "*nadruk* en **sterk**",
        "> citaat",
        "- lijst",
        "    code",
    ]
)
SAFE_TEXT = st.text(alphabet=st.sampled_from(list("abcxyzAB019 \n\t#*_-.,?)(>")), max_size=200)
SYNTAX_WORDS = {"annotation", "author", "kind", "date"}


def collected_text(doc: Document) -> str:
    parts: list[str] = []
    for section in doc.preamble + doc.sections:
        parts += [section.heading, section.text]
    for block in doc.blocks:
        parts += [block.heading, block.text]
    parts += [f.text for f in doc.footnotes] + [s.text for s in doc.source_notes]
    for a in doc.annotations:
        parts += [a.text, a.author or "", a.kind or "", a.quote or ""]
        parts += [a.date.isoformat() if a.date else ""]
    return " ".join(parts)


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    doc = read_document(text, path="documents/x.md")
    ids = [b.id for b in doc.blocks] + [a for b in doc.blocks for a in b.aliases]
    assert len(ids) == len(set(ids))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, SAFE_TEXT), max_size=25))
def test_words_survive(lines: list[str]) -> None:
    body = "\n".join(lines)
    doc = read(body)
    text = collected_text(doc)
    # Substring, not word equality: "0*0*" renders as "00" (intraword emphasis), correctly.
    missing = {w for w in words(body) if w not in text} - SYNTAX_WORDS - {"Bronnen"}
    # Footnote labels and source-list numbers are markers, not words of the text.
    missing -= {"1", "2"}
    assert not missing, (body, text)
    all_ids = (
        [b.id for b in doc.blocks]
        + [a for b in doc.blocks for a in b.aliases]
        + [f.id for f in doc.footnotes]
        + [r for f in doc.footnotes for r in f.ref_ids]
        + [s.id for s in doc.source_notes]
        + [a.id for a in doc.annotations]
        + [s.id for s in doc.preamble + doc.sections if s.id]
    )
    assert len(all_ids) == len(set(all_ids))
    for block in doc.blocks:
        for target in getattr(block, "refers_to", []):
            assert target in {b.id for b in doc.blocks}
        if isinstance(block, Question) and block.answered_in:
            assert block.answered_in in {a.id for a in doc.answers}


# --- structure helpers ---------------------------------------------------------------------------


def test_decide_heading_kinds_repeated_bare_answer() -> None:
    from generator.grammar import parse_heading
    from generator.structure import decide_heading_kinds

    headings = [parse_heading(h) for h in ("Antwoord 5", "Antwoord 5", "Antwoord op vraag 6")]
    decisions = decide_heading_kinds([h for h in headings if h])
    assert [(d.kind, d.irregular) for d in decisions] == [
        ("question", True),
        ("answer", False),
        ("answer", False),
    ]


def test_id_registry_skips_reserved_ids() -> None:
    from generator.structure import IdRegistry

    registry = IdRegistry(reserved={"antwoord-2-2"})
    assert registry.claim("antwoord-2") == ("antwoord-2", False)
    assert registry.claim("antwoord-2") == ("antwoord-2-3", True)
    assert registry.claim_alias("antwoord-2") is False
    assert registry.claim_alias("antwoord-9") is True


def test_grouped_question_over_more_paragraphs_splits_at_question_marks():
    text = """---
title: T
---

## Vraag 3, 4 en 5

Volgens het bericht is er iets mis.

Klopt dat?

Waarom wel?[^1]

Er is meer.

En waarom niet? 1)

## Antwoord 3, 4 en 5

Ja.

[^1]: Een bron.
"""
    doc = read_document(text, path="documents/t.md")
    assert [(q.label, q.id) for q in doc.questions] == [
        ("3", "vraag-3"),
        ("4", "vraag-4"),
        ("5", "vraag-5"),
    ]
    assert doc.questions[0].text == "Volgens het bericht is er iets mis. Klopt dat?"
    assert doc.questions[2].text.startswith("Er is meer.")
    assert "grouped-question" not in [d.code for d in doc.diagnostics]
    # Without a question mark to split at, the block stays whole, with a warning.
    whole = read_document(text.replace("Klopt dat?", "Klopt dat."), path="documents/t.md")
    assert [q.id for q in whole.questions] == ["vraag-3-4-5"]
    assert "grouped-question" in [d.code for d in whole.diagnostics]
