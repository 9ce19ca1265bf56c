"""Grouping rule: one Q&A heading, one block; a grouped question heading, one block per question.

"Vraag 3 en 4" over two paragraphs is two questions asked together: each gets its own block
(and id), so the answer can link to each. A question may also run over several paragraphs
(context first, the question last): a paragraph ending in "?" ends one. When the paragraphs do
not divide into one run per label the heading stays one block, with a warning. A grouped
answer ("Antwoord op vragen 3 en 4") is always one block; `answers` links it both ways.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from markdown_it.token import Token

from generator.qa.annotations import read_annotation, split_annotations
from generator.qa.model import ANNOTATION_CONTAINER, BlockPart, Context, Group, Span
from generator.qa.tokens import line_of


def make_blocks(
    tokens: Sequence[Token], group: Group, kind: Literal["question", "answer"], ctx: Context
) -> list[BlockPart]:
    """One block per heading; a grouped question with one paragraph per label becomes several."""
    assert group.match is not None
    labels = list(group.match.labels)
    content = [s for s in group.items if tokens[s.start].type != ANNOTATION_CONTAINER]
    if kind == "question" and len(labels) > 1:
        owners = _question_owners(tokens, content, len(labels))
        if owners is not None:
            return _split_grouped_question(tokens, group, labels, owners, ctx)
        ctx.report(
            group.line,
            "warning",
            "grouped-question",
            f"'{group.heading}' is followed by {len(content)} parts for {len(labels)} questions; "
            "kept as one question block",
        )
    part = BlockPart(kind, labels, group.heading, group.line, [])
    part.body, part.annotations = split_annotations(tokens, group.items, part, ctx)
    return [part]


_QUESTION_END = re.compile(r"\?[\s\"'”’»)\]]*(?:\[\^[^\]]+\]|\d{1,2}\)|\[\d{1,2}\])?[\s\"'”’»]*$")


def _question_owners(tokens: Sequence[Token], content: list[Span], count: int) -> list[int] | None:
    """Which question (0-based) each paragraph under a grouped heading belongs to, or None.

    One paragraph per label is the common case. Otherwise a question may run over several
    paragraphs (context first, the question last): a question ends with a paragraph that
    ends in "?" (source markers and quotes aside); when that gives exactly one run per label,
    the runs are the questions.
    """
    if not all(tokens[s.start].type == "paragraph_open" for s in content):
        return None
    if len(content) == count:
        return list(range(count))
    if len(content) < count:
        return None
    owners, current = [], 0
    for span in content:
        owners.append(min(current, count - 1))
        if _QUESTION_END.search(tokens[span.start + 1].content):
            current += 1
    ends = sum(1 for s in content if _QUESTION_END.search(tokens[s.start + 1].content))
    return owners if ends == count and current == count else None


def _split_grouped_question(
    tokens: Sequence[Token],
    group: Group,
    labels: list[str],
    owners: list[int],
    ctx: Context,
) -> list[BlockPart]:
    """One block per question; each block's annotations follow the paragraphs they stand after."""
    parts: list[BlockPart] = []
    pending: list[Span] = []  # annotations before the first paragraph go to the first question
    paragraphs = iter(owners)
    for span in group.items:
        if tokens[span.start].type == ANNOTATION_CONTAINER:
            if parts:
                parts[-1].annotations.append(read_annotation(tokens, span, parts[-1], ctx))
            else:
                pending.append(span)
            continue
        owner = next(paragraphs)
        if owner < len(parts):  # another paragraph of the same question
            parts[-1].body.append(span)
            continue
        line = group.line if not parts else line_of(tokens, span)
        parts.append(BlockPart("question", [labels[owner]], group.heading, line, [span]))
    first = parts[0]
    first.annotations[:0] = [read_annotation(tokens, s, first, ctx) for s in pending]
    return parts
