"""generator.figures: the counts of /cijfers/ from cards, and their CSV; the charts' SVG."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

from generator.charts import Bar, bar_chart_svg
from generator.document import Card, Metadata
from generator.figures import compute_figures, days_text, percent, table_csv
from generator.linker import DocumentLinks, Related, SiteLinks


def _card(slug, *, kind="answer", submitted=None, received=None, ministry="BZK", by="Minister A",
          questioners=("Lid (SP)",)) -> Card:  # fmt: skip
    meta = Metadata(
        title=slug,
        kind=kind,
        submitted=submitted,
        received=received,
        ministry=ministry,
        answered_by=by,
        questioners=questioners,
    )
    return Card(slug, f"documents/{slug}.md", meta, 1, "", ())


CARDS = [
    _card("a", submitted=date(2024, 1, 1), received=date(2024, 1, 20)),  # 19, within
    _card("b", submitted=date(2024, 1, 1), received=date(2024, 2, 29)),  # 59, late
    _card(
        "c",
        submitted=date(2023, 3, 1),
        received=date(2023, 3, 23),
        ministry="EZK",
        by="Minister B",
        questioners=("X (D66)", "Y (SP)"),
    ),  # 22, late  # fmt: skip
    _card("d", received=date(2024, 5, 1)),  # no date of submission
    _card("n", kind="notice", submitted=date(2024, 1, 1), received=date(2024, 1, 15)),
]
SITE = SiteLinks(
    documents={
        "b": DocumentLinks(
            related=[Related("notice", "n", "n", "/2024/n/", received=date(2024, 1, 15))]
        )
    }
)


def test_totals_count_answers_only_and_never_guess_days():
    figures = compute_figures(CARDS, SITE)
    total = figures.total.all
    assert (total.answered, total.with_dates, total.within) == (4, 3, 1)
    assert total.median_days == 22
    assert total.within_share == 0.3333


def test_with_and_without_a_notice():
    figures = compute_figures(CARDS, SITE)
    assert figures.total.with_notice.answered == 1
    assert figures.total.with_notice.median_days == 59
    assert figures.total.without_notice.answered == 3
    assert figures.total.without_notice.median_days == 20.5  # 19 and 22


def test_per_ministry_minister_year_and_party():
    tables = compute_figures(CARDS, SITE).tables
    bzk = tables["ministry"][0]
    assert (bzk.key, bzk.all.answered, bzk.all.with_dates, bzk.all.median_days) == (
        "bzk",
        3,
        2,
        39,
    )
    assert [r.key for r in tables["answered_by"]] == ["a", "b"]  # by person, office dropped
    assert [(r.key, r.all.answered) for r in tables["year"]] == [("2024", 3), ("2023", 1)]
    # A document asked by two parties counts for both.
    parties = {r.key: r.all.answered for r in tables["party"]}
    assert parties == {"sp": 4, "d66": 1}


def test_csv_parses_with_one_line_per_row():
    tables = compute_figures(CARDS, SITE).tables
    rows = list(csv.DictReader(io.StringIO(table_csv(tables["ministry"]))))
    assert [r["label"] for r in rows] == ["BZK", "EZK"]
    assert rows[0]["median_days"] == "39.0" and rows[0]["within_term_share"] == "0.5"
    assert rows[0]["with_notice_answered"] == "1"
    assert rows[1]["with_notice_median_days"] == ""  # cannot be computed: empty, not 0


def test_formatting():
    assert percent(0.3333) == "33%" and percent(None) == "—"
    assert days_text(20.5) == "20,5" and days_text(20.5, "en") == "20.5"
    assert days_text(22.0) == "22" and days_text(None) == "—"


def test_a_chart_is_deterministic_well_formed_svg_with_real_text():
    bars = [Bar("Binnenlandse Zaken en Koninkrijksrelaties", 59), Bar("BZ", 23.5)]
    one = bar_chart_svg(bars, axis_label="mediaan dagen", term_label="termijn: 21 dagen")
    two = bar_chart_svg(list(bars), axis_label="mediaan dagen", term_label="termijn: 21 dagen")
    assert one == two
    root = ET.fromstring(one.encode("utf-8"))
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    assert "Binnenlandse Zaken en Koninkrijksrelaties" in texts and "23,5" in texts
    assert "<dc:date>" not in one  # no build date in the file
