"""The document model: what a Q&A document is, independent of how it was read or is shown.

Every later stage (linker, render, JSON export) reads these dataclasses; nothing here knows
about Markdown tokens or HTML templates. Ids follow DESIGN.md ("Ids and URLs").
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Literal

from generator.text_safety import printable

Severity = Literal["error", "warning", "info"]
Kind = Literal["answer", "notice", "questions"]


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    """A problem found in a file, reported at the end instead of stopping the build."""

    file: str
    line: int | None
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """`file:line: severity code: message`, the form `antwoord check` prints.

        Always one line a terminal shows as it is: a file name or a quoted link may hold an
        escape sequence or a line break, shown escaped (`\\x1b`) so it cannot forge a line."""
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return printable(f"{where}: {self.severity} {self.code}: {self.message}")

    def to_json(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


@dataclass(slots=True)
class SeeAlso:
    """A reference to a related official document ("Zie ook Aanhangsel Handelingen ...")."""

    text: str
    url: str | None = None


@dataclass(slots=True)
class Metadata:
    """Front matter of a document (DESIGN.md "Content format")."""

    title: str
    kind: Kind = "answer"
    language: str = "nl"
    publication: str | None = None
    answered_by: str | None = None
    received: date | None = None
    questioners: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    # Fields beyond the DESIGN.md minimum; all optional so hand-written documents stay short.
    ministry: str | None = None  # normalised against generator/data/ministries.yaml
    portfolio: str | None = None  # "Fiscaliteit en Belastingdienst": the field within it
    on_behalf_of: list[str] = field(default_factory=list)
    submitted: date | None = None
    subject: str | None = None
    # What a ministry's cover letter says about itself (docs/content-format.md).
    kamer_reference: str | None = None  # the Kamer's number of the questions: "2023Z19677"
    letter_date: date | None = None  # the date of the ministry's letter
    letter_reference: str | None = None  # the ministry's own "Ons kenmerk"
    slug: str | None = None
    # Former slugs of the document (a rename): each old address gets a redirect page
    # (generator/redirect_pages.py).
    aliases: list[str] = field(default_factory=list)
    # Former ids that must keep resolving (old id → current id), written by
    # `antwoord import --update` when labels change; editors may add their own.
    redirects: dict[str, str] = field(default_factory=dict)
    # What a notice says (generator/notices.py): postponement | answered_elsewhere | withdrawn
    # | other. Read from the notice's text when the front matter does not set it.
    notice_kind: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeReading:
    """What a notice says (generator/notices.py reads it)."""

    kind: str  # postponement | answered_elsewhere | withdrawn | other
    sentence: str | None  # the sentence that decided, as written
    publication: str | None = None  # official id of the document it names: kst-36471-64
    publication_text: str | None = None  # that reference as written: "36 471-64"


@dataclass(slots=True)
class CrossReference:
    """ "zie het antwoord op vraag 2": a reference in one block to a question of this document."""

    labels: list[str]
    target: str | None  # id of the first block it links to; None when it cannot be resolved
    text: str  # the words as they stand in the source
    line: int | None = None
    # Every block it names, in order, once each: "de antwoorden op de vragen 2 en 3" answered
    # apart names two; a range names each block in it.
    targets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Annotation:
    """An editor's note attached to the block above it (or to the whole document)."""

    id: str
    target: str | None  # block id, or None for the document as a whole
    text: str
    html: str
    line: int | None = None
    author: str | None = None
    date: date | None = None
    kind: str | None = None  # context | correction | update | fact-check
    quote: str | None = None
    quote_found: bool = False  # the phrase is marked in the block (<mark>)
    aliases: list[str] = field(default_factory=list)  # former ids (front matter `redirects`)
    orphaned: bool = False  # its block disappeared in a re-import (`antwoord import --update`)
    former_target: str | None = None  # the block it was on, for an orphaned annotation


@dataclass(slots=True)
class Question:
    label: str
    id: str
    text: str
    html: str
    line: int | None = None
    heading: str = ""  # the heading as written ("Vraag 3, 4 en 5")
    answered_in: str | None = None  # id of the answer block
    answered_with: list[str] = field(default_factory=list)  # other labels in the same answer
    source_notes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    # Every label of the block: ["2"], or ["3", "4", "5"] for a grouped question kept as one
    # block (then `label` is "3-4-5", matching its id).
    labels: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Answer:
    id: str
    covers: list[str]
    text: str
    html: str
    line: int | None = None
    heading: str = ""  # the heading as written, or "" when the answer had none
    aliases: list[str] = field(default_factory=list)
    refers_to: list[str] = field(default_factory=list)
    references: list[CrossReference] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)


@dataclass(slots=True)
class Footnote:
    number: int | str
    id: str
    text: str
    html: str
    urls: list[str] = field(default_factory=list)
    ref_ids: list[str] = field(default_factory=list)  # noot-1-ref-1, noot-1-ref-2, ...
    line: int | None = None


@dataclass(slots=True)
class SourceNote:
    label: str
    id: str
    text: str
    html: str
    ref_ids: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass(slots=True)
class Section:
    """Text outside the Q&A blocks: the opening lines, or a trailing section such as "Bronnen"."""

    id: str | None
    heading: str
    html: str
    text: str
    line: int | None = None


@dataclass(slots=True)
class Reference:
    """A reference to another document: a citation of an official publication ("Kamerstuk
    32802, nr. 137", key `pub:kst-32802-137`) or a Markdown link to another document of the
    site (`other.md#vraag-3`, key `doc:other#vraag-3`). The linker decides where it leads."""

    key: str
    text: str  # the words as written (for a Markdown link: its target as written)
    block: str | None  # id of the question, answer or footnote it stands in; None elsewhere
    line: int | None = None


Block = Question | Answer


@dataclass(slots=True)
class Document:
    slug: str
    path: str  # the Markdown file, relative to the content folder
    meta: Metadata
    blocks: list[Block] = field(default_factory=list)  # questions and answers in document order
    preamble: list[Section] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # after the last Q&A block
    footnotes: list[Footnote] = field(default_factory=list)
    source_notes: list[SourceNote] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)  # all, in document order
    references: list[Reference] = field(default_factory=list)  # to other documents, in order
    redirects: dict[str, str] = field(default_factory=dict)  # the ones in effect on the page
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # A notice's reading (kind, the sentence that decided, the document it names), else None.
    notice: NoticeReading | None = None

    def anchor_ids(self) -> set[str]:
        """Every id a link may point at in the document's page."""
        ids: set[str] = set()
        for block in self.blocks:
            ids.add(block.id)
            ids.update(block.aliases)
        ids.update(n.id for n in self.footnotes)
        ids.update(n.id for n in self.source_notes)
        ids.update(a.id for a in self.annotations)
        return ids

    @property
    def questions(self) -> list[Question]:
        return [b for b in self.blocks if isinstance(b, Question)]

    @property
    def answers(self) -> list[Answer]:
        return [b for b in self.blocks if isinstance(b, Answer)]

    @property
    def question_count(self) -> int:
        """The same attribute as Card's, so listing templates take either."""
        return sum(isinstance(b, Question) for b in self.blocks)

    @property
    def summary(self) -> str:
        """The first question as plain text (a feed entry's summary); Card keeps it."""
        return first_question_text(self)

    @property
    def year(self) -> str:
        if self.meta.received:
            return f"{self.meta.received.year:04d}"
        if self.meta.submitted:
            return f"{self.meta.submitted.year:04d}"
        return "undated"

    @property
    def url(self) -> str:
        """Site-relative URL of the page (prefix with the site's base path to get a link)."""
        return f"/{self.year}/{self.slug}/"


# An outline is never changed: its empty lists can all be this one empty tuple. A block has
# five list fields, mostly empty, and an empty list costs 56 bytes (more once unpickled in the
# main process): at 100,000 documents that was most of an outline's memory.
_EMPTY: list = ()  # type: ignore[assignment]


def _lean(item, **changes):  # type: ignore[no-untyped-def]
    """dataclasses.replace(item, **changes) with every list a tuple (half the memory of an
    unpickled list), the empty ones all `_EMPTY`."""
    for f in fields(item):
        if f.name not in changes:
            value = getattr(item, f.name)
            if isinstance(value, list):
                changes[f.name] = tuple(value) if value else _EMPTY
    return replace(item, **changes)


def outline(doc: Document) -> Document:
    """The document without its text: what the whole-site pass needs (ids, labels, references,
    metadata, the first question for feeds), at a fraction of the memory. Read-only: its empty
    lists are one shared empty tuple.

    A build of 100,000 documents keeps every outline in memory during a whole-site pass (they
    are cached per model key), and loads a full model from the cache only for a page it must
    render again.
    """
    blocks: list[Block] = []
    first = True
    for block in doc.blocks:
        if isinstance(block, Question):
            text = block.text if first else ""
            first = False
            blocks.append(_lean(block, text=text, html="", heading="", annotations=_EMPTY))
        else:
            blocks.append(
                _lean(block, text="", html="", heading="", references=_EMPTY, annotations=_EMPTY)
            )
    footnotes = [_lean(n, text="", html="", urls=_EMPTY, ref_ids=_EMPTY) for n in doc.footnotes]
    return replace(
        doc,
        blocks=tuple(blocks),
        preamble=_EMPTY,
        sections=_EMPTY,
        footnotes=tuple(footnotes),
        source_notes=tuple(_lean(n, text="", html="", ref_ids=_EMPTY) for n in doc.source_notes),
        annotations=tuple(_lean(a, text="", html="", quote=None) for a in doc.annotations),
        references=tuple(doc.references),
        diagnostics=_EMPTY,
    )


def _shared(values: list[str]) -> list[str]:
    return tuple(sys.intern(v) for v in values) if values else values  # type: ignore[return-value]


def share_ids(doc: Document) -> Document:
    """Make the ids and labels of an outline the one copy of each string in this process
    ("vraag-1", "antwoord-2" and the labels recur in every document; each unpickled outline
    would hold its own copies). Changes `doc` in place and returns it."""
    for block in doc.blocks:
        block.id = sys.intern(block.id)
        block.aliases = _shared(block.aliases)
        if isinstance(block, Question):
            block.label = sys.intern(block.label)
            block.labels = _shared(block.labels)
            block.answered_with = _shared(block.answered_with)
            block.source_notes = _shared(block.source_notes)
            if block.answered_in is not None:
                block.answered_in = sys.intern(block.answered_in)
        else:
            block.covers = _shared(block.covers)
            block.refers_to = _shared(block.refers_to)
    for note in doc.footnotes:
        note.id = sys.intern(note.id)
    for source in doc.source_notes:
        source.id, source.label = sys.intern(source.id), sys.intern(source.label)
    for annotation in doc.annotations:
        annotation.id = sys.intern(annotation.id)
        if annotation.target is not None:
            annotation.target = sys.intern(annotation.target)
    for ref in doc.references:
        if ref.block is not None:
            ref.block = sys.intern(ref.block)
    return doc


def first_question_text(doc: Document, limit: int = 400) -> str:
    """The first question as plain text (a feed entry's summary, a page's description). Here,
    not in render, because a Card is made in the worker and render imports the model."""
    for question in doc.questions:
        text = " ".join(question.text.split())
        if len(text) > limit:
            text = text[: limit - 1].rsplit(" ", 1)[0] + " …"
        return text
    return doc.meta.subject or doc.meta.title


@dataclass(slots=True)
class Card:
    """What other pages show of a document (listings, feeds, the index, documents.json, the
    sitemap) and what the whole-site pass indexes it by. The main process keeps one card per
    document instead of an outline: at 100,000 documents the outlines alone were ~1.2 GB.
    Treated as read-only (not frozen: slots and pickling stay cheap)."""

    slug: str
    path: str
    meta: Metadata  # lists as tuples, repeating strings interned (share_card)
    question_count: int
    summary: str  # first_question_text
    # Document.anchor_ids, sorted: checks of `other.md#fragment` links. A tuple, not a set:
    # 40 ids cost ~0.4 KB as a tuple and ~2.3 KB as a frozenset (1.9 KB a card, 190 MB at
    # 100,000 documents), and a fragment is looked up only for a link naming this document.
    anchors: tuple[str, ...]

    def anchor_ids(self) -> frozenset[str]:
        return frozenset(self.anchors)

    @property
    def year(self) -> str:
        if self.meta.received:
            return f"{self.meta.received.year:04d}"
        if self.meta.submitted:
            return f"{self.meta.submitted.year:04d}"
        return "undated"

    @property
    def url(self) -> str:
        """Site-relative URL of the page, as Document.url."""
        return f"/{self.year}/{self.slug}/"


def _tuple(values: list[str]) -> tuple[str, ...]:
    return tuple(values) if values else _EMPTY  # type: ignore[return-value]


def card(doc: Document) -> Card:
    """The card of a document (or of its outline: the first question's text is kept there)."""
    meta = doc.meta
    lean = replace(
        meta,
        questioners=_tuple(meta.questioners),
        see_also=_tuple(meta.see_also),
        tags=_tuple(meta.tags),
        on_behalf_of=_tuple(meta.on_behalf_of),
        aliases=_tuple(meta.aliases),
    )
    return Card(
        doc.slug,
        doc.path,
        lean,
        doc.question_count,
        first_question_text(doc),
        tuple(sorted(doc.anchor_ids())),
    )


def _interned(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None


def share_card(item: Card, anchors: dict[tuple[str, ...], tuple[str, ...]]) -> Card:
    """Make a card received in the main process share what repeats across documents: the
    strings of its metadata that come from small pools (ministers, ministries, tags,
    questioners, kind, language) and its set of anchors (most documents have the same ids:
    vraag-1 ... antwoord-12), pooled in `anchors`. Changes `item` in place and returns it."""
    meta = item.meta
    meta.kind = sys.intern(meta.kind)  # type: ignore[assignment]
    meta.language = sys.intern(meta.language)
    meta.answered_by = _interned(meta.answered_by)
    meta.ministry = _interned(meta.ministry)
    meta.tags = _shared(meta.tags)
    meta.questioners = _shared(meta.questioners)
    pooled = anchors.get(item.anchors)
    if pooled is None:
        # Its ids recur in every document (vraag-1, antwoord-2, noot-3): one copy of each.
        pooled = tuple(map(sys.intern, item.anchors))
        anchors[pooled] = pooled
    item.anchors = pooled
    return item
