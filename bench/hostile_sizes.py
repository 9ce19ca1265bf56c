"""Time and memory of the reader and the Tika importer against input size: is it linear?

    PYTHONPATH=. python bench/hostile_sizes.py [--max-mb 2]

For single-line inputs (the worst case for line-based code) of 0.25, 0.5, 1, 2 MB ... it
prints seconds, seconds per MB and peak traced memory (tracemalloc) per stage, then the 50 MB
single-line file through the whole build (refused by size at once). Linear code shows a flat
s/MB column; a quadratic one doubles it with every row.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from generator.build import build
from generator.importers.tika_text import import_tika_text
from generator.reader import read_document

WORDS = ["vraag", "antwoord", "de", "minister", "<b>", "*x*", "[a](b)", "_y_", "1)", "`c`"]
WORDS += ["[^1]", "&amp;", "http://x.nl/a_b", "zie het antwoord op vraag 2", "(1)", "Vraag"]


def one_line(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        word = rng.choice(WORDS)
        parts.append(word)
        total += len(word) + 1
    return " ".join(parts)


def measure(fn, *args):
    """(seconds, peak traced bytes): timed without tracemalloc, which slows Python down 5x."""
    started = time.perf_counter()
    fn(*args)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    fn(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-mb", type=float, default=2.0)
    args = parser.parse_args()
    sizes = []
    mb = 0.25
    while mb <= args.max_mb:
        sizes.append(mb)
        mb *= 2
    print(f"{'stage':8} {'MB':>5} {'seconds':>8} {'s/MB':>6} {'peak MB':>8} {'peak/input':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            text = one_line(int(mb * 1024 * 1024))
            doc = f"---\ntitle: x\n---\n\n## Vraag 1\n\n{text}\n"
            seconds, peak = measure(lambda d: read_document(d, path="documents/x.md"), doc)
            print(
                f"{'reader':8} {mb:5.2f} {seconds:8.2f} {seconds / mb:6.2f} "
                f"{peak / 2**20:8.1f} {peak / len(doc.encode()):10.1f}",
                flush=True,
            )
            source = Path(tmp) / "x.txt"
            source.write_text("Vraag 1\n" + text + "\n", encoding="utf-8")
            seconds, peak = measure(lambda p: import_tika_text(p, source="sources/x.txt"), source)
            print(
                f"{'tika':8} {mb:5.2f} {seconds:8.2f} {seconds / mb:6.2f} "
                f"{peak / 2**20:8.1f} {peak / source.stat().st_size:10.1f}",
                flush=True,
            )

        content = Path(tmp) / "content"
        (content / "documents").mkdir(parents=True)
        (content / "site.yaml").write_text("title: Bench\nbase_url: https://example.org/\n")
        chunk = ("woord " * (1024 * 1024 // 6)).encode()
        with open(content / "documents" / "huge.md", "wb") as fh:
            fh.write(b"---\ntitle: Groot\n---\n\n")
            for _ in range(50):
                fh.write(chunk)
        started = time.perf_counter()
        result = build(content, Path(tmp) / "site")
        seconds = time.perf_counter() - started
        codes = sorted({d.code for d in result.errors})
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"50 MB single-line document, whole build: {seconds:.2f} s, {codes}, "
            f"max RSS of this process so far {rss:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
