"""Document model → W3C Web Annotation JSON-LD (one AnnotationCollection per document).

https://www.w3.org/TR/annotation-model/ — what annotation tools (Hypothesis, Recogito, ...)
read. Each editor's note becomes an `Annotation` whose body is the note's plain text and whose
target is the document page: a `SpecificResource` whose `FragmentSelector` is the block's id
(so `page#antwoord-2-3` finds it), refined by a `TextQuoteSelector` (exact + prefix/suffix from
the block's plain text) when the note quotes a phrase; a note on the whole document targets
the page itself. The file is `/api/annotations/<slug>.jsonld`; every URL in it is absolute,
built from `base_url`. It passes the schemas of the W3C test suite (w3c/web-annotation-tests,
copied into tests/fixtures/web-annotation-tests/): see tests/test_web_annotation_w3c.py.
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


def _selector(doc: Document, note: Annotation) -> dict | None:
    """The block as a FragmentSelector, refined by a TextQuoteSelector when the note quotes a
    phrase of it (the model's 4.2.9: the quote is looked for inside the fragment, not as an
    alternative to it); a whole-document quote is a TextQuoteSelector on the page alone."""
    quote = None
    if note.quote and note.quote_found:
        quote = quote_selector(_target_text(doc, note), note.quote)
    if note.target is None:
        return quote
    fragment = {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": note.target}
    if quote is not None:
        fragment["refinedBy"] = quote
    return fragment


def _target(doc: Document, note: Annotation, page: str) -> dict:
    selector = _selector(doc, note)
    if selector is None:  # the whole page, as an External Web Resource
        return {"id": page, "type": "Text", "format": "text/html", "language": doc.meta.language}
    return {"type": "SpecificResource", "source": page, "selector": selector}


def web_annotation(doc: Document, note: Annotation, config: SiteConfig) -> dict:
    page = config.absolute_url(doc.url)
    body = {
        "type": "TextualBody",
        "value": note.text,
        "format": "text/plain",
        "language": doc.meta.language,
    }
    data: dict = {
        "@context": CONTEXT,
        "id": f"{page}#{note.id}",
        "type": "Annotation",
        "motivation": MOTIVATION.get(note.kind or "", "commenting"),
        "body": body,
        "target": _target(doc, note, page),
    }
    if note.author:
        # The model's Agent classes are Person, Organization and Software; an editor's note
        # names one author, and nothing in the document tells a person from a desk.
        data["creator"] = {"type": "Person", "name": note.author}
    if note.date:
        # `created` MUST be an xsd:dateTime (model 3.3.1); the note carries a day: its start, UTC.
        data["created"] = f"{note.date.isoformat()}T00:00:00Z"
    return data


def annotation_collection(doc: Document, config: SiteConfig) -> dict:
    """Every annotation of `doc`, in document order, as one AnnotationCollection with its one
    page embedded. A document without notes is a collection of total 0 with no page: a page
    MUST hold at least one annotation (model 5.2)."""
    url = config.absolute_url(annotations_url(doc))
    items = [web_annotation(doc, note, config) for note in doc.annotations]
    collection: dict = {
        "@context": CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": doc.meta.title or doc.slug,
        "total": len(items),
    }
    if items:
        page = f"{url}#page-1"
        collection["first"] = {
            "id": page,
            "type": "AnnotationPage",
            "partOf": url,
            "startIndex": 0,
            "items": items,
        }
        collection["last"] = page
    return collection
