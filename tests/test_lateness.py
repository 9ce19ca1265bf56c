"""generator.lateness and generator.timeline: days counted, the term, the words, missing dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.document import Metadata
from generator.lateness import (
    TERM_DAYS,
    answered_phrase,
    build_today,
    count_days,
    lateness,
    median,
    open_phrase,
    term_end,
)
from generator.linker import Related
from generator.timeline import document_timeline


def test_the_term_is_three_weeks_of_calendar_days():
    assert TERM_DAYS == 21
    assert term_end(date(2024, 5, 30)) == date(2024, 6, 20)
    assert term_end(date(2024, 2, 12)) == date(2024, 3, 4)  # across a leap day


@pytest.mark.parametrize(
    ("submitted", "received", "days", "over", "within"),
    [
        (date(2024, 2, 12), date(2024, 4, 11), 59, 38, False),  # ah-tk-20232024-1481
        (date(2024, 3, 6), date(2024, 3, 25), 19, 0, True),  # ah-tk-20232024-1314
        (date(2024, 5, 30), date(2024, 6, 20), 21, 0, True),  # the last day of the term
        (date(2024, 5, 30), date(2024, 6, 21), 22, 1, False),  # the day after
        (date(2024, 5, 30), date(2024, 5, 30), 0, 0, True),  # the same day
    ],
)
def test_days_taken_and_past_the_term(submitted, received, days, over, within):
    value = lateness(submitted, received)
    assert (value.days, value.over, value.within) == (days, over, within)


def test_missing_dates_are_not_guessed():
    assert lateness(None, date(2024, 1, 1)).days is None
    assert lateness(None, date(2024, 1, 1)).within is None
    assert lateness(date(2024, 1, 1), None).deadline == date(2024, 1, 22)
    assert lateness(date(2024, 1, 1), None).days is None
    backwards = lateness(date(2024, 2, 1), date(2024, 1, 1))
    assert backwards.days == -31 and backwards.within is None and not backwards.known


def test_in_words():
    assert (
        answered_phrase(lateness(date(2024, 2, 12), date(2024, 4, 11)))
        == "beantwoord na 59 dagen, 38 dagen na de termijn van drie weken"
    )
    assert (
        answered_phrase(lateness(date(2024, 3, 6), date(2024, 3, 25)))
        == "beantwoord na 19 dagen, binnen de termijn van drie weken"
    )
    assert answered_phrase(lateness(date(2024, 5, 30), date(2024, 6, 21))).endswith(
        "1 dag na de termijn van drie weken"
    )
    assert answered_phrase(lateness(None, date(2024, 1, 1))).startswith(
        "de datum van indiening ontbreekt"
    )
    assert answered_phrase(lateness(date(2024, 1, 1), None)).startswith(
        "de datum van ontvangst ontbreekt"
    )
    assert (
        answered_phrase(lateness(date(2024, 2, 12), date(2024, 4, 11)), "en")
        == "answered after 59 days, 38 days after the three-week term"
    )
    assert count_days(1) == "1 dag" and count_days(0) == "0 dagen"


def test_open_in_words():
    late = lateness(date(2024, 5, 30), date(2024, 7, 14))
    assert open_phrase(late) == "45 dagen open; de termijn van drie weken is 24 dagen verstreken"
    fresh = lateness(date(2024, 5, 30), date(2024, 6, 9))
    assert open_phrase(fresh) == "10 dagen open; de termijn van drie weken loopt nog 11 dagen"
    assert open_phrase(lateness(date(2024, 5, 30), date(2024, 6, 20))).endswith("vandaag af")


def test_median():
    assert median([]) is None
    assert median([5]) == 5
    assert median([59, 19, 47]) == 47
    assert median([19, 23, 47, 59]) == 35


def test_build_today_setting_then_source_date_epoch_then_clock():
    assert build_today(date(2024, 7, 1), {"SOURCE_DATE_EPOCH": "0"}) == date(2024, 7, 1)
    assert build_today(None, {"SOURCE_DATE_EPOCH": "1719792000"}) == date(2024, 7, 1)
    assert build_today(None, {"SOURCE_DATE_EPOCH": "soon"}) == build_today(None, {})


@given(st.dates(), st.dates())
def test_any_pair_of_dates(submitted, received):
    value = lateness(submitted, received)
    assert value.days == (received - submitted).days
    if value.days >= 0:
        assert value.over == max(0, value.days - 21)
        assert value.within == (received <= term_end(submitted))
    assert answered_phrase(value)  # always says something


def _meta(**values) -> Metadata:
    return Metadata(title="t", **values)


def test_timeline_of_an_answer_with_its_notice():
    meta = _meta(kind="answer", submitted=date(2024, 5, 30), received=date(2024, 7, 1))
    notice = Related("notice", "uitstel", "Uitstel", "/2024/uitstel/", date(2024, 6, 7))
    timeline = document_timeline(meta, [notice])
    assert [s.kind for s in timeline.steps] == ["submitted", "notice", "answer"]
    assert [s.when for s in timeline.steps] == [
        date(2024, 5, 30),
        date(2024, 6, 7),
        date(2024, 7, 1),
    ]
    assert timeline.steps[1].url == "/2024/uitstel/" and timeline.steps[1].after == "na 8 dagen"
    assert timeline.summary == "beantwoord na 32 dagen, 11 dagen na de termijn van drie weken"
    assert timeline.state == "late"


def test_timeline_of_a_notice_without_answer_says_so():
    meta = _meta(kind="notice", submitted=date(2024, 5, 30), received=date(2024, 6, 7))
    timeline = document_timeline(meta, [])
    assert [s.kind for s in timeline.steps] == ["submitted", "notice", "no_answer"]
    assert timeline.state == "open"
    assert timeline.summary == (
        "nog geen antwoord in deze site; de termijn van drie weken: tot en met 20 juni 2024"
    )


def test_timeline_of_a_notice_with_its_answer_counts_to_the_answer():
    meta = _meta(kind="notice", submitted=date(2024, 5, 30), received=date(2024, 6, 7))
    answer = Related("answer", "a", "Antwoord", "/2024/a/", date(2024, 6, 14))
    timeline = document_timeline(meta, [answer])
    assert timeline.steps[-1].url == "/2024/a/"
    assert timeline.summary == "beantwoord na 15 dagen, binnen de termijn van drie weken"


def test_timeline_with_missing_dates():
    timeline = document_timeline(_meta(kind="answer", received=date(2025, 9, 22)), [])
    assert timeline.steps[0].when is None
    assert timeline.state == "unknown"
    assert "ontbreekt" in timeline.summary
