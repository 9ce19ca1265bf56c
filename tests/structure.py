"""A document's structure in the vocabulary of the corpus's expected YAML files.

Shared by the corpus test and the per-format importer tests, so "what counts as a
cross-reference" is decided in one place.
"""

from __future__ import annotations

from generator.document import Document


def cross_references(doc: Document) -> list[dict]:
    """Resolved "zie het antwoord op vraag 2" references, once per (answer, labels) pair."""
    references: list[dict] = []
    for answer in doc.answers:
        for ref in answer.references:
            if ref.target is not None:
                item = {"from_answer": list(answer.covers), "to_questions": list(ref.labels)}
                if item not in references:
                    references.append(item)
    return references


def observed(doc: Document) -> dict:
    return {
        "kind": doc.meta.kind,
        "publication": doc.meta.publication,
        "answered_by": doc.meta.answered_by,
        "received": doc.meta.received,
        "questioners": list(doc.meta.questioners),
        "questions": [q.label for q in doc.questions],
        "answers": [{"covers": list(a.covers)} for a in doc.answers],
        "footnotes": len(doc.footnotes),
        "question_source_notes": len(doc.source_notes),
        "cross_references": cross_references(doc),
    }
