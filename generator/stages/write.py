"""The render and write stages: each document's files and the site-wide files into the
SiteWriter's staged folder, rendered (in the pool, stages/render.py) only when their key
changed, else kept as they are, and written only when their bytes differ (each put is timed as
"write", the rest as "render"). It owns the page pass's memory: the whole-site pass and the
links are released when the pages are done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from generator.document import Diagnostic
from generator.file_keys import file_keys
from generator.sitewriter import SiteWriter
from generator.stages.link import Linked, PagePlan, SitePass, cached_links
from generator.stages.record import BuildRecord
from generator.stages.render import RenderJob, render_job
from generator.stages.services import Services
from generator.stages.site_files import iter_site_files
from generator.timings import untimed


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


@dataclass
class Written:
    """What the write stage did: its counts, the render problems, the site-wide files."""

    tally: Tally = field(default_factory=Tally)
    problems: list[Diagnostic] = field(default_factory=list)
    listing_files: tuple[str, ...] = ()
    listing_file_keys: dict[str, str] = field(default_factory=dict)  # generator/file_keys.py


@contextmanager
def staged(writer: SiteWriter) -> Iterator[SiteWriter]:
    """The writer's staged folder is removed when the build fails before the swap."""
    try:
        yield writer
    except BaseException:
        writer.abort()
        raise


def write_site(
    linked: Linked, previous: BuildRecord, services: Services, read_count: int
) -> Written:
    """The page pass of a build: every document's files, then the site-wide files; then the
    whole-site pass and the links are released (linked.release). `read_count`: the documents
    of the read stage, for progress."""
    written = Written()
    written.problems = write_pages(
        linked.plans, linked.site_pass, previous, written.tally, services, read_count
    )
    written.listing_files, written.listing_file_keys = write_site_files(
        linked.site_pass, written.tally, linked.listing_key, previous, services
    )
    linked.release()
    return written


def write_pages(
    plans: list[PagePlan],
    site_pass: SitePass,
    previous: BuildRecord,
    tally: Tally,
    services: Services,
    read_count: int,
) -> list[Diagnostic]:
    """Each document's files: kept as they are when its page key is the one of the last build
    (and the files are still there), else rendered in the pool and written if they differ."""
    writer, cache, progress = services.writer, services.cache, services.progress
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
        links = plan.links or cached_links(cache, rec.page_key)
        if links is None:  # a file removed while this build ran: the whole-site pass says
            site_pass.outputs()
            links = site_pass.site.for_document(rec.slug)
        jobs.append(
            RenderJob(plan.path, rec.model_key, rec.page_key, links, services.config,
                      services.theme, services.content, cache.folder, source=rec.source,
                      slug=rec.slug)
        )  # fmt: skip
    total = read_count + len(jobs)
    tally.rendered += len(jobs)
    stage = services.timings.stage if services.timings is not None else untimed
    by_path = {plan.path: plan.record for plan in plans}
    for done, (job, entry) in enumerate(
        zip(jobs, services.pool.map(render_job, jobs), strict=True), start=1
    ):
        by_path[job.path].problems = tuple(entry.problems)
        problems.extend(entry.problems)
        with stage("write", documents=1):
            for rel, data in entry.files.items():
                tally.count(rel, writer.put(rel, data))
        if progress is not None:
            progress(read_count + done, total)
    return problems


def write_site_files(
    site_pass: SitePass,
    tally: Tally,
    listing_key: str,
    previous: BuildRecord,
    services: Services,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The site-wide files, rendered only when what they show changed (or one went missing),
    and then each listing page and feed only when what it shows changed (file_keys); with
    the keys of those."""
    writer = services.writer
    same = previous.listing_key == listing_key and previous.listing_files
    if same and all(writer.keep(rel) for rel in previous.listing_files):
        for rel in previous.listing_files:
            tally.count(rel, written=False)
        return previous.listing_files, previous.listing_file_keys
    site_pass.outputs()
    config, theme, timings = services.config, services.theme, services.timings
    stage = timings.stage if timings is not None else untimed
    before = previous.listing_file_keys
    keys = file_keys(services.env, lambda rel, key: before.get(rel) == key and writer.keep(rel))
    written: set[str] = set()
    for rel, data in iter_site_files(site_pass.documents, site_pass.site, config, theme, keys):
        if rel in written:  # the first of one path given twice, as in site_files
            continue
        written.add(rel)
        if data is None:  # kept as the last build left it
            tally.count(rel, written=False)
            continue
        with stage("write"):
            tally.count(rel, writer.put(rel, data))
    return tuple(sorted(written)), keys.keys
