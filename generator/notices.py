"""What a notice ("Mededeling") says: the answer is postponed, the questions were answered in a
letter or another document, they were withdrawn, or something else.

A notice is published where the answer would be. Most say the answer is late ("kunnen niet
binnen de gebruikelijke termijn worden beantwoord"), but not all: one shipped notice says the
questions "zijn beantwoord middels een brief over Ambtelijke analyses hoofdlijnenakkoord
(36 471-64)". The kind is read from the notice's own sentences with the rule table below
(first rule that matches a sentence wins), and the document it names, when it names one by an
official reference, is returned so the site can link it.

The real sentences the rules were written for are in tests/fixtures/notices/, each with its
source. Pure: text in, kind out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from generator.citations import find_citations
from generator.document import Document, NoticeReading, Reference

NoticeKind = Literal["postponement", "answered_elsewhere", "withdrawn", "other"]
NOTICE_KINDS: tuple[str, ...] = ("postponement", "answered_elsewhere", "withdrawn", "other")

_POSTPONED_NL = (
    r"\b(?:niet|geen)\b[^.]{0,120}?\bbinnen\s+de\s+(?:gebruikelijke\s+|gestelde\s+|reguliere\s+)?"
    r"(?:termijn|drie\s+weken)\b"
    r"|\buitstel\b|\buitgesteld\b|\blater\s+(?:worden\s+)?beantwoord"
)
_POSTPONED_EN = (
    r"\b(?:cannot|can\s*not|could\s+not|not)\b[^.]{0,120}?\bwithin\s+the\s+(?:usual\s+|set\s+)?"
    r"(?:period|term|time(?:\s+limit)?|three\s+weeks)\b"
    r"|\bpostpone(?:d|ment)?\b|\bdelay(?:ed)?\b"
)

# (kind, pattern), per language, in order: the first rule that matches any sentence of the
# notice decides. A notice that says the answer is late is a postponement even when it also
# names a letter ("kunnen niet binnen de termijn worden beantwoord, omdat de brief over X
# eerst ..."), so the postponement rule comes before the letter rule.
RULES: dict[str, list[tuple[NoticeKind, re.Pattern[str]]]] = {
    "nl": [
        (
            "withdrawn",
            re.compile(
                r"\b(?:zijn|is|werden|worden|werd|heeft|hebben)\b[^.]{0,80}?\bingetrokken\b"
                r"|\bingetrokken\s+door\b|\bintrekking\s+van\s+(?:de(?:ze)?\s+)?vragen\b"
                r"|\btrekt\b[^.]{0,60}\bvragen\b[^.]{0,40}\bin\b",
                re.I,
            ),
        ),
        ("postponement", re.compile(_POSTPONED_NL, re.I)),
        (
            "answered_elsewhere",
            re.compile(
                r"\bbeantwoord\s+(?:middels|met|via|door\s+middel\s+van|bij|in)\s+"
                r"(?:een|de|het|mijn|onze)?\s*(?:\w+\s+)?"
                r"(?:brief|kamerbrief|antwoorden|beantwoording|nota|verslag|document|"
                r"aanhangsel|kamerstuk|stuk)\b"
                r"|\b(?:zijn|worden|werden)\s+(?:\w+\s+){0,3}?(?:meegenomen|betrokken)\s+"
                r"(?:in|bij)\b"
                r"|\b(?:maken|maakten)\s+(?:\w+\s+){0,3}?deel\s+uit\s+van\b",
                re.I,
            ),
        ),
    ],
    "en": [
        (
            "withdrawn",
            re.compile(r"\b(?:have|has|were|was)\s+been\s+withdrawn\b|\bwithdr[ae]w\b", re.I),
        ),
        ("postponement", re.compile(_POSTPONED_EN, re.I)),
        (
            "answered_elsewhere",
            re.compile(
                r"\banswered\s+(?:by|in|with|through)\s+(?:a|the|my|our)?\s*(?:\w+\s+)?"
                r"(?:letter|answers|reply|replies|report|document|paper)\b",
                re.I,
            ),
        ),
    ],
}

# Sentences that open a notice but say nothing of what happened to the questions: the
# "Vragen van het lid ... over <subject>" line (a subject may well hold "uitstel") and the
# "Mededeling van Minister ... (ontvangen ...)" line.
_HEADER = re.compile(
    r"^\s*(?:vragen\s+van|mededeling\s+van|antwoord\s+van|questions\s+(?:from|by)|"
    r"notice\s+(?:from|by)|answer\s+(?:from|by)|(?:mededeling|notice)\s*:?\s*$)",
    re.I,
)
# The heading "Mededeling" glued to the sentence after it, as a document's opening text reads.
_HEADING_WORD = re.compile(r"^\s*(?:mededeling|notice)\s*:?\s+(?!van\b|from\b|by\b)", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00c0-\u00de(\"'\u2018\u201c])|\n+")
# A Kamerstuk written as dossier-number in brackets: "(36 471-64)", "(36471-64)",
# "(36 200 VII-12)"; citations.find_citations knows the forms with "Kamerstuk".
_BARE_KST = re.compile(
    r"\(\s*(?P<dossier>\d{2}\s?\d{3})(?:\s+(?P<suffix>[IVXLC]{1,5}|[A-Z]))?\s*[-–]\s*"
    r"(?:nr\.?\s*)?(?P<nr>\d{1,5})\s*\)"
)


def _sentences(text: str) -> list[str]:
    return [_HEADING_WORD.sub("", s).strip() for s in _SENTENCE.split(text) if s.strip()]


def named_document(sentence: str) -> tuple[str, str] | None:
    """(official id, as written) of the first document `sentence` names by reference."""
    citations = find_citations(sentence)
    bare = _BARE_KST.search(sentence)
    if bare and (not citations or bare.start() < citations[0].start):
        dossier = re.sub(r"\s", "", bare.group("dossier"))
        suffix = f"-{bare.group('suffix').upper()}" if bare.group("suffix") else ""
        written = bare.group(0).strip("() ")
        return f"kst-{dossier}{suffix}-{int(bare.group('nr'))}", written
    if citations:
        return citations[0].publication, citations[0].text
    return None


def read_notice(text: str, language: str = "nl") -> NoticeReading:
    """The kind of notice `text` (the notice's opening text, before any question) is."""
    rules = RULES.get(language, RULES["nl"])
    sentences = [s for s in _sentences(text) if not _HEADER.match(s)]
    for kind, pattern in rules:
        for sentence in sentences:
            if not pattern.search(sentence):
                continue
            if kind == "answered_elsewhere":
                named = named_document(sentence)
                if named:
                    return NoticeReading(kind, sentence, *named)
            return NoticeReading(kind, sentence)
    return NoticeReading("other", None)


def notice_problem(value: str) -> str | None:
    """A front-matter `notice_kind` that is not one of NOTICE_KINDS: what to tell the editor."""
    if value in NOTICE_KINDS:
        return None
    return (
        f"notice_kind must be one of {', '.join(NOTICE_KINDS)}, not '{value}'; "
        "the kind is read from the notice's text instead"
    )


# What a notice is called on its page and in listings, per kind and language.
LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "postponement": "Mededeling over uitstel van beantwoording",
        "answered_elsewhere": "Mededeling: beantwoord in een ander document",
        "withdrawn": "Mededeling: vragen ingetrokken",
        "other": "Mededeling",
        "answered_in": "Beantwoord in",
        "related_notice": "Eerder verscheen een mededeling over deze vragen",
    },
    "en": {
        "postponement": "Notice of postponement",
        "answered_elsewhere": "Notice: answered in another document",
        "withdrawn": "Notice: questions withdrawn",
        "other": "Notice",
        "answered_in": "Answered in",
        "related_notice": "A notice about these questions appeared earlier",
    },
}


def is_postponement(kind: str | None) -> bool:
    """Whether a notice of `kind` postpones the answer (None: a notice read before kinds were
    told apart, which was always taken for a postponement)."""
    return kind in (None, "postponement")


def notice_label(kind: str | None, language: str) -> str:
    words = LABELS.get(language, LABELS["nl"])
    return words.get(kind or "postponement", words["other"])


def apply_notice(document: Document) -> None:
    """Give a notice its reading: `meta.notice_kind` (the front matter's when set, else the
    text's), `document.notice`, and a reference to the document it names, so that the
    whole-site pass links it to that document's page when the site holds it. Other kinds of
    document are left as they are."""
    meta = document.meta
    if meta.kind != "notice":
        return
    text = "\n".join(section.text for section in [*document.preamble, *document.sections])
    reading = read_notice(text, meta.language)
    if meta.notice_kind in NOTICE_KINDS and meta.notice_kind != reading.kind:
        reading = replace(reading, kind=meta.notice_kind)
    meta.notice_kind = reading.kind
    document.notice = reading
    if reading.publication:
        key = f"pub:{reading.publication}"
        if not any(ref.key == key for ref in document.references):
            text_written = reading.publication_text or reading.publication
            document.references.append(Reference(key, text_written, None))
