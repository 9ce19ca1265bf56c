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
import multiprocessing
from multiprocessing.context import BaseContext


def give_back_memory() -> None:
    """Collect garbage and hand the freed heap back to the operating system, where the C
    library can (glibc's malloc_trim; elsewhere this only collects)."""
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return
    trim(0)


def light_processes() -> BaseContext:
    """A start method whose workers do not inherit this process's heap: a fresh interpreter
    per worker (forkserver forks them from a small server process; spawn where there is none).

    As with spawn, each worker imports the caller's __main__ again: a script that calls
    build() without `if __name__ == "__main__":` runs a second build there, which waits on
    the first one's lock. Forked workers with gc off were no way out: they still copied 583 MB
    of the fragmented heap at 100,000 documents (docs/performance.md)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
