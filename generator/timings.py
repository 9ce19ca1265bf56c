"""Where a build's time and memory go: each named stage's wall seconds, the documents it
handled and the peak memory so far (`antwoord build --timings`, docs/performance.md).

A stage is timed with `with timings.stage("read", documents=n):`; a stage nested in another
is taken out of the outer one's seconds, so the rows add up to the build. Recording costs two
clock reads and two getrusage calls per stage, so a build always records; only the command
line's `--timings` prints the table.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# The stages of `antwoord build` and of `antwoord check`, in the order they run.
BUILD_STAGES = ("scan", "import", "read", "link", "render", "write", "index", "check", "swap")
CHECK_STAGES = ("scan", "import", "read", "link")

# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024


def peak_rss() -> tuple[int, int]:
    """(this process, its largest finished child) peak resident memory in bytes. A peak is a
    high-water mark: it never goes down, and a child counts only once it has exited."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own * _RSS_UNIT, children * _RSS_UNIT


@dataclass
class Stage:
    """One stage's row. A stage entered again (the write of each document's files) adds up;
    `documents` may be set inside the `with` once the stage knows it."""

    name: str
    documents: int = 0
    seconds: float = 0.0
    peak_self: int = 0  # bytes, at the stage's last end
    peak_children: int = 0


@dataclass
class Timings:
    rows: dict[str, Stage] = field(default_factory=dict)  # in the order the stages began
    _nested: list[float] = field(default_factory=list)  # seconds of stages inside each open one

    def expect(self, names: tuple[str, ...]) -> None:
        """Rows for these stages in this order, shown even when a stage had nothing to do
        (a no-op build neither indexes nor swaps)."""
        for name in names:
            self.rows.setdefault(name, Stage(name))

    @contextmanager
    def stage(self, name: str, documents: int = 0) -> Iterator[Stage]:
        row = self.rows.get(name)
        if row is None:
            row = self.rows[name] = Stage(name)
        row.documents += documents
        self._nested.append(0.0)
        started = time.perf_counter()
        try:
            yield row
        finally:
            spent = time.perf_counter() - started
            inner = self._nested.pop()
            if self._nested:
                self._nested[-1] += spent
            row.seconds += spent - inner
            row.peak_self, row.peak_children = peak_rss()

    def table(self) -> str:
        """The stages in the order they began, and the total of their seconds."""
        lines = [
            f"{'stage':<8} {'seconds':>8} {'documents':>10} {'peak MB':>8} {'children MB':>12}"
        ]
        for row in self.rows.values():
            lines.append(
                f"{row.name:<8} {row.seconds:>8.3f} {row.documents:>10} "
                f"{row.peak_self / 2**20:>8.1f} {row.peak_children / 2**20:>12.1f}"
            )
        own, children = peak_rss()
        total = sum(row.seconds for row in self.rows.values())
        lines.append(
            f"{'total':<8} {total:>8.3f} {'':>10} {own / 2**20:>8.1f} {children / 2**20:>12.1f}"
        )
        return "\n".join(lines)


@contextmanager
def untimed(name: str, documents: int = 0) -> Iterator[Stage]:
    """Timings.stage for a caller that was given no Timings."""
    yield Stage(name, documents)
