"""Scan a built site for anything that could be turned against its readers.

Used on the hostile build and on the normal one: a page may load nothing from another host,
run no script but the site's own files, and link only with safe schemes.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from generator.render import CONTENT_SECURITY_POLICY

# Elements whose URL attribute makes the browser fetch something.
LOADING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "object": "data",
    "source": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "input": "src",
    "link": "href",
}
# <link rel=...> values that name a page rather than load it.
NAMING_RELS = {"canonical", "alternate"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


class _Scan(HTMLParser):
    def __init__(self, site_host: str) -> None:
        super().__init__(convert_charrefs=True)
        self.site_host = site_host
        self.problems: list[str] = []
        self.csp: list[str] = []
        self.in_script = False
        self.data_block: list[str] | None = None  # the text of a JSON-LD block being read

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for name in a:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: event handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style=...>: inline style")
        if tag == "style":
            self.problems.append("<style> element: inline styles")
        if tag == "script" and not a.get("src"):
            # A JSON-LD block (schema.org) is data a browser never runs; its text is checked
            # below to be JSON with no "<" that could end the element early.
            if a.get("type") == "application/ld+json":
                self.data_block = []
            else:
                self.problems.append("<script> without src: inline script")
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp.append(a.get("content", ""))
        if tag in LOADING and a.get(LOADING[tag]):
            url = a[LOADING[tag]]
            rels = set(a.get("rel", "").lower().split())
            host = urlsplit(url).netloc if "//" in url else ""
            naming = tag == "link" and rels and rels <= NAMING_RELS
            if host and not (naming and host == self.site_host):
                self.problems.append(f"<{tag} {LOADING[tag]}={url!r}>: request to another host")
            if _SCHEME.match(url) and _SCHEME.match(url).group(1).lower() not in {"http", "https"}:
                self.problems.append(f"<{tag} {LOADING[tag]}={url!r}>: scheme not allowed")
        if tag == "a" and "href" in a:
            href = a["href"]
            scheme = _SCHEME.match(href)
            if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                self.problems.append(f"<a href={href!r}>: scheme not allowed")
            if urlsplit(href).netloc and urlsplit(href).netloc != self.site_host:
                rels = set(a.get("rel", "").lower().split())
                if not {"noopener", "noreferrer"} <= rels:
                    self.problems.append(f"<a href={href!r}>: external link without rel")
        for name in ("formaction", "action", "srcset", "poster", "background"):
            if name in a:
                self.problems.append(f"<{tag} {name}=...>: unexpected URL attribute")

    def handle_data(self, data):
        if self.data_block is not None:
            self.data_block.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.data_block is not None:
            text = "".join(self.data_block)
            self.data_block = None
            if "<" in text:
                self.problems.append("JSON-LD block holds '<'")
            try:
                json.loads(text)
            except ValueError:
                self.problems.append("JSON-LD block is not JSON")


def page_problems(html: str, site_host: str) -> list[str]:
    scan = _Scan(site_host)
    scan.feed(html)
    if scan.csp != [CONTENT_SECURITY_POLICY]:
        scan.problems.append(f"Content-Security-Policy meta is {scan.csp!r}")
    return scan.problems


def site_problems(site: Path, site_host: str) -> dict[str, list[str]]:
    """Problems per HTML page of the site (pages without problems are left out)."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        problems = page_problems(page.read_text(encoding="utf-8"), site_host)
        if problems:
            found[page.relative_to(site).as_posix()] = problems
    return found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(html: str) -> str:
    """The text a reader sees (and the title), tags removed, entities decoded."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
