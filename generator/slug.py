"""Slugs: the stable, URL-safe name of a document (its Markdown file name without `.md`)."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 80
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by '-', at most MAX_LENGTH characters, never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug or "document"


def document_slug(file_stem: str, publication: str | None) -> str:
    """The official publication id when there is one (ah-tk-20232024-1314), else the file name."""
    if publication and SLUG_RE.match(publication):
        return publication
    return slugify(file_stem)


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug))
