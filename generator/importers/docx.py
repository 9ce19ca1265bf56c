"""Word (.docx) ministry letters → one Markdown document (docs/content-format.md).

A ministry's answer letter is a cover letter (letterhead tables, "Datum", "Onderwerp", "Ons
kenmerk", a sentence and a signature) followed, after a page break, by the annex: "Antwoorden
van de minister ... op Kamervragen ...", then "Vraag 1" / "Antwoord op vraag 1" and finally the
question sources ("1) NOS, ...", "[1] https://...", or a Word auto-numbered list). The cover
letter gives the metadata and is not copied; the annex is copied paragraph by paragraph.

Reading the package is `docx_extract`; inline formatting is `docx_inline`; metadata parsing
is the shared `header` module and the Markdown writing the shared `markdown` module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.document import Diagnostic, Metadata
from generator.frontmatter import dump
from generator.grammar import HeadingMatch, normalise_space, parse_heading
from generator.importers import ImportResult
from generator.importers import markdown as md
from generator.importers.docx_extract import Inline, Paragraph, Table, WordDocument, read_docx
from generator.importers.docx_inline import plain_text, render_inlines, split_lines, strip_edges
from generator.importers.header import (
    Header,
    ministry_diagnostic,
    parse_annex_title,
    parse_answer_line,
    parse_cover_letter,
    parse_kamer_reference,
    parse_questions_line,
    parse_see_also,
    trailing_signature,
)
from generator.importers.qa_shape import (
    Edit,
    Piece,
    answer_heading,
    answer_start,
    inserted_headings_message,
    shape,
    summarise,
)
from generator.slug import document_slug

# "Antwoorden van de minister ... op Kamervragen ...": the first line of the annex.
_ANNEX_TITLE = re.compile(
    r"^\s*(?:antwoord(?:en)?|beantwoording|answers?)\s+(?:van|op|from|by|to)\b", re.I
)
# Lines that only a cover letter has: its letterhead, or (a letter whose letterhead is in the
# page header, which is not body text) its salutation, place and date, reference and closing.
_LETTERHEAD = re.compile(
    r"^\s*(?:datum|onderwerp|betreft|(?:ons\s+|uw\s+)?kenmerk|retouradres|date|subject)\b"
    r"|^\s*(?:geachte\s+(?:voorzitter|heer|mevrouw)|hoogachtend|dear\s+(?:chair|speaker))\b"
    r"|^\s*(?:den\s+haag|[’']s-gravenhage)\s*,\s*\d"
    r"|^\s*in\s+antwoord\s+op\s+uw\s+brief\b",
    re.I,
)


@dataclass
class _Entry:
    """One piece of the annex, before it is written: a heading, a paragraph or a table."""

    kind: str  # heading | paragraph | table
    line: int
    heading: HeadingMatch | None = None
    inlines: list[Inline] = field(default_factory=list)
    number: str | None = None  # auto-numbering label
    num_format: str | None = None
    rows: list[list[list[Inline]]] = field(default_factory=list)  # table cells
    inserted: bool = False

    @property
    def text(self) -> str:
        return plain_text(self.inlines)

    @property
    def all_bold(self) -> bool:
        texts = [i for i in self.inlines if i.kind == "text" and i.text.strip()]
        return bool(texts) and all(i.bold for i in texts)


# --- cover letter ----------------------------------------------------------------------------


def _paragraph_lines(p: Paragraph) -> list[str]:
    return [normalise_space(plain_text(line)) for line in split_lines(p.inlines)]


def _cover_lines(blocks: list[Paragraph | Table]) -> list[str]:
    """The cover letter as lines: a table row is one line when its cells hold one line each."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.extend(_paragraph_lines(block))
            continue
        for row in block.rows:
            cells = [[x for p in cell for x in _paragraph_lines(p) if x] for cell in row]
            if all(len(c) <= 1 for c in cells):
                lines.append(" ".join(c[0] for c in cells if c))
            else:
                lines.extend(x for c in cells for x in c)
    return [x for x in lines if x]


def _annex_start(blocks: list[Paragraph | Table], language: str) -> int | None:
    """Index of the annex title (or the first Q&A heading when there is no title)."""
    found = _title_or_heading(blocks, language)
    if found is not None:
        return found
    # No "Vraag 1" line: headings written another way ("1. Kent u ...?" + "Antwoord").
    paragraphs = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    pieces = [
        Piece("paragraph", _raw(strip_edges(b.inlines)).strip(), b.number, _bold(b.inlines))
        for _, b in paragraphs
    ]
    edits = shape(pieces, language)
    return paragraphs[edits[0].index][0] if edits else None


def _bold(inlines: list[Inline]) -> bool:
    texts = [i for i in inlines if i.kind == "text" and i.text.strip()]
    return bool(texts) and all(i.bold for i in texts)


def _title_or_heading(blocks: list[Paragraph | Table], language: str) -> int | None:
    first_heading = None
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = normalise_space(block.text)
        if first_heading is None and (
            parse_heading(text, language) or _numbered_heading(block, language)
        ):
            first_heading = i
            break
        if _ANNEX_TITLE.match(text) and (parse_annex_title(text) or "kamervragen" in text.lower()):
            return i
    return first_heading


def _has_cover_letter(blocks: list[Paragraph | Table]) -> bool:
    for block in blocks:
        if isinstance(block, Table):
            return True
        if _LETTERHEAD.match(normalise_space(block.text)):
            return True
    return False


# --- annex -----------------------------------------------------------------------------------


def _entries(blocks: list[Paragraph | Table], language: str) -> list[_Entry]:
    entries: list[_Entry] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            entries.extend(_paragraph_entries(block, language))
            continue
        cells = [[p for p in cell] for row in block.rows for cell in row]
        if any(parse_heading(p.text, language) for cell in cells for p in cell):
            # A layout table holding the questions and answers: read it cell by cell.
            for cell in cells:
                for p in cell:
                    entries.extend(_paragraph_entries(p, language))
            continue
        rows = [[_cell_inlines(cell) for cell in row] for row in block.rows]
        if any(plain_text(c).strip() for r in rows for c in r):
            entries.append(_Entry("table", block.index, rows=rows))
    return entries


def _cell_inlines(cell: list[Paragraph]) -> list[Inline]:
    out: list[Inline] = []
    for p in cell:
        if out:
            out.append(Inline("tab"))  # paragraphs of one cell: one line, space between
        out.extend(p.inlines)
    return out


# "Vraag 1: Kent u ...?" / "Vraag 1<tab>Kent u ...?": a heading and its text in one paragraph.
_HEADING_PREFIX = re.compile(r"^[ \t]*(?P<h>[^:\t\n]{1,40}?)[ ]*(?::|\t)[ \t]*(?=\S)")


def _raw(inlines: list[Inline]) -> str:
    return "".join(
        i.text
        if i.kind == "text"
        else ("\t" if i.kind == "tab" else " " if i.kind == "page" else "")
        for i in inlines
    )


def _split_at(inlines: list[Inline], offset: int) -> tuple[list[Inline], list[Inline]]:
    """Split inlines at a character offset of `_raw(inlines)`."""
    head: list[Inline] = []
    pos = 0
    for k, item in enumerate(inlines):
        size = len(_raw([item]))
        if pos + size <= offset:
            head.append(item)
            pos += size
            continue
        cut = offset - pos
        if cut > 0:
            head.append(replace(item, text=item.text[:cut]))
            return head, [replace(item, text=item.text[cut:]), *inlines[k + 1 :]]
        return head, list(inlines[k:])
    return head, []


def _numbered_heading(block: Paragraph, language: str) -> HeadingMatch | None:
    """A heading that Word numbers itself: list level text "Vraag %1:" gives "Vraag 3:"."""
    if not block.number or block.num_format == "bullet":
        return None
    return parse_heading(block.number, language)


def _paragraph_entries(block: Paragraph, language: str) -> list[_Entry]:
    inlines = strip_edges(block.inlines)
    numbered = _numbered_heading(block, language)
    if numbered is not None:
        out = [_Entry("heading", block.index, heading=numbered)]
        if plain_text(inlines).strip() or any(i.kind == "note" for i in inlines):
            out.append(_Entry("paragraph", block.index, inlines=inlines))
        return out
    if not plain_text(inlines).strip() and not any(i.kind == "note" for i in inlines):
        return []
    if not block.number:
        lines = split_lines(inlines)
        first = strip_edges(lines[0])
        rest = strip_edges([x for line in lines[1:] for x in (*line, Inline("break"))])
        match = parse_heading(plain_text(first), language)
        if match is None:
            prefix = _HEADING_PREFIX.match(_raw(first))
            match = parse_heading(prefix.group("h"), language) if prefix else None
            if match is not None:
                head, tail = _split_at(first, prefix.end())
                match = parse_heading(_raw(head).replace("\t", " "), language) or match
                rest = strip_edges([*tail, Inline("break"), *rest] if rest else tail)
                first = head
        if match and not any(i.kind == "note" for i in first):
            out = [_Entry("heading", block.index, heading=match)]
            if plain_text(rest).strip() or any(i.kind == "note" for i in rest):
                out.append(_Entry("paragraph", block.index, inlines=rest))
            return out
    return [
        _Entry(
            "paragraph",
            block.index,
            inlines=inlines,
            number=block.number,
            num_format=block.num_format,
        )
    ]


def _shape_entries(entries: list[_Entry], language: str) -> tuple[list[_Entry], list[Edit]]:
    """Headings written another way ("Antwoord" alone, "1." auto-numbered questions)."""
    pieces = []
    for entry in entries:
        if entry.kind == "heading":
            pieces.append(Piece("heading", heading=entry.heading))
        elif entry.kind == "paragraph":
            pieces.append(Piece("paragraph", _raw(entry.inlines), entry.number, entry.all_bold))
        else:
            pieces.append(Piece("other"))
    edits = shape(pieces, language)
    by_index = {e.index: e for e in edits}
    out: list[_Entry] = []
    for i, entry in enumerate(entries):
        edit = by_index.get(i)
        if edit is None:
            out.append(entry)
            continue
        out.append(_Entry("heading", entry.line, heading=parse_heading(edit.heading, language)))
        _head, rest = _split_at(entry.inlines, edit.cut)
        rest = strip_edges(rest)
        number = None if edit.drop_number else entry.number
        if plain_text(rest).strip() or any(x.kind == "note" for x in rest):
            out.append(replace(entry, inlines=rest, number=number))
    # Report by paragraph number in the Word file, as the other docx diagnostics do.
    return out, [replace(e, index=entries[e.index].line) for e in edits]


def _insert_missing_answer_headings(
    entries: list[_Entry], language: str, answers_expected: bool = False
) -> list[_Entry]:
    """A question followed by its answer without a heading gets `## Antwoord op vraag N`.

    Seen in ministry letters: the question is bold and the answer follows in plain type. Only
    for questions that no answer heading covers; at a bold → plain change, or, in a letter
    that answers (`answers_expected`), where `qa_shape.answer_start` puts it.
    """
    covered = {
        label
        for e in entries
        if e.heading and e.heading.kind == "answer"
        for label in e.heading.labels
    }
    out: list[_Entry] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        out.append(entry)
        i += 1
        if not (entry.heading and entry.heading.kind == "question"):
            continue
        labels = entry.heading.labels
        if all(label in covered for label in labels):
            continue
        j = i
        while j < len(entries) and entries[j].kind != "heading":
            j += 1
        body = entries[i:j]
        split = next(
            (
                k
                for k in range(1, len(body))
                if body[0].kind == "paragraph"
                and body[0].all_bold
                and body[k].kind != "heading"
                and not body[k].all_bold
            ),
            None,
        )
        if split is None and answers_expected:
            texts = [e.text if e.kind == "paragraph" else "" for e in body]
            split = answer_start(texts, len(labels))
        if split is None:
            continue
        out.extend(body[:split])
        text = answer_heading(labels, language)
        out.append(
            _Entry(
                "heading", body[split].line, heading=parse_heading(text, language), inserted=True
            )
        )
        out.extend(body[split:])
        covered.update(labels)
        i = j
    return out


# --- question source notes -------------------------------------------------------------------

_TYPED_NOTE = re.compile(
    r"^\s*(?:\[(?P<b>\d{1,3})\]|(?P<p>\d{1,3})\)|\((?P<q>\d{1,3})\)|(?P<d>\d{1,3})\.(?=\s))\s*"
)
# A caption line above the source list: "Bronnen", "Noten:", "Voetnoten".
_NOTES_CAPTION = re.compile(
    r"^\s*(?:bronnen|bronvermelding(?:en)?|(?:voet|eind)?noten|sources|notes|references)\s*:?\s*$",
    re.I,
)
_NOTE_LABEL = re.compile(r"^[\[(]?(?P<n>\d{1,3})[).\]]?$")


def _note_start(entry: _Entry) -> str | None:
    """The label when this paragraph starts a source note ("1) ...", "[1] ...", auto "1)")."""
    if entry.kind != "paragraph":
        return None
    if entry.number:
        m = _NOTE_LABEL.match(entry.number)
        return m.group("n") if m and entry.num_format not in ("bullet",) else None
    m = _TYPED_NOTE.match(entry.text)
    return (m.group("b") or m.group("p") or m.group("q") or m.group("d")) if m else None


def _split_notes(text: str, label: str, bracket: bool) -> list[tuple[str, str]]:
    """ "[2] https://...politie[3] https://..." → [("2", "https://...politie"), ("3", ...)]."""
    notes: list[tuple[str, str]] = []
    current = label
    pos = 0
    body_start = 0
    while True:
        nxt = str(int(current) + 1)
        pattern = rf"\[{nxt}\]\s*" if bracket else rf"(?:(?<=\s)|^){nxt}\)\s+"
        m = re.compile(pattern).search(text, pos)
        if not m:
            break
        notes.append((current, text[body_start : m.start()].strip()))
        current, body_start, pos = nxt, m.end(), m.end()
    notes.append((current, text[body_start:].strip()))
    return notes


def _source_notes(entries: list[_Entry]) -> tuple[list[_Entry], list[tuple[str, str]]]:
    """Take the trailing numbered source list off the annex: (entries, [(label, text)])."""
    k = len(entries)
    while k > 0 and (label := _note_start(entries[k - 1])):
        k -= 1
        if label == "1":
            break  # the list starts here; a numbered list above it belongs to the answer
    if entries[k:] and all(e.number and _note_start(e) == "1" for e in entries[k:]):
        while k > 0 and entries[k - 1].number and _note_start(entries[k - 1]) == "1":
            k -= 1  # every item a list of its own: "1)", "1)", "1)" (renumbered below)
    tail = entries[k:]
    if not tail:
        return entries, []
    notes: list[tuple[str, str]] = []
    for entry in tail:
        label = _note_start(entry) or ""
        text = normalise_space(entry.text)
        if entry.number:
            notes.append((label, text))
            continue
        m = _TYPED_NOTE.match(text)
        bracket = bool(m and m.group("b"))
        notes.extend(_split_notes(text[m.end() :] if m else text, label, bracket))
    labels = [int(label) for label, _ in notes]
    if len(labels) > 1 and set(labels) == {1} and all(e.number for e in tail):
        # Word restarts a list at every item when each has a list of its own: "1)", "1)", "1)"
        # on the page is not what the author numbered; the order is.
        labels = list(range(1, len(labels) + 1))
        notes = [(str(n), text) for n, (_, text) in zip(labels, notes, strict=True)]
    if labels != list(range(1, len(labels) + 1)):
        return entries, []
    # Only a list that the questions cite is a source list (not an answer's own enumeration):
    # at least half of its numbers must stand as markers ("1)", "[1]") in question text.
    questions, kind = [], None
    for entry in entries[:k]:
        if entry.heading:
            kind = entry.heading.kind
        elif kind == "question":
            questions.append(entry.text)
    asked = " ".join(questions)
    cited = [n for n in labels if re.search(rf"(?:\[{n}\]|(?<![\d(]){n}\))", asked)]
    if not cited or len(cited) * 2 < len(labels):
        return entries, []
    if k and entries[k - 1].kind == "paragraph" and _NOTES_CAPTION.match(entries[k - 1].text):
        k -= 1  # the list's own caption: the "## Bronnen" heading stands for it
    return entries[:k], notes


# --- metadata --------------------------------------------------------------------------------


def _metadata(
    cover: list[str], annex_title: str | None, preamble: list[str], signature: list[str]
) -> Header:
    """Metadata from the cover letter, the annex title, the opening lines and a signature at
    the end, in that order of authority (the first source that names a field wins)."""
    header = Header()
    found = parse_cover_letter(cover) if cover else {}
    header.update(found)
    if annex_title:
        annex = parse_annex_title(annex_title) or parse_answer_line(annex_title) or {}
        if header.on_behalf_of:
            annex.pop("on_behalf_of", None)
        header.update(annex)
    for line in preamble:
        header.update(parse_answer_line(line))
        header.update(parse_questions_line(line))
        see = parse_see_also(line)
        if see:
            header.update({"see_also": [see]})
    if not header.answered_by and header.ministry is None and annex_title:
        header.update(parse_answer_line(annex_title))
    # A letter without a letterhead (it sits in the page header): its date line and signature
    # stand among the opening lines or at the very end.
    letter = parse_cover_letter([*preamble, *signature])
    letter.pop("kind", None)
    if not header.answered_by and letter.get("answered_by"):
        header.answered_by = letter["answered_by"]
    header.update(letter)
    header.kamer_reference = header.kamer_reference or parse_kamer_reference(
        [annex_title or "", *preamble]
    )
    if header.letter_date is None and cover:
        header.letter_date = header.received
    return header


# --- the importer ----------------------------------------------------------------------------


def import_docx(path: Path, *, source: str) -> ImportResult:
    """Import one Word letter. Raises ValueError naming the file when it is not a Word file."""
    word: WordDocument = read_docx(path)
    diagnostics: list[Diagnostic] = []

    def diag(severity: str, code: str, message: str, line: int | None = None) -> None:
        diagnostics.append(Diagnostic(source, line, severity, code, message))  # type: ignore[arg-type]

    for what in dict.fromkeys(word.clamped):  # once per kind of number and value
        diag("warning", "docx-number-too-large", what)
    language = "nl"
    start = _annex_start(word.blocks, language)
    if start is None and _annex_start(word.blocks, "en") is not None:
        language = "en"
        start = _annex_start(word.blocks, language)
    if start is None:
        diag(
            "warning",
            "docx-no-questions",
            "no 'Vraag 1' heading or annex title found; imported all text",
        )
        start = 0
    if not _has_cover_letter(word.blocks[:start]):
        start = 0  # no letterhead: everything is the document itself
    cover_blocks, annex_blocks = word.blocks[:start], word.blocks[start:]
    for block in cover_blocks:
        if isinstance(block, Paragraph) and block.note_ids:
            diag(
                "info",
                "docx-footnote-in-cover-letter",
                "a footnote in the cover letter was not imported",
                block.index,
            )

    for block in annex_blocks:
        if isinstance(block, Paragraph) and block.has_textbox:
            diag(
                "warning",
                "docx-textbox",
                "text in a text box or drawing was not imported",
                block.index,
            )
    entries = _entries(annex_blocks, language)
    entries, edits = _shape_entries(entries, language)
    for severity, code, message, line in summarise(edits, lambda line: line):
        diag(severity, code, message, line)
    answers_expected = bool(cover_blocks) or any(
        e.heading and e.heading.kind == "answer" for e in entries
    )
    entries = _insert_missing_answer_headings(entries, language, answers_expected)
    entries, source_notes = _source_notes(entries)
    inserted = [e for e in entries if e.inserted]
    if inserted:
        diag(
            "info",
            "docx-answer-heading-inserted",
            inserted_headings_message([e.heading.text for e in inserted]),
            inserted[0].line,
        )

    first_heading = next((i for i, e in enumerate(entries) if e.kind == "heading"), len(entries))
    preamble_text = [
        normalise_space(e.text) for e in entries[:first_heading] if e.kind == "paragraph"
    ]
    annex_title = next((t for t in preamble_text if _ANNEX_TITLE.match(t)), None)
    # A signature block that ends the document (a letter signed after its answers).
    tail = [e for e in entries[-8:] if e.kind == "paragraph" and not e.number]
    signed = trailing_signature([normalise_space(e.text) for e in tail])
    signature = [normalise_space(e.text) for e in tail[len(tail) - signed :]] if signed else []
    if signed and entries[-signed:] == tail[len(tail) - signed :]:
        entries = entries[:-signed]  # not part of the last answer
    header = _metadata(_cover_lines(cover_blocks), annex_title, preamble_text, signature)
    if header.received is None:
        diag("warning", "docx-no-date", "no date found in the letterhead ('Datum ...')")
    if header.answerer is None:
        diag("warning", "docx-no-minister", "no signature or annex title naming the minister found")
    if not any(e.heading for e in entries):
        diag(
            "warning",
            "docx-no-questions",
            "no Q&A headings ('Vraag 1', 'Antwoord op vraag 1') found",
        )
    # An irregular heading ("Vraag 7, 8, 9 10 en 11") is kept as written; the reader reports it
    # (heading-typo) for every format alike, so it is not reported twice here.

    # Footnotes: numbered 1, 2, ... in the order they are cited in the annex.
    numbers: dict[str, str] = {}
    for entry in entries:
        for item in [*entry.inlines, *(i for row in entry.rows for cell in row for i in cell)]:
            if item.kind == "note" and item.note in word.footnotes and item.note not in numbers:
                numbers[item.note] = str(len(numbers) + 1)
    footnotes = {
        numbers[nid]: normalise_space(" ".join(plain_text(p.inlines) for p in word.footnotes[nid]))
        for nid in numbers
    }
    for nid, paragraphs in word.footnotes.items():
        if nid not in numbers and any(plain_text(p.inlines).strip() for p in paragraphs):
            diag("info", "docx-footnote-unused", f"Word footnote {nid} is not cited in the answers")
    for number in numbers.values():
        if not footnotes[number]:
            diag("warning", "docx-footnote-empty", f"footnote {number} has no text")

    kind = header.kind or "answer"
    answered = any(e.heading and e.heading.kind == "answer" for e in entries)
    if header.kind is None and not answered and any(e.heading for e in entries):
        kind = "questions"  # questions without answers
    subject = header.subject
    title = f"Antwoord op vragen over {subject}" if subject else (annex_title or path.stem)
    meta = header.metadata(
        title=normalise_space(title).rstrip("."), kind=kind, source=source, language=language
    )
    if unknown := ministry_diagnostic(meta, source):
        diagnostics.append(unknown)
    parts = [_write_entry(e, numbers, set(footnotes)) for e in entries]
    parts = [p for p in parts if p]
    markdown = _assemble(meta, parts, footnotes, source_notes)
    slug = document_slug(path.stem, meta.publication, meta.received, meta.subject)
    return ImportResult(markdown=markdown, slug=slug, diagnostics=diagnostics)


_LIST_MARK = {"bullet": "-"}


def _plain_if_whole(inlines: list[Inline]) -> list[Inline]:
    """A paragraph bold (or italic) as a whole is a layout convention ("the questions are
    bold"), not emphasis: it loses that styling, so the page reads like the PDF. Emphasis on
    part of a paragraph stays."""
    texts = [i for i in inlines if i.kind == "text" and i.text.strip()]
    if not texts:
        return inlines
    bold, italic = all(i.bold for i in texts), all(i.italic for i in texts)
    if not (bold or italic):
        return inlines
    return [
        replace(i, bold=i.bold and not bold, italic=i.italic and not italic)
        if i.kind == "text"
        else i
        for i in inlines
    ]


def _write_entry(entry: _Entry, numbers: dict[str, str], keep: set[str]) -> str:
    if entry.kind == "heading":
        return md.write_block(md.heading(entry.heading.text), keep)
    if entry.kind == "table":

        def cell(inlines: list[Inline]) -> str:
            return plain_text(
                inlines, note=lambda nid: f"[^{numbers[nid]}]" if nid in numbers else ""
            )

        return md.write_block(md.table([[cell(c) for c in row] for row in entry.rows]), keep)
    text = render_inlines(_plain_if_whole(entry.inlines), note=numbers.get, footnotes=keep)
    if entry.number:
        label = "-" if entry.num_format == "bullet" else entry.number
        if label != "-" and not re.match(r"^\d{1,9}[.)]$", label):
            label = md.escape_text(label)  # "a." / "(i)" are not Markdown list markers
        text = f"{label} {text}"
    return text


def _assemble(
    meta: Metadata, parts: list[str], footnotes: dict[str, str], notes: list[tuple[str, str]]
) -> str:
    """Front matter + our blocks + the shared writer's "## Bronnen" list and definitions.

    `markdown.write_document` takes plain-text paragraphs only (it escapes `*`), so we render
    our formatted paragraphs ourselves and take the front matter, the source list and the
    footnote definitions from the shared writer, unchanged.
    """
    whole = md.write_document(meta, [], footnotes, notes)
    front = dump(meta)
    tail = whole[len(front) :].strip("\n")
    body = "\n\n".join([*parts, tail] if tail else parts)
    return f"{front}\n{body}\n"
