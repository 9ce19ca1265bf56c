"""The process pool the read and render stages share (a service, not a stage): started on first
use, a bounded window of jobs in flight, workers that die with the build (lifetime.py)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from generator.lifetime import die_with_parent


def default_workers(job_count: int) -> int:
    """All cores for a real site; one process for a handful of documents (a pool costs ~0.1 s)."""
    return (os.cpu_count() or 1) if job_count >= 32 else 1


class Workers:
    """A process pool started on first use and kept for both phases (read, render)."""

    def __init__(self, workers: int | None):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable, jobs: list) -> Iterator:
        """Results in the order of `jobs`, as they are ready; a bounded window of jobs is in
        flight, so neither the jobs nor their results pile up in memory."""
        workers = self.workers if self.workers is not None else default_workers(len(jobs))
        if workers <= 1 or len(jobs) <= 1:
            yield from map(fn, jobs)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(  # workers that die with the build: lifetime.py
                max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
            )
        pending: deque = deque()
        todo = iter(jobs)
        for job in islice(todo, 8 * workers):
            pending.append(self._pool.submit(fn, job))
        while pending:
            result = pending.popleft().result()
            job = next(todo, None)
            if job is not None:
                pending.append(self._pool.submit(fn, job))
            yield result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
