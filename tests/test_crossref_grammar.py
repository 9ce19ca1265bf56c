"""The cross-reference grammar, from fixture files of real sentences (tests/fixtures/crossrefs).

Each case says where its sentence came from; the README there gives the format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.crossrefs import find_cross_references

FIXTURES = Path(__file__).parent / "fixtures" / "crossrefs"


@dataclass(frozen=True)
class Case:
    language: str
    source: str
    block: str
    text: str
    expected: tuple[str, ...]
    line: int

    def __str__(self) -> str:
        return f"{self.language}:{self.line}:{self.text[:50]!r}"


def read_cases(path: Path) -> list[Case]:
    """Cases of `path`: header lines (source:, block:), then '.', text, '.', expected, '.'."""
    cases: list[Case] = []
    header: dict[str, str] = {}
    parts: list[list[str]] = []
    start = 0
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if parts:
            if line == ".":
                if len(parts) == 2:
                    text = "\n".join(parts[0])
                    expected = tuple(parts[1])
                    assert "source" in header, f"{path.name}:{start}: a case needs its source"
                    cases.append(
                        Case(
                            path.stem,
                            header["source"],
                            header.get("block", "answer"),
                            text,
                            expected,
                            start,
                        )
                    )
                    parts, header = [], {}
                else:
                    parts.append([])
            else:
                parts[-1].append(line)
        elif line == ".":
            parts = [[]]
            start = number
        elif line.startswith("#") or not line.strip():
            continue
        else:
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
    assert not parts, f"{path.name}: the case at line {start} is not closed with '.'"
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_cases(path)]


def described(case: Case) -> list[str]:
    found = find_cross_references(
        case.text, case.language, block=case.block, include_citations=True
    )
    got = []
    for ref in found:
        assert case.text[ref.start : ref.end] == ref.text
        for number in ref.numbers:
            if number.start is not None:
                assert case.text[number.start : number.end].lower() == number.label
        got.append(f"{' '.join(ref.text.split())} -> {ref.kind} {' '.join(ref.labels)}")
    return got or ["none"]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_cross_reference(case: Case) -> None:
    assert described(case) == list(case.expected), case.source


def test_every_case_names_its_source() -> None:
    assert all(case.source for case in CASES)
    assert {case.language for case in CASES} == {"nl", "en"}


def test_fixtures_hold_every_form_of_issue_16() -> None:
    """The forms issue 16 names, each with at least one case (and the negatives)."""
    texts = " ".join(case.text for case in CASES)
    for phrase in [
        "zie de antwoorden op de vragen 2 en 3",
        "de beantwoording",
        "mijn antwoord",
        "bij vraag 4",
        "onder vraag 5",
        "in antwoord 3",
        "antwoord 3 en 4",
        "(zie vraag 5)",
        "zie hieronder bij vraag 9",
        "het antwoord op vraag 9 hieronder",
        "4 tot en met 6",
        "t/m",
        "4-6",
        "see the answer to question",
        "see answers 3 and 4",
        "(see question 8)",
        "questions 4 to 6",
        "Kunt u bij antwoord 7",
        "van de schriftelijke vragen van het lid",
        "(Aanhangsel Handelingen II 2022/23, nr. 1234)",
        "(2023Z12345)",
    ]:
        assert phrase in texts, phrase
    kinds = {
        line.split(" -> ")[1].split()[0] for c in CASES for line in c.expected if " -> " in line
    }
    assert kinds == {"answer", "question", "citation"}
    assert sum(c.expected == ("none",) for c in CASES) >= 8


def test_a_range_names_every_label_but_writes_only_its_ends() -> None:
    [ref] = find_cross_references("zie het antwoord op de vragen 4 t/m 6")
    assert ref.labels == ("4", "5", "6")
    assert [(n.label, n.start is None) for n in ref.numbers] == [
        ("4", False),
        ("5", True),
        ("6", False),
    ]


def test_citations_are_left_out_unless_asked_for() -> None:
    text = "Zie het antwoord op vraag 4 (Aanhangsel Handelingen II 2022/23, nr. 1234)."
    assert find_cross_references(text) == []
    assert [r.kind for r in find_cross_references(text, include_citations=True)] == ["citation"]


_WORDS = st.sampled_from(
    [
        "zie",
        "het",
        "antwoord",
        "antwoorden",
        "op",
        "de",
        "vraag",
        "vragen",
        "bij",
        "onder",
        "en",
        "t/m",
        "tot",
        "met",
        "-",
        "(",
        ")",
        ",",
        "uw",
        "van",
        "lid",
        "2",
        "3",
        "10",
        "2a",
        "2023Z12345",
        "see",
        "answer",
        "to",
        "question",
        "questions",
        "and",
        "\n",
        "Aanhangsel",
    ]
)


@given(
    st.lists(_WORDS, max_size=30),
    st.sampled_from(["nl", "en"]),
    st.sampled_from(["answer", "question"]),
)
def test_any_text_gives_spans_inside_it(words: list[str], language: str, block: str) -> None:
    text = " ".join(words)
    last = -1
    for ref in find_cross_references(text, language, block=block, include_citations=True):  # type: ignore[arg-type]
        assert 0 <= ref.start < ref.end <= len(text) and ref.start >= last
        assert text[ref.start : ref.end] == ref.text and ref.labels
        assert len(set(ref.labels)) == len(ref.labels)
        for number in ref.numbers:
            if number.start is not None:
                assert ref.start <= number.start < number.end <= ref.end
        last = ref.end


@given(st.text(max_size=200))
def test_no_crash_on_any_text(text: str) -> None:
    find_cross_references(text)
    find_cross_references(text, "en", block="question", include_citations=True)
