"""Cross-references in the reader: every block a phrase names is linked and in refers_to."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.document import Document
from generator.export import document_json
from generator.reader import read_document

FRONT = "---\ntitle: T\nkind: answer\nlanguage: {language}\n---\n"


def read(body: str, language: str = "nl") -> Document:
    return read_document(FRONT.format(language=language) + body, path="documents/t.md")


def blocks(labels: list[str], last: str, language: str = "nl") -> str:
    """A question and an answer for each label; `last` is the text of a final answer 9."""
    q, a = (
        ("Vraag", "Antwoord op vraag") if language == "nl" else ("Question", "Answer to question")
    )
    body = "".join(f"## {q} {n}\n\nQ{n}?\n\n## {a} {n}\n\nA{n}.\n\n" for n in labels)
    return body + f"## {q} 9\n\nQ9?\n\n## {a} 9\n\n{last}\n"


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def test_two_answer_blocks_named_in_one_phrase_are_both_linked() -> None:
    doc = read(blocks(["2", "3"], "Zie de antwoorden op de vragen 2 en 3."))
    answer = doc.answers[-1]
    assert answer.refers_to == ["antwoord-2", "antwoord-3"]
    assert (
        'Zie de <a href="#antwoord-2" class="xref">antwoorden op de vragen 2</a> en '
        '<a href="#antwoord-3" class="xref">3</a>.'
    ) in answer.html
    [ref] = answer.references
    assert ref.labels == ["2", "3"] and ref.target == "antwoord-2"
    assert ref.targets == ["antwoord-2", "antwoord-3"]
    data = document_json(doc)["answers"][-1]
    assert data["refers_to"] == ["antwoord-2", "antwoord-3"]
    assert data["references"] == [
        {
            "text": "antwoorden op de vragen 2 en 3",
            "labels": ["2", "3"],
            "targets": ["antwoord-2", "antwoord-3"],
        }
    ]


def test_a_range_names_every_block_in_it() -> None:
    doc = read(blocks(["4", "5", "6"], "Zie het antwoord op de vragen 4 t/m 6."))
    answer = doc.answers[-1]
    assert answer.refers_to == ["antwoord-4", "antwoord-5", "antwoord-6"]
    assert '<a href="#antwoord-4" class="xref">antwoord op de vragen 4</a> t/m ' in answer.html
    assert '<a href="#antwoord-6" class="xref">6</a>.' in answer.html


def test_numbers_answered_together_share_one_link() -> None:
    body = (
        "## Vraag 2\n\nQ?\n\n## Vraag 3\n\nQ?\n\n## Antwoord op vragen 2 en 3\n\nJa.\n\n"
        "## Vraag 4\n\nQ?\n\n## Antwoord op vraag 4\n\nZie het antwoord op vragen 2 en 3.\n"
    )
    answer = read(body).answers[-1]
    assert answer.refers_to == ["antwoord-2-3"]
    assert '<a href="#antwoord-2-3" class="xref">antwoord op vragen 2 en 3</a>' in answer.html


def test_a_missing_number_is_a_diagnostic_and_the_others_still_link() -> None:
    doc = read(blocks(["2"], "Zie de antwoorden op de vragen 2 en 7."))
    answer = doc.answers[-1]
    assert answer.refers_to == ["antwoord-2"]
    assert codes(doc) == ["unresolved-reference"]
    assert "7" in doc.diagnostics[0].message
    assert '<a href="#antwoord-2" class="xref">antwoorden op de vragen 2</a> en 7.' in answer.html


def test_other_forms_link_to_the_answer() -> None:
    text = (
        "Zoals bij vraag 2 aangegeven en onder vraag 3 beschreven; zie ook antwoord 2 en "
        "hieronder (vraag 3)."
    )
    answer = read(blocks(["2", "3"], text)).answers[-1]
    assert answer.refers_to == ["antwoord-2", "antwoord-3", "vraag-3"]
    assert 'bij <a href="#antwoord-2" class="xref">vraag 2</a> aangegeven' in answer.html
    assert '(<a href="#vraag-3" class="xref">vraag 3</a>)' in answer.html


def test_a_phrase_wrapped_over_two_lines_is_linked() -> None:
    doc = read(blocks(["4"], "zoals ook aangegeven in antwoord op\nvraag 4."))
    answer = doc.answers[-1]
    assert answer.refers_to == ["antwoord-4"]
    assert '<a href="#antwoord-4" class="xref">antwoord op\nvraag 4</a>.' in answer.html
    assert answer.references[0].text == "antwoord op vraag 4"
    assert answer.text.endswith("antwoord op vraag 4.")


def test_a_citation_of_another_document_is_not_linked_and_not_a_diagnostic() -> None:
    text = (
        "Zie mijn antwoord op vraag 2 van de schriftelijke vragen van het lid Bikker en het "
        "antwoord op vraag 7\n(Aanhangsel Handelingen II 2022/23, nr. 1234)."
    )
    doc = read(blocks(["2"], text))
    answer = doc.answers[-1]
    assert answer.refers_to == [] and answer.references == []
    assert "xref" not in answer.html
    assert "unresolved-reference" not in codes(doc)


def test_a_question_asking_about_an_earlier_answer_is_not_linked() -> None:
    body = (
        "## Vraag 1\n\nQ?\n\n## Antwoord op vraag 1\n\nA.\n\n"
        "## Vraag 2\n\nKunt u bij antwoord 1 aangeven waarom?\n"
    )
    doc = read(body)
    assert "xref" not in doc.questions[1].html
    assert "unresolved-reference" not in codes(doc)


def test_english_document() -> None:
    doc = read(blocks(["3", "4"], "See answers 3 and 4 (see question 4).", "en"), "en")
    answer = doc.answers[-1]
    assert answer.refers_to == ["answer-3", "answer-4", "question-4"]
    assert '<a href="#answer-3" class="xref">answers 3</a> and ' in answer.html


_WORDS = st.sampled_from(
    [
        "zie",
        "het",
        "de",
        "antwoord",
        "antwoorden",
        "beantwoording",
        "op",
        "van",
        "bij",
        "onder",
        "vraag",
        "vragen",
        "en",
        "t/m",
        "-",
        "(vraag",
        "2)",
        "2",
        "3",
        "4",
        "7",
        "uw",
        "lid",
        "(2023Z12345)",
        "\n",
        "*nadruk*",
        "Tekst.",
    ]
)


@settings(max_examples=60)
@given(st.lists(_WORDS, min_size=1, max_size=25))
def test_linking_never_loses_text_and_links_only_blocks_of_the_page(words: list[str]) -> None:
    # Each line starts with a word, so no line is Markdown block syntax ("- " is a list item).
    text = "Tekst " + " ".join(words).replace("\n", "\nTekst")
    doc = read(blocks(["2", "3"], text))
    answer = doc.answers[-1]
    ids = {b.id for b in doc.blocks}
    assert set(answer.refers_to) <= ids
    for href in re.findall(r'href="#([^"]+)" class="xref"', answer.html):
        assert href in ids
    plain = re.sub(r"<[^>]+>", "", answer.html)
    squeeze = lambda s: "".join(s.split()).replace("*", "")  # noqa: E731
    assert squeeze(html.unescape(plain)) == squeeze(text)
