"""Official XML importer: an officielebekendmakingen Aanhangsel (ah-tk-…) or a set of questions
without an answer (kv-tk-…) → one Markdown document.

The XML says in elements what the PDF importer must infer from layout: `<vraag>` and
`<antwoord>` blocks with their heading (`<nr>`) and paragraphs (`<al>`), footnotes at the
place of their marker (`<noot><noot.nr>1</noot.nr><noot.al>…`), the header lines
(`<kamervraagomschrijving type="vraag|antwoord">` with `<datum isodatum="…">`), the notice
(`<kamervraagopmerking>`), tables (CALS `<table><tgroup><row><entry>`) and lists
(`<lijst><li><li.nr>`). The metadata record beside the file (`officiele_metadata`) fills what
the text does not say. Everything goes through `markdown.write_document`, as in every importer,
so a publication imported from its XML and from its PDF gives the same document model.

Element names and the mapping to the content format: docs/content-format.md ("Official XML").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.document import Diagnostic
from generator.grammar import normalise_space, parse_heading
from generator.importers import ImportResult
from generator.importers.header import (
    Header,
    parse_answer_line,
    parse_publication,
    parse_questioners,
    parse_questions_line,
    parse_see_also,
)
from generator.importers.markdown import Block, heading, paragraph, table, write_document
from generator.importers.officiele_metadata import (
    METADATA_ROOT,
    Record,
    companion_names,
    record_of,
)
from generator.importers.qa_shape import answer_heading, question_heading
from generator.importers.xml_safe import XmlRefused, local_name, read_xml
from generator.slug import document_slug

# The element that holds the questions: `kamervragen` since 2012 (op-xsd), `vragen` / `reactie`
# in older volumes (the AmCAT and Open State scrapers read all three).
BODY_ELEMENTS = ("kamervragen", "vragen", "reactie")
PUBLICATION_ROOTS = ("officiele-publicatie", *BODY_ELEMENTS)
DESCRIPTION = ("kamervraagomschrijving", "omschr")
NOTICE = ("kamervraagopmerking",)
QUESTION = ("vraag",)
ANSWER = ("antwoord",)
NUMBER = ("nr", "nummer")
# Furniture the PDF prints in its page heads and feet, not in the running text.
FURNITURE = ("kamervraagkop", "kamervraagnummer", "vraagnummer", "metadata")
CONTAINERS = ("al-groep", "tekst", "divisie", "box", "citaat", "li", "entry", "vrije-tekst")
HEADING_LIKE = ("tussenkop", "kop", "titel")
_YEAR_RE = re.compile(r"\bvergaderjaar\s+(\d{4})\s*[-–]\s*(\d{4})", re.I)


@dataclass
class _Notes:
    """Footnotes by element, numbered as printed (or 1, 2, 3 … when the print repeats one)."""

    numbers: dict[int, str] = field(default_factory=dict)  # id(noot element) → number
    by_id: dict[str, object] = field(default_factory=dict)  # @id → noot (for <nootref>)
    texts: dict[str, str] = field(default_factory=dict)  # number → text, once cited

    @classmethod
    def collect(cls, root) -> _Notes:  # noqa: ANN001
        notes = [el for el in root.iter() if local_name(el) == "noot"]
        printed = [normalise_space(_child_text(n, "noot.nr")) for n in notes]
        unique = all(printed) and len(set(printed)) == len(printed)
        out = cls()
        for i, (note, number) in enumerate(zip(notes, printed, strict=True), start=1):
            out.numbers[id(note)] = number if unique else str(i)
            if note.get("id"):
                out.by_id[note.get("id")] = note
        return out


@dataclass
class _Reader:
    """Walks one publication; collects blocks, notes and diagnostics."""

    source: str
    notes: _Notes
    diags: list[Diagnostic] = field(default_factory=list)
    unknown: dict[str, int] = field(default_factory=dict)  # element → first line

    # --- inline text ---------------------------------------------------------------------

    def inline(self, element) -> str:  # noqa: ANN001
        """The text of an element with footnote markers `[^N]`; `<br/>` is a line break."""
        parts: list[str] = [_space(element.text)]
        for child in element:
            name = local_name(child)
            if name == "noot":
                parts.append(self._marker(child))
            elif name == "nootref":
                target = self.notes.by_id.get(child.get("refid") or "")
                parts.append(self._marker(target) if target is not None else _space(child.text))
            elif name == "br":
                parts.append("\n")
            elif name == "extref":
                parts.append(_extref(child, self.inline(child)))
            elif name == "noot.nr":
                pass
            elif name:
                parts.append(self.inline(child))
            parts.append(_space(child.tail))
        return "".join(parts)

    def _marker(self, note) -> str:  # noqa: ANN001
        number = self.notes.numbers.get(id(note))
        if number is None:
            return ""
        if number not in self.notes.texts:
            body = " ".join(
                self.inline(al) for al in note if local_name(al) in ("noot.al", "al")
            ) or self.inline(note)
            self.notes.texts[number] = normalise_space(body)
        return f"[^{number}]"

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, element, *, skip: tuple[str, ...] = ()) -> list[Block]:  # noqa: ANN001
        """The paragraphs, lists and tables inside a container element, in order."""
        out: list[Block] = []
        text = _space(element.text).strip()
        if text:
            out.append(paragraph(text, line=element.sourceline))
        for child in element:
            name = local_name(child)
            if not name or name in skip or child.get("{urn:antwoord}heading"):
                pass
            elif name == "al":
                out.append(paragraph(self.inline(child), line=child.sourceline))
            elif name == "lijst":
                out.extend(self._list(child))
            elif name == "table":
                out.extend(self._table(child))
            elif name in CONTAINERS:
                out.extend(self.blocks(child))
            elif name in HEADING_LIKE:
                out.append(paragraph(self.inline(child), line=child.sourceline))
            elif name in ("noot", "nootref"):
                # A note between paragraphs belongs to the paragraph before it.
                marker = self.inline(_Wrap(child))
                if out and out[-1].kind == "paragraph":
                    out[-1] = paragraph(out[-1].text + marker, line=out[-1].line)
                else:
                    out.append(paragraph(marker, line=child.sourceline))
            elif name in ("plaatje", "illustratie"):
                self._note_unknown(f"{name} (image: not imported)", child.sourceline)
            else:
                self._note_unknown(name, child.sourceline)
                out.append(paragraph(self.inline(child), line=child.sourceline))
            tail = _space(child.tail).strip()
            if tail:
                out.append(paragraph(tail, line=child.sourceline))
        return [b for b in out if b.kind != "paragraph" or b.text.strip()]

    def _list(self, lijst) -> list[Block]:  # noqa: ANN001
        out: list[Block] = []
        for li in lijst:
            if local_name(li) != "li":
                out.extend(self.blocks(_Wrap(li)))
                continue
            mark = normalise_space(_child_text(li, "li.nr"))
            inner = self.blocks(li, skip=("li.nr",))
            if inner and inner[0].kind == "paragraph" and mark:
                inner[0] = paragraph(f"{mark} {inner[0].text.lstrip()}", line=inner[0].line)
            elif mark:
                inner.insert(0, paragraph(mark, line=li.sourceline))
            out.extend(inner)
        return out

    def _table(self, element) -> list[Block]:  # noqa: ANN001
        out: list[Block] = []
        title = next((c for c in element if local_name(c) == "title"), None)
        if title is not None and normalise_space(self.inline(title)):
            out.append(paragraph(self.inline(title), line=title.sourceline))
        rows: list[list[str]] = []
        for group in (g for g in element.iter() if local_name(g) == "tgroup"):
            columns = [c.get("colname") for c in group if local_name(c) == "colspec"]
            for section in ("thead", "tbody", "tfoot"):
                for part in (p for p in group if local_name(p) == section):
                    for row in (r for r in part if local_name(r) == "row"):
                        rows.append(self._row(row, columns))
        rows = [r for r in rows if any(c.strip() for c in r)]
        if rows:
            out.append(table(rows, line=element.sourceline))
        return out

    def _row(self, row, columns: list[str | None]) -> list[str]:  # noqa: ANN001
        cells: list[str] = []
        for entry in (e for e in row if local_name(e) == "entry"):
            text = " ".join(
                normalise_space(b.text) for b in self.blocks(entry) if b.kind == "paragraph"
            )
            start, end = entry.get("namest"), entry.get("nameend")
            span = 1
            if start in columns and end in columns:
                span = max(1, columns.index(end) - columns.index(start) + 1)
            cells.extend([text] + [""] * (span - 1))
        return cells

    def _note_unknown(self, name: str, line: int | None) -> None:
        self.unknown.setdefault(name, line or 0)


class _Wrap:
    """An element seen as the only child of a container (for a stray note or list item)."""

    def __init__(self, element) -> None:  # noqa: ANN001
        self._element = element
        self.text = ""
        self.tail = ""
        self.sourceline = element.sourceline
        self.tag = "wrap"

    def __iter__(self):  # noqa: ANN204
        return iter([self._element])


def _space(text: str | None) -> str:
    """XML white space (indentation, line ends) is one space; a <br/> is the only line break."""
    return re.sub(r"\s+", " ", text) if text else ""


def _child_text(element, name: str) -> str:  # noqa: ANN001
    child = next((c for c in element if local_name(c) == name), None)
    return "".join(child.itertext()) if child is not None else ""


def _extref(element, text: str) -> str:  # noqa: ANN001
    """The words of a link; its address follows in brackets when the words do not show it."""
    target = (element.get("doc") or element.get("href") or "").strip()
    words = normalise_space(text)
    if not re.match(r"^https?://", target, re.I):
        return text  # a document id ("kst-36471-64"): the citation in the text names it
    bare = re.sub(r"^https?://(?:www\.)?|/+$", "", target, flags=re.I)
    shown = re.sub(r"^https?://(?:www\.)?|/+$", "", words, flags=re.I)
    if not words:
        return target
    if bare.lower() == shown.lower() or bare.lower() in shown.lower():
        return text
    return f"{text} ({target})"


def _iso_date(element) -> date | None:  # noqa: ANN001
    for datum in (d for d in element.iter() if local_name(d) == "datum"):
        value = (datum.get("isodatum") or "").strip()
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


# --- the document ----------------------------------------------------------------------------


def sniff_root(path: Path) -> str | None:
    """The name of the root element, from the first KB, without parsing (None: not found)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    text = head.decode("utf-8", "replace")
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", "", text, flags=re.S)
    m = re.search(r"<\s*(?:[\w.-]+:)?([\w.-]+)", text)
    return m.group(1) if m else None


def check_xml(path: Path, *, source: str) -> None:
    """Refuse, before parsing, an .xml file whose root element is no publication we import."""
    root = sniff_root(path)
    if root in PUBLICATION_ROOTS or root == METADATA_ROOT:
        return
    what = f"its root element is <{root}>" if root else "it does not start like an XML file"
    raise XmlRefused(
        Diagnostic(
            source,
            None,
            "error",
            "xml-unknown",
            f"{path.name} is not an officielebekendmakingen publication ({what}; expected "
            "<officiele-publicatie> or <kamervragen>); not imported",
        )
    )


def import_officiele_xml(path: Path, *, source: str) -> ImportResult:
    root = read_xml(path, source=source)
    name = local_name(root)
    if name == METADATA_ROOT:
        raise XmlRefused(
            Diagnostic(
                source,
                None,
                "info",
                "xml-metadata-companion",
                f"{path.name} is a metadata record; it is read with the publication XML "
                "beside it, not imported on its own",
            )
        )
    body = root if name in BODY_ELEMENTS else _find(root, BODY_ELEMENTS)
    if body is None:
        found = next((local_name(c) for c in root if local_name(c) not in ("", "metadata")), name)
        raise XmlRefused(
            Diagnostic(
                source,
                root.sourceline,
                "error",
                "xml-not-kamervragen",
                f"{path.name} holds <{found}>, not written questions (<kamervragen>): only "
                "Aanhangsels (ah-tk-…) and questions without an answer (kv-tk-…) are imported",
            )
        )
    diags: list[Diagnostic] = []
    embedded = next((c for c in root if local_name(c) == "metadata"), None)
    record = record_of(embedded) if embedded is not None else Record()
    reader = _Reader(source, _Notes.collect(root), diags)
    parsed = _walk(body, reader)
    publication = _publication(parsed, record)
    companion = _companion(path, source, publication, diags)
    if companion is not None:
        record = record.merge(companion)
        publication = publication or record.publication
    head = parsed.head
    kind = _kind(parsed, record, publication)
    _fill_from_record(head, record, kind, source, diags)
    if kind == "answer" and not parsed.answers and parsed.questions:
        diags.append(
            Diagnostic(
                source,
                None,
                "warning",
                "xml-no-answers",
                "the file says it holds answers, but has no <antwoord> element",
            )
        )
    if not parsed.questions:
        diags.append(
            Diagnostic(source, None, "warning", "xml-no-questions", "no <vraag> element found")
        )
    for element, line in reader.unknown.items():
        diags.append(
            Diagnostic(
                source,
                line or None,
                "info",
                "xml-element-unknown",
                f"<{element}> is not an element of Kamervragen this importer knows; "
                "its text is kept as a paragraph",
            )
        )
    language = (record.first("DCTERMS.language") or "nl").split("-")[0].lower()
    title = _title(head, kind, record.first("DC.title") or publication or path.stem)
    meta = head.metadata(
        title=title,
        kind=kind,
        source=source,
        language=language if language in ("nl", "en") else "nl",
        publication=publication,
    )
    blocks = parsed.preamble + parsed.notice + parsed.body + _uncited(reader, root, diags)
    markdown = write_document(meta, blocks, reader.notes.texts, [])
    slug_id = publication if publication and publication.startswith("ah-") else None
    return ImportResult(markdown, document_slug(path.stem, slug_id), diags)


def _uncited(reader: _Reader, root, diags: list[Diagnostic]) -> list[Block]:  # noqa: ANN001
    """Notes no marker cites: kept as text at the end (as the PDF importer keeps them)."""
    out: list[Block] = []
    for note in (el for el in root.iter() if local_name(el) == "noot"):
        number = reader.notes.numbers.get(id(note))
        if number is None or number in reader.notes.texts:
            continue
        text = normalise_space(
            " ".join(reader.inline(al) for al in note if local_name(al) != "noot.nr")
        )
        out.append(paragraph(f"{number} {text}", line=note.sourceline))
        diags.append(
            Diagnostic(
                reader.source,
                note.sourceline,
                "warning",
                "footnote-unplaced",
                f"note {number} is cited nowhere (no marker, no <nootref>); "
                "kept as text at the end",
            )
        )
    return out


@dataclass
class _Parsed:
    head: Header = field(default_factory=Header)
    preamble: list[Block] = field(default_factory=list)
    notice: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    questions: int = 0
    answers: int = 0
    number: str | None = None  # <kamervraagnummer>
    year: str | None = None  # "20232024", from <kamervraagkop>
    notice_seen: bool = False


def _find(root, names: tuple[str, ...]):  # noqa: ANN001, ANN202
    return next((el for el in root.iter() if local_name(el) in names), None)


def _walk(body, reader: _Reader) -> _Parsed:  # noqa: ANN001
    out = _Parsed()
    pending: list[str] = []  # labels asked since the last answer
    position = 0  # questions seen, for a <vraag> without any number
    for child in body:
        name = local_name(child)
        line = child.sourceline
        if not name:
            continue
        if name in FURNITURE:
            text = normalise_space("".join(child.itertext()))
            if name == "kamervraagnummer":
                out.number = text or None
            elif name == "kamervraagkop" and (m := _YEAR_RE.search(text)):
                out.year = m.group(1) + m.group(2)
            continue
        if name in DESCRIPTION:
            _description(child, reader, out)
        elif name in NOTICE:
            out.notice_seen = True
            out.notice.extend(reader.blocks(child))
        elif name in QUESTION:
            position += 1
            title, labels = _question_heading(child, position, reader)
            out.questions += 1
            pending.extend(x for x in labels if x not in pending)
            out.body.append(heading(title, line=line))
            out.body.extend(reader.blocks(child, skip=NUMBER))
        elif name in ANSWER:
            title = _answer_heading(child, pending, reader)
            pending = []
            out.answers += 1
            out.body.append(heading(title, line=line))
            out.body.extend(reader.blocks(child, skip=NUMBER))
        elif name in ("noot",):
            continue  # old volumes list the notes apart; <nootref> places them
        else:
            blocks = reader.blocks(_Wrap(child)) if name in ("al", "lijst", "table") else None
            if blocks is None:
                if name not in ("toelicht", "titel"):
                    reader._note_unknown(name, line)
                blocks = reader.blocks(child)
            (out.body if out.questions else out.preamble).extend(blocks)
    return out


def _description(element, reader: _Reader, out: _Parsed) -> None:  # noqa: ANN001
    """ "Vragen van het lid X (Party) aan … (ingezonden <datum isodatum=…>)", the answer line."""
    text = normalise_space(reader.inline(element))
    if not text:
        return
    kind = (element.get("type") or "").lower()
    head = out.head
    questions = parse_questions_line(text) if kind != "antwoord" else None
    answer = parse_answer_line(text) if questions is None else None
    see_also = parse_see_also(text)
    exact = _iso_date(element)
    if questions:
        if exact:
            questions["submitted"] = exact
        head.update(questions)
    elif answer:
        if exact:
            answer["received"] = exact
        head.update(answer)
        if answer.get("see_also"):
            text = re.sub(r"\s*\b(?:Zie\s+ook)\b.*$", "", text, flags=re.I | re.S).rstrip()
    elif see_also:
        head.see_also.append(see_also)
        return
    elif exact:
        head.update({"submitted" if kind == "vraag" else "received": exact})
    if kind == "mededeling":
        head.kind = "notice"
    out.preamble.append(paragraph(text, line=element.sourceline))


def _question_heading(element, position: int, reader: _Reader) -> tuple[str, tuple[str, ...]]:  # noqa: ANN001
    written = _written_heading(element)
    match = parse_heading(written) if written else None
    if match is not None and match.kind == "question":
        return written, match.labels
    label = (
        re.sub(r"[.):]$", "", written).strip() if re.fullmatch(r"\d{1,3}[.):]?", written) else ""
    )
    if not label and (element.get("nr") or "").strip():
        label = (element.get("nr") or "").strip()
    why = "its number" if label else "its position"
    if not label:
        label = str(position)
    reader.diags.append(
        Diagnostic(
            reader.source,
            element.sourceline,
            "warning" if why == "its position" else "info",
            "question-heading-supplied",
            f"<vraag> without a 'Vraag N' heading: numbered {label} by {why}",
        )
    )
    return question_heading(label), (label,)


def _answer_heading(element, pending: list[str], reader: _Reader) -> str:  # noqa: ANN001
    written = _written_heading(element)
    match = parse_heading(written) if written else None
    if match is not None and match.kind == "answer" and match.labels:
        return written
    labels: list[str] = []
    if re.fullmatch(r"\d{1,3}[.):]?", written):
        labels = [re.sub(r"[.):]$", "", written)]
    elif (element.get("nr") or "").strip():
        labels = [(element.get("nr") or "").strip()]
    word = written if written and re.fullmatch(r"[A-Za-z]+:?", written) else None
    labels = labels or list(pending)
    if not labels:
        reader.diags.append(
            Diagnostic(
                reader.source,
                element.sourceline,
                "warning",
                "answer-number-missing",
                "<antwoord> without a number and with no question before it",
            )
        )
        return written or "Antwoord"
    reader.diags.append(
        Diagnostic(
            reader.source,
            element.sourceline,
            "info",
            "answer-number-supplied",
            f"<antwoord> without 'Antwoord N': read as the answer to question(s) "
            f"{', '.join(labels)}",
        )
    )
    return answer_heading(labels, word=word.rstrip(":") if word else None)


def _child_text_any(element, names: tuple[str, ...]) -> str:  # noqa: ANN001
    for name in names:
        text = _child_text(element, name)
        if text.strip():
            return text
    return ""


def _written_heading(element) -> str:  # noqa: ANN001
    """The block's heading: its <nr>/<nummer>, or a first <tussenkop> that is one ("Antwoord 1")."""
    written = normalise_space(_child_text_any(element, NUMBER))
    if written:
        return written
    first = next((c for c in element if local_name(c)), None)
    if first is not None and local_name(first) in HEADING_LIKE:
        text = normalise_space("".join(first.itertext()))
        if parse_heading(text) is not None:
            first.set("{urn:antwoord}heading", "1")  # read as the heading, not as a paragraph
            return text
    return ""


def _publication(parsed: _Parsed, record: Record) -> str | None:
    if record.publication:
        return record.publication
    if parsed.number and parsed.number.isdigit() and parsed.year:
        return f"ah-tk-{parsed.year}-{int(parsed.number)}"
    return parse_publication(" ".join(b.text for b in parsed.preamble)) or None


def _companion(path: Path, source: str, publication: str | None, diags: list[Diagnostic]):  # noqa: ANN202
    """The metadata record beside the file, when there is one that belongs to it."""
    for candidate in companion_names(path):
        if not candidate.is_file() or candidate == path:
            continue
        where = source.rsplit("/", 1)[0] + "/" + candidate.name if "/" in source else candidate.name
        try:
            root = read_xml(candidate, source=where)
        except XmlRefused as exc:
            diags.append(exc.diagnostic)
            continue
        if local_name(root) != METADATA_ROOT:
            continue
        record = record_of(root)
        record.file = where
        if (
            candidate.name == "metadata.xml"
            and publication
            and record.publication
            not in (
                None,
                publication,
            )
        ):
            diags.append(
                Diagnostic(
                    where,
                    None,
                    "warning",
                    "xml-metadata-other",
                    f"is the metadata of {record.publication}, not of {path.name} "
                    f"({publication}); not used",
                )
            )
            continue
        return record
    return None


def _fill_from_record(
    head: Header, record: Record, kind: str, source: str, diags: list[Diagnostic]
) -> None:
    """What the text does not say, from the metadata; a disagreement on a date is a warning."""
    for key, name in (
        ("submitted", "OVERHEIDop.datumIndiening"),
        ("received", "OVERHEIDop.datumOntvangst"),
    ):
        value = record.date(name)
        if value is None:
            continue
        known = getattr(head, key)
        if known is None:
            setattr(head, key, value)
        elif known != value:
            diags.append(
                Diagnostic(
                    source,
                    None,
                    "warning",
                    "xml-metadata-disagrees",
                    f"the text gives {key} {known.isoformat()}, the metadata record "
                    f"{name} {value.isoformat()}; the text is kept",
                )
            )
    if not head.questioners:
        names = [q for value in record.all("OVERHEIDop.indiener") for q in parse_questioners(value)]
        head.update({"questioners": names})
    if not head.answerer:
        answerer = record.first("OVERHEIDop.ontvanger")
        if answerer and kind in ("answer", "notice"):
            head.update({"office": answerer})
    if not head.ministry:
        ministry = next(
            (
                value
                for key in ("OVERHEIDop.ministerie", "OVERHEID.authority")
                for value in record.all(key)
            ),
            None,
        )
        head.update({"ministry": ministry})
    if not head.subject:
        subject = parse_questions_line(record.first("DC.title") or "")
        if subject:
            head.update({"subject": subject.get("subject")})


def _kind(parsed: _Parsed, record: Record, publication: str | None) -> str:
    types = " ".join(record.all("DC.type")).lower()
    if parsed.notice_seen or parsed.head.kind == "notice" or "mededeling" in types:
        return "notice"
    if parsed.answers or (parsed.head.kind == "answer" and not _is_kv(publication)):
        return "answer"
    return "questions"


def _is_kv(publication: str | None) -> bool:
    """kv-tk-…: questions published before (and without) their answer."""
    return bool(publication and publication.lower().startswith("kv-"))


def _title(head: Header, kind: str, fallback: str) -> str:
    if head.subject:
        if kind == "answer":
            return f"Antwoord op vragen over {head.subject}"
        return f"Vragen over {head.subject}"
    return fallback
