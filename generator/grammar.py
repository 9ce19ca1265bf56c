"""The heading and cross-reference grammar of Q&A documents, per language.

One grammar serves the importers (which decide what in a raw text is a heading) and the reader
(which recognises Q&A structure in Markdown), so a hand-written document and an imported one
get the same structure. A heading is a whole line: "Vraag 2" is a heading, "Vraag 2 is lastig"
is a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.crossrefs import XrefMatch

HeadingKind = Literal["question", "answer"]

# A label is a number with an optional letter ("1a"); the letter must not start a word, so
# "vraag 1 aangegeven" is label "1".
LABEL = r"\d{1,3}(?:[a-z](?![a-z]))?"

_WORDS = {
    "nl": {
        "question": r"vra(?:ag|gen)",
        "answer": r"antwoord(?:en)?",
        "to": r"(?:op|bij|van)",
        "and": r"en",
        "through": r"(?:t/m|t\.e\.m\.|tot\s+en\s+met)",
        "see": r"zie",
        "also": r"ook",
        "the": r"(?:de|het|mijn)",
    },
    "en": {
        "question": r"questions?",
        "answer": r"answers?",
        "to": r"(?:to|for|of)",
        "and": r"(?:and|&)",
        "through": r"(?:to|through|-)",
        "see": r"see",
        "also": r"also",
        "the": r"(?:the|my)",
    },
}

LANGUAGES = tuple(_WORDS)


@dataclass(frozen=True)
class LabelList:
    labels: tuple[str, ...]
    typos: tuple[str, ...] = ()  # human-readable descriptions of what was irregular


@dataclass(frozen=True)
class HeadingMatch:
    kind: HeadingKind
    labels: tuple[str, ...]
    text: str  # the heading as written, whitespace normalised
    typos: tuple[str, ...] = field(default=())
    # True for "Antwoord 5" / "Antwoord vraag 5" (no "op"): the form that is sometimes typed
    # where "Vraag 5" belongs; the reader decides from context which it is.
    bare_answer: bool = False


def _sep(lang: str) -> str:
    w = _WORDS[lang]
    return (
        rf"(?:\s*,\s*(?:{w['and']}\s+)?|\s+{w['and']}\s+|\s*&\s*|\s+{w['through']}\s+|\s*[-–]\s*)"
    )


def _label_list_pattern(lang: str, *, allow_space: bool) -> str:
    sep = _sep(lang)
    if allow_space:
        sep = rf"(?:{sep}|\s+)"
    return rf"{LABEL}(?:{sep}{LABEL})*"


def _compile(lang: str) -> dict[str, re.Pattern[str]]:
    w = _WORDS[lang]
    heading_list = _label_list_pattern(lang, allow_space=True)
    tail = r"\s*[:.]?\s*"
    nr = r"(?:nr\.?\s*|no\.?\s*)?"
    return {
        "question": re.compile(rf"^{w['question']}\s+{nr}(?P<list>{heading_list}){tail}$", re.I),
        "answer": re.compile(
            rf"^{w['answer']}\s+(?:(?P<to>{w['to']})\s+)?(?:{w['the']}\s+)?"
            rf"(?:(?P<noun>{w['question']})\s+)?{nr}(?P<list>{heading_list}){tail}$",
            re.I,
        ),
        "sep": re.compile(rf"{_sep(lang)}|\s+", re.I),
        "through": re.compile(rf"^\s*(?:{w['through']}|[-–])\s*$", re.I),
    }


_PATTERNS = {lang: _compile(lang) for lang in LANGUAGES}


def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    return _PATTERNS.get(lang, _PATTERNS["nl"])


def normalise_space(text: str) -> str:
    """Collapse runs of white space (tabs, non-breaking spaces) into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@dataclass(frozen=True)
class LabelSpan:
    """One label of a list and where its number stands in the text (None for a label inside a
    range: the "5" of "4 t/m 6" is not written)."""

    label: str
    start: int | None
    end: int | None


def _scan_labels(
    text: str, pos: int, endpos: int, language: str
) -> tuple[list[LabelSpan], list[str]]:
    """The labels of the list text[pos:endpos], in order, ranges filled in, and the typos."""
    pats = _patterns(language)
    labels: list[LabelSpan] = []
    typos: list[str] = []
    pending_range = False
    label_re = re.compile(LABEL, re.I)
    while pos < endpos:
        m = label_re.match(text, pos, endpos)
        if not m:
            break
        label = m.group(0).lower()
        last = labels[-1].label if labels else ""
        if pending_range and last.isdigit() and label.isdigit():
            start, end = int(last), int(label)
            if start < end <= start + 50:
                labels.extend(LabelSpan(str(n), None, None) for n in range(start + 1, end))
                labels.append(LabelSpan(label, m.start(), m.end()))
            else:
                labels.append(LabelSpan(label, m.start(), m.end()))
        else:
            labels.append(LabelSpan(label, m.start(), m.end()))
        pos = m.end()
        sep = pats["sep"].match(text, pos, endpos)
        if not sep:
            break
        sep_text = sep.group(0)
        pending_range = bool(pats["through"].match(sep_text))
        if not sep_text.strip():
            typos.append(f"missing comma or 'en' between {label} and the next number")
        pos = sep.end()
    seen: set[str] = set()
    unique = []
    for item in labels:
        if item.label in seen:
            typos.append(f"number {item.label} appears twice")
            continue
        seen.add(item.label)
        unique.append(item)
    return unique, typos


def parse_label_list(text: str, language: str = "nl") -> LabelList:
    """Read "3, 4 en 5", "7, 8, 9 10 en 11", "2 t/m 4" into labels, noting irregularities."""
    labels, typos = _scan_labels(text, 0, len(text), language)
    return LabelList(tuple(item.label for item in labels), tuple(typos))


def parse_label_spans(text: str, start: int, end: int, language: str = "nl") -> list[LabelSpan]:
    """The labels of the list text[start:end] with where each number stands in `text`."""
    return _scan_labels(text, start, end, language)[0]


def separator_pattern(language: str) -> str:
    """What may stand between two labels of a list: ", ", " en ", " t/m ", "-"."""
    return _sep(language if language in _WORDS else "nl")


def parse_heading(text: str, language: str = "nl") -> HeadingMatch | None:
    """Return the Q&A heading this line is, or None when it is ordinary text."""
    line = normalise_space(text).strip("*_ ")
    if not line or len(line) > 80:
        return None
    pats = _patterns(language)
    for kind in ("question", "answer"):
        m = pats[kind].match(line)
        if not m:
            continue
        parsed = parse_label_list(m.group("list"), language)
        if not parsed.labels:
            return None
        bare = kind == "answer" and not m.group("to")
        return HeadingMatch(kind, parsed.labels, line, parsed.typos, bare)  # type: ignore[arg-type]
    return None


# --- headings that share their line with text, and unlabelled answers -----------------------

# What may stand between a heading and the text on its line: a colon, a tab, a dash, or a full
# stop followed by a capital ("Vraag 1. Kent u ...").
_INLINE_SEP = re.compile(
    r"[ \t]*:[ \t]*|\t[ \t]*|[ \t]+[-\u2013\u2014][ \t]+"
    r"|[ \t]*\.[ \t]+(?=[\"'\u2018\u201c(]?[A-Z\u00c0-\u00de])"
)


@dataclass(frozen=True)
class HeadingSplit:
    match: HeadingMatch
    head: str  # the heading part as written ("Vraag 1")
    rest: int  # offset in the original text where the text after the heading begins


def split_heading(text: str, language: str = "nl") -> HeadingSplit | None:
    """ "Vraag 1: Kent u het bericht?" → the heading "Vraag 1" and where its text starts.

    Only a heading followed by a separator (":", a tab, " - ", or ". " before a capital) and
    more text; a whole-line heading is `parse_heading`'s, and "Vraag 1 is lastig" stays a
    sentence.
    """
    for sep in _INLINE_SEP.finditer(text, 0, min(len(text), 90)):
        if sep.end() >= len(text) or not text[sep.end() :].strip():
            continue
        head = text[: sep.start()]
        if not head.strip():
            continue
        match = parse_heading(head, language)
        if match is not None:
            return HeadingSplit(match, normalise_space(head), sep.end())
    return None


_ANSWER_WORD = {
    "nl": re.compile(r"^[ \t*_]*(?P<w>antwoord(?:en)?)[ \t*_]*(?::[ \t]*|$)", re.I),
    "en": re.compile(r"^[ \t*_]*(?P<w>answers?)[ \t*_]*(?::[ \t]*|$)", re.I),
}


def parse_answer_word(text: str, language: str = "nl") -> int | None:
    """ "Antwoord", "Antwoord:" or "Antwoord: Ja, ..." (no number): where the answer text starts.

    Returns the offset of the text after the word (len(text) when the line is only the word),
    or None when the line is not an unlabelled answer heading. Many ministries number only
    the questions and put a bare "Antwoord" under each; the importer supplies the number.
    """
    m = _ANSWER_WORD.get(language, _ANSWER_WORD["nl"]).match(text)
    if not m:
        return None
    return m.end()


_NUMBERED = re.compile(r"^[ \t]*(?P<n>\d{1,3})(?:[.)](?:[ \t]+|$)|[ \t]*\t[ \t]*|[ \t]*$)")


def parse_numbered_item(text: str) -> tuple[str, int] | None:
    """ "1. Kent u ...", "1) ...", "1<tab>..." or a lone "1.": (label, offset of the text)."""
    m = _NUMBERED.match(text)
    if not m:
        return None
    return m.group("n"), m.end()


def find_cross_references(
    text: str,
    language: str = "nl",
    *,
    block: Literal["answer", "question"] = "answer",
    include_citations: bool = False,
) -> list[XrefMatch]:
    """References in `text` to questions of its own document: the grammar is in
    generator/crossrefs.py (imported here late: it builds on this module's label lists)."""
    from generator.crossrefs import find_cross_references as find

    return find(text, language, block=block, include_citations=include_citations)


# --- dates -----------------------------------------------------------------------------------

DUTCH_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
ENGLISH_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTHS = {**ENGLISH_MONTHS, **DUTCH_MONTHS}
DATE_RE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<year>\d{4})\b", re.I
)


def parse_date(text: str) -> date | None:
    """The first "22 september 2025"-style date in text, or None."""
    m = DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group("year")), _MONTHS[m.group("month").lower()], int(m.group("day")))
    except ValueError:
        return None


def format_date(value: date, language: str = "nl") -> str:
    """22 september 2025 / 22 September 2025."""
    months = DUTCH_MONTHS if language == "nl" else ENGLISH_MONTHS
    name = next(k for k, v in months.items() if v == value.month)
    if language != "nl":
        name = name.capitalize()
    return f"{value.day} {name} {value.year}"
