"""The Q&A plugin's former home, kept so `from generator.qa_plugin import ...` still works.

The plugin is now the package `generator.qa`, one module per rule (headings, grouping,
cross-references, footnotes, annotations, source notes); this module only re-exports its
public names.
"""

from generator.qa import (
    ANNOTATION_CONTAINER,
    ANNOTATION_KINDS,
    ENV_KEY,
    LIFTED,
    ORPHANS_HEADING,
    AnnotationPart,
    BlockPart,
    FootnotePart,
    QaResult,
    SectionPart,
    SourceNotePart,
    Span,
    child_spans,
    inline_text,
    lift_nested_annotations,
    qa_plugin,
    tokens_text,
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
