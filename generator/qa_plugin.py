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
from datetime import date
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
    parse_date,
    parse_heading,
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

ANNOTATION_KINDS = ("context", "correction", "update", "fact-check")


_SOURCES_HEADING = re.compile(r"^(?:bronnen|bron|sources?)\s*:?$", re.I)


_META_LINE = re.compile(r"^(author|date|kind|quote|target)\s*:\s*(.*)$", re.I)


# The section `antwoord import --update` writes for annotations whose block is gone.
ORPHANS_HEADING = {"nl": "Verweesde annotaties", "en": "Orphaned annotations"}


_ORPHANS_HEADING = re.compile(r"^(?:verweesde annotaties|orphaned annotations)\s*:?$", re.I)


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


def render_footnote_ref(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    if "qa_href" not in meta:  # parsed without our core rule: show the marker, never a dead link
        return escapeHtml(f"[^{meta.get('label', '')}]")
    return (
        f'<sup class="footnote-ref"><a href="#{escapeHtml(meta["qa_href"])}" '
        f'id="{escapeHtml(meta["qa_id"])}">{escapeHtml(meta["qa_number"])}</a></sup>'
    )


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


def split_annotations(
    tokens: Sequence[Token], items: list[Span], owner: BlockPart | None, ctx: Context
) -> tuple[list[Span], list[AnnotationPart]]:
    body: list[Span] = []
    annotations: list[AnnotationPart] = []
    for span in items:
        if tokens[span.start].type == ANNOTATION_CONTAINER:
            annotations.append(read_annotation(tokens, span, owner, ctx))
        else:
            body.append(span)
    return body, annotations


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


def collect_orphans(result: QaResult, ctx: Context) -> None:
    """Annotations under "## Verweesde annotaties" lost their block in a re-import: they are
    kept (never dropped), shown apart, and each is a warning until an editor places it."""
    for sections in (result.preamble, result.sections):
        for section in list(sections):
            if not _ORPHANS_HEADING.match(section.heading):
                continue
            for annotation in section.annotations:
                annotation.orphaned = True
                was = (
                    f" (it was on '{annotation.former_target}')" if annotation.former_target else ""
                )
                ctx.report(
                    annotation.line,
                    "warning",
                    "annotation-orphaned",
                    f"this annotation lost its block when the document was re-imported{was}; "
                    "move it under the question or answer it belongs to, or delete it",
                )
            if not section.body:  # only annotations: they are shown in a section of their own
                sections.remove(section)


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
    "ENV_KEY",
    "QaResult",
    "Span",
    "child_spans",
    "inline_text",
    "qa_plugin",
    "tokens_text",
]
