"""The scan stage: every document file → its model key, without reading a file whose stamp
matches the last build's record (see scan_documents). It owns the model key: what a
document's model is made from."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator import cache as caching  # engine_version through the module: one to patch
from generator import frontmatter
from generator.cache import digest
from generator.config import SiteConfig
from generator.content import document_files, read_document_file
from generator.document import Diagnostic

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode of a document file


class Recorded(Protocol):
    """What scan needs of the last build's record of a document (build.DocumentRecord)."""

    model_key: str
    stamp: Stamp | None
    read_problems: tuple[Diagnostic, ...]
    source: str | None


def model_key(path: str, text: bytes, config: SiteConfig) -> str:
    """What a model is made from: the text, our code and libraries, the default language."""
    return digest("model", caching.engine_version(), config.language, path, text)


def model_env(config: SiteConfig) -> str:
    """What a model key depends on besides the file: a recorded key read from a stamp holds
    only while this is the same."""
    return digest("model env", caching.engine_version(), config.language)


# A stamp is trusted only when the file was last changed this long before it was read: a file
# changed again within the same clock tick as it was read could keep size and times (git's
# "racily clean" entries), so such a file is hashed again on the next build.
RACY_NS = 2_000_000_000


@dataclass(slots=True)
class ScannedDocument:
    """A document file as the build found it: its model key, without reading it when its stamp
    matches the record."""

    model_key: str
    stamp: Stamp | None
    read_problems: tuple[Diagnostic, ...]
    source: str | None = None  # from its front matter, when it was read and sources exist


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def scan_documents(
    content: Path,
    config: SiteConfig,
    previous: dict[str, Recorded],
    diagnostics: list[Diagnostic],
    *,
    want_sources: bool,
) -> dict[str, ScannedDocument]:
    """documents/<slug>.md → its model key, for every document that may be read (`content.py`
    refuses the others with a diagnostic, added to `diagnostics`).

    Keys are content hashes, never times. But hashing 100,000 files on every build costs
    seconds, so — as git does for its index — a file whose size, mtime, ctime and inode all
    equal those recorded when it was last hashed keeps the recorded key unread. An edit changes
    the ctime, which no tool can set back (restoring the mtime and the size does not hide an
    edit), and a stamp taken while the file may still change within the same clock tick is not
    kept (RACY_NS). A copied or checked-out folder has new inodes and times: hashed again, the
    same bytes give the same key, so nothing is rendered again."""
    documents = document_files(content)
    diagnostics.extend(documents.diagnostics)
    found: dict[str, ScannedDocument] = {}
    for md in documents.paths:
        path = f"documents/{md.name}"
        try:
            stamp: Stamp | None = stamp_of(os.stat(md))
        except OSError:
            stamp = None
        rec = previous.get(path)
        if stamp is not None and rec is not None and rec.stamp == stamp:
            found[path] = ScannedDocument(rec.model_key, stamp, rec.read_problems, rec.source)
            diagnostics.extend(rec.read_problems)
            continue
        now = time.time_ns()
        text, read_diags = read_document_file(md, path)
        diagnostics.extend(read_diags)
        if text is None:
            continue
        if stamp is not None and max(stamp[1], stamp[2]) > now - RACY_NS:
            stamp = None
        source = None
        if want_sources and frontmatter.split(text)[0] is not None:
            source = frontmatter.parse(text, path)[0].source
        key = model_key(path, text.encode("utf-8"), config)
        found[path] = ScannedDocument(key, stamp, tuple(read_diags), source)
    return found


def known_sources(scanned: dict[str, ScannedDocument]) -> dict[str, str]:
    """`source` → the document that holds it (the first by path)."""
    found: dict[str, str] = {}
    for path in sorted(scanned):
        source = scanned[path].source
        if source:
            found.setdefault(source, path)
    return found
