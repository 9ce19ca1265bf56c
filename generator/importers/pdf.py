"""Official PDF importer: an "Aanhangsel van de Handelingen" PDF → one Markdown document.

Pipeline (one module per step):

1. `pdf_layout`: pdfminer.six characters → lines with size, position and superscripts;
2. `pdf_pages`: lines → running text, page-bottom footnotes and page furniture (dropped);
3. here: running text → paragraphs, Q&A headings and tables; footnote markers → `[^N]`;
   the header paragraphs → metadata (`header.py`); everything → `markdown.write_document`.

Position and size decide what a line is; wording is only used for what layout cannot tell
(a Q&A heading is set like running text, so `grammar.parse_heading` recognises it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.document import Diagnostic
from generator.grammar import normalise_space, parse_heading
from generator.importers import REFUSED, ImportResult
from generator.importers.header import (
    Header,
    ministry_diagnostic,
    parse_answer_line,
    parse_publication,
    parse_questions_line,
    parse_see_also,
)
from generator.importers.markdown import Block, heading, paragraph, table, write_document
from generator.importers.pdf_layout import SUP_RE, Line, PdfReadError, read_pages
from generator.importers.pdf_pages import Joiner, Metrics, Note, ends_paragraph, split_pages
from generator.importers.qa_shape import Piece, answer_heading, answer_start, shape, summarise
from generator.slug import document_slug

LIST_MARK_RE = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|[•●▪–-])$")
SENTENCE_END = re.compile(r"[.?!:;»”)]$")
NOTICE_RE = re.compile(r"^Mededeling\s*:?$", re.I)
# The sentence of a postponement notice: "De vragen ... kunnen niet binnen de gebruikelijke
# termijn (van drie weken) worden beantwoord", "... is uitstel nodig".
POSTPONED = re.compile(
    r"\bniet\s+binnen\s+de\s+(?:gebruikelijke\s+|gestelde\s+|reguliere\s+)?termijn\b"
    r"|\buitstel\s+(?:van\s+(?:de\s+)?beantwoording|nodig|vragen)\b",
    re.I,
)
SEE_ALSO_IN_TEXT = re.compile(r"\s*\b(?:Zie\s+ook)\b.*$", re.I | re.S)
# A word that starts a Dutch sentence and is written in lower case inside one: after a line
# that ends without punctuation, it can only start a new paragraph (see `_item_title_ends`).
SENTENCE_OPENER = re.compile(
    r"^(?:De|Het|Een|Dit|Deze|Dat|Die|Er|Ik|Wij|Zij|Hierbij|Daarnaast|Daarbij|Ook|Zo|Om|In|Op|"
    r"Voor|Met|Bij|Naast|Verder|Tot|Tenslotte|Ten)\s+[a-zà-ÿ]"
)


class PdfInvalid(ValueError):
    """Raised for a file that is not a readable PDF; `diagnostic` has code `pdf-invalid` (or
    `pdf-too-large` for a compression bomb)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class Chunk:
    """A piece of the running text: a paragraph, a Q&A heading, a table or a notice heading."""

    kind: str  # paragraph | heading | table | notice
    lines: list[Line] = field(default_factory=list)
    indent: float = 0.0
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        return self.lines[0].page if self.lines else None


# --- running text → chunks -------------------------------------------------------------------


def _is_list_start(line: Line) -> bool:
    if len(line.segments) != 2:
        return False
    mark, text = line.segments[0].text, line.segments[1].text
    # A bare question number in its own column ("1   Kent u ...?"), as older volumes set it.
    return bool(LIST_MARK_RE.match(mark)) or (
        mark.isdigit() and len(mark) <= 2 and text[:1].isalpha()
    )


def _item_title_ends(prev: Line, line: Line, chunk: Chunk) -> bool:
    """ "3. De Gezondheidsraad adviseert om een onderzoeksagenda op te stellen" / "Het doen ...":
    a list item's title that fills its line, then its first paragraph. The layout shows no
    break (the next word would not have fitted), but a title ends without punctuation and a
    sentence inside it never goes on with a capitalised "Het"."""
    return (
        chunk.kind == "paragraph"
        and len(chunk.lines) == 1
        and chunk.lines[0] is prev
        and _is_list_start(prev)
        and not SENTENCE_END.search(normalise_space(prev.plain))
        and not prev.plain.rstrip().endswith((",", "-", "–"))
        and bool(SENTENCE_OPENER.match(normalise_space(line.plain)))
    )


def _label_column(line: Line) -> tuple[str, Line] | None:
    """ "Vraag 1   Kent u ...?": a heading in its own column beside the text: (heading, text)."""
    if len(line.segments) != 2:
        return None
    label = normalise_space(line.segments[0].text)
    if not parse_heading(label):
        return None
    rest = Line(line.page, line.base, line.size, line.bold, line.segments[1:])
    return label, rest


def _chunks(body: list[Line], metrics: Metrics) -> list[Chunk]:
    chunks: list[Chunk] = []
    prev: Line | None = None
    for line in body:
        plain = normalise_space(line.plain)
        column = _label_column(line)
        if column is not None:
            chunks.append(Chunk("heading", [line], text=column[0]))
            chunks.append(Chunk("paragraph", [column[1]], indent=column[1].x0))
            prev = column[1]
            continue
        if len(line.segments) >= 2 and not _is_list_start(line):
            if (
                chunks
                and chunks[-1].kind == "table"
                and prev is not None
                and prev.page == line.page
            ):
                chunks[-1].lines.append(line)
            else:
                chunks.append(Chunk("table", [line]))
            prev = line
            continue
        new_para = (
            prev is None
            or not chunks
            or chunks[-1].kind != "paragraph"
            or ends_paragraph(prev, line, metrics)
            or _is_list_start(line)
            or abs(line.x0 - chunks[-1].indent) > 2
        )
        if not new_para and prev is not None and _item_title_ends(prev, line, chunks[-1]):
            new_para = True
        # A line that is a whole Q&A heading ("Vraag 2", capitalised) after a finished
        # sentence is a heading even when the sentence's line was too full to tell.
        if (
            not new_para
            and prev is not None
            and plain[:1].isupper()
            and parse_heading(plain)
            and SENTENCE_END.search(normalise_space(prev.plain))
        ):
            new_para = True
        if new_para and len(line.segments) == 1 and len(plain) <= 80:
            if parse_heading(plain):
                chunks.append(Chunk("heading", [line], text=plain))
                prev = line
                continue
            if NOTICE_RE.match(plain):
                chunks.append(Chunk("notice", [line], text=plain))
                prev = line
                continue
        if new_para:
            indent = line.segments[-1].x0 if _is_list_start(line) else line.x0
            chunks.append(Chunk("paragraph", [line], indent=indent))
        else:
            chunks[-1].lines.append(line)
        prev = line
    return chunks


def _table_rows(lines: list[Line]) -> list[list[str]]:
    """Cells by column; the columns are those of the row with the most cells (the header)."""
    header = max(lines, key=lambda ln: len(ln.segments))
    columns = [(s.x0, s.x1) for s in header.segments]
    rows = []
    for line in lines:
        cells = [""] * len(columns)
        for seg in line.segments:
            best = max(
                range(len(columns)),
                key=lambda i: (
                    min(seg.x1, columns[i][1]) - max(seg.x0, columns[i][0]),
                    -abs((seg.x0 + seg.x1) / 2 - (columns[i][0] + columns[i][1]) / 2),
                ),
            )
            cells[best] = f"{cells[best]} {seg.text}".strip()
        rows.append(cells)
    return rows


# --- footnotes -------------------------------------------------------------------------------


def _number_notes(notes: list[Note]) -> dict[int, str]:
    printed = [n.printed for n in notes]
    if len(set(printed)) == len(printed):
        return {id(n): n.printed for n in notes}
    return {id(n): str(i) for i, n in enumerate(notes, start=1)}  # restarts per page: renumber


def _place_markers(text: str, page: int | None, notes: list[Note], numbers, used: set[int]) -> str:
    """Turn superscript digits into `[^N]` when a footnote with that number exists."""

    def repl(m: re.Match[str]) -> str:
        printed = m.group(1)
        candidates = [n for n in notes if n.printed == printed]
        same_page = [n for n in candidates if n.page == page]
        note = (same_page or [n for n in candidates if id(n) not in used] or [None])[0]
        if note is None:
            return printed  # a raised number without a note (m2, 1e): keep the digits
        used.add(id(note))
        return f"[^{numbers[id(note)]}]"

    text = SUP_RE.sub(repl, text)
    # "gesproken.3Toekomstige": a marker glued to the next sentence gets its space back.
    return re.sub(r"(\[\^\d+\])(?=[^\W\d_])", r"\1 ", text)


# --- the document ----------------------------------------------------------------------------


def import_pdf(path: Path, *, source: str) -> ImportResult:
    try:
        pages = read_pages(path)
    except OSError as exc:
        if exc.errno in REFUSED:  # the system refused; the file may be fine: not "invalid"
            message = f"cannot be read: {exc.strerror}"
            problem = Diagnostic(source, None, "error", "source-unreadable", message)
            raise PdfInvalid(problem) from exc
        message = f"{path.name} is not a readable PDF: {exc.strerror or exc}"
        raise PdfInvalid(Diagnostic(source, None, "error", "pdf-invalid", message)) from exc
    except PdfReadError as exc:
        code = getattr(exc, "code", "pdf-invalid")  # pdf-too-large: pdf_limits' stream budget
        why = "is not a readable PDF" if code == "pdf-invalid" else "is not imported"
        message = f"{path.name} {why}: {exc}"
        raise PdfInvalid(Diagnostic(source, None, "error", code, message)) from exc
    diags: list[Diagnostic] = []
    split = split_pages(pages)
    joiner = Joiner(split.body + [ln for n in split.notes for ln in n.lines], split.metrics)
    chunks = _chunks(split.body, split.metrics)

    numbers = _number_notes(split.notes)
    used: set[int] = set()
    for chunk in chunks:
        if chunk.kind == "paragraph":
            chunk.text = _place_markers(
                normalise_space(joiner.join(chunk.lines)), chunk.page, split.notes, numbers, used
            )
        elif chunk.kind == "table":
            rows = _table_rows(chunk.lines)
            chunk.rows = [
                [_place_markers(c, chunk.page, split.notes, numbers, used) for c in row]
                for row in rows
            ]
    note_texts = {}
    unplaced: list[tuple[Note, str]] = []
    for note in split.notes:
        first = note.lines[0]
        text = joiner.join(note.lines)
        text = normalise_space(re.sub(r"^\x01\d+\x02\s*", "", text))
        text = SUP_RE.sub(r"\1", text)
        if id(note) in used:
            note_texts[numbers[id(note)]] = text
        else:
            unplaced.append((note, text))
            diags.append(
                Diagnostic(
                    source,
                    first.page,
                    "warning",
                    "footnote-unplaced",
                    f"footnote {note.printed} on page {note.page}: its marker was not found "
                    "in the text; the note is kept as text at the end",
                )
            )

    chunks = _shape(chunks, source, diags)
    head, blocks = _structure(chunks, source, diags)
    publication = parse_publication(" ".join(f.text for f in split.furniture)) or head.publication
    kind = head.kind or ("answer" if any(c.kind == "heading" for c in chunks) else "questions")
    meta = head.metadata(
        title=_title(head, kind, publication or path.stem),
        kind=kind,
        source=source,
        publication=publication,
    )
    if unknown := ministry_diagnostic(meta, source):
        diags.append(unknown)
    for note, text in unplaced:
        blocks.append(paragraph(f"{note.printed} {text}", line=note.page))
    markdown = write_document(meta, blocks, note_texts, [])
    slug = document_slug(path.stem, publication, meta.received, meta.subject)
    return ImportResult(markdown, slug, diags)


def _piece(chunk: Chunk) -> Piece:
    if chunk.kind == "heading":
        return Piece("heading", heading=parse_heading(chunk.text))
    if chunk.kind != "paragraph":
        return Piece("other")
    text = chunk.text
    first = chunk.lines[0]
    if _is_list_start(first) and text.startswith(first.segments[0].text + " "):
        # "1   Kent u ...": the number stands apart, as a tab would set it.
        size = len(first.segments[0].text)
        text = text[:size] + "\t" + text[size + 1 :]
    return Piece("paragraph", text, bold=first.bold)


def _shape(chunks: list[Chunk], source: str, diags: list[Diagnostic]) -> list[Chunk]:
    """Headings written another way: "Vraag 1: text", bare "Antwoord", "1" before a question."""
    edits = {e.index: e for e in shape([_piece(c) for c in chunks])}
    for severity, code, message, page in summarise(list(edits.values()), lambda i: chunks[i].page):
        diags.append(Diagnostic(source, page, severity, code, message))  # type: ignore[arg-type]
    out: list[Chunk] = []
    for i, chunk in enumerate(chunks):
        edit = edits.get(i)
        if edit is None:
            out.append(chunk)
            continue
        out.append(Chunk("heading", chunk.lines[:1], text=edit.heading))
        rest = chunk.text[edit.cut :].strip()
        if rest:
            out.append(Chunk("paragraph", chunk.lines, indent=chunk.indent, text=rest))
    return out


def _title(head: Header, kind: str, fallback: str) -> str:
    if head.subject:
        if kind == "answer":
            return f"Antwoord op vragen over {head.subject}"
        return f"Vragen over {head.subject}"
    return fallback


def _structure(
    chunks: list[Chunk], source: str, diags: list[Diagnostic]
) -> tuple[Header, list[Block]]:
    """Header metadata from the opening paragraphs, and the Markdown blocks of the body."""
    head = Header()
    preamble: list[Block] = []
    body: list[Block] = []
    notice: list[Block] = []
    first_heading = next((i for i, c in enumerate(chunks) if c.kind == "heading"), len(chunks))
    opening: list[Chunk] = []
    for chunk in chunks[:first_heading]:
        # The header lines are sentences: a piece that does not start like one (a date, a
        # lower-case word) continues the previous piece.
        if (
            opening
            and chunk.kind == opening[-1].kind == "paragraph"
            and not SENTENCE_END.search(opening[-1].text)
            and re.match(r"^[a-z0-9(]", chunk.text)
        ):
            opening[-1] = Chunk(
                "paragraph",
                opening[-1].lines + chunk.lines,
                text=f"{opening[-1].text} {chunk.text}",
            )
            continue
        opening.append(chunk)
    for chunk in opening:
        if chunk.kind != "paragraph":
            preamble.extend(_blocks(chunk))
            continue
        text = chunk.text
        questions = parse_questions_line(text)
        answer = parse_answer_line(text) if questions is None else None
        see_also = parse_see_also(text)
        if questions:
            head.update(questions)
        elif answer:
            head.update(answer)
            text = SEE_ALSO_IN_TEXT.sub("", text).rstrip() if answer.get("see_also") else text
        elif see_also:
            head.see_also.append(see_also)
            continue
        preamble.append(paragraph(text, line=chunk.page))
    if any(c.kind == "notice" for c in chunks) or (
        head.kind is None
        and first_heading == len(chunks)
        and any(POSTPONED.search(c.text) for c in chunks if c.kind == "paragraph")
    ):
        head.kind = "notice"  # "Mededeling", or the postponement sentence without it
    if not head.questioners and not head.answerer:
        diags.append(
            Diagnostic(
                source,
                1,
                "warning",
                "pdf-header-missing",
                "no 'Vragen van ...' or 'Antwoord van ...' line was found before the first "
                "question",
            )
        )
    in_notice = False
    pending: list[Chunk] = []  # chunks after the last question heading
    question_labels: tuple[str, ...] = ()
    answered = _answered_labels(chunks)
    for chunk in chunks[first_heading:]:
        if chunk.kind == "notice":
            in_notice = True
            notice.append(paragraph(chunk.text, line=chunk.page))
            continue
        if in_notice and chunk.kind != "heading":
            notice.extend(_blocks(chunk))
            continue
        in_notice = False
        if chunk.kind == "heading":
            body.extend(_with_answer_heading(question_labels, pending, answered, head))
            pending = []
            match = parse_heading(chunk.text)
            question_labels = match.labels if match and match.kind == "question" else ()
            body.append(heading(chunk.text, line=chunk.page))
            continue
        pending.append(chunk)
    body.extend(_with_answer_heading(question_labels, pending, answered, head))
    if notice:
        head.kind = head.kind or "notice"
    if not any(b.kind == "heading" for b in body) and head.kind != "notice":
        diags.append(
            Diagnostic(source, None, "warning", "pdf-no-questions", "no 'Vraag N' headings found")
        )
    return head, preamble + notice + body


def _answered_labels(chunks: list[Chunk]) -> set[str]:
    labels: set[str] = set()
    for chunk in chunks:
        if chunk.kind == "heading":
            match = parse_heading(chunk.text)
            if match and match.kind == "answer":
                labels.update(match.labels)
    return labels


def _with_answer_heading(
    labels: tuple[str, ...], chunks: list[Chunk], answered: set[str], head: Header
) -> list[Block]:
    """Blocks after a question heading; an answer without a heading of its own gets one.

    The first paragraph per label is the question; when more paragraphs follow and no answer
    heading anywhere covers these labels, the rest is the answer.
    """
    blocks = [b for c in chunks for b in _blocks(c)]
    if (
        not labels
        or head.kind == "notice"
        or any(label in answered for label in labels)
        or len(chunks) <= len(labels)
    ):
        return blocks
    split = answer_start([c.text if c.kind == "paragraph" else "" for c in chunks], len(labels))
    if split is None:
        return blocks
    title = answer_heading(labels)
    before = [b for c in chunks[:split] for b in _blocks(c)]
    after = [b for c in chunks[split:] for b in _blocks(c)]
    return [*before, heading(title, line=chunks[split].page), *after]


def _blocks(chunk: Chunk) -> list[Block]:
    if chunk.kind == "table":
        if len(chunk.rows) >= 2:
            return [table(chunk.rows, line=chunk.page)]
        # One line with wide gaps is no table: keep its words as a paragraph.
        return [paragraph(" ".join(c for c in row if c), line=chunk.page) for row in chunk.rows]
    return [paragraph(chunk.text, line=chunk.page)]
