"""How to cite a document, or one question or answer of it, the way people do in print, and
the metadata reference managers read (Highwire `citation_*` tags, schema.org JSON-LD).

"Aanhangsel Handelingen II 2023/24, nr. 2271, antwoord op vraag 3": the official form of
the Tweede Kamer's appendix to the proceedings, from the publication id. A Word letter that
has no publication id is cited by what it says of itself: who answered, the subject and the
letter's date. Pure: front matter in, text out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator.citations import official_url
from generator.document import Document, Metadata
from generator.grammar import format_date
from generator.linker import split_questioner

_AH = re.compile(r"^ah-(?P<house>tk|ek)-(?P<y1>\d{4})(?P<y2>\d{4})-(?P<nr>\d+)$")
_KST = re.compile(r"^kst-(?P<dossier>\d+)(?:-(?P<suffix>[A-Z]+|\d{2}))?-(?P<nr>\d+)$")

WORDS = {
    "nl": {
        "question": ("vraag", "vragen"),
        "answer": ("antwoord op vraag", "antwoord op vragen"),
        "and": "en",
        "letter": "Antwoord van {who} op Kamervragen over {subject}",
        "letter_nobody": "Antwoord op Kamervragen over {subject}",
        "questions_doc": "Kamervragen van {who} over {subject}",
        "publisher": "Tweede Kamer der Staten-Generaal",
        "series": {"tk": "Aanhangsel Handelingen II", "ek": "Aanhangsel Handelingen I"},
        "kst": "Kamerstukken II",
    },
    "en": {
        "question": ("question", "questions"),
        "answer": ("answer to question", "answer to questions"),
        "and": "and",
        "letter": "Answer of {who} to parliamentary questions on {subject}",
        "letter_nobody": "Answer to parliamentary questions on {subject}",
        "questions_doc": "Parliamentary questions of {who} on {subject}",
        "publisher": "Tweede Kamer der Staten-Generaal",
        "series": {"tk": "Aanhangsel Handelingen II", "ek": "Aanhangsel Handelingen I"},
        "kst": "Kamerstukken II",
    },
}


def words_for(language: str) -> dict:
    return WORDS.get(language, WORDS["nl"])


def _join(items: list[str], conjunction: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def publication_name(publication: str | None, language: str = "nl") -> str | None:
    """ "ah-tk-20232024-2271" → "Aanhangsel Handelingen II 2023/24, nr. 2271";
    "kst-32802-137" → "Kamerstukken II 32802, nr. 137"; another id as it is; None → None."""
    if not publication:
        return None
    w = words_for(language)
    m = _AH.match(publication)
    if m:
        series = w["series"][m.group("house")]
        return f"{series} {m.group('y1')}/{m.group('y2')[2:]}, nr. {int(m.group('nr'))}"
    m = _KST.match(publication)
    if m:
        suffix = f" {m.group('suffix')}" if m.group("suffix") else ""
        return f"{w['kst']} {m.group('dossier')}{suffix}, nr. {int(m.group('nr'))}"
    return publication


def document_citation(meta: Metadata) -> str:
    """How the document as a whole is cited."""
    language = meta.language
    official = publication_name(meta.publication, language)
    if official:
        return official
    w = words_for(language)
    subject = meta.subject
    when = meta.received or meta.submitted
    if not subject:  # its title already says what it is ("Antwoord op vragen over …")
        text = ", ".join(p for p in (meta.title, meta.answered_by) if p) or "?"
    elif meta.kind == "questions":
        who = _join([split_questioner(q)[0] for q in meta.questioners], w["and"]) or "?"
        text = w["questions_doc"].format(who=who, subject=subject)
    elif meta.answered_by:
        text = w["letter"].format(who=meta.answered_by, subject=subject)
    else:
        text = w["letter_nobody"].format(subject=subject)
    return f"{text}, {format_date(when, language)}" if when else text


def block_citation(meta: Metadata, kind: str, labels: list[str] | tuple[str, ...]) -> str:
    """ "Aanhangsel Handelingen II 2023/24, nr. 2271, antwoord op vraag 3"."""
    w = words_for(meta.language)
    singular, plural = w["answer" if kind == "answer" else "question"]
    place = f"{singular if len(labels) == 1 else plural} {_join(list(labels), w['and'])}"
    return f"{document_citation(meta)}, {place}"


# --- reference managers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetaTag:
    name: str
    content: str


def official_pdf_url(publication: str | None) -> str | None:
    """The official PDF of a publication (officielebekendmakingen serves <id>.pdf beside
    <id>.html)."""
    return official_url(publication).removesuffix(".html") + ".pdf" if publication else None


def _authors(meta: Metadata) -> list[str]:
    """Who wrote it: the member of government who answered (an answer or notice), else the
    questioners."""
    if meta.kind != "questions" and meta.answered_by:
        return [meta.answered_by]
    return [split_questioner(q)[0] for q in meta.questioners]


def highwire_tags(meta: Metadata, canonical: str, pdf_url: str | None) -> list[MetaTag]:
    """The `citation_*` tags Zotero and Google Scholar read."""
    tags = [MetaTag("citation_title", meta.title)]
    tags += [MetaTag("citation_author", name) for name in _authors(meta)]
    when = meta.received or meta.submitted
    if when:
        tags.append(MetaTag("citation_publication_date", when.strftime("%Y/%m/%d")))
        tags.append(MetaTag("citation_date", when.strftime("%Y/%m/%d")))
    if meta.publication:
        tags.append(MetaTag("citation_technical_report_number", meta.publication))
        series = publication_name(meta.publication, meta.language) or ""
        tags.append(MetaTag("citation_series_title", series.split(",")[0]))
        tags.append(MetaTag("citation_publisher", words_for(meta.language)["publisher"]))
    tags.append(MetaTag("citation_language", meta.language))
    tags.append(MetaTag("citation_public_url", canonical))
    if pdf_url:
        tags.append(MetaTag("citation_pdf_url", pdf_url))
    return tags


def json_ld(doc: Document, canonical: str, pdf_url: str | None, site_name: str) -> str:
    """schema.org for the page: a Report (a government document answering questions) whose
    parts are its Questions, each with the Answer that covers it. Safe inside <script>: "<"
    is written as \\u003c, so no text can close the element."""
    meta = doc.meta
    answers = {b.id: b for b in doc.answers}
    parts = []
    for question in doc.questions:
        item: dict = {
            "@type": "Question",
            "name": f"{block_citation(meta, 'question', question.labels or [question.label])}",
            "url": f"{canonical}#{question.id}",
            "text": _short(question.text, 300),
        }
        answer = answers.get(question.answered_in or "")
        if answer is not None:
            item["acceptedAnswer"] = {
                "@type": "Answer",
                "url": f"{canonical}#{answer.id}",
                "text": _short(answer.text, 300),
            }
        parts.append(item)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": meta.title,
        "headline": meta.title,
        "url": canonical,
        "inLanguage": meta.language,
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    if meta.subject:
        data["about"] = meta.subject
    when = meta.received or meta.submitted
    if when:
        data["datePublished"] = when.isoformat()
    if meta.submitted:
        data["dateCreated"] = meta.submitted.isoformat()
    authors = _authors(meta)
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    if meta.ministry:
        data["publisher"] = {"@type": "GovernmentOrganization", "name": meta.ministry}
    if meta.publication:
        data["identifier"] = meta.publication
        data["sameAs"] = official_url(meta.publication)
        data["citation"] = document_citation(meta)
    if pdf_url:
        data["encoding"] = {"@type": "MediaObject", "contentUrl": pdf_url}
    if parts:
        data["hasPart"] = parts
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def first_words(text: str, count: int = 9) -> str:
    """The first `count` words of a question, for the table of contents."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
