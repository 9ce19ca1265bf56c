"""Document model → W3C Web Annotation JSON-LD (one AnnotationCollection per document).

https://www.w3.org/TR/annotation-model/ — what annotation tools (Hypothesis, Recogito, ...)
read. Each editor's note becomes an `Annotation` whose body is the note's plain text and whose
target is the document page: the block's id as a `FragmentSelector` (so `page#antwoord-2-3`
finds it) and, when the note quotes a phrase, a `TextQuoteSelector` (exact + prefix/suffix
from the block's plain text) that finds the phrase itself. The file is
`/api/annotations/<slug>.jsonld`; every URL in it is absolute, built from `base_url`.
"""

from __future__ import annotations

from generator.config import SiteConfig
from generator.document import Annotation, Document
from generator.grammar import normalise_space

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3987"
QUOTE_CONTEXT = 32  # characters of prefix and suffix: enough to tell repeated phrases apart
# Our kinds as W3C motivations (https://www.w3.org/TR/annotation-vocab/#motivation).
MOTIVATION = {
    "context": "commenting",
    "update": "commenting",
    "correction": "editing",
    "fact-check": "assessing",
}


def annotations_url(doc: Document) -> str:
    """Site-relative URL of a document's Web Annotation export."""
    return f"/api/annotations/{doc.slug}.jsonld"


def quote_selector(block_text: str, quote: str) -> dict | None:
    """TextQuoteSelector for the first occurrence of `quote` in `block_text`, or None."""
    text, exact = normalise_space(block_text), normalise_space(quote)
    start = text.find(exact) if exact else -1
    if start < 0:
        return None
    end = start + len(exact)
    return {
        "type": "TextQuoteSelector",
        "exact": exact,
        "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
        "suffix": text[end : end + QUOTE_CONTEXT],
    }


def _target_text(doc: Document, note: Annotation) -> str:
    if note.target is None:  # the whole document: where the reader looked for its quote
        return " ".join([*(s.text for s in doc.preamble), *(b.text for b in doc.blocks)])
    return next((b.text for b in doc.blocks if b.id == note.target), "")


def web_annotation(doc: Document, note: Annotation, config: SiteConfig) -> dict:
    page = config.absolute_url(doc.url)
    target: dict = {"source": page}
    selectors: list[dict] = []
    if note.target is not None:
        selectors.append(
            {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": note.target}
        )
    if note.quote and note.quote_found:
        selector = quote_selector(_target_text(doc, note), note.quote)
        if selector is not None:
            selectors.append(selector)
    if selectors:
        target["selector"] = selectors
    body = {
        "type": "TextualBody",
        "value": note.text,
        "format": "text/plain",
        "language": doc.meta.language,
    }
    data: dict = {
        "id": f"{page}#{note.id}",
        "type": "Annotation",
        "motivation": MOTIVATION.get(note.kind or "", "commenting"),
        "body": body,
        "target": target,
    }
    if note.author:
        data["creator"] = {"name": note.author}
    if note.date:
        data["created"] = note.date.isoformat()
    return data


def annotation_collection(doc: Document, config: SiteConfig) -> dict:
    """Every annotation of `doc`, in document order, as one embedded AnnotationCollection."""
    url = config.absolute_url(annotations_url(doc))
    items = [web_annotation(doc, note, config) for note in doc.annotations]
    return {
        "@context": CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": doc.meta.title or doc.slug,
        "total": len(items),
        "first": {"id": f"{url}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
