"""The raw file a document was imported from, published for download at /bronnen/<slug>.<ext>.

Only a file the importers read (.pdf, .docx, .txt) directly in the content folder's
`sources/` is published, and only when it is there: a document whose `source` names a missing
file, or anything outside `sources/` (the front matter refuses `..` and absolute paths; a
symbolic link out of the folder is refused here), has no download, never a dead link. It is
named by the document's slug, not by the uploaded file's name (which may hold spaces, a
newsroom's own words, or the internal uuid of a PDF).

The file is copied into the site when its document's page is rendered (a worker reads it,
it never enters the page cache), and kept as it is while the page is.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.document import Card, Document
from generator.importers import SUFFIXES
from generator.linker import paths_for

KINDS = {
    "nl": {".pdf": "PDF", ".docx": "Word-bestand", ".txt": "tekstbestand"},
    "en": {".pdf": "PDF", ".docx": "Word file", ".txt": "text file"},
}


def _suffix(source: str | None) -> str | None:
    if not source:
        return None
    parts = PurePosixPath(source.replace("\\", "/")).parts
    if len(parts) != 2 or parts[0] != "sources":
        return None
    suffix = PurePosixPath(parts[1]).suffix.lower()
    return suffix if suffix in SUFFIXES else None


def source_output(slug: str, source: str | None, language: str = "nl") -> str | None:
    """The site path the `source` of document `slug` is published at ("bronnen/<slug>.pdf"),
    or None when it is not a file that can be published."""
    suffix = _suffix(source)
    if suffix is None:
        return None
    return f"{paths_for(language)['sources']}/{slug}{suffix}"


def source_file(content: Path | None, source: str | None) -> Path | None:
    """The file to publish for `source`, or None (missing, not a regular file, or resolving
    outside content/sources/)."""
    if content is None or _suffix(source) is None:
        return None
    assert source is not None
    folder = (content / "sources").resolve()
    path = (content / source).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def source_kind(doc: Card | Document, language: str) -> str:
    """ "PDF", "Word-bestand", "tekstbestand"."""
    suffix = _suffix(doc.meta.source) or ""
    return KINDS.get(language, KINDS["nl"]).get(suffix, suffix.lstrip(".").upper())
