"""`antwoord import --update`: re-import a changed source without losing an editor's word."""

from __future__ import annotations

import pytest
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


# --- nothing an editor wrote is lost (issue 14, point 6) ----------------------------------------


def test_an_import_with_errors_leaves_the_document_and_the_kept_source_untouched(tmp_path):
    from generator.build import import_files
    from generator.update import update_documents

    content = tmp_path / "content"
    raw = content / "sources" / "vragen.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text("Vraag 1\n\nWaarom gebeurt dit?\n\nAntwoord 1\n\nOmdat het moet.\n")
    written, _ = import_files([raw], content)
    document_path = content / written[0]
    edited = document_path.read_text() + "\n::: annotation\nOnze noot.\n:::\n"
    document_path.write_bytes(edited.encode())
    outside = tmp_path / "vragen.txt"  # the same source name, brought from outside
    outside.write_text("Alleen een brief, zonder vragen.\n")
    for changed in (outside, raw):
        if changed == raw:
            raw.write_text("Alleen een brief, zonder vragen.\n")
        kept_source = raw.read_bytes()
        report = update_documents([changed], content)
        codes = {d.code for d in report.diagnostics}
        assert {"no-questions-found", "update-import-failed"} <= codes
        assert report.written == [] and report.summaries == []
        assert document_path.read_bytes() == edited.encode()  # byte for byte
        assert raw.read_bytes() == kept_source
        assert sorted(p.name for p in document_path.parent.iterdir()) == [document_path.name]


def test_an_import_without_questions_never_replaces_a_document_that_has_them():
    # docx and pdf report a missing 'Vraag 1' as a warning; the merge refuses all the same.
    result = merge(document(QA), HEADER.format(title="T", extra="") + "Een brief.\n", PATH)
    assert result.text is None
    [problem] = result.diagnostics
    assert (problem.severity, problem.code) == ("error", "update-no-questions")
    assert "nothing was changed" in problem.message


EDITED_HEADER = """---
# Bijgehouden door de redactie; niet overschrijven.
title: "Vragen over de wet"   # de titel van de brief
kind: antwoord
received: 11 januari 2024
questioners:
  - 'Mevr. A'   # eerste vraagsteller
  - B
tags: [asiel, wet]
interne_notitie: nagelopen door JK
source: sources/x.txt
---
"""


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def header_of(text: str) -> str:
    return text[: text.index("\n---\n") + 5]


def test_front_matter_comments_style_and_unreadable_values_survive_an_update():
    old = EDITED_HEADER + body_of(document(QA))
    result = merge(old, document(bare(QA)), PATH)
    # Nothing to add (the import's fields are all there or the editors'): byte for byte.
    new_language = "language" not in EDITED_HEADER
    assert new_language  # the import has `language`, the editors' header not: it is added
    header = header_of(result.text)
    for line in EDITED_HEADER.splitlines():
        assert line in header.splitlines(), line
    assert "language: nl\n" in header
    assert header.index("kind: antwoord") < header.index("language: nl") < header.index("received")
    # Values Antwoord cannot read are kept as written, each with a warning on its line.
    kept = {(d.line, d.code) for d in result.diagnostics}
    assert {(4, "update-field-kept"), (5, "update-field-kept"), (10, "update-field-kept")} <= kept
    assert all(d.severity == "warning" for d in result.diagnostics)
    assert ("received", "11 januari 2024", "2025-09-22") in result.summary.fields_kept
    assert ("kind", "antwoord", "answer") in result.summary.fields_kept
    # The second update has nothing to add: the whole file stays as it is.
    again = merge(result.text, document(bare(QA)), PATH)
    assert again.text == result.text


def test_front_matter_untouched_when_nothing_changes_and_redirects_are_added_in_place():
    header = EDITED_HEADER.replace("kind: antwoord\n", "kind: answer\nlanguage: nl\n")
    old = header + body_of(document(QA))
    same = merge(old, document(bare(QA)), PATH)
    assert same.text == old
    assert [d.severity for d in same.diagnostics] == ["warning"] * 2  # received, interne_
    # A question inserted before: the redirects go into the header, all else stays.
    shifted = merge(old, document([("Een nieuwe vraag?", "Nieuw.", ""), *bare(QA)]), PATH)
    new_header = header_of(shifted.text)
    for line in header.splitlines()[:-1]:
        assert line in new_header.splitlines(), line
    assert "redirects: {antwoord-1-annotatie-1: antwoord-2-annotatie-1}\n---\n" in new_header


def test_an_unreadable_front_matter_refuses_the_update():
    for broken in ("title: [unclosed\n", "title: &a x\nsubject: *a\n"):
        old = "---\n" + broken + "---\n\n" + body_of(document(QA))
        result = merge(old, document(bare(QA)), PATH)
        assert result.text is None
        assert result.diagnostics[0].code == "update-front-matter-unreadable"


NESTED_OLD_ANSWER = (
    "- punt een\n\n  ::: annotation\n  Noot in de lijst.\n  :::\n\n- punt twee\n\n"
    "> citaat\n>\n> ::: annotation\n> Noot in het citaat.\n> :::\n"
)


def test_a_note_inside_a_list_item_stays_put_and_moves_out_when_its_text_changes():
    qa = [("Blijft de wet?", NESTED_OLD_ANSWER, ""), *QA[1:]]
    old = document(qa)
    imported = [("Blijft de wet?", "- punt een\n\n- punt twee\n\n> citaat", ""), *QA[1:]]
    same = merge(old, document(imported), PATH)
    assert same.text == old  # the block did not change: not a byte moves
    assert [n[0] for n in notes(same.text)] == ["antwoord-1-annotatie-1", "antwoord-1-annotatie-2"]
    corrected = [("Blijft de wet?", "- punt een\n\n- punt twee, herzien\n\n> citaat", "")]
    result = merge(old, document([*corrected, *QA[1:]]), PATH)
    assert result.summary.changed == ["antwoord-1"]
    assert (
        "> citaat\n\n::: annotation\nNoot in de lijst.\n:::\n\n"
        "::: annotation\nNoot in het citaat.\n:::\n\n## Vraag 2"
    ) in result.text
    assert [n[1:] for n in notes(result.text)] == [
        ("antwoord-1", "Noot in de lijst."),
        ("antwoord-1", "Noot in het citaat."),
    ]


def test_a_note_whose_code_block_holds_a_colon_fence_keeps_its_tail():
    note = "::: annotation\nZie de code:\n\n```\n:::\n```\n\nDe staart.\n:::\n"
    old = document([(QA[0][0], QA[0][1], note), *QA[1:]])
    result = merge(old, document([(QA[0][0], "Ja, gewijzigd.", ""), *bare(QA[1:])]), PATH)
    assert note in result.text
    assert notes(result.text)[0][2] == "Zie de code: ::: De staart."
    assert "De staart." not in read_document(result.text, path=PATH).answers[0].text


def test_merged_blocks_pass_every_note_to_the_merged_block():
    old = (
        HEADER.format(title="T", extra="")
        + "## Vraag 3\n\nDrie?\n\n::: annotation\nBij drie.\n:::\n\n"
        + "## Vraag 4\n\nVier?\n\n::: annotation\nBij vier.\n:::\n\n"
        + "## Antwoord op vraag 3\n\nA3.\n\n::: annotation\nBij antwoord drie.\n:::\n\n"
        + "## Antwoord op vraag 4\n\nA4.\n\n::: annotation\nBij antwoord vier.\n:::\n"
    )
    new = (
        HEADER.format(title="T", extra="")
        + "## Vraag 3 en 4\n\nDrie? En vier, met andere woorden dan eerst?\n\n"
        + "## Antwoord op vragen 3 en 4\n\nA3 en A4 samen.\n"
    )
    result = merge(old, new, PATH)
    assert result.summary.notes_orphaned == []
    assert [n[:2] for n in notes(result.text)] == [
        ("vraag-3-4-annotatie-1", "vraag-3-4"),
        ("vraag-3-4-annotatie-2", "vraag-3-4"),
        ("antwoord-3-4-annotatie-1", "antwoord-3-4"),
        ("antwoord-3-4-annotatie-2", "antwoord-3-4"),
    ]
    assert "Verweesde" not in result.text
    assert ("vraag-4", "vraag-3-4") in result.summary.moved


def test_text_of_the_editors_outside_the_blocks_is_kept_where_it_stood():
    old = document(QA).replace(
        "Antwoord van de minister.\n",
        "Antwoord van de minister.\n\nEen inleiding van de redactie.\n",
    )
    old += "\n## Achtergrond\n\nWat de redactie erbij schreef.\n"
    same = merge(old, document(bare(QA)), PATH)
    assert same.text == old
    changed = [(QA[0][0], "Een ander antwoord.", ""), *bare(QA[1:])]
    result = merge(old, document(changed).replace("minister.", "minister van Justitie."), PATH)
    assert (
        "Antwoord van de minister van Justitie.\n\nEen inleiding van de redactie.\n\n## Vraag 1"
        in result.text
    )
    assert result.text.endswith("## Achtergrond\n\nWat de redactie erbij schreef.\n")
    assert "Antwoord van de minister.\n" not in result.text  # the opening line was the import's


def test_an_update_from_the_same_source_does_not_touch_the_file(tmp_path):
    from generator.build import import_files
    from generator.update import update_documents

    content = tmp_path / "content"
    raw = content / "sources" / "vragen.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text("Vraag 1\n\nWaarom gebeurt dit?\n\nAntwoord 1\n\nOmdat het moet.\n")
    written, _ = import_files([raw], content)
    path = content / written[0]
    text = path.read_text().replace("---\n\n", "# onze opmerking\n---\n\n", 1)
    path.write_text(text + "\n::: annotation\nOnze noot.\n:::\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    report = update_documents([raw], content)
    assert report.written == [written[0]]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_every_line_of_the_header_stays_as_written_when_fields_are_added():
    # Spacing and list indentation that a YAML dump would normalise, a folded value, comments
    # above a field and at the end: only the added lines are new.
    header = (
        "---\ntitle:    Vragen   # ruim\nsubject: >\n  een lang\n  onderwerp\n"
        "questioners:\n- A\n-   B\n# over de tags\ntags:\n    - x\n# slot\n\n---\n"
    )
    old = header + body_of(document(QA))
    result = merge(old, document([("Een nieuwe vraag?", "Nieuw.", ""), *bare(QA)]), PATH)
    new_header = header_of(result.text).splitlines()
    old_lines = header.splitlines()
    assert [line for line in new_header if line not in old_lines] == [
        "kind: answer",
        "language: nl",
        "received: 2025-09-22",
        "source: sources/x.txt",
        "redirects: {antwoord-1-annotatie-1: antwoord-2-annotatie-1}",
    ]
    assert [line for line in new_header if line in old_lines] == old_lines


def test_a_failed_write_leaves_the_document_as_it_was_and_no_temporary_file(tmp_path, monkeypatch):
    import generator.update as update_module
    from generator.build import import_files

    content = tmp_path / "content"
    raw = content / "sources" / "vragen.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text("Vraag 1\n\nWaarom gebeurt dit?\n\nAntwoord 1\n\nOmdat het moet.\n")
    written, _ = import_files([raw], content)
    path = content / written[0]
    before = path.read_bytes()
    raw.write_text("Vraag 1\n\nWaarom gebeurt dit nu?\n\nAntwoord 1\n\nOmdat het moet.\n")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(update_module.os, "replace", full_disk)
    # The OSError, naming the document, goes up to the command, which prints it as one line
    # (tests/test_system_errors.py); the document is as it was, with no temporary file.
    with pytest.raises(OSError) as raised:
        update_module.update_documents([raw], content)
    assert raised.value.errno == 28 and raised.value.filename == str(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_note_in_a_footnote_refuses_an_update_that_would_replace_its_block():
    # Not an annotation of the model (the reader warns annotation-not-placed), but the
    # editors' words all the same: an update that would drop them is refused.
    answer = "Ja.[^1]\n\n[^1]: Bron.\n\n    ::: annotation\n    In de voetnoot.\n    :::"
    old = document([(QA[0][0], answer, ""), *bare(QA[1:])])
    same = merge(old, document([(QA[0][0], "Ja.[^1]\n\n[^1]: Bron.", ""), *bare(QA[1:])]), PATH)
    assert same.text is None  # its block's lines differ from the import's: refused as well
    changed = merge(old, document([(QA[0][0], "Nee.[^1]\n\n[^1]: Bron.", ""), *bare(QA[1:])]), PATH)
    assert changed.text is None
    assert changed.diagnostics[0].code == "update-annotations-lost"
