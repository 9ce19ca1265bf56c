"""One importer at a time per content folder.

Two builds into different output folders share one content folder: without a lock both see a
new source without a document, both import it, and the second finds "its" document already
written ("already exists for another source") and leaves it out of its site. Whoever imports
into `content/documents/` (a build, `antwoord import`) holds an exclusive `flock` on
`content/.cache/antwoord/import.lock` while it decides what is new and writes it. The kernel
releases the lock when the process dies, however it dies, so a killed build never blocks the
next one; a build that has to wait says so once, and which process it waits for.

After the wait the folder may hold documents the other build imported since this one looked:
`documents_since` finds them, so they are neither imported again nor left out.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from generator import frontmatter
from generator.cache import cache_folder
from generator.content import document_files, read_document_file
from generator.text_safety import printable

LOCK_NAME = "import.lock"
_HELD: set[str] = set()  # lock files this process holds


def _say(line: str) -> None:
    print(printable(line), file=sys.stderr, flush=True)


def lock_path(content: Path) -> Path:
    return cache_folder(content) / LOCK_NAME


@contextlib.contextmanager
def importing(content: Path, *, waiting: Callable[[str], None] = _say) -> Iterator[bool]:
    """Hold the content folder's import lock; yields True when another process held it first
    (then the documents may have changed since they were last looked at).

    `waiting(line)` is told once, before blocking, who holds the lock. Re-entrant within a
    process (`import --update` imports a new source through `import_files`): a second flock on
    a file of our own would wait for ever."""
    path = lock_path(content)
    key = os.path.abspath(path)
    if key in _HELD:
        yield False
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        # A content folder nobody may write to (a read-only checkout) cannot be imported into
        # either: the import reports that itself, and there is no one to keep apart.
        yield False
        return
    try:
        waited = False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waited = True
            waiting(
                f"waiting for {_holder(fd)}, which is importing sources into {content}; "
                f"this build goes on when it has finished"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        _record_holder(fd)
        _HELD.add(key)
        try:
            yield waited
        finally:
            _HELD.discard(key)
    finally:
        os.close(fd)  # closing releases the lock


def _holder(fd: int) -> str:
    """Who wrote the lock file last: "process 1234 (antwoord build --out site)"."""
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    pid, _, command = text.partition(" ")
    return f"process {pid} ({command})" if pid.isdigit() else "another process"


def _record_holder(fd: int) -> None:
    """Write our process id and command line into the lock file, for whoever waits next."""
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "python"
    line = f"{os.getpid()} {command}\n".encode("utf-8", "replace")
    with contextlib.suppress(OSError):  # only a courtesy to the next waiter
        os.ftruncate(fd, 0)
        os.pwrite(fd, line, 0)


def documents_since(content: Path, known: Collection[str]) -> dict[str, str]:
    """`source` → documents/<slug>.md for each document that is not in `known` (made by
    another build while this one waited for the lock)."""
    found: dict[str, str] = {}
    for path in document_files(content).paths:
        rel = f"documents/{path.name}"
        if rel in known:
            continue
        text, _problems = read_document_file(path, rel)
        if text is None or frontmatter.split(text)[0] is None:
            continue
        meta, *_ = frontmatter.parse(text, rel)
        if meta.source:
            found.setdefault(meta.source, rel)
    return found
