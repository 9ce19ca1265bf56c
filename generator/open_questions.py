"""Open questions: question documents and notices of postponement whose answer is not in the
site yet, with the days they have been open on the build's date.

From the cards and the whole-site pass only (a notice or a `kind: questions` document is
answered when the linker paired it with an answer, `Related("answer")`), so a site of 10,000
documents is listed without reading one again. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.document import Card
from generator.lateness import TERM_DAYS, Lateness, lateness
from generator.linker import SiteLinks

WAITING_KINDS = ("notice", "questions")
# A notice that says the questions were answered elsewhere, or withdrawn, waits for nothing
# (generator/notices.py reads the kind from its text); a postponement, or a notice of another
# or unknown kind, still waits for its answer.
NOT_WAITING = ("answered_elsewhere", "withdrawn")


@dataclass(frozen=True, slots=True)
class OpenItem:
    card: Card
    lateness: Lateness  # from submission to today

    @property
    def term_passed(self) -> bool | None:
        within = self.lateness.within
        return None if within is None else not within

    def to_json(self, absolute: str) -> dict:
        value = self.lateness
        return {
            "slug": self.card.slug,
            "url": absolute,
            "title": self.card.meta.title,
            "kind": self.card.meta.kind,
            "questioners": list(self.card.meta.questioners),
            "ministry": self.card.meta.ministry,
            "answered_by": self.card.meta.answered_by,
            "submitted": value.submitted.isoformat() if value.submitted else None,
            "received": self.card.meta.received.isoformat() if self.card.meta.received else None,
            "term_end": value.deadline.isoformat() if value.deadline else None,
            "days_open": value.days if value.known else None,
            "term_passed": self.term_passed,
            "days_past_term": value.over,
        }


def open_items(cards: Sequence[Card], site: SiteLinks, today: date) -> list[OpenItem]:
    """Every notice and questions document without an answer in the site, the longest open
    first (those without a date of submission last), then by slug."""
    found: list[OpenItem] = []
    for item in cards:
        if item.meta.kind not in WAITING_KINDS or item.meta.notice_kind in NOT_WAITING:
            continue
        related = site.for_document(item.slug).related
        if any(r.relation == "answer" for r in related):
            continue
        found.append(OpenItem(item, lateness(item.meta.submitted, today)))
    found.sort(key=lambda o: (o.lateness.days is None, -(o.lateness.days or 0), o.card.slug))
    return found


def open_json(items: list[OpenItem], today: date, absolute) -> dict:  # noqa: ANN001
    """api/open.json: the list as data (`absolute`: site-relative URL → absolute URL)."""
    return {
        "date": today.isoformat(),
        "term_days": TERM_DAYS,
        "count": len(items),
        "items": [item.to_json(absolute(item.card.url)) for item in items],
    }
