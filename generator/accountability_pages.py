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
from generator.figures import TABLES, Figures, compute_figures, days_text, percent, table_csv
from generator.lateness import TERM_DAYS, build_today, open_phrase
from generator.linker import SiteLinks, paths_for, split_questioner
from generator.open_questions import open_items, open_json
from generator.redirect_pages import iter_redirect_files
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
        "figures": "Cijfers",
        "figures_lede": (
            "Hoe snel de vragen in deze site beantwoord zijn, tegen de termijn van drie weken "
            "die het Reglement van Orde van de Tweede Kamer de regering geeft."
        ),
        "figures_total": (
            "Van de {answered} antwoorden in deze site hebben er {with_dates} een datum van "
            "indiening en van ontvangst. Daarvan kwam {share} binnen de termijn; de mediaan is "
            "{median} dagen."
        ),
        "figures_none": "Er zijn nog geen antwoorden met een datum van indiening en van ontvangst.",
        "how": "Zo is geteld",
        "how_text": (
            "Dagen zijn kalenderdagen van de datum van indiening tot de datum van ontvangst "
            "van het antwoord. Binnen de termijn is: binnen {term} dagen. Een antwoord zonder "
            "een van beide data telt mee als beantwoord, maar niet in de dagen. Een document "
            "met vragen van twee partijen telt bij beide partijen. Met uitstelbericht: er "
            "staat een mededeling over uitstel van dit antwoord in deze site."
        ),
        "tables": {
            "ministry": "Per ministerie",
            "answered_by": "Per bewindspersoon",
            "year": "Per jaar van ontvangst",
            "party": "Per partij van de vragenstellers",
        },
        "group": {
            "ministry": "Ministerie",
            "answered_by": "Bewindspersoon",
            "year": "Jaar",
            "party": "Partij",
        },
        "answered": "Beantwoord",
        "median": "Mediaan dagen",
        "within": "Binnen de termijn",
        "with_notice": "Met uitstelbericht",
        "without_notice": "Zonder uitstelbericht",
        "cell": "{answered} beantwoord; mediaan {median} dagen; {share} binnen de termijn",
        "cell_undated": "{answered} beantwoord, zonder beide data",
        "within_cell": "{share} ({within} van {with_dates})",
        "chart_alt": (
            "Staafdiagram: mediaan aantal dagen tot het antwoord, {what}. De stippellijn staat "
            "bij {term} dagen, de termijn. De cijfers staan in de tabel hieronder."
        ),
        "chart_top": "De {n} groepen met de meeste antwoorden; de tabel heeft ze alle.",
        "axis": "mediaan aantal dagen tot het antwoord",
        "term_label": "termijn: {term} dagen",
        "no_chart": "Geen grafiek: geen antwoord in deze groep heeft beide data.",
        "csv": "Deze tabel als CSV",
        "json": "Alle cijfers als JSON",
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
        "figures": "Figures",
        "figures_lede": (
            "How fast the questions in this site were answered, against the three-week term "
            "the Rules of Procedure of the Tweede Kamer give the government."
        ),
        "figures_total": (
            "Of the {answered} answers in this site, {with_dates} have a date of submission "
            "and of receipt. Of those, {share} came within the term; the median is {median} "
            "days."
        ),
        "figures_none": "There are no answers with a date of submission and of receipt yet.",
        "how": "How this is counted",
        "how_text": (
            "Days are calendar days from the date of submission to the date the answer was "
            "received. Within the term means: within {term} days. An answer without one of "
            "the dates counts as answered, but not in the days. A document with questions of "
            "two parties counts for both. With a notice: a notice postponing this answer is "
            "in this site."
        ),
        "tables": {
            "ministry": "Per ministry",
            "answered_by": "Per minister",
            "year": "Per year of receipt",
            "party": "Per party of the questioners",
        },
        "group": {
            "ministry": "Ministry",
            "answered_by": "Minister",
            "year": "Year",
            "party": "Party",
        },
        "answered": "Answered",
        "median": "Median days",
        "within": "Within the term",
        "with_notice": "With a notice",
        "without_notice": "Without a notice",
        "cell": "{answered} answered; median {median} days; {share} within the term",
        "cell_undated": "{answered} answered, without both dates",
        "within_cell": "{share} ({within} of {with_dates})",
        "chart_alt": (
            "Bar chart: median number of days to the answer, {what}. The dashed line is at "
            "{term} days, the term. The figures are in the table below."
        ),
        "chart_top": "The {n} groups with the most answers; the table has them all.",
        "axis": "median number of days to the answer",
        "term_label": "term: {term} days",
        "no_chart": "No chart: no answer in this group has both dates.",
        "csv": "This table as CSV",
        "json": "All figures as JSON",
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


CHART_ROWS = 20  # bars in one chart at most (the table beside it has every row)


def _tally_view(tally, words: dict, language: str) -> dict:  # noqa: ANN001
    return {
        "answered": tally.answered,
        "median": days_text(tally.median_days, language),
        "within": words["within_cell"].format(
            share=percent(tally.within_share), within=tally.within, with_dates=tally.with_dates
        )
        if tally.with_dates
        else "—",
        "cell": (
            words["cell"].format(
                answered=tally.answered,
                median=days_text(tally.median_days, language),
                share=percent(tally.within_share),
            )
            if tally.with_dates
            else words["cell_undated"].format(answered=tally.answered)
        )
        if tally.answered
        else "—",
    }


def figure_files(name: str, language: str) -> tuple[str, str]:
    """(CSV, SVG) of one table, site-relative: /cijfers/ministerie.csv, …/ministerie.svg."""
    base = f"{figures_url(language)}{paths_for(language)[name]}"
    return f"{base}.csv", f"{base}.svg"


def render_figures(
    figures: Figures, config: SiteConfig, *, theme: Path = THEME
) -> Iterator[tuple[str, str | bytes]]:
    """/cijfers/ with a chart and a table per grouping, each table as CSV, api/cijfers.json."""
    from generator.charts import Bar, bar_chart_svg

    language = config.language
    words = words_for(language)
    url = figures_url(language)
    context = _common(config, url, language)
    context["description"] = words["figures_lede"]
    sections = []
    for name in TABLES:
        rows = figures.tables[name]
        csv_url, svg_url = figure_files(name, language)
        yield csv_url.lstrip("/"), table_csv(rows)
        charted = [r for r in rows if r.all.median_days is not None][:CHART_ROWS]
        if charted:
            svg = bar_chart_svg(
                [Bar(r.label, r.all.median_days) for r in charted],  # type: ignore[arg-type]
                axis_label=words["axis"],
                term_label=words["term_label"].format(term=TERM_DAYS),
            )
            yield svg_url.lstrip("/"), svg
        sections.append(
            {
                "name": name,
                "id": paths_for(language)[name],
                "heading": words["tables"][name],
                "group": words["group"][name],
                "csv": csv_url,
                "svg": svg_url if charted else None,
                "alt": words["chart_alt"].format(
                    what=words["tables"][name].lower(), term=TERM_DAYS
                ),
                "top": words["chart_top"].format(n=CHART_ROWS)
                if len([r for r in rows if r.all.median_days is not None]) > CHART_ROWS
                else "",
                "rows": [
                    {
                        "label": r.label,
                        "all": _tally_view(r.all, words, language),
                        "with": _tally_view(r.with_notice, words, language),
                        "without": _tally_view(r.without_notice, words, language),
                    }
                    for r in rows
                ],
            }
        )
    total = figures.total.all
    summary = (
        words["figures_total"].format(
            answered=total.answered,
            with_dates=total.with_dates,
            share=percent(total.within_share),
            median=days_text(total.median_days, language),
        )
        if total.with_dates
        else words["figures_none"]
    )
    html = (
        environment(theme)
        .get_template("figures.html")
        .render(
            **context,
            W=words,
            summary=summary,
            how=words["how_text"].format(term=TERM_DAYS),
            sections=sections,
        )
    )
    yield url.lstrip("/") + "index.html", html
    yield "api/cijfers.json", dumps(figures.to_json())


def iter_accountability_files(
    documents: Sequence[Card], site: SiteLinks, config: SiteConfig, theme: Path = THEME
) -> Iterator[tuple[str, str | bytes]]:
    """/open/ and api/open.json; /cijfers/ with its charts and CSV files, api/cijfers.json;
    the redirect pages of former slugs, _redirects and api/redirects.json."""
    html, data = render_open(documents, site, config, theme=theme)
    yield open_url(config.language).lstrip("/") + "index.html", html
    yield "api/open.json", data
    yield from render_figures(compute_figures(documents, site), config, theme=theme)
    yield from iter_redirect_files(documents, config)
