"""How the link check scales: build the shipped content, copy its pages N times, check them.

    python bench/linkcheck.py [N]      (default 10000 pages)

Every copied page keeps its relative links, so each copy is checked against real files and
anchors. Prints pages, seconds, and pages per second.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.build import build
from generator.linkcheck import check_links

ROOT = Path(__file__).resolve().parent.parent


def main(pages: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(ROOT / "content", site)
        documents = sorted(p for p in site.glob("20*/*/index.html"))
        for i in range(pages - sum(1 for _ in site.rglob("*.html"))):
            source = documents[i % len(documents)]
            target = site / source.parent.parent.name / f"{source.parent.name}-{i}" / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        total = sum(1 for _ in site.rglob("*.html"))
        size = sum(p.stat().st_size for p in site.rglob("*.html"))
        start = time.perf_counter()
        problems = check_links(site)
        seconds = time.perf_counter() - start
        print(
            f"{total} pages ({size / 1e6:.0f} MB): {seconds:.1f} s, {total / seconds:.0f} pages/s, "
            f"{len(problems)} broken links"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
