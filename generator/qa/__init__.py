"""markdown-it-py plugin: the Q&A structure of a Kamervragen document, its ids and its links.

`qa_plugin(md, language=...)` adds one core rule that runs after inline parsing, when the
whole token stream is known (so "zie het antwoord op vraag 9" can link forward). The rule calls
small rules, one module each, in this order (each module's docstring says what it recognises):

1. `footnotes`: footnote definitions out of the stream (the theme lists them, not inline);
   `annotations`: notes inside a list item or quote lifted to the top level;
2. `headings`: the top level cut into preamble, Q&A blocks and sections, each heading's kind
   decided; `grouping`: a grouped question split into one block per question;
3. `source_notes`: a "Bronnen" list into source notes; `orphans`: the notes an update could
   not place; `annotations`: notes that cannot be placed reported;
4. `ids`: a unique page id for every block, alias, section, source note, footnote, annotation;
5. the inline rewriting, once every id is known: `footnotes` (citations numbered),
   `crossrefs` (references linked), `source_notes` (markers linked), `answers` (questions
   and answers linked both ways), `quotes` (an annotation's quoted phrase marked).

It leaves a `QaResult` in `env["qa"]`; `generator.reader` renders its token ranges into the
Document model. Nothing here keeps state between documents: everything lives in `env`.
The shared dataclasses are in `model`, the token helpers in `tokens`; rules import those two
(and, one way, the annotation reader), never each other in a circle.
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
from generator.qa.source_notes import collect_source_notes, link_source_markers, render_source_ref
from generator.qa.tokens import child_spans, inline_text, tokens_text


def qa_plugin(md: MarkdownIt, *, language: str = "nl") -> None:
    """Recognise Q&A structure; needs footnote_plugin (move_to_end=False) and the container."""
    md.core.ruler.push("qa_structure", partial(qa_structure, language=language))
    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("qa_source_ref", render_source_ref)


def qa_structure(state: StateCore, *, language: str) -> None:
    """The core rule: the rules in order (see the module docstring), the result in env."""
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
