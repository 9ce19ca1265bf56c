"""Heading grammar, from fixture files (one real case per entry). The cross-reference grammar
has its own: tests/test_crossref_grammar.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.grammar import (
    normalise_space,
    parse_heading,
    parse_label_list,
)

FIXTURES = Path(__file__).parent / "fixtures" / "reader"


def read_cases(name: str) -> list[tuple[str, str, list[str]]]:
    """(language, input, expected lines) per case; '#' lines are comments, '[xx]' a language."""
    cases = []
    language = "nl"
    block: list[str] = []
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    for line in [*lines, ""]:
        if line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and not block:
            language = line[1:-1]
            continue
        if line.strip():
            block.append(line)
        elif block:
            cases.append((language, block[0].replace("\\t", "\t"), block[1:]))
            block = []
    return cases


def heading_ids(cases: list[tuple[str, str, list[str]]]) -> list[str]:
    return [f"{lang}:{text!r}" for lang, text, _ in cases]


HEADINGS = read_cases("headings.txt")


@pytest.mark.parametrize(("language", "text", "expected"), HEADINGS, ids=heading_ids(HEADINGS))
def test_heading(language: str, text: str, expected: list[str]) -> None:
    [want] = expected
    got = parse_heading(text, language)
    if want == "none":
        assert got is None
        return
    words = want.split()
    assert got is not None, text
    assert got.kind == words[0]
    assert list(got.labels) == [w for w in words[1:] if w not in ("bare", "typo")]
    assert got.bare_answer == ("bare" in words)
    assert bool(got.typos) == ("typo" in words)
    assert got.text == normalise_space(text).strip("*_ ")


def test_fixture_files_hold_every_design_heading() -> None:
    """The DESIGN.md heading list must stay covered by the fixture."""
    inputs = {text for _, text, _ in HEADINGS}
    design = [
        "Vraag 1",
        "Vraag 1a",
        "Vragen 2 en 3",
        "Vraag 3, 4 en 5",
        "Antwoord 1",
        "Antwoord op vraag 1",
        "Antwoord op vragen 2 en 3",
        "Antwoorden op vragen 9, 10 en 11",
        "Antwoord op vragen 7, 8, en 9",
        "Antwoorden op vraag 3, 4, 5, 9 en 10",
        "Antwoord 5 en 6",
        "Antwoord op vraag 3 en 8",
        "Vraag 7, 8, 9 10 en 11",
    ]
    assert set(design) <= inputs


def test_label_list_typo_names_the_gap() -> None:
    parsed = parse_label_list("7, 8, 9 10 en 11")
    assert parsed.labels == ("7", "8", "9", "10", "11")
    assert parsed.typos == ("missing comma or 'en' between 9 and the next number",)


def test_label_list_range() -> None:
    assert parse_label_list("2 t/m 5").labels == ("2", "3", "4", "5")
    assert parse_label_list("2 tot en met 4").labels == ("2", "3", "4")


def test_heading_longer_than_a_heading_is_text() -> None:
    assert parse_heading("Vraag 1 " + "x" * 100) is None


# --- headings sharing their line, unlabelled answers, numbered items --------------------------

from generator.grammar import parse_answer_word, parse_numbered_item, split_heading  # noqa: E402


@pytest.mark.parametrize(
    "text,head,rest",
    [
        ("Vraag 1: Kent u het bericht?", "Vraag 1", "Kent u het bericht?"),
        ("Vraag 1. Kent u het bericht?", "Vraag 1", "Kent u het bericht?"),
        ("Vraag 2\tKlopt het?", "Vraag 2", "Klopt het?"),
        ("Vraag 3 - Klopt het?", "Vraag 3", "Klopt het?"),
        ("Antwoord op vraag 1: Ja.", "Antwoord op vraag 1", "Ja."),
        ("Vragen 3, 4 en 5: Hoe?", "Vragen 3, 4 en 5", "Hoe?"),
    ],
)
def test_split_heading(text: str, head: str, rest: str) -> None:
    found = split_heading(text)
    assert found is not None and found.head == head and text[found.rest :] == rest


@pytest.mark.parametrize(
    "text", ["Vraag 1 is lastig", "Vraag 1:", "Vraag 1. ja", "Zie vraag 1: ja", "Antwoord 1.5"]
)
def test_split_heading_leaves_sentences(text: str) -> None:
    assert split_heading(text) is None


def test_split_heading_english() -> None:
    found = split_heading("Question 4: Is it true?", "en")
    assert found is not None and found.match.labels == ("4",)


@pytest.mark.parametrize(
    "text,offset",
    [("Antwoord", 8), ("Antwoord:", 9), ("Antwoord: Ja.", 10), ("**Antwoord**", 12)],
)
def test_parse_answer_word(text: str, offset: int) -> None:
    assert parse_answer_word(text) == offset


@pytest.mark.parametrize("text", ["Antwoord van de minister", "Antwoord op vraag 1", "Antwoordt"])
def test_parse_answer_word_rejects(text: str) -> None:
    assert parse_answer_word(text) is None


def test_parse_answer_word_english() -> None:
    assert parse_answer_word("Answer: Yes.", "en") == 8


@pytest.mark.parametrize(
    "text,want",
    [("1. Kent u", ("1", 3)), ("12) x", ("12", 4)), ("3\tKent", ("3", 2)), ("4.", ("4", 2))],
)
def test_parse_numbered_item(text: str, want: tuple[str, int]) -> None:
    assert parse_numbered_item(text) == want


@pytest.mark.parametrize("text", ["1.5 miljoen", "12 april", "2024", "1)x", "a. iets"])
def test_parse_numbered_item_rejects(text: str) -> None:
    assert parse_numbered_item(text) is None
