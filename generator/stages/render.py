"""The render stage of one document: its model and its share of the whole-site pass → its page,
JSON and annotation files (render_job, in the worker pool; cached by page key), with its
published source file's bytes added. It owns the page key and the document's output paths."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from generator.cache import Cache, digest
from generator.config import SiteConfig
from generator.document import Card, Diagnostic, Document
from generator.export import document_json, dumps
from generator.linker import DocumentLinks
from generator.published_source import source_file, source_output
from generator.render import THEME, render_document
from generator.stages.read import model_of, read_text
from generator.system_errors import plain_reason
from generator.web_annotation import annotation_collection, annotations_url


@dataclass(frozen=True)
class RenderJob:
    path: str
    model_key: str
    page_key: str
    links: DocumentLinks
    config: SiteConfig
    theme: Path = THEME
    content: Path | None = None
    cache: Path | None = None
    text: str | None = None  # for a document that is not on disk (check's imports)
    source: str | None = None  # its `source`, published at /bronnen/ (published_source)
    slug: str = ""


@dataclass
class PageEntry:
    """A cache entry: one document's rendered files and the problems rendering them had."""

    files: dict[str, bytes]
    problems: list[Diagnostic]
    # The document's share of the whole-site pass it was rendered with: an edit that keeps the
    # document's site shape renders it again with these, without a new whole-site pass.
    links: DocumentLinks | None = None
    source: bool = False  # rendered with a link to its published source file


def page_path(doc: Card | Document) -> str:
    return f"{doc.year}/{doc.slug}/index.html"


def json_path(doc: Card | Document) -> str:
    return f"api/documents/{doc.slug}.json"


def annotations_path(doc: Card | Document) -> str:
    return annotations_url(doc).lstrip("/")


def document_outputs(
    doc: Card | Document, content: Path | None = None, language: str = "nl"
) -> list[str]:
    """Its files in the site; with `content`, its source file only when there is one."""
    outputs = [page_path(doc), json_path(doc), annotations_path(doc)]
    published = source_output(doc.slug, doc.meta.source, language)
    if published and (content is None or source_file(content, doc.meta.source)):
        outputs.append(published)
    return outputs


def page_key(model: str, links: DocumentLinks, config: SiteConfig, theme_version: str) -> str:
    """What a page is made from: its model, its share of the whole-site pass (so a page is
    rendered again when a document that cites it, or one it links to, changes), theme, config."""
    return digest("page", model, pickle.dumps(links), theme_version, repr(config))


def render_pages(
    doc: Document,
    links: DocumentLinks,
    config: SiteConfig,
    theme: Path = THEME,
    source: bool = False,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """One document's page and JSON, given its share of the whole-site pass (`source`: its
    source file is published, so the page links it). Pure."""
    try:
        return {
            page_path(doc): render_document(doc, config, theme=theme, links=links, source=source),
            json_path(doc): dumps(
                document_json(doc, links.see_also, links.hrefs, base_url=config.base_url)
            ),
            annotations_path(doc): dumps(annotation_collection(doc, config)),
        }, []
    except Exception as exc:
        return {}, [
            Diagnostic(
                doc.path, None, "error", "render-failed", f"not rendered: {plain_reason(exc)}"
            )
        ]


def render_job(job: RenderJob) -> PageEntry:
    """Render one document's files in a worker: from the page cache, else from its cached
    model (parsed again only when the cache lost it)."""
    cache = Cache(job.cache) if job.cache else None
    published = source_file(job.content, job.source)
    if cache is not None:
        cached = cache.get(job.page_key)
        if isinstance(cached, PageEntry) and cached.source == (published is not None):
            return with_source(cached, job, published)
    text = None
    doc = cache.get(job.model_key) if cache is not None else None
    if not isinstance(doc, Document):
        text = read_text(job.path, job.text, job.content)
        if text is None:
            return PageEntry({}, [])
        doc, _origin, problems = model_of(job.path, text, job.config, cache, job.model_key)
        if doc is None:
            return PageEntry({}, problems)
    pages, problems = render_pages(doc, job.links, job.config, job.theme, published is not None)
    files = {rel: page.encode("utf-8") for rel, page in pages.items()}
    entry = PageEntry(files, problems, job.links, published is not None)
    if cache is not None and not problems:
        cache.put(job.page_key, entry)
    return with_source(entry, job, published)


def with_source(entry: PageEntry, job: RenderJob, published: Path | None) -> PageEntry:
    """The entry with the source file's bytes added (never kept in the page cache)."""
    if published is None or not entry.files:
        return entry
    rel = source_output(job.slug, job.source, job.config.language)
    assert rel is not None  # source_file found it
    try:
        data = published.read_bytes()
    except OSError:  # gone since it was looked at: the page links it, the link check says so
        return entry
    return replace(entry, files={**entry.files, rel: data})
