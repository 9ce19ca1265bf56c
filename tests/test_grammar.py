"""Heading and cross-reference grammar, from fixture files (one real case per entry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.grammar import (
    find_cross_references,
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
XREFS = read_cases("xrefs.txt")


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


@pytest.mark.parametrize(("language", "text", "expected"), XREFS, ids=heading_ids(XREFS))
def test_cross_references(language: str, text: str, expected: list[str]) -> None:
    found = find_cross_references(text, language)
    if expected == ["none"]:
        assert found == []
        return
    got = []
    for ref in found:
        assert text[ref.start : ref.end] == ref.text
        kind = "answer" if ref.to_answer else "question"
        got.append(f"{ref.text} -> {kind} {' '.join(ref.labels)}")
    assert got == expected


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
