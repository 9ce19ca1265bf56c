"""Source notes rule: a "## Bronnen" list becomes source notes; "1)" in a question links to them.

A Kamervraag cites its sources with markers ("1)", "[1]") and lists them under "Bronnen" /
"Sources". The section's ordered lists are taken out of the text (listed once, by the theme),
and each marker in a question's text becomes a link to `bron-N` (with an id of its own, so the
note links back). A number inside parentheses is not one ("(zie vraag 5)"), nor is "1.5)"; a
marker with no item in the list stays text and is reported once, as information.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from generator.qa.model import BlockPart, Context, QaResult, SourceNotePart, Span
from generator.qa.tokens import child_lines, child_spans, iter_inline, text_token

if TYPE_CHECKING:
    from markdown_it.renderer import RendererProtocol
    from markdown_it.utils import EnvType, OptionsDict


_SOURCES_HEADING = re.compile(r"^(?:bronnen|bron|sources?)\s*:?$", re.I)


# A question source marker: "[1]" anywhere, or "1)" not preceded by a digit, "." or ","
# (so "1.5)" is not one); bare parentheses are matched too, to track the nesting depth that
# tells "(zie vraag 5)" from "bestaan? 1)".
_MARKER = re.compile(
    r"\[(?P<sq>\d{1,3})\]|(?<![\d.,])(?P<num>\d{1,3})\)|(?P<open>\()|(?P<close>\))"
)


def collect_source_notes(result: QaResult, ctx: Context) -> None:
    """Move ordered lists of a Bronnen/Sources section into source notes (listed once)."""
    tokens = result.tokens
    for sections in (result.preamble, result.sections):
        for section in list(sections):
            if not _SOURCES_HEADING.match(section.heading):
                continue
            lists = [s for s in section.body if tokens[s.start].type == "ordered_list_open"]
            for span in lists:
                result.source_notes.extend(_source_items(tokens, span))
            section.body = [s for s in section.body if s not in lists]
            if lists and not section.body:  # its annotations stay in Document.annotations
                sections.remove(section)


def _source_items(tokens: Sequence[Token], span: Span) -> list[SourceNotePart]:
    items = []
    start_number = int(tokens[span.start].attrGet("start") or 1)
    for index, item in enumerate(child_spans(tokens, span.start + 1, span.end - 1)):
        opener = tokens[item.start]
        if opener.type != "list_item_open":
            continue
        label = opener.info if opener.info.isdigit() else str(start_number + index)
        label = str(int(label))  # "01)" is source 1
        inner = list(tokens[item.start + 1 : item.end - 1])
        items.append(SourceNotePart(label, "", inner, opener.map[0] if opener.map else None))
    return items


def mark_sources(
    inline: Token,
    part: BlockPart,
    sources: dict[str, SourceNotePart],
    missing: list[tuple[str, int | None]],
) -> None:
    """Link question source markers ("1)", "[1]") outside parentheses to `bron-N`."""
    children: list[Token] = []
    depth = 0
    changed = False
    for child, line in child_lines(inline):
        if child.type != "text":
            children.append(child)
            continue
        pos = 0
        for m in _MARKER.finditer(child.content):
            if m.group("open"):
                depth += 1
                continue
            if m.group("close") or (m.group("num") and depth > 0):
                depth = max(0, depth - 1)
                continue
            label = str(int(m.group("sq") or m.group("num")))
            note = sources.get(label)
            if note is None:  # a diagnostic, never a dangling label in the model or the JSON
                missing.append((label, line))
                continue
            if label not in part.source_notes:
                part.source_notes.append(label)
            changed = True
            if m.start() > pos:
                children.append(text_token(child.content[pos : m.start()], child))
            children.append(_source_ref_token(note, m.group(0), child))
            pos = m.end()
        if pos == 0:
            children.append(child)
        elif pos < len(child.content):
            children.append(text_token(child.content[pos:], child))
    if changed:
        inline.children = children


def _source_ref_token(note: SourceNotePart, marker: str, like: Token) -> Token:
    token = Token("qa_source_ref", "", 0)
    token.content = marker
    token.level = like.level
    ref_id = f"{note.id}-ref-{len(note.ref_ids) + 1}"
    note.ref_ids.append(ref_id)
    token.meta = {"href": note.id, "id": ref_id, "label": note.label}
    return token


def render_source_ref(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A question's source marker as a link to its source note, with the id it links back to."""
    meta = tokens[idx].meta
    return (
        f'<sup class="source-ref"><a href="#{escapeHtml(meta["href"])}" '
        f'id="{escapeHtml(meta["id"])}">{escapeHtml(tokens[idx].content)}</a></sup>'
    )


def link_source_markers(result: QaResult, ctx: Context) -> None:
    """Link the source markers of every question; the markers with no note are one report."""
    sources = {note.label: note for note in result.source_notes}
    missing: list[tuple[str, int | None]] = []
    for part in result.blocks:
        if part.kind == "question":
            for inline in iter_inline(result.tokens, part.body):
                mark_sources(inline, part, sources, missing)
    if missing:
        labels = list(dict.fromkeys(label for label, _ in missing))
        ctx.report(
            missing[0][1],
            "info",
            "source-note-missing",
            f"question source marker(s) {', '.join(labels)} have no item in a "
            "'Bronnen' list; shown as text",
        )
