"""The content folder as untrusted input: which files may be read, and reading them safely.

Everything in `content/` may come from outside (a mailed .docx, a downloaded PDF, a document
someone else edited), so before any importer or the reader sees a file it must be

- a regular file inside the content folder (a symlink pointing outside it is refused: a build
  must never publish /etc/passwd because someone committed a link to it);
- named so that its name can become a URL (`documents/<slug>.md`);
- small enough to be a real document (the reader is linear but not fast: see bench/);
- text that decodes (documents are UTF-8; UTF-16 with a byte-order mark is read with a
  warning, anything else is an error naming the line of the first bad byte).

Each refusal is a diagnostic naming the file; the other files still build.
"""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.document import Diagnostic
from generator.slug import is_valid_slug
from generator.system_errors import naming
from generator.text_safety import REPLACEMENT, clean, count_invalid, first_invalid

# A real answer letter is 20-200 KB of Markdown; the reader handles about 0.25 MB/s, so this
# keeps the worst document at a few seconds while leaving room for very long letters.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


@dataclass
class ContentFiles:
    """Files of one content subfolder that may be read, and why the others are refused."""

    paths: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symlink resolved, lies inside `folder`."""
    try:
        path.resolve(strict=True).relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):  # missing, outside, or a symlink loop
        return False
    return True


def list_files(content: Path, subfolder: str, suffixes: tuple[str, ...]) -> ContentFiles:
    """Regular files in content/<subfolder>/ with one of `suffixes`, sorted by name.

    A symlink that leads outside the content folder (or nowhere) is refused with an error.
    Only symlinks are resolved: when no folder between `content` and the subfolder is a link,
    a file that is not a link lies where it is listed, inside the content folder, and resolving
    each of 100,000 documents on every build would only cost time (the folder type comes free
    with the directory listing).
    """
    found = ContentFiles()
    folder = content / subfolder
    try:
        is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return found
    # Any other error (no permission to look) propagates: a folder that cannot be looked at
    # is not an empty one, and a build that took it for one would publish an empty site.
    if not is_folder:
        return found
    plain = folder.resolve() == content.resolve().joinpath(subfolder)
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
            continue
        path = folder / name
        if (not plain or entry.is_symlink()) and not inside(path, content):
            found.diagnostics.append(
                Diagnostic(
                    f"{subfolder}/{name}",
                    None,
                    "error",
                    "path-outside-content",
                    "is a link to a file outside the content folder; not read",
                )
            )
            continue
        if not entry.is_file():
            continue
        found.paths.append(path)
    return found


def document_files(content: Path) -> ContentFiles:
    """content/documents/*.md whose names are valid slugs (the name becomes the page URL)."""
    found = list_files(content, "documents", (".md",))
    valid = []
    for path in found.paths:
        if path.suffix != ".md" or not is_valid_slug(path.stem):
            found.diagnostics.append(
                Diagnostic(
                    f"documents/{path.name}",
                    None,
                    "error",
                    "document-file-name",
                    "the file name must be lower-case letters, digits and '-' followed by .md "
                    "(it becomes the page address); not built",
                )
            )
            continue
        valid.append(path)
    found.paths = valid
    return found


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_document(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes of a Markdown document → text, or None (with an error) when it is not text."""
    diags: list[Diagnostic] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, [
                Diagnostic(
                    file,
                    None,
                    "error",
                    "document-encoding",
                    "starts like UTF-16 text but is not valid UTF-16; save it as UTF-8",
                )
            ]
        diags.append(
            Diagnostic(
                file,
                None,
                "warning",
                "document-utf16",
                "is saved as UTF-16; it was read, but save it as UTF-8",
            )
        )
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = _line_of(raw, exc.start)
            return None, [
                Diagnostic(
                    file,
                    line,
                    "error",
                    "document-encoding",
                    f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} on this line cannot be "
                    f"read); save it as UTF-8; not built",
                )
            ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        diags.append(
            Diagnostic(
                file,
                line,
                "warning",
                "document-nul",
                f"holds {text.count(chr(0))} NUL character(s), first on this line; removed",
            )
        )
        text = text.replace("\x00", "")
    found = first_invalid(text)
    if found is not None:
        line, code = found
        diags.append(
            Diagnostic(
                file,
                line,
                "warning",
                "document-invalid-character",
                f"holds {count_invalid(text)} control character(s) that no web page or feed may "
                f"contain (first {code}, on this line); each is shown as {REPLACEMENT}",
            )
        )
        text = clean(text)
    return text, diags


def read_document_file(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Read one Markdown document: its text, or None with an error saying why not."""

    def refuse(code: str, message: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(file, None, "error", code, message)]

    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return refuse(
                "document-too-large",
                f"is {size / 1024 / 1024:.1f} MB; a document may be at most "
                f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB; not built",
            )
        with open(path, "rb") as fh:
            raw = fh.read(MAX_DOCUMENT_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        return refuse("document-unreadable", f"cannot be read: {exc.strerror or exc}")
    if len(raw) > MAX_DOCUMENT_BYTES:
        return refuse("document-too-large", "grew past the size limit while being read")
    text, diags = decode_document(raw, file)
    if text is not None and not text.strip():
        return refuse("document-empty", "is empty; not built")
    return text, diags


def create_copy(path: Path, original: Path) -> None:
    """Copy `original` to the new file `path`, whole or not at all (as `create_document`):
    a disk that fills up during the copy leaves no truncated source behind."""
    with naming(path):  # a full disk names no file: this one
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh, open(original, "rb") as source:
                shutil.copyfileobj(source, fh)
            os.link(tmp, path)
        finally:
            os.unlink(tmp)


def create_document(path: Path, text: str) -> None:
    """Write a new file whole or not at all; FileExistsError when `path` already exists.

    A build killed while importing must not leave a half-written document: the next build
    would take it for an editor's file and never import the source again. The text goes to a
    temporary file first and is then hard-linked into place, which never replaces a file.
    """
    with naming(path):  # a full disk names no file: this one
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.link(tmp, path)
        finally:
            os.unlink(tmp)
