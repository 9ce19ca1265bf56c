"""Annotations rule: an editor's `::: annotation` note, its metadata lines, and where it may stand.

The container itself is parsed by `generator.annotation_block`; this rule reads it as an
annotation of the block (or section) it stands under. Leading `author:`, `date:`, `kind:`,
`quote:` and `target:` lines are metadata, not text (an unknown kind or a date that is not one
is a warning). A note inside a list item or a quote is lifted to the top level first, so the
model and `antwoord import --update` know it; one inside a footnote or inside another note
cannot stand beside a block and says so, as does a note that swallowed a Q&A heading (its
closing `:::` is missing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from markdown_it.token import Token

from generator.grammar import normalise_space, parse_date, parse_heading
from generator.qa.model import (
    ANNOTATION_CONTAINER,
    AnnotationPart,
    BlockPart,
    Context,
    QaResult,
    Span,
)
from generator.qa.tokens import child_spans, inline_text, line_of

ANNOTATION_KINDS = ("context", "correction", "update", "fact-check")


_META_LINE = re.compile(r"^(author|date|kind|quote|target)\s*:\s*(.*)$", re.I)


LIFTED = "qa_lifted"  # token.meta key of an annotation that stood inside a list item or quote


def lift_nested_annotations(tokens: list[Token]) -> list[Token]:
    """Move each annotation that stands inside a list item or a quote to the top level, just
    after the list or quote, and mark its opening token `meta[LIFTED]`.

    The container rule finds `::: annotation` at any depth, so the page showed such a note
    inside the answer while the model (which reads top-level annotations) did not know it,
    and `antwoord import --update` replaced it with the source's text. Lifted, it is an
    annotation of the block like any other: in the model, in the margin, kept by an update.
    An annotation inside an annotation stays where it is (it is part of that note's text).
    """
    if not any(t.type == ANNOTATION_CONTAINER and t.level > 0 for t in tokens):
        return tokens
    out: list[Token] = []
    for span in child_spans(tokens, 0, len(tokens)):
        element = tokens[span.start : span.end]
        if element[0].type == ANNOTATION_CONTAINER:
            out.extend(element)
            continue
        kept: list[Token] = []
        lifted: list[Token] = []
        i = 0
        while i < len(element):
            token = element[i]
            if token.type != ANNOTATION_CONTAINER:
                kept.append(token)
                i += 1
                continue
            j = i + 1
            while not (element[j].nesting == -1 and element[j].level == token.level):
                j += 1
            depth = token.level
            for inner in element[i : j + 1]:
                inner.level -= depth
            token.meta[LIFTED] = True
            lifted.extend(element[i : j + 1])
            i = j + 1
        out.extend(kept)
        out.extend(lifted)
    return out


def split_annotations(
    tokens: Sequence[Token], items: list[Span], owner: BlockPart | None, ctx: Context
) -> tuple[list[Span], list[AnnotationPart]]:
    """The spans of a block or section: (its text, its annotations, read)."""
    body: list[Span] = []
    annotations: list[AnnotationPart] = []
    for span in items:
        if tokens[span.start].type == ANNOTATION_CONTAINER:
            annotations.append(read_annotation(tokens, span, owner, ctx))
        else:
            body.append(span)
    return body, annotations


def read_annotation(
    tokens: Sequence[Token], span: Span, owner: BlockPart | None, ctx: Context
) -> AnnotationPart:
    """An annotation container; leading `author:`/`date:`/`kind:`/`quote:` lines are metadata."""
    annotation = AnnotationPart(span, [], line=line_of(tokens, span), owner=owner)
    inner = child_spans(tokens, span.start + 1, span.end - 1)
    if inner and tokens[inner[0].start].type == "paragraph_open":
        inline = tokens[inner[0].start + 1]
        if _take_metadata(inline, annotation, ctx):
            inner = inner[1:]
    annotation.body = inner  # target is set with the ids, once the owner's id is known
    return annotation


def _lines(children: list[Token]) -> list[list[Token]]:
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    return lines


def _take_metadata(inline: Token, annotation: AnnotationPart, ctx: Context) -> bool:
    """Read leading metadata lines; True when the whole paragraph was metadata."""
    lines = _lines(inline.children or [])
    taken = 0
    for line in lines:
        m = _META_LINE.match(inline_text(line).strip())
        if not m:
            break
        _set_metadata(annotation, m.group(1).lower(), m.group(2).strip(), ctx)
        taken += 1
    if taken == 0:
        return False
    if taken == len(lines):
        return True
    # Keep the text after the metadata lines: drop the children up to the taken-th line break.
    children = inline.children or []
    breaks = [i for i, c in enumerate(children) if c.type in ("softbreak", "hardbreak")]
    inline.children = children[breaks[taken - 1] + 1 :]
    inline.content = "\n".join(inline.content.split("\n")[taken:])
    return False


def _set_metadata(annotation: AnnotationPart, key: str, value: str, ctx: Context) -> None:
    line = annotation.line + 1 if annotation.line is not None else None
    if key == "author":
        annotation.author = value or None
    elif key == "target":
        annotation.former_target = value or None
    elif key == "quote":
        annotation.quote = value.strip("\"'“”„‘’ ") or None
    elif key == "kind":
        annotation.kind = value.lower() or None
        if annotation.kind and annotation.kind not in ANNOTATION_KINDS:
            ctx.report(
                line,
                "warning",
                "annotation-kind-unknown",
                f"annotation kind '{value}' is not one of {', '.join(ANNOTATION_KINDS)}",
            )
    elif key == "date":
        annotation.date = _annotation_date(value)
        if annotation.date is None and value:
            ctx.report(
                line,
                "warning",
                "annotation-date-invalid",
                f"annotation date '{value}' is not a date like 2025-09-22",
            )


def _annotation_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return parse_date(value)


def report_unplaced_annotations(
    result: QaResult, definitions: list[tuple[Token, list[Token]]], ctx: Context
) -> None:
    """A `::: annotation` inside a footnote or inside another annotation cannot be placed
    beside a block: its text is shown where it stands (not as an annotation) and it says so."""
    inner = [
        t for note in result.annotations for s in note.body for t in result.tokens[s.start : s.end]
    ]
    for index, token in enumerate(inner[:-1]):
        heading = normalise_space(inline_text(inner[index + 1].children))
        if token.type == "heading_open" and parse_heading(heading, ctx.language) is not None:
            # A note never holds a question or answer: its closing ':::' is missing (or a
            # fence in it is never closed), and the blocks after it became part of the note.
            ctx.report(
                token.map[0] if token.map else None,
                "warning",
                "annotation-holds-heading",
                f"the heading '{heading}' stands inside an annotation; is the annotation's "
                "closing ':::' (or the closing ``` of code in it) missing?",
            )
    inner += [t for _opener, tokens in definitions for t in tokens]
    for token in inner:
        if token.type == ANNOTATION_CONTAINER:
            ctx.report(
                token.map[0] if token.map else None,
                "warning",
                "annotation-not-placed",
                "an annotation inside a footnote or inside another annotation is shown as "
                "plain text; put it under the question or answer it is about",
            )
