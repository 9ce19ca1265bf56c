"""The site-wide files of the render stage: listings and their feeds, facet overviews, index,
404, search page, documents.json, schema, /open/ and /cijfers/, sitemaps, robots and the
theme's static files. Rendered from the cards and the whole-site pass, never from a model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.accountability_pages import iter_accountability_files
from generator.config import SiteConfig
from generator.document import Card
from generator.export import SCHEMA_PATH, documents_index_json, schema_json
from generator.file_keys import FileKeys
from generator.linker import SiteLinks, document_date, facet_url, paths_for
from generator.render import (
    PAGE_SIZE,
    THEME,
    feed_is_kept,
    iter_listing_pages,
    page_url,
    render_facet_overview,
    render_feed,
    render_index,
    render_not_found,
    render_robots,
    render_search,
    render_sitemaps,
)


def site_files(
    documents: list[Card], site: SiteLinks, config: SiteConfig, theme: Path = THEME
) -> dict[str, str | bytes]:
    """Every file of the site that is not one document's: listings, feeds, index, search,
    documents.json, sitemap, robots, 404 and the theme's static files."""
    files: dict[str, str | bytes] = {}
    for rel, data in iter_site_files(documents, site, config, theme):
        files.setdefault(rel, data)
    return files


def iter_site_files(
    documents: list[Card],
    site: SiteLinks,
    config: SiteConfig,
    theme: Path = THEME,
    keys: FileKeys | None = None,
) -> Iterator[tuple[str, str | bytes | None]]:
    """site_files one at a time, so a build writes each as it is rendered instead of holding
    every listing page of the site at once (190 MB at 10,000 documents). With `keys`, a
    listing page or feed that can stay as the last build left it comes as None
    (generator/file_keys.py)."""
    yield from iter_listing_files(site, config, theme, keys)
    yield "index.html", render_index(documents, config, theme=theme, listings=site.listings)
    yield "404.html", render_not_found(config, theme=theme)
    yield render_search_path(config), render_search(config, theme=theme)
    yield "api/documents.json", documents_index_json(documents, base_url=config.base_url)
    yield SCHEMA_PATH, schema_json()
    yield from iter_accountability_files(documents, site, config, theme)  # /open/, /cijfers/
    yield from render_sitemaps(sitemap_urls(documents, site, config), config)
    yield "robots.txt", render_robots(config)
    static = theme / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                yield f"static/{path.relative_to(static).as_posix()}", path.read_bytes()


def render_search_path(config: SiteConfig) -> str:
    return f"{paths_for(config.language)['search']}/index.html"


def iter_listing_files(
    site: SiteLinks, config: SiteConfig, theme: Path = THEME, keys: FileKeys | None = None
) -> Iterator[tuple[str, str | None]]:
    """Every page and feed of every listing, and the overview page of each facet."""
    by_facet: dict[str, list] = {}
    for listing in site.listings:
        yield from iter_listing_pages(listing, config, theme=theme, keys=keys)
        feed = listing.feed_url.lstrip("/")
        if keys is not None and feed_is_kept(listing, keys):
            yield feed, None
        else:
            yield feed, render_feed(listing, config, theme=theme)
        if listing.facet != "all":
            by_facet.setdefault(listing.facet, []).append(listing)
    for facet, listings in by_facet.items():
        path = facet_url(facet, config.language).lstrip("/") + "index.html"
        yield path, render_facet_overview(facet, listings, config, theme=theme)


def sitemap_urls(documents: list[Card], site: SiteLinks, config: SiteConfig) -> list:
    urls = [("/", max((document_date(d) for d in documents if document_date(d)), default=None))]
    urls += [(doc.url, document_date(doc)) for doc in documents]
    for listing in site.listings:
        pages = max(1, -(-len(listing.documents) // PAGE_SIZE))
        newest = document_date(listing.documents[0]) if listing.documents else None
        urls += [(page_url(listing, n, config.language), newest) for n in range(1, pages + 1)]
        if listing.facet != "all":
            urls.append((facet_url(listing.facet, config.language), None))
    return urls
