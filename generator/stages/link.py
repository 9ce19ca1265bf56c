"""The link stage: the whole-site pass (linker.link_site: references, cited by, notices,
listings) over every document's card, or the last build's when it still holds, and each
document's page key. It owns the page plans, the listing key and the memory of the pass
(Linked.release).

The pass is run at most once and only when asked for: a build whose documents all keep their
site shape never loads a card or an outline (reuse_site_pass)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.cache import Cache, digest
from generator.config import SiteConfig
from generator.document import Card, Diagnostic
from generator.file_keys import card_shown
from generator.linker import DocumentLinks, SiteLinks, link_site
from generator.sitewriter import SiteWriter
from generator.stages.read import (
    DocumentJob,
    DocumentOutput,
    ReadDocuments,
    outline_loader,
    read_phase,
)
from generator.stages.record import BuildRecord, DocumentRecord, record_of
from generator.stages.render import PageEntry, document_outputs, page_key
from generator.stages.scan import ScannedDocument
from generator.stages.services import Services
from generator.stages.workers import Workers


def included_documents(outputs: list[DocumentOutput]) -> tuple[list[Card], list[Diagnostic]]:
    """The cards of the site's documents; two documents writing one path is an error for the
    second."""
    owner: dict[str, str] = {}
    documents: list[Card] = []
    diagnostics: list[Diagnostic] = []
    for out in sorted(outputs, key=lambda o: o.path):
        doc = out.card
        if doc is None:
            continue
        paths = document_outputs(doc)
        clash = [p for p in paths if p in owner]
        if clash:
            diagnostics.append(
                Diagnostic(
                    out.path,
                    None,
                    "error",
                    "duplicate-output",
                    f"writes {clash[0]}, which {owner[clash[0]]} also writes; "
                    f"this document was left out (give it another slug)",
                )
            )
            continue
        documents.append(doc)
        for path in paths:
            owner[path] = out.path
    return documents, diagnostics


def link_documents(
    outputs: list[DocumentOutput],
    cache: Cache | None,
    job_for: Callable[[str], DocumentJob],
    config: SiteConfig,
) -> tuple[list[Card], list[Diagnostic], SiteLinks]:
    """The whole-site pass over read documents: the cards in the site, the clashes that left
    one out, and the links; outlines are loaded from the cache one at a time."""
    documents, clashes = included_documents(outputs)
    outline_of = outline_loader(cache, outputs, job_for)
    return documents, clashes, link_site(documents, outline_of, language=config.language)


def listing_key(documents: list[Card], env: str) -> str:
    """Everything the site-wide files show of the documents, in the build's environment
    (record.build_env, which holds the date /open/ counts to): their cards without the anchors
    (file_keys.card_shown: metadata, question counts, first questions for feeds). An edit
    inside an answer leaves it as it was."""
    h = hashlib.sha256(digest("listings", env).encode())
    # One card at a time: the repr of 100,000 cards at once was a 200 MB peak.
    for d in documents:
        h.update(card_shown(d).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass(slots=True)
class PagePlan:
    """One document of this build: its record (page key set when it is in the site) and its
    share of the whole-site pass, or None when the last build's still holds (then its files
    are kept as they are)."""

    path: str
    record: DocumentRecord
    links: DocumentLinks | None


class SitePass:
    """The whole-site pass over every card, run at most once and only when asked for: a
    build whose documents all keep their site shape never loads a card or an outline. The
    outlines are loaded from the cache one at a time while it runs (outline_loader)."""

    def __init__(
        self,
        pool: Workers,
        order: list[str],
        known: dict[str, DocumentRecord],
        job_for: Callable[[str], DocumentJob],
        progress: Callable[[int, int], None] | None,
        cache: Cache,
        fresh: dict[str, DocumentOutput],
        config: SiteConfig,
        anchors: dict[tuple[str, ...], tuple[str, ...]] | None = None,
    ):
        self._args = (pool, order, known, job_for, progress, cache, dict(fresh))
        self._config = config
        self._anchors = {} if anchors is None else anchors
        self._outputs: list[DocumentOutput] | None = None
        self.documents: list[Card] = []
        self.clashes: list[Diagnostic] = []
        self.site = SiteLinks()

    def outputs(self) -> list[DocumentOutput]:
        if self._outputs is None:
            self._outputs = read_phase(*self._args, anchors=self._anchors)
            _pool, _order, _known, job_for, _progress, cache, _fresh = self._args
            self.documents, self.clashes, self.site = link_documents(
                self._outputs, cache, job_for, self._config
            )
        return self._outputs

    def release(self) -> None:
        """Drop the cards and links (a later `outputs()` would run the pass again)."""
        self._outputs, self.documents, self.site = None, [], SiteLinks()
        self._args = (*self._args[:-1], {})
        self._anchors = {}


def cached_links(cache: Cache, key: str) -> DocumentLinks | None:
    """A document's share of the last whole-site pass, from its page-cache entry."""
    entry = cache.get(key) if key else None
    return entry.links if isinstance(entry, PageEntry) else None


def reuse_site_pass(
    previous: BuildRecord,
    env: str,
    order: list[str],
    scanned: dict[str, ScannedDocument],
    fresh: dict[str, DocumentOutput],
    writer: SiteWriter,
    cache: Cache,
) -> list[PagePlan] | None:
    """This build's page plans from the last build's whole-site pass, when that still holds:
    the same documents, engine, theme and configuration, every edited document keeps its site
    shape (and had no unresolved link: that warning names a line, and lines are not in the
    shape), and the files of the unchanged documents and listings are still in the site.
    None when the whole-site pass must run again.

    The links of an edited document come from its last page-cache entry; the records of the
    fresh documents are left to the caller."""
    if not previous.env or previous.env != env or list(previous.documents) != order:
        return None
    if not previous.listing_files or not all(map(writer.unchanged, previous.listing_files)):
        return None
    noted = {d.file for d in previous.site_diagnostics}
    plans: list[PagePlan] = []
    for path, old in previous.documents.items():
        out = fresh.get(path)
        if out is None:
            if old.page_key and not all(map(writer.unchanged, old.outputs)):
                return None
            seen = scanned.get(path)
            if seen is not None and seen.stamp != old.stamp:
                old = replace(old, stamp=seen.stamp)
            plans.append(PagePlan(path, old, None))
            continue
        if out.card is None or out.shape != old.shape or path in noted or not old.page_key:
            return None
        links = cached_links(cache, old.page_key)
        if links is None:
            return None
        plans.append(PagePlan(path, old, links))
    return plans


@dataclass
class Linked:
    """What the link stage hands the write stage."""

    plans: list[PagePlan]
    site_pass: SitePass  # run again by the write stage if a page entry went missing
    listing_key: str
    site_diagnostics: tuple[Diagnostic, ...]  # of the whole-site pass (links, clashes)
    document_diagnostics: list[Diagnostic]  # of reading the documents
    from_cache: int  # documents not parsed again
    documents: int  # documents the whole-site pass ran over (0: the last build's held)

    def release(self) -> None:
        """The outlines and links are not needed past the page pass: freed before the search
        index and the link check need memory."""
        self.site_pass.release()
        for plan in self.plans:
            plan.links = None


def link(
    read: ReadDocuments,
    scanned: dict[str, ScannedDocument],
    previous: BuildRecord,
    services: Services,
) -> Linked:
    """The link stage of a build: the last build's whole-site pass when it still holds (only
    the edited documents get new records and page keys), else the pass over every card.
    `read` and `scanned` are handed on: emptied here, the records hold what is needed of them."""
    order, known, fresh = read.order, read.known, read.fresh
    config, content, cache = services.config, services.content, services.cache
    env, theme_v = services.env, services.theme_version
    site_pass = SitePass(
        services.pool, order, known, services.job_for, services.progress, cache, fresh, config,
        read.anchors,
    )  # fmt: skip
    plans = reuse_site_pass(previous, env, order, scanned, fresh, services.writer, cache)
    if plans is None:
        outputs = site_pass.outputs()
        documents, site = site_pass.documents, site_pass.site
        plans = []
        for out in outputs:
            if out.card is not None:
                plans.append(PagePlan(out.path, record_of(out, scanned, content, config), None))
        included = {doc.path: doc for doc in documents}
        for plan in plans:
            doc = included.get(plan.path)
            if doc is not None:
                plan.links = site.for_document(doc.slug)
                plan.record.page_key = page_key(plan.record.model_key, plan.links, config, theme_v)
        linked = Linked(
            plans,
            site_pass,
            listing_key(documents, env),
            (*site_pass.clashes, *site.diagnostics),
            [d for out in outputs for d in out.diagnostics],
            sum(out.origin != "parsed" for out in outputs),
            len(outputs),
        )
    else:
        for plan in plans:
            if plan.path in fresh:
                plan.record = record_of(fresh[plan.path], scanned, content, config)
                assert plan.links is not None
                plan.record.page_key = page_key(plan.record.model_key, plan.links, config, theme_v)
        from_cache = len(known) + sum(out.origin != "parsed" for out in fresh.values())
        linked = Linked(
            plans,
            site_pass,
            previous.listing_key,
            previous.site_diagnostics,
            [d for plan in plans for d in plan.record.diagnostics],
            from_cache,
            0,
        )
    fresh.clear()  # the site pass keeps its own copy
    scanned.clear()  # the records hold what is needed of it from here on
    return linked
