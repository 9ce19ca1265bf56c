"""Build orchestration: build() runs the stages of generator/stages/ in order, each timed.

    scan      stages/scan.py      every documents/*.md → its model key (stamps: unread)
    import    stages/imports.py   content/sources/* without a document → documents/<slug>.md
    read      stages/read.py      text → model, card, site shape (pool; cached)
    link      stages/link.py      the whole-site pass (references, cited by, notices,
                                  listings) or the last build's; page keys
    render    stages/write.py     pages and site-wide files rendered where their key changed
    write                         … and put into a staged folder when their bytes differ
    index     stages/finish.py    Pagefind over the staged folder
    check                         every internal link of the pages written
    swap                          the staged folder replaces `out`

The build record (stages/record.py), the cache (cache.py) and the process pool
(stages/workers.py) are services the stages are given. Incremental and cached: see
docs/performance.md ("Where things happen").

A broken file is reported and the rest of the site still builds (Pelican's habit); the exit
status says whether anything was wrong. Nothing here prints: diagnostics are returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import output_guard
from generator.cache import Cache, cache_folder, theme_version
from generator.config import ConfigError, SiteConfig, load_config
from generator.content import list_files
from generator.content_lock import importing
from generator.document import Card, Diagnostic, Document, card
from generator.importers import SUFFIXES
from generator.lateness import build_today
from generator.linker import link_site
from generator.output import locked, recover
from generator.render import THEME
from generator.search_index import BUNDLE
from generator.sitewriter import SiteWriter
from generator.stages.finish import finish
from generator.stages.imports import (
    SEVERITY_ORDER,
    ImportedDocument,
    import_for_build,
    import_new_sources,
    import_raw_files,
    source_files,
)
from generator.stages.imports import sorted_diagnostics as sort_diagnostics
from generator.stages.link import Linked, included_documents, link, link_documents
from generator.stages.read import DocumentJob, DocumentOutput, model_of, read_documents, read_phase
from generator.stages.record import BuildRecord, build_env, load_record, recorded_files, save_record
from generator.stages.render import render_pages
from generator.stages.scan import known_sources, model_env, scan_documents
from generator.stages.services import Services
from generator.stages.site_files import site_files
from generator.stages.workers import Workers
from generator.stages.write import Written, staged, write_site
from generator.system_errors import diagnostic as system_diagnostic
from generator.system_errors import reported
from generator.timings import BUILD_STAGES, CHECK_STAGES, Timings

__all__ = [
    "BuildResult",
    "BuiltDocument",
    "build",
    "check",
    "import_files",
    "import_new_sources",
    "load_site",
    "render_site",
    "sort_diagnostics",
]


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
    config, problem = load_site(content)
    if config is None:
        return BuildResult([problem], strict=strict)
    # One date for the whole build; `preview`: antwoord serve's build for the editors.
    config = replace(config, today=build_today(config.today), preview=preview)
    cache = Cache(cache_folder(content))
    out = out.resolve()
    refused = _refuse_output(out, content, theme, cache)
    if refused is not None:  # checked before anything is written, moved or locked
        return BuildResult([refused], strict=strict)
    out.parent.mkdir(parents=True, exist_ok=True)
    theme_v = theme_version(theme)
    env = build_env(config, theme_v)
    diagnostics = list(list_files(content, "sources", SUFFIXES).diagnostics)

    def job_for(path: str) -> DocumentJob:
        return DocumentJob(path, None, config, theme, content, cache.folder)

    with locked(out):  # one build at a time per output folder
        recover(out)  # whatever a killed build left is undone first
        previous = load_record(cache, out)
        has_sources = bool(source_files(content))
        with timings.stage("scan") as row:
            scanned = scan_documents(
                content, config, previous.stamped(config), diagnostics, want_sources=has_sources
            )
            row.documents = len(scanned)
        with timings.stage("import") as row:
            imported, late, import_diags = import_for_build(
                content, scanned, config.import_limits, has_sources=has_sources
            )
            row.documents = len(imported)
        diagnostics.extend(import_diags)
        order = sorted({*scanned, *(d.path for d in imported), *late.values()})
        writer = SiteWriter(
            out, previous.site, generated=(f"{BUNDLE}/",), detach_removal=detach_removal
        )
        with staged(writer):  # the staged folder goes if the build fails before the swap
            with closing(Workers(jobs)) as pool:  # closed before Pagefind and the link check
                services = Services(
                    config, theme, env, theme_v, content, cache, pool, writer, job_for, progress,
                    timings,
                )  # fmt: skip
                with timings.stage("read") as row:
                    read = read_documents(pool, order, previous.unchanged(scanned), job_for)
                    row.documents = len(read.fresh)
                with timings.stage("link") as row:
                    linked = link(read, scanned, previous, services)
                    row.documents = linked.documents
                with timings.stage("render") as row:
                    written = write_site(linked, previous, services, read_count=len(order))
                    row.documents = written.tally.rendered
            # index, check, swap: on the staged folder, with the pool's memory given back
            site, finished = finish(writer, linked.plans, previous, config, timings)
        current = BuildRecord(
            {plan.path: plan.record for plan in linked.plans}, site, linked.listing_key,
            written.listing_files, tuple(finished), env, tuple(linked.site_diagnostics),
            model_env(config), written.listing_file_keys,
        )  # fmt: skip
        save_record(cache, out, current, previous)
    problems = [*diagnostics, *linked.document_diagnostics, *linked.site_diagnostics]
    problems += [*written.problems, *finished, *_cache_problems(cache)]
    return _result(current, linked, written, writer, imported, problems, strict, started)


def _result(
    record: BuildRecord,
    linked: Linked,
    written: Written,
    writer: SiteWriter,
    imported: list[ImportedDocument],
    problems: list[Diagnostic],
    strict: bool,
    started: float,
) -> BuildResult:
    """What a build that went through to the end reports."""
    return BuildResult(
        sort_diagnostics(problems),
        pages_written=written.tally.pages_written,
        pages_unchanged=written.tally.pages_unchanged,
        from_cache=linked.from_cache,
        files_written=len(writer.written),
        seconds=time.perf_counter() - started,
        documents=[
            BuiltDocument(path, rec.slug, rec.url)
            for path, rec in record.documents.items()
            if rec.page_key
        ],
        imported=[d.path for d in imported],
        strict=strict,
        written=True,
    )


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
    config, problem = load_site(content)
    if config is None:
        return BuildResult([problem])
    diagnostics = list(list_files(content, "sources", SUFFIXES).diagnostics)
    with timings.stage("scan") as row:
        scanned = scan_documents(content, config, {}, diagnostics, want_sources=True)
        row.documents = len(scanned)
    with timings.stage("import") as row:
        imported, import_diags = import_new_sources(
            content, write=False, existing=known_sources(scanned), limits=config.import_limits
        )
        row.documents = len(imported)
    diagnostics.extend(import_diags)
    extra = {d.path: d.text for d in imported}
    order = sorted({*scanned, *extra})

    def job_for(path: str) -> DocumentJob:
        return DocumentJob(path, extra.get(path), config, theme, content, cache_folder(content))

    with closing(Workers(jobs)) as pool, timings.stage("read", documents=len(order)):
        outputs = read_phase(pool, order, {}, job_for, None)
    with timings.stage("link", documents=len(order)):
        cache = Cache(cache_folder(content))
        documents, clashes, site = link_documents(outputs, cache, job_for, config)
    return BuildResult(
        sort_diagnostics(
            [
                *diagnostics,
                *(d for out in outputs for d in out.diagnostics),
                *clashes,
                *site.diagnostics,
            ]
        ),
        documents=[BuiltDocument(d.path, d.slug, d.url) for d in documents],
    )


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
