"""Build orchestration: import new sources, read every document, link, render, write atomically.

    content/sources/*   →  (import what has no document yet)  →  content/documents/*.md
    content/documents/*.md  →  process_document (pure: text in, model out; cached)
    all cards (+ each outline once, from the cache)  →  linker.link_site (references, cited
                   by, notices, listings)
    model + its links  →  render_pages (pure: a document's page and JSON; cached)
    all documents  →  listings, feeds, index, search page, sitemap, robots, 404, static files
    changed files  →  a fresh folder next to `out`, unchanged ones hard-linked in; Pagefind
                   indexes it and every internal link is checked there; then it is swapped in

Incremental and cached: see docs/performance.md.

A broken file is reported and the rest of the site still builds (Pelican's habit); the exit
status says whether anything was wrong. Nothing here prints: diagnostics are returned.
"""

from __future__ import annotations

import hashlib
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import cache as caching
from generator import output_guard
from generator.accountability_pages import iter_accountability_files
from generator.cache import Cache, cache_folder, digest, theme_version
from generator.config import ConfigError, SiteConfig, load_config
from generator.content import list_files, read_document_file
from generator.content_lock import documents_since, importing
from generator.document import Card, Diagnostic, Document, card, outline, share_card, share_ids
from generator.export import SCHEMA_PATH, document_json, documents_index_json, dumps, schema_json
from generator.importers import SUFFIXES
from generator.lateness import build_today
from generator.linkcheck import check_links
from generator.linker import (
    DocumentLinks,
    SiteLinks,
    document_date,
    facet_url,
    link_site,
    paths_for,
    site_shape,
)
from generator.memory import give_back_memory
from generator.output import locked, recover
from generator.published_source import source_file, source_output
from generator.render import (
    PAGE_SIZE,
    THEME,
    iter_listing_pages,
    page_url,
    render_document,
    render_facet_overview,
    render_feed,
    render_index,
    render_not_found,
    render_robots,
    render_search,
    render_sitemaps,
)
from generator.search_index import BUNDLE, SearchPages, build_search_index, index_is_current
from generator.sitewriter import SiteWriter
from generator.stages import imports as stages_imports
from generator.stages import read as stages_read
from generator.stages import scan as stages_scan
from generator.stages import site_files as stages_site_files
from generator.stages.imports import (
    SEVERITY_ORDER,
    ImportedDocument,
    import_new_sources,
    import_one,
    import_raw_files,
    keep_source,
    sorted_diagnostics,
    source_files,
    source_name,
)
from generator.stages.read import (
    DocumentJob,
    DocumentOutput,
    card_key,
    model_of,
    outline_for,
    outline_key,
    outline_loader,
    process_document,
    read_phase,
    read_text,
    received,
)
from generator.stages.record import (
    BuildRecord,
    DocumentRecord,
    build_env,
    build_record_key,
    recorded_files,
)
from generator.stages.render import (
    PageEntry,
    RenderJob,
    annotations_path,
    document_outputs,
    json_path,
    page_key,
    page_path,
    render_job,
    render_pages,
    with_source,
)
from generator.stages.scan import (
    ScannedDocument,
    known_sources,
    model_env,
    model_key,
    scan_documents,
    stamp_of,
)
from generator.stages.site_files import (
    iter_listing_files,
    iter_site_files,
    render_search_path,
    site_files,
    sitemap_urls,
)
from generator.stages.workers import Workers
from generator.system_errors import diagnostic as system_diagnostic
from generator.system_errors import plain_reason, reported
from generator.timings import BUILD_STAGES, CHECK_STAGES, Timings, untimed
from generator.web_annotation import annotation_collection, annotations_url


@dataclass(frozen=True, slots=True)
class BuiltDocument:
    """A document of the site as a build reports it (its outline is not kept: see records)."""

    path: str  # documents/<slug>.md
    slug: str
    url: str  # site-relative URL of its page


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages_written: int = 0  # HTML pages whose bytes changed (documents, listings, 404)
    pages_unchanged: int = 0  # HTML pages left as they were
    from_cache: int = 0  # documents not parsed again (build record or cache)
    files_written: int = 0  # every changed file, JSON and static files included
    seconds: float = 0.0
    documents: list[BuiltDocument] = field(default_factory=list)  # the documents of the site
    imported: list[str] = field(default_factory=list)  # documents/<slug>.md written by import
    strict: bool = False
    written: bool = False  # False when nothing was written (check, or a fatal error)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def exit_status(self) -> int:
        if self.errors or (self.strict and self.warnings):
            return 1
        return 0

    def summary(self) -> str:
        counts = {s: sum(d.severity == s for d in self.diagnostics) for s in SEVERITY_ORDER}
        problems = f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} infos"
        if not self.written:
            return f"{len(self.documents)} documents checked; {problems}"
        return (
            f"{len(self.documents)} documents, {self.pages_written} pages written, "
            f"{self.pages_unchanged} unchanged, {self.from_cache} from cache; {problems}; "
            f"{self.seconds:.1f} s"
        )


# Names that moved to generator/stages/, kept here: callers and tests import them from, or
# patch them on, generator.build (see _Build at the end).
from generator import frontmatter  # noqa: E402, F401
from generator.config import ImportLimits  # noqa: E402, F401
from generator.content import (  # noqa: E402, F401
    create_copy,
    create_document,
    document_files,  # noqa: E402, F401
)
from generator.import_sandbox import import_bounded  # noqa: E402, F401
from generator.importers import ImportResult, import_source  # noqa: E402, F401
from generator.lifetime import die_with_parent  # noqa: E402, F401
from generator.slug import is_valid_slug  # noqa: E402, F401
from generator.stages.imports import documents_by_source  # noqa: E402, F401
from generator.stages.scan import RACY_NS  # noqa: E402, F401
from generator.stages.workers import default_workers  # noqa: E402, F401

# What the stages' modules now do, still importable from here (as it was before they moved).
_MOVED = (
    document_json,
    dumps,
    source_file,
    source_output,
    render_document,
    annotations_path,
    json_path,
    page_path,
    plain_reason,
    annotation_collection,
    annotations_url,
    read_document_file,
    outline,
    share_card,
    share_ids,
    site_shape,
    card_key,
    outline_for,
    outline_key,
    model_key,
    PAGE_SIZE,
    SCHEMA_PATH,
    document_date,
    documents_index_json,
    facet_url,
    iter_accountability_files,
    iter_listing_files,
    iter_listing_pages,
    page_url,
    paths_for,
    render_facet_overview,
    render_feed,
    render_index,
    render_not_found,
    render_robots,
    render_search,
    render_search_path,
    render_sitemaps,
    schema_json,
    sitemap_urls,
)
sort_diagnostics = sorted_diagnostics  # the name the commands and tests use
# The import stage's helpers under the names they had when they lived here.
_import_one, _source_name, _keep_source = import_one, source_name, keep_source
_known_sources, _stamp = known_sources, stamp_of
_read_text, _model, _received = read_text, model_of, received
_with_source = with_source


# --- step 2: one document, text in, model out; model + links in, pages out -------------------


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


def finish_site(
    folder: Path,
    config: SiteConfig,
    pages: list[str] | None,
    search: SearchPages,
    timings: Timings | None = None,
) -> list[Diagnostic]:
    """Run on the staged folder before it is swapped in: the search index of `search`, then the
    link check (after Pagefind, so links to its files are checked too) of `pages`, or of every
    page.

    An incremental build checks only the pages it wrote: a page that was not written has the
    same links as before, and every page whose link targets changed (a document it cites, a
    listing it is in) was written again, because those targets are part of its page key."""
    stage = timings.stage if timings is not None else untimed
    with stage("index", documents=len(search.pages)):
        indexed = build_search_index(folder, search)
    with stage("check", documents=len(pages) if pages is not None else len(search.pages)):
        checked = check_links(folder, config.base_path, pages)
    return [*indexed, *checked]


def render_site(
    texts: dict[str, str], config: SiteConfig, *, theme: Path = THEME
) -> tuple[dict[str, str | bytes], list[Card], list[Diagnostic]]:
    """The whole pipeline in memory, without cache, pool or file system: documents/<slug>.md
    text in, every file of the site out (the search index aside). For property tests."""
    outputs: list[DocumentOutput] = []
    full: dict[str, Document] = {}
    for path in sorted(texts):
        doc, _origin, problems = model_of(path, texts[path], config, None, "")
        diagnostics = problems if doc is None else list(doc.diagnostics)
        outputs.append(DocumentOutput(path, None if doc is None else card(doc), diagnostics))
        if doc is not None:
            full[path] = doc
    documents, diagnostics = included_documents(outputs)
    for out in outputs:
        diagnostics.extend(out.diagnostics)
    # The full model serves as the outline: link_site reads only what an outline keeps of it.
    site = link_site(documents, lambda c: full[c.path], language=config.language)
    diagnostics.extend(site.diagnostics)
    files: dict[str, str | bytes] = {}
    for doc in documents:
        pages, problems = render_pages(full[doc.path], site.for_document(doc.slug), config, theme)
        files.update(pages)
        diagnostics.extend(problems)
    files.update(site_files(documents, site, config, theme))
    return files, documents, diagnostics


def _listing_key(documents: list[Card], config: SiteConfig, theme_version: str) -> str:
    """Everything the site-wide files show of the documents: their cards without the anchors
    (metadata, question counts, first questions for feeds). An edit inside an answer leaves it
    as it was. repr, not pickle: pickle's bytes depend on which equal strings are one object
    (interned or not), repr's only on the values."""
    # The build's date too (/open/ counts to it); it is left out of the config's repr.
    today = str(build_today(config.today))
    h = hashlib.sha256(
        digest("listings", caching.engine_version(), theme_version, repr(config), today).encode()
    )
    # One card at a time: the repr of 100,000 cards at once was a 200 MB peak.
    for d in documents:
        h.update(repr((d.slug, d.path, d.meta, d.question_count, d.summary)).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class Tally:
    pages_written: int = 0
    pages_unchanged: int = 0
    rendered: int = 0  # documents rendered (not kept as they were)

    def count(self, rel: str, written: bool) -> None:
        if rel.endswith(".html"):
            if written:
                self.pages_written += 1
            else:
                self.pages_unchanged += 1


def _refuse_output(out: Path, content: Path, theme: Path, cache: Cache) -> Diagnostic | None:
    """Why `out` may not be replaced (output_guard); the build record is read only for a
    folder without the marker, to recognise a site an older build made."""
    return output_guard.overlap(out, content, theme) or output_guard.not_ours(
        out, lambda: recorded_files(cache, out)
    )


def _cache_problems(cache: Cache) -> list[Diagnostic]:
    """The build cache could not be used: the site was built without it, and the user told."""
    if cache.failure is None:
        return []
    after = "the site was built all the same; until the cache works, each build does all the work"
    return [system_diagnostic(cache.failure, content=cache.folder.parent.parent, after=after)]


def load_site(content: Path) -> tuple[SiteConfig | None, Diagnostic | None]:
    """The site's configuration, or the one diagnostic that stops a build before it starts."""
    if not content.is_dir():
        return None, Diagnostic(str(content), None, "error", "content-missing", "no such folder")
    try:
        return load_config(content / "site.yaml"), None
    except ConfigError as exc:
        return None, exc.diagnostic


@reported(lambda problem, args: BuildResult([problem], strict=args["strict"]))
def build(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    jobs: int | None = None,
    theme: Path = THEME,
    progress: Callable[[int, int], None] | None = None,
    detach_removal: bool = False,
    preview: bool = False,
    timings: Timings | None = None,
) -> BuildResult:
    """Import new sources, render the site into `out`. Exit status: BuildResult.exit_status.

    Incremental (see docs/performance.md): a document whose bytes are unchanged since the last
    build into `out` is not read at all; the whole-site pass runs again only when a document
    came, went or changed what other pages show of it (its site shape); a page is rendered
    again only when its model, its share of the whole-site pass (links, cited by), the theme or
    the configuration changed; the site-wide files only when what they show changed; and only
    files whose bytes changed are written. Parse and render run in a process pool.
    `progress(done, total)` is called as documents are read and rendered. With
    `detach_removal` the replaced site is removed by a process of its own after the swap (the
    command line's choice: `output.remove_detached`). `timings` records each stage's seconds,
    documents and peak memory (generator/timings.py; `antwoord build --timings`).
    """
    started = time.perf_counter()
    timings = timings if timings is not None else Timings()
    timings.expect(BUILD_STAGES)
    content, out = Path(content), Path(out)
    result = BuildResult(strict=strict)
    config, problem = load_site(content)
    if config is None:
        result.diagnostics = [problem]
        return result

    # One date for the whole build; `preview`: antwoord serve's build for the editors.
    config = replace(config, today=build_today(config.today), preview=preview)
    cache = Cache(cache_folder(content))
    out = out.resolve()
    refused = _refuse_output(out, content, theme, cache)
    if refused is not None:  # checked before anything is written, moved or locked
        result.diagnostics = [refused]
        return result
    out.parent.mkdir(parents=True, exist_ok=True)
    record_key = build_record_key(out)
    theme_v = theme_version(theme)
    env = build_env(config, theme_v)
    diagnostics = list(list_files(content, "sources", SUFFIXES).diagnostics)
    pool = Workers(jobs)
    # One build at a time per output folder; whatever a killed build left is undone first.
    with locked(out):
        recover(out)
        previous = cache.get(record_key)
        if not isinstance(previous, BuildRecord):
            previous = BuildRecord()
        has_sources = bool(source_files(content))
        # A stamp says the bytes are the same; a new engine or language still makes new keys.
        stamped = previous.documents if previous.model_env == model_env(config) else {}
        with timings.stage("scan") as scan:
            scanned = scan_documents(
                content, config, stamped, diagnostics, want_sources=has_sources
            )
            scan.documents = len(scanned)
        known = {
            path: rec
            for path, rec in previous.documents.items()
            if path in scanned and rec.model_key == scanned[path].model_key
        }
        imported: list[ImportedDocument] = []
        late: dict[str, str] = {}  # source → document another build imported since the scan
        with timings.stage("import") as import_stage:
            if has_sources:
                with importing(content):  # one importer per content folder (content_lock.py)
                    late = documents_since(content, scanned)
                    existing = {**known_sources(scanned), **late}
                    imported, import_diags = import_new_sources(
                        content, existing=existing, limits=config.import_limits
                    )
                diagnostics.extend(import_diags)
            import_stage.documents = len(imported)
        order = sorted({*scanned, *(d.path for d in imported), *late.values()})

        def job_for(path: str) -> DocumentJob:
            return DocumentJob(path, None, config, theme, content, cache.folder)

        def record_of(out: DocumentOutput) -> DocumentRecord:
            doc = out.card
            assert doc is not None
            seen = scanned.get(out.path)
            return DocumentRecord(
                out.model_key,
                seen.stamp if seen else None,
                seen.read_problems if seen else (),
                tuple(out.diagnostics),
                out.shape,
                doc.meta.source,
                doc.slug,
                doc.url,
                tuple(document_outputs(doc, content, config.language)),
            )

        writer = SiteWriter(
            out, previous.site, generated=(f"{BUNDLE}/",), detach_removal=detach_removal
        )
        try:
            fresh_paths = [path for path in order if path not in known]
            with timings.stage("read", documents=len(fresh_paths)):
                read = pool.map(process_document, [job_for(path) for path in fresh_paths])
                anchors: dict[tuple[str, ...], tuple[str, ...]] = {}
                fresh = {
                    path: received(out, anchors)
                    for path, out in zip(fresh_paths, read, strict=True)
                }
            with timings.stage("link") as link:
                site_pass = SitePass(
                    pool, order, known, job_for, progress, cache, fresh, config, anchors
                )
                plans = _reuse_site_pass(previous, env, order, scanned, fresh, writer, cache)
                if plans is None:
                    outputs = site_pass.outputs()
                    documents, site = site_pass.documents, site_pass.site
                    plans = []
                    for out in outputs:
                        if out.card is not None:
                            plans.append(PagePlan(out.path, record_of(out), None))
                    included = {doc.path: doc for doc in documents}
                    for plan in plans:
                        doc = included.get(plan.path)
                        if doc is not None:
                            plan.links = site.for_document(doc.slug)
                            plan.record.page_key = page_key(
                                plan.record.model_key, plan.links, config, theme_v
                            )
                    # Its cards must go with site_pass.release(): they are not needed through the
                    # search index and the link check.
                    included = doc = None
                    listing_key = _listing_key(documents, config, theme_v)
                    site_diags = (*site_pass.clashes, *site.diagnostics)
                    doc_diags = [d for out in outputs for d in out.diagnostics]
                    from_cache = sum(out.origin != "parsed" for out in outputs)
                    link.documents = len(outputs)
                else:
                    for plan in plans:
                        if plan.path in fresh:
                            plan.record = record_of(fresh[plan.path])
                            assert plan.links is not None
                            plan.record.page_key = page_key(
                                plan.record.model_key, plan.links, config, theme_v
                            )
                    listing_key = previous.listing_key
                    site_diags = previous.site_diagnostics
                    doc_diags = [d for plan in plans for d in plan.record.diagnostics]
                    from_cache = len(known) + sum(out.origin != "parsed" for out in fresh.values())
            del fresh
            scanned = {}  # the records hold what is needed of it from here on
            tally = Tally()
            with timings.stage("render") as render:
                problems = _write_pages(
                    pool, plans, site_pass, previous, writer, tally, config, theme, content,
                    cache, progress, len(order), timings,
                )  # fmt: skip
                listed = _write_site_files(
                    site_pass, config, theme, writer, tally, listing_key, previous, timings
                )
                render.documents = tally.rendered
            # The outlines and links are not needed past this point: free them before the search
            # index and the link check need memory.
            site_pass.release()
            documents = site = outputs = None
            for plan in plans:
                plan.links = None
            pool.close()  # its workers held ~150 MB through Pagefind and the link check
            give_back_memory()  # -20 % of this process at 10,000 documents, for Pagefind's sake
            checked = writer.pages_to_check()
            if any(d.code == "search-index" for d in previous.finished):
                checked = None  # every page links the UI files that the failed index lacked
            pages = [plan.record.outputs[0] for plan in plans if plan.record.page_key]
            search = _search_pages(pages, writer, config)
            record, finished = writer.commit(
                lambda folder: finish_site(folder, config, checked, search, timings),
                refresh=not writer.changed and not index_is_current(search),
                timings=timings,
                documents=len(pages),
            )
        except BaseException:
            writer.abort()
            raise
        finally:
            pool.close()
        give_back_memory()  # what the link check held, before the record is pickled
        if finished is None:  # nothing changed: what the last search index and check found
            finished = list(previous.finished)
        elif checked is not None:  # pages not checked again keep what was found on them
            again = {f"site/{page}" for page in checked}
            kept = [d for d in previous.finished if d.code == "link-broken"]
            finished += [d for d in kept if d.file not in again and d.file[5:] in record.files]
        records = {plan.path: plan.record for plan in plans}
        current = BuildRecord(
            records,
            record,
            listing_key,
            listed,
            tuple(finished),
            env,
            tuple(site_diags),
            model_env(config),
        )
        if current != previous:  # a no-op writes nothing at all, not even the record
            cache.put(record_key, current)

    result.imported = [d.path for d in imported]
    result.diagnostics = sort_diagnostics(
        [*diagnostics, *doc_diags, *site_diags, *problems, *finished, *_cache_problems(cache)]
    )
    result.documents = [
        BuiltDocument(path, rec.slug, rec.url) for path, rec in records.items() if rec.page_key
    ]
    result.files_written = len(writer.written)
    result.pages_written = tally.pages_written
    result.pages_unchanged = tally.pages_unchanged
    result.from_cache = from_cache
    result.written = True
    result.seconds = time.perf_counter() - started
    return result


def _search_pages(pages: list[str], writer: SiteWriter, config: SiteConfig) -> SearchPages:
    """What the search index is made from: every document page with the digest of its bytes."""
    records = {rel: writer.files.get(rel) for rel in pages}
    return SearchPages(
        {rel: record.digest for rel, record in records.items() if record is not None},
        config.search_shard_size,
        writer.out,
        writer.kept,
    )


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
            self.documents, self.clashes = included_documents(self._outputs)
            _pool, _order, _known, job_for, _progress, cache, _fresh = self._args
            outline_of = outline_loader(cache, self._outputs, job_for)
            self.site = link_site(self.documents, outline_of, language=self._config.language)
        return self._outputs

    def release(self) -> None:
        """Drop the cards and links (a later `outputs()` would run the pass again)."""
        self._outputs, self.documents, self.site = None, [], SiteLinks()
        self._args = (*self._args[:-1], {})
        self._anchors = {}


def _cached_links(cache: Cache, key: str) -> DocumentLinks | None:
    entry = cache.get(key) if key else None
    return entry.links if isinstance(entry, PageEntry) else None


def _reuse_site_pass(
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
        links = _cached_links(cache, old.page_key)
        if links is None:
            return None
        plans.append(PagePlan(path, old, links))
    return plans


def _write_pages(
    pool: Workers,
    plans: list[PagePlan],
    site_pass: SitePass,
    previous: BuildRecord,
    writer: SiteWriter,
    tally: Tally,
    config: SiteConfig,
    theme: Path,
    content: Path,
    cache: Cache,
    progress: Callable[[int, int], None] | None,
    read_count: int,
    timings: Timings | None = None,
) -> list[Diagnostic]:
    """Each document's files: kept as they are when its page key is the one of the last build
    (and the files are still there), else rendered in the pool and written if they differ."""
    problems: list[Diagnostic] = []
    jobs: list[RenderJob] = []
    for plan in plans:
        rec = plan.record
        if not rec.page_key:
            continue
        old = previous.documents.get(plan.path)
        same = old is not None and old.page_key == rec.page_key
        if same and all(writer.keep(rel) for rel in rec.outputs):
            rec.problems = old.problems
            problems.extend(old.problems)
            for rel in rec.outputs:
                tally.count(rel, written=False)
            continue
        links = plan.links or _cached_links(cache, rec.page_key)
        if links is None:  # a file removed while this build ran: the whole-site pass says
            site_pass.outputs()
            links = site_pass.site.for_document(rec.slug)
        jobs.append(
            RenderJob(plan.path, rec.model_key, rec.page_key, links, config, theme, content,
                      cache.folder, source=rec.source, slug=rec.slug)
        )  # fmt: skip
    total = read_count + len(jobs)
    tally.rendered += len(jobs)
    stage = timings.stage if timings is not None else untimed
    by_path = {plan.path: plan.record for plan in plans}
    for done, (job, entry) in enumerate(
        zip(jobs, pool.map(render_job, jobs), strict=True), start=1
    ):
        by_path[job.path].problems = tuple(entry.problems)
        problems.extend(entry.problems)
        with stage("write", documents=1):
            for rel, data in entry.files.items():
                tally.count(rel, writer.put(rel, data))
        if progress is not None:
            progress(read_count + done, total)
    return problems


def _write_site_files(
    site_pass: SitePass,
    config: SiteConfig,
    theme: Path,
    writer: SiteWriter,
    tally: Tally,
    listing_key: str,
    previous: BuildRecord,
    timings: Timings | None = None,
) -> tuple[str, ...]:
    """The site-wide files, rendered only when what they show changed (or one went missing)."""
    same = previous.listing_key == listing_key and previous.listing_files
    if same and all(writer.keep(rel) for rel in previous.listing_files):
        for rel in previous.listing_files:
            tally.count(rel, written=False)
        return previous.listing_files
    site_pass.outputs()
    stage = timings.stage if timings is not None else untimed
    written: set[str] = set()
    for rel, data in iter_site_files(site_pass.documents, site_pass.site, config, theme):
        if rel not in written:  # the first of one path given twice, as in site_files
            written.add(rel)
            with stage("write"):
                tally.count(rel, writer.put(rel, data))
    return tuple(sorted(written))


@reported(lambda problem, _args: BuildResult([problem]))
def check(
    content: Path,
    *,
    jobs: int | None = None,
    theme: Path = THEME,
    timings: Timings | None = None,
) -> BuildResult:
    """Everything reading and linking find, without writing anything (new sources are imported
    in memory). Models come from the cache when it holds them; pages are not rendered.
    `timings`: as for build."""
    timings = timings if timings is not None else Timings()
    timings.expect(CHECK_STAGES)
    content = Path(content)
    result = BuildResult()
    config, problem = load_site(content)
    if config is None:
        result.diagnostics = [problem]
        return result
    diagnostics = list(list_files(content, "sources", SUFFIXES).diagnostics)
    with timings.stage("scan") as scan:
        scanned = scan_documents(content, config, {}, diagnostics, want_sources=True)
        scan.documents = len(scanned)
    with timings.stage("import") as import_stage:
        imported, import_diags = import_new_sources(
            content, write=False, existing=known_sources(scanned), limits=config.import_limits
        )
        import_stage.documents = len(imported)
    diagnostics.extend(import_diags)
    extra = {d.path: d.text for d in imported}
    order = sorted({*scanned, *extra})

    def job_for(path: str) -> DocumentJob:
        return DocumentJob(path, extra.get(path), config, theme, content, cache_folder(content))

    pool = Workers(jobs)
    try:
        with timings.stage("read", documents=len(order)):
            outputs = read_phase(pool, order, {}, job_for, None)
    finally:
        pool.close()
    with timings.stage("link", documents=len(order)):
        documents, site_diags = included_documents(outputs)
        outline_of = outline_loader(Cache(cache_folder(content)), outputs, job_for)
        site = link_site(documents, outline_of, language=config.language)
    result.documents = [BuiltDocument(d.path, d.slug, d.url) for d in documents]
    result.diagnostics = sort_diagnostics(
        [
            *diagnostics,
            *(d for out in outputs for d in out.diagnostics),
            *site_diags,
            *site.diagnostics,
        ]
    )
    return result


# --- antwoord import ---------------------------------------------------------------------------


@reported(
    lambda problem, _args: ([], [problem]), after="the documents that were there are as they were"
)
def import_files(
    files: list[Path], content: Path, *, update: bool = False
) -> tuple[list[str], list[Diagnostic]]:
    """`antwoord import`: raw files → content/documents/<slug>.md.

    A raw file from outside the content folder is copied into content/sources/, so the
    document's `source` names a file the site keeps (and `--update` can find it again); a
    different file of the same name already there is never overwritten.

    Without `update` an existing document is never touched. With `update` the document made
    from the same source is re-imported and merged with what the editors wrote
    (generator.update: annotations, front matter and old ids are kept).
    """
    if update:
        from generator.update import update_documents

        with importing(content):  # one importer per content folder (content_lock.py)
            report = update_documents(files, content)
        return report.written, sort_diagnostics(report.diagnostics)
    return import_raw_files(files, content)


class _Build(types.ModuleType):
    """generator.build re-exports what moved to the stage modules. A name set on it (as a test
    does with monkeypatch.setattr(build_module, "import_source", …)) is set on the stage module
    that calls it too, so the stand-in is what runs."""

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        for owner in _OWNERS.get(name, ()):
            setattr(owner, name, value)


_OWNERS: dict[str, tuple[types.ModuleType, ...]] = {
    "import_source": (stages_imports,),
    "create_document": (stages_imports,),
    "read_document_file": (stages_imports, stages_scan, stages_read),
    "outline_for": (stages_read,),
    "RACY_NS": (stages_scan,),
    "render_index": (stages_site_files,),
}
sys.modules[__name__].__class__ = _Build
