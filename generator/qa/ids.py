"""Ids rule: every block, alias, section, source note, footnote and annotation gets a page id.

One registry for the whole page, claimed in one fixed order (blocks, their aliases, sections,
source notes, footnotes, annotations), so ids are stable (the contract in
docs/content-format.md) and never collide: a second claim of the same id is renamed, and a
block renamed that way is a warning.
"""

from __future__ import annotations

from markdown_it.token import Token

from generator.qa.model import Context, FootnotePart, QaResult
from generator.slug import slugify
from generator.structure import IdRegistry, alias_ids, block_id, id_words


def assign_ids(
    result: QaResult, definitions: list[tuple[Token, list[Token]]], ctx: Context
) -> None:
    """Claim every id of the page, in the fixed order (see the module docstring)."""
    lang = ctx.language
    words = id_words(lang)
    registry = IdRegistry(block_id(b.kind, b.labels, lang) for b in result.blocks)
    for part in result.blocks:
        natural = block_id(part.kind, part.labels, lang)
        part.id, renamed = registry.claim(natural)
        if renamed and not part.duplicate_reported:
            ctx.report(
                part.line,
                "warning",
                "duplicate-label",
                f"id '{natural}' is used twice; this '{part.heading}' gets '{part.id}'",
            )
    for part in result.blocks:
        part.aliases = [
            a for a in alias_ids(part.kind, part.labels, lang) if registry.claim_alias(a)
        ]
    for section in result.preamble + result.sections:
        if section.heading:
            section.id = registry.claim(slugify(section.heading))[0]
    _assign_source_note_ids(result, registry, words["source"], ctx)
    _assign_footnote_ids(result, definitions, registry, words["note"], ctx)
    _assign_annotation_ids(result, registry, words["annotation"])


def _assign_source_note_ids(
    result: QaResult, registry: IdRegistry, word: str, ctx: Context
) -> None:
    seen: set[str] = set()
    for note in result.source_notes:
        if note.label in seen:
            ctx.report(
                note.line,
                "warning",
                "duplicate-label",
                f"source {note.label} is listed more than once",
            )
        seen.add(note.label)
        note.id = registry.claim(f"{word}-{note.label}")[0]


def _assign_footnote_ids(
    result: QaResult,
    definitions: list[tuple[Token, list[Token]]],
    registry: IdRegistry,
    word: str,
    ctx: Context,
) -> None:
    """One FootnotePart per definition, in file order, with its id (`noot-1`, `noot-x`)."""
    seen: set[str] = set()
    for opener, inner in definitions:
        label = str(opener.meta.get("label", ""))
        line = opener.map[0] if opener.map else None
        if label in seen:
            ctx.report(line, "warning", "duplicate-label", f"footnote [^{label}] is defined twice")
        seen.add(label)
        number: int | str = int(label) if label.isdigit() else label
        natural = f"{word}-{number if isinstance(number, int) else slugify(label)}"
        ident = registry.claim(natural)[0]
        result.footnotes.append(FootnotePart(label, number, ident, inner, line))


def _assign_annotation_ids(result: QaResult, registry: IdRegistry, word: str) -> None:
    counters: dict[str | None, int] = {}
    for annotation in sorted(result.annotations, key=lambda a: a.span.start):
        target = annotation.owner.id if annotation.owner is not None else None
        counters[target] = counters.get(target, 0) + 1
        prefix = f"{target}-{word}" if target else word
        annotation.target = target
        annotation.id = registry.claim(f"{prefix}-{counters[target]}")[0]
