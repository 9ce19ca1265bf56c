"""Cross-references rule: "zie het antwoord op vraag 2" in an answer becomes a link to that block.

The grammar (what is a reference, what is a citation of another document) lives in
`generator.crossrefs`; this rule resolves each reference's labels to the blocks of this
document and rewrites the inline tokens: the phrase links to its block (class "xref"), a
phrase naming several blocks links each. Answers count their references (JSON `refers_to`);
an editor's note links its references too, but never counts them. A label the document does
not have is a warning and stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from generator.crossrefs import XrefMatch
from generator.document import CrossReference
from generator.grammar import find_cross_references
from generator.qa.model import BlockPart, Context, QaResult
from generator.qa.tokens import child_lines, iter_inline, text_token


@dataclass
class Resolver:
    """Label → block id, for cross-references inside this document."""

    answers: dict[str, str]
    questions: dict[str, str]

    @classmethod
    def for_blocks(cls, blocks: Sequence[BlockPart]) -> Resolver:
        answers: dict[str, str] = {}
        questions: dict[str, str] = {}
        for part in blocks:
            table = questions if part.kind == "question" else answers
            for label in part.labels:
                table.setdefault(label, part.id)
        return cls(answers, questions)

    def target(self, label: str, to_answer: bool) -> str | None:
        """The block a reference to `label` leads to: the answer for "antwoord op vraag 2" and
        "bij vraag 7", the question for "zie vraag 5"; the other when that one is missing."""
        first, second = (
            (self.answers, self.questions) if to_answer else (self.questions, self.answers)
        )
        return first.get(label) or second.get(label)


def _link_spans(match: XrefMatch, targets: Sequence[str | None]) -> list[tuple[int, int, str]]:
    """(start, end, block id) of each link of one reference, in text order.

    The phrase up to its first resolvable number links to that number's block; every further
    number whose block differs links on its own ("zie de antwoorden op de vragen 2 en 3": the
    phrase to 2, "3" to 3). Numbers that share a block share its link ("antwoord op vragen 2
    en 3" answered together: one link). A label inside a range ("5" of "4 t/m 6") has no
    number of its own to link; its block is in refers_to all the same.
    """
    spans: list[tuple[int, int, str]] = []
    for number, target in zip(match.numbers, targets, strict=True):
        if target is None or number.start is None or number.end is None:
            continue
        if not spans:
            spans.append((match.start, number.end, target))
        elif spans[-1][2] == target:
            spans[-1] = (spans[-1][0], number.end, target)
        else:
            spans.append((number.start, number.end, target))
    if spans:  # the first link runs to the end of the phrase when its block is the last one
        start, end, target = spans[-1]
        if len(spans) == 1 or start != match.start:
            tail_numbers = [n for n in match.numbers if n.start is not None]
            if tail_numbers and tail_numbers[-1].end == end:
                spans[-1] = (start, match.end, target)
    return spans


def link_references(
    inline: Token, part: BlockPart | None, resolver: Resolver, ctx: Context
) -> None:
    """Turn "antwoord op vraag 2" into a link to the block answering 2 (class "xref"); a
    phrase naming several blocks links each (see `_link_spans`).

    The grammar reads each run of text with its soft line breaks as one string, so a phrase
    wrapped over two lines of a hand-written document ("zie het antwoord op\nvraag 4") and a
    citation's id on the next line are found too."""
    items = list(child_lines(inline))
    children: list[Token] = []
    link_depth = 0
    changed = False
    i = 0
    while i < len(items):
        child = items[i][0]
        if child.type == "text" and not link_depth:
            j = i
            while j < len(items) and items[j][0].type in ("text", "softbreak"):
                j += 1
            after = _plain_text(token for token, _ in items[j : j + 12])[:200]
            linked = _link_run(items[i:j], after, part, resolver, ctx)
            if linked is None:
                children.extend(token for token, _ in items[i:j])
            else:
                children.extend(linked)
                changed = True
            i = j
            continue
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth = max(0, link_depth - 1)
        children.append(child)
        i += 1
    if changed:
        inline.children = children


def _plain_text(tokens: Iterable[Token]) -> str:
    return "".join(
        "\n" if t.type in ("softbreak", "hardbreak") else t.content
        for t in tokens
        if t.type in ("text", "softbreak", "hardbreak", "code_inline")
    )


def _link_run(
    run: list[tuple[Token, int | None]],
    after: str,
    part: BlockPart | None,
    resolver: Resolver,
    ctx: Context,
) -> list[Token] | None:
    """The tokens of one run of text and soft breaks with its references linked, or None when
    it has none. `after`: the text that follows the run (a citation the citations plugin made
    a link, "(Aanhangsel Handelingen ...)"): the grammar reads it to tell a citation apart."""
    text = _plain_text(token for token, _ in run)
    matches = [m for m in find_cross_references(text + after, ctx.language) if m.end <= len(text)]
    if not matches:
        return None
    like = run[0][0]
    starts: list[tuple[int, int | None]] = []
    pos = 0
    for token, line in run:
        starts.append((pos, line))
        pos += len(token.content) if token.type == "text" else 1
    out: list[Token] = []
    pos = 0
    for match in matches:
        line = next((ln for at, ln in reversed(starts) if at <= match.start), run[0][1])
        targets = [resolver.target(label, match.to_answer) for label in match.labels]
        _record(match, targets, line, part, ctx)
        for start, end, target in _link_spans(match, targets):
            out.extend(_text_pieces(text[pos:start], like))
            out.extend(_link_tokens(target, text[start:end], like))
            pos = end
    out.extend(_text_pieces(text[pos:], like))
    return out


def _record(
    match: XrefMatch,
    targets: Sequence[str | None],
    line: int | None,
    part: BlockPart | None,
    ctx: Context,
) -> None:
    """Count one reference as the block's (`references`, `refers_to`; never for an editor's
    note, `part` None); a label this document does not have is a warning."""
    found = list(dict.fromkeys(t for t in targets if t is not None))
    missing = [label for label, t in zip(match.labels, targets, strict=True) if t is None]
    phrase = " ".join(match.text.split())
    if part is not None:
        part.references.append(
            CrossReference(
                list(match.labels),
                found[0] if found else None,
                phrase,
                ctx.file_line(line),
                found,
            )
        )
        part.refers_to.extend(t for t in found if t not in part.refers_to)
    if missing:
        ctx.report(
            line,
            "warning",
            "unresolved-reference",
            f"'{phrase}' refers to question {', '.join(missing)}, "
            "which this document does not have",
        )


def _text_pieces(text: str, like: Token) -> list[Token]:
    """Text tokens with a soft break token for each line break ("" gives none)."""
    out: list[Token] = []
    for k, piece in enumerate(text.split("\n")):
        if k:
            brk = Token("softbreak", "br", 0)
            brk.level = like.level
            out.append(brk)
        if piece:
            out.append(text_token(piece, like))
    return out


def _link_tokens(target: str, text: str, like: Token) -> list[Token]:
    opener = Token("link_open", "a", 1)
    opener.attrs = {"href": f"#{target}", "class": "xref"}
    closer = Token("link_close", "a", -1)
    return [opener, *_text_pieces(text, like), closer]


def link_cross_references(result: QaResult, ctx: Context) -> None:
    """Link the references in every answer and in every editor's note (block or section)."""
    tokens = result.tokens
    resolver = Resolver.for_blocks(result.blocks)
    for part in result.blocks:
        if part.kind == "answer":
            for inline in iter_inline(tokens, part.body):
                link_references(inline, part, resolver, ctx)
        # An editor's note links its references too, but they are the editor's words, not
        # the document's: they never count as the block's cross-references (JSON refers_to).
        for annotation in part.annotations:
            for inline in iter_inline(tokens, annotation.body):
                link_references(inline, None, resolver, ctx)
    for section in result.preamble + result.sections:
        for annotation in section.annotations:
            for inline in iter_inline(tokens, annotation.body):
                link_references(inline, None, resolver, ctx)
