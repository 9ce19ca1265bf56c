"""The search index: Pagefind, run in shards over the written pages before the site is swapped in.

Pagefind ships as a binary inside its PyPI package (`pagefind[bin]`), so nothing is fetched
at build time. Pages mark what is indexed (`data-pagefind-body` on a document's text), its
filters (ministry, year, kind) and where results land (every question and answer heading
carries its id, which Pagefind turns into a sub-result link).

Pagefind holds the whole index it builds in memory (about 370 KB per page), so one run over an
archive of 100,000 documents does not fit in memory, and one edited document would mean
indexing everything again. So the document pages are split into shards by a stable hash of
their path, each shard is indexed by its own Pagefind run into `pagefind/<k>/` (one run at a
time: memory is bounded by the shard size), and the browser searches all shards together
(Pagefind's `mergeIndex`, set up by theme/static/search.js from `pagefind/shards.json`).

A shard is named by the digest of its sorted (page path, page bytes) list. A shard whose digest
is the one in the current site's manifest is not indexed again: its files are hard-linked from
the current site, so an edit re-indexes one shard and a deploy sync sees only that shard change.
A shard of more than `shard_size` pages is halved by the next bit of its pages' path hashes
(shard_numbers), so a page added or removed changes one shard, or two when a shard splits or
two join: a growing archive never re-indexes everything at once.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import metadata
from pathlib import Path

from generator.config import SEARCH_SHARD_SIZE
from generator.document import Diagnostic
from generator.sitewriter import link_or_copy

BUNDLE = "pagefind"  # folder in the site, read by theme/static/search.js
MANIFEST = "shards.json"  # in BUNDLE: the shards the browser merges, and their digests
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")  # linked by the templates at BUNDLE's root
_WORK = ".pagefind-work"  # in the staged site while a shard is indexed, then removed
_FORMAT = "shards-2"  # part of every shard digest: change it when a shard's files change shape


# A shard that would hold more pages than this many halvings of the hash can separate is
# kept whole (64 bits of BLAKE2b: never reached by real paths, only a bound on the recursion).
_MAX_DEPTH = 48


def page_hash(page: str) -> int:
    """A site-relative page path's 64-bit hash: stable across builds, machines and Pythons
    (BLAKE2b, not hash(), which is salted per process)."""
    return int.from_bytes(hashlib.blake2b(page.encode("utf-8"), digest_size=8).digest(), "big")


def shard_numbers(paths: Iterable[str], shard_size: int = SEARCH_SHARD_SIZE) -> dict[str, int]:
    """Each page's shard: a leaf of the binary tree that halves a shard of more than
    `shard_size` pages by the next bit of its pages' hashes.

    The tree depends only on the set of pages, never on the order they came in or on earlier
    builds. Adding a page changes the one shard it lands in, or splits that shard in two when
    it grows past `shard_size`; removing one changes its shard, or joins it with its sibling
    when the two fit in one. So a growing archive never re-indexes everything at once (a
    count of shards doubling with the site moved every page). A shard is numbered as in a
    binary heap: the whole site is 1, the halves of shard k are 2k (bit 0) and 2k + 1."""
    shard_size = max(1, shard_size)
    numbers: dict[str, int] = {}
    todo: list[tuple[int, int, list[tuple[int, str]]]] = [
        (1, 0, [(page_hash(page), page) for page in paths])
    ]
    while todo:
        number, depth, pages = todo.pop()
        if len(pages) <= shard_size or depth >= _MAX_DEPTH:
            numbers.update((page, number) for _value, page in pages)
            continue
        halves: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
        for value, page in pages:
            halves[(value >> depth) & 1].append((value, page))
        for bit, half in enumerate(halves):
            if half:
                todo.append((2 * number + bit, depth + 1, half))
    return numbers


@dataclass(frozen=True)
class Shard:
    number: int
    pages: tuple[tuple[str, str], ...]  # (page path, digest of its bytes), sorted by path

    @property
    def bundle(self) -> str:
        return f"{BUNDLE}/{self.number}/"

    @cached_property
    def digest(self) -> str:
        """What the shard's index is made from: its pages' paths and bytes, and Pagefind."""
        text = json.dumps([_FORMAT, _pagefind_version(), self.pages], separators=(",", ":"))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def plan_shards(pages: dict[str, str], shard_size: int = SEARCH_SHARD_SIZE) -> list[Shard]:
    """The non-empty shards of `pages` (page path → digest of its bytes), by number."""
    buckets: dict[int, list[tuple[str, str]]] = {}
    for page, number in shard_numbers(pages, shard_size).items():
        buckets.setdefault(number, []).append((page, pages[page]))
    return [Shard(k, tuple(sorted(buckets[k]))) for k in sorted(buckets)]


def manifest_bytes(shards: list[Shard]) -> bytes:
    """pagefind/shards.json: each shard's bundle (relative to pagefind/), page count, digest."""
    entries = [
        {"bundle": f"{s.number}/", "pages": len(s.pages), "digest": s.digest} for s in shards
    ]
    text = json.dumps({"version": 1, "shards": entries}, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _previous_digests(current: Path | None, unchanged: Callable[[str], bool]) -> dict[int, str]:
    """shard number → digest, from the manifest of the current site when it is still the one
    the last build wrote (a manifest edited by hand trusts nothing)."""
    rel = f"{BUNDLE}/{MANIFEST}"
    if current is None or not unchanged(rel):
        return {}
    try:
        data = json.loads((current / rel).read_text(encoding="utf-8"))
        return {
            int(entry["bundle"].rstrip("/")): entry["digest"]
            for entry in data["shards"]
            if isinstance(entry, dict)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


@dataclass(frozen=True)
class SearchPages:
    """What the index is made from, handed over by the build before the staged site is finished.

    `pages`: each document page (site-relative path) → digest of its bytes. `current`: the site
    being replaced, whose unchanged shards are reused; `kept(prefix)` gives the files the last
    build recorded under `prefix` when every one of them is still as recorded, else None."""

    pages: dict[str, str]
    shard_size: int = SEARCH_SHARD_SIZE
    current: Path | None = None
    kept: Callable[[str], list[str] | None] = lambda prefix: None


def index_is_current(search: SearchPages) -> bool:
    """The current site's index is the one `search` would make (same shards, same digests).
    False after a change of search_shard_size or of Pagefind even when no page changed."""
    planned = {shard.number: shard.digest for shard in plan_shards(search.pages, search.shard_size)}
    return _previous_digests(search.current, lambda rel: bool(search.kept(rel))) == planned


def build_search_index(
    site: Path, search: SearchPages, *, timeout: float = 600
) -> list[Diagnostic]:
    """Index the document pages of the staged `site` into `site/pagefind/`, shard by shard,
    reusing the current site's shards whose pages did not change. A failure is an error
    diagnostic (the pages are still fine)."""
    shards = plan_shards(search.pages, search.shard_size)
    bundle = site / BUNDLE
    bundle.mkdir(parents=True, exist_ok=True)

    def unchanged(rel: str) -> bool:
        return bool(search.kept(rel))

    before = _previous_digests(search.current, unchanged)
    try:
        for shard in shards:
            same = before.get(shard.number) == shard.digest
            if not (same and _reuse(site, search, shard.bundle)):
                problem = _index_shard(site, shard, timeout)
                if problem is not None:
                    return [problem]
        if shards:
            ui_source = site / shards[0].bundle
        else:
            ui_source, problem = _ui_only(site, timeout)
            if problem is not None:
                return [problem]
        for name in UI_FILES:
            _place(site, search, f"{BUNDLE}/{name}", (ui_source / name).read_bytes())
        _place(site, search, f"{BUNDLE}/{MANIFEST}", manifest_bytes(shards))
    finally:
        shutil.rmtree(site / _WORK, ignore_errors=True)
    return []


def _reuse(site: Path, search: SearchPages, prefix: str) -> bool:
    """Hard-link the current site's files under `prefix` into `site`; False (nothing linked)
    when they are not all as the last build left them."""
    files = search.kept(prefix)
    if not files or search.current is None:
        return False
    for rel in files:
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(search.current / rel, target)
    return True


def _place(site: Path, search: SearchPages, rel: str, data: bytes) -> None:
    """Write `rel`, or link it from the current site when its bytes are the same there (so a
    deploy sync does not see it change)."""
    target = site / rel
    if target.exists():
        target.unlink()
    if search.current is not None and search.kept(rel):
        try:
            if (search.current / rel).read_bytes() == data:
                link_or_copy(search.current / rel, target)
                return
        except OSError:
            pass
    target.write_bytes(data)


def _index_shard(site: Path, shard: Shard, timeout: float) -> Diagnostic | None:
    """Run Pagefind on a folder of hard links to the shard's pages (same paths, so the URLs
    in the index are the pages' own) with the output in pagefind/<k>/."""
    work = site / _WORK
    shutil.rmtree(work, ignore_errors=True)
    for page, _key in shard.pages:
        target = work / page
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(site / page, target)
    output = site / shard.bundle
    shutil.rmtree(output, ignore_errors=True)
    problem = _run_pagefind(work, output, timeout)
    if problem is None:
        make_deterministic(output)
    return problem


def _ui_only(site: Path, timeout: float) -> tuple[Path, Diagnostic | None]:
    """A site without documents still links Pagefind's UI files (the search box finds nothing):
    Pagefind refuses an empty folder, so it indexes one placeholder page in the work folder
    and only the UI files are kept."""
    work = site / _WORK
    shutil.rmtree(work, ignore_errors=True)
    (work / "site").mkdir(parents=True)
    (work / "site" / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><title>-</title></head>'
        "<body data-pagefind-body><p>zoeken</p></body></html>",
        encoding="utf-8",
    )
    return work / "ui", _run_pagefind(work / "site", work / "ui", timeout)


def _pagefind_command() -> list[str]:
    """The Pagefind binary of the `pagefind[bin]` package, run directly: `python -m pagefind`
    would start a Python (0.1 s or more) for every shard only to exec that binary."""
    try:
        from pagefind.service import get_executable

        binary = get_executable()
    except ImportError:
        binary = None
    return [str(binary)] if binary is not None else [sys.executable, "-m", "pagefind"]


def _run_pagefind(source: Path, output: Path, timeout: float) -> Diagnostic | None:
    command = [*_pagefind_command(), "--site", str(source), "--output-path", str(output)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            preexec_fn=_die_with_parent(),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return _error(f"could not run Pagefind: {exc}")
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return _error(f"Pagefind failed (exit {done.returncode}): {' | '.join(tail)}")
    return None


@cache  # one look-up per build process, not one per shard
def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def _die_with_parent():
    """A pre-exec hook so Pagefind is killed with the build (Linux; elsewhere None).

    A build killed with kill -9 must leave nothing behind, but an orphaned Pagefind would go
    on writing its index into the staging folder that the next build has just removed.
    PR_SET_PDEATHSIG survives the exec of the Pagefind binary.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def hook() -> None:
        prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the build died before the hook ran
            os._exit(1)

    return hook


def _error(message: str) -> Diagnostic:
    return Diagnostic(
        "site", None, "error", "search-index", message + " (install it with pip: pagefind[bin])"
    )


# --- deterministic output ----------------------------------------------------------------------
# Pagefind 1.5 writes the filters of its metadata file in hash-map order, which changes from run
# to run; so does the order of languages in pagefind-entry.json. We rewrite both in a sorted
# order (same content, so the search works the same) and rename the metadata file after its new
# content, so two builds of the same site give the same bytes.

_META_PREFIX = b"pagefind_dcd"


def _cbor_item(data: bytes, i: int) -> tuple[object, int]:
    """One CBOR item at `i`: leaves stay raw bytes; arrays and maps keep their header."""
    start = i
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError("indefinite-length CBOR is not expected in Pagefind metadata")
    if major in (0, 1) or major == 7:
        return ("raw", data[start:i]), i
    if major in (2, 3):
        return ("raw", data[start : i + value]), i + value
    header = data[start:i]
    if major == 6:
        inner, i = _cbor_item(data, i)
        return ("tag", header, inner), i
    items = []
    for _ in range(value * (2 if major == 5 else 1)):
        item, i = _cbor_item(data, i)
        items.append(item)
    return (("map" if major == 5 else "array"), header, items), i


def _cbor_encode(item: object) -> bytes:
    kind = item[0]  # type: ignore[index]
    if kind == "raw":
        return item[1]  # type: ignore[index]
    if kind == "tag":
        return item[1] + _cbor_encode(item[2])  # type: ignore[index]
    header, items = item[1], [_cbor_encode(x) for x in item[2]]  # type: ignore[index]
    if kind == "map":
        pairs = sorted(zip(items[::2], items[1::2], strict=True))
        items = [part for pair in pairs for part in pair]
    return header + b"".join(items)


# Positions in the metadata's top-level array whose entries are named, order-free lists
# (filters: [name, chunk]; sorts: [name, pages]); the others (pages, index chunks) are ordered.
_UNORDERED = (3, 4)


def _sort_named_lists(item: object) -> object:
    if item[0] != "array":  # type: ignore[index]
        return item
    kind, header, parts = item  # type: ignore[misc]
    parts = list(parts)
    for position in _UNORDERED:
        if position < len(parts) and parts[position][0] == "array":
            p_kind, p_header, entries = parts[position]
            entries = sorted(entries, key=_cbor_encode)
            parts[position] = (p_kind, p_header, entries)
    return (kind, header, parts)


def _cbor_text(text: str) -> bytes:
    data = text.encode("utf-8")
    assert len(data) < 24  # a chunk's name ("nl_aa51a44"): the one-byte header suffices
    return bytes([0x60 + len(data)]) + data


def canonical_filter(gzipped: bytes) -> bytes:
    """A Pagefind filter chunk ([name, [[value, [pages]], ...]]) with its values in sorted
    order: Pagefind writes them in hash-map order, which changes from run to run once a
    page has several values of one filter (two questioners, two parties)."""
    import gzip

    data = gzip.decompress(gzipped)
    if not data.startswith(_META_PREFIX):
        return gzipped
    item, end = _cbor_item(data, len(_META_PREFIX))
    if item[0] == "array" and len(item[2]) == 2 and item[2][1][0] == "array":  # type: ignore[index]
        kind, header, (name, values) = item  # type: ignore[misc]
        v_kind, v_header, entries = values
        values = (v_kind, v_header, sorted(entries, key=_cbor_encode))
        item = (kind, header, [name, values])
    body = _META_PREFIX + _cbor_encode(item) + data[end:]
    return gzip.compress(body, compresslevel=9, mtime=0)


def _rename_filters(item: object, renamed: dict[str, str]) -> object:
    """The metadata's filter list ([name, chunk], ...) pointing at the renamed chunks."""
    if item[0] != "array" or not renamed:  # type: ignore[index]
        return item
    kind, header, parts = item  # type: ignore[misc]
    parts = list(parts)
    position = _UNORDERED[0]
    if position < len(parts) and parts[position][0] == "array":
        p_kind, p_header, entries = parts[position]
        fixed = []
        for entry in entries:
            if entry[0] == "array" and len(entry[2]) == 2 and entry[2][1][0] == "raw":
                raw = entry[2][1][1]
                old = raw[1:].decode("utf-8", "replace")
                if old in renamed:
                    entry = (entry[0], entry[1], [entry[2][0], ("raw", _cbor_text(renamed[old]))])
            fixed.append(entry)
        parts[position] = (p_kind, p_header, fixed)
    return (kind, header, parts)


def canonical_meta(gzipped: bytes, renamed: dict[str, str] | None = None) -> bytes:
    """A Pagefind metadata file with its filters and sorts in sorted order (and its filter
    chunks' names as `renamed`, old → new)."""
    import gzip

    data = gzip.decompress(gzipped)
    if not data.startswith(_META_PREFIX):
        return gzipped
    item, end = _cbor_item(data, len(_META_PREFIX))
    item = _rename_filters(item, renamed or {})
    item = _sort_named_lists(item)
    body = _META_PREFIX + _cbor_encode(item) + data[end:]
    return gzip.compress(body, compresslevel=9, mtime=0)


def make_deterministic(bundle: Path) -> None:
    import hashlib
    import json

    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        return
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in entry.get("languages", {}).items():
        old = bundle / f"pagefind.{info['hash']}.pf_meta"
        if not old.is_file():
            continue
        # Each filter chunk in sorted order, named after its new content (7 hex digits, as
        # Pagefind names them); the metadata then points at the new names.
        renamed: dict[str, str] = {}
        for chunk in sorted((bundle / "filter").glob(f"{language}_*.pf_filter")):
            fixed = canonical_filter(chunk.read_bytes())
            name = f"{language}_{hashlib.sha256(fixed).hexdigest()[:7]}"
            renamed[chunk.stem] = name
            chunk.unlink()
            (chunk.parent / f"{name}.pf_filter").write_bytes(fixed)
        data = canonical_meta(old.read_bytes(), renamed)
        new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        old.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
        info["hash"] = new_hash
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
