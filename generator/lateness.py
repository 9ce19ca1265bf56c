"""How long an answer took, against the three-week term: the date arithmetic, in one place.

The Rules of Procedure of the Tweede Kamer (Reglement van Orde) ask a minister to answer
written questions within three weeks, and to send a notice of postponement
("mededeling over uitstel") when that cannot be done. Everything the site says about
lateness (a document's timeline, /open/, /cijfers/) comes from the functions here.

How days are counted (docs/site-structure.md, "Timeline and lateness"):

- Calendar days, weekends and holidays included, as the term is written: the days taken are
  `received - submitted` in whole days, so questions submitted on 6 March and answered on
  25 March took 19 days; an answer on the day of submission took 0 days.
- The term ends `TERM_DAYS` (21) days after the day of submission: questions submitted on
  30 May 2024 are within the term when answered on or before 20 June 2024. An answer after
  that day is late by `days - 21` days ("38 dagen na de termijn").
- A date that is missing is never guessed: without `submitted` nothing is computed, and an
  answer without `received` has no days taken.
- An open question's days are counted to "today", the build's date (`build_today`): the
  site.yaml `today` setting, else SOURCE_DATE_EPOCH (the reproducible-builds convention, in
  UTC), else the clock's date in UTC. A build for a given date is byte for byte the same.

Pure: no file system, no clock except in `build_today`, no HTML.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

TERM_DAYS = 21  # three weeks


def term_end(submitted: date) -> date:
    """The last day within the term for questions submitted on `submitted`."""
    return submitted + timedelta(days=TERM_DAYS)


def days_between(start: date, end: date) -> int:
    """Whole calendar days from `start` to `end` (0 on the same day; negative when `end` is
    before `start`, which is a data error the caller reports)."""
    return (end - start).days


@dataclass(frozen=True, slots=True)
class Lateness:
    """The days from submission to an answer (or to today, for an open question)."""

    submitted: date | None
    end: date | None  # the answer's date, or today for an open question
    days: int | None  # end - submitted; None when a date is missing
    over: int | None  # days past the term (0 when within it); None when days is None
    deadline: date | None  # term_end(submitted)

    @property
    def within(self) -> bool | None:
        return None if self.over is None else self.over == 0

    @property
    def known(self) -> bool:
        return self.days is not None and self.days >= 0


def lateness(submitted: date | None, end: date | None) -> Lateness:
    """The lateness of an answer received on `end` to questions submitted on `submitted`."""
    deadline = term_end(submitted) if submitted else None
    if submitted is None or end is None:
        return Lateness(submitted, end, None, None, deadline)
    days = days_between(submitted, end)
    if days < 0:  # answered before it was asked: a wrong date, not a fast answer
        return Lateness(submitted, end, days, None, deadline)
    return Lateness(submitted, end, days, max(0, days - TERM_DAYS), deadline)


def median(values: list[int]) -> float | None:
    """The median of whole days (the mean of the middle two for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def build_today(setting: date | None = None, environ: dict[str, str] | None = None) -> date:
    """The date the site is built for: `setting` (site.yaml `today`), else SOURCE_DATE_EPOCH
    (seconds since 1970, UTC), else today's date in UTC. A SOURCE_DATE_EPOCH that is not a
    whole number is ignored (the clock is used), as reproducible-builds tools do."""
    if setting is not None:
        return setting
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


# --- in words ------------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str | tuple[str, str]]] = {
    "nl": {
        "day": ("dag", "dagen"),
        "answered": "beantwoord na {days}",
        "late": "{over} na de termijn van drie weken",
        "within": "binnen de termijn van drie weken",
        "open": "{days} open",
        "open_late": "de termijn van drie weken is {over} verstreken",
        "open_within": "de termijn van drie weken loopt nog {left}",
        "open_today": "de termijn van drie weken loopt vandaag af",
        "no_submitted": "de datum van indiening ontbreekt, dus de termijn is niet te berekenen",
        "no_received": "de datum van ontvangst ontbreekt, dus de duur is niet te berekenen",
        "wrong_order": "de datum van ontvangst ligt vóór de datum van indiening",
        "deadline": "de termijn van drie weken: tot en met {date}",
    },
    "en": {
        "day": ("day", "days"),
        "answered": "answered after {days}",
        "late": "{over} after the three-week term",
        "within": "within the three-week term",
        "open": "open for {days}",
        "open_late": "the three-week term passed {over} ago",
        "open_within": "the three-week term has {left} to go",
        "open_today": "the three-week term ends today",
        "no_submitted": "the date of submission is missing, so the term cannot be computed",
        "no_received": "the date of receipt is missing, so the time taken cannot be computed",
        "wrong_order": "the date of receipt is before the date of submission",
        "deadline": "the three-week term: up to and including {date}",
    },
}


def words_for(language: str) -> dict:
    return WORDS.get(language, WORDS["nl"])


def count_days(n: int, language: str = "nl") -> str:
    """3 → "3 dagen"; 1 → "1 dag"."""
    singular, plural = words_for(language)["day"]
    return f"{n} {singular if n == 1 else plural}"


def answered_phrase(value: Lateness, language: str = "nl") -> str:
    """ "beantwoord na 59 dagen, 38 dagen na de termijn van drie weken" / "… binnen de termijn";
    for a missing or impossible date, what is missing."""
    w = words_for(language)
    if value.submitted is None:
        return w["no_submitted"]
    if value.end is None:
        return w["no_received"]
    if value.days is None or value.over is None:
        return w["wrong_order"]
    taken = w["answered"].format(days=count_days(value.days, language))
    if value.over:
        return f"{taken}, {w['late'].format(over=count_days(value.over, language))}"
    return f"{taken}, {w['within']}"


def open_phrase(value: Lateness, language: str = "nl") -> str:
    """ "45 dagen open; de termijn van drie weken is 24 dagen verstreken" for an open question
    (`value.end` is today)."""
    w = words_for(language)
    if value.submitted is None:
        return w["no_submitted"]
    if value.days is None or value.over is None:
        return w["wrong_order"]
    opened = w["open"].format(days=count_days(value.days, language))
    if value.over:
        return f"{opened}; {w['open_late'].format(over=count_days(value.over, language))}"
    left = TERM_DAYS - value.days
    if left == 0:
        return f"{opened}; {w['open_today']}"
    return f"{opened}; {w['open_within'].format(left=count_days(left, language))}"


def listing_phrase(submitted: date | None, received: date | None, language: str = "nl") -> str:
    """The days taken in a listing entry: "beantwoord na 59 dagen (38 dagen na de termijn)" /
    "beantwoord na 19 dagen (binnen de termijn)"; "" when a date is missing."""
    value = lateness(submitted, received)
    if not value.known or value.over is None:
        return ""
    w = words_for(language)
    taken = w["answered"].format(days=count_days(value.days, language))  # type: ignore[arg-type]
    if language == "en":
        note = (
            f"{count_days(value.over, language)} after the term"
            if value.over
            else "within the term"
        )
    else:
        note = (
            f"{count_days(value.over, language)} na de termijn"
            if value.over
            else "binnen de termijn"
        )
    return f"{taken} ({note})"
