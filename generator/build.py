"""Build orchestration: import new sources, read every document, link, render, write atomically.

    content/sources/*   →  (import what has no document yet)  →  content/documents/*.md
    content/documents/*.md  →  process_document (pure: text in, model out)
    all models  →  linker.link_site (references, cited by, notices, listings)
    model + its links  →  render_pages (pure: a document's page and JSON)
    all documents  →  listings, feeds, index, search page, sitemap, robots, 404, static files
    site files  →  a fresh folder next to `out`; Pagefind indexes it and every internal link
                   is checked there; then it is swapped in

A broken file is reported and the rest of the site still builds (Pelican's habit); the exit
status says whether anything was wrong. Nothing here prints: diagnostics are returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator import frontmatter
from generator.config import ConfigError, SiteConfig, load_config
from generator.content import create_document, document_files, list_files, read_document_file
from generator.document import Diagnostic, Document
from generator.export import document_json, documents_index, dumps
from generator.importers import SUFFIXES, ImportResult, import_source
from generator.linkcheck import check_links
from generator.linker import (
    DocumentLinks,
    SiteLinks,
    document_date,
    facet_url,
    link_site,
    paths_for,
)
from generator.output import write_site
from generator.render import (
    PAGE_SIZE,
    THEME,
    page_url,
    render_document,
    render_facet_overview,
    render_feed,
    render_index,
    render_listing_pages,
    render_not_found,
    render_robots,
    render_search,
    render_sitemap,
)
from generator.search_index import build_search_index
from generator.slug import is_valid_slug
from generator.web_annotation import annotation_collection, annotations_url

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages_written: int = 0  # HTML pages (documents, index, 404)
    files_written: int = 0  # every file, JSON and static files included
    documents: list[Document] = field(default_factory=list)
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
        return f"{len(self.documents)} documents, {self.pages_written} pages written; {problems}"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """By file, then line (file-level diagnostics first), then severity, code, message."""
    return sorted(
        set(diagnostics),
        key=lambda d: (d.file, d.line or 0, SEVERITY_ORDER.get(d.severity, 9), d.code, d.message),
    )


# --- step 1: sources → documents -------------------------------------------------------------


@dataclass
class ImportedDocument:
    path: str  # documents/<slug>.md
    text: str


def documents_by_source(content: Path) -> dict[str, str]:
    """`source` front-matter value ("sources/x.txt") → the document that holds it."""
    found: dict[str, str] = {}
    for md in document_files(content).paths:
        text, _diags = read_document_file(md, f"documents/{md.name}")
        if text is None or frontmatter.split(text)[0] is None:
            continue
        meta, *_ = frontmatter.parse(text, f"documents/{md.name}")
        if meta.source:
            found.setdefault(meta.source, f"documents/{md.name}")
    return found


def source_files(content: Path) -> list[Path]:
    return list_files(content, "sources", SUFFIXES).paths


def import_new_sources(
    content: Path, *, write: bool = True
) -> tuple[list[ImportedDocument], list[Diagnostic]]:
    """Import every source that has no document yet; never overwrite a document.

    With write=False (antwoord check) the Markdown is returned but no file is written.
    """
    diagnostics: list[Diagnostic] = []
    imported: list[ImportedDocument] = []
    existing = documents_by_source(content)
    claimed: dict[str, str] = {}  # documents/<slug>.md → source that produced it this run
    for path in source_files(content):
        source = f"sources/{path.name}"
        if source in existing:
            continue
        result = _import_one(path, source, diagnostics)
        if result is None:
            continue
        if not is_valid_slug(result.slug):
            diagnostics.append(
                Diagnostic(
                    source, None, "error", "import-slug", f"not a valid slug: '{result.slug}'"
                )
            )
            continue
        target = f"documents/{result.slug}.md"
        if target in claimed:
            diagnostics.append(
                Diagnostic(
                    source,
                    None,
                    "error",
                    "import-slug-taken",
                    f"imports to {target}, which {claimed[target]} also imports to; "
                    f"not written (set a different slug in one of the documents)",
                )
            )
            continue
        if (content / target).exists():
            diagnostics.append(
                Diagnostic(
                    source,
                    None,
                    "error",
                    "import-slug-taken",
                    f"imports to {target}, which already exists for another source; not written",
                )
            )
            continue
        claimed[target] = source
        if write:
            try:
                create_document(content / target, result.markdown)
            except FileExistsError:  # appeared since we looked: still never overwrite
                diagnostics.append(
                    Diagnostic(source, None, "error", "import-slug-taken", f"{target} exists")
                )
                continue
        imported.append(ImportedDocument(target, result.markdown))
    return imported, diagnostics


def _import_one(path: Path, source: str, diagnostics: list[Diagnostic]) -> ImportResult | None:
    """Run the importer; a refused or crashing import is a diagnostic, never a stopped build."""
    try:
        result = import_source(path, source=source)
    except Exception as exc:  # an importer bug must not stop the other sources
        refused = getattr(exc, "diagnostic", None)  # ImportRefused, PdfInvalid
        if isinstance(refused, Diagnostic):
            diagnostics.append(refused)
        else:
            diagnostics.append(
                Diagnostic(source, None, "error", "import-failed", f"could not import: {exc!r}")
            )
        return None
    diagnostics.extend(result.diagnostics)
    return result


# --- step 2: one document, text in, pages out ------------------------------------------------


@dataclass(frozen=True)
class DocumentJob:
    path: str  # relative to the content folder: documents/<slug>.md
    text: str
    config: SiteConfig
    theme: Path = THEME


@dataclass
class DocumentOutput:
    path: str
    document: Document | None
    files: dict[str, str] = field(default_factory=dict)  # site-relative path → text
    diagnostics: list[Diagnostic] = field(default_factory=list)


def page_path(doc: Document) -> str:
    return f"{doc.year}/{doc.slug}/index.html"


def json_path(doc: Document) -> str:
    return f"api/documents/{doc.slug}.json"


def annotations_path(doc: Document) -> str:
    return annotations_url(doc).lstrip("/")


def process_document(job: DocumentJob) -> DocumentOutput:
    """Read one document into its model. Pure (no file system, no other document), so it can
    run in a process pool and be cached by the text's hash."""
    from generator.reader import read_document

    try:
        doc = read_document(job.text, path=job.path, default_language=job.config.language)
    except Exception as exc:
        return DocumentOutput(
            job.path,
            None,
            diagnostics=[
                Diagnostic(job.path, None, "error", "read-failed", f"could not read: {exc!r}")
            ],
        )
    return DocumentOutput(job.path, doc, {}, list(doc.diagnostics))


def render_pages(
    doc: Document, links: DocumentLinks, config: SiteConfig, theme: Path = THEME
) -> tuple[dict[str, str], list[Diagnostic]]:
    """One document's page and JSON, given its share of the whole-site pass. Pure."""
    try:
        return {
            page_path(doc): render_document(doc, config, theme=theme, links=links),
            json_path(doc): dumps(document_json(doc, links.see_also)),
            annotations_path(doc): dumps(annotation_collection(doc, config)),
        }, []
    except Exception as exc:
        return {}, [
            Diagnostic(doc.path, None, "error", "render-failed", f"could not render: {exc!r}")
        ]


def run_jobs(jobs: list[DocumentJob], workers: int | None) -> list[DocumentOutput]:
    if workers and workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(process_document, jobs, chunksize=4))
    return [process_document(job) for job in jobs]


# --- step 3: the whole site ------------------------------------------------------------------


def collect(
    content: Path, *, jobs: int | None = None, write_imports: bool = True, theme: Path = THEME
) -> tuple[SiteConfig | None, list[DocumentOutput], list[str], list[Diagnostic]]:
    """Import and process every document: (config, outputs, imported paths, diagnostics)."""
    diagnostics: list[Diagnostic] = []
    if not content.is_dir():
        missing = Diagnostic(str(content), None, "error", "content-missing", "no such folder")
        return None, [], [], [missing]
    try:
        config = load_config(content / "site.yaml")
    except ConfigError as exc:
        return None, [], [], [exc.diagnostic]

    diagnostics.extend(list_files(content, "sources", SUFFIXES).diagnostics)
    imported, import_diags = import_new_sources(content, write=write_imports)
    diagnostics.extend(import_diags)

    texts: dict[str, str] = {}
    documents = document_files(content)
    diagnostics.extend(documents.diagnostics)
    for md in documents.paths:
        path = f"documents/{md.name}"
        text, read_diags = read_document_file(md, path)
        diagnostics.extend(read_diags)
        if text is not None:
            texts[path] = text
    for doc in imported:  # with write_imports=False they are not on disk
        texts.setdefault(doc.path, doc.text)
    job_list = [DocumentJob(path, texts[path], config, theme) for path in sorted(texts)]
    outputs = run_jobs(job_list, jobs)
    for out in outputs:
        diagnostics.extend(out.diagnostics)
    return config, outputs, [d.path for d in imported], diagnostics


def site_files(
    config: SiteConfig, outputs: list[DocumentOutput], *, theme: Path = THEME
) -> tuple[dict[str, str | bytes], list[Document], list[Diagnostic]]:
    """Every output file of the site; two documents writing one path is an error."""
    files: dict[str, str | bytes] = {}
    owner: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    documents: list[Document] = []
    for out in sorted(outputs, key=lambda o: o.path):
        doc = out.document
        if doc is None:
            continue
        paths = [page_path(doc), json_path(doc), annotations_path(doc)]
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

    site = link_site(documents, language=config.language)
    diagnostics.extend(site.diagnostics)
    for doc in documents:
        pages, problems = render_pages(doc, site.for_document(doc.slug), config, theme)
        files.update(pages)
        diagnostics.extend(problems)
    files.update(listing_files(site, config, theme))
    files["index.html"] = render_index(documents, config, theme=theme, listings=site.listings)
    files["404.html"] = render_not_found(config, theme=theme)
    files[render_search_path(config)] = render_search(config, theme=theme)
    files["api/documents.json"] = dumps(documents_index(documents))
    files["sitemap.xml"] = render_sitemap(sitemap_urls(documents, site, config), config)
    files["robots.txt"] = render_robots(config)
    static = theme / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    return files, documents, diagnostics


def render_search_path(config: SiteConfig) -> str:
    return f"{paths_for(config.language)['search']}/index.html"


def listing_files(site: SiteLinks, config: SiteConfig, theme: Path = THEME) -> dict[str, str]:
    """Every page and feed of every listing, and the overview page of each facet."""
    files: dict[str, str] = {}
    by_facet: dict[str, list] = {}
    for listing in site.listings:
        files.update(render_listing_pages(listing, config, theme=theme))
        files[listing.feed_url.lstrip("/")] = render_feed(listing, config, theme=theme)
        if listing.facet != "all":
            by_facet.setdefault(listing.facet, []).append(listing)
    for facet, listings in by_facet.items():
        path = facet_url(facet, config.language).lstrip("/") + "index.html"
        files[path] = render_facet_overview(facet, listings, config, theme=theme)
    return files


def sitemap_urls(documents: list[Document], site: SiteLinks, config: SiteConfig) -> list:
    urls = [("/", max((document_date(d) for d in documents if document_date(d)), default=None))]
    urls += [(doc.url, document_date(doc)) for doc in documents]
    for listing in site.listings:
        pages = max(1, -(-len(listing.documents) // PAGE_SIZE))
        newest = document_date(listing.documents[0]) if listing.documents else None
        urls += [(page_url(listing, n, config.language), newest) for n in range(1, pages + 1)]
        if listing.facet != "all":
            urls.append((facet_url(listing.facet, config.language), None))
    return urls


def finish_site(folder: Path, config: SiteConfig) -> list[Diagnostic]:
    """Run on the fresh folder before it is swapped in: the search index, then the link check
    (after Pagefind, so links to its files are checked too)."""
    return [*build_search_index(folder), *check_links(folder, config.base_path)]


def build(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    jobs: int | None = None,
    theme: Path = THEME,
) -> BuildResult:
    """Import new sources, render the site into `out`. Exit status: BuildResult.exit_status."""
    content, out = Path(content), Path(out)
    config, outputs, imported, diagnostics = collect(content, jobs=jobs, theme=theme)
    result = BuildResult(strict=strict, imported=imported)
    if config is None:
        result.diagnostics = sort_diagnostics(diagnostics)
        return result
    files, documents, site_diags = site_files(config, outputs, theme=theme)
    finished = write_site(files, out, lambda folder: finish_site(folder, config))
    result.diagnostics = sort_diagnostics([*diagnostics, *site_diags, *finished])
    result.documents = documents
    result.files_written = len(files)
    result.pages_written = sum(path.endswith(".html") for path in files)
    result.written = True
    return result


def check(content: Path, *, jobs: int | None = None, theme: Path = THEME) -> BuildResult:
    """Everything build finds, without writing anything (new sources are imported in memory)."""
    content = Path(content)
    config, outputs, _imported, diagnostics = collect(
        content, jobs=jobs, write_imports=False, theme=theme
    )
    result = BuildResult()
    if config is not None:
        _files, result.documents, site_diags = site_files(config, outputs, theme=theme)
        diagnostics = [*diagnostics, *site_diags]
    result.diagnostics = sort_diagnostics(diagnostics)
    return result


# --- antwoord import ---------------------------------------------------------------------------


def _source_name(path: Path, content: Path) -> str:
    """The `source` value for a raw file: its path in the content folder, else sources/<name>."""
    try:
        return path.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return f"sources/{path.name}"


def import_files(
    files: list[Path], content: Path, *, update: bool = False
) -> tuple[list[str], list[Diagnostic]]:
    """`antwoord import`: raw files → content/documents/<slug>.md. Copies no raw file.

    Without `update` an existing document is never touched. With `update` the document made
    from the same source is re-imported and merged with what the editors wrote
    (generator.update: annotations, front matter and old ids are kept).
    """
    if update:
        from generator.update import update_documents

        report = update_documents(files, content)
        return report.written, sort_diagnostics(report.diagnostics)
    content = Path(content)
    written: list[str] = []
    diagnostics: list[Diagnostic] = []
    existing = documents_by_source(content)
    for path in files:
        path = Path(path)
        source = _source_name(path, content)
        if not path.is_file():
            diagnostics.append(
                Diagnostic(str(path), None, "error", "import-missing", "no such file")
            )
            continue
        result = _import_one(path, source, diagnostics)
        if result is None:
            continue
        target = existing.get(source) or f"documents/{result.slug}.md"
        target_path = content / target
        if target_path.exists():
            old_meta, *_ = frontmatter.parse(target_path.read_text(encoding="utf-8"), target)
            why = (
                "use --update to re-import it"
                if old_meta.source == source
                else f"it holds {old_meta.source or 'a hand-written document'}"
            )
            diagnostics.append(
                Diagnostic(source, None, "error", "import-exists", f"{target} exists; {why}")
            )
            continue
        if not is_valid_slug(result.slug):
            diagnostics.append(
                Diagnostic(source, None, "error", "import-slug", f"bad slug '{result.slug}'")
            )
            continue
        create_document(target_path, result.markdown)
        existing[source] = target
        written.append(target)
    return written, sort_diagnostics(diagnostics)
