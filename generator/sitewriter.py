"""Writing the site: only files whose bytes changed, and never a half-built site.

Two promises pull against each other: a deploy sync should see only the files that changed
(same inode, same mtime for the rest), and a build that fails or is killed must leave the old
site whole. We keep both by staging:

- Changed files are written into a fresh folder next to `out` (`.site.new-…`) as they come, so
  the site is never held in memory.
- At commit, every unchanged file is hard-linked from the current site into that folder (a copy
  that keeps the mtime where links are not possible), then the folder is swapped in with two
  renames. Unchanged files keep their inode and mtime, so `rsync` skips them.
- When nothing changed at all, nothing is staged and `out` is not touched.
- Folders that a tool writes after the pages (Pagefind's `pagefind/`) are `generated`: not
  linked from the old site by the writer (the tool writes into them, and a shared inode would
  change the old site too). The tool fills them in the staged folder, linking from the old
  site only what it does not write (`kept`), and they are recorded from there.

A build that stops before the swap leaves `out` as it was (a stray `.site.new-…` at worst). What
was written is remembered in a `SiteRecord` (path → digest, size, mtime) saved in the cache after
the swap; a file whose size or mtime no longer matches the record (edited or deleted by hand)
is written again, so a stale record costs a rewrite, never a wrong site.
"""

from __future__ import annotations

import bisect
import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.document import Diagnostic
from generator.output import staging_folder, swap_in
from generator.output_guard import MARKER, MARKER_TEXT
from generator.system_errors import naming
from generator.timings import Timings, untimed


@dataclass(frozen=True, slots=True)
class FileRecord:
    digest: str
    size: int
    mtime_ns: int


@dataclass
class SiteRecord:
    """What a build left in `out`: every file with its digest and stat."""

    out: str
    files: dict[str, FileRecord] = field(default_factory=dict)


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SiteWriter:
    """Stage the next version of `out` against the record of the current one.

    The caller holds `output.locked(out)` from before the first file until after `commit`.
    """

    def __init__(
        self,
        out: Path,
        previous: SiteRecord | None,
        generated: tuple[str, ...] = (),
        *,
        detach_removal: bool = False,
    ):
        self.out = Path(out).resolve()
        self._prefix = f"{self.out}{os.sep}"  # plain strings: a no-op stats every file
        self.generated = generated  # folder prefixes ("pagefind/") a finishing tool writes
        self.detach_removal = detach_removal  # the old site removed by a process of its own
        usable = previous is not None and previous.out == str(self.out) and self.out.is_dir()
        self.previous: dict[str, FileRecord] = previous.files if usable and previous else {}
        self.files: dict[str, FileRecord] = {}  # this build's site
        self.written: list[str] = []  # paths whose bytes changed (or were missing)
        self._staging: Path | None = None
        self._staging_id: tuple[int, int] | None = None  # (device, inode) of the staged folder
        self._fresh = not usable
        self._sorted: list[str] | None = None  # the previous paths, sorted, for `kept`
        self._seen: dict[str, FileRecord | None] = {}  # _on_disk's answers: one stat per file
        self._staged_prefix = ""  # the staged folder with a trailing separator, once made
        self._made: set[str] = {""}  # folders of the staged site that put made
        # Every site carries the marker that says Antwoord made it: a build replaces only such
        # a folder (output_guard). Constant bytes, so it is written once per site.
        self.put(MARKER, MARKER_TEXT)

    def _on_disk(self, rel: str) -> FileRecord | None:
        """The previous record of `rel` when the file in `out` still matches it (`out` is not
        changed during a build, so each file is looked at once)."""
        if rel in self._seen:
            return self._seen[rel]
        record = self.previous.get(rel)
        if record is None:  # not remembered: at 100,000 documents, 300,000 answers of None
            return None
        try:
            st = os.stat(self._prefix + rel)
        except OSError:
            record = None
        else:
            if st.st_size != record.size or st.st_mtime_ns != record.mtime_ns:
                record = None
        self._seen[rel] = record
        return record

    def kept(self, prefix: str) -> list[str] | None:
        """The files the last build recorded under `prefix`, when every one of them is still in
        `out` as recorded (else None): what a finishing tool may link instead of making again."""
        if prefix in self.previous:  # one file
            return [prefix] if self._on_disk(prefix) is not None else None
        if self._sorted is None:
            self._sorted = sorted(self.previous)
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix + "\U0010ffff")
        files = self._sorted[start:end]
        if not all(self._on_disk(rel) is not None for rel in files):
            return None
        return files

    def _linked_from_out(self, rel: str, st: os.stat_result) -> bool:
        """`rel` in the staged folder is the recorded file of `out`, hard-linked."""
        record = self._on_disk(rel)
        if record is None:
            return False
        try:
            return os.path.samestat(st, os.stat(self.out / rel))
        except OSError:
            return False

    def unchanged(self, rel: str) -> bool:
        """Whether `rel` is in `out` as the last build left it (nothing is kept yet)."""
        return self._on_disk(rel) is not None

    def keep(self, rel: str) -> bool:
        """Keep `rel` as it is in `out` without its bytes; False when it must be written."""
        record = self._on_disk(rel)
        if record is None:
            return False
        self.files[rel] = record
        return True

    def put(self, rel: str, data: bytes | str) -> bool:
        """Give the bytes of `rel`; they are written only when they differ. True if written."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        key = file_digest(data)
        record = self._on_disk(rel)
        if record is not None and record.digest == key:
            self.files[rel] = record
            return False
        staged = self._staged_prefix or self._stage_prefix()
        target = staged + rel
        path = Path(target)
        with naming(path):  # a full disk names no file: this one
            folder = os.path.dirname(rel)
            if folder not in self._made:  # one mkdir per folder, not per file (a third of them)
                os.makedirs(staged + folder, exist_ok=True)
                self._made.add(folder)
            try:
                path.write_bytes(data)
            except FileNotFoundError:  # its folder removed meanwhile: made again, as before
                os.makedirs(os.path.dirname(target), exist_ok=True)  # (_check_staged sees it)
                path.write_bytes(data)
            st = os.stat(target)
        self.files[rel] = FileRecord(key, st.st_size, st.st_mtime_ns)
        self.written.append(rel)
        return True

    def _stage_prefix(self) -> str:
        self._staged_prefix = f"{self._stage()}{os.sep}"
        return self._staged_prefix

    def _stage(self) -> Path:
        if self._staging is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._staging = staging_folder(self.out)
            st = os.stat(self._staging)
            self._staging_id = (st.st_dev, st.st_ino)
        return self._staging

    def _check_staged(self, fresh: Path) -> None:
        """Raise (ENOENT, 'vanished') when the staged folder is no longer the one this writer
        made: someone removed the output's folder while the build ran, and writing a file
        made the path again (mkdir parents), holding only what came after. Such a folder
        must never be swapped in as the site."""
        try:
            st = os.stat(fresh)
        except FileNotFoundError:
            st = None
        if st is None or (st.st_dev, st.st_ino) != self._staging_id:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(fresh))

    @property
    def changed(self) -> bool:
        if self.written or self._fresh:
            return True
        own = {rel for rel in self.previous if not self._is_generated(rel)}
        return set(self.files) != own

    def _is_generated(self, rel: str) -> bool:
        return bool(self.generated) and rel.startswith(self.generated)

    def pages_to_check(self) -> list[str] | None:
        """The HTML pages written this build; None when the whole site is new."""
        if self._fresh:
            return None
        return sorted(rel for rel in self.written if rel.endswith(".html"))

    def abort(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        self._staged_prefix, self._made = "", {""}

    def commit(
        self,
        finish: Callable[[Path], list[Diagnostic]] | None = None,
        *,
        refresh: bool = False,
        timings: Timings | None = None,
        documents: int = 0,
    ) -> tuple[SiteRecord, list[Diagnostic] | None]:
        """Swap the staged site in when anything changed, or when `refresh` (what `finish` makes
        is out of date though no file changed); return the record of `out` and what
        `finish(folder)` (run on the staged folder before the swap) reported, or None when
        nothing changed and so nothing was finished or swapped. `timings`: the staging is its
        "write" stage, the swap its "swap" stage (of `documents`, what the site holds)."""
        stage = timings.stage if timings is not None else untimed
        if not self.changed and not refresh:
            for rel in self.previous:
                if self._is_generated(rel):
                    self.keep(rel)
            return SiteRecord(str(self.out), self.files), None
        try:
            with stage("write"):
                fresh = self._stage()
                written = set(self.written)
                made = {""}  # folders of the staged site that exist: one mkdir per folder
                staged = f"{fresh}{os.sep}"
                for rel in sorted(self.files):
                    if rel not in written:
                        folder = os.path.dirname(rel)
                        if folder not in made:
                            os.makedirs(staged + folder, exist_ok=True)
                            made.add(folder)
                        link_or_copy(self._prefix + rel, staged + rel)
                os.chmod(fresh, 0o755)  # mkdtemp makes it private; a site is for serving
            finished = finish(fresh) if finish else []
            with stage("write"):
                for prefix in self.generated:
                    for path in sorted((fresh / prefix).rglob("*")):
                        if path.is_file():
                            rel = path.relative_to(fresh).as_posix()
                            st = path.stat()
                            if self._linked_from_out(rel, st):
                                self.files[rel] = self.previous[rel]  # not read again
                                continue
                            key = file_digest(path.read_bytes())
                            self.files[rel] = FileRecord(key, st.st_size, st.st_mtime_ns)
                self._check_staged(fresh)
            with stage("swap", documents=documents):
                swap_in(fresh, self.out, detach_removal=self.detach_removal)
        except BaseException:
            self.abort()
            raise
        self._staging = None
        self._staged_prefix, self._made = "", {""}
        return SiteRecord(str(self.out), self.files), finished


def link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Hard-link `source` to `target` (whose folder exists): an unchanged file keeps its inode
    and mtime, so deploy syncs skip it."""
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: a copy that keeps the mtime
        shutil.copy2(source, target)
