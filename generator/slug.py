"""Slugs: the stable, URL-safe name of a document (its Markdown file name without `.md`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

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


# Words that say nothing of a subject ("het feit dat het niet-noodgevallennummer …"): left out
# of a short slug, which keeps the first few words that do.
_FILLER = frozenset(
    {
        "de",
        "het",
        "een",
        "van",
        "en",
        "in",
        "op",
        "over",
        "aan",
        "voor",
        "met",
        "dat",
        "die",
        "dit",
        "deze",
        "is",
        "zijn",
        "te",
        "bij",
        "om",
        "naar",
        "uit",
        "als",
        "of",
        "door",
        "tot",
        "ook",
        "er",
        "feit",
        "bericht",
        "berichten",
        "artikel",
        "uw",
        "u",
        "the",
        "a",
        "an",
        "and",
        "on",
        "to",
        "for",
        "about",
    }
)
SHORT_WORDS = 4


def short_slug(when: date, subject: str, words: int = SHORT_WORDS) -> str:
    """ "2024-01-11-niet-noodgevallen-nummer-brandweer": the date and the first `words` words
    of the subject that are not filler."""
    kept = [w for w in slugify(subject).split("-") if w and w not in _FILLER][:words]
    return "-".join([when.isoformat(), *kept])


def document_slug(
    file_stem: str,
    publication: str | None,
    when: date | None = None,
    subject: str | None = None,
) -> str:
    """The official publication id when there is one (ah-tk-20232024-1314); else, for a
    document with a date and a subject (a Word letter), its date and a few words of its
    subject (short_slug), a URL worth sharing; else the file name."""
    if publication and SLUG_RE.match(publication):
        return publication
    if when is not None and subject and slugify(subject) != "document":
        return short_slug(when, subject)
    return slugify(file_stem)


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug))
