"""Metadata and notes from every letter layout (issue 16, point 2).

Real forms from the corpus letters (shared/corpus, copied into tests/fixtures/corpus), and
small Word files and Tika texts made here for the layouts the corpus lacks: a letter whose
letterhead is in the page header (not body text), a letter signed after its answers, a
source list with a caption or restarted numbering, ministries written every way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import frontmatter
from generator.document import Card, Metadata
from generator.importers import import_source
from generator.importers.docx import import_docx
from generator.importers.header import (
    Header,
    parse_cover_letter,
    parse_kamer_reference,
    parse_questions_line,
    split_glued_prefix,
    trailing_signature,
)
from generator.importers.tika_text import import_tika_text
from generator.linker import facet_values
from generator.ministries import normalise
from generator.reader import read_document

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
QUESTIONERS = yaml.safe_load((FIXTURES / "header" / "questioners.yaml").read_text("utf-8"))


def meta_of(markdown: str) -> Metadata:
    meta, _, _, diagnostics = frontmatter.parse(markdown, "x.md")
    assert diagnostics == []
    return meta


def body_of(markdown: str) -> str:
    return frontmatter.split(markdown)[1]


# --- questioners -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", QUESTIONERS, ids=lambda c: c["line"][:50])
def test_questioners_as_the_document_names_them(case: dict) -> None:
    found = parse_questions_line(case["line"])
    assert found is not None
    assert found["questioners"] == case["questioners"], case["origin"]


@pytest.mark.parametrize(
    "written,expected",
    [
        ("vanDijk", "Van Dijk"),
        ("VanDijk", "Van Dijk"),
        ("VanderLee", "Van der Lee"),
        ("vandenBerg", "Van den Berg"),
        ("terHorst", "Ter Horst"),
        ("OpdenVelde", "Op den Velde"),
        ("Inge vanDijk", "Inge van Dijk"),
        # not glued: names that begin with the letters of a tussenvoegsel
        ("Vandermeer", "Vandermeer"),
        ("Tenhaeff", "Tenhaeff"),
        ("Derksen", "Derksen"),
        ("Van Nispen", "Van Nispen"),
        ("McDonald", "McDonald"),
    ],
)
def test_glued_tussenvoegsels_are_split(written: str, expected: str) -> None:
    assert split_glued_prefix(written) == expected


def test_a_list_with_parties_beats_a_truncated_one() -> None:
    # A letterhead's "Projectnaam" field cut short before the party, then the full sentence.
    header = Header()
    header.update(parse_questions_line("Beantwoording Kamervragen van de leden Temmink en Van"))
    header.update(parse_questions_line("Kamervragen van de leden Temmink en Van Nispen (SP)"))
    assert header.questioners == ["Temmink (SP)", "Van Nispen (SP)"]
    header.update({"questioners": ["Temmink", "Van Nispen"]})  # fewer parties: kept
    assert header.questioners == ["Temmink (SP)", "Van Nispen (SP)"]


def test_questioners_named_only_in_the_cover_letters_sentence() -> None:
    found = parse_cover_letter(
        [
            "Onderwerp Antwoorden Kamervragen over het noodnummer",
            "In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, deel ik u mede dat de "
            "vragen van de leden Temmink en Van Nispen (beiden SP) aan de minister van Justitie "
            "en Veiligheid over het noodnummer worden beantwoord zoals aangegeven in de bijlage.",
        ]
    )
    assert found["questioners"] == ["Temmink (SP)", "Van Nispen (SP)"]
    assert found["kamer_reference"] == "2023Z19677"


# --- cover letter facts ----------------------------------------------------------------------

# What the cover letters of the corpus say (read by hand from the letters).
LETTER_FACTS = {
    "Lahlah": ("5293107", date(2024, 5, 16), "5401166"),
    "Temmink": ("2023Z19677", date(2024, 1, 11), "5164758"),
    "Wassenberg": ("2023Z14759", date(2023, 10, 18), "4980892"),
}


@pytest.mark.parametrize("folder", ["docx", "tika"])
@pytest.mark.parametrize("name", sorted(LETTER_FACTS))
def test_cover_letter_facts_are_kept_in_the_front_matter(name: str, folder: str) -> None:
    path = next(p for p in (CORPUS / folder).iterdir() if name in p.name)
    meta = meta_of(import_source(path, source=f"sources/{path.name}").markdown)
    assert (meta.kamer_reference, meta.letter_date, meta.letter_reference) == LETTER_FACTS[name]


@pytest.mark.parametrize(
    "lines,expected",
    [
        (["In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, deel ik"], "2023Z19677"),
        (["Uw kenmerk", "2024Z04139"], "2024Z04139"),
        (["Uw kenmerk 2024-0000123456"], "2024-0000123456"),
        (["Antwoorden op vragen (ingezonden 6 december 2023, 2023Z19677)"], "2023Z19677"),
        (["Ons kenmerk 5164758", "Datum 11 januari 2024"], None),  # ours, not the Kamer's
    ],
)
def test_kamer_reference_forms(lines: list[str], expected: str | None) -> None:
    assert parse_kamer_reference(lines) == expected


def _no_letterhead(tmp_path: Path, *, signed_at_end: bool, name: str = "brief.docx") -> Path:
    """A letter whose letterhead is in the page header: the body has no 'Datum' table."""
    d = docx.Document()
    if not signed_at_end:
        d.add_paragraph("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal")
        d.add_paragraph("Den Haag, 11 januari 2024")
        d.add_paragraph("Geachte voorzitter,")
        d.add_paragraph(
            "In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, deel ik u mede dat de "
            "vragen van de leden Temmink en Van Nispen (beiden SP) aan de minister van Justitie "
            "en Veiligheid over het nummer worden beantwoord zoals aangegeven in de bijlage."
        )
        d.add_paragraph("Hoogachtend,")
        d.add_paragraph("De minister van Justitie en Veiligheid,")
        d.add_paragraph("D. Yeşilgöz-Zegerius")
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph(
        "Antwoorden van de minister van Justitie en Veiligheid op vragen van de leden Temmink "
        "en Van Nispen (beiden SP) over het nummer (ingezonden 6 december 2023, 2023Z19677)"
    )
    for line in ("Vraag 1", "Kent u het bericht?", "Antwoord op vraag 1", "Ja."):
        d.add_paragraph(line)
    if signed_at_end:
        d.add_paragraph("Datum 11 januari 2024")
        d.add_paragraph("De minister van Justitie en Veiligheid,")
        d.add_paragraph("D. Yeşilgöz-Zegerius")
    path = tmp_path / name
    d.save(str(path))
    return path


@pytest.mark.parametrize("signed_at_end", [False, True], ids=["cover-letter", "signed-at-end"])
def test_word_letter_without_letterhead_gives_answerer_and_date(tmp_path, signed_at_end) -> None:
    result = import_docx(_no_letterhead(tmp_path, signed_at_end=signed_at_end), source="s")
    meta = meta_of(result.markdown)
    assert meta.answered_by == "Minister Yeşilgöz-Zegerius"  # not "Minister van Justitie ..."
    assert meta.ministry == "Justitie en Veiligheid"
    assert meta.received == date(2024, 1, 11)
    assert meta.letter_date == date(2024, 1, 11)
    assert meta.kamer_reference == "2023Z19677"
    assert meta.questioners == ["Temmink (SP)", "Van Nispen (SP)"]
    body = body_of(result.markdown)
    assert "Yeşilgöz" not in body and "Geachte" not in body  # the letter itself is left out
    assert body.rstrip().endswith("## Antwoord op vraag 1\n\nJa.")
    assert not {d.code for d in result.diagnostics} & {"docx-no-date", "docx-no-minister"}


def test_tika_text_signed_after_its_answers(tmp_path: Path) -> None:
    text = (
        "Antwoorden van de minister van Justitie en Veiligheid op vragen van het lid vanDijk "
        "(CDA) over het nummer (2024Z00012)\n\nVraag 1\nKent u het bericht? 1)\n\n"
        "Antwoord op vraag 1\nJa.\n\n1) NOS, 1 januari 2024\n\n"
        "Den Haag, 11 januari 2024\nDe minister van Justitie en Veiligheid,\n"
        "D. Yeşilgöz-Zegerius\nimage1.png\n"
    )
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    result = import_tika_text(path, source="s")
    meta = meta_of(result.markdown)
    assert meta.answered_by == "Minister Yeşilgöz-Zegerius"
    assert meta.received == date(2024, 1, 11)
    assert meta.questioners == ["Van Dijk (CDA)"]
    assert meta.kamer_reference == "2024Z00012"
    assert body_of(result.markdown).endswith("## Bronnen\n\n1) NOS, 1 januari 2024\n")


@pytest.mark.parametrize(
    "lines,count",
    [
        (["Ja.", "Hoogachtend,", "De minister van Financiën,", "E. Heinen"], 3),
        (["Ja.", "Den Haag, 3 maart 2025", "De staatssecretaris van Financiën", "Eelco Heinen"], 3),
        (["Ja.", "Mede namens de minister van BZK,", "De minister van Financiën,", "E. Heinen"], 3),
        # not a signature: an answer that names a minister, a name without an office line
        (["Dat heeft de minister van Financiën gezegd.", "E. Heinen"], 0),
        (["Ja.", "E. Heinen"], 0),
        (["De minister van Financiën,"], 0),
    ],
)
def test_trailing_signature(lines: list[str], count: int) -> None:
    assert trailing_signature(lines) == count


# --- source notes ----------------------------------------------------------------------------


def _letter(tmp_path: Path, build) -> Path:
    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "Datum", "3 februari 2025"
    d.add_paragraph("De staatssecretaris van Financiën")
    d.add_paragraph("E. van der Burg")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Antwoorden van de staatssecretaris van Financiën op Kamervragen van het lid ")
    for line in ("Vraag 1", "Kent u bericht 1) en 2)?", "Antwoord op vraag 1", "Ja."):
        d.add_paragraph(line)
    d.add_paragraph("Vraag 2")
    d.add_paragraph("En het bericht 3)?")
    d.add_paragraph("Antwoord op vraag 2")
    d.add_paragraph("Nee.")
    build(d)
    path = tmp_path / "brief.docx"
    d.save(str(path))
    return path


def _list(document, num_id: str, fmt: str = "%1)") -> None:
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    abstract = parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="{num_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{fmt}"/></w:lvl></w:abstractNum>'
    )
    num = parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    first = numbering.find(qn("w:num"))
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _item(document, text: str, num_id: str) -> None:
    p = document.add_paragraph(text)
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        num_pr.append(el)
    p._p.get_or_add_pPr().append(num_pr)


NOTES = ["NOS, 1 januari 2025", "RTL, 2 januari 2025", "Kamerstuk 33047, nr. 25"]


def _captioned(d) -> None:
    _list(d, "91")
    d.add_paragraph("Bronnen:")
    for text in NOTES:
        _item(d, text, "91")


def _restarted(d) -> None:
    for k, text in enumerate(NOTES):  # every item a list of its own: Word shows 1) 1) 1)
        _list(d, str(92 + k))
        _item(d, text, str(92 + k))


def _typed_with_dots(d) -> None:
    for k, text in enumerate(NOTES, start=1):
        d.add_paragraph(f"{k}. {text}")


@pytest.mark.parametrize(
    "build", [_captioned, _restarted, _typed_with_dots], ids=lambda f: f.__name__
)
def test_word_source_list_at_the_end_is_read_and_linked(tmp_path: Path, build) -> None:
    result = import_docx(_letter(tmp_path, build), source="s")
    body = body_of(result.markdown)
    assert body.rstrip().endswith(
        "## Bronnen\n\n1) NOS, 1 januari 2025\n2) RTL, 2 januari 2025\n3) Kamerstuk 33047, nr. 25"
    )
    assert "Bronnen:" not in body
    doc = read_document(result.markdown, path="documents/brief.md", slug="brief")
    assert [n.id for n in doc.source_notes] == ["bron-1", "bron-2", "bron-3"]
    html = " ".join(q.html for q in doc.questions)
    for n in (1, 2, 3):
        assert f'href="#bron-{n}"' in html


def test_an_answers_own_list_with_dots_is_not_a_source_list(tmp_path: Path) -> None:
    def build(d):
        d.add_paragraph("1. eerst dit")
        d.add_paragraph("2. dan dat")

    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "Datum", "3 februari 2025"
    for line in ("Vraag 1", "Welke stappen zet u?", "Antwoord op vraag 1", "Twee stappen:"):
        d.add_paragraph(line)
    build(d)
    path = tmp_path / "brief.docx"
    d.save(str(path))
    body = body_of(import_docx(path, source="s").markdown)
    assert "## Bronnen" not in body and "eerst dit" in body


@pytest.mark.parametrize("caption", ["Bronnen", "Noten:", ""])
def test_tika_source_list_with_a_caption_and_dots(tmp_path: Path, caption: str) -> None:
    text = (
        "Antwoorden van de minister van Financiën op vragen van het lid Bikker (ChristenUnie)\n"
        "Vraag 1\nKent u het bericht 1) en het andere 2)?\nAntwoord op vraag 1\nJa.\n"
        f"{caption}\n1. NOS, 1 januari 2025\n2. RTL, 2 januari 2025\n"
    )
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    body = body_of(import_tika_text(path, source="s").markdown)
    assert body.endswith("## Bronnen\n\n1) NOS, 1 januari 2025\n2) RTL, 2 januari 2025\n")
    assert "Noten" not in body


# --- ministries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,name,portfolio",
    [
        ("BZ", "Buitenlandse Zaken", None),
        ("Buitenlandse Zaken", "Buitenlandse Zaken", None),
        ("Minister van Buitenlandse Zaken", "Buitenlandse Zaken", None),
        ("ministerie van buitenlandse zaken", "Buitenlandse Zaken", None),
        (
            "Financiën – Fiscaliteit en Belastingdienst",
            "Financiën",
            "Fiscaliteit en Belastingdienst",
        ),
        ("Financiën - Toeslagen en Douane", "Financiën", "Toeslagen en Douane"),
        ("Financien", "Financiën", None),
        ("FIN", "Financiën", None),
        ("VWS (Medische Zorg)", "Volksgezondheid, Welzijn en Sport", "Medische Zorg"),
        (
            "Jeugd, Preventie en Sport",
            "Volksgezondheid, Welzijn en Sport",
            "Jeugd, Preventie en Sport",
        ),
        ("BHO", "Buitenlandse Zaken", "Buitenlandse Handel en Ontwikkelingshulp"),
        (
            "de minister voor Buitenlandse Handel en Ontwikkelingssamenwerking",
            "Buitenlandse Zaken",
            "Buitenlandse Handel en Ontwikkelingssamenwerking",
        ),
        ("Asiel en Migratie", "Asiel en Migratie", None),
        ("KGG", "Klimaat en Groene Groei", None),
        ("VRO", "Volkshuisvesting en Ruimtelijke Ordening", None),
        ("I&W", "Infrastructuur en Waterstaat", None),
        ("IenW", "Infrastructuur en Waterstaat", None),
        ("J&V", "Justitie en Veiligheid", None),
        ("DEF", "Defensie", None),
        ("AZ", "Algemene Zaken", None),
        ("OCW", "Onderwijs, Cultuur en Wetenschap", None),
        ("SZW", "Sociale Zaken en Werkgelegenheid", None),
        ("KR", "Binnenlandse Zaken en Koninkrijksrelaties", "Koninkrijksrelaties"),
        # former names group with the ministry of today
        ("Economische Zaken en Klimaat", "Economische Zaken", None),
        (
            "Landbouw, Natuur en Voedselkwaliteit",
            "Landbouw, Visserij, Voedselzekerheid en Natuur",
            None,
        ),
        ("LNV", "Landbouw, Visserij, Voedselzekerheid en Natuur", None),
        ("Infrastructuur en Milieu", "Infrastructuur en Waterstaat", None),
        ("Veiligheid en Justitie", "Justitie en Veiligheid", None),
        (
            "Binnenlandse Zaken en Koninkrijksrelaties",
            "Binnenlandse Zaken en Koninkrijksrelaties",
            None,
        ),
    ],
)
def test_ministries_are_one_thing_each(written: str, name: str, portfolio: str | None) -> None:
    found = normalise(written)
    assert (found.name, found.portfolio, found.known) == (name, portfolio, True)


def test_a_ministry_the_table_lacks_is_kept_and_reported(tmp_path: Path) -> None:
    assert normalise("Ministerie van Ruimtevaart").known is False
    path = tmp_path / "brief.txt"
    path.write_text(
        "Antwoord van minister Jansen (Ruimtevaart) (ontvangen 3 maart 2025)\n"
        "Vraag 1\nWaarom?\nAntwoord op vraag 1\nDaarom.\n",
        encoding="utf-8",
    )
    result = import_tika_text(path, source="s")
    assert meta_of(result.markdown).ministry == "Ruimtevaart"
    [info] = [d for d in result.diagnostics if d.code == "ministry-unknown"]
    assert info.severity == "info" and "Ruimtevaart" in info.message


def test_answer_line_ministry_is_normalised_with_its_portfolio(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(
        "Antwoord van staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst) "
        "(ontvangen 21 mei 2024)\nVraag 1\nWaarom?\nAntwoord op vraag 1\nDaarom.\n",
        encoding="utf-8",
    )
    result = import_tika_text(path, source="s")
    meta = meta_of(result.markdown)
    assert (meta.ministry, meta.portfolio) == ("Financiën", "Fiscaliteit en Belastingdienst")
    assert not [d for d in result.diagnostics if d.code == "ministry-unknown"]


def test_listings_group_by_the_ministry_however_it_is_written() -> None:
    slugs = set()
    for written in ("BZ", "Buitenlandse Zaken", "Minister van Buitenlandse Zaken"):
        meta = Metadata(title="t", ministry=written, received=date(2024, 1, 1))
        card = Card(slug="d", path="d.md", meta=meta, question_count=0, summary="", anchors=())
        slugs.update(facet_values(card, "ministry"))
    assert slugs == {("buitenlandse-zaken", "Buitenlandse Zaken")}


def test_the_table_of_ministries_ships_with_the_package() -> None:
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8")
    assert '"data/*.yaml"' in pyproject
    table = yaml.safe_load(
        (Path(__file__).parent.parent / "generator" / "data" / "ministries.yaml").read_text("utf-8")
    )
    names = [entry["name"] for entry in table]
    assert len(names) == len(set(names)) >= 15


def test_tika_letterhead_whose_project_name_is_cut_before_the_party(tmp_path: Path) -> None:
    # A letterhead's "Projectnaam" field holds a fixed number of characters; the Onderwerp
    # line (read with the cover letter) has the whole phrase with the party.
    text = (
        "> Retouradres Postbus 20301 2500 EH  Den Haag\n"
        "Datum\t11 januari 2024\n"
        "Onderwerp\tBeantwoording Kamervragen van de leden Temmink en Van Nispen (beiden SP) "
        "over het nummer\n"
        "Projectnaam\n"
        "Beantwoording Kamervragen van de leden Temmink en Van\n"
        "Ons kenmerk\n5164758\n"
        "In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, deel ik u mede dat de "
        "vragen worden beantwoord zoals aangegeven in de bijlage.\n"
        "De minister van Justitie en Veiligheid,\nD. Yeşilgöz-Zegerius\n"
        "Antwoorden van de minister van Justitie en Veiligheid op Kamervragen van de leden "
        "Temmink en Van Nispen (beiden SP) over het nummer\n"
        "Vraag 1\nWaarom?\nAntwoord op vraag 1\nDaarom.\n"
    )
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    meta = meta_of(import_tika_text(path, source="s").markdown)
    assert meta.questioners == ["Temmink (SP)", "Van Nispen (SP)"]
    assert (meta.kamer_reference, meta.letter_reference) == ("2023Z19677", "5164758")
    assert meta.letter_date == date(2024, 1, 11)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_name_rules_never_crash_and_keep_the_letters(text: str) -> None:
    split = split_glued_prefix(text)
    assert split.replace(" ", "").lower() == text.replace(" ", "").lower()
    found = normalise(text)
    assert isinstance(found.name, str) and (found.known or found.portfolio is None)
    parse_questions_line(text)
    parse_cover_letter(text.splitlines())


# The ministry of every corpus document as one name (what the PDFs print: "BZ", "Financiën –
# Fiscaliteit en Belastingdienst", "Volksgezondheid, Welzijn en Sport – Jeugd, Preventie en
# Sport"; the letters: the signature's office).
CORPUS_MINISTRIES = {
    "00fe7edd": ("Onderwijs, Cultuur en Wetenschap", None),
    "01b2bcad": ("Buitenlandse Zaken", None),
    "01bf9f06": ("Binnenlandse Zaken en Koninkrijksrelaties", None),
    "1a529d02": ("Volksgezondheid, Welzijn en Sport", "Jeugd, Preventie en Sport"),
    "1b0f0b98": ("Financiën", "Fiscaliteit en Belastingdienst"),
    "1b650dd7": ("Binnenlandse Zaken en Koninkrijksrelaties", None),
    "Lahlah": ("Justitie en Veiligheid", None),
    "Temmink": ("Justitie en Veiligheid", None),
    "Wassenberg": ("Landbouw, Visserij, Voedselzekerheid en Natuur", None),
}


@pytest.mark.parametrize(
    "path",
    sorted(p for folder in ("pdf", "docx", "tika") for p in (CORPUS / folder).iterdir()),
    ids=lambda p: f"{p.parent.name}:{p.stem[:30]}",
)
def test_corpus_ministries_are_one_name_each(path: Path) -> None:
    result = import_source(path, source=f"sources/{path.name}")
    meta = meta_of(result.markdown)
    key = next(k for k in CORPUS_MINISTRIES if k in path.name)
    assert (meta.ministry, meta.portfolio) == CORPUS_MINISTRIES[key]
    assert not [d for d in result.diagnostics if d.code == "ministry-unknown"]
