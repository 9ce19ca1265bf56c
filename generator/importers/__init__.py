"""Importers: one raw file (Tika text, Word, official PDF) → one Markdown document.

Each format module exposes `import_<format>(path: Path, *, source: str) -> ImportResult`.
`source` is the path recorded in the front matter (`sources/<file name>`). Importers never
render HTML; they emit the content format of DESIGN.md and report what they could not read
as diagnostics.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

from generator.document import Diagnostic


@dataclass
class ImportResult:
    markdown: str  # the whole document: YAML front matter + Markdown body
    slug: str  # suggested slug (file name of the document without .md)
    diagnostics: list[Diagnostic] = field(default_factory=list)


SUFFIXES = (".txt", ".docx", ".pdf")

# Limits on what a source may be before any importer reads it. A plain-text letter is far below
# 2 MB (and becomes about as much Markdown, which the reader must handle: see content.py); Word
# and PDF files carry images, so their files may be larger, but a .docx (a zip) may not unpack
# to more than MAX_UNPACKED: a "zip bomb" of a few KB could otherwise fill the memory.
MAX_SOURCE_BYTES = {".txt": 2 * 1024 * 1024, ".docx": 32 * 1024 * 1024, ".pdf": 32 * 1024 * 1024}
MAX_UNPACKED = 64 * 1024 * 1024


# errno of an OSError that says the system refused to read a file, not that it is damaged
# (a seek past the start of a truncated zip is EINVAL, for one).
REFUSED = (errno.EACCES, errno.EPERM, errno.EIO, errno.ENOENT, errno.EISDIR, errno.ENXIO)


class ImportRefused(ValueError):
    """A source that cannot be imported at all; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _refuse(source: str, code: str, message: str) -> ImportRefused:
    return ImportRefused(Diagnostic(source, None, "error", code, message))


def check_source(path: Path, *, source: str) -> None:
    """Raise ImportRefused when `path` is empty, too large, or not the format its name says."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)  # a PDF header may follow a little junk (readers allow it)
    except OSError as exc:
        raise _refuse(
            source, "source-unreadable", f"cannot be read: {exc.strerror or exc}"
        ) from exc
    limit = MAX_SOURCE_BYTES.get(suffix, MAX_SOURCE_BYTES[".txt"])
    if size == 0:
        raise _refuse(source, "source-empty", "is an empty file; nothing to import")
    if size > limit:
        raise _refuse(
            source,
            "source-too-large",
            f"is {size / 1024 / 1024:.1f} MB; a {suffix} source may be at most "
            f"{limit // 1024 // 1024} MB; not imported",
        )
    if suffix == ".docx":
        _check_docx(path, head, source)
    elif suffix == ".pdf" and b"%PDF-" not in head:
        raise _refuse(source, "pdf-invalid", "is not a PDF file (it does not start with %PDF-)")


def _check_docx(path: Path, head: bytes, source: str) -> None:
    import zipfile

    if not head.startswith(b"PK"):
        raise _refuse(
            source,
            "docx-invalid",
            "is not a Word document: a .docx file is a zip archive and this one is not "
            "(an old .doc file, or a file with the wrong name?)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except OSError as exc:
        if exc.errno in REFUSED:  # the system refused; the file may be fine: not "damaged"
            message = f"cannot be read: {exc.strerror}"
            raise _refuse(source, "source-unreadable", message) from exc
        raise _refuse(source, "docx-invalid", f"is a damaged zip archive: {exc}") from exc
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _refuse(source, "docx-invalid", f"is a damaged zip archive: {exc}") from exc
    if "word/document.xml" not in names:
        raise _refuse(source, "docx-invalid", "is a zip archive but not a Word document")
    if unpacked > MAX_UNPACKED:
        raise _refuse(
            source,
            "docx-too-large",
            f"unpacks to {unpacked / 1024 / 1024:.0f} MB; at most "
            f"{MAX_UNPACKED // 1024 // 1024} MB is read; not imported",
        )


def import_source(path: Path, *, source: str) -> ImportResult:
    """Import one raw file, choosing the importer by its file name suffix.

    Raises ImportRefused (with a diagnostic) for a file that is empty, too large or damaged.
    """
    suffix = path.suffix.lower()
    check_source(path, source=source)
    if suffix == ".txt":
        from generator.importers.tika_text import import_tika_text

        return import_tika_text(path, source=source)
    if suffix == ".docx":
        from generator.importers.docx import import_docx

        return import_docx(path, source=source)
    if suffix == ".pdf":
        from generator.importers.pdf import import_pdf

        return import_pdf(path, source=source)
    raise ValueError(f"no importer for {path.name}: expected one of {', '.join(SUFFIXES)}")
