"""Small HTML helpers for the render and build tests: ids, links, and where links lead."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.hrefs.append(a[name])


def parse(html: str) -> PageParser:
    p = PageParser()
    p.feed(html)
    return p


def dead_fragments(html: str) -> list[str]:
    """Same-page links (#x) whose id is not in the page."""
    page = parse(html)
    ids = set(page.ids)
    return [h for h in page.hrefs if h.startswith("#") and h[1:] not in ids]


def dead_site_links(site: Path, base_url: str) -> list[str]:
    """Every link in every page of `site`, followed as a browser would from base_url."""
    base_path = urlsplit(base_url).path
    dead = []
    for page_file in sorted(site.rglob("*.html")):
        rel = page_file.relative_to(site).as_posix()
        page_url = urljoin(base_url, rel)
        page = parse(page_file.read_text(encoding="utf-8"))
        ids_here = set(page.ids)
        for href in page.hrefs:
            if href.startswith(("http://", "https://", "mailto:")) and not href.startswith(
                base_url
            ):
                continue
            target = urlsplit(urljoin(page_url, href))
            if not target.path.startswith(base_path):
                dead.append(f"{rel}: {href} leaves {base_path}")
                continue
            path = target.path[len(base_path) :]
            file = site / path
            if path == "" or path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                dead.append(f"{rel}: {href} → missing {path}")
                continue
            if target.fragment:
                ids = (
                    ids_here
                    if file == page_file
                    else set(parse(file.read_text(encoding="utf-8")).ids)
                )
                if target.fragment not in ids:
                    dead.append(f"{rel}: {href} → no id {target.fragment}")
    return dead
