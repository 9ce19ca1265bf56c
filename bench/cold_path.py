"""The cold path's own overhead per document, in CPU milliseconds, in one process:

    python bench/cold_path.py CONTENT [--limit N] [--out DIR]

For the first N documents of CONTENT (a bench/corpus.py corpus): read each one, make the cache
entries a cold build puts (model, outline, card, page entry) and time, on the same entries in
the same run, each way of encoding and decoding them, the site shape, Cache.put and
SiteWriter.put of the page's files. Wall clock is shared with other work on this machine, so
every figure is time.process_time. Prints one row per measurement, and the cache bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from generator import cache as cache_module
from generator.cache import Cache
from generator.config import load_config
from generator.document import card, outline
from generator.linker import DocumentLinks, site_shape
from generator.reader import read_document
from generator.sitewriter import SiteWriter
from generator.stages.render import PageEntry, render_pages

# Cache.put's options in the generator under test (this script also runs against older code).
CACHE_PUT_OPTIONS = Cache.put.__code__.co_varnames[: Cache.put.__code__.co_argcount + 1]


def _zlib(level: int) -> Callable[[object], bytes]:
    def encode(value: object) -> bytes:
        payload = zlib.compress(pickle.dumps(value, protocol=5), level)
        return hashlib.sha256(payload).digest() + payload

    return encode


def _plain(value: object) -> bytes:
    payload = pickle.dumps(value, protocol=5)
    return hashlib.sha256(payload).digest() + payload


def _plain_blake(value: object) -> bytes:
    payload = pickle.dumps(value, protocol=5)
    return hashlib.blake2b(payload, digest_size=16).digest() + payload


CODECS: dict[str, Callable[[object], bytes]] = {
    "current (cache.encode)": cache_module.encode,
    "pickle5 + zlib 1 (one call)": _zlib(1),
    "pickle5 + zlib 6": _zlib(6),
    "pickle5, no compression, sha256": _plain,
    "pickle5, no compression, blake2b-128": _plain_blake,
}


def cpu_ms(fn: Callable[[], object], count: int) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--out", type=Path, default=None, help="scratch folder (a temporary one)")
    args = parser.parse_args()
    config = load_config(args.content / "site.yaml")
    paths = sorted((args.content / "documents").glob("*.md"))[: args.limit]
    texts = [(f"documents/{p.name}", p.read_text(encoding="utf-8")) for p in paths]
    n = len(texts)
    rows: list[tuple[str, float]] = []

    models = []
    rows.append(
        (
            "read_document",
            cpu_ms(
                lambda: models.extend(
                    read_document(t, path=p, default_language=config.language) for p, t in texts
                ),
                n,
            ),
        )
    )
    outlines = [outline(d) for d in models]
    cards = [card(d) for d in models]
    rows.append(("site_shape (current)", cpu_ms(lambda: [site_shape(o) for o in outlines], n)))
    entries = []
    for doc in models:
        pages, problems = render_pages(doc, DocumentLinks(), config)
        files = {rel: page.encode("utf-8") for rel, page in pages.items()}
        entries.append(PageEntry(files, problems, DocumentLinks(), False))
    kinds = {"model": models, "outline": outlines, "card": cards, "page": entries}

    for name, encode in CODECS.items():
        total = 0.0
        size = 0
        for values in kinds.values():
            blobs: list[bytes] = []
            total += cpu_ms(lambda v=values, b=blobs, e=encode: b.extend(map(e, v)), n)
            size += sum(map(len, blobs))
        rows.append((f"encode 4 entries: {name} [{size / n / 1024:.1f} KB/doc]", total))

    decoded = [cache_module.encode(m) for m in models]
    rows.append(
        ("decode model: current", cpu_ms(lambda: [cache_module.decode(b) for b in decoded], n))
    )
    plain = [_plain(m) for m in models]

    def plain_decode() -> None:
        for raw in plain:
            payload = raw[32:]
            assert hashlib.sha256(payload).digest() == raw[:32]
            pickle.loads(payload)

    rows.append(("decode model: no compression, sha256", cpu_ms(plain_decode, n)))

    scratch = Path(tempfile.mkdtemp(dir=args.out))
    try:
        cache = Cache(scratch / "cache")

        def puts() -> None:
            for i in range(n):
                for kind, values in kinds.items():
                    key = hashlib.sha256(f"{kind}{i}".encode()).hexdigest()
                    if kind in ("outline", "card") and "compress" in CACHE_PUT_OPTIONS:
                        cache.put(key, values[i], compress=False)  # as stages/read.py does
                    else:
                        cache.put(key, values[i])

        rows.append(("Cache.put 4 entries", cpu_ms(puts, n)))
        writer = SiteWriter(scratch / "site", None)
        files = sum(len(e.files) for e in entries)

        def writes() -> None:
            for entry in entries:
                for rel, data in entry.files.items():
                    writer.put(rel, data)

        rows.append((f"SiteWriter.put ({files / n:.1f} files/doc)", cpu_ms(writes, n)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"{n} documents of {args.content}; CPU ms per document")
    for label, ms in rows:
        print(f"{ms:8.3f}  {label}")


if __name__ == "__main__":
    main()
