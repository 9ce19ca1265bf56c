"""Document model → JSON (DESIGN.md "JSON export").

The keys of DESIGN.md are a contract read by tools outside the package: they are all present,
in that order, with those names. Keys beyond them (aliases, ministry, ...) come after and may
be added, never removed or renamed.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import orjson

from generator.citations import official_url
from generator.document import Card, Document, SeeAlso
from generator.linker import sort_newest_first
from generator.text_safety import clean_data


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def json_url(doc: Card | Document) -> str:
    """Site-relative URL of a document's JSON."""
    return f"/api/documents/{doc.slug}.json"


SCHEMA_PATH = "api/schema.json"


def schema_json() -> bytes:
    """The JSON Schema of a document's JSON and of /api/documents.json, published as
    /api/schema.json (generator/schemas/document.schema.json, tested against every export)."""
    return files("generator").joinpath("schemas/document.schema.json").read_bytes()


def _permalink(doc: Card | Document, base_url: str | None) -> dict:
    # `url` is relative to base_url, which may hold a sub-path: a tool that resolves it against
    # the host lands outside the site. The absolute URL comes beside it (DESIGN's keys stay).
    return {"permalink": base_url + doc.url.lstrip("/")} if base_url else {}


def document_json(
    doc: Document,
    see_also: list[SeeAlso] | None = None,
    hrefs: dict[str, str | None] | None = None,
    *,
    base_url: str | None = None,
) -> dict:
    """`see_also` is the linker's resolution of the front matter's see_also (with URLs: the
    site-relative page URL for a document of this site, else its official publication);
    `hrefs` its resolution of the document's references (DocumentLinks.hrefs); `base_url` (the
    site's) adds the absolute `permalink`."""
    meta = doc.meta
    resolved = see_also if see_also is not None else [SeeAlso(text) for text in meta.see_also]
    return {
        "slug": doc.slug,
        "url": doc.url,
        "source": meta.source,
        "title": meta.title,
        "kind": meta.kind,
        "language": meta.language,
        "publication": meta.publication,
        "answered_by": meta.answered_by,
        "received": _iso(meta.received),
        "questioners": list(meta.questioners),
        "see_also": [{"text": item.text, "url": item.url} for item in resolved],
        "tags": list(meta.tags),
        "questions": [
            {
                "label": q.label,
                "id": q.id,
                "text": q.text,
                "answered_in": q.answered_in,
                "source_notes": list(q.source_notes),
                "aliases": list(q.aliases),
                "heading": q.heading,
                "answered_with": list(q.answered_with),
            }
            for q in doc.questions
        ],
        "answers": [
            {
                "id": a.id,
                "covers": list(a.covers),
                "text": a.text,
                "refers_to": list(a.refers_to),
                "aliases": list(a.aliases),
                "heading": a.heading,
                # Extension: each cross-reference phrase, with every block it names.
                "references": [
                    {"text": r.text, "labels": list(r.labels), "targets": list(r.targets)}
                    for r in a.references
                ],
            }
            for a in doc.answers
        ],
        "footnotes": [
            {"number": n.number, "id": n.id, "text": n.text, "urls": list(n.urls)}
            for n in doc.footnotes
        ],
        "source_notes": [{"label": n.label, "id": n.id, "text": n.text} for n in doc.source_notes],
        "annotations": [
            {
                "id": a.id,
                "target": a.target,
                "text": a.text,
                "kind": a.kind,
                "author": a.author,
                "date": _iso(a.date),
                "quote": a.quote,
                "aliases": list(a.aliases),
                "orphaned": a.orphaned,
                "former_target": a.former_target,
            }
            for a in doc.annotations
        ],
        "diagnostics": [d.to_json() for d in doc.diagnostics],
        # Extensions (content-format.md fields beyond DESIGN.md).
        "ministry": meta.ministry,
        "on_behalf_of": list(meta.on_behalf_of),
        "submitted": _iso(meta.submitted),
        "subject": meta.subject,
        "portfolio": meta.portfolio,
        "kamer_reference": meta.kamer_reference,
        "letter_date": _iso(meta.letter_date),
        "letter_reference": meta.letter_reference,
        # Former ids that still resolve on the page (old id → current id); see update.py.
        "redirects": dict(doc.redirects),
        # A notice: what it says (docs/notices.md), and the document it names, else null.
        "notice_kind": meta.notice_kind if meta.kind == "notice" else None,
        "notice_document": notice_json(doc, hrefs or {}),
        **_permalink(doc, base_url),
    }


def notice_json(doc: Document, hrefs: dict[str, str | None]) -> dict | None:
    notice = doc.notice
    if notice is None or not notice.publication:
        return None
    return {
        "text": notice.publication_text,
        "publication": notice.publication,
        "url": hrefs.get(f"pub:{notice.publication}") or official_url(notice.publication),
    }


def document_summary(doc: Card | Document, base_url: str | None = None) -> dict:
    """One entry of /api/documents.json."""
    return {
        "slug": doc.slug,
        "url": doc.url,
        "title": doc.meta.title,
        "kind": doc.meta.kind,
        "language": doc.meta.language,
        "answered_by": doc.meta.answered_by,
        "received": _iso(doc.meta.received),
        "question_count": doc.question_count,
        "json_url": json_url(doc),
        **_permalink(doc, base_url),
    }


def documents_index(docs: list[Card] | list[Document], base_url: str | None = None) -> list[dict]:
    """All documents, newest first (received descending, undated last, then slug)."""
    return [document_summary(d, base_url) for d in sort_newest_first(docs)]


def documents_index_json(
    docs: list[Card] | list[Document], *, chunk: int = 1000, base_url: str | None = None
) -> bytes:
    """The bytes of dumps(documents_index(docs)), made `chunk` entries at a time: the entries
    of 100,000 documents as dicts, then as one string, were a 150 MB peak of a build."""
    ordered = sort_newest_first(docs)
    if not ordered:
        return dumps([]).encode("utf-8")
    parts = []
    for start in range(0, len(ordered), chunk):
        text = dumps([document_summary(d, base_url) for d in ordered[start : start + chunk]])
        parts.append(text[2:-3].encode("utf-8"))  # the entries, without "[\n" and "\n]\n"
    return b"[\n" + b",\n".join(parts) + b"\n]\n"


def dumps(data: object) -> str:
    """The one JSON encoding of the site: deterministic, readable, UTF-8 as is.

    orjson writes the same bytes as json.dumps(ensure_ascii=False, indent=2) about 17 times
    faster (the pure-Python indenting encoder was a quarter of rendering a document); json
    stays for what orjson refuses (an integer beyond 64 bits, a key that is not a string)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except TypeError:
        # orjson also refuses a lone surrogate, which no UTF-8 file can hold: U+FFFD it is
        # (generator/text_safety.py; the reader has warned about where it came from).
        text = json.dumps(clean_data(data), ensure_ascii=False, indent=2, sort_keys=False)
        return text + "\n"
