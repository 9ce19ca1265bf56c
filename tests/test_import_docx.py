"""The Word importer: three real ministry letters against their hand-checked structure, and
small Word files made here for what the letters do not show (tables, lists, links, errors)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from structure import cross_references

from generator import frontmatter
from generator.grammar import find_cross_references, parse_heading
from generator.importers.docx import import_docx

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
LETTERS = sorted((CORPUS / "docx").glob("*.docx"))
NAMES = ("Lahlah", "Temmink", "Wassenberg")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def expected(path: Path) -> dict:
    return yaml.safe_load((CORPUS / "expected" / f"{path.stem}.yaml").read_text(encoding="utf-8"))


def imported(path: Path) -> str:
    return import_docx(path, source=f"sources/{path.name}").markdown


def body_of(markdown: str) -> str:
    return frontmatter.split(markdown)[1].lstrip("\n")


def letter(name: str) -> Path:
    return next(p for p in LETTERS if name in p.name)


def sections(body: str) -> list[tuple[str, str]]:
    """(heading, text under it) for every `## ` heading; ("", opening text) first."""
    out: list[tuple[str, str]] = []
    heading, lines = "", []
    for line in body.splitlines():
        if line.startswith("## "):
            out.append((heading, "\n".join(lines)))
            heading, lines = line[3:], []
        elif not line.startswith("[^"):
            lines.append(line)
    out.append((heading, "\n".join(lines)))
    return out


def structure(markdown: str) -> dict:
    """What the headings say, in the vocabulary of the expected YAML files."""
    questions: list[str] = []
    answers: list[dict] = []
    references: list[dict] = []
    for heading, text in sections(body_of(markdown)):
        match = parse_heading(heading) if heading else None
        if match is None:
            continue
        if match.kind == "question":
            questions.extend(match.labels)
            continue
        answers.append({"covers": list(match.labels)})
        for ref in find_cross_references(text):
            item = {"from_answer": list(match.labels), "to_questions": list(ref.labels)}
            if item not in references:
                references.append(item)
    return {"questions": questions, "answers": answers, "cross_references": references}


def bronnen_items(markdown: str) -> list[str]:
    body = body_of(markdown)
    if "\n## Bronnen\n" not in body:
        return []
    tail = body.split("\n## Bronnen\n", 1)[1]
    return re.findall(r"^(\d+)\) ", tail, re.M)


def footnote_definitions(markdown: str) -> list[str]:
    return re.findall(r"^\[\^(\w+)\]: ", markdown, re.M)


# --- the three letters -----------------------------------------------------------------------


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:50])
def test_front_matter_matches_expected(path: Path) -> None:
    want = expected(path)
    meta, _, _, diagnostics = frontmatter.parse(imported(path), "x.md")
    assert diagnostics == []
    assert meta.kind == want["kind"]
    assert meta.publication == want["publication"]
    assert meta.answered_by == want["answered_by"]
    assert meta.received == want["received"]
    assert meta.questioners == want["questioners"]
    assert meta.source == f"sources/{path.name}"
    assert meta.title.startswith("Antwoord op vragen over ")


def test_ministry_and_on_behalf_of_come_from_the_signature() -> None:
    metas = {n: frontmatter.parse(imported(letter(n)), "x.md")[0] for n in NAMES}
    assert metas["Lahlah"].ministry == "Justitie en Veiligheid"
    assert metas["Lahlah"].on_behalf_of == [
        "de minister van Binnenlandse Zaken en Koninkrijkrelaties"
    ]
    assert metas["Temmink"].on_behalf_of == []
    assert metas["Temmink"].subject.startswith("het feit dat het niet noodgevallen nummer")
    # The ministry under its current name: a renamed ministry is one listing (ministries.yaml).
    assert metas["Wassenberg"].ministry == "Landbouw, Visserij, Voedselzekerheid en Natuur"
    assert metas["Wassenberg"].on_behalf_of == ["de minister van Justitie en Veiligheid"]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:50])
def test_headings_give_expected_questions_answers_and_references(path: Path) -> None:
    want = expected(path)
    got = structure(imported(path))
    assert got["questions"] == want["questions"]
    assert got["answers"] == want["answers"]
    assert got["cross_references"] == want["cross_references"]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:50])
def test_footnotes_and_source_notes_are_counted_as_expected(path: Path) -> None:
    want = expected(path)
    markdown = imported(path)
    definitions = footnote_definitions(markdown)
    assert len(definitions) == want["footnotes"]
    cited = re.findall(r"(?<!^)\[\^(\w+)\](?!:)", body_of(markdown), re.M)
    assert sorted(set(cited)) == sorted(definitions)
    assert bronnen_items(markdown) == [str(n) for n in range(1, want["question_source_notes"] + 1)]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:50])
def test_no_diagnostics_on_the_corpus(path: Path) -> None:
    assert import_docx(path, source="sources/x.docx").diagnostics == []


def test_letterhead_and_cover_letter_are_left_out() -> None:
    for path in LETTERS:
        body = body_of(imported(path))
        for furniture in (
            "Retouradres",
            "Ons kenmerk",
            "Postbus",
            "deel ik u mede",
            "Contactpersoon",
        ):
            assert furniture not in body, (path.name, furniture)
        assert body.lstrip("*").startswith("Antwoorden van de minister")


def test_question_markers_stay_as_written_and_notes_are_split() -> None:
    by_name = {n: imported(letter(n)) for n in NAMES}
    assert "(nos.nl)”1)?" in by_name["Lahlah"]
    assert "Verhoudingen 2), met" in by_name["Lahlah"]
    assert "gewond zijn geraakt[1], een eigenaar is omgekomen [2]" in by_name["Wassenberg"]
    # "[2] https://…politie[3] https://…" is one paragraph in Word: two notes here
    assert "\n2) [https://www.ad.nl/binnenland/overleden-man" in by_name["Wassenberg"]
    assert "Dat%20zegt%20de%20politie>)\n3) <https://www.ad.nl/" in by_name["Wassenberg"]
    # auto-numbered list: the numbers are not in the text, they come from numbering.xml
    assert (
        "\n1) Geen spoed wel brandweer – Brandweer\n2) Contact marechaussee" in by_name["Temmink"]
    )


def test_footnote_is_placed_where_word_cites_it() -> None:
    temmink = imported(letter("Temmink"))
    assert "de motie van Nispen[^1] met uw Kamer" in temmink
    assert "[^1]: Kamerstukken, 2022-2023, 29628, nr. 1135" in temmink


def test_irregular_headings_are_headings_written_as_in_the_source() -> None:
    temmink = body_of(imported(letter("Temmink")))
    headings = re.findall(r"^## (.*)$", temmink, re.M)
    assert "Antwoord op vraag 1" in headings  # indented with two tabs in Word
    assert "Antwoord op vragen 4 en 5" in headings  # preceded by a bookmark
    assert "Antwoord op vragen 7, 8, en 9" in headings  # starts with a page break, stray comma
    lahlah = body_of(imported(letter("Lahlah")))
    assert "\n## Antwoord op vraag 1\n" in lahlah  # starts with a soft line break
    assert "\n## Vraag 8\n" in lahlah  # trailing space


def test_questions_bold_throughout_read_like_the_pdf() -> None:
    # The Lahlah letter sets every question in bold: a layout convention, not emphasis.
    body = body_of(imported(LETTERS[0]))
    assert "\nMet welke gemeenten zijn er gesprekken" in body
    assert "**" not in body
    assert "\n**Ja.**" not in body


def test_emphasis_inside_a_sentence_stays_but_a_whole_paragraph_loses_it(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        _bold(d, "Waarom is dit zo?")
        p = d.add_paragraph()
        p.add_run("Geheel schuin.").italic = True
        d.add_paragraph("Antwoord op vraag 1")
        p = d.add_paragraph("Dit is ")
        p.add_run("belangrijk").bold = True
        p.add_run(" en dit niet.")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "\nWaarom is dit zo?\n" in body and "\nGeheel schuin.\n" in body
    assert "Dit is **belangrijk** en dit niet." in body


# --- text conservation -----------------------------------------------------------------------

# Words of the Q&A part that may be missing from the Markdown, per letter, with the reason.
# Nothing is excepted today: the auto-numbered "1)"/"2)" of the Temmink source list are not in
# the Word text at all (numbering.xml), so they are extra in the Markdown, never missing.
EXCEPTED: dict[str, dict[str, str]] = {}


def _word_paragraph_texts(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def _words(text: str) -> Counter[str]:
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # Markdown backslash escapes
    return Counter(w.lower() for w in re.findall(r"\w+", text))


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:50])
def test_every_word_of_the_questions_and_answers_is_kept(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        paragraphs = _word_paragraph_texts(package.read("word/document.xml"))
        notes = _word_paragraph_texts(package.read("word/footnotes.xml"))
    start = next(i for i, t in enumerate(paragraphs) if t.startswith("Antwoorden van de minister"))
    source_words = _words("\n".join(paragraphs[start:] + notes))
    markdown_words = _words(body_of(imported(path)))
    missing = source_words - markdown_words
    for word in EXCEPTED.get(path.stem, {}):
        missing.pop(word, None)
    assert not missing, f"words lost: {dict(missing)}"


# --- made-up Word files ----------------------------------------------------------------------


def _letter(tmp_path: Path, build, name: str = "letter.docx") -> Path:
    """A minimal ministry letter: letterhead table, signature, page break, annex from `build`."""
    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "Datum", "3 februari 2025"
    head.cell(1, 0).text = "Onderwerp"
    head.cell(1, 1).text = "Beantwoording Kamervragen van het lid Bikker (ChristenUnie) over testen"
    document.add_paragraph("Ons kenmerk 12345")
    document.add_paragraph("De staatssecretaris van Financiën")
    document.add_paragraph("E. van der Burg")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph(
        "Antwoorden van de staatssecretaris van Financiën op Kamervragen van het lid "
        "Bikker (ChristenUnie) over testen."
    )
    build(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def _bold(document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def test_a_letter_made_here_gives_metadata_and_title(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Waarom?")
        d.add_paragraph("Antwoord op vraag 1")
        d.add_paragraph("Daarom.")

    result = import_docx(
        _letter(tmp_path, build, "Mijn Brief.docx"), source="sources/Mijn Brief.docx"
    )
    meta, body, _, _ = frontmatter.parse(result.markdown, "x.md")
    assert meta.answered_by == "Staatssecretaris Van der Burg"
    assert meta.ministry == "Financiën"
    assert meta.received.isoformat() == "2025-02-03"
    assert meta.questioners == ["Bikker (ChristenUnie)"]
    assert meta.title == "Antwoord op vragen over testen"
    # No publication id: its date and subject make the slug, not the file name (issue 17).
    assert result.slug == "2025-02-03-testen"
    assert "Ons kenmerk" not in body and "## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1" in body


def test_tables_become_pipe_tables_with_escaped_pipes(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Hoeveel?")
        d.add_paragraph("Antwoord op vraag 1")
        table = d.add_table(rows=3, cols=2)
        for r, row in enumerate([("Jaar", "Aantal"), ("2023", "12"), ("2024", "a | b")]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        d.add_paragraph("Tot zover.")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "| Jaar | Aantal |\n|---|---|\n| 2023 | 12 |\n| 2024 | a \\| b |" in body
    assert body.index("| Jaar") < body.index("Tot zover.")


def test_bold_and_italic_runs_survive(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Waarom?")
        d.add_paragraph("Antwoord op vraag 1")
        p = d.add_paragraph("Dit is ")
        p.add_run("belangrijk ").bold = True
        p.add_run("en dit ")
        p.add_run("schuin").italic = True
        p.add_run(", en *sterretjes* blijven tekst.")
        heading = d.add_paragraph()
        heading.add_run("Vraag 2").bold = True
        d.add_paragraph("Nog iets?")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "Dit is **belangrijk** en dit *schuin*, en \\*sterretjes\\* blijven tekst." in body
    assert "\n## Vraag 2\n" in body


def test_breaks_tabs_and_page_breaks_around_headings(tmp_path: Path) -> None:
    def build(d):
        p = d.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)
        p.add_run("\t\tVraag 1   ")
        d.add_paragraph("Eerste regel")
        p = d.add_paragraph()
        p.add_run().add_break()
        p.add_run("Antwoord op vraag 1")
        p = d.add_paragraph("Regel een")
        run = p.add_run()
        run.add_break()
        p.add_run("regel twee")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "\n## Vraag 1\n\nEerste regel\n\n## Antwoord op vraag 1\n\nRegel een\nregel twee" in body


def _numbering(document, fmt: str = "%1)") -> str:
    """Add a decimal list whose labels are `fmt` ("%1)") to the numbering part; its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{fmt}"/></w:lvl></w:abstractNum>'
    )
    num = parse_xml(
        '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def _numbered(document, text: str, num_id: str) -> None:
    p = document.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl, nid = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    ilvl.set(qn("w:val"), "0")
    nid.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(nid)
    ppr.append(num_pr)


def test_auto_numbered_source_list_gets_its_numbers_from_numbering(tmp_path: Path) -> None:
    def build(d):
        num_id = _numbering(d)
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Kent u het bericht 1) en het andere 2)?")
        d.add_paragraph("Antwoord op vraag 1")
        d.add_paragraph("Ja.")
        _numbered(d, "NOS, 1 januari 2025", num_id)
        _numbered(d, "RTL, 2 januari 2025", num_id)

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert body.endswith("## Bronnen\n\n1) NOS, 1 januari 2025\n2) RTL, 2 januari 2025\n")
    assert "Kent u het bericht 1) en het andere 2)?" in body


def test_typed_source_notes_two_in_one_paragraph(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Wat vindt u van dit[1] en dat [2]?")
        d.add_paragraph("Antwoord op vraag 1")
        d.add_paragraph("Niets.")
        d.add_paragraph("[1] https://example.org/a[2] Krant, 3 maart 2025")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "## Bronnen\n\n1) <https://example.org/a>\n2) Krant, 3 maart 2025\n" in body


def test_an_enumeration_in_the_last_answer_is_not_a_source_list(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Welke stappen?")
        d.add_paragraph("Antwoord op vraag 1")
        d.add_paragraph("1) eerst dit")
        d.add_paragraph("2) dan dat")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "## Bronnen" not in body
    assert "1) eerst dit" in body and "2) dan dat" in body


def test_answer_without_heading_gets_one(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        _bold(d, "Waarom?")
        d.add_paragraph("Daarom.")
        d.add_paragraph("Vraag 2")
        _bold(d, "En verder?")
        d.add_paragraph("Antwoord op vraag 2")
        d.add_paragraph("Niets.")

    result = import_docx(_letter(tmp_path, build), source="s")
    got = structure(result.markdown)
    assert got["answers"] == [{"covers": ["1"]}, {"covers": ["2"]}]
    assert "Waarom?\n\n## Antwoord op vraag 1\n\nDaarom." in result.markdown
    assert [d.code for d in result.diagnostics] == ["docx-answer-heading-inserted"]


def test_hyperlinks_keep_their_address(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("Waarom?")
        d.add_paragraph("Antwoord op vraag 1")
        p = d.add_paragraph("Zie ")
        rid = d.part.relate_to("https://example.org/rapport", RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "het rapport"
        run.append(text)
        link.append(run)
        p._p.append(link)
        p.add_run(".")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "Zie [het rapport](<https://example.org/rapport>)." in body


def test_markdown_syntax_in_text_is_escaped(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("Vraag 1")
        d.add_paragraph("# niet een kop")
        d.add_paragraph("Antwoord op vraag 1")
        d.add_paragraph("<script>alert(1)</script> en [^9] blijven tekst")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "\n\\# niet een kop\n" in body
    assert "\\<script>" in body and "\\[^9]" in body


def test_no_letterhead_means_everything_is_kept(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(
        "Vragen van het lid Bikker (ChristenUnie) over testen (ingezonden 1 maart 2025)"
    )
    document.add_paragraph("Vraag 1")
    document.add_paragraph("Waarom?")
    path = tmp_path / "kaal.docx"
    document.save(str(path))
    result = import_docx(path, source="s")
    meta, _, _, _ = frontmatter.parse(result.markdown, "x.md")
    assert body_of(result.markdown).startswith("Vragen van het lid Bikker")
    assert meta.questioners == ["Bikker (ChristenUnie)"]
    assert meta.submitted.isoformat() == "2025-03-01"
    assert meta.kind == "questions"  # no answer in it
    assert {d.code for d in result.diagnostics} >= {"docx-no-date", "docx-no-minister"}


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kapot.docx"
    path.write_text("dit is geen Word-bestand", encoding="utf-8")
    with pytest.raises(ValueError, match=r"kapot\.docx is not a Word \(\.docx\) file"):
        import_docx(path, source="s")


def test_a_zip_that_is_not_word_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "zip.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match=r"zip\.docx"):
        import_docx(path, source="s")


# --- through the reader ----------------------------------------------------------------------


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:50])
def test_reader_sees_the_expected_structure(path: Path) -> None:
    from generator import reader

    want = expected(path)
    result = import_docx(path, source=f"sources/{path.name}")
    doc = reader.read_document(
        result.markdown, path=f"documents/{result.slug}.md", slug=result.slug
    )
    assert [q.label for q in doc.questions] == want["questions"]
    assert [{"covers": list(a.covers)} for a in doc.answers] == want["answers"]
    assert len(doc.footnotes) == want["footnotes"]
    assert len(doc.source_notes) == want["question_source_notes"]
    assert cross_references(doc) == want["cross_references"]
    assert doc.meta.answered_by == want["answered_by"]
    assert [d for d in doc.diagnostics if d.severity != "info"] == []


def test_heading_and_question_in_one_paragraph_are_split(tmp_path: Path) -> None:
    def build(d):
        p = d.add_paragraph()
        p.add_run("Vraag 1:").bold = True
        p.add_run(" Kent u het bericht?")
        d.add_paragraph("Antwoord op vraag 1\tJa.")

    body = body_of(import_docx(_letter(tmp_path, build), source="s").markdown)
    assert "## Vraag 1:\n\nKent u het bericht?\n\n## Antwoord op vraag 1\n\nJa." in body


def test_questions_and_answers_laid_out_in_a_table_are_read_cell_by_cell(tmp_path: Path) -> None:
    def build(d):
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Vraag 1", "Waarom?"
        table.cell(1, 0).text, table.cell(1, 1).text = "Antwoord op vraag 1", "Daarom."

    result = import_docx(_letter(tmp_path, build), source="s")
    assert structure(result.markdown)["answers"] == [{"covers": ["1"]}]
    assert "## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1\n\nDaarom." in result.markdown


# --- inline rendering keeps every word, whatever the runs -------------------------------------

_RUN_TEXT = st.lists(
    st.sampled_from([*"ab1 .,:;!?()[]*_`#<>&|-\"'’“”\t", "foo", "bar"]), max_size=8
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_RUN_TEXT, st.booleans(), st.booleans()), min_size=1, max_size=6))
def test_rendered_runs_keep_their_words_and_show_no_stray_markup(runs) -> None:
    from markdown_it import MarkdownIt

    from generator.importers.docx_extract import Inline
    from generator.importers.docx_inline import render_inlines

    inlines = [Inline("text", text, bold, italic) for text, bold, italic in runs]
    rendered = render_inlines(inlines, note=lambda _: None, footnotes=set())
    tokens = MarkdownIt("commonmark").parse(rendered)
    shown = "".join(
        child.content
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type in ("text", "code_inline")
    )
    source = "".join(text for text, _, _ in runs)
    assert re.findall(r"\w+", shown) == re.findall(r"\w+", source)
    # every * and _ shown is one that was in the source text
    assert shown.count("*") <= source.count("*") and shown.count("_") <= source.count("_")
