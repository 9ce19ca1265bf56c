"""Keeping the build's own process lean once the whole-site pass is done.

After the pages are written the main process has freed most of what it held (cards, links),
but the freed memory stays with the process, and worker processes forked from it start as
copies of it: Python's garbage collector touches every inherited object, so each fork came to
cost as much as the process it was forked from (at 100,000 documents, 850 MB for the link
check's workers). See docs/performance.md.
"""

from __future__ import annotations

import ctypes
import gc
from concurrent.futures import ProcessPoolExecutor


def give_back_memory() -> None:
    """Collect garbage and hand the freed heap back to the operating system, where the C
    library can (glibc's malloc_trim; elsewhere this only collects)."""
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return
    trim(0)


def lean_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool for work that must not copy this process's heap: its workers never run
    the garbage collector, which would touch (and so copy) every object a forked worker
    inherited. Safe for work that makes no reference cycles (scanning pages: strings, sets,
    tuples). Not a forkserver: that imports the caller's __main__ again in every worker."""
    return ProcessPoolExecutor(max_workers=workers, initializer=gc.disable)
