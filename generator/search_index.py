"""The search index: Pagefind, run over the written pages before the site is swapped in.

Pagefind ships as a binary inside its PyPI package (`pagefind[bin]`), so nothing is fetched
at build time. Pages mark what is indexed (`data-pagefind-body` on a document's text), its
filters (ministry, year, kind) and where results land (every question and answer heading
carries its id, which Pagefind turns into a sub-result link).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

from generator.document import Diagnostic

BUNDLE = "pagefind"  # folder in the site, read by theme/static/search.js


def build_search_index(site: Path, *, timeout: float = 600) -> list[Diagnostic]:
    """Index `site` in place; a failure is an error diagnostic (the pages are still fine)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE]
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
        return [_error(f"could not run Pagefind: {exc}")]
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return [_error(f"Pagefind failed (exit {done.returncode}): {' | '.join(tail)}")]
    make_deterministic(site / BUNDLE)
    return []


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


def canonical_meta(gzipped: bytes) -> bytes:
    """A Pagefind metadata file with its filters and sorts in sorted order."""
    import gzip

    data = gzip.decompress(gzipped)
    if not data.startswith(_META_PREFIX):
        return gzipped
    item, end = _cbor_item(data, len(_META_PREFIX))
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
        data = canonical_meta(old.read_bytes())
        new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        old.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
        info["hash"] = new_hash
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
