"""Q&A structure decisions that need no Markdown: heading kinds from context, and page ids.

Kept apart from the markdown-it plugin so the rules that decide what a heading *is* and what
id a block gets can be read and tested on their own (DESIGN.md "Ids and URLs").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.grammar import HeadingKind, HeadingMatch

# Id words per document language (DESIGN.md table); unknown languages fall back to Dutch.
ID_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "question": "vraag",
        "answer": "antwoord",
        "note": "noot",
        "source": "bron",
        "annotation": "annotatie",
    },
    "en": {
        "question": "question",
        "answer": "answer",
        "note": "note",
        "source": "source",
        "annotation": "annotation",
    },
}


def id_words(language: str) -> dict[str, str]:
    return ID_WORDS.get(language, ID_WORDS["nl"])


def block_id(kind: str, labels: Sequence[str], language: str) -> str:
    """`vraag-2`, `antwoord-2-3`: the kind's word followed by every label."""
    return "-".join([id_words(language)[kind], *labels])


def alias_ids(kind: str, labels: Sequence[str], language: str) -> list[str]:
    """One alias per label when a block covers several labels; none for a single label."""
    if len(labels) < 2:
        return []
    return [block_id(kind, [label], language) for label in labels]


@dataclass(frozen=True)
class HeadingDecision:
    kind: HeadingKind
    irregular: bool  # an "Antwoord vraag 5" read as question 5


def decide_heading_kinds(headings: Sequence[HeadingMatch]) -> list[HeadingDecision]:
    """Decide per Q&A heading whether it is a question or an answer, from its neighbours.

    "Antwoord vraag 5" / "Antwoord 5" (bare_answer) is sometimes typed where "Vraag 5" belongs.
    It is read as a question when nothing earlier asked its labels and a later answer heading
    covers them; otherwise it stays the answer it says it is. Linear: one pass to find the
    last answer heading per label, one pass to decide.
    """
    last_answer: dict[str, int] = {}
    for index, heading in enumerate(headings):
        if heading.kind == "answer":
            for label in heading.labels:
                last_answer[label] = index
    asked: set[str] = set()
    decisions = []
    for index, heading in enumerate(headings):
        kind: HeadingKind = heading.kind
        irregular = False
        if (
            heading.kind == "answer"
            and heading.bare_answer
            and not any(label in asked for label in heading.labels)
            and all(last_answer.get(label, -1) > index for label in heading.labels)
        ):
            kind, irregular = "question", True
        if kind == "question":
            asked.update(heading.labels)
        decisions.append(HeadingDecision(kind, irregular))
    return decisions


class IdRegistry:
    """The ids used in one page, so every anchor is unique.

    `reserved` holds ids that later blocks will claim as their natural id: a disambiguated id
    never takes one of those (a second "Vraag 2" must not become a later block's id).
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used: set[str] = set()
        self._reserved = set(reserved)

    def __contains__(self, ident: str) -> bool:
        return ident in self._used

    def claim(self, ident: str) -> tuple[str, bool]:
        """Return (the id to use, whether it had to be disambiguated)."""
        if ident not in self._used:
            self._used.add(ident)
            return ident, False
        n = 2
        while f"{ident}-{n}" in self._used or f"{ident}-{n}" in self._reserved:
            n += 1
        unique = f"{ident}-{n}"
        self._used.add(unique)
        return unique, True

    def claim_alias(self, ident: str) -> bool:
        """Aliases only exist for convenience: a taken alias is dropped, not renamed."""
        if ident in self._used:
            return False
        self._used.add(ident)
        return True
