"""`antwoord import --update`: re-import a changed source without losing an editor's word."""

from __future__ import annotations

from htmlcheck import dead_fragments, parse

from generator.config import SiteConfig
from generator.export import document_json
from generator.reader import read_document
from generator.render import render_document
from generator.update import merge

PATH = "documents/x.md"
HEADER = (
    "---\ntitle: {title}\nkind: answer\nlanguage: nl\nreceived: 2025-09-22\n"
    "source: sources/x.txt\n{extra}---\n\n"
)


def document(
    qa: list[tuple[str, str, str]], *, title: str = "Geïmporteerd", extra: str = ""
) -> str:
    """A document from (question, answer, annotation Markdown after the answer) triples."""
    parts = [HEADER.format(title=title, extra=extra), "Antwoord van de minister.\n"]
    for number, (question, answer, note) in enumerate(qa, start=1):
        parts.append(
            f"\n## Vraag {number}\n\n{question}\n\n## Antwoord op vraag {number}\n\n{answer}\n"
        )
        if note:
            parts.append(f"\n{note}")
    return "".join(parts)


NOTE = "::: annotation\nkind: context\nauthor: Redactie\nquote: de wet\nLet op *de* wet.\n:::\n"
QA = [
    ("Blijft de wet?", "Ja, de wet blijft tot de intrekking.", NOTE),
    ("Wanneer komt de brief?", "Na de zomer.", ""),
    ("Komt er dwang?", "Zie het antwoord op vraag 1.", ""),
]


def bare(qa: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The same questions and answers as an import gives them: without annotations."""
    return [(q, a, "") for q, a, _ in qa]


def notes(text: str) -> list[tuple[str, str | None, str]]:
    doc = read_document(text, path=PATH)
    return [(a.id, a.target, a.text) for a in doc.annotations]


def test_a_corrected_answer_keeps_its_annotation_on_the_same_id():
    old = document(QA)
    corrected = [("Blijft de wet?", "Ja, de wet blijft tot de intrekking in 2026.", ""), *QA[1:]]
    result = merge(old, document(corrected), PATH)
    assert notes(result.text) == [("antwoord-1-annotatie-1", "antwoord-1", "Let op de wet.")]
    assert "Ja, de wet blijft tot de intrekking in 2026.\n\n" + NOTE in result.text
    assert result.summary.changed == ["antwoord-1"]
    assert result.summary.moved == [] and result.summary.notes_orphaned == []
    assert "redirects" not in result.text


def test_a_rewritten_answer_keeps_its_annotation_by_id():
    old = document(QA)
    rewritten = [("Blijft de wet?", "Een geheel ander antwoord zonder overlap.", ""), *QA[1:]]
    result = merge(old, document(rewritten), PATH)
    assert notes(result.text)[0][:2] == ("antwoord-1-annotatie-1", "antwoord-1")


def test_annotation_follows_its_text_when_a_question_is_inserted_before_it():
    # Question 2 carries the note; the new source inserts a question before question 1, so
    # every number shifts by one. Two answers are the same words ("Zie het antwoord ...").
    qa = [QA[0], ("Wanneer komt de brief?", "Zie het antwoord op vraag 1.", NOTE), QA[2]]
    old = document(qa)
    new_qa = [("Een nieuwe vraag?", "Een nieuw antwoord.", ""), *bare(qa)]
    old = old.replace("Let op *de* wet.", "Zie het antwoord op vraag 2.").replace(
        "quote: de wet\n", ""
    )
    result = merge(old, document(new_qa), PATH)
    assert [n[:2] for n in notes(result.text)] == [
        ("antwoord-2-annotatie-1", "antwoord-2"),
        ("antwoord-3-annotatie-1", "antwoord-3"),
    ]
    summary = result.summary
    assert ("antwoord-2", "antwoord-3") in summary.moved and ("vraag-1", "vraag-2") in summary.moved
    assert summary.added == ["vraag-1", "antwoord-1"] and summary.removed == []
    assert summary.notes_kept == [
        ("antwoord-1-annotatie-1", "antwoord-2-annotatie-1"),
        ("antwoord-2-annotatie-1", "antwoord-3-annotatie-1"),
    ]
    # The old permalink of the first note now leads nowhere else on the page: it redirects.
    doc = read_document(result.text, path=PATH)
    assert doc.meta.redirects == {"antwoord-1-annotatie-1": "antwoord-2-annotatie-1"}
    html = render_document(doc, SiteConfig())
    assert '<span class="alias" id="antwoord-1-annotatie-1"></span>' in html
    assert dead_fragments(html) == []
    assert document_json(doc)["redirects"] == {"antwoord-1-annotatie-1": "antwoord-2-annotatie-1"}
    # The notes' own words cite question numbers: flagged for the editor, never rewritten.
    assert summary.notes_to_check == ["antwoord-2-annotatie-1", "antwoord-3-annotatie-1"]
    assert "Zie het antwoord op vraag 2." in result.text
    lines = "\n".join(summary.lines())
    assert "renumbered: vraag-1 → vraag-2" in lines
    assert "CHECK the question numbers" in lines
    assert (
        "annotations moved with their text: antwoord-1-annotatie-1 → antwoord-2-annotatie-1"
        in lines
    )


def test_an_annotation_whose_block_is_gone_is_kept_as_an_orphan():
    qa = [QA[0], QA[1], (QA[2][0], QA[2][1], "::: annotation\nBij drie.\n:::\n")]
    result = merge(document(qa), document(bare(QA[:2])), PATH)
    assert result.summary.removed == ["vraag-3", "antwoord-3"]
    assert result.summary.notes_orphaned == [("antwoord-3-annotatie-1", "antwoord-3")]
    assert result.text.endswith(
        "## Verweesde annotaties\n\n::: annotation\ntarget: antwoord-3\nBij drie.\n:::\n"
    )
    doc = read_document(result.text, path=PATH)
    orphan = doc.annotations[-1]
    assert (orphan.id, orphan.target, orphan.orphaned, orphan.former_target) == (
        "annotatie-1",
        None,
        True,
        "antwoord-3",
    )
    [warning] = [d for d in doc.diagnostics if d.code == "annotation-orphaned"]
    assert warning.severity == "warning" and "antwoord-3" in warning.message
    # Its old permalink still lands on it.
    assert doc.redirects == {"antwoord-3-annotatie-1": "annotatie-1"}
    # The public page leaves it out; the editors' preview shows it.
    assert "orphaned-annotations" not in render_document(doc, SiteConfig())
    html = render_document(doc, SiteConfig(preview=True))
    section = html[html.index('<section class="orphaned-annotations"') :]
    assert '<h2 id="verweesd">Verweesde annotaties</h2>' in section
    assert 'id="annotatie-1"' in section and "Bij drie." in section
    assert "Stond bij <code>antwoord-3</code>" in section
    assert 'class="trailing"' not in html  # the heading is not shown twice
    assert document_json(doc)["annotations"][-1]["orphaned"] is True
    # A second update keeps it, still orphaned, and says so.
    again = merge(result.text, document(bare(QA[:2])), PATH)
    assert again.text == result.text
    assert again.summary.notes_still_orphaned == ["annotatie-1"]


def test_a_split_question_group_redirects_its_old_ids():
    old = (
        HEADER.format(title="T", extra="")
        + "## Vraag 1, 2 en 3\n\nEen? Twee? Drie?\n\n"
        + "::: annotation\nOver de drie.\n:::\n\n"
        + "## Antwoord op vragen 1, 2 en 3\n\nAntwoord.\n"
    )
    new = (
        HEADER.format(title="T", extra="")
        + "## Vraag 1\n\nEen?\n\n## Vraag 2\n\nTwee?\n\n## Vraag 3\n\nDrie?\n\n"
        + "## Antwoord op vragen 1, 2 en 3\n\nAntwoord.\n"
    )
    result = merge(old, new, PATH)
    doc = read_document(result.text, path=PATH)
    assert [(a.id, a.target) for a in doc.annotations] == [("vraag-1-annotatie-1", "vraag-1")]
    assert doc.redirects == {
        "vraag-1-2-3": "vraag-1",
        "vraag-1-2-3-annotatie-1": "vraag-1-annotatie-1",
    }
    html = render_document(doc, SiteConfig())
    ids = parse(html).ids
    assert "vraag-1-2-3" in ids and "vraag-1-2-3-annotatie-1" in ids
    assert len(ids) == len(set(ids))
    assert ("vraag-1-2-3", "vraag-1") in result.summary.moved


def test_editor_front_matter_is_kept_and_differences_are_reported():
    old = document(QA, title="Door de redactie", extra="tags: [asiel]\nslug: x\n")
    new = document(bare(QA), extra="subject: de wet\n").replace(
        "received: 2025-09-22", "received: 2025-10-01"
    )
    result = merge(old, new, PATH)
    meta = read_document(result.text, path=PATH).meta
    assert meta.title == "Door de redactie" and meta.tags == ["asiel"] and meta.slug == "x"
    assert meta.received.isoformat() == "2025-09-22"  # the file's value wins ...
    assert meta.subject == "de wet"  # ... and a field only the import has is added
    assert ("received", "2025-09-22", "2025-10-01") in result.summary.fields_kept
    assert ("title", "Door de redactie", "Geïmporteerd") in result.summary.fields_kept
    assert result.summary.fields_added == ["subject"]
    lines = "\n".join(result.summary.lines())
    assert "received: '2025-09-22' (import: '2025-10-01')" in lines


def test_document_level_annotations_stay_before_the_first_question():
    old = document(QA).replace(
        "Antwoord van de minister.\n", "Antwoord van de minister.\n\n::: annotation\nAlles.\n:::\n"
    )
    result = merge(old, document(bare(QA[:1])), PATH)
    assert "Antwoord van de minister.\n\n::: annotation\nAlles.\n:::\n\n## Vraag 1" in result.text
    assert notes(result.text)[0][:2] == ("annotatie-1", None)


def test_existing_redirects_follow_a_second_move():
    old = document(QA, extra="redirects: {antwoord-0: antwoord-1}\n")
    new_qa = [("Een nieuwe vraag?", "Een nieuw antwoord.", ""), *bare(QA)]
    result = merge(old, document(new_qa), PATH)
    meta = read_document(result.text, path=PATH).meta
    assert meta.redirects["antwoord-0"] == "antwoord-2"  # followed the block it pointed at


def test_merge_is_idempotent_and_keeps_annotation_markdown_verbatim():
    old = document(QA)
    first = merge(old, document(bare(QA)), PATH)
    assert first.text.split("---\n", 2)[2] == old.split("---\n", 2)[2]  # the same body
    assert merge(first.text, document(bare(QA)), PATH).text == first.text
    assert NOTE in first.text
    assert first.summary.changed == [] and first.summary.notes_kept == [
        ("antwoord-1-annotatie-1", "antwoord-1-annotatie-1")
    ]


def test_redirect_that_is_shadowed_or_leads_nowhere_is_a_warning():
    text = document(QA, extra="redirects: {vraag-1: antwoord-1, oud: nergens}\n")
    doc = read_document(text, path=PATH)
    found = {d.code: d for d in doc.diagnostics}
    assert found["redirect-shadowed"].line == 7
    assert "nergens" in found["redirect-target-missing"].message
    assert doc.redirects == {}
    bad = read_document(document(QA, extra="redirects: [a, b]\n"), path=PATH)
    assert any(d.code == "front-matter-type" and d.severity == "error" for d in bad.diagnostics)
