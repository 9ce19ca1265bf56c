"""Headings rule: the top level cut at headings into preamble, Q&A blocks and sections.

Any heading the grammar reads as a question or answer ("Vraag 2", "Antwoord op vragen 3 en 4",
"Vraag 5 en 6") starts a block, at any level; another heading of level 1 or 2 starts a section
(before the first block: the preamble). What each Q&A heading is (question or answer) is decided
from its neighbours (`generator.structure.decide_heading_kinds`), since real documents mislabel
("Antwoord vraag 5" where "Vraag 5" belongs); a typo or an irregular heading is a warning, as is
a question asked (or answered) twice. The blocks themselves are made by `grouping`.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from generator.grammar import normalise_space, parse_heading
from generator.qa.annotations import split_annotations
from generator.qa.grouping import make_blocks
from generator.qa.model import BlockPart, Context, Group, QaResult, SectionPart
from generator.qa.tokens import child_spans, inline_text, line_of
from generator.structure import HeadingDecision, decide_heading_kinds


def segment(result: QaResult, ctx: Context) -> None:
    """Fill the result's preamble, blocks and sections (and the annotations of each)."""
    tokens = result.tokens
    groups = group_by_heading(tokens, ctx.language)
    qa_groups = [g for g in groups if g.role == "qa"]
    decisions = decide_heading_kinds([g.match for g in qa_groups if g.match])
    decision_of = {id(g): d for g, d in zip(qa_groups, decisions, strict=True)}
    asked: set[str] = set()
    answered: set[str] = set()
    for group in groups:
        if group.role != "qa":
            section = SectionPart(group.heading, group.level, group.line, [])
            section.body, section.annotations = split_annotations(tokens, group.items, None, ctx)
            (result.sections if result.blocks else result.preamble).append(section)
            continue
        decision = decision_of[id(group)]
        _report_irregular(group, decision, ctx)
        parts = make_blocks(tokens, group, decision.kind, ctx)
        seen = asked if decision.kind == "question" else answered
        for part in parts:
            check_duplicate_labels(part, seen, ctx)
        result.blocks.extend(parts)
    for part in result.blocks:
        result.annotations.extend(part.annotations)
    for section in result.preamble + result.sections:
        result.annotations.extend(section.annotations)


def _report_irregular(group: Group, decision: HeadingDecision, ctx: Context) -> None:
    """A heading read despite a typo, or read as what its place says rather than its words."""
    match = group.match
    assert match is not None
    if match.typos:
        ctx.report(
            group.line,
            "warning",
            "heading-typo",
            f"heading '{match.text}' is irregular ({'; '.join(match.typos)}); "
            f"read as {decision.kind} {', '.join(match.labels)}",
        )
    if decision.irregular:
        word = "Vraag" if ctx.language != "en" else "Question"
        ctx.report(
            group.line,
            "warning",
            "irregular-heading",
            f"'{match.text}' stands where '{word} {' en '.join(match.labels)}' belongs; "
            f"read as question {', '.join(match.labels)}",
        )


def group_by_heading(tokens: Sequence[Token], language: str) -> list[Group]:
    """Cut the top level at Q&A headings (any level) and other headings of level 1-2."""
    groups = [Group("preamble", "", 0, None, [])]
    for span in child_spans(tokens, 0, len(tokens)):
        first = tokens[span.start]
        if first.type == "heading_open" and span.end - span.start >= 2:
            text = normalise_space(inline_text(tokens[span.start + 1].children))
            level = int(first.tag[1:]) if first.tag[1:].isdigit() else 1
            match = parse_heading(text, language)
            line = line_of(tokens, span)
            if match is not None:
                groups.append(Group("qa", match.text, level, line, [], match))
                continue
            if level <= 2:
                groups.append(Group("section", text, level, line, []))
                continue
        groups[-1].items.append(span)
    if groups[0].items:
        groups[0].line = line_of(tokens, groups[0].items[0])
    elif len(groups) > 1:
        groups.pop(0)
    return groups


def check_duplicate_labels(part: BlockPart, seen: set[str], ctx: Context) -> None:
    """A label asked (or answered) before: a warning, and the id rule will not repeat it."""
    repeated = [label for label in part.labels if label in seen]
    seen.update(part.labels)
    if not repeated:
        return
    part.duplicate_reported = True
    what = "asked" if part.kind == "question" else "answered"
    ctx.report(
        part.line,
        "warning",
        "duplicate-label",
        f"question {', '.join(repeated)} is {what} more than once ('{part.heading}')",
    )
