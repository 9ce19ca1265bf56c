"""Tables in their own named, scrolling box (generator/tables.py) and bare URLs in notes as
links (importers/markdown.escape_note): issue 16, point 4."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importers.markdown import escape_note
from generator.reader import read_document
from generator.tables import is_caption, is_figure

ROOT = Path(__file__).parent.parent
TABLE = (
    "| Grond | Meldingen in 2021 | Bedrag |\n|---|---|---|\n"
    "| Trans | 2 | € 3,4 mln |\n| Overig | - | 12,5% |\n| TOTAAL | 1.234 | 12,5% |\n"
)
HEADINGS = {"nl": ("Vraag 1", "Antwoord op vraag 1"), "en": ("Question 1", "Answer to question 1")}


def answer_html(body: str, language: str = "nl") -> str:
    question, answer = HEADINGS[language]
    text = f"---\ntitle: t\nlanguage: {language}\n---\n\n## {question}\n\nHoeveel?\n\n"
    text += f"## {answer}\n\n{body}"
    doc = read_document(text, path="documents/t.md", slug="t")
    return doc.answers[0].html


def test_a_table_is_in_a_named_region_that_can_scroll() -> None:
    html = answer_html(TABLE)
    assert (
        '<div class="table-wrap" role="region" tabindex="0" aria-label="Tabel 1">\n<table>' in html
    )
    assert html.rstrip().endswith("</table>\n</div>")
    ET.fromstring(f"<div>{html}</div>")  # well-formed: every box closes after its table


def test_the_caption_above_a_table_names_it() -> None:
    html = answer_html("De cijfers zijn als volgt:\n\nTabel 1: Meldingen per grond\n\n" + TABLE)
    assert (
        '<p class="table-caption" id="tabel-1-bijschrift">Tabel 1: Meldingen per grond</p>' in html
    )
    assert 'aria-labelledby="tabel-1-bijschrift"' in html
    assert "<p>De cijfers zijn als volgt:</p>" in html  # a sentence that introduces it is not


def test_tables_are_numbered_through_the_document_and_in_its_language() -> None:
    html = answer_html(TABLE + "\nTekst.\n\n" + TABLE, language="en")
    assert 'aria-label="Table 1"' in html and 'aria-label="Table 2"' in html


def test_columns_of_figures_are_right_aligned() -> None:
    html = answer_html(TABLE)
    assert "<th>Grond</th>" in html and '<th class="num">Meldingen in 2021</th>' in html
    assert '<td class="num">1.234</td>' in html and '<td class="num">€ 3,4 mln</td>' in html
    assert "<td>TOTAAL</td>" in html


@pytest.mark.parametrize("text", ["12", "1.234", "12,5%", "€ 3,4 mln", "(4)", "+3", "2.500 x"])
def test_figures(text: str) -> None:
    assert is_figure(text)


@pytest.mark.parametrize("text", ["Trans", "2023-2024 en verder", "", "n.v.t.", "12 gemeenten"])
def test_not_figures(text: str) -> None:
    assert not is_figure(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tabel 2: Aantal meldingen", True),
        ("Table 1", True),
        ("Meldingen Tumba, kenniscentrum discriminatie en diversiteit", True),  # corpus 00fe7edd
        ("Bijgaande cijfers zijn aangeleverd door Discriminatie.nl/Fryslân/Tumba:", False),
        ("Dat blijkt uit de cijfers.", False),
        ("kleine letter zonder punt", False),
    ],
)
def test_captions(text: str, expected: bool) -> None:
    assert is_caption(text) is expected


def test_the_shipped_document_with_tables_gets_two_captioned_boxes() -> None:
    path = ROOT / "content" / "documents" / "ah-tk-20232024-1314.md"
    doc = read_document(path.read_text(encoding="utf-8"), path="documents/x.md", slug="x")
    html = "".join(a.html for a in doc.answers)
    assert html.count('class="table-wrap"') == 2
    assert html.count("aria-labelledby=") == 2


# --- bare URLs in notes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "NOS, 1 maart 2024, https://nos.nl/artikel/2510977-kritiek.",
            "NOS, 1 maart 2024, <https://nos.nl/artikel/2510977-kritiek>.",
        ),
        (
            "Kamerstuk 21 501-02, nr. 2498 (https://www.tweedekamer.nl/x?id=1&did=2)",
            "Kamerstuk 21 501-02, nr. 2498 (<https://www.tweedekamer.nl/x?id=1&did=2>)",
        ),
        ("https://en.wikipedia.org/wiki/Foo_(bar).", "<https://en.wikipedia.org/wiki/Foo_(bar)>."),
        ("Zie www.firsteetkit.nl", "Zie [www.firsteetkit.nl](<https://www.firsteetkit.nl>)"),
        (
            "https://x.nl/a%20b_c.pdf",  # an autolink would show "%20" as a space
            "[https://x.nl/a%20b_c.pdf](<https://x.nl/a%20b_c.pdf>)",
        ),
        ("3,5 procent en *nadruk*", "3,5 procent en \\*nadruk\\*"),
        ("www. is geen adres", "www. is geen adres"),
    ],
)
def test_bare_urls_in_notes_become_links(text: str, expected: str) -> None:
    assert escape_note(text) == expected


def test_a_note_with_a_bare_url_renders_a_link() -> None:
    text = "---\ntitle: t\n---\n\n## Vraag 1\n\nWaarom?[^1]\n\n[^1]: " + escape_note(
        "NOS, https://nos.nl/a_b_c, en www.x.nl."
    )
    doc = read_document(text, path="documents/t.md", slug="t")
    html = doc.footnotes[0].html
    assert '<a href="https://nos.nl/a_b_c"' in html and ">https://nos.nl/a_b_c</a>," in html
    assert '<a href="https://www.x.nl"' in html and ">www.x.nl</a>." in html


_NOTE_TEXT = st.lists(
    st.sampled_from(list("abc XYZ019.,:;/()[]*_-%~?&=#<>'\"«»") + ["https://", "www.", ".nl"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NOTE_TEXT)
def test_a_note_keeps_every_word_whatever_its_urls(text: str) -> None:
    escaped = escape_note(text)
    doc = read_document(
        f"---\ntitle: t\n---\n\nTekst[^1].\n\n[^1]: {escaped}\n", path="documents/t.md", slug="t"
    )
    [note] = doc.footnotes
    ET.fromstring(f"<div>{note.html}</div>")
    shown = re.findall(r"\w+", note.text)
    for word in re.findall(r"\w+", " ".join(text.split())):
        assert word in shown, (text, escaped, note.text)
