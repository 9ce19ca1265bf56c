"""Importers: one raw file (Tika text, Word, official PDF or XML) → one Markdown document.

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


SUFFIXES = (".txt", ".docx", ".pdf", ".xml")

# Limits on what a source may be before any importer reads it. A plain-text letter is far below
# 2 MB (and becomes about as much Markdown, which the reader must handle: see content.py); Word
# and PDF files carry images, so their files may be larger, but a .docx (a zip) may not unpack
# to more than MAX_UNPACKED: a "zip bomb" of a few KB could otherwise fill the memory.
MAX_SOURCE_BYTES = {
    ".txt": 2 * 1024 * 1024,
    ".docx": 32 * 1024 * 1024,
    ".pdf": 32 * 1024 * 1024,
    ".xml": 8 * 1024 * 1024,  # the longest Aanhangsel XML is some 300 KB; no images inside
}
MAX_UNPACKED = 64 * 1024 * 1024  # real bytes, counted as they are inflated (never the headers')

# Numbers read from a file are clamped to what a document can hold before anything counts or
# repeats by them: a list number of 9×10¹¹ would otherwise be written out as ~10⁹ roman "m"s, a
# gridSpan of 4×10⁷ would become as many empty cells. Word's own limits are lower still (9 list
# levels, 63 table columns); a list of a real letter never counts past a few hundred.
MAX_LIST_NUMBER = 32_767
MAX_LIST_LEVEL = 8  # levels 0..8
MAX_TABLE_COLUMNS = 63


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
    elif suffix == ".xml":
        from generator.importers.officiele_xml import check_xml

        check_xml(path, source=source)


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
            infos = archive.infolist()
    except OSError as exc:
        if exc.errno in REFUSED:  # the system refused; the file may be fine: not "damaged"
            message = f"cannot be read: {exc.strerror}"
            raise _refuse(source, "source-unreadable", message) from exc
        raise _refuse(source, "docx-invalid", f"is a damaged zip archive: {exc}") from exc
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _refuse(source, "docx-invalid", f"is a damaged zip archive: {exc}") from exc
    if "word/document.xml" not in {info.filename for info in infos}:
        raise _refuse(source, "docx-invalid", "is a zip archive but not a Word document")
    _check_unpacked(path, infos, source)


_CHUNK = 256 * 1024  # bytes inflated at a time while counting


def _check_unpacked(path: Path, infos: list, source: str) -> None:
    """Inflate every member (without keeping it) and count the bytes that really come out.

    The sizes in a zip's headers are only claims: zipfile stops at the declared size, but it
    inflates up to 1 GB in one call before it cuts, so a member that declares 600 bytes and
    holds 1 GB costs 1 GB. Here each member's real size must match its declared one (so every
    later read is bounded by what was counted) and all of them together stay under
    MAX_UNPACKED; inflating in chunks keeps this check itself at a few hundred KB."""
    import struct
    import zlib

    total = 0
    try:
        with open(path, "rb") as fh:
            for info in infos:
                if info.flag_bits & 0x1:
                    raise _refuse(source, "docx-invalid", "is an encrypted zip archive")
                fh.seek(info.header_offset)
                local = fh.read(30)
                if len(local) < 30 or local[:4] != b"PK\x03\x04":
                    raise _refuse(source, "docx-invalid", "is a damaged zip archive")
                name_length, extra_length = struct.unpack("<HH", local[26:30])
                fh.seek(info.header_offset + 30 + name_length + extra_length)
                real = _member_size(fh, info, MAX_UNPACKED - total + 1, source)
                total += real
                if total > MAX_UNPACKED:
                    raise _refuse(
                        source,
                        "docx-too-large",
                        f"unpacks to more than {MAX_UNPACKED // 1024 // 1024} MB; at most "
                        f"{MAX_UNPACKED // 1024 // 1024} MB is read; not imported",
                    )
                if real != info.file_size:
                    raise _refuse(
                        source,
                        "docx-invalid",
                        f"is a damaged zip archive: {info.filename} says it unpacks to "
                        f"{info.file_size} bytes but holds {real}",
                    )
    except OSError as exc:
        if exc.errno in REFUSED:
            raise _refuse(source, "source-unreadable", f"cannot be read: {exc.strerror}") from exc
        raise _refuse(source, "docx-invalid", f"is a damaged zip archive: {exc}") from exc
    except (zlib.error, struct.error) as exc:
        raise _refuse(source, "docx-invalid", f"is a damaged zip archive: {exc}") from exc


def _member_size(fh, info, cap: int, source: str) -> int:
    """The real unpacked size of one member whose data starts at fh's position; counting
    stops (and returns) as soon as it exceeds `cap`."""
    import zipfile
    import zlib

    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _refuse(
            source, "docx-invalid", f"{info.filename} uses a zip compression Word never writes"
        )
    inflater = zlib.decompressobj(-15)
    left, size = info.compress_size, 0
    while left > 0 and not inflater.eof and size <= cap:
        packed = fh.read(min(_CHUNK, left))
        if not packed:
            break
        left -= len(packed)
        size += len(inflater.decompress(packed, _CHUNK))
        while inflater.unconsumed_tail and size <= cap:
            size += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
    return size


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
    if suffix == ".xml":
        from generator.importers.officiele_xml import import_officiele_xml

        return import_officiele_xml(path, source=source)
    raise ValueError(f"no importer for {path.name}: expected one of {', '.join(SUFFIXES)}")
