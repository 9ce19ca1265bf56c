"""Token helpers every rule uses: plain text, top-level spans, inline children with their lines.

Pure functions over markdown-it tokens; they know nothing of questions or answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markdown_it.token import Token

from generator.grammar import normalise_space
from generator.qa.model import Span


def inline_text(children: Sequence[Token] | None) -> str:
    """Plain text of inline children: no markup, no footnote or source markers."""
    parts: list[str] = []
    for child in children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child.children))
    return "".join(parts)


def tokens_text(tokens: Sequence[Token]) -> str:
    """Plain text of block tokens, whitespace normalised."""
    parts = []
    for token in tokens:
        # An ordered list's numbers are part of what the reader sees ("1. De Gezondheidsraad
        # adviseert ..."), so the plain text keeps them.
        if token.type == "list_item_open" and token.info:
            parts.append(f"{token.info}{token.markup}")
        elif token.type == "inline":
            parts.append(inline_text(token.children))
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
    return normalise_space(" ".join(parts))


def child_spans(tokens: Sequence[Token], start: int, end: int) -> list[Span]:
    """Split tokens[start:end] (all at one nesting level) into one span per element."""
    spans = []
    i = start
    while i < end:
        token = tokens[i]
        if token.nesting != 1:
            spans.append(Span(i, i + 1))
            i += 1
            continue
        j = i + 1
        while j < end and not (tokens[j].nesting == -1 and tokens[j].level == token.level):
            j += 1
        spans.append(Span(i, min(j + 1, end)))
        i = j + 1
    return spans


def line_of(tokens: Sequence[Token], span: Span) -> int | None:
    """The 0-based body line a span starts on (None when markdown-it gave no map)."""
    token = tokens[span.start]
    return token.map[0] if token.map else None


def iter_inline(tokens: Sequence[Token], spans: Sequence[Span]) -> Iterator[Token]:
    """Inline tokens of the spans, except heading text (never a reference or marker)."""
    for span in spans:
        for i in range(span.start, span.end):
            if tokens[i].type == "inline" and not (i > 0 and tokens[i - 1].type == "heading_open"):
                yield tokens[i]


def child_lines(inline: Token) -> Iterator[tuple[Token, int | None]]:
    """Each child with its 0-based body line (inline map + line breaks before it)."""
    base = inline.map[0] if inline.map else None
    offset = 0
    for child in inline.children or []:
        yield child, None if base is None else base + offset
        if child.type in ("softbreak", "hardbreak"):
            offset += 1


def text_token(content: str, like: Token) -> Token:
    """A text token at the level of `like` (for the tokens a rule rebuilds)."""
    token = Token("text", "", 0)
    token.content = content
    token.level = like.level
    return token
