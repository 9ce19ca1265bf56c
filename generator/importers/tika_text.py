"""Apache Tika text output of a Word answer letter → one Markdown document.

Two kinds of Tika text reach us:

- rich text (the seed): `[bookmark: _Hlk…]` markers, `[footnoteRef:N]` where a note is cited
  and the note's body written inline at the end of the paragraph as `[N:  text]`;
- plain text of a ministry letter: a cover letter and letterhead first, then the annex
  ("Antwoorden van de minister … op Kamervragen …") with the questions and answers. Plain text
  has no footnote markers: a note's text is glued to the end of the citing paragraph, so it
  stays there as text (a footnote is never invented).

In both, every Word paragraph is one line, and a Q&A heading is a whole line that
`grammar.parse_heading` accepts. Metadata comes from the opening lines (`header.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.document import Diagnostic
from generator.grammar import format_date, parse_answer_word, parse_heading, split_heading
from generator.importers import ImportResult
from generator.importers.header import (
    Header,
    ministry_diagnostic,
    parse_annex_title,
    parse_answer_line,
    parse_cover_letter,
    parse_publication,
    parse_questions_line,
    parse_see_also,
    trailing_signature,
)
from generator.importers.markdown import Block, heading, paragraph, write_document
from generator.importers.qa_shape import (
    Piece,
    answer_heading,
    answer_start,
    inserted_headings_message,
    shape,
    summarise,
)
from generator.importers.text import clean_line, decode
from generator.slug import document_slug

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]", re.I)
_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\s*(\d{1,4})\]", re.I)
_FOOTNOTE_BODY = re.compile(r"\[(\d{1,4}):\s")
# Embedded pictures (the ministry logo, the signature) that Tika lists by file name at the end.
_IMAGE = re.compile(r"^image\d+\.(?:png|jpe?g|gif|emf|wmf|bmp|tiff?)$", re.I)
# Lines only a cover letter / letterhead has.
_COVER_SIGNS = re.compile(
    r"^(?:>?\s*retouradres\b|datum\b|onderwerp\b|betreft\b|(?:ons |uw )?kenmerk\b|"
    r"bij beantwoording de datum|aan de voorzitter van de tweede kamer)",
    re.I,
)
# A question source note at the end: "1) NOS, …" or "[1] https://…".
_SOURCE_ITEM = re.compile(
    r"^(?:(?P<paren>\d{1,3})\)|\[(?P<bracket>\d{1,3})\]|\((?P<round>\d{1,3})\)|(?P<dot>\d{1,3})\.(?=\s))"
    r"\s*(?P<text>.*)$"
)
# A caption line above the source list: "Bronnen", "Noten:", "Voetnoten".
_NOTES_CAPTION = re.compile(
    r"^(?:bronnen|bronvermelding(?:en)?|(?:voet|eind)?noten|sources|notes|references)\s*:?$", re.I
)


def _item_label(m: re.Match[str]) -> str:
    return m.group("paren") or m.group("bracket") or m.group("round") or m.group("dot")


_FOOTNOTE_BODY_MAX = 20_000  # characters; a longer "[N: ..." is not a footnote body


@dataclass
class _Line:
    number: int  # line in the raw file, 1-based
    text: str  # cleaned


class _Diagnostics:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(self, severity: str, code: str, message: str, line: int | None = None) -> None:
        self.items.append(Diagnostic(self.file, line, severity, code, message))  # type: ignore[arg-type]


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _closing_bracket(text: str, start: int) -> int | None:
    """Index just past the "]" that closes the "[" at `start` (brackets may nest)."""
    depth = 0
    end = min(len(text), start + _FOOTNOTE_BODY_MAX)
    for i in range(start, end):
        ch = text[i]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _stray_bracket_end(text: str, close: int) -> int:
    """Move a body's end past a stray "]" inside it ("[4:  Kamerstuk 1] en verder.]").

    Tika writes note bodies at the end of their paragraph, so text left between the balanced
    "]" and the end of the line, ending in "]" itself and not starting another body, is the
    rest of this body.
    """
    line_end = text.find("\n", close)
    line_end = len(text) if line_end < 0 else line_end
    tail = text[close:line_end]
    if tail.strip() and "[" not in tail and tail.rstrip().endswith("]"):
        return close + len(tail.rstrip())
    return close


def _extract_footnotes(text: str, diags: _Diagnostics) -> tuple[str, dict[str, str]]:
    """Move the inline bodies `[N:  text]` of cited notes out of the text; mark the citations.

    A body is taken only for a number that is cited by a `[footnoteRef:N]`; what cannot be
    placed stays in the text. The removed span is replaced by its line breaks, so the line
    numbers of everything after it do not move.
    """
    cited = {m.group(1) for m in _FOOTNOTE_REF.finditer(text)}
    bodies: dict[str, str] = {}
    out: list[str] = []
    pos = 0
    for m in _FOOTNOTE_BODY.finditer(text):
        number = m.group(1)
        if m.start() < pos or number not in cited:
            continue
        close = _closing_bracket(text, m.start())
        if close is None:
            diags.add(
                "warning",
                "footnote-body-unclosed",
                f"the text of footnote {number} has no closing ']'; it is kept as text",
                _line_of(text, m.start()),
            )
            continue
        close = _stray_bracket_end(text, close)
        body = " ".join(text[m.end() : close - 1].split())
        if number in bodies:
            diags.add(
                "warning",
                "footnote-duplicate",
                f"footnote {number} has a second text; it is kept as text",
                _line_of(text, m.start()),
            )
            continue
        bodies[number] = body
        out.append(text[pos : m.start()])
        out.append("\n" * text.count("\n", m.start(), close))
        pos = close
    out.append(text[pos:])
    text = "".join(out)

    def ref(m: re.Match[str]) -> str:
        number = m.group(1)
        if number in bodies:
            return f"[^{number}]"
        diags.add(
            "warning",
            "footnote-body-missing",
            f"footnote {number} is cited but its text is missing; the marker is dropped",
            _line_of(text, m.start()),
        )
        return ""

    text = _FOOTNOTE_REF.sub(ref, text)
    used = {m.group(1) for m in re.finditer(r"\[\^(\d+)\]", text)}
    return text, {n: b for n, b in bodies.items() if n in used}


def _detect_language(lines: list[_Line]) -> str:
    """The language whose Q&A headings the text has the most of ("Vraag 1" vs "Question 1")."""

    def score(lang: str) -> int:
        return sum(
            1
            for line in lines
            if parse_heading(line.text, lang)
            or split_heading(line.text, lang)
            or parse_answer_word(line.text, lang) is not None
        )

    nl, en = score("nl"), score("en")
    return "en" if en > nl else "nl"


def _split_source_items(label: str, text: str, bracket: bool) -> list[tuple[str, str]]:
    """ "…politie[3] https://…": the next bracket item glued to this one starts a new item."""
    items = []
    current = int(label)
    while bracket:
        glued = re.search(rf"\[{current + 1}\]\s*", text)
        if not glued:
            break
        items.append((str(current), text[: glued.start()].strip()))
        text = text[glued.end() :]
        current += 1
    items.append((str(current), text.strip()))
    return items


def _source_notes(
    blocks: list[Block], question_text: str
) -> tuple[list[Block], list[tuple[str, str]]]:
    """Split the numbered source list off the end of the body, if there is one.

    It must come after the last Q&A heading and the first paragraph under it, number from 1
    upwards, and its first marker must be cited in a question ("… bestaan? 1)", "geraakt[1]"),
    so that an answer ending in a numbered list keeps its list.
    """
    last_heading = max((i for i, b in enumerate(blocks) if b.kind == "heading"), default=None)
    if last_heading is None:
        return blocks, []
    start = len(blocks)
    for i in range(len(blocks) - 1, last_heading + 1, -1):
        m = _SOURCE_ITEM.match(blocks[i].text) if blocks[i].kind == "paragraph" else None
        if not m:
            break
        start = i
        if _item_label(m) == "1":
            break  # the list starts here; a numbered list above it belongs to the answer
    if start == len(blocks):
        return blocks, []
    notes: list[tuple[str, str]] = []
    for block in blocks[start:]:
        m = _SOURCE_ITEM.match(block.text)
        assert m
        label = _item_label(m)
        notes.extend(_split_source_items(label, m.group("text"), bool(m.group("bracket"))))
    labels = [int(label) for label, _ in notes]
    if labels[0] != 1 or labels != sorted(set(labels)):
        return blocks, []
    if not re.search(r"(?<!\d)1\)|\[1\]", question_text):
        return blocks, []
    caption = blocks[start - 1]
    if (
        start - 1 > last_heading
        and caption.kind == "paragraph"
        and _NOTES_CAPTION.match(caption.text)
    ):
        start -= 1  # the list's own caption: the "## Bronnen" heading stands for it
    return blocks[:start], notes


def _insert_answer_headings(
    blocks: list[Block], language: str, answers_expected: bool
) -> tuple[list[Block], list[Block]]:
    """An answer that follows its question with no heading gets `Antwoord op vraag N`.

    Only in a document that answers (an answer line or a cover letter), for questions that no
    answer heading covers, where `qa_shape.answer_start` finds the answer.
    """
    matches = [parse_heading(b.text, language) if b.kind == "heading" else None for b in blocks]
    covered = {
        x for m in matches if m and m.kind == "answer" and not m.bare_answer for x in m.labels
    }
    if not answers_expected:
        return blocks, []
    out: list[Block] = []
    inserted: list[Block] = []
    i = 0
    while i < len(blocks):
        out.append(blocks[i])
        match = matches[i]
        i += 1
        if not (match and match.kind == "question") or set(match.labels) & covered:
            continue
        j = i
        while j < len(blocks) and blocks[j].kind != "heading":
            j += 1
        body = blocks[i:j]
        split = answer_start([b.text for b in body], len(match.labels))
        if split is None:
            continue
        new = heading(answer_heading(match.labels, language), body[split].line)
        out.extend([*body[:split], new, *body[split:]])
        inserted.append(new)
        i = j
    return out, inserted


def _title(header: Header, language: str, fallback: str) -> str:
    if header.subject:
        return (
            "Answer to questions about " if language == "en" else "Antwoord op vragen over "
        ) + (header.subject)
    if header.answered_by:
        role, _, name = header.answered_by.partition(" ")
        who = f"{role.lower()} {name}".strip()
        title = f"Answer from {who}" if language == "en" else f"Antwoord van {who}"
        if header.received:
            title += ", " + format_date(header.received, language)
        return title
    return fallback


def import_tika_text(path: Path, *, source: str) -> ImportResult:
    """Import one Tika text file (see the module docstring) into a Markdown document."""
    diags = _Diagnostics(source)
    decoded = decode(Path(path).read_bytes())
    for severity, code, message in decoded.problems:
        diags.add(severity, code, message)
    text = _BOOKMARK.sub("", decoded.text)
    text, footnotes = _extract_footnotes(text, diags)

    lines = [_Line(i, clean_line(raw)) for i, raw in enumerate(text.split("\n"), start=1)]
    lines = [line for line in lines if line.text]
    # Furniture: Tika lists the letter's embedded pictures (logo, signature) by file name at the
    # very end ("image2.png", "image1.png"). They are not text of the letter; drop them.
    while lines and _IMAGE.match(lines[-1].text):
        lines.pop()
    # A letter signed after its answers: the signature is metadata, not the last answer's text.
    signed = trailing_signature([line.text for line in lines[-8:]])
    signature = [line.text for line in lines[len(lines) - signed :]] if signed else []
    if signed:
        lines = lines[:-signed]

    language = _detect_language(lines)
    pieces = []
    for line in lines:
        match = parse_heading(line.text, language)
        pieces.append(Piece("heading", heading=match) if match else Piece("paragraph", line.text))
    edits = {edit.index: edit for edit in shape(pieces, language)}
    for severity, code, message, number in summarise(
        list(edits.values()), lambda i: lines[i].number
    ):
        diags.add(severity, code, message, number)
    first_heading = min(
        [i for i, piece in enumerate(pieces) if piece.kind == "heading"] + list(edits),
        default=None,
    )
    if first_heading is None:
        diags.add(
            "error",
            "no-questions-found",
            "no question or answer heading ('Vraag 1', 'Antwoord op vraag 1') found",
        )
        first_heading = len(lines)

    header = Header()
    opening = lines[:first_heading]
    # The opening of an official text: "Antwoord van ..." and "Vragen van ..." lines.
    for line in opening:
        header.update(parse_answer_line(line.text))
    for line in opening:
        header.update(parse_questions_line(line.text))
    # A ministry letter: the annex title ends the cover letter; lacking it, the cover letter
    # runs up to the first heading when the opening looks like a letterhead.
    annex = next(
        (i for i, line in enumerate(opening) if parse_annex_title(line.text) is not None), None
    )
    cover_end = None
    if annex is not None:
        cover_end = annex
        header.update(parse_annex_title(opening[annex].text))
    elif not header.answered_by and any(_COVER_SIGNS.match(line.text) for line in opening):
        cover_end = first_heading
    if cover_end is not None:
        cover = [line.text for line in opening[:cover_end]]
        header.update(parse_cover_letter(cover))
        if cover_end:
            diags.add(
                "info",
                "cover-letter-skipped",
                f"the cover letter (lines {opening[0].number}-{opening[cover_end - 1].number}) "
                "was read for metadata and left out of the document",
                opening[0].number,
            )
        opening = opening[cover_end:]
    # A letter without a letterhead: its date line and signature are among the opening lines
    # or at the very end.
    letter = parse_cover_letter([line.text for line in opening] + signature)
    letter.pop("kind", None)
    if not header.answered_by and letter.get("answered_by"):
        header.answered_by = letter["answered_by"]
    header.update(letter)

    blocks: list[Block] = []
    see_also: list[str] = []
    for line in opening:
        reference = parse_see_also(line.text)
        if reference:
            see_also.append(reference)
        else:
            blocks.append(paragraph(line.text, line.number))
    question_text: list[str] = []
    in_question = False
    for index in range(first_heading, len(lines)):
        line = lines[index]
        edit = edits.get(index)
        match = parse_heading(edit.heading if edit else line.text, language)
        if match:
            blocks.append(heading(edit.heading if edit else line.text, line.number))
            in_question = match.kind == "question" or match.bare_answer
            # an irregular heading is the reader's to report (heading-typo), as for every format
            if edit is None:
                continue
            rest = line.text[edit.cut :].strip()
            if not rest:
                continue
            blocks.append(paragraph(rest, line.number))
            if in_question:
                question_text.append(rest)
            continue
        blocks.append(paragraph(line.text, line.number))
        if in_question:
            question_text.append(line.text)
    blocks, notes = _source_notes(blocks, "\n".join(question_text))
    answers_expected = cover_end is not None or bool(header.answerer) or header.kind == "answer"
    blocks, inserted = _insert_answer_headings(blocks, language, answers_expected)
    if inserted:
        diags.add(
            "info",
            "answer-heading-inserted",
            inserted_headings_message([b.text for b in inserted]),
            inserted[0].line,
        )

    header.see_also = header.see_also or []
    for reference in see_also:
        if reference not in header.see_also:
            header.see_also.append(reference)
    header.publication = header.publication or parse_publication(decoded.text)
    has_answers = any(
        b.kind == "heading" and (m := parse_heading(b.text, language)) and m.kind == "answer"
        for b in blocks
    )
    kind = header.kind or ("answer" if has_answers or first_heading == len(lines) else "questions")
    stem = Path(path).stem
    slug = document_slug(stem, header.publication, header.received, header.subject)
    meta = header.metadata(
        title=_title(header, language, stem), kind=kind, source=source, language=language
    )
    if unknown := ministry_diagnostic(meta, source):
        diags.items.append(unknown)
    markdown = write_document(meta, blocks, footnotes, notes)
    return ImportResult(markdown=markdown, slug=slug, diagnostics=diags.items)
