"""Quotes rule: an annotation's `quote:` phrase marked (<mark>) where it first stands in its block.

Runs last, once annotation ids are known (the mark points at its note). It works on inline
tokens, never on HTML, so the tags stay balanced however the phrase crosses links or emphasis;
a phrase that is not found is a warning (it must be copied exactly).
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from generator.grammar import normalise_space
from generator.qa.model import AnnotationPart, Context, QaResult
from generator.qa.tokens import iter_inline, text_token


def highlight_quotes(result: QaResult, ctx: Context) -> None:
    """Mark each annotation's quoted phrase where it first stands in its block (<mark>).

    Works on the inline token stream, never on HTML: the phrase is looked up in the visible
    text of an inline token (text runs, code, line breaks as spaces) and only text tokens are
    split, so a phrase running across a link or emphasis gets one <mark> per piece and the
    tags stay balanced. A document-level annotation looks in the opening text, then the blocks.
    """
    tokens = result.tokens
    opening = [span for section in result.preamble for span in section.body]
    everything = opening + [span for part in result.blocks for span in part.body]
    for annotation in result.annotations:
        if not annotation.quote:
            continue
        owner = annotation.owner
        spans = owner.body if owner is not None else everything
        for inline in iter_inline(tokens, spans):
            if _mark_phrase(inline, annotation.quote, annotation):
                annotation.quote_found = True
                break
        if not annotation.quote_found:
            where = f"'{owner.heading}'" if owner is not None else "the document"
            ctx.report(
                annotation.line,
                "warning",
                "annotation-quote-not-found",
                f"the quoted phrase '{annotation.quote}' does not occur in {where}; "
                "check the quote: line (it must be copied exactly from the text)",
            )


def _visible_pieces(children: Sequence[Token]) -> tuple[str, list[tuple[int, int]]]:
    """(whitespace-normalised visible text, for each character: (child index, offset))."""
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for index, child in enumerate(children):
        if child.type in ("text", "code_inline"):
            content = child.content
        elif child.type in ("softbreak", "hardbreak"):
            content = " "
        else:
            continue
        for offset, char in enumerate(content):
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            where.append((index, offset))
    return "".join(chars), where


def _mark_phrase(inline: Token, quote: str, annotation: AnnotationPart) -> bool:
    children = list(inline.children or [])
    text, where = _visible_pieces(children)
    start = text.find(normalise_space(quote))
    if start < 0 or not quote.strip():
        return False
    end = start + len(normalise_space(quote))
    # Per child: the [first, last] offsets of the phrase within it.
    ranges: dict[int, list[int]] = {}
    for index, offset in where[start:end]:
        span = ranges.setdefault(index, [offset, offset])
        span[1] = offset
    rebuilt: list[Token] = []
    for index, child in enumerate(children):
        if index not in ranges or child.type not in ("text", "code_inline"):
            rebuilt.append(child)
            continue
        first, last = ranges[index]
        if child.type == "code_inline":  # code is never split: mark all of it
            rebuilt.extend(_mark_tokens([child], annotation, child))
            continue
        content = child.content
        if first > 0:
            rebuilt.append(text_token(content[:first], child))
        rebuilt.extend(
            _mark_tokens([text_token(content[first : last + 1], child)], annotation, child)
        )
        if last + 1 < len(content):
            rebuilt.append(text_token(content[last + 1 :], child))
    inline.children = rebuilt
    return True


def _mark_tokens(inner: list[Token], annotation: AnnotationPart, like: Token) -> list[Token]:
    opener = Token("mark_open", "mark", 1)
    # The annotation's id is known here: quotes are marked after ids are assigned.
    opener.attrs = {"class": "annotation-mark", "data-annotation": annotation.id}
    opener.level = like.level
    closer = Token("mark_close", "mark", -1)
    closer.level = like.level
    return [opener, *inner, closer]
