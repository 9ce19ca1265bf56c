"""The index, check and swap stages: on the staged folder, before it replaces `out`, the search
index (search_index.build_search_index, Pagefind) and the link check (linkcheck.check_links);
then SiteWriter.commit swaps it in. It frees what the page pass held first: Pagefind and the
link check need the memory."""

from __future__ import annotations

from pathlib import Path

from generator.config import SiteConfig
from generator.document import Diagnostic
from generator.linkcheck import check_links
from generator.memory import give_back_memory
from generator.search_index import SearchPages, build_search_index, index_is_current
from generator.sitewriter import SiteRecord, SiteWriter
from generator.stages.link import PagePlan
from generator.stages.record import BuildRecord
from generator.timings import Timings, untimed


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


def search_pages(pages: list[str], writer: SiteWriter, config: SiteConfig) -> SearchPages:
    """What the search index is made from: every document page with the digest of its bytes."""
    records = {rel: writer.files.get(rel) for rel in pages}
    return SearchPages(
        {rel: record.digest for rel, record in records.items() if record is not None},
        config.search_shard_size,
        writer.out,
        writer.kept,
    )


def finish(
    writer: SiteWriter,
    plans: list[PagePlan],
    previous: BuildRecord,
    config: SiteConfig,
    timings: Timings | None = None,
) -> tuple[SiteRecord, list[Diagnostic]]:
    """Index, check and swap the staged site in (when anything changed, or the search index is
    out of date); the record of `out` and what the index and the check found, with what the last
    build found on the pages not checked again."""
    give_back_memory()  # -20 % of this process at 10,000 documents, for Pagefind's sake
    checked = writer.pages_to_check()
    if any(d.code == "search-index" for d in previous.finished):
        checked = None  # every page links the UI files that the failed index lacked
    pages = [plan.record.outputs[0] for plan in plans if plan.record.page_key]
    search = search_pages(pages, writer, config)
    record, finished = writer.commit(
        lambda folder: finish_site(folder, config, checked, search, timings),
        refresh=not writer.changed and not index_is_current(search),
        timings=timings,
        documents=len(pages),
    )
    give_back_memory()  # what the link check held, before the record is pickled
    if finished is None:  # nothing changed: what the last search index and check found
        finished = list(previous.finished)
    elif checked is not None:  # pages not checked again keep what was found on them
        again = {f"site/{page}" for page in checked}
        kept = [d for d in previous.finished if d.code == "link-broken"]
        finished += [d for d in kept if d.file not in again and d.file[5:] in record.files]
    return record, finished
