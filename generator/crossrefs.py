"""The cross-reference grammar: where a block's text names questions of its own document.

"zie het antwoord op vraag 2", "zoals bij vraag 7 aangegeven", "(zie vraag 8)", "in antwoord
3", "de antwoorden op de vragen 4 tot en met 6", "see answers 3 and 4" are references to blocks
of the same document; the reader links them. "uw antwoord op vraag 2 van de schriftelijke
vragen van het lid ...", or one followed by "(Aanhangsel Handelingen II 2022/23, nr. 1234)" or
"(2023Z12345)", names a question of ANOTHER document: a citation, never linked.

A reference is found at its noun ("antwoord", "vraag": `_Grammar.noun`), by one of a few forms
tried there (`_at_noun`), then classified by what stands right before and after it
(`_citation`). The real sentences each form was written for are in
tests/fixtures/crossrefs/, with where each came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.grammar import LABEL, LabelSpan, parse_label_spans, separator_pattern

RefKind = Literal["answer", "question", "citation"]
BlockKind = Literal["answer", "question"]

# The words of each form, per language. "answer": nouns that name an answer; "prep": what may
# join the answer noun to the question noun; "qdet": a determiner before the question noun;
# "lead": what, before a bare question noun, makes it a reference (to the answer given at that
# question); "see": "zie"/"see" (then the reference is to the question itself, as before).
_WORDS = {
    "nl": {
        "answer": r"(?:antwoord(?:en)?|beantwoording)",
        "bare_answer": r"antwoord(?:en)?",
        "det": r"(?:het|de|mijn|ons|onze|dit|deze)",
        "prep": r"(?:op|bij|van|onder|in)",
        "qdet": r"(?:de|uw|die|deze)",
        "question": r"vra(?:ag|gen)",
        "see": r"zie(?:\s+ook)?",
        "lead": r"(?:bij|onder)",
        "adverb": r"(?:hieronder|hierboven|verderop|eerder|ook)",
        "nr": r"(?:nr\.?\s*|nummer\s+)?",
        # A number after "antwoord" that is an amount, not an answer: "antwoord 100 procent".
        "unit": r"(?:%|procent|keer|maal|miljoen|miljard|euro|jaar|dagen|weken|maanden|uur)",
        "conditional": r"(?:indien|als|mocht|mochten|wanneer|ingeval|zo\s+ja|zo\s+nee)",
        "citing_lead": r"uw",
        # After the numbers: what makes the phrase a citation of another document.
        "citing_tail": (
            r"(?:van|uit|in|bij|op)\s+(?:de\s+|het\s+|mijn\s+|uw\s+|die\s+|een\s+)?"
            r"(?:(?:eerdere|vorige|schriftelijke|eerste|tweede)\s+)*"
            r"(?:kamer)?(?:vragen|lid|leden|brief|kamerbrief|beantwoording|antwoorden|"
            r"aanhangsel|handelingen|kamerstuk|commissie|ambtsvoorganger|voorganger|"
            r"\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|"
            r"oktober|november|december))"
            r"|(?:gesteld\s+)?door\s+(?:het\s+lid|de\s+leden)"
        ),
    },
    "en": {
        "answer": r"(?:answers?|repl(?:y|ies)|responses?)",
        "bare_answer": r"answers?",
        "det": r"(?:the|my|our|this)",
        "prep": r"(?:to|for|of|on|at|under|in)",
        "qdet": r"(?:the|your)",
        "question": r"questions?",
        "see": r"see(?:\s+also)?",
        "lead": r"(?:under|at)",
        "adverb": r"(?:below|above|also|earlier)",
        "nr": r"(?:no\.?\s*|nr\.?\s*|number\s+|#\s*)?",
        "unit": r"(?:%|per\s*cent|times|million|billion|euros?|years?|days|weeks|months|hours)",
        "conditional": r"(?:if|should|in\s+case|where)",
        "citing_lead": r"your",
        "citing_tail": (
            r"(?:of|from|in)\s+(?:the\s+|my\s+|your\s+|an\s+)?"
            r"(?:(?:earlier|previous|written|parliamentary)\s+)*"
            r"(?:questions|member|members|letter|replies|answers|kamerstuk|aanhangsel)"
            r"|(?:asked|tabled)\s+by"
        ),
    },
}

# An official id in brackets right after the numbers: "(Aanhangsel Handelingen II 2022/23,
# nr. 1234)", "(Kamerstuk 36 410, nr. 74)", "(2023Z12345)", "(ah-tk-20222023-1234)".
_CITING_BRACKET = re.compile(
    r"\s*,?\s*\(\s*(?:zie\s+|see\s+)?(?:aanhangsel|handelingen|kamerstuk|kst\b|ah-tk-|kv-tk-|"
    r"\d{4}\s?[ZD]\s?\d{4,5}|ingezonden|submitted)",
    re.I,
)
# An id right after the numbers, no bracket: "vraag 2 2023Z12345", "vraag 2, 2023Z12345".
_CITING_ID = re.compile(r"\s*,?\s*\d{4}[ZD]\d{4,5}\b", re.I)


@dataclass(frozen=True)
class XrefMatch:
    start: int  # the phrase that is linked: "antwoord op vraag 2", "zie vraag 5", "vraag 7"
    end: int
    labels: tuple[str, ...]
    text: str
    to_answer: bool  # the answer given at the question ("antwoord op vraag 2", "bij vraag 7")
    numbers: tuple[LabelSpan, ...] = ()
    kind: RefKind = "answer"

    @property
    def citation(self) -> bool:
        return self.kind == "citation"


@dataclass(frozen=True)
class _Grammar:
    """The forms of one language. A reference is found from its noun: `noun` finds every
    "antwoord"/"vraag" of a text once, and the forms are tried at that place only (trying six
    patterns at every position of every text was five times slower than the old grammar)."""

    noun: re.Pattern[str]  # an answer noun (group "a") or a question noun (group "q")
    answer_to_question: re.Pattern[str]  # at an answer noun: "antwoord op (de) vraag 2"
    answer_number: re.Pattern[str]  # at an answer noun: "antwoord 3 en 4"
    question: re.Pattern[str]  # at a question noun: "vraag 5", "vragen 4 t/m 6"
    # What stands right before a question noun (searched back from it, `$` at the noun):
    see_before: re.Pattern[str]  # "zie (ook) " → the question itself; "zie" is in the phrase
    at_before: re.Pattern[str]  # "bij ", "onder de ", "zie hieronder bij " → its answer
    see_adverb_before: re.Pattern[str]  # "zie verderop " → the question itself
    bracket_before: re.Pattern[str]  # "(" with ")" after the numbers → the question itself
    bracket_after: re.Pattern[str]


def _compile(lang: str) -> _Grammar:
    w = _WORDS[lang]
    label_list = rf"{LABEL}(?:{separator_pattern(lang)}{LABEL})*"
    # The list ends at a word boundary and not inside a decimal ("vraag 1.5", "1,5 miljoen").
    end = r"(?![\w])(?![.,]\d)"
    numbers = rf"{w['nr']}(?P<list>{label_list}){end}"
    start = r"(?<![\w-])"

    def before(body: str) -> re.Pattern[str]:
        return re.compile(rf"{start}{body}\s+$", re.I)

    return _Grammar(
        noun=re.compile(rf"{start}(?:(?P<a>{w['answer']})|(?P<q>{w['question']}))(?!\w)", re.I),
        answer_to_question=re.compile(
            rf"{w['answer']}\s+(?:{w['prep']}\s+)?(?:{w['qdet']}\s+)?{w['question']}\s+{numbers}",
            re.I,
        ),
        answer_number=re.compile(rf"{w['bare_answer']}\s+{numbers}(?!\s*{w['unit']}(?!\w))", re.I),
        question=re.compile(rf"{w['question']}\s+{numbers}", re.I),
        see_before=before(w["see"]),
        at_before=before(rf"(?:{w['see']}\s+(?:{w['adverb']}\s+)?)?{w['lead']}(?:\s+{w['qdet']})?"),
        see_adverb_before=before(rf"{w['see']}\s+{w['adverb']}"),
        bracket_before=re.compile(r"\(\s*$"),
        bracket_after=re.compile(r"\s*\)"),
    )


def _at_noun(
    text: str, noun: re.Match[str], g: _Grammar
) -> tuple[int, int, int, bool, bool, re.Match[str]] | None:
    """(phrase start, phrase end, end of the whole form, to_answer, names_answer, match) of
    the reference found at this noun, or None."""
    pos = noun.start()
    if noun.group("a"):
        m = g.answer_to_question.match(text, pos) or g.answer_number.match(text, pos)
        return (pos, m.end(), m.end(), True, True, m) if m else None
    m = g.question.match(text, pos)
    if not m:
        return None
    lo = max(0, pos - 60)
    see = g.see_before.search(text, lo, pos)
    if see:
        return see.start(), m.end(), m.end(), False, False, m
    if g.at_before.search(text, lo, pos):
        return pos, m.end(), m.end(), True, False, m
    if g.see_adverb_before.search(text, lo, pos):
        return pos, m.end(), m.end(), False, False, m
    if g.bracket_before.search(text, lo, pos):
        close = g.bracket_after.match(text, m.end())
        if close:
            return pos, m.end(), close.end(), False, False, m
    return None


_GRAMMARS = {lang: _compile(lang) for lang in _WORDS}
_LEADS = {
    lang: re.compile(rf"(?<![\w-]){w['citing_lead']}\s+$", re.I) for lang, w in _WORDS.items()
}
_TAILS = {
    lang: re.compile(rf"\s*,?\s*(?:{w['citing_tail']})(?!\w)", re.I) for lang, w in _WORDS.items()
}
_CONDITIONAL = {
    lang: re.compile(rf"(?<![\w-]){w['conditional']}(?![\w-])", re.I) for lang, w in _WORDS.items()
}
_CLAUSE_END = re.compile(r"[.?!;:]\s")
# Every form holds a number and one of these words: text without both, most text, is not
# searched with the six patterns at all (the reader asks about every run of text of a site).
_MAY_REFER = {
    "nl": re.compile(r"vra(?:ag|gen)|antwoord", re.I),
    "en": re.compile(r"question|answer", re.I),
}
_DIGIT = re.compile(r"\d")


def _citation(text: str, start: int, end: int, language: str) -> bool:
    """Does the phrase text[start:end] name a question of another document?"""
    if _LEADS[language].search(text, max(0, start - 40), start):
        return True
    tail = text[end : end + 200]
    return bool(
        _TAILS[language].match(tail) or _CITING_BRACKET.match(tail) or _CITING_ID.match(tail)
    )


def _conditional(text: str, start: int, language: str) -> bool:
    """ "Indien het antwoord op vraag 2 ontkennend is, ...": the clause before the phrase is a
    condition, so a question names the answer to a question of its own document."""
    clause_start = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        clause_start = m.end()
    return bool(_CONDITIONAL[language].search(text, clause_start, start))


def find_cross_references(
    text: str,
    language: str = "nl",
    *,
    block: BlockKind = "answer",
    include_citations: bool = False,
) -> list[XrefMatch]:
    """The references in `text` to questions of its own document, in text order.

    `block`: the kind of block the text stands in. A question is asked before its answers
    exist, so an answer a question names ("Kunt u bij antwoord 7 ...", "Wat bedoelt u in uw
    antwoord op vraag 3?") is one of an EARLIER document: a citation. Only a condition ("Indien
    het antwoord op vraag 2 ontkennend is") names an answer of the question's own document.
    `include_citations`: also return the citations (kind "citation"), for tests and tools.
    """
    lang = language if language in _GRAMMARS else "nl"
    if not _DIGIT.search(text) or not _MAY_REFER[lang].search(text):
        return []
    grammar = _GRAMMARS[lang]
    kept: list[XrefMatch] = []
    last_end = -1
    for noun in grammar.noun.finditer(text):
        if noun.start() < last_end:  # a noun inside the reference before: "antwoord op vraag"
            continue
        found = _at_noun(text, noun, grammar)
        if found is None:
            continue
        start, end, outer_end, to_answer, names_answer, m = found
        numbers = parse_label_spans(text, m.start("list"), m.end("list"), lang)
        if not numbers:
            continue
        last_end = outer_end
        kind: RefKind = "answer" if to_answer else "question"
        earlier_answer = block == "question" and names_answer
        if (earlier_answer and not _conditional(text, start, lang)) or _citation(
            text, start, end, lang
        ):
            kind = "citation"
        if kind == "citation" and not include_citations:
            continue
        labels = tuple(n.label for n in numbers)
        kept.append(XrefMatch(start, end, labels, text[start:end], to_answer, tuple(numbers), kind))
    return kept
