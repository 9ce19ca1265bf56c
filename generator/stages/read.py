"""The read stage: a document's text → its model (cached), its card and its site shape.

process_document runs in the worker pool and touches no other document; read_phase gives
every document's card in path order (from the cache when the last build's record knows the
model key). It owns the outline and card cache keys; the main process keeps cards, never the
outlines, which the whole-site pass loads one at a time (outline_loader)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.cache import Cache, digest
from generator.config import SiteConfig
from generator.content import read_document_file
from generator.document import Card, Diagnostic, Document, card, outline, share_card, share_ids
from generator.linker import site_shape
from generator.render import THEME
from generator.stages.scan import model_key
from generator.stages.workers import Workers
from generator.system_errors import plain_reason


class Recorded(Protocol):
    """What the read stage needs of the last build's record of a document."""

    model_key: str
    diagnostics: tuple[Diagnostic, ...]
    shape: str


@dataclass(frozen=True)
class DocumentJob:
    path: str  # relative to the content folder: documents/<slug>.md
    text: str | None  # None: the worker reads content/<path> (keeps the job list small)
    config: SiteConfig
    theme: Path = THEME
    content: Path | None = None
    cache: Path | None = None  # cache folder; None = no cache


@dataclass
class DocumentOutput:
    path: str
    # Its card (document.Card), made in the worker: the main process keeps cards, never the
    # outlines (those go to the cache; the whole-site pass loads them one at a time).
    card: Card | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    model_key: str = ""
    origin: str = "parsed"  # parsed | cache (model from the cache) | record (not even read)
    shape: str = ""  # linker.site_shape of the outline (computed in the worker)


def outline_key(model: str) -> str:
    """The cache key of a model's outline (the whole-site pass loads outlines, not models)."""
    return digest("outline", model)


def card_key(model: str) -> str:
    """The cache key of a model's card: what the main process keeps of a document."""
    return digest("card", model)


def read_text(path: str, text: str | None, content: Path | None) -> str | None:
    if text is not None:
        return text
    assert content is not None
    # Diagnostics of reading were reported when the build hashed the file.
    return read_document_file(content / path, path)[0]


def model_of(
    path: str, text: str, config: SiteConfig, cache: Cache | None, key: str
) -> tuple[Document | None, str, list[Diagnostic]]:
    """(model, origin, problems): from the cache when it holds one for `key`, else parsed."""
    from generator.reader import read_document

    if cache is not None:
        cached = cache.get(key)
        if isinstance(cached, Document):
            return cached, "cache", []
    try:
        doc = read_document(text, path=path, default_language=config.language)
    except Exception as exc:
        problem = Diagnostic(path, None, "error", "read-failed", f"not read: {plain_reason(exc)}")
        return None, "parsed", [problem]
    if cache is not None:
        cache.put(key, doc)
    return doc, "parsed", []


def process_document(job: DocumentJob) -> DocumentOutput:
    """Read one document into its model (from the cache when it holds it); return its card,
    the outline's site shape, and leave the outline and card in the cache. Touches no other
    document, so it runs in a process pool."""
    text = read_text(job.path, job.text, job.content)
    if text is None:
        return DocumentOutput(job.path, None)
    key = model_key(job.path, text.encode("utf-8"), job.config)
    cache = Cache(job.cache) if job.cache else None
    doc, origin, problems = model_of(job.path, text, job.config, cache, key)
    if doc is None:
        return DocumentOutput(job.path, None, problems, key, origin)
    brief = outline(doc)
    shown = card(doc)
    if cache is not None:
        # Outlines and cards are small and read by every whole-site pass and incremental read:
        # left uncompressed (bench/cold_path.py: zlib cost more CPU than their bytes were worth).
        if not cache.has(outline_key(key)):
            cache.put(outline_key(key), brief, compress=False)
        if not cache.has(card_key(key)):
            cache.put(card_key(key), shown, compress=False)
    return DocumentOutput(job.path, shown, list(doc.diagnostics), key, origin, site_shape(brief))


def outline_for(job: DocumentJob) -> Document | None:
    """A document's outline made again from its text (or cached model), for when the cache
    lost the outline; None when the document cannot be read any more."""
    text = read_text(job.path, job.text, job.content)
    if text is None:
        return None
    key = model_key(job.path, text.encode("utf-8"), job.config)
    cache = Cache(job.cache) if job.cache else None
    doc, _origin, _problems = model_of(job.path, text, job.config, cache, key)
    if doc is None:
        return None
    brief = outline(doc)
    if cache is not None:
        cache.put(outline_key(key), brief, compress=False)
    return brief


def outline_loader(
    cache: Cache | None, outputs: list[DocumentOutput], job_for: Callable[[str], DocumentJob]
) -> Callable[[Card], Document]:
    """`outline_of` for link_site: each outline from the cache (by its model key), else made
    again in this process from the document (correct, only slower). Nothing is kept."""
    keys = {out.path: out.model_key for out in outputs if out.card is not None}

    def outline_of(item: Card) -> Document:
        found = cache.get(outline_key(keys[item.path])) if cache is not None else None
        if not isinstance(found, Document):
            found = outline_for(job_for(item.path))
        if found is None:  # gone since it was read: no references, no blocks to cite from
            return Document(item.slug, item.path, item.meta)
        return share_ids(found)  # its labels end up in CitedBy

    return outline_of


def read_phase(
    pool: Workers,
    order: list[str],
    known: dict[str, Recorded],
    job_for: Callable[[str], DocumentJob],
    progress: Callable[[int, int], None] | None,
    cache: Cache | None = None,
    fresh: dict[str, DocumentOutput] | None = None,
    anchors: dict[tuple[str, ...], tuple[str, ...]] | None = None,
) -> list[DocumentOutput]:
    """Every document's card in path order: `fresh` ones as given; for a document whose
    model key the record knows, its card from the cache; else (or when the cache lost it)
    from a worker (model from the cache, or parsed). `anchors`: the pool of anchor sets the
    cards share (share_card)."""
    fresh = fresh or {}
    anchors = {} if anchors is None else anchors
    cards: dict[str, Card] = {}
    if cache is not None:
        for path in order:
            if path in known and path not in fresh:
                found = cache.get(card_key(known[path].model_key))
                if isinstance(found, Card):
                    cards[path] = share_card(found, anchors)
    jobs = [job_for(path) for path in order if path not in cards and path not in fresh]
    results = pool.map(process_document, jobs)
    outputs: list[DocumentOutput] = []
    for done, path in enumerate(order, start=1):
        if path in fresh:
            out = fresh[path]
        elif path in cards:
            rec = known[path]
            out = DocumentOutput(
                path, cards.pop(path), list(rec.diagnostics), rec.model_key, "record", rec.shape
            )
        else:
            out = received(next(results), anchors)
        outputs.append(out)
        if progress is not None:
            progress(done, len(order))
    return outputs


def received(
    out: DocumentOutput, anchors: dict[tuple[str, ...], tuple[str, ...]]
) -> DocumentOutput:
    """A worker's output as the main process keeps it: its card's repeating parts shared."""
    if out.card is not None:
        share_card(out.card, anchors)
    return out


@dataclass
class ReadDocuments:
    """What the read stage hands the link stage: every document of this build in path order,
    the records of those not read again (model key unchanged), the outputs of those read, and
    the pool of anchor sets their cards share."""

    order: list[str]
    known: dict[str, Recorded]
    fresh: dict[str, DocumentOutput]
    anchors: dict[tuple[str, ...], tuple[str, ...]]


def read_documents(
    pool: Workers,
    order: list[str],
    known: dict[str, Recorded],
    job_for: Callable[[str], DocumentJob],
) -> ReadDocuments:
    """The read stage of a build: every document the record does not know, in the pool."""
    fresh_paths = [path for path in order if path not in known]
    read = pool.map(process_document, [job_for(path) for path in fresh_paths])
    anchors: dict[tuple[str, ...], tuple[str, ...]] = {}
    fresh = {path: received(out, anchors) for path, out in zip(fresh_paths, read, strict=True)}
    return ReadDocuments(order, known, fresh, anchors)
