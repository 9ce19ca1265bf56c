"""The import stage: raw sources (Tika text, Word, PDF, XML) → content/documents/<slug>.md.

A build imports every source that has no document yet (`import_new_sources`); `antwoord
import` imports named files (`import_raw_files`), and `--update` re-imports through
generator.update, which uses `import_one` and `source_name` from here. Each importer runs in a
worker bounded in time and memory (import_sandbox.py); a document is never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator import frontmatter
from generator.config import ImportLimits
from generator.content import (
    create_copy,
    create_document,
    document_files,
    list_files,
    read_document_file,
)
from generator.content_lock import documents_since, importing
from generator.document import Diagnostic
from generator.import_sandbox import import_bounded
from generator.importers import SUFFIXES, ImportResult, import_source
from generator.slug import is_valid_slug
from generator.stages.scan import ScannedDocument, known_sources
from generator.system_errors import plain_reason, reported
from generator.text_safety import clean_import

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """By file, then line (file-level diagnostics first), then severity, code, message."""
    return sorted(
        set(diagnostics),
        key=lambda d: (d.file, d.line or 0, SEVERITY_ORDER.get(d.severity, 9), d.code, d.message),
    )


@dataclass
class ImportedDocument:
    path: str  # documents/<slug>.md
    text: str


def documents_by_source(content: Path) -> dict[str, str]:  # `antwoord import`; build: record
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
    content: Path,
    *,
    write: bool = True,
    existing: dict[str, str] | None = None,
    limits: ImportLimits | None = None,
) -> tuple[list[ImportedDocument], list[Diagnostic]]:
    """Import every source that has no document yet; never overwrite a document.

    With write=False (antwoord check) the Markdown is returned but no file is written.
    `existing` (source → document) saves reading every document's front matter again.
    """
    diagnostics: list[Diagnostic] = []
    imported: list[ImportedDocument] = []
    if existing is None:
        existing = documents_by_source(content)
    claimed: dict[str, str] = {}  # documents/<slug>.md → source that produced it this run
    for path in source_files(content):
        source = f"sources/{path.name}"
        if source in existing:
            continue
        result = import_one(path, source, diagnostics, content, limits=limits)
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
        taken = None
        if target in claimed:
            taken = (
                f"{claimed[target]} also imports to; not written (set a different slug in one "
                "of the documents)"
            )
        elif (content / target).exists():
            taken = "already exists for another source; not written"
        if taken:
            message = f"imports to {target}, which {taken}"
            diagnostics.append(Diagnostic(source, None, "error", "import-slug-taken", message))
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


def import_for_build(
    content: Path,
    scanned: dict[str, ScannedDocument],
    limits: ImportLimits | None,
    *,
    has_sources: bool,
) -> tuple[list[ImportedDocument], dict[str, str], list[Diagnostic]]:
    """The import stage of a build: every source without a document, under the content
    folder's import lock (content_lock.py: one importer per content folder). Also returns the
    documents another build imported since the scan (source → document)."""
    if not has_sources:
        return [], {}, []
    with importing(content):
        late = documents_since(content, scanned)
        existing = {**known_sources(scanned), **late}
        imported, diagnostics = import_new_sources(content, existing=existing, limits=limits)
    return imported, late, diagnostics


def import_one(
    path: Path,
    source: str,
    diagnostics: list[Diagnostic],
    content: Path | None = None,
    *,
    limits: ImportLimits | None = None,
    retry: bool = False,
) -> ImportResult | None:
    """Run the importer in a worker bounded in time and memory (generator/import_sandbox.py:
    `limits`, else site.yaml's); a refused, crashing or runaway import is a diagnostic, never a
    stopped or hung build. A failure is remembered in the content folder's cache, so an
    unchanged file is not tried again unless `retry` (`antwoord import`)."""
    try:
        result = import_bounded(
            path, source, import_source, content=content, limits=limits, retry=retry
        )
    except Exception as exc:  # an importer bug must not stop the other sources
        refused = getattr(exc, "diagnostic", None)  # ImportRefused, PdfInvalid
        if isinstance(refused, Diagnostic):
            diagnostics.append(refused)
        else:
            diagnostics.append(
                Diagnostic(
                    source, None, "error", "import-failed", f"not imported: {plain_reason(exc)}"
                )
            )
        return None
    result = clean_import(result, source)  # no character can break a build or an output
    diagnostics.extend(result.diagnostics)
    return result


def source_name(path: Path, content: Path) -> str:
    """The `source` value for a raw file: its path in the content folder, else sources/<name>."""
    try:
        return path.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return f"sources/{path.name}"


def keep_source(path: Path, kept: Path, source: str, diagnostics: list[Diagnostic]) -> bool:
    """Make sure content/<source> holds the raw file; False (with an error) when it cannot."""
    if kept.exists():
        if kept.resolve() == path.resolve() or kept.read_bytes() == path.read_bytes():
            return True
        message = f"{source} already holds a different file; rename {path.name} and import it again"
        diagnostics.append(Diagnostic(str(path), None, "error", "import-source-taken", message))
        return False
    create_copy(kept, path)
    return True


@reported(
    lambda problem, _args: ([], [problem]), after="the documents that were there are as they were"
)
def import_raw_files(files: list[Path], content: Path) -> tuple[list[str], list[Diagnostic]]:
    """`antwoord import` without `--update`: each raw file → a new content/documents/<slug>.md
    (see generator.build.import_files); never overwrites a document."""
    content = Path(content)
    with importing(content):  # one importer per content folder (content_lock.py)
        return _import_files(files, content)


def _import_files(files: list[Path], content: Path) -> tuple[list[str], list[Diagnostic]]:
    written: list[str] = []
    diagnostics: list[Diagnostic] = []
    existing = documents_by_source(content)
    for path in files:
        path = Path(path)
        source = source_name(path, content)
        if not path.is_file():
            diagnostics.append(
                Diagnostic(str(path), None, "error", "import-missing", "no such file")
            )
            continue
        result = import_one(path, source, diagnostics, content, retry=True)
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
        if not keep_source(path, content / source, source, diagnostics):
            continue
        create_document(target_path, result.markdown)
        existing[source] = target
        written.append(target)
    return written, sorted_diagnostics(diagnostics)
