"""The build record (a service the stages use): what the last build into one `out` folder left,
so an unchanged document is not even read, an unchanged page not rendered, and a no-op writes
nothing at all. Kept in the cache under build_record_key(out), checksummed like any entry.

The scan trusts its stamps, the read stage its model keys, the link stage its whole-site
pass and the write stage its page keys and files; the build saves the new record last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Through the module, not `from … import engine_version`: a test that patches
# generator.cache.engine_version changes every key made with it.
from generator import cache as caching
from generator.cache import Cache, digest
from generator.config import SiteConfig
from generator.document import Diagnostic
from generator.sitewriter import SiteRecord
from generator.stages.read import DocumentOutput
from generator.stages.render import document_outputs
from generator.stages.scan import ScannedDocument, Stamp, model_env


def build_record_key(out: Path) -> str:
    """The cache key of what the last build into `out` left (4: keys of the listing files)."""
    return digest("build record 4", str(out))


@dataclass(slots=True)
class DocumentRecord:
    """What one document was at the last build, so an unchanged one is not even read.

    Its outline is not here but in the cache (`outline_key`): a build loads the outlines only
    when it must run the whole-site pass again."""

    model_key: str
    stamp: Stamp | None  # of the file when it was hashed; None: hash it again next time
    read_problems: tuple[Diagnostic, ...]  # of reading the file (encoding)
    diagnostics: tuple[Diagnostic, ...]  # of reading the model
    shape: str  # linker.site_shape
    source: str | None  # its `source` front matter
    slug: str
    url: str
    outputs: tuple[str, ...]  # its files in the site
    page_key: str = ""  # "" when it was left out of the site (duplicate-output)
    problems: tuple[Diagnostic, ...] = ()  # of rendering


@dataclass
class BuildRecord:
    """The last build into one `out` folder (a cache entry, checksummed like any other)."""

    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    site: SiteRecord | None = None
    listing_key: str = ""
    listing_files: tuple[str, ...] = ()
    finished: tuple[Diagnostic, ...] = ()  # what the search index and link check reported
    env: str = ""  # build_env: the page keys and the whole-site pass were made for it
    site_diagnostics: tuple[Diagnostic, ...] = ()  # of the whole-site pass (links, clashes)
    model_env: str = ""  # model_env: the recorded model keys were made for it
    listing_file_keys: dict[str, str] = field(default_factory=dict)  # generator/file_keys.py

    def stamped(self, config: SiteConfig) -> dict[str, DocumentRecord]:
        """The records whose stamps the scan may trust: a stamp says the bytes are the same;
        a new engine or language still makes new model keys."""
        return self.documents if self.model_env == model_env(config) else {}

    def unchanged(self, scanned: dict[str, ScannedDocument]) -> dict[str, DocumentRecord]:
        """The records of the documents whose model key the scan found again."""
        return {
            path: rec
            for path, rec in self.documents.items()
            if path in scanned and rec.model_key == scanned[path].model_key
        }


def build_env(config: SiteConfig, theme_v: str) -> str:
    """What every page key and the whole-site pass depend on besides the documents. The
    build's date is in it (not in the page keys): /open/ counts to it, so the first build of
    a day runs the whole-site pass and writes the site-wide files again, no document page."""
    return digest("env", caching.engine_version(), theme_v, repr(config), str(config.today))


def load_record(cache: Cache, out: Path) -> BuildRecord:
    """The last build's record of `out`, or an empty one (a first build, or a lost entry)."""
    previous = cache.get(build_record_key(out))
    return previous if isinstance(previous, BuildRecord) else BuildRecord()


def save_record(cache: Cache, out: Path, current: BuildRecord, previous: BuildRecord) -> None:
    """Keep `current` for the next build; a no-op writes nothing at all, not even the record."""
    if current != previous:
        cache.put(build_record_key(out), current)


def recorded_files(cache: Cache, out: Path) -> Iterable[str] | None:
    """The files the last build wrote into `out`, by its record (output_guard.not_ours)."""
    record = cache.get(build_record_key(out))
    site = record.site if isinstance(record, BuildRecord) else None
    return site.files if site is not None else None


def record_of(
    out: DocumentOutput,
    scanned: dict[str, ScannedDocument],
    content: Path,
    config: SiteConfig,
) -> DocumentRecord:
    """The record of a document read by this build (its page key is set by the link stage)."""
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
