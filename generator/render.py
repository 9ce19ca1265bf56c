"""Document model → HTML pages, through the Jinja2 theme in theme/templates.

The model's `html` fields (question and answer bodies, notes, annotations) are already HTML
made by the reader from Markdown with raw HTML disabled; everything else is text and is
escaped by Jinja2's autoescape. Templates never invent ids: every id and every `#fragment`
comes from the model, and a link is only made to an id that the page holds, so a reference
to something that does not exist stays text (the reader reports it as a diagnostic).

Links between pages are relative ("../../static/antwoord.css"), so the site works under any
sub-path of `base_url` and straight from the file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.config import SiteConfig
from generator.document import Answer, Document, Question
from generator.grammar import format_date

THEME = Path(__file__).resolve().parent.parent / "theme"

# Every page carries this policy (as <meta http-equiv>; README gives the same as a header for
# hosts): only the site's own scripts, styles and images load, so text that slipped through as
# HTML could still run nothing. 'wasm-unsafe-eval' lets the site's own search (Pagefind, which
# is WebAssembly) start; it allows no eval() of JavaScript. frame-ancestors cannot be set in a
# <meta> policy: hosts should send it as a header.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)

# Words shown around the content, per document language. Kept here rather than in the
# templates so that a page in English is English throughout.
LABELS: dict[str, dict] = {
    "nl": {
        "skip": "Naar de inhoud",
        "home": "Alle documenten",
        "question": "Vraag",
        "question_word": ("vraag", "vragen"),
        "answer": "Antwoord",
        "answer_to": ("Antwoord op vraag", "Antwoord op vragen"),
        "answer_forward": "Antwoord",
        "answered_with": ("Beantwoord samen met vraag", "Beantwoord samen met vragen"),
        "and": "en",
        "permalink": "Permalink naar",
        "notes": "Noten",
        "note": "noot",
        "back_to_ref": "Terug naar verwijzing {k} naar noot {n}",
        "back_to_source": "Terug naar verwijzing {k} naar bron {n}",
        "sources": "Bronnen",
        "source": "bron",
        "contents": "Vragen in dit document",
        "kind": {
            "answer": "Antwoord op Kamervragen",
            "notice": "Mededeling over uitstel van beantwoording",
            "questions": "Kamervragen",
        },
        "meta": {
            "answered_by": "Beantwoord door",
            "on_behalf_of": "Mede namens",
            "received": "Ontvangen",
            "submitted": "Ingezonden",
            "questioners": "Vragen van",
            "subject": "Onderwerp",
            "publication": "Publicatie",
            "see_also": "Zie ook",
            "source": "Bronbestand",
            "tags": "Trefwoorden",
        },
        "annotation": {
            None: "Noot van de redactie",
            "context": "Toelichting",
            "correction": "Correctie",
            "update": "Update",
            "fact-check": "Factcheck",
        },
        "annotation_by": "door",
        "annotations_count": ("annotatie", "annotaties"),
        "document_json": "Dit document als JSON",
        "all_json": "Alle documenten als JSON",
        "questions_count": ("vraag", "vragen"),
        "no_documents": "Er zijn nog geen documenten.",
        "undated": "zonder datum",
        "not_found": "Pagina niet gevonden",
        "not_found_text": (
            "Deze pagina bestaat niet (meer). Ga naar het overzicht van alle documenten."
        ),
    },
    "en": {
        "skip": "Skip to content",
        "home": "All documents",
        "question": "Question",
        "question_word": ("question", "questions"),
        "answer": "Answer",
        "answer_to": ("Answer to question", "Answer to questions"),
        "answer_forward": "Answer",
        "answered_with": ("Answered together with question", "Answered together with questions"),
        "and": "and",
        "permalink": "Permalink to",
        "notes": "Notes",
        "note": "note",
        "back_to_ref": "Back to reference {k} to note {n}",
        "back_to_source": "Back to reference {k} to source {n}",
        "sources": "Sources",
        "source": "source",
        "contents": "Questions in this document",
        "kind": {
            "answer": "Answers to parliamentary questions",
            "notice": "Notice of postponement",
            "questions": "Parliamentary questions",
        },
        "meta": {
            "answered_by": "Answered by",
            "on_behalf_of": "Also on behalf of",
            "received": "Received",
            "submitted": "Submitted",
            "questioners": "Asked by",
            "subject": "Subject",
            "publication": "Publication",
            "see_also": "See also",
            "source": "Source file",
            "tags": "Tags",
        },
        "annotation": {
            None: "Editor's note",
            "context": "Context",
            "correction": "Correction",
            "update": "Update",
            "fact-check": "Fact check",
        },
        "annotation_by": "by",
        "annotations_count": ("annotation", "annotations"),
        "document_json": "This document as JSON",
        "all_json": "All documents as JSON",
        "questions_count": ("question", "questions"),
        "no_documents": "There are no documents yet.",
        "undated": "undated",
        "not_found": "Page not found",
        "not_found_text": "This page does not exist (any more). Go to the list of all documents.",
    },
}

QUESTION_PREFIX = {"nl": "vraag", "en": "question"}


def labels_for(language: str) -> dict:
    return LABELS.get(language, LABELS["nl"])


def join_words(items: list[str], conjunction: str) -> str:
    """["2"] → "2"; ["2", "3", "4"] → "2, 3 en 4"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def relative_root(url: str) -> str:
    """From a page at site-relative `url` ("/2025/x/"), the relative link to the site root."""
    depth = len([part for part in url.strip("/").split("/") if part])
    return "../" * depth or "./"


# --- view of a document: what the template needs beyond the model ----------------------------


@dataclass
class LabelLink:
    label: str
    href: str | None  # "#vraag-2", or None when the page has no such question


@dataclass
class QuestionView:
    question: Question
    heading: str  # as written, or "Vraag 2" when the source had none (or shares a group's)
    permalink_label: str
    forward_href: str | None
    forward_text: str


@dataclass
class QuestionGroupView:
    """Questions that stand under one heading in the source ("Vraag 3, 4 en 5")."""

    heading: str
    questions: list[QuestionView] = field(default_factory=list)


@dataclass
class AnswerView:
    answer: Answer
    heading: str
    permalink_label: str
    covers_prefix: str
    covers: list[LabelLink]
    conjunction: str


def _page_ids(doc: Document) -> set[str]:
    ids: set[str] = set()
    for block in doc.blocks:
        ids.add(block.id)
        ids.update(block.aliases)
    ids.update(n.id for n in doc.footnotes)
    ids.update(n.id for n in doc.source_notes)
    ids.update(a.id for a in doc.annotations)
    return ids


def _question_anchor(label: str, doc: Document, ids: set[str]) -> str | None:
    by_label = {q.label: q.id for q in doc.questions}
    if label in by_label:
        return by_label[label]
    candidate = f"{QUESTION_PREFIX.get(doc.meta.language, 'vraag')}-{label}"
    return candidate if candidate in ids else None


def document_view(doc: Document) -> list[QuestionView | QuestionGroupView | AnswerView]:
    """The blocks of `doc` in order, with headings, link targets and labels resolved."""
    words = labels_for(doc.meta.language)
    ids = _page_ids(doc)
    perm = words["permalink"]
    items: list[QuestionView | QuestionGroupView | AnswerView] = []
    for block in doc.blocks:
        if isinstance(block, Question):
            own = f"{words['question']} {block.label}"
            if block.answered_in and block.answered_in in ids:
                href = f"#{block.answered_in}"
                if block.answered_with:
                    singular, plural = words["answered_with"]
                    lead = singular if len(block.answered_with) == 1 else plural
                    forward = f"{lead} {join_words(block.answered_with, words['and'])} ↓"
                else:
                    forward = f"{words['answer_forward']} ↓"
            else:
                href, forward = None, ""
            view = QuestionView(
                question=block,
                heading=block.heading or own,
                permalink_label=f"{perm} {own[0].lower()}{own[1:]}",
                forward_href=href,
                forward_text=forward,
            )
            previous = items[-1] if items else None
            shared = (
                block.heading
                and isinstance(previous, (QuestionView, QuestionGroupView))
                and previous.heading == block.heading
            )
            if shared:
                if isinstance(previous, QuestionView):
                    group = QuestionGroupView(heading=previous.heading, questions=[previous])
                    previous.heading = f"{words['question']} {previous.question.label}"
                    items[-1] = group
                else:
                    group = previous
                view.heading = own
                group.questions.append(view)
            else:
                items.append(view)
        else:
            singular, plural = words["answer_to"]
            covers = [LabelLink(label, None) for label in block.covers]
            for link in covers:
                anchor = _question_anchor(link.label, doc, ids)
                link.href = f"#{anchor}" if anchor else None
            prefix = singular if len(block.covers) == 1 else plural
            default_heading = f"{prefix} {join_words(block.covers, words['and'])}"
            items.append(
                AnswerView(
                    answer=block,
                    heading=block.heading or default_heading,
                    permalink_label=f"{perm} {default_heading[0].lower()}{default_heading[1:]}",
                    covers_prefix=prefix,
                    covers=covers,
                    conjunction=words["and"],
                )
            )
    return items


# --- Jinja2 ----------------------------------------------------------------------------------


def _long_date(value: date | None, language: str = "nl") -> str:
    return format_date(value, language) if value else ""


def _html(value: str | None) -> Markup:
    """Mark the reader's HTML (made from Markdown with raw HTML disabled) as safe."""
    return Markup(value or "")


@cache
def environment(theme: Path = THEME) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(theme / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = _long_date
    env.filters["html"] = _html
    env.globals["join_words"] = join_words
    env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    return env


def _common(config: SiteConfig, url: str, language: str) -> dict:
    return {
        "site": config,
        "root": relative_root(url),
        "canonical": config.absolute_url(url),
        "lang": language,
        "L": labels_for(language),
    }


def render_document(doc: Document, config: SiteConfig, *, theme: Path = THEME) -> str:
    """The HTML page of one document (site/<year>/<slug>/index.html)."""
    words = labels_for(doc.meta.language)
    footnote_urls_shown = {n.id: all(u in n.text for u in n.urls) for n in doc.footnotes}
    return (
        environment(theme)
        .get_template("document.html")
        .render(
            **_common(config, doc.url, doc.meta.language),
            doc=doc,
            meta=doc.meta,
            items=document_view(doc),
            sections=doc.sections,
            document_annotations=[a for a in doc.annotations if a.target is None],
            footnote_urls_shown=footnote_urls_shown,
            json_url=f"api/documents/{doc.slug}.json",
            words=words,
        )
    )


def sort_newest_first(docs: list[Document]) -> list[Document]:
    """Received date descending (undated last), then slug."""
    dated = sorted((d for d in docs if d.meta.received), key=lambda d: d.slug)
    dated.sort(key=lambda d: d.meta.received, reverse=True)
    undated = sorted((d for d in docs if not d.meta.received), key=lambda d: d.slug)
    return dated + undated


def render_index(docs: list[Document], config: SiteConfig, *, theme: Path = THEME) -> str:
    return (
        environment(theme)
        .get_template("index.html")
        .render(
            **_common(config, "/", config.language),
            documents=sort_newest_first(docs),
        )
    )


def render_not_found(config: SiteConfig, *, theme: Path = THEME) -> str:
    """404.html is served at any depth, so its links start from the base path, not relative."""
    context = _common(config, "/404.html", config.language)
    context["root"] = config.base_path
    return environment(theme).get_template("404.html").render(**context)
