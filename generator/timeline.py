"""A document's lifecycle: questions submitted → each notice of postponement → answer received.

Made from the document's own front matter and its share of the whole-site pass (the notice
or answer paired with it, generator.linker.Related, which carries that document's date), so a
page says how long the answer took without reading any other document. The arithmetic is
generator.lateness; this module only puts the steps in order and in words.

A document page never depends on the build's date (its cache key would change every day):
for questions not yet answered it gives the last day of the term, and /open/ counts the days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.document import Metadata
from generator.grammar import format_date
from generator.lateness import Lateness, answered_phrase, count_days, lateness, words_for
from generator.linker import Related
from generator.notices import is_postponement, notice_label

STEP_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "heading": "Tijdlijn",
        "submitted": "Vragen ingezonden",
        "notice": "Mededeling over uitstel",
        "answer": "Antwoord ontvangen",
        "no_answer": "Nog geen antwoord in deze site",
        "missing": "datum ontbreekt",
        "after": "na {days}",
        "this_page": "dit document",
    },
    "en": {
        "heading": "Timeline",
        "submitted": "Questions submitted",
        "notice": "Notice of postponement",
        "answer": "Answer received",
        "no_answer": "No answer in this site yet",
        "missing": "date missing",
        "after": "after {days}",
        "this_page": "this document",
    },
}


def step_words(language: str) -> dict[str, str]:
    return STEP_WORDS.get(language, STEP_WORDS["nl"])


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # submitted | notice | answer | no_answer
    label: str  # "Vragen ingezonden"
    when: date | None  # None: the date is missing (said so), or no answer yet
    after: str  # "na 8 dagen" (from submission), or ""
    url: str | None  # another page of the site, or None (this page, or none)
    title: str  # the other page's title, or ""
    here: bool  # the step is this document


@dataclass(frozen=True, slots=True)
class Timeline:
    steps: tuple[Step, ...]
    summary: str  # "beantwoord na 59 dagen, 38 dagen na de termijn van drie weken"
    state: str  # within | late | open | unknown (a class name; the words say the same)
    lateness: Lateness


def _after(submitted: date | None, when: date | None, language: str) -> str:
    if submitted is None or when is None or when < submitted:
        return ""
    return step_words(language)["after"].format(days=count_days((when - submitted).days, language))


def _notice_words(kind: str | None, words: dict, language: str) -> str:
    """A postponement is the timeline's own step; another kind of notice says what it is."""
    return words["notice"] if is_postponement(kind) else notice_label(kind, language)


def document_timeline(meta: Metadata, related: list[Related] | tuple[Related, ...]) -> Timeline:
    """The timeline of a document of `meta.kind` with the documents paired with it."""
    language = meta.language
    w = step_words(language)
    submitted = meta.submitted
    steps = [Step("submitted", w["submitted"], submitted, "", None, "", meta.kind == "questions")]
    notices = [r for r in related if r.relation == "notice"]
    if meta.kind == "notice":
        steps.append(
            Step("notice", _notice_words(meta.notice_kind, w, language), meta.received,
                 _after(submitted, meta.received, language),
                 None, "", True)
        )  # fmt: skip
    for rel in sorted(notices, key=lambda r: (r.received or date.max, r.slug)):
        after = _after(submitted, rel.received, language)
        label = _notice_words(rel.notice_kind, w, language)
        steps.append(Step("notice", label, rel.received, after, rel.url, rel.title, False))
    if meta.kind == "answer":
        answered: date | None = meta.received
        steps.append(
            Step("answer", w["answer"], answered, _after(submitted, answered, language), None,
                 "", True)
        )  # fmt: skip
    else:
        answer = next((r for r in related if r.relation == "answer"), None)
        if answer is not None:
            answered = answer.received
            after = _after(submitted, answered, language)
            steps.append(
                Step("answer", w["answer"], answered, after, answer.url, answer.title, False)
            )
        else:
            answered = None
            steps.append(Step("no_answer", w["no_answer"], None, "", None, "", False))
    value = lateness(submitted, answered)
    has_answer = steps[-1].kind == "answer"
    if not has_answer:
        state = "open"
        if value.deadline is None:
            summary = words_for(language)["no_submitted"]
        else:
            deadline = words_for(language)["deadline"].format(
                date=format_date(value.deadline, language)
            )
            summary = f"{w['no_answer'].lower()}; {deadline}"
    else:
        summary = answered_phrase(value, language)
        state = "unknown" if value.within is None else ("within" if value.within else "late")
    return Timeline(tuple(steps), summary, state, value)
