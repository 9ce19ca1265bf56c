"""Q&A headings that are not whole "Vraag N" lines, found the same way in every format.

Real answer letters often write their headings in forms that `grammar.parse_heading` (whole
lines only) cannot see on its own:

- the heading shares its line with the text: "Vraag 1: Kent u het bericht ...?",
  "Antwoord op vraag 2: Nee.";
- the answers carry no number: "Vraag 1" ... "Antwoord" (or "Antwoord:", "Answer");
- the questions carry no heading, only a number: "1. Kent u ...?" (typed, or Word
  auto-numbering whose number is not in the text) followed by "Antwoord" / "Antwoord 1";
- no headings at all, but numbered questions "1. ...?" each followed by its answer.

An importer describes its paragraphs as `Piece`s; `shape` returns `Edit`s: "put a heading with
this text before piece i and drop its first `cut` characters". The heading text keeps the
words of the source ("Antwoord" becomes "Antwoord op vraag 3", "1." becomes "Vraag 1"), so no
word is lost, and each supplied number is reported as an info diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.grammar import (
    HeadingMatch,
    parse_answer_word,
    parse_numbered_item,
    split_heading,
)


@dataclass(frozen=True)
class Piece:
    kind: str  # "heading" (already a Q&A heading), "paragraph" or "other" (a table, ...)
    text: str = ""  # plain text of the paragraph
    number: str | None = None  # Word auto-numbering label ("1.", "2)"), not in the text
    bold: bool = False  # the whole paragraph is bold (questions often are)
    heading: HeadingMatch | None = None  # for kind "heading"


@dataclass(frozen=True)
class Edit:
    index: int  # the piece the heading goes before
    heading: str  # heading text, recognised by grammar.parse_heading
    cut: int  # characters to drop from the start of the piece's text (the old heading words)
    drop_number: bool = False  # the piece's auto-number became the heading: drop it
    note: str | None = None  # why, when the number or heading was supplied (see `summarise`)


def answer_heading(
    labels: tuple[str, ...] | list[str], language: str = "nl", *, word: str | None = None
) -> str:
    """ "Antwoord op vraag 3" / "Antwoord op vragen 3, 4 en 5" (en: "Answer to question 3").

    `word` is the source's own heading word ("ANTWOORD", "Antwoorden") when there was one:
    the supplied heading keeps it as written, so no word of the source is lost.
    """
    labels = list(labels)
    if language == "en":
        word = word or "Answer"
        if len(labels) == 1:
            return f"{word} to question {labels[0]}"
        return f"{word} to questions {', '.join(labels[:-1])} and {labels[-1]}"
    word = word or "Antwoord"
    if len(labels) == 1:
        return f"{word} op vraag {labels[0]}"
    return f"{word} op vragen {', '.join(labels[:-1])} en {labels[-1]}"


def inserted_headings_message(headings: list[str]) -> str:
    """The info an importer gives when it added answer headings the source did not have."""
    shown = ", ".join(f"'{text}'" for text in headings[:3])
    more = " ..." if len(headings) > 3 else ""
    return f"{len(headings)} answer(s) without a heading: inserted {shown}{more}"


def question_heading(label: str, language: str = "nl") -> str:
    return f"Question {label}" if language == "en" else f"Vraag {label}"


def _auto_label(number: str | None) -> str | None:
    if not number:
        return None
    found = parse_numbered_item(number)
    return found[0] if found else None


def _number_of(piece: Piece) -> tuple[str, int, bool] | None:
    """(label, cut, auto) when the paragraph starts with a question number."""
    if piece.kind != "paragraph":
        return None
    auto = _auto_label(piece.number)
    if auto:
        return auto, 0, True
    if piece.number:
        return None  # bullets, "a." lists
    found = parse_numbered_item(piece.text)
    if found:
        return found[0], found[1], False
    return None


def _is_answer_word(piece: Piece, language: str) -> int | None:
    if piece.kind != "paragraph" or piece.number:
        return None
    return parse_answer_word(piece.text, language)


def _plain(pieces: list[Piece], kinds: list, j: int, boundary: int) -> bool:
    return j >= boundary and kinds[j] is None and pieces[j].kind == "paragraph"


def shape(pieces: list[Piece], language: str = "nl") -> list[Edit]:
    """The headings to add (see the module docstring), in piece order."""
    edits: dict[int, Edit] = {}
    # 1. "Vraag 1: text" / "Antwoord op vraag 1: text".
    kinds: list[tuple[str, tuple[str, ...]] | None] = []
    for i, piece in enumerate(pieces):
        if piece.kind == "heading" and piece.heading is not None:
            kinds.append((piece.heading.kind, piece.heading.labels))
            continue
        found = split_heading(piece.text, language) if piece.kind == "paragraph" else None
        if found is not None and not piece.number:
            edits[i] = Edit(i, found.head, found.rest)
            kinds.append((found.match.kind, found.match.labels))
            continue
        kinds.append(None)
    has_questions = any(k and k[0] == "question" for k in kinds)
    answer_words = [i for i, p in enumerate(pieces) if _is_answer_word(p, language) is not None]

    if not has_questions:
        _numbered_questions(pieces, kinds, edits, answer_words, language)
        has_questions = any(k and k[0] == "question" for k in kinds)

    # 2. "Antwoord" without a number answers the questions since the previous answer.
    pending: list[str] = []
    for i, piece in enumerate(pieces):
        kind = kinds[i]
        if kind is not None:
            if kind[0] == "question":
                pending.extend(x for x in kind[1] if x not in pending)
            else:
                pending = []
            continue
        cut = _is_answer_word(piece, language)
        if cut is None or not pending:
            continue
        written = piece.text[:cut].strip().rstrip(":.").strip() or None
        edits[i] = Edit(
            i,
            answer_heading(pending, language, word=written),
            cut,
            note="answer-number",
        )
        kinds[i] = ("answer", tuple(pending))
        pending = []
    return [edits[i] for i in sorted(edits)]


def _numbered_questions(
    pieces: list[Piece],
    kinds: list[tuple[str, tuple[str, ...]] | None],
    edits: dict[int, Edit],
    answer_words: list[int],
    language: str,
) -> None:
    """Questions marked only by a number: before each answer heading, or (with no headings at
    all) a run of numbered paragraphs 1, 2, 3 ... that end in a question mark or are bold."""

    def mark(j: int, label: str, cut: int, auto: bool, why: str) -> None:
        edits[j] = Edit(j, question_heading(label, language), cut, drop_number=auto, note=why)
        kinds[j] = ("question", (label,))

    answers = [i for i, k in enumerate(kinds) if k and k[0] == "answer"]
    stops = sorted(set(answers) | set(answer_words))
    if stops:
        previous = 0
        boundary = 0
        for stop in stops:
            wanted = kinds[stop][1] if kinds[stop] else ()
            if wanted:
                # "Antwoord 3" answers the paragraph numbered 3, wherever it stands before:
                # some documents give all the questions first and then all the answers.
                for label in wanted:
                    pick = next(
                        (
                            (j, found)
                            for j in range(stop - 1, -1, -1)
                            if kinds[j] is None
                            and (found := _number_of(pieces[j]))
                            and found[0] == label
                        ),
                        None,
                    )
                    if pick is not None:
                        j, (label, cut, auto) = pick
                        mark(j, label, cut, auto, "question-number")
                        previous = max(previous, int(label))
                boundary = stop + 1
                continue
            candidates = [
                (j, found)
                for j in range(boundary, stop)
                if kinds[j] is None and (found := _number_of(pieces[j]))
            ]
            nxt = str(previous + 1)
            pick = next((c for c in reversed(candidates) if c[1][0] == nxt), None)
            if pick is None and candidates:
                later = [c for c in candidates if int(c[1][0]) > previous]
                pick = (later or candidates)[-1]
            if pick is not None:
                j, (label, cut, auto) = pick
                mark(j, label, cut, auto, "question-number")
                previous = int(label)
            elif not wanted and stop in answer_words and _plain(pieces, kinds, stop - 1, boundary):
                # No number anywhere (Tika drops Word's auto-numbering): the paragraph right
                # before "Antwoord" is the question, numbered by its position.
                previous += 1
                label = str(previous)
                mark(stop - 1, label, 0, False, "question-position")
            boundary = stop + 1
        return
    if any(kinds):
        return
    run: list[tuple[int, tuple[str, int, bool]]] = []
    for j, piece in enumerate(pieces):
        found = _number_of(piece)
        if found is None:
            continue
        rest = piece.text[found[1] :].strip()
        asks = rest.endswith("?") or piece.bold
        if int(found[0]) == len(run) + 1 and asks:
            run.append((j, found))
    if len(run) >= 2:
        for j, (label, cut, auto) in run:
            mark(j, label, cut, auto, "question-number")


def _asks(text: str) -> bool:
    return bool(re.search(r"\?[\s\"'”’»)\]]*(?:\d{1,3}\)|\[\d{1,3}\])?[\s\"'”’»)]*$", text))


def answer_start(texts: list[str], labels: int = 1) -> int | None:
    """Where the answer starts in the paragraphs under a question heading that has no answer
    heading anywhere, or None when they hold no answer.

    The question is its first paragraph per label, stretched to the first paragraph that
    asks ("... ?", a source marker may follow) when those do not ask, and to the run of
    asking paragraphs after it; the rest is the answer. With nothing left, there is none.
    """
    if len(texts) <= labels:
        return None
    split = labels
    if not any(_asks(t) for t in texts[:split]):
        asking = next((k for k in range(split, len(texts) - 1) if _asks(texts[k])), None)
        if asking is not None:
            split = asking + 1
    while split < len(texts) - 1 and _asks(texts[split]):
        split += 1
    return split if split < len(texts) else None


_REASONS = {
    "answer-number": (
        "answer-number-supplied",
        "{n} answer heading(s) without a question number ('Antwoord') were read as the answer "
        "to the question(s) just before them",
    ),
    "question-number": (
        "question-heading-supplied",
        "{n} numbered paragraph(s) ('1. ...') were read as question(s) with that number",
    ),
    "question-position": (
        "question-number-guessed",
        "{n} question(s) carry no number; each was taken to be the paragraph right before its "
        "'Antwoord' and numbered by position: please check",
    ),
}


def summarise(edits: list[Edit], line_of) -> list[tuple[str, str, str, int | None]]:  # noqa: ANN001
    """One diagnostic per kind of supplied heading: (severity, code, message, first line).

    `line_of(index)` gives the source line of a piece. A guess by position is a warning; a
    number that stands in the text is an info.
    """
    out = []
    for reason, (code, message) in _REASONS.items():
        hits = [e for e in edits if e.note == reason]
        if hits:
            severity = "warning" if reason == "question-position" else "info"
            out.append((severity, code, message.format(n=len(hits)), line_of(hits[0].index)))
    return out
