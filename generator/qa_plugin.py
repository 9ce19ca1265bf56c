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

from functools import partial

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from generator.qa.annotations import (
    ANNOTATION_KINDS,
    LIFTED,
    lift_nested_annotations,
    report_unplaced_annotations,
)
from generator.qa.answers import link_questions_and_answers
from generator.qa.crossrefs import link_cross_references
from generator.qa.footnotes import (
    extract_footnote_definitions,
    link_footnote_refs,
    render_footnote_ref,
)
from generator.qa.headings import segment
from generator.qa.ids import assign_ids
from generator.qa.model import (
    ANNOTATION_CONTAINER,
    ENV_KEY,
    AnnotationPart,
    BlockPart,
    Context,
    FootnotePart,
    QaResult,
    SectionPart,
    SourceNotePart,
    Span,
)
from generator.qa.orphans import ORPHANS_HEADING, collect_orphans
from generator.qa.quotes import highlight_quotes
from generator.qa.source_notes import (
    collect_source_notes,
    link_source_markers,
    render_source_ref,
)
from generator.qa.tokens import child_spans, inline_text, tokens_text


def qa_plugin(md: MarkdownIt, *, language: str = "nl") -> None:
    """Recognise Q&A structure; needs footnote_plugin (move_to_end=False) and the container."""
    md.core.ruler.push("qa_structure", partial(_qa_core, language=language))
    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("qa_source_ref", render_source_ref)


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
    link_cross_references(result, ctx)
    link_source_markers(result, ctx)
    link_questions_and_answers(result, ctx)
    highlight_quotes(result, ctx)
    result.annotations.sort(key=lambda a: a.span.start)
    result.diagnostics = ctx.diagnostics
    env[ENV_KEY] = result


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
