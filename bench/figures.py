"""The site-wide pages of issue 17 at archive scale: /cijfers/ and /open/ from N cards.

    python bench/figures.py [N ...]     (default: 10000)

Makes N synthetic answer and notice cards (20 ministries, 60 members of government, 15
parties, five years) and times the figures (generator.figures.compute_figures), the open
list and rendering both pages with their charts, CSV and JSON, in this process, as the
build does from the cards it holds. Nothing is read from disk.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.accountability_pages import iter_accountability_files  # noqa: E402
from generator.config import SiteConfig  # noqa: E402
from generator.document import Card, Metadata  # noqa: E402
from generator.figures import compute_figures  # noqa: E402
from generator.linker import SiteLinks  # noqa: E402
from generator.open_questions import open_items  # noqa: E402


def cards(n: int) -> list[Card]:
    rng = random.Random(17)
    made = []
    for i in range(n):
        submitted = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        kind = "notice" if i % 10 == 0 else "answer"
        received = submitted + timedelta(days=rng.randrange(3, 120))
        meta = Metadata(
            title=f"Antwoord {i}",
            kind=kind,
            ministry=f"Ministerie {i % 20}",
            answered_by=f"Minister M{i % 60}",
            submitted=submitted,
            received=received,
            questioners=(f"Lid {i % 300} (Partij {i % 15})",),
        )
        made.append(Card(f"doc-{i}", f"documents/doc-{i}.md", meta, 3, "…", ()))
    return made


def main(sizes: list[int]) -> None:
    config = SiteConfig(base_url="https://example.org/", today=date(2025, 6, 1))
    for n in sizes:
        docs = cards(n)
        site = SiteLinks()
        started = time.perf_counter()
        figures = compute_figures(docs, site)
        computed = time.perf_counter()
        items = open_items(docs, site, config.today)
        listed = time.perf_counter()
        files = dict(iter_accountability_files(docs, site, config))
        rendered = time.perf_counter()
        size = sum(len(v) for v in files.values())
        print(
            f"{n:>7} cards: figures {1000 * (computed - started):.0f} ms, open list "
            f"{1000 * (listed - computed):.0f} ms ({len(items)} open), both pages with charts "
            f"{rendered - listed:.2f} s, {len(files)} files, {size / 1024:.0f} KB "
            f"({len(figures.tables['answered_by'])} ministers)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10000])
