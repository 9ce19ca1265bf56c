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


def _scan_pages(site: Path, pages: list[str], base_path: str) -> list[tuple[str, set[str], list]]:
    """(page, its ids, its internal links as (line, href, file, fragment)) for each page."""
    found = []
    for page in pages:
        scan = _scan(site, page)
        links = []
        for href, line in scan.links:
            target = _target(page, href, base_path)
            if target is not None:
                links.append((line, href, *target))
        found.append((page, scan.ids, links))
    return found


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
    """
    site = Path(site)
    if pages is None:
        pages = [file.relative_to(site).as_posix() for file in _html_files(site)]
    pages = list(pages)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(pages) >= (parallel_from or PARALLEL_FROM):
        size = -(-len(pages) // (workers * 4))
        chunks = [pages[i : i + size] for i in range(0, len(pages), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = pool.map(_scan_pages, repeat(site), chunks, repeat(base_path))
            scanned = [item for part in parts for item in part]
    else:
        scanned = _scan_pages(site, pages, base_path)
    ids: dict[str, set[str]] = {page: page_ids for page, page_ids, _ in scanned}
    pending = [(page, *link) for page, _, links in scanned for link in links]
    problems: list[Diagnostic] = []
    exists: dict[str, bool] = {}
    for page, line, href, target, fragment in pending:
        if target not in exists:
            exists[target] = target in ids or (site / target).is_file()
        if not exists[target]:
            message = f"links to '{href}', but the site has no {target}"
        elif fragment and target.endswith(".html"):
            if target not in ids:
                ids[target] = _scan(site, target).ids
            if fragment in ids[target]:
                continue
            message = f"links to '{href}', but {target} has no anchor '#{fragment}'"
        else:
            continue
        problems.append(Diagnostic(f"site/{page}", line, "error", "link-broken", message))
    return problems
