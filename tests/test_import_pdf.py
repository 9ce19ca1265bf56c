"""Official Handelingen PDFs in, content-format Markdown out.

The six PDFs in tests/fixtures/corpus/pdf (copied unedited from ../shared/corpus) are imported
once per test session and checked against their hand-checked expected YAML: front matter,
the `## ` heading sequence (through `grammar.parse_heading`), footnote definitions and their
references, and, through the reader, the structure a reader of the site sees. A separate test
checks that every word of the PDF's text (page furniture excepted) survives the import.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from pdfgen import assemble
from structure import cross_references

from generator.frontmatter import parse
from generator.grammar import parse_heading
from generator.importers import ImportResult
from generator.importers.pdf import PdfInvalid, import_pdf

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PDFS = sorted((CORPUS / "pdf").glob("*.pdf"))
NAMES = [p.stem for p in PDFS]


@cache
def imported(name: str) -> ImportResult:
    path = CORPUS / "pdf" / f"{name}.pdf"
    return import_pdf(path, source=f"sources/{path.name}")


def expected(name: str) -> dict:
    return yaml.safe_load((CORPUS / "expected" / f"{name}.yaml").read_text(encoding="utf-8"))


def headings(markdown: str) -> list:
    return [parse_heading(m) for m in re.findall(r"^## (.+)$", markdown, re.M)]


def test_all_six_pdfs_are_there() -> None:
    assert len(PDFS) == 6


@pytest.mark.parametrize("name", NAMES)
def test_front_matter_matches_expected(name: str) -> None:
    result = imported(name)
    want = expected(name)
    meta, _body, _line, diags = parse(result.markdown, f"{name}.md")
    assert not [d for d in diags if d.severity == "error"]
    assert meta.kind == want["kind"]
    assert meta.publication == want["publication"]
    assert meta.answered_by == want["answered_by"]
    assert meta.received == want["received"]
    assert meta.questioners == [unicodedata.normalize("NFC", q) for q in want["questioners"]]
    assert meta.source == f"sources/{name}.pdf"
    assert meta.title
    assert result.slug == want["publication"]


@pytest.mark.parametrize("name", NAMES)
def test_headings_give_expected_questions_and_answers(name: str) -> None:
    want = expected(name)
    found = headings(imported(name).markdown)
    assert all(found), "every `## ` heading is a Q&A heading"
    questions = [label for h in found if h.kind == "question" for label in h.labels]
    answers = [list(h.labels) for h in found if h.kind == "answer"]
    assert questions == want["questions"]
    assert answers == [a["covers"] for a in want["answers"]]


@pytest.mark.parametrize("name", NAMES)
def test_footnotes_are_defined_and_each_is_cited(name: str) -> None:
    markdown = imported(name).markdown
    definitions = re.findall(r"^\[\^(\d+)\]: ", markdown, re.M)
    assert len(definitions) == expected(name)["footnotes"]
    assert definitions == [str(n) for n in range(1, len(definitions) + 1)]
    body = re.sub(r"^\[\^\d+\]: .*$", "", markdown, flags=re.M)
    for number in definitions:
        assert f"[^{number}]" in body, f"footnote {number} is never cited"
    assert not imported(name).diagnostics


def test_marker_glued_to_a_year_is_a_footnote_not_part_of_the_year() -> None:
    markdown = imported("01b2bcad-7296-43bb-bc44-e727fc69b23f").markdown
    assert "Kamerbrief van 14 juli 2023[^5] waarin" in markdown
    assert "[^5]: Kamerstuk 22 054, nr. 395, d.d. 14 juli 2023." in markdown


def test_marker_glued_to_the_next_sentence() -> None:
    markdown = imported("1b650dd7-71d6-4b8f-8625-36c000046742").markdown
    assert "van de Landen gesproken.[^3] Toekomstige samenwerking" in markdown


def test_grouped_question_keeps_one_paragraph_per_label_across_the_page_break() -> None:
    markdown = imported("00fe7edd-24c8-4857-98da-774ed3b06836").markdown
    block = markdown.split("## Vraag 3, 4 en 5\n\n", 1)[1].split("\n\n## ", 1)[0]
    paragraphs = block.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].endswith("waarde van dat predicaat dan nog?")
    assert paragraphs[1].startswith("Deelt u de mening dat regenboogprovincies")
    assert paragraphs[2].startswith("Kent u de Inventarisatie Regenboogbeleid")


def test_table_numbers_are_cells_not_footnotes() -> None:
    markdown = imported("00fe7edd-24c8-4857-98da-774ed3b06836").markdown
    assert "| Grond | Meldingen in 2021 | Meldingen in 2022 | Meldingen in 2023 |" in markdown
    assert "| Seksuele gerichtheid | 10 | 14 | 34 |" in markdown
    assert "| TOTAAL | 12 | 17 | 40 |" in markdown
    assert "| Seksuele gerichtheid | 66 | 73 | 74 |" in markdown
    assert "h\\*mo of f\\*kker" in markdown  # asterisks stay text, not emphasis


def test_numbered_list_in_an_answer_is_not_a_heading() -> None:
    markdown = imported("1a529d02-ba4d-418b-8d6a-5400a4ac07bc").markdown
    assert "\n1. De Gezondheidsraad adviseert om in te zetten op preventie" in markdown
    assert "\n2. Specifieke adviezen van de Gezondheidsraad" in markdown


def test_list_item_title_that_fills_its_line_ends_before_its_paragraph() -> None:
    # Found by the comparison with the XML (test_import_officiele_xml): the layout shows no
    # break after a title line that is full, but "Het" cannot go on a sentence without a stop.
    markdown = imported("1a529d02-ba4d-418b-8d6a-5400a4ac07bc").markdown
    assert (
        "\n3. De Gezondheidsraad adviseert om een onderzoeksagenda op te stellen\n\nHet doen"
        in (markdown)
    )
    assert (
        "\n1. De Gezondheidsraad adviseert om in te zetten op preventie en vroege behandeling"
        in (markdown)
    )


def test_hyphenation_and_wrapped_urls_are_joined() -> None:
    markdown = imported("00fe7edd-24c8-4857-98da-774ed3b06836").markdown
    assert "om zich regenboogprovincie te mogen noemen" in markdown
    assert "de lhbti-gemeenschap" in markdown
    unescaped = re.sub(r"\\(.)", r"\1", markdown)  # the writer may escape "_" in URLs
    assert (
        "https://www.movisie.nl/sites/movisie.nl/files/2022-03/"
        "220315_%20Regenboogbeleid%20provincies%202022.pdf" in unescaped
    )
    # the URL the PDF breaks over two lines is one link in the note (issue 16)
    assert (
        "(<https://www.movisie.nl/sites/movisie.nl/files/2022-03/"
        "220315_%20Regenboogbeleid%20provincies%202022.pdf>)" in markdown
    )
    assert "<https://nos.nl/artikel/2510977-kritiek-op-besluit-provincie-friesland" in markdown


def test_notice_keeps_the_mededeling_before_the_questions() -> None:
    markdown = imported("01bf9f06-42d0-48a6-a85f-12c9c8e14c57").markdown
    body = markdown.split("---\n", 2)[2]
    assert body.index("Mededeling\n") < body.index("## Vraag 1")
    assert "zijn beantwoord middels een brief over Ambtelijke analyses" in body


def test_see_also_goes_to_front_matter_only() -> None:
    result = imported("1a529d02-ba4d-418b-8d6a-5400a4ac07bc")
    meta, body, _line, _diags = parse(result.markdown, "x.md")
    assert meta.see_also == ["Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 2147"]
    assert "Zie ook" not in body


def test_page_furniture_is_gone() -> None:
    for name in NAMES:
        body = imported(name).markdown.split("---\n", 2)[2]
        for furniture in ("ISSN", "’s-Gravenhage", "vergaderjaar 2023–2024, Aanhangsel", "ah-tk-"):
            assert furniture not in body, (name, furniture)
        assert "Vragen gesteld door de leden der Kamer" not in body


def test_truncated_pdf_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(PDFS[0].read_bytes()[:5000])
    with pytest.raises(ValueError, match="broken.pdf") as info:
        import_pdf(broken, source="sources/broken.pdf")
    assert isinstance(info.value, PdfInvalid)
    assert info.value.diagnostic.code == "pdf-invalid"
    assert info.value.diagnostic.severity == "error"


def test_file_that_is_not_a_pdf_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "letter.pdf"
    fake.write_text("Antwoord van minister X", encoding="utf-8")
    with pytest.raises(ValueError, match=r"letter\.pdf is not a readable PDF"):
        import_pdf(fake, source="sources/letter.pdf")


def test_same_input_same_bytes() -> None:
    name = NAMES[0]
    again = import_pdf(CORPUS / "pdf" / f"{name}.pdf", source=f"sources/{name}.pdf")
    assert again.markdown == imported(name).markdown


# --- the reader sees the expected structure ------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_reader_sees_expected_structure(name: str) -> None:
    from generator import reader

    result = imported(name)
    doc = reader.read_document(
        result.markdown, path=f"documents/{result.slug}.md", slug=result.slug
    )
    want = expected(name)
    assert [q.label for q in doc.questions] == want["questions"]
    assert [list(a.covers) for a in doc.answers] == [a["covers"] for a in want["answers"]]
    assert len(doc.footnotes) == want["footnotes"]
    assert len(doc.source_notes) == want["question_source_notes"]
    assert cross_references(doc) == want["cross_references"]
    assert not [d for d in doc.diagnostics if d.severity in ("error", "warning")], [
        d.format() for d in doc.diagnostics
    ]


# --- text conservation -----------------------------------------------------------------------

# Page furniture: lines of the plain extraction (pypdf, an independent reader) that are not
# part of the Q&A text and are dropped on purpose. Each pattern matches a whole line.
FURNITURE = {
    r"Tweede Kamer der Staten-Generaal": "masthead of page 1",
    r"Vergaderjaar \d{4}–\d{4}( Aanhangsel van de Handelingen)?": "masthead of page 1",
    r"Aanhangsel van de Handelingen": "masthead of page 1",
    r"Vragen gesteld door de leden der Kamer, met de daarop door de": "masthead of page 1",
    r"regering gegeven antwoorden": "masthead of page 1",
    r"ah-tk-\d{8}-\d+": "publication id at the foot of page 1 (kept as front matter)",
    r"ISSN \d{4} - \d{4}": "ISSN at the foot of page 1",
    r"(’s-Gravenhage \d{4} ?)?(Tweede Kamer, vergaderjaar \d{4}–\d{4}, Aanhangsel( \d+)?)?": (
        "place and year at the foot of page 1; running foot with the page number"
    ),
}
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE))
MASTHEAD_NUMBER = re.compile(r"\d{1,4}")  # volume and document number, page 1 above the text


def _plain_pages(path: Path) -> list[str]:
    import logging

    import pypdf  # an independent reader for the reference text

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def _words(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"-\s*\n\s*", "-", text)  # a hyphen at a line end: join like the importer
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)  # ... and compare compounds without hyphens
    return Counter(w.lower() for w in re.findall(r"[^\W_]+", text))


def _reference_text(path: Path) -> str:
    kept = []
    for number, page in enumerate(_plain_pages(path), start=1):
        in_masthead = number == 1
        for line in page.splitlines():
            stripped = line.strip()
            if re.match(r"^(Vragen|Mededeling|Antwoord) van\b", stripped):
                in_masthead = False
            if _FURNITURE.fullmatch(stripped):
                continue
            if in_masthead and MASTHEAD_NUMBER.fullmatch(stripped):
                continue
            kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("name", NAMES)
def test_every_word_of_the_text_survives(name: str) -> None:
    path = CORPUS / "pdf" / f"{name}.pdf"
    reference = _words(_reference_text(path))
    markdown = imported(name).markdown.split("---\n", 2)[2]
    _meta, _body, _line, _diags = parse(imported(name).markdown, "x.md")
    # "Zie ook <reference>" becomes the front-matter field see_also: <reference>.
    got = _words(markdown + "\n" + " ".join(f"Zie ook {s}" for s in _meta.see_also))
    missing = []
    for word, count in reference.items():
        if got[word] >= count:
            continue
        # A footnote marker glued to a year or number in the plain extraction ("20235" is
        # 2023 + note 5): accept when the number and the note number are both there.
        if word.isdigit() and any(
            got[word[:i]] and got[word[i:]] for i in range(1, len(word)) if word[i] != "0"
        ):
            continue
        # A marker glued to a word ("beleidsreactie6", "3toekomstige").
        parts = re.findall(r"\d+|\D+", word)
        if len(parts) > 1 and all(got[p] for p in parts):
            continue
        missing.append(f"{word} ({got[word]}/{count})")
    assert not missing, f"words lost: {missing}"


# --- small synthetic PDFs --------------------------------------------------------------------


def _pdf(pages: list[list[tuple[float, float, float, str]]]) -> bytes:
    """A minimal PDF: each page a list of (x, baseline y, font size, text) in Helvetica."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    return assemble(
        [
            "".join(
                f"BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm ({esc(text)}) Tj ET\n"
                for x, y, size, text in runs
            )
            for runs in pages
        ]
    )


def _page(body: list[str], notes: list[tuple[str, str]] = (), top: float = 700) -> list:
    runs = [(100, top - 12 * i, 10, text) for i, text in enumerate(body)]
    for i, (number, text) in enumerate(notes):
        y = 120 - 9 * i
        runs += [(100, y + 3, 5, number), (106, y, 8, text)]
    return runs


HEADER = [
    "Vragen van het lid Jansen (D66) aan de Minister van Financien over",
    "belastingen (ingezonden 1 maart 2024).",
    "",
    "Antwoord van Minister De Vries (Financien) (ontvangen 20 maart 2024).",
    "",
    "Vraag 1",
    "Klopt het bericht?",
    "",
    "Antwoord 1",
    "Ja.",
]


def test_footnote_whose_marker_is_missing_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    lines = [t for t in HEADER if t]
    path.write_bytes(_pdf([_page(lines, [("1", "Kamerstuk 12 345, nr. 6.")])]))
    result = import_pdf(path, source="sources/note.pdf")
    codes = [(d.code, d.line, d.severity) for d in result.diagnostics]
    assert codes == [("footnote-unplaced", 1, "warning")]
    assert "Kamerstuk 12 345, nr. 6." in result.markdown
    assert "[^1]" not in result.markdown
    assert "## Vraag 1" in result.markdown and "## Antwoord 1" in result.markdown


def test_answer_without_heading_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "bare.pdf"
    lines = [t for t in HEADER[:7] if t] + ["", "Vraag 2", "Waarom niet?", "", "Omdat het kan."]
    runs = []
    y = 700.0
    for text in lines:
        if not text:
            y -= 12
            continue
        runs.append((100, y, 10, text))
        y -= 12
    path.write_bytes(_pdf([runs]))
    markdown = import_pdf(path, source="sources/bare.pdf").markdown
    found = [h.text for h in headings(markdown)]
    assert found == ["Vraag 1", "Vraag 2", "Antwoord op vraag 2"], markdown
