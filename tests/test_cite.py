"""generator.cite: the print form of a citation, from the publication id or the letter."""

from __future__ import annotations

from datetime import date

from generator.cite import block_citation, document_citation, first_words, publication_name
from generator.document import Metadata


def test_publication_names():
    assert publication_name("ah-tk-20232024-2271") == "Aanhangsel Handelingen II 2023/24, nr. 2271"
    assert publication_name("ah-ek-20192020-12") == "Aanhangsel Handelingen I 2019/20, nr. 12"
    assert publication_name("kst-32802-137") == "Kamerstukken II 32802, nr. 137"
    assert publication_name("kst-36200-IV-5") == "Kamerstukken II 36200 IV, nr. 5"
    assert publication_name("stb-2024-12") == "stb-2024-12"
    assert publication_name(None) is None


def test_block_citations():
    meta = Metadata(title="t", publication="ah-tk-20232024-2271")
    assert block_citation(meta, "answer", ["3"]) == (
        "Aanhangsel Handelingen II 2023/24, nr. 2271, antwoord op vraag 3"
    )
    assert block_citation(meta, "answer", ["2", "3"]).endswith("antwoord op vragen 2 en 3")
    assert block_citation(meta, "question", ["4"]).endswith("nr. 2271, vraag 4")


def test_a_letter_without_publication_id_is_cited_by_date_and_subject():
    meta = Metadata(
        title="t",
        answered_by="Minister Yeşilgöz-Zegerius",
        subject="het niet-noodgevallennummer",
        received=date(2024, 1, 11),
    )
    assert document_citation(meta) == (
        "Antwoord van Minister Yeşilgöz-Zegerius op Kamervragen over het "
        "niet-noodgevallennummer, 11 januari 2024"
    )
    questions = Metadata(title="t", kind="questions", questioners=["A (SP)", "B (D66)"],
                         subject="x")  # fmt: skip
    assert document_citation(questions) == "Kamervragen van A en B over x"


def test_first_words():
    assert first_words("Bent u bekend met het bericht?", 3) == "Bent u bekend …"
    assert first_words("Kort?") == "Kort?"


def test_without_a_subject_the_title_and_who_answered():
    meta = Metadata(title="Antwoord op vragen over de Spreidingswet",
                    answered_by="Minister Keijzer", received=date(2025, 9, 22))  # fmt: skip
    assert document_citation(meta) == (
        "Antwoord op vragen over de Spreidingswet, Minister Keijzer, 22 september 2025"
    )
