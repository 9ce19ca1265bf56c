"""Importers: one raw file (Tika text, Word, official PDF) → one Markdown document.

Each format module exposes `import_<format>(path: Path, *, source: str) -> ImportResult`.
`source` is the path recorded in the front matter (`sources/<file name>`). Importers never
render HTML; they emit the content format of DESIGN.md and report what they could not read
as diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.document import Diagnostic


@dataclass
class ImportResult:
    markdown: str  # the whole document: YAML front matter + Markdown body
    slug: str  # suggested slug (file name of the document without .md)
    diagnostics: list[Diagnostic] = field(default_factory=list)


SUFFIXES = (".txt", ".docx", ".pdf")


def import_source(path: Path, *, source: str) -> ImportResult:
    """Import one raw file, choosing the importer by its file name suffix."""
    suffix = path.suffix.lower()
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
