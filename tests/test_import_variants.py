"""Forms of real answer letters that the corpus does not show, built small in each test.

Every case imports a synthetic source (Tika text as a string, a Word file made with
python-docx, a PDF from a minimal writer), reads the Markdown back with the reader and checks
the structure a careful human reads: question labels, what each answer covers, metadata.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.importers import ImportResult, import_source
from generator.reader import read_document


def imported(tmp_path: Path, name: str, content: str | bytes) -> ImportResult:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return import_source(path, source=f"sources/{name}")


def structure(result: ImportResult):
    doc = read_document(result.markdown, path=f"documents/{result.slug}.md", slug=result.slug)
    questions = [q.label for q in doc.questions]
    answers = [list(a.covers) for a in doc.answers]
    return doc, questions, answers


def codes(result: ImportResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", re.sub(r"\\(.)", r"\1", text))}


# --- heading forms, in plain Tika text --------------------------------------------------------

HEADING_FORMS = {
    "heading and question on one line": (
        "Vraag 1: Kent u het bericht 'X'?\nAntwoord 1: Ja.\n"
        "Vraag 2: Klopt het?\nAntwoord op vraag 2: Nee, het klopt niet.\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
    "Vraag 1. and Vraag nr. 2": (
        "Vraag 1.\nKent u het bericht?\nAntwoord 1.\nJa.\n"
        "Vraag nr. 2\nKlopt het?\nAntwoord op vraag nr. 2\nNee.\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
    "numbered questions with a bare Antwoord": (
        "1. Kent u het bericht 'X'?\nAntwoord\nJa, dat ken ik.\n"
        "2. Klopt het dat er 3 dingen zijn?\nAntwoord\nNee.\nDat zijn er:\n1. een\n2. twee\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
    "number on its own line, Antwoord with a colon": (
        "1.\nKent u het bericht 'X'?\nAntwoord:\nJa, dat ken ik.\n"
        "2.\nKlopt het?\nAntwoord:\nNee.\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
    "Antwoord: text on the same line": (
        "Vraag 1\nKent u het bericht?\nAntwoord: Ja, dat ken ik.\n"
        "Vraag 2\nKlopt het?\nAntwoord: Nee.\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
    "Vragen 1 en 2, t/m, tot en met, typo": (
        "Vragen 1 en 2\nKent u het bericht?\nKlopt het?\nAntwoord op vraag 1 t/m 2\nJa.\n"
        "Vraag 7, 8, 9 10 en 11\nA?\nB?\nC?\nD?\nE?\nAntwoorden 7 tot en met 11\nNee.\n",
        ["1", "2", "7", "8", "9", "10", "11"],
        [["1", "2"], ["7", "8", "9", "10", "11"]],
    ),
    "Antwoorden 3 en 4 after two questions": (
        "Vraag 3\nA?\nVraag 4\nB?\nAntwoorden 3 en 4\nJa.\n",
        ["3", "4"],
        [["3", "4"]],
    ),
    "two questions, one bare Antwoord": (
        "Vraag 1\nA?\nVraag 2\nB?\nAntwoord\nBeide ja.\n",
        ["1", "2"],
        [["1", "2"]],
    ),
    "English with bare Answer": (
        "Question 1\nDo you know the report?\nAnswer\nYes.\nQuestion 2\nIs it true?\nAnswer\nNo.\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
    "English heading and text on one line": (
        "Question 1: Do you know the report?\nAnswer: Yes.\nQuestion 2: Is it true?\nAnswer: No.\n",
        ["1", "2"],
        [["1"], ["2"]],
    ),
}


@pytest.mark.parametrize("name", list(HEADING_FORMS))
def test_tika_heading_forms(tmp_path: Path, name: str) -> None:
    text, want_q, want_a = HEADING_FORMS[name]
    result = imported(tmp_path, "letter.txt", text)
    doc, questions, answers = structure(result)
    assert (questions, answers) == (want_q, want_a), result.markdown
    assert words(text) <= words(result.markdown), words(text) - words(result.markdown)
    assert not [d for d in result.diagnostics if d.severity == "error"]


def test_supplied_numbers_are_reported_once_per_kind(tmp_path: Path) -> None:
    result = imported(
        tmp_path, "n.txt", HEADING_FORMS["numbered questions with a bare Antwoord"][0]
    )
    assert sorted(codes(result)) == ["answer-number-supplied", "question-heading-supplied"]
    lines = {d.code: (d.severity, d.line) for d in result.diagnostics}
    assert lines == {
        "question-heading-supplied": ("info", 1),  # the first "1. ..."
        "answer-number-supplied": ("info", 2),  # the first "Antwoord"
    }


def test_unnumbered_questions_are_numbered_by_position_with_a_warning(tmp_path: Path) -> None:
    text = "Kent u het bericht?\nAntwoord\nJa.\nKlopt het?\nAntwoord\nNee.\n"
    result = imported(tmp_path, "u.txt", text)
    _doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    guessed = [d for d in result.diagnostics if d.code == "question-number-guessed"]
    assert guessed and guessed[0].severity == "warning" and guessed[0].line == 1


def test_numbered_list_in_an_answer_stays_a_list(tmp_path: Path) -> None:
    text = HEADING_FORMS["numbered questions with a bare Antwoord"][0]
    markdown = imported(tmp_path, "l.txt", text).markdown
    assert "1. een" in markdown and "2. twee" in markdown


def test_vraag_in_a_sentence_is_not_a_heading(tmp_path: Path) -> None:
    text = "Vraag 1\nIs vraag 2 lastig?\nAntwoord op vraag 1\nVraag 2 is lastig: zie hieronder.\n"
    _doc, questions, answers = structure(imported(tmp_path, "s.txt", text))
    assert (questions, answers) == (["1"], [["1"]])


# --- Word letters of other ministries -------------------------------------------------------


def word_letter(
    cover: list[tuple[str, str]],
    signature: list[str],
    qa: list[tuple[str, str]],
    *,
    signature_in_table: bool = False,
    notes: dict[str, str] | None = None,
) -> bytes:
    """A ministry letter: letterhead table, a sentence, a signature, page break, the annex.

    `qa` items are (form, text): "p" a paragraph, "b" a bold paragraph, "n" a paragraph with
    Word auto-numbering (style "List Number": the number is not in the text). "{fnN}" in a
    text cites Word footnote N, whose text is `notes[N]`.
    """
    import io

    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for label, value in cover:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph("Hierbij bied ik u de antwoorden aan op de schriftelijke vragen.")
    if signature_in_table:
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "\n".join(signature)
    else:
        for line in signature:
            document.add_paragraph(line)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for form, text in qa:
        paragraph = document.add_paragraph(style="List Number" if form == "n" else None)
        for piece in re.split(r"(\{fn\d+\})", text):
            if piece:
                paragraph.add_run(piece).bold = form == "b" and not piece.startswith("{fn")
    out = io.BytesIO()
    document.save(out)
    return _with_footnotes(out.getvalue(), notes or {})


def _with_footnotes(data: bytes, notes: dict[str, str]) -> bytes:
    """Turn "{fnN}" runs into Word footnote references and add word/footnotes.xml."""
    import io
    import zipfile

    if not notes:
        return data
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            files[name] = package.read(name)
    document = files["word/document.xml"].decode("utf-8")
    document = re.sub(
        r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t[^>]*>\{fn(\d+)\}</w:t></w:r>",
        r'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        r'<w:footnoteReference w:id="\1"/></w:r>',
        document,
    )
    files["word/document.xml"] = document.encode("utf-8")
    bodies = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for n, text in notes.items()
    )
    files["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
        f'<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>{bodies}</w:footnotes>'
    ).encode()
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    files["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    ).encode("utf-8")
    types = files["[Content_Types].xml"].decode("utf-8")
    files["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in files.items():
            package.writestr(name, content)
    return out.getvalue()


FINANCE = [
    ("Datum", "12 maart 2024"),
    ("Betreft", "Beantwoording Kamervragen van het lid Jansen (VVD) over de btw op groente"),
    ("Kenmerk", "2024-0000012345"),
]
FINANCE_SIGNATURE = [
    "De Staatssecretaris van Financiën - Fiscaliteit, Belastingdienst en Douane,",
    "",
    "mr. drs. M.L.A. van Rij",
]
PLAIN_QA = [
    ("p", "Vraag 1"),
    ("p", "Kent u het bericht?"),
    ("p", "Antwoord 1"),
    ("p", "Ja."),
    ("p", "Vraag 2"),
    ("p", "Klopt het?"),
    ("p", "Antwoord 2"),
    ("p", "Nee."),
]


@pytest.mark.parametrize("in_table", [False, True], ids=["signature-paragraphs", "signature-table"])
def test_word_finance_letterhead_with_betreft_and_titles(tmp_path: Path, in_table: bool) -> None:
    data = word_letter(FINANCE, FINANCE_SIGNATURE, PLAIN_QA, signature_in_table=in_table)
    result = imported(tmp_path, "fin.docx", data)
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    meta = doc.meta
    assert meta.answered_by == "Staatssecretaris Van Rij"
    assert meta.ministry == "Financiën"  # the ministry; its field is the portfolio
    assert meta.portfolio == "Fiscaliteit, Belastingdienst en Douane"
    assert meta.questioners == ["Jansen (VVD)"]
    assert meta.subject == "de btw op groente"
    assert str(meta.received) == "2024-03-12"
    body = result.markdown.split("---\n", 2)[2]
    assert "Kenmerk" not in body and "Hierbij bied ik" not in body  # the cover letter is skipped
    assert not [d for d in result.diagnostics if d.severity != "info"]


def test_word_auto_numbered_questions_with_bare_antwoord(tmp_path: Path) -> None:
    qa = [
        ("n", "Kent u het bericht?"),
        ("b", "Antwoord"),
        ("p", "Ja."),
        ("n", "Klopt het?"),
        ("b", "Antwoord"),
        ("p", "Nee."),
        ("p", "Dit zijn de redenen."),
    ]
    cover = [
        ("Datum", "3 april 2023"),
        ("Betreft", "Kamervragen van de leden A (VVD), B (CDA) en C (D66) over zorg"),
    ]
    signature = ["De minister van Volksgezondheid, Welzijn en Sport,", "", "E.J. Kuipers"]
    result = imported(tmp_path, "vws.docx", word_letter(cover, signature, qa))
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]]), result.markdown
    assert doc.meta.questioners == ["A (VVD)", "B (CDA)", "C (D66)"]
    assert doc.meta.answered_by == "Minister Kuipers"
    assert "## Vraag 2\n\nKlopt het?" in result.markdown  # the auto-number became the heading
    assert sorted(codes(result)) == ["answer-number-supplied", "question-heading-supplied"]


def test_word_heading_and_text_on_one_line_and_mede_namens(tmp_path: Path) -> None:
    qa = [
        ("p", "Vraag 1: Kent u het bericht?"),
        ("p", "Antwoord op vraag 1: Ja."),
        ("p", "Vraag 2: Klopt het?"),
        ("p", "Antwoord op vraag 2: Nee."),
    ]
    cover = [("Datum", "3 april 2023"), ("Onderwerp", "Kamervragen lid X (SP) over wonen")]
    signature = [
        "De minister voor Volkshuisvesting en Ruimtelijke Ordening,",
        "",
        "drs. H.M. de Jonge",
        "",
        "Mede namens de minister van Binnenlandse Zaken en Koninkrijksrelaties,",
    ]
    result = imported(tmp_path, "bzk.docx", word_letter(cover, signature, qa))
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    assert doc.meta.answered_by == "Minister De Jonge"
    assert doc.meta.on_behalf_of == ["de minister van Binnenlandse Zaken en Koninkrijksrelaties"]


def test_word_bold_numbered_questions_answer_in_plain_type(tmp_path: Path) -> None:
    qa = [
        ("b", "1. Kent u het bericht?"),
        ("p", "Ja."),
        ("b", "2. Klopt het?"),
        ("p", "Nee."),
        ("p", "Zeker niet."),
    ]
    cover = [("Datum", "3 april 2023"), ("Onderwerp", "Kamervragen lid X (SP) over scholen")]
    signature = ["DE MINISTER VAN ONDERWIJS, CULTUUR EN WETENSCHAP,", "", "Robbert Dijkgraaf"]
    result = imported(tmp_path, "ocw.docx", word_letter(cover, signature, qa))
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    assert doc.meta.answered_by == "Minister Dijkgraaf"
    assert doc.meta.ministry == "Onderwijs, Cultuur en Wetenschap"
    assert "Zeker niet." in result.markdown


# --- official PDFs of other ministries and years ---------------------------------------------

from pdfgen import Page, aanhangsel  # noqa: E402

QUESTIONS = (
    "Vragen van de leden Jansen (VVD), De Boer (CDA) en Pietersen (D66) aan de ministers van "
    "Justitie en Veiligheid en van Financiën over de aanpak van witwassen (ingezonden 3 februari "
    "2017)."
)
LONG = (
    "Deze zin is lang genoeg om over meerdere regels te lopen, zodat het samenvoegen van "
    "regels en het afbreken van woorden wordt getoetst in een realistische opmaak van de tekst."
)
NAMELESS = "Antwoord van de minister van Financiën (ontvangen 1 maart 2017)."


def pdf_structure(tmp_path: Path, pages: list[Page], **kwargs):
    result = imported(tmp_path, "ah.pdf", aanhangsel(pages, **kwargs))
    return result, *structure(result)


def test_pdf_staatssecretaris_three_members_and_footnotes(tmp_path: Path) -> None:
    answer = (
        "Antwoord van staatssecretaris Van der Burg (Justitie en Veiligheid) "
        "(ontvangen 24 februari 2017)."
    )
    page = Page(
        [
            QUESTIONS,
            answer,
            "Vraag 1",
            "Kent u het bericht «Witwassen neemt toe»?^1^",
            "Antwoord 1",
            "Ja. " + LONG,
            "Vraag 2",
            "Klopt het dat er in 2016^2^ meer meldingen waren?",
            "Antwoord 2",
            "Nee.",
        ],
        notes=[("1", "NOS, 2 februari 2017."), ("2", "Jaarverslag FIU 2016.")],
    )
    result, doc, questions, answers = pdf_structure(tmp_path, [page])
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    meta = doc.meta
    assert meta.answered_by == "Staatssecretaris Van der Burg"
    assert meta.questioners == ["Jansen (VVD)", "De Boer (CDA)", "Pietersen (D66)"]
    assert meta.publication == "ah-tk-20162017-1234"
    assert str(meta.received) == "2017-02-24"
    assert len(doc.footnotes) == 2
    assert "in 2016[^2] meer" in result.markdown  # the marker glued to the year
    assert "ISSN" not in result.markdown and "Aanhangsel 1" not in result.markdown
    assert not result.diagnostics


def test_pdf_mede_namens_and_see_also(tmp_path: Path) -> None:
    answer = (
        "Antwoord van minister Hoekstra (Buitenlandse Zaken), mede namens de minister voor "
        "Buitenlandse Handel en Ontwikkelingssamenwerking (ontvangen 1 maart 2017). Zie ook "
        "Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 1234 en nr. 1235."
    )
    page = Page([QUESTIONS, answer, "Vraag 1", "Kent u het bericht?", "Antwoord 1", "Ja."])
    _result, doc, questions, answers = pdf_structure(
        tmp_path, [page], publication="ah-tk-20202021-987", year="2020–2021"
    )
    assert (questions, answers) == (["1"], [["1"]])
    assert doc.meta.answered_by == "Minister Hoekstra"
    assert doc.meta.on_behalf_of == [
        "de minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
    ]
    assert doc.meta.see_also == [
        "Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 1234 en nr. 1235"
    ]
    assert doc.meta.publication == "ah-tk-20202021-987"


def test_pdf_answer_line_without_a_name(tmp_path: Path) -> None:
    page = Page([QUESTIONS, NAMELESS, "Vraag 1", "Kent u het bericht?", "Antwoord 1", "Ja."])
    result, doc, _questions, _answers = pdf_structure(tmp_path, [page])
    assert doc.meta.answered_by == "Minister van Financiën"
    assert doc.meta.ministry == "Financiën"
    assert not result.diagnostics


def test_pdf_answers_without_heading_and_questions_of_several_paragraphs(tmp_path: Path) -> None:
    page = Page(
        [
            QUESTIONS,
            NAMELESS,
            "Vraag 1",
            LONG,
            "Kent u het bericht?",
            "Ja, dat ken ik.",
            LONG,
            "Vraag 2",
            "Klopt het?",
            "Nee.",
        ]
    )
    result, _doc, questions, answers = pdf_structure(tmp_path, [page])
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    answer_1 = result.markdown.split("## Antwoord op vraag 1", 1)[1].split("## Vraag 2")[0]
    assert "Kent u het bericht?" not in answer_1 and "Ja, dat ken ik." in answer_1


@pytest.mark.parametrize(
    "layout",
    [
        ["1", "Kent u het bericht?", "2", "Klopt het?", "Antwoord 1", "Ja.", "Antwoord 2", "Nee."],
        [
            "Vraag 1",
            "Kent u het bericht?",
            "Vraag 2",
            "Klopt het?",
            "Antwoord op vraag 1",
            "Ja.",
            "Antwoord op vraag 2",
            "Nee.",
        ],
    ],
    ids=["bare-numbers", "vraag-headings"],
)
def test_pdf_questions_first_then_answers(tmp_path: Path, layout: list[str]) -> None:
    _result, _doc, questions, answers = pdf_structure(
        tmp_path, [Page([QUESTIONS, NAMELESS, *layout])]
    )
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])


def test_pdf_heading_and_text_on_one_line(tmp_path: Path) -> None:
    page = Page(
        [
            QUESTIONS,
            NAMELESS,
            "Vraag 1: Kent u het bericht?",
            "Antwoord 1: Ja.",
            "Vraag 2: Klopt het?",
            "Antwoord 2: Nee.",
        ]
    )
    _result, _doc, questions, answers = pdf_structure(tmp_path, [page])
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])


def test_pdf_answer_across_a_page_break(tmp_path: Path) -> None:
    pages = [
        Page([QUESTIONS, NAMELESS, "Vraag 1", LONG, "Antwoord 1", LONG, LONG]),
        Page([LONG, "Vraag 2", "Klopt het?", "Antwoord 2", "Nee."]),
    ]
    result, _doc, questions, answers = pdf_structure(tmp_path, pages)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    assert "Aanhangsel 2" not in result.markdown  # the running foot of page 2


@pytest.mark.parametrize(
    "paragraphs",
    [
        [
            QUESTIONS,
            "Mededeling van minister Hoekstra (Buitenlandse Zaken) (ontvangen 1 maart 2017).",
            "De vragen van de leden Jansen, De Boer en Pietersen over de aanpak van witwassen "
            "kunnen niet binnen de gebruikelijke termijn worden beantwoord, omdat nog "
            "informatie nodig is.",
        ],
        [
            "Mededeling",
            QUESTIONS,
            "De vragen kunnen niet binnen de gebruikelijke termijn van drie weken worden "
            "beantwoord.",
        ],
        [QUESTIONS, "Voor de beantwoording van deze vragen is uitstel nodig."],
    ],
    ids=["mededeling-van", "mededeling-alone", "postponement-sentence"],
)
def test_pdf_notices(tmp_path: Path, paragraphs: list[str]) -> None:
    result, doc, questions, _answers = pdf_structure(tmp_path, [Page(paragraphs)])
    assert doc.meta.kind == "notice"
    assert questions == []
    assert doc.meta.questioners == ["Jansen (VVD)", "De Boer (CDA)", "Pietersen (D66)"]
    assert "binnen de gebruikelijke termijn" in result.markdown or "uitstel" in result.markdown
    assert not [d for d in result.diagnostics if d.severity != "info"]


# --- plain and rich Tika text ------------------------------------------------------------------

FINANCE_TIKA = """\
\t> Retouradres Postbus 20201 2500 EE  Den Haag
\tAan de Voorzitter van de Tweede Kamer
der Staten-Generaal
\tDatum\t12 maart 2024
\tBetreft\tBeantwoording Kamervragen van het lid Jansen (VVD) over de btw op groente
\tKenmerk\t2024-0000012345
Hierbij bied ik u de antwoorden aan op de schriftelijke vragen.
De Staatssecretaris van Financiën - Fiscaliteit, Belastingdienst en Douane,

mr. drs. M.L.A. van Rij
Vraag 1
Kent u het bericht 'Groente duurder door btw'? 1)https://nos.nl/artikel/1
Antwoord 1
Ja. Zie het rapport van het CPB.Centraal Planbureau, Raming 2024.
Vraag 2
Klopt het dat de btw op groente 9% is? 2)
Antwoord 2
Ja, zie ook het antwoord op vraag 1.
1) NOS, 10 maart 2024.
2) Rijksoverheid, btw-tarieven.
image1.png
"""


def test_tika_plain_letter_of_another_ministry(tmp_path: Path) -> None:
    result = imported(tmp_path, "fin.txt", FINANCE_TIKA)
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    meta = doc.meta
    assert meta.answered_by == "Staatssecretaris Van Rij"
    assert meta.questioners == ["Jansen (VVD)"]
    assert str(meta.received) == "2024-03-12"
    assert len(doc.source_notes) == 2
    assert doc.footnotes == []  # plain text: the glued note text stays text, none invented
    assert "CPB.Centraal Planbureau, Raming 2024." in result.markdown
    body = result.markdown.split("---\n", 2)[2]
    assert "Kenmerk" not in body and "Retouradres" not in body
    qa_part = FINANCE_TIKA.split("mr. drs. M.L.A. van Rij\n", 1)[1].replace("image1.png", "")
    assert words(qa_part) <= words(result.markdown), words(qa_part) - words(result.markdown)


RICH = """\
Antwoord van minister Van Gennip (Sociale Zaken en Werkgelegenheid) (ontvangen 4 mei 2023)
[bookmark: _Toc1][bookmark: _Hlk2]Vraag 1
[bookmark: _Hlk3]Kent u het rapport[footnoteRef:1] en de brief[footnoteRef:2] van de \
Inspectie[footnoteRef:3]?[bookmark: _Hlk4]  [1:  Rapport [concept] van 3 mei.]  [2:  Brief \
(zie [bijlage 2]) van 2 mei.]  [3:  https://www.inspectie.nl/rapport?id=[12]]
[bookmark: _Hlk5]Antwoord 1[bookmark: _Hlk6]
Ja[footnoteRef:4].  [4:  Zie Kamerstuk 29 544, nr. 1] en verder.]
"""


def test_tika_rich_markers_several_notes_and_brackets_in_bodies(tmp_path: Path) -> None:
    result = imported(tmp_path, "rich.txt", RICH)
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1"], [["1"]])
    assert doc.meta.answered_by == "Minister Van Gennip"
    markdown = result.markdown
    assert "rapport[^1] en de brief[^2] van de Inspectie[^3]?" in markdown
    assert "[^1]: Rapport [concept] van 3 mei." in markdown
    assert "[^2]: Brief (zie [bijlage 2]) van 2 mei." in markdown
    assert "[^3]: <https://www.inspectie.nl/rapport?id=[12]>" in markdown
    for marker in ("bookmark", "footnoteRef", "_Hlk"):
        assert marker not in markdown
    # note 4's body has a stray ']' inside: the body runs to the end of its paragraph
    assert "Ja[^4].\n" in markdown
    assert "[^4]: Zie Kamerstuk 29 544, nr. 1] en verder." in markdown
    assert len(doc.footnotes) == 4


def test_word_footnotes_in_questions_as_question_sources(tmp_path: Path) -> None:
    qa = [
        ("p", "Vraag 1"),
        ("p", "Kent u het bericht{fn1} en het rapport{fn2}?"),
        ("p", "Antwoord op vraag 1"),
        ("p", "Ja, zie ook de brief{fn3}."),
    ]
    notes = {
        "1": "NOS, 1 maart 2024.",
        "2": "https://www.cpb.nl/rapport",
        "3": "Kamerstuk 1, nr. 2.",
    }
    result = imported(tmp_path, "fn.docx", word_letter(FINANCE, FINANCE_SIGNATURE, qa, notes=notes))
    doc, questions, answers = structure(result)
    assert (questions, answers) == (["1"], [["1"]])
    assert len(doc.footnotes) == 3
    assert "het bericht[^1] en het rapport[^2]?" in result.markdown
    assert "[^2]: <https://www.cpb.nl/rapport>" in result.markdown


def test_word_letter_without_annex_title_starts_at_vraag_1(tmp_path: Path) -> None:
    result = imported(tmp_path, "plain.docx", word_letter(FINANCE, FINANCE_SIGNATURE, PLAIN_QA))
    body = result.markdown.split("---\n", 2)[2]
    assert body.lstrip().startswith("## Vraag 1")


def test_word_typed_source_list_linked_from_question_markers(tmp_path: Path) -> None:
    qa = [
        ("p", "Vraag 1"),
        ("p", "Kent u het bericht? 1)"),
        ("p", "Antwoord op vraag 1"),
        ("p", "Ja."),
        ("p", "Vraag 2"),
        ("p", "En het rapport [2]?"),
        ("p", "Antwoord op vraag 2"),
        ("p", "Nee."),
        ("p", "1) NOS, 1 maart 2024."),
        ("p", "2) CPB, rapport."),
    ]
    result = imported(tmp_path, "src.docx", word_letter(FINANCE, FINANCE_SIGNATURE, qa))
    doc, questions, _answers = structure(result)
    assert questions == ["1", "2"]
    assert len(doc.source_notes) == 2


# --- properties: any mix of these forms never crashes an importer and keeps every word ---------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FORMS = [
    "Vraag 1",
    "Vraag 2: Klopt het?",
    "Vragen 3 en 4",
    "Antwoord",
    "Antwoord: Ja.",
    "Antwoord op vraag 1",
    "Antwoord 2",
    "1. Kent u het bericht?",
    "2.",
    "3 Klopt het?",
    "1) NOS",
    "Mededeling",
    "Zie vraag 2.",
]
_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=8,
)
_PARAGRAPH = st.one_of(
    st.sampled_from(_FORMS), st.lists(_WORD, min_size=1, max_size=12).map(" ".join)
)
# 25 examples in `make test`; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) takes the profile's count.
_SETTINGS = settings(
    max_examples=settings().max_examples if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_SETTINGS
@given(paragraphs=st.lists(st.tuples(st.sampled_from("pbn"), _PARAGRAPH), min_size=1, max_size=12))
def test_word_any_mix_keeps_every_word(tmp_path: Path, paragraphs) -> None:
    import io

    import docx

    document = docx.Document()
    for form, text in paragraphs:
        run = document.add_paragraph(style="List Number" if form == "n" else None).add_run(text)
        run.bold = form == "b"
    out = io.BytesIO()
    document.save(out)
    result = imported(tmp_path, "any.docx", out.getvalue())
    structure(result)
    source = " ".join(text for _form, text in paragraphs)
    assert words(source) <= words(result.markdown), words(source) - words(result.markdown)


@_SETTINGS
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=10))
def test_pdf_any_mix_keeps_every_word(tmp_path: Path, paragraphs: list[str]) -> None:
    page = Page([QUESTIONS, NAMELESS, *paragraphs])
    result = imported(tmp_path, "any.pdf", aanhangsel([page]))
    structure(result)
    got = words(result.markdown) | {w.lower() for w in re.findall(r"\w+", QUESTIONS)}
    source = words(" ".join(paragraphs))
    assert source <= got, source - got


@_SETTINGS
@given(lines=st.lists(_PARAGRAPH, min_size=1, max_size=14))
def test_tika_any_mix_keeps_every_word(tmp_path: Path, lines: list[str]) -> None:
    result = imported(tmp_path, "any.txt", "\n".join(lines))
    structure(result)
    assert words(" ".join(lines)) <= words(result.markdown)


def test_source_list_after_an_answer_that_ends_in_a_numbered_list(tmp_path: Path) -> None:
    text = (
        "Vraag 1\nKent u het bericht? 1)\nAntwoord op vraag 1\nDrie punten:\n"
        "1) een\n2) twee\n1) NOS, 1 maart 2024.\n"
    )
    result = imported(tmp_path, "l.txt", text)
    doc, _q, _a = structure(result)
    assert len(doc.source_notes) == 1
    assert "2) twee" in result.markdown.split("## Bronnen")[0]

    qa = [("p", line) for line in text.strip().split("\n")]
    result = imported(tmp_path, "l.docx", word_letter(FINANCE, FINANCE_SIGNATURE, qa))
    doc, _q, _a = structure(result)
    assert len(doc.source_notes) == 1


def test_pdf_masthead_in_the_body_size_is_still_furniture(tmp_path: Path) -> None:
    page = Page([QUESTIONS, NAMELESS, "Vraag 1", "Kent u het bericht?", "Antwoord 1", "Ja."])
    result, doc, questions, _answers = pdf_structure(tmp_path, [page], masthead_size=8.5)
    assert questions == ["1"]
    body = result.markdown.split("---\n", 2)[2]
    for furniture in ("Staten-Generaal", "Vergaderjaar", "der Kamer", "1234"):
        assert furniture not in body, furniture
    assert doc.meta.questioners == ["Jansen (VVD)", "De Boer (CDA)", "Pietersen (D66)"]


# --- answers that simply follow their question -------------------------------------------------

FOLLOWING = [
    "Vraag 1",
    "In de krant stond een bericht over groente.",
    "Kent u dat bericht?",
    "Ja, dat ken ik.",
    "Het is juist.",
    "Vraag 2",
    "Klopt het? 1)",
    "Nee.",
]


def _answer_of(markdown: str, label: str) -> str:
    return markdown.split(f"## Antwoord op vraag {label}", 1)[1].split("\n## ", 1)[0]


def test_tika_answers_without_heading_in_an_answer_document(tmp_path: Path) -> None:
    text = "Antwoord van minister Jansen (Financiën) (ontvangen 1 maart 2024)\n" + "\n".join(
        FOLLOWING
    )
    result = imported(tmp_path, "f.txt", text)
    _doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    assert "Kent u dat bericht?" not in _answer_of(result.markdown, "1")
    assert "Ja, dat ken ik." in _answer_of(result.markdown, "1")
    assert codes(result) == ["answer-heading-inserted"]


def test_tika_questions_only_get_no_invented_answers(tmp_path: Path) -> None:
    text = "Vragen van het lid Jansen (VVD) aan de minister van Financiën\n" + "\n".join(FOLLOWING)
    _doc, questions, answers = structure(imported(tmp_path, "q.txt", text))
    assert questions == ["1", "2"] and answers == []


def test_word_answers_in_plain_type_after_plain_questions(tmp_path: Path) -> None:
    qa = [("p", text) for text in FOLLOWING]
    result = imported(tmp_path, "f.docx", word_letter(FINANCE, FINANCE_SIGNATURE, qa))
    _doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    assert "Ja, dat ken ik." in _answer_of(result.markdown, "1")


def test_pdf_question_with_a_context_paragraph_before_it(tmp_path: Path) -> None:
    result, _doc, questions, answers = pdf_structure(
        tmp_path, [Page([QUESTIONS, NAMELESS, *FOLLOWING])]
    )
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]])
    assert "Kent u dat bericht?" not in _answer_of(result.markdown, "1")


def _numbering_style(document, name: str, level_text: str) -> str:
    """Add a paragraph style numbered by Word with `level_text` ("Vraag %1:"); its style id."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    abstract_id = str(90 + len(numbering.findall(".//{*}abstractNum")))
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{level_text}"/>'
            "</w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {w} w:numId="{abstract_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:numId w:val="{abstract_id}"/></w:numPr>')
    )
    return name


def test_word_headings_numbered_by_word_itself(tmp_path: Path) -> None:
    """'Vraag 1:' / 'Antwoord 1:' that exist only as list numbering, not as text."""
    import io

    import docx

    document = docx.Document()
    question = _numbering_style(document, "Vraagkop", "Vraag %1:")
    answer = _numbering_style(document, "Antwoordkop", "Antwoord %1:")
    for q, a in [("Kent u het bericht?", "Ja."), ("Klopt het?", "Nee.")]:
        document.add_paragraph(q, style=question)
        document.add_paragraph(a, style=answer)
    out = io.BytesIO()
    document.save(out)
    result = imported(tmp_path, "auto.docx", out.getvalue())
    _doc, questions, answers = structure(result)
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]]), result.markdown
    assert "## Vraag 2:\n\nKlopt het?" in result.markdown


def test_heading_typo_is_reported_once_by_the_reader(tmp_path: Path) -> None:
    text = HEADING_FORMS["Vragen 1 en 2, t/m, tot en met, typo"][0]
    result = imported(tmp_path, "typo.txt", text)
    doc, _q, _a = structure(result)
    assert "heading-typo" not in codes(result)
    assert [d.code for d in doc.diagnostics].count("heading-typo") == 1


@pytest.mark.parametrize(
    "layout",
    [
        ["1\tKent u het bericht?", "Antwoord 1\tJa.", "2\tKlopt het?", "Antwoord 2\tNee."],
        [
            "Vraag 1\tKent u het bericht?",
            "Antwoord 1\tJa.",
            "Vraag 2\tKlopt het?",
            "Antwoord 2\tNee.",
        ],
    ],
    ids=["number-column", "heading-column"],
)
def test_pdf_labels_in_their_own_column(tmp_path: Path, layout: list[str]) -> None:
    """Older volumes set the label in a column beside the text: not a table."""
    result, _doc, questions, answers = pdf_structure(
        tmp_path, [Page([QUESTIONS, NAMELESS, *layout])]
    )
    assert (questions, answers) == (["1", "2"], [["1"], ["2"]]), result.markdown
    assert "|" not in result.markdown.split("---\n", 2)[2]
