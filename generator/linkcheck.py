"""Check every internal link of a written site: the page exists and so does the #anchor.

One streaming pass over the HTML files collects each page's ids and its internal links; the
links are checked against the collected ids at the end. Linear in the size of the site, and a
page is parsed once, so it scales to tens of thousands of pages; large sites are scanned in
several processes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from html import unescape
from itertools import repeat
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from generator.document import Diagnostic
from generator.lifetime import die_with_parent
from generator.memory import light_processes

# Attributes that make the browser load or go somewhere.
_LINK_ATTRS = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src"}

# The pages are our own output, so a tokenizer over tags is enough — and it is several times
# faster than html.parser, whose Python work per tag was a tenth of a cold build. Comments and
# the bodies of script and style are skipped, as a browser does; attribute values may be double-,
# single- or unquoted and have their character references decoded. tests/test_linkcheck.py holds
# html.parser's reading of the same pages as the reference.
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style)\b([^>]*)>.*?(?:</\1\s*>|\Z)"
    r"|<(a|link|area|img)\b([^>]*)>"
    # Any other tag only when it may carry an id (a cheap test: _ATTR decides).
    r"|<([a-zA-Z][^\s/>]*)((?:\s[^>]*?)?\sid\s*=[^>]*)>",
    re.S | re.I,
)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=+\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


class _PageScan:
    """The ids of a page and its links as (href, line)."""

    __slots__ = ("ids", "links")

    def __init__(self, text: str) -> None:
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        line, counted = 1, 0
        for match in _TAG.finditer(text):
            tag, attrs = match.group(1, 2)
            if tag is None:
                tag, attrs = match.group(3, 4)
                if tag is None:
                    tag, attrs = match.group(5, 6)
                    if tag is None:
                        continue
            wanted = _LINK_ATTRS.get(tag.lower())
            line += text.count("\n", counted, match.start())
            counted = match.start()
            for attr in _ATTR.finditer(attrs):
                name = attr.group(1).lower()
                if name != "id" and name != wanted:
                    continue
                value = attr.group(2)
                if value is None:
                    value = attr.group(3) if attr.group(3) is not None else attr.group(4)
                if value is None:
                    continue
                if "&" in value:
                    value = unescape(value)
                if name == "id":
                    if value:
                        self.ids.add(value)
                else:
                    self.links.append((value, line))


def _html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def _target(page: str, href: str, base_path: str) -> tuple[str, str] | None:
    """(site-relative file path, fragment) that `href` on `page` leads to; None if external."""
    if href.startswith("#"):  # most links: a footnote, a question, an answer on the same page
        return page, unquote(href[1:])
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return f"(outside {base_path}){path}", ""
        resolved = path[len(base_path) :]
    else:
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        resolved = normpath(folder + path)
        if resolved.startswith("../") or resolved == "..":
            return f"(above the site root){path}", ""
        if resolved == ".":
            resolved = ""
        elif path.endswith("/"):
            resolved += "/"
    if resolved == "" or resolved.endswith("/"):
        resolved += "index.html"
    return resolved, unquote(parts.fragment)


def _scan(site: Path, page: str) -> _PageScan:
    return _PageScan((site / page).read_text(encoding="utf-8", errors="replace"))


def _id_string(ids: set[str]) -> str:
    """A page's ids as one string, "\\0a\\0b\\0": a tenth of the memory of a set of them, and
    `f"\\0{id}\\0" in` it is still one search."""
    return "\0" + "\0".join(sorted(ids)) + "\0" if ids else "\0"


Found = tuple[int, int, Diagnostic]  # (page's place in the list, link's place on it, problem)


def _problem(
    page: str, line: int, href: str, target: str, fragment: str, missing: str
) -> Diagnostic:
    if missing == "page":
        message = f"links to '{href}', but the site has no {target}"
    else:
        message = f"links to '{href}', but {target} has no anchor '#{fragment}'"
    return Diagnostic(f"site/{page}", line, "error", "link-broken", message)


def _links(page: str, scan: _PageScan, base_path: str) -> Iterator[tuple[int, int, str, str, str]]:
    for place, (href, line) in enumerate(scan.links):
        target = _target(page, href, base_path)
        if target is not None:
            yield place, line, href, *target


def _scan_pages(
    site: Path, pages: list[tuple[int, str]], base_path: str
) -> tuple[list[Found], dict[str, str], set[tuple[str, str]]]:
    """The first pass over some pages: the problems found on the page itself (a #fragment it
    lacks), each page's ids (`_id_string`), and every other page and #fragment linked to, once.

    Only what a page links to elsewhere goes back to the caller, each (target, fragment) once
    per batch: the links themselves (a hundred per page, most of them the same navigation) are
    looked at again only where one turns out to be broken (`_occurrences`). Holding every link
    of 100,000 pages took gigabytes."""
    found: list[Found] = []
    ids: dict[str, str] = {}
    wanted: set[tuple[str, str]] = set()
    for index, page in pages:
        scan = _scan(site, page)
        ids[page] = _id_string(scan.ids)
        for place, line, href, target, fragment in _links(page, scan, base_path):
            if target != page:
                wanted.add((target, fragment))
            elif fragment and fragment not in scan.ids:
                found.append((index, place, _problem(page, line, href, target, fragment, "id")))
    return found, ids, wanted


def _occurrences(
    site: Path, pages: list[tuple[int, str]], base_path: str, broken: dict[tuple[str, str], str]
) -> list[Found]:
    """The second pass, only when something is broken: every link to a broken (target,
    fragment) on these pages, with its line."""
    found: list[Found] = []
    for index, page in pages:
        for place, line, href, target, fragment in _links(page, _scan(site, page), base_path):
            missing = broken.get((target, fragment)) if target != page else None
            if missing is not None:
                found.append((index, place, _problem(page, line, href, target, fragment, missing)))
    return found


BATCH = 2000  # pages a worker scans before it hands back what it found
PARALLEL_FROM = 500  # pages; below this, starting worker processes costs more than it saves


def check_links(
    site: Path,
    base_path: str = "/",
    pages: Iterable[str] | None = None,
    *,
    workers: int | None = None,
    parallel_from: int = 0,
) -> list[Diagnostic]:
    """An error for each internal href/src that leads to no file, or to no such #anchor.

    `pages` (site-relative .html paths) limits the check to the links on those pages, as an
    incremental build does for the pages it wrote: the pages they link to are read only when
    an #anchor on them must be looked up. None checks every page.

    Pages are scanned in `workers` processes (default: one per CPU) when there are at least
    `parallel_from` of them (default PARALLEL_FROM); the result does not depend on it.
    Problems come in the order of the pages, then of the links on each page.
    """
    site = Path(site)
    if pages is None:
        pages = [file.relative_to(site).as_posix() for file in _html_files(site)]
    numbered = list(enumerate(pages))
    workers = workers or os.cpu_count() or 1
    pool = None
    if workers > 1 and len(numbered) >= (parallel_from or PARALLEL_FROM):
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=light_processes(), initializer=die_with_parent
        )
    try:
        batches = _batches(numbered, workers if pool else 1)
        run = pool.map if pool else map
        found: list[Found] = []
        ids: dict[str, str] = {}
        wanted: set[tuple[str, str]] = set()
        for part_found, part_ids, part_wanted in run(
            _scan_pages, repeat(site), batches, repeat(base_path)
        ):
            found += part_found
            ids.update(part_ids)
            wanted |= part_wanted
        broken = _broken(site, wanted, ids)
        del wanted, ids
        if broken:
            for part in run(_occurrences, repeat(site), batches, repeat(base_path), repeat(broken)):
                found += part
    finally:
        if pool is not None:
            pool.shutdown()
    found.sort(key=lambda item: item[:2])
    return [problem for _, _, problem in found]


def _batches(numbered: list[tuple[int, str]], workers: int) -> list[list[tuple[int, str]]]:
    if workers == 1:
        return [numbered]
    # At most BATCH pages at a time: what a worker holds does not grow with the site.
    size = max(1, min(BATCH, -(-len(numbered) // (workers * 4))))
    return [numbered[i : i + size] for i in range(0, len(numbered), size)]


def _broken(
    site: Path, wanted: set[tuple[str, str]], ids: dict[str, str]
) -> dict[tuple[str, str], str]:
    """(target, fragment) → "page" or "id", for each one that leads nowhere. A target that was
    not among the pages scanned is looked at on disk (and its ids read) once."""
    broken: dict[tuple[str, str], str] = {}
    exists: dict[str, bool] = {}
    for target, fragment in sorted(wanted):
        if target not in exists:
            exists[target] = target in ids or (site / target).is_file()
        if not exists[target]:
            broken[target, fragment] = "page"
        elif fragment and target.endswith(".html"):
            if target not in ids:
                ids[target] = _id_string(_scan(site, target).ids)
            if "\0" in fragment or f"\0{fragment}\0" not in ids[target]:
                broken[target, fragment] = "id"
    return broken
