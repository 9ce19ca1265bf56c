"""The site-wide pages of issue 17: open questions (/open/) and figures (/cijfers/), with
their data files. Rendered from the cards and the whole-site pass, like the listings
(build.iter_site_files registers them); nothing here reads a document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.config import SiteConfig
from generator.document import Card
from generator.export import dumps
from generator.lateness import build_today, open_phrase
from generator.linker import SiteLinks, paths_for, split_questioner
from generator.open_questions import open_items, open_json
from generator.render import THEME, _common, environment

WORDS: dict[str, dict] = {
    "nl": {
        "open": "Open vragen",
        "open_lede": (
            "Vragen en mededelingen over uitstel waarvan het antwoord nog niet in deze site "
            "staat, op {date}. Een vraag verdwijnt van deze lijst zodra haar antwoord er is. "
            "De regering hoort schriftelijke vragen binnen drie weken te beantwoorden."
        ),
        "open_none": "Er zijn geen open vragen: van elke vraag in deze site staat het antwoord er.",
        "open_count": ("open document", "open documenten"),
        "asked_by": "Vragen van",
        "submitted": "ingezonden",
        "notice_received": "mededeling over uitstel ontvangen",
        "to": "aan",
        "open_json": "Deze lijst als JSON",
    },
    "en": {
        "open": "Open questions",
        "open_lede": (
            "Questions and notices of postponement whose answer is not in this site yet, on "
            "{date}. A question leaves this list as soon as its answer is here. The government "
            "is asked to answer written questions within three weeks."
        ),
        "open_none": "There are no open questions: every question in this site has its answer.",
        "open_count": ("open document", "open documents"),
        "asked_by": "Asked by",
        "submitted": "submitted",
        "notice_received": "notice of postponement received",
        "to": "to",
        "open_json": "This list as JSON",
    },
}


def words_for(language: str) -> dict:
    return WORDS.get(language, WORDS["nl"])


def open_url(language: str) -> str:
    return f"/{paths_for(language)['open']}/"


def figures_url(language: str) -> str:
    return f"/{paths_for(language)['figures']}/"


def render_open(
    documents: Sequence[Card], site: SiteLinks, config: SiteConfig, *, theme: Path = THEME
) -> tuple[str, str]:
    """(HTML of /open/, api/open.json)."""
    language = config.language
    today = build_today(config.today)
    items = open_items(documents, site, today)
    context = _common(config, open_url(language), language)
    words = words_for(language)
    context["description"] = words["open_lede"].format(date=today.isoformat())
    rows = [
        {
            "item": item,
            "phrase": open_phrase(item.lateness, language),
            "questioners": [split_questioner(q) for q in item.card.meta.questioners],
        }
        for item in items
    ]
    html = (
        environment(theme)
        .get_template("open.html")
        .render(**context, W=words, rows=rows, today=today)
    )
    return html, dumps(open_json(items, today, config.absolute_url))


def iter_accountability_files(
    documents: Sequence[Card], site: SiteLinks, config: SiteConfig, theme: Path = THEME
) -> Iterator[tuple[str, str | bytes]]:
    """/open/ and api/open.json."""
    html, data = render_open(documents, site, config, theme=theme)
    yield open_url(config.language).lstrip("/") + "index.html", html
    yield "api/open.json", data
