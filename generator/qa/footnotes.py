"""Footnotes rule: `[^1]` definitions taken out of the text, each citation numbered and linked.

The footnote plugin (move_to_end=False) leaves each definition where the editor wrote it; the
theme lists footnotes apart, so `extract_footnote_definitions` lifts them out of the stream first
(before any other rule cuts it into blocks). Once ids are given, `link_footnote_refs` numbers
each citation (`noot-1-ref-k`, so the list can link back to every place it is cited), in the
text and inside other footnotes; one cited but never defined stays visible as `[^x]` (an error:
a dead link would hide the mistake), one defined but never cited is a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from generator.qa.model import Context, FootnotePart, QaResult
from generator.qa.tokens import child_lines, text_token

if TYPE_CHECKING:
    from markdown_it.renderer import RendererProtocol
    from markdown_it.utils import EnvType, OptionsDict


def extract_footnote_definitions(
    tokens: list[Token],
) -> tuple[list[Token], list[tuple[Token, list[Token]]]]:
    """Remove footnote definitions wherever they stand: (remaining tokens, [(open, inner)])."""
    kept: list[Token] = []
    definitions: list[tuple[Token, list[Token]]] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token.type != "footnote_reference_open":
            kept.append(token)
            i += 1
            continue
        depth, j = 1, i + 1
        while j < n and depth:
            if tokens[j].type == "footnote_reference_open":
                depth += 1
            elif tokens[j].type == "footnote_reference_close":
                depth -= 1
            j += 1
        inner, nested = extract_footnote_definitions(tokens[i + 1 : j - 1])
        definitions.append((token, inner))
        definitions.extend(nested)
        i = j
    return kept, definitions


def link_footnote_refs(result: QaResult, ctx: Context) -> None:
    """Number each reference (noot-1-ref-k); an undefined one stays visible text."""
    by_label: dict[str, FootnotePart] = {}
    for note in result.footnotes:
        by_label.setdefault(note.label, note)
    streams = [result.tokens, *(note.tokens for note in result.footnotes)]
    for stream in streams:
        for inline in (t for t in stream if t.type == "inline"):
            if not any(c.type == "footnote_ref" for c in inline.children or []):
                continue
            children: list[Token] = []
            for child, line in child_lines(inline):
                if child.type != "footnote_ref":
                    children.append(child)
                    continue
                label = str(child.meta.get("label", ""))
                note = by_label.get(label)
                if note is None:
                    ctx.report(
                        line,
                        "error",
                        "footnote-undefined",
                        f"footnote [^{label}] is cited but never defined",
                    )
                    children.append(text_token(f"[^{label}]", child))
                    continue
                ref_id = f"{note.id}-ref-{len(note.ref_ids) + 1}"
                note.ref_ids.append(ref_id)
                child.meta.update(qa_href=note.id, qa_id=ref_id, qa_number=str(note.number))
                children.append(child)
            inline.children = children
    for note in result.footnotes:
        if not note.ref_ids:
            ctx.report(
                note.line,
                "warning",
                "footnote-unused",
                f"footnote [^{note.label}] is defined but never cited",
            )


def render_footnote_ref(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A numbered citation linking to its footnote, with the id the footnote links back to."""
    meta = tokens[idx].meta
    if "qa_href" not in meta:  # parsed without our core rule: show the marker, never a dead link
        return escapeHtml(f"[^{meta.get('label', '')}]")
    return (
        f'<sup class="footnote-ref"><a href="#{escapeHtml(meta["qa_href"])}" '
        f'id="{escapeHtml(meta["qa_id"])}">{escapeHtml(meta["qa_number"])}</a></sup>'
    )
