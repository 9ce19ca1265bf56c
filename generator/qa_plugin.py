"""markdown-it-py plugin: the Q&A structure of a Kamervragen document, its ids and its links.

`qa_plugin(md, language=...)` adds one core rule that runs after inline parsing, when the
whole token stream is known (so "zie het antwoord op vraag 9" can link forward). The rule:

1. takes footnote definitions out of the stream (they are listed by the theme, not inline);
2. cuts the top-level tokens into preamble, Q&A blocks and trailing sections by heading;
3. decides what each Q&A heading is from context, splits grouped question paragraphs;
4. gives every block, alias, footnote, source note and annotation a unique page id;
5. rewrites inline tokens: footnote references, question source markers, cross-references.

It leaves a `QaResult` in `env["qa"]`; `generator.reader` renders its token ranges into the
Document model. Nothing here keeps state between documents: everything lives in `env`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.crossrefs import XrefMatch
from generator.document import CrossReference
from generator.grammar import (
    find_cross_references,
    normalise_space,
    parse_heading,
)
from generator.qa.annotations import (
    ANNOTATION_KINDS,
    LIFTED,
    lift_nested_annotations,
    read_annotation,
    report_unplaced_annotations,
    split_annotations,
)
from generator.qa.footnotes import (
    extract_footnote_definitions,
    link_footnote_refs,
    render_footnote_ref,
)
from generator.qa.model import (
    ANNOTATION_CONTAINER,
    ENV_KEY,
    AnnotationPart,
    BlockPart,
    Context,
    FootnotePart,
    Group,
    QaResult,
    SectionPart,
    SourceNotePart,
    Span,
)
from generator.qa.orphans import ORPHANS_HEADING, collect_orphans
from generator.qa.quotes import highlight_quotes
from generator.qa.tokens import (
    child_lines,
    child_spans,
    inline_text,
    iter_inline,
    line_of,
    text_token,
    tokens_text,
)
from generator.slug import slugify
from generator.structure import (
    IdRegistry,
    alias_ids,
    block_id,
    decide_heading_kinds,
    id_words,
)

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


def qa_plugin(md: MarkdownIt, *, language: str = "nl") -> None:
    """Recognise Q&A structure; needs footnote_plugin (move_to_end=False) and the container."""
    md.core.ruler.push("qa_structure", partial(_qa_core, language=language))
    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("qa_source_ref", render_source_ref)


def render_source_ref(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    return (
        f'<sup class="source-ref"><a href="#{escapeHtml(meta["href"])}" '
        f'id="{escapeHtml(meta["id"])}">{escapeHtml(tokens[idx].content)}</a></sup>'
    )


def _qa_core(state: StateCore, *, language: str) -> None:
    env = state.env
    ctx = Context(
        language=language,
        file=str(env.get("qa_path", "")),
        body_line=int(env.get("qa_body_line", 1)),
        kind=str(env.get("qa_kind", "answer")),
    )
    tokens, definitions = extract_footnote_definitions(state.tokens)
    tokens = lift_nested_annotations(tokens)
    state.tokens = tokens
    result = QaResult(tokens=tokens)
    segment(result, ctx)
    collect_source_notes(result, ctx)
    collect_orphans(result, ctx)
    report_unplaced_annotations(result, definitions, ctx)
    assign_ids(result, definitions, ctx)
    link_footnote_refs(result, ctx)
    _link_inline(result, ctx)
    link_questions_and_answers(result, ctx)
    highlight_quotes(result, ctx)
    result.annotations.sort(key=lambda a: a.span.start)
    result.diagnostics = ctx.diagnostics
    env[ENV_KEY] = result


def segment(result: QaResult, ctx: Context) -> None:
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
        assert group.match is not None
        decision = decision_of[id(group)]
        match = group.match
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
        parts = make_blocks(tokens, group, decision.kind, ctx)
        seen = asked if decision.kind == "question" else answered
        for part in parts:
            check_duplicate_labels(part, seen, ctx)
        result.blocks.extend(parts)
    for part in result.blocks:
        result.annotations.extend(part.annotations)
    for section in result.preamble + result.sections:
        result.annotations.extend(section.annotations)


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


def check_duplicate_labels(part: BlockPart, seen: set[str], ctx: Context) -> None:
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


def assign_ids(
    result: QaResult, definitions: list[tuple[Token, list[Token]]], ctx: Context
) -> None:
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


def _link_inline(result: QaResult, ctx: Context) -> None:
    tokens = result.tokens
    resolver = Resolver.for_blocks(result.blocks)
    sources = {note.label: note for note in result.source_notes}
    missing: list[tuple[str, int | None]] = []
    for part in result.blocks:
        if part.kind == "question":
            for inline in iter_inline(tokens, part.body):
                mark_sources(inline, part, sources, missing)
        else:
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
    if missing:
        labels = list(dict.fromkeys(label for label, _ in missing))
        ctx.report(
            missing[0][1],
            "info",
            "source-note-missing",
            f"question source marker(s) {', '.join(labels)} have no item in a "
            "'Bronnen' list; shown as text",
        )


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
        for start, end, target in _link_spans(match, targets):
            out.extend(_text_pieces(text[pos:start], like))
            out.extend(_link_tokens(target, text[start:end], like))
            pos = end
    out.extend(_text_pieces(text[pos:], like))
    return out


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
            if label not in part.source_notes:
                part.source_notes.append(label)
            note = sources.get(label)
            if note is None:
                missing.append((label, line))
                continue
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


def link_questions_and_answers(result: QaResult, ctx: Context) -> None:
    answer_of: dict[str, BlockPart] = {}
    asked: set[str] = set()
    for part in result.blocks:
        if part.kind == "answer":
            for label in part.labels:
                answer_of.setdefault(label, part)
        else:
            asked.update(part.labels)
    for part in result.blocks:
        if part.kind == "question":
            _link_question(part, answer_of, ctx)
        else:
            unknown = [label for label in part.labels if label not in asked]
            if unknown:
                ctx.report(
                    part.line,
                    "warning",
                    "answer-unknown-question",
                    f"'{part.heading}' answers question {', '.join(unknown)}, "
                    "which is never asked in this document",
                )


def _link_question(part: BlockPart, answer_of: dict[str, BlockPart], ctx: Context) -> None:
    answers = [answer_of[label] for label in part.labels if label in answer_of]
    if answers:
        part.answered_in = answers[0].id
        part.answered_with = [label for label in answers[0].labels if label not in part.labels]
    unanswered = [label for label in part.labels if label not in answer_of]
    if unanswered and ctx.kind == "answer":
        ctx.report(
            part.line,
            "warning",
            "question-unanswered",
            f"question {', '.join(unanswered)} has no answer in this document",
        )


__all__ = [
    "ANNOTATION_CONTAINER",
    "ANNOTATION_KINDS",
    "ENV_KEY",
    "LIFTED",
    "ORPHANS_HEADING",
    "AnnotationPart",
    "BlockPart",
    "FootnotePart",
    "QaResult",
    "SectionPart",
    "SourceNotePart",
    "Span",
    "child_spans",
    "inline_text",
    "lift_nested_annotations",
    "qa_plugin",
    "tokens_text",
]
