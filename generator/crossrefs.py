"""The cross-reference grammar: where a block's text names questions of its own document.

"zie het antwoord op vraag 2", "zoals bij vraag 7 aangegeven", "(zie vraag 8)", "in antwoord
3", "de antwoorden op de vragen 4 tot en met 6", "see answers 3 and 4" are references to blocks
of the same document; the reader links them. "uw antwoord op vraag 2 van de schriftelijke
vragen van het lid ...", or one followed by "(Aanhangsel Handelingen II 2022/23, nr. 1234)" or
"(2023Z12345)", names a question of ANOTHER document: a citation, never linked.

A reference is a phrase, found by one of a few forms (`_FORMS`), then classified by what stands
right before and after it (`_citation`). The real sentences each form was written for are in
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
class _Form:
    name: str
    pattern: re.Pattern[str]
    names_answer: bool  # the phrase names an answer (a citation when a question block says it)
    to_answer: bool


def _compile(lang: str) -> tuple[_Form, ...]:
    w = _WORDS[lang]
    label_list = rf"{LABEL}(?:{separator_pattern(lang)}{LABEL})*"
    # The list ends at a word boundary and not inside a decimal ("vraag 1.5", "1,5 miljoen").
    end = r"(?![\w])(?![.,]\d)"
    numbers = rf"{w['nr']}(?P<list>{label_list}){end}"
    start = r"(?<![\w-])"

    def form(name: str, body: str, *, names_answer: bool, to_answer: bool) -> _Form:
        return _Form(name, re.compile(start + body, re.I), names_answer, to_answer)

    return (
        # "(zie) het antwoord op vraag 2", "de beantwoording van de vragen 4 t/m 6",
        # "mijn antwoorden op de vragen 2 en 3", "antwoord vraag 2"
        form(
            "answer-to-question",
            rf"(?P<phrase>{w['answer']}\s+(?:{w['prep']}\s+)?(?:{w['qdet']}\s+)?"
            rf"{w['question']}\s+{numbers})",
            names_answer=True,
            to_answer=True,
        ),
        # "in antwoord 3", "antwoord 3 en 4", "see answers 3 and 4"
        form(
            "answer-number",
            rf"(?P<phrase>{w['bare_answer']}\s+{numbers})(?!\s*{w['unit']}(?!\w))",
            names_answer=True,
            to_answer=True,
        ),
        # "zie vraag 5", "zie ook vraag 3 en 4", "(see question 8)"
        form(
            "see-question",
            rf"(?P<phrase>{w['see']}\s+{w['question']}\s+{numbers})",
            names_answer=False,
            to_answer=False,
        ),
        # "zoals bij vraag 7 aangegeven", "onder vraag 5", "zie hieronder bij vraag 9",
        # "as stated under question 5"
        form(
            "at-question",
            rf"(?:{w['see']}\s+(?:{w['adverb']}\s+)?)?{w['lead']}\s+"
            rf"(?:{w['qdet']}\s+)?(?P<phrase>{w['question']}\s+{numbers})",
            names_answer=False,
            to_answer=True,
        ),
        # "zie hieronder vraag 9", "see below question 9" (an adverb between)
        form(
            "see-adverb-question",
            rf"{w['see']}\s+{w['adverb']}\s+(?P<phrase>{w['question']}\s+{numbers})",
            names_answer=False,
            to_answer=False,
        ),
        # "(vraag 8)", "(vragen 4 en 5)": a bare question reference in brackets
        form(
            "bracketed-question",
            rf"\(\s*(?P<phrase>{w['question']}\s+{numbers})\s*\)",
            names_answer=False,
            to_answer=False,
        ),
    )


_FORMS = {lang: _compile(lang) for lang in _WORDS}
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
    lang = language if language in _FORMS else "nl"
    found: list[tuple[int, int, XrefMatch]] = []
    for form in _FORMS[lang]:
        for m in form.pattern.finditer(text):
            numbers = parse_label_spans(text, m.start("list"), m.end("list"), lang)
            if not numbers:
                continue
            start, end = m.start("phrase"), m.end("phrase")
            kind: RefKind = "answer" if form.to_answer else "question"
            if (
                _citation(text, start, end, lang)
                or block == "question"
                and form.names_answer
                and not _conditional(text, start, lang)
            ):
                kind = "citation"
            match = XrefMatch(
                start,
                end,
                tuple(n.label for n in numbers),
                text[start:end],
                form.to_answer,
                tuple(numbers),
                kind,
            )
            found.append((m.start(), m.end(), match))
    # Where forms overlap ("zie hieronder bij vraag 9" is found by two), the one starting
    # first wins, then the longer.
    found.sort(key=lambda item: (item[0], -item[1]))
    kept: list[XrefMatch] = []
    last_end = -1
    for outer_start, outer_end, match in found:
        if outer_start < last_end:
            continue
        last_end = outer_end
        if match.kind != "citation" or include_citations:
            kept.append(match)
    return kept
