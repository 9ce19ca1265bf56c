"""What the Q&A rules share: the parts they find, the result they leave, the per-document context.

Every rule module imports from here (and from `tokens`), so the rules never need each other's
internals. Token ranges (`Span`) index the stream `md.parse` returns; `generator.reader`
renders them into the Document model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from markdown_it.token import Token

from generator.document import CrossReference, Diagnostic, Severity
from generator.grammar import HeadingMatch

ENV_KEY = "qa"
ANNOTATION_CONTAINER = "container_annotation_open"


ENV_KEY = "qa"


ANNOTATION_CONTAINER = "container_annotation_open"


@dataclass(frozen=True)
class Span:
    """Top-level tokens [start, end) of the stream: one block element with its children."""

    start: int
    end: int


@dataclass
class AnnotationPart:
    """An editor's `::: annotation`: its spans, metadata and owner (ids set by `ids`)."""

    span: Span
    body: list[Span]  # the container's content without metadata lines
    target: str | None = None
    id: str = ""
    line: int | None = None
    author: str | None = None
    date: date | None = None
    kind: str | None = None
    quote: str | None = None
    quote_found: bool = False  # the quoted phrase was found (and marked) in the block
    owner: BlockPart | None = None  # the block it is attached to; None: the whole document
    orphaned: bool = False  # stands in the orphaned-annotations section
    former_target: str | None = None  # `target:` line: the block it was on before an update


@dataclass
class BlockPart:
    """A question or answer block: its spans, annotations, ids and links."""

    kind: Literal["question", "answer"]
    labels: list[str]
    heading: str
    line: int | None
    body: list[Span]
    annotations: list[AnnotationPart] = field(default_factory=list)
    id: str = ""
    aliases: list[str] = field(default_factory=list)
    answered_in: str | None = None
    answered_with: list[str] = field(default_factory=list)
    source_notes: list[str] = field(default_factory=list)
    refers_to: list[str] = field(default_factory=list)
    references: list[CrossReference] = field(default_factory=list)
    duplicate_reported: bool = False


@dataclass
class SectionPart:
    """A non-Q&A section (or the untitled opening text) and its annotations."""

    heading: str  # "" for the untitled opening text
    level: int
    line: int | None
    body: list[Span]
    annotations: list[AnnotationPart] = field(default_factory=list)
    id: str | None = None


@dataclass
class FootnotePart:
    """A footnote definition with its id and the ids of the places citing it."""

    label: str
    number: int | str
    id: str
    tokens: list[Token]
    line: int | None
    ref_ids: list[str] = field(default_factory=list)


@dataclass
class SourceNotePart:
    """One item of a Bronnen list with its id and the markers linking to it."""

    label: str
    id: str
    tokens: list[Token]
    line: int | None
    ref_ids: list[str] = field(default_factory=list)


@dataclass
class QaResult:
    """What the plugin found; token ranges index `tokens` (the stream md.parse returns)."""

    tokens: list[Token]
    preamble: list[SectionPart] = field(default_factory=list)
    blocks: list[BlockPart] = field(default_factory=list)
    sections: list[SectionPart] = field(default_factory=list)
    footnotes: list[FootnotePart] = field(default_factory=list)
    source_notes: list[SourceNotePart] = field(default_factory=list)
    annotations: list[AnnotationPart] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Context:
    """Per-document settings and the diagnostics sink."""

    language: str
    file: str
    body_line: int  # file line of the body's first line (after front matter)
    kind: str  # document kind: question-unanswered only applies to "answer"
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def file_line(self, line0: int | None) -> int | None:
        return None if line0 is None else line0 + self.body_line

    def report(self, line0: int | None, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(self.file, self.file_line(line0), severity, code, message)
        )


@dataclass
class Group:
    """A heading and the elements under it, before its kind is decided."""

    role: Literal["preamble", "qa", "section"]
    heading: str
    level: int
    line: int | None
    items: list[Span]
    match: HeadingMatch | None = None
