"""The persistent build cache: what was read and rendered, keyed by what it was made from.

A key is a hash of everything an output depends on — the document's bytes, the engine (our own
source code and the versions of the libraries that read and render), the theme's files and the
site configuration — never a modification time, so a `git checkout` or a copied folder never
serves a stale page, and a reverted edit finds its old entry again.

Each entry is one file: a magic line, the SHA-256 of the payload, then the payload: a codec
byte and the pickled value, zlib-compressed (`Z`) or not (`P`: the small, often-read outlines
and cards, where compressing costs more CPU than the bytes it saves). A truncated or corrupted
entry fails the checksum and is treated as missing (and removed), so it is rebuilt, never
served. Entries are written to a temporary name and renamed into place, so a reader never sees
half an entry. The cache lives in the content
folder (`content/.cache/antwoord/`): whoever can write there can also write the documents, so
unpickling its entries trusts no one new.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import pickle
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

# Version 2: the codec byte. An entry of another version is a miss (rebuilt), never a crash.
MAGIC = b"antwoord-cache 2\n"
_DIGEST = 32  # bytes of SHA-256
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "Jinja2", "MarkupSafe", "PyYAML")


def digest(*parts: bytes | str) -> str:
    """One hex key for several inputs; each part is length-prefixed, so ("ab","c") != ("a","bc")."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _tree_digest(folder: Path, pattern: str) -> str:
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@cache
def engine_version() -> str:
    """Our own code plus the versions of the libraries that shape the output.

    Hashing the package's source means a changed reader or renderer invalidates the cache by
    itself: nobody has to remember to bump a version number.
    """
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    package = Path(__file__).resolve().parent
    return digest(_tree_digest(package, "*.py"), *versions)


def theme_version(theme: Path) -> str:
    return _tree_digest(Path(theme), "*")


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0  # entries that failed their checksum and were rebuilt


@dataclass
class Cache:
    """Checksummed entries in `folder`, one file per key."""

    folder: Path
    stats: CacheStats = field(default_factory=CacheStats)
    # The first error reading or writing an entry (a missing entry is none): the build goes on
    # without what it could not use and reports this (system_errors) once, at the end.
    failure: OSError | None = None

    def _failed(self, exc: OSError, path: Path) -> None:
        if exc.filename is None:
            exc.filename = str(path)
        if self.failure is None:
            self.failure = exc

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> object | None:
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            self.stats.misses += 1
            return None
        except OSError as exc:  # unreadable: as good as missing, but the user is told
            self._failed(exc, path)
            self.stats.misses += 1
            return None
        value = decode(raw)
        if value is None:
            self.stats.corrupt += 1
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                self._failed(exc, path)
            return None
        self.stats.hits += 1
        return value

    def has(self, key: str) -> bool:
        """Whether an entry for `key` exists (not whether it is intact: `get` checks that)."""
        return self._path(key).is_file()

    def put(self, key: str, value: object, *, compress: bool = True) -> None:
        """Store atomically; a cache that cannot be written only makes the next build slower
        (and is reported: `failure`). A failed write leaves no temporary file behind.
        `compress`: False for small entries that are read often (outlines, cards)."""
        path = self._path(key)
        folder = str(path.parent)
        # A temporary name of this process's own (pid and a counter) opened with O_EXCL: as
        # safe as mkstemp's random one among processes, without its name-guessing loop.
        tmp = f"{folder}{os.sep}.tmp-{os.getpid()}-{next(_COUNTER)}"
        made = False
        try:
            if folder not in _FOLDERS:  # 256 folders: one mkdir each per process
                os.makedirs(folder, exist_ok=True)
                _FOLDERS.add(folder)
            data = encode(value, compress=compress)
            try:
                fd = os.open(tmp, _CREATE, 0o600)
            except FileNotFoundError:  # the folder was removed since: make it again
                os.makedirs(folder, exist_ok=True)
                fd = os.open(tmp, _CREATE, 0o600)
            made = True
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except OSError as exc:
            if made:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            self._failed(exc, path)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_COUNTER = itertools.count()
_FOLDERS: set[str] = set()  # entry folders this process made or found


class _Compressed:
    """A file for pickle.Pickler that compresses as it is written: the pickled bytes of a
    large build record are never whole in memory (at 100,000 documents they were ~70 MB)."""

    def __init__(self) -> None:
        self._zlib = zlib.compressobj(1)
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        out = self._zlib.compress(data)
        if out:
            self.parts.append(out)

    def close(self) -> bytes:
        self.parts.append(self._zlib.flush())
        return b"".join(self.parts)


_ZLIB, _PLAIN = b"Z", b"P"  # the codec byte, first of the payload (under the checksum)


def encode(value: object, *, compress: bool = True) -> bytes:
    if compress:
        sink = _Compressed()
        sink.parts.append(_ZLIB)
        pickle.Pickler(sink, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        payload = sink.close()
    else:
        payload = _PLAIN + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def decode(raw: bytes) -> object | None:
    """The value of an entry, or None when it is not a whole, intact entry."""
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + _DIGEST + 1:
        return None
    view = memoryview(raw)
    stored = view[len(MAGIC) : len(MAGIC) + _DIGEST]
    payload = view[len(MAGIC) + _DIGEST :]
    if hashlib.sha256(payload).digest() != stored:
        return None
    codec, body = payload[:1], payload[1:]
    try:
        if codec == _ZLIB:
            return pickle.loads(zlib.decompress(body))
        if codec == _PLAIN:
            return pickle.loads(body)
    except Exception:  # a checksum collision or a class that changed shape: rebuild
        return None
    return None


def cache_folder(content: Path) -> Path:
    return Path(content) / ".cache" / "antwoord"
