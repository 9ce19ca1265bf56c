"""The figures of /cijfers/: how fast each ministry, member of government, year and party's
questions were answered, against the three-week term.

From the cards the build already holds and the whole-site pass (whether a notice of
postponement preceded an answer: `Related("notice")`), in one pass over the answers: a site
of 10,000 documents is counted in milliseconds and no document is read again. Pure; the
arithmetic is generator.lateness.

Per group (a ministry, a member of government, a year of receipt, a party of the
questioners; a document asked by two parties counts for both):

- answered: the answers in the site;
- with_dates: those with both a date of submission and of receipt (the others are counted
  as answered, never guessed into the days);
- median_days, within_term (count) and within_term_share (of with_dates);
- the same for the answers that had a notice of postponement and for those that had none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from generator.document import Card
from generator.lateness import TERM_DAYS, lateness, median
from generator.linker import SiteLinks, person_name, split_questioner
from generator.notices import is_postponement
from generator.slug import slugify

TABLES = ("ministry", "answered_by", "year", "party")  # in the order the page shows them
_EPOCH = date(1970, 1, 1)
# The same few hundred names recur in thousands of answers: each slug is made once.
_slug = lru_cache(maxsize=4096)(slugify)


@dataclass(frozen=True, slots=True)
class Answered:
    """One answer as the figures count it."""

    days: int | None  # None: a date is missing (or received before submitted)
    within: bool | None
    notice: bool  # a notice of postponement preceded it


@dataclass(slots=True)
class Tally:
    """Counts of a group of answers (or of its part with or without a notice)."""

    answered: int = 0
    days: list[int] = field(default_factory=list)
    within: int = 0

    def add(self, item: Answered) -> None:
        self.answered += 1
        if item.days is not None and item.within is not None:
            self.days.append(item.days)
            self.within += item.within

    @property
    def with_dates(self) -> int:
        return len(self.days)

    @property
    def median_days(self) -> float | None:
        return median(self.days)

    @property
    def within_share(self) -> float | None:
        return round(self.within / len(self.days), 4) if self.days else None

    def to_json(self) -> dict:
        return {
            "answered": self.answered,
            "with_dates": self.with_dates,
            "median_days": self.median_days,
            "within_term": self.within,
            "within_term_share": self.within_share,
        }


@dataclass(slots=True)
class Row:
    key: str  # slug of the group ("binnenlandse-zaken", "2024", "d66")
    label: str  # as written in the newest answer of the group
    all: Tally = field(default_factory=Tally)
    with_notice: Tally = field(default_factory=Tally)
    without_notice: Tally = field(default_factory=Tally)

    def add(self, item: Answered) -> None:
        self.all.add(item)
        (self.with_notice if item.notice else self.without_notice).add(item)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            **self.all.to_json(),
            "with_notice": self.with_notice.to_json(),
            "without_notice": self.without_notice.to_json(),
        }


@dataclass(slots=True)
class Figures:
    total: Row
    tables: dict[str, list[Row]]  # TABLES → rows, the most answered first, then by label

    def to_json(self) -> dict:
        return {
            "term_days": TERM_DAYS,
            "days": "calendar days from submitted to received; within the term: at most "
            f"{TERM_DAYS} days",
            "total": self.total.to_json(),
            "tables": {name: [row.to_json() for row in rows] for name, rows in self.tables.items()},
        }


def _groups(item: Card) -> dict[str, list[tuple[str, str]]]:
    meta = item.meta
    parties = [split_questioner(q)[1] for q in meta.questioners]
    return {
        "ministry": [(_slug(meta.ministry), meta.ministry)] if meta.ministry else [],
        "answered_by": (
            [(_slug(person_name(meta.answered_by)), meta.answered_by)] if meta.answered_by else []
        ),
        "year": [(item.year, item.year)] if item.year.isdigit() else [],
        "party": list(dict.fromkeys((_slug(p), p) for p in parties if p)),
    }


def compute_figures(cards: Sequence[Card], site: SiteLinks) -> Figures:
    """The figures of every answer among `cards` (notices and questions are not answers)."""
    answers = [c for c in cards if c.meta.kind == "answer"]
    # Newest first, so a group's label is as its newest answer writes it (as listings do).
    answers.sort(
        key=lambda c: (c.meta.received is None, -(c.meta.received or _EPOCH).toordinal(), c.slug)
    )
    total = Row("", "")
    tables: dict[str, dict[str, Row]] = {name: {} for name in TABLES}
    for item in answers:
        value = lateness(item.meta.submitted, item.meta.received)
        related = site.for_document(item.slug).related
        counted = Answered(
            value.days if value.known else None,
            value.within,
            # a postponement: not a notice that the questions were answered elsewhere
            any(r.relation == "notice" and is_postponement(r.notice_kind) for r in related),
        )
        total.add(counted)
        for name, groups in _groups(item).items():
            for key, label in groups:
                if not key:
                    continue
                row = tables[name].get(key)
                if row is None:
                    row = tables[name][key] = Row(key, label)
                row.add(counted)
    ordered = {}
    for name, rows in tables.items():
        if name == "year":
            ordered[name] = sorted(rows.values(), key=lambda r: r.key, reverse=True)
        else:
            ordered[name] = sorted(rows.values(), key=lambda r: (-r.all.answered, r.label.lower()))
    return Figures(total, ordered)


CSV_COLUMNS = (
    "label",
    "answered",
    "with_dates",
    "median_days",
    "within_term",
    "within_term_share",
    "with_notice_answered",
    "with_notice_median_days",
    "with_notice_within_term_share",
    "without_notice_answered",
    "without_notice_median_days",
    "without_notice_within_term_share",
)


def _cell(value: object) -> object:
    return "" if value is None else value


def table_csv(rows: list[Row]) -> str:
    """One table as CSV (RFC 4180, a header line, "" for a figure that cannot be computed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        a, w, wo = row.all, row.with_notice, row.without_notice
        writer.writerow(
            _cell(v)
            for v in (
                row.label,
                a.answered,
                a.with_dates,
                a.median_days,
                a.within,
                a.within_share,
                w.answered,
                w.median_days,
                w.within_share,
                wo.answered,
                wo.median_days,
                wo.within_share,
            )
        )
    return out.getvalue()


def percent(share: float | None, language: str = "nl") -> str:
    """0.6667 → "67%" ("67 %" is not the house style of either language); None → "—"."""
    if share is None:
        return "—"
    return f"{round(share * 100)}%"


def days_text(value: float | None, language: str = "nl") -> str:
    """35.0 → "35"; 35.5 → "35,5" (nl) / "35.5" (en); None → "—"."""
    if value is None:
        return "—"
    if value == int(value):
        return str(int(value))
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text
