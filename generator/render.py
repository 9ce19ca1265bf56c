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

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from generator.citations import official_url, resolve_links
from generator.cite import (
    block_citation,
    document_citation,
    first_words,
    highwire_tags,
    json_ld,
    official_pdf_url,
    publication_name,
)
from generator.config import SiteConfig
from generator.document import (
    Annotation,
    Answer,
    Card,
    Document,
    Metadata,
    Question,
    SeeAlso,
    first_question_text,
)
from generator.file_keys import FileKeys
from generator.grammar import format_date, parse_heading
from generator.lateness import listing_phrase
from generator.linker import (
    FACETS,
    DocumentLinks,
    Listing,
    Related,
    document_date,
    facet_url,
    paths_for,
    sort_newest_first,
    split_questioner,
)
from generator.ministries import normalise as normalise_ministry
from generator.notices import notice_label
from generator.published_source import source_kind, source_output
from generator.text_safety import clean
from generator.timeline import document_timeline, step_words

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
        "link": "link",
        "cite": "citeer",
        "copy_citation": "Kopieer citaat",
        "link_copied": "Link gekopieerd",
        "cite_copied": "Citaat gekopieerd",
        "cite_document": "Citeer dit document",
        "og_image_alt": "Antwoord: Kamervragen met antwoorden",
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
            "source": "Origineel bestand",
            "download": "{kind} downloaden",
            "official": "op officielebekendmakingen.nl",
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
        "orphaned": "Verweesde annotaties",
        "orphaned_text": (
            "Deze annotaties hoorden bij tekst die na een nieuwe import van de bron niet meer "
            "in het document staat. Ze zijn bewaard tot de redactie ze een plaats geeft."
        ),
        "orphaned_from": "Stond bij",
        "document_json": "Dit document als JSON",
        "all_json": "Alle documenten als JSON",
        "questions_count": ("vraag", "vragen"),
        "no_documents": "Er zijn nog geen documenten.",
        "undated": "zonder datum",
        "not_found": "Pagina niet gevonden",
        "not_found_text": (
            "Deze pagina bestaat niet (meer). Ga naar het overzicht van alle documenten."
        ),
        "covers": "Beantwoordt",
        "nav": "Hoofdmenu",
        "documents": "Documenten",
        "nav_open": "Open vragen",
        "nav_figures": "Cijfers",
        "search": "Zoeken",
        "search_label": "Zoek in vragen en antwoorden",
        "search_fallback": (
            "Zoeken werkt met JavaScript. Zonder JavaScript: blader door alle documenten"
        ),
        "browse": "Bladeren",
        "newest": "Nieuwste documenten",
        "all_documents": "Alle documenten",
        "all_of": "alle {n} →",
        "feed": "Atom-feed",
        "page": "Pagina",
        "pages": "Paginering",
        "previous": "Vorige",
        "next": "Volgende",
        "page_of": "pagina {n} van {total}",
        "facet": {
            "all": "Alle documenten",
            "answered_by": "Bewindspersoon",
            "ministry": "Ministerie",
            "questioner": "Kamerlid",
            "party": "Partij",
            "year": "Jaar",
            "tag": "Trefwoord",
        },
        "facets": {
            "answered_by": "Bewindspersonen",
            "ministry": "Ministeries",
            "questioner": "Kamerleden",
            "party": "Partijen",
            "year": "Jaren",
            "tag": "Trefwoorden",
        },
        "in_listings": "In de overzichten",
        "more_from_year": "Meer uit {year}",
        "documents_count": ("document", "documenten"),
        "cited_by": "Geciteerd door",
        "cited_in": {
            "question": ("vraag", "vragen"),
            "answer": ("antwoord op vraag", "antwoord op vragen"),
            "footnote": ("noot", "noten"),
            "document": ("zie ook", "zie ook"),
        },
        "related": {
            "answer": "Het antwoord op deze vragen",
            "notice": "Eerder verscheen een mededeling over uitstel van de beantwoording",
            "questions": "De vragen",
        },
        "og_locale": "nl_NL",
        "kind_filter": "soort",
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
        "link": "link",
        "cite": "cite",
        "copy_citation": "Copy citation",
        "link_copied": "Link copied",
        "cite_copied": "Citation copied",
        "cite_document": "Cite this document",
        "og_image_alt": "Antwoord: parliamentary questions with their answers",
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
            "source": "Original file",
            "download": "download the {kind}",
            "official": "on officielebekendmakingen.nl",
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
        "orphaned": "Orphaned annotations",
        "orphaned_text": (
            "These annotations belonged to text that is no longer in the document since its "
            "source was imported again. They are kept until the editors place them."
        ),
        "orphaned_from": "Was on",
        "document_json": "This document as JSON",
        "all_json": "All documents as JSON",
        "questions_count": ("question", "questions"),
        "no_documents": "There are no documents yet.",
        "undated": "undated",
        "not_found": "Page not found",
        "not_found_text": "This page does not exist (any more). Go to the list of all documents.",
        "covers": "Answers",
        "nav": "Main menu",
        "documents": "Documents",
        "nav_open": "Open questions",
        "nav_figures": "Figures",
        "search": "Search",
        "search_label": "Search questions and answers",
        "search_fallback": "Search needs JavaScript. Without it: browse all documents",
        "browse": "Browse",
        "newest": "Newest documents",
        "all_documents": "All documents",
        "all_of": "all {n} →",
        "feed": "Atom feed",
        "page": "Page",
        "pages": "Pagination",
        "previous": "Previous",
        "next": "Next",
        "page_of": "page {n} of {total}",
        "facet": {
            "all": "All documents",
            "answered_by": "Minister",
            "ministry": "Ministry",
            "questioner": "Member of parliament",
            "party": "Party",
            "year": "Year",
            "tag": "Tag",
        },
        "facets": {
            "answered_by": "Ministers",
            "ministry": "Ministries",
            "questioner": "Members of parliament",
            "party": "Parties",
            "year": "Years",
            "tag": "Tags",
        },
        "in_listings": "In the listings",
        "more_from_year": "More from {year}",
        "documents_count": ("document", "documents"),
        "cited_by": "Cited by",
        "cited_in": {
            "question": ("question", "questions"),
            "answer": ("answer to question", "answer to questions"),
            "footnote": ("note", "notes"),
            "document": ("see also", "see also"),
        },
        "related": {
            "answer": "The answer to these questions",
            "notice": "A notice postponing the answer appeared earlier",
            "questions": "The questions",
        },
        "og_locale": "en_GB",
        "kind_filter": "kind",
    },
}

QUESTION_PREFIX = {"nl": "vraag", "en": "question"}


def labels_for(language: str) -> dict:
    return LABELS.get(language, LABELS["nl"])


def kind_label(meta: Metadata, language: str) -> str:
    """What a document is called on its page and in listings; a notice by what it says
    (generator/notices.py), so a notice that the questions were answered in a letter is not
    called a postponement."""
    if meta.kind == "notice":
        return notice_label(meta.notice_kind, language)
    return labels_for(language)["kind"].get(meta.kind, meta.kind)


def related_label(rel: Related, language: str) -> str:
    """The words before a link to a notice's answer, or to the notice before an answer."""
    if rel.relation == "notice" and rel.notice_kind not in (None, "postponement"):
        return notice_label("related_notice", language)
    return labels_for(language)["related"][rel.relation]


def notice_document(doc: Document, hrefs: dict[str, str | None]) -> dict | None:
    """The document a notice says the questions were answered in: its label, the reference as
    written, and its URL (its page when the site holds it, else the official publication)."""
    notice = doc.notice
    if notice is None or not notice.publication:
        return None
    text = notice.publication_text or notice.publication
    if notice.publication.startswith("kst-") and not text.lower().startswith("kamerstuk"):
        text = f"Kamerstuk {text}" if doc.meta.language == "nl" else f"Parliamentary paper {text}"
    url = hrefs.get(f"pub:{notice.publication}")
    return {
        "label": notice_label("answered_in", doc.meta.language),
        "text": text,
        "publication": notice.publication,
        "url": url or official_url(notice.publication),
        "on_site": bool(url),
    }


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
    citation: str = ""  # "Aanhangsel Handelingen II 2023/24, nr. 2271, vraag 3" (generator.cite)
    url: str = ""  # its absolute permalink


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
    covers_prefix: str  # "Beantwoordt"
    covers: list[LabelLink]
    conjunction: str
    question_word: str = "vraag"
    citation: str = ""
    url: str = ""


def _question_anchor(label: str, doc: Document, ids: set[str]) -> str | None:
    by_label = {q.label: q.id for q in doc.questions}
    if label in by_label:
        return by_label[label]
    candidate = f"{QUESTION_PREFIX.get(doc.meta.language, 'vraag')}-{label}"
    return candidate if candidate in ids else None


def document_view(doc: Document) -> list[QuestionView | QuestionGroupView | AnswerView]:
    """The blocks of `doc` in order, with headings, link targets and labels resolved."""
    words = labels_for(doc.meta.language)
    ids = doc.anchor_ids()
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
            # A heading that does not read as a question ("Antwoord vraag 5", recognised from
            # context) would mislead inside a question panel: show "Vraag 5" instead. The
            # model keeps the heading as written.
            written = block.heading
            parsed = parse_heading(written, doc.meta.language) if written else None
            if parsed is not None and parsed.kind != "question":
                written = ""
            view = QuestionView(
                question=block,
                heading=written or own,
                permalink_label=f"{perm} {own[0].lower()}{own[1:]}",
                forward_href=href,
                forward_text=forward,
            )
            previous = items[-1] if items else None
            shared = (
                written
                and isinstance(previous, (QuestionView, QuestionGroupView))
                and previous.heading == written
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
                    covers_prefix=words["covers"],
                    covers=covers,
                    conjunction=words["and"],
                    question_word=words["question_word"][0],
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
    env.filters["capfirst"] = lambda text: text[:1].upper() + text[1:]
    env.globals["publication_name"] = publication_name
    env.globals["listing_phrase"] = listing_phrase
    env.globals["split_questioner"] = split_questioner
    env.globals["join_words"] = join_words
    env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    env.filters["rel"] = _relative
    env.filters["kind_label"] = kind_label
    env.filters["related_label"] = related_label
    return env


def _relative(url: str, root: str) -> str:
    """A site-relative URL ("/2025/x/#vraag-2") as a link from a page whose root is `root`."""
    return root + url.lstrip("/")


def _common(config: SiteConfig, url: str, language: str) -> dict:
    paths = paths_for(config.language)
    return {
        "site": config,
        "root": relative_root(url),
        "canonical": config.absolute_url(url),
        "lang": language,
        "L": labels_for(language),
        # Site-wide navigation is in the site's language, whatever the page's.
        "SL": labels_for(config.language),
        "nav_documents": f"{paths['all']}/",
        "nav_search": f"{paths['search']}/",
        "nav_open": f"{paths['open']}/",
        "search_filter_names": ",".join(search_filters(config.language)),
        "nav_figures": f"{paths['figures']}/",
        "og_type": "website",
        "description": config.description,
    }


def _with_links(doc: Document, hrefs: dict[str, str | None], root: str) -> Document:
    """A copy of `doc` whose marked links (citations, links to .md files) point into the site."""
    if not hrefs:
        return doc
    relative = {k: (None if v is None else _relative(v, root)) for k, v in hrefs.items()}

    def fix(html: str) -> str:
        return resolve_links(html, relative)

    notes: dict[int, Annotation] = {id(a): replace(a, html=fix(a.html)) for a in doc.annotations}

    def notes_of(items: list[Annotation]) -> list[Annotation]:
        return [notes.get(id(a), a) for a in items]

    return replace(
        doc,
        blocks=[
            replace(b, html=fix(b.html), annotations=notes_of(b.annotations)) for b in doc.blocks
        ],
        preamble=[replace(s, html=fix(s.html)) for s in doc.preamble],
        sections=[replace(s, html=fix(s.html)) for s in doc.sections],
        footnotes=[replace(n, html=fix(n.html)) for n in doc.footnotes],
        source_notes=[replace(n, html=fix(n.html)) for n in doc.source_notes],
        annotations=notes_of(doc.annotations),
    )


def render_document(
    doc: Document,
    config: SiteConfig,
    *,
    theme: Path = THEME,
    links: DocumentLinks | None = None,
    source: bool = False,
) -> str:
    """The HTML page of one document (site/<year>/<slug>/index.html). `source`: its source
    file is published (generator.published_source), so the page links it.

    `links` is the document's share of the whole-site pass (generator.linker); without it the
    page is rendered as if the document were alone in the site.
    """
    links = links or DocumentLinks()
    words = labels_for(doc.meta.language)
    context = _common(config, doc.url, doc.meta.language)
    doc = _with_links(doc, links.hrefs, context["root"])
    footnote_urls_shown = {n.id: all(u in n.text for u in n.urls) for n in doc.footnotes}
    facets: dict[str, list] = {facet: [] for facet in FACETS}
    for link in links.listings:
        facets[link.facet].append(link)
    context.update(og_type="article", description=first_question_text(doc, 200))
    timeline = document_timeline(doc.meta, links.related)
    items = _with_citations(document_view(doc), doc, context["canonical"])
    pdf_url = _pdf_url(doc, config, source)
    urls = {(link.facet, link.label): link.url for link in links.listings}
    questioners = []
    for written in doc.meta.questioners:
        name, party = split_questioner(written)
        questioners.append(
            (name, urls.get(("questioner", name)), party, urls.get(("party", party or "")))
        )
    return (
        environment(theme)
        .get_template("document.html")
        .render(
            **context,
            doc=doc,
            meta=doc.meta,
            items=items,
            sections=doc.sections,
            document_annotations=[
                a for a in doc.annotations if a.target is None and not a.orphaned
            ],
            # Orphaned annotations are for the editors: shown in the preview (antwoord serve)
            # and reported by antwoord check (annotation-orphaned), not to the public.
            orphaned_annotations=[a for a in doc.annotations if a.orphaned]
            if config.preview
            else [],
            footnote_urls_shown=footnote_urls_shown,
            json_url=f"api/documents/{doc.slug}.json",
            words=words,
            links=links,
            facets=facets,
            questioners=questioners,
            see_also=links.see_also or [SeeAlso(text) for text in doc.meta.see_also],
            notice_document=notice_document(doc, links.hrefs),
            pagefind_filters=_pagefind_filters(doc, config.language),
            timeline=timeline,
            TL=step_words(doc.meta.language),
            source_url=_source_url(doc, config.language) if source else None,
            source_kind=source_kind(doc, doc.meta.language),
            official_url=official_url(doc.meta.publication) if doc.meta.publication else None,
            citation_tags=highwire_tags(doc.meta, context["canonical"], pdf_url),
            json_ld=Markup(json_ld(doc, context["canonical"], pdf_url, config.title)),
            document_citation=document_citation(doc.meta),
            toc=[(q, first_words(q.text)) for q in doc.questions],
        )
    )


def _with_citations(
    items: list[QuestionView | QuestionGroupView | AnswerView], doc: Document, canonical: str
) -> list[QuestionView | QuestionGroupView | AnswerView]:
    """Each question and answer view with its print citation and absolute permalink."""
    for item in items:
        views = item.questions if isinstance(item, QuestionGroupView) else [item]
        for view in views:
            if isinstance(view, AnswerView):
                block_id, kind, labels = view.answer.id, "answer", view.answer.covers
            else:
                q = view.question
                block_id, kind, labels = q.id, "question", q.labels or [q.label]
            view.citation = block_citation(doc.meta, kind, labels)
            view.url = f"{canonical}#{block_id}"
    return items


def _pdf_url(doc: Document, config: SiteConfig, source: bool) -> str | None:
    """The PDF a reference manager should fetch: the official one, else the published source
    when that is a PDF."""
    if doc.meta.publication:
        return official_pdf_url(doc.meta.publication)
    rel = source_output(doc.slug, doc.meta.source, config.language) if source else None
    return config.absolute_url(rel) if rel and rel.endswith(".pdf") else None


def _source_url(doc: Document, language: str) -> str | None:
    rel = source_output(doc.slug, doc.meta.source, language)
    return f"/{rel}" if rel else None


def _pagefind_filters(doc: Document, language: str) -> list[tuple[str, str]]:
    """Search filters of a document: questioner, party, ministry, minister, year and kind,
    named in the site's language (FILTERS; the search page's URL takes the same names)."""
    words = labels_for(language)
    found = []
    for written in doc.meta.questioners:
        name, party = split_questioner(written)
        found.append((words["facet"]["questioner"].lower(), name))
        if party:
            found.append((words["facet"]["party"].lower(), party))
    if doc.meta.answered_by:
        found.append((words["facet"]["answered_by"].lower(), doc.meta.answered_by))
    if doc.meta.ministry:
        ministry = normalise_ministry(doc.meta.ministry).name  # one filter value per ministry
        found.append((words["facet"]["ministry"].lower(), ministry))
    if doc.year.isdigit():
        found.append((words["facet"]["year"].lower(), doc.year))
    found.append((words["kind_filter"], kind_label(doc.meta, language)))
    return list(dict.fromkeys(found))


def search_filters(language: str) -> list[str]:
    """The names of the search filters, as a search URL takes them (?partij=SP)."""
    words = labels_for(language)
    facets = ("questioner", "party", "answered_by", "ministry", "year")
    return [words["facet"][f].lower() for f in facets] + [words["kind_filter"]]


def _browse(listings: list[Listing], language: str) -> list[tuple[str, str, list[Listing]]]:
    """(facet, overview URL, listings) for every facet that has listings."""
    groups = []
    for facet in FACETS[1:]:
        of_facet = [li for li in listings if li.facet == facet]
        if of_facet:
            groups.append((facet, facet_url(facet, language), of_facet))
    return groups


def render_index(
    docs: list[Card] | list[Document],
    config: SiteConfig,
    *,
    theme: Path = THEME,
    listings: list[Listing] | None = None,
    newest: int = 10,
) -> str:
    documents = sort_newest_first(docs)
    return (
        environment(theme)
        .get_template("index.html")
        .render(
            **_common(config, "/", config.language),
            documents=documents[:newest],
            total=len(documents),
            browse=_browse(listings or [], config.language),
        )
    )


PAGE_SIZE = 20


def page_url(listing: Listing, page: int, language: str) -> str:
    """Site-relative URL of page `page` (1-based) of a listing."""
    if page == 1:
        return listing.url
    return f"{listing.url}{paths_for(language)['page']}/{page}/"


PAGE_WINDOW = 2  # pages either side of the current one in a listing's page links


def page_numbers(page: int, pages: int, window: int = PAGE_WINDOW) -> list[int | None]:
    """The page links of page `page` of `pages`: the first, the last and `window` either side
    of the current one; None where numbers are left out ("…"). Linking every page made each
    page of a 100,000-document listing link 5,000 pages: 500 KB apiece, 2.5 GB in all."""
    shown = sorted({1, pages, *range(max(1, page - window), min(pages, page + window) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:  # type: ignore[operator]
            numbers.append(None)
        numbers.append(number)
    return numbers


def render_listing_pages(
    listing: Listing, config: SiteConfig, *, theme: Path = THEME, page_size: int = PAGE_SIZE
) -> dict[str, str]:
    """Every page of one listing: site-relative output path → HTML."""
    return dict(iter_listing_pages(listing, config, theme=theme, page_size=page_size))


def iter_listing_pages(
    listing: Listing,
    config: SiteConfig,
    *,
    theme: Path = THEME,
    page_size: int = PAGE_SIZE,
    keys: FileKeys | None = None,
) -> Iterator[tuple[str, str | None]]:
    """render_listing_pages one page at a time, so a build need not hold a long listing.
    With `keys`, a page that `keys` says can be kept is given as None, not rendered."""
    language = config.language
    count = max(1, -(-len(listing.documents) // page_size))
    template = environment(theme).get_template("listing.html")
    for number in range(1, count + 1):
        chunk = listing.documents[(number - 1) * page_size : number * page_size]
        url = page_url(listing, number, language)
        rel = url.lstrip("/") + "index.html"
        # Everything the template below is given, besides the configuration and theme.
        if keys is not None and keys.kept(
            rel, *_listing_identity(listing), str(number), str(count), keys.cards_shown(chunk)
        ):
            yield rel, None
            continue
        context = _common(config, url, language)
        words = context["L"]
        title = words["facet"]["all"] if listing.facet == "all" else listing.label
        context["description"] = f"{words['facet'][listing.facet]}: {title}"
        links = [
            (n, page_url(listing, n, language) if n else None) for n in page_numbers(number, count)
        ]
        yield (
            rel,
            template.render(
                **context,
                listing=listing,
                title=title,
                facet_label=None if listing.facet == "all" else words["facet"][listing.facet],
                facet_overview=None
                if listing.facet == "all"
                else facet_url(listing.facet, language),
                documents=chunk,
                page=number,
                pages=count,
                previous_url=page_url(listing, number - 1, language) if number > 1 else None,
                next_url=page_url(listing, number + 1, language) if number < count else None,
                page_links=links,
            ),
        )


def render_facet_overview(
    facet: str, listings: list[Listing], config: SiteConfig, *, theme: Path = THEME
) -> str:
    """/ministerie/: every ministry with its number of documents."""
    url = facet_url(facet, config.language)
    context = _common(config, url, config.language)
    ordered = sorted(
        listings,
        key=lambda li: (-int(li.slug), li.slug) if facet == "year" else (li.label.lower(), li.slug),
    )
    return (
        environment(theme)
        .get_template("facet.html")
        .render(**context, facet=facet, listings=ordered)
    )


def render_search(config: SiteConfig, *, theme: Path = THEME) -> str:
    url = f"/{paths_for(config.language)['search']}/"
    return (
        environment(theme)
        .get_template("search.html")
        .render(**_common(config, url, config.language))
    )


FEED_SIZE = 50


def _timestamp(value: date | None) -> str:
    """An Atom date from a document's own date: deterministic, never the build time."""
    return f"{(value or date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _listing_identity(listing: Listing) -> tuple[str, ...]:
    """What a listing's pages and feed show of the listing itself (file_keys)."""
    return (listing.facet, listing.slug, listing.label, listing.url, str(len(listing.documents)))


def feed_is_kept(listing: Listing, keys: FileKeys, size: int = FEED_SIZE) -> bool:
    """Whether the listing's feed can stay as it is: the inputs of render_feed below."""
    rel = listing.feed_url.lstrip("/")
    return keys.kept(
        rel, *_listing_identity(listing), str(size), keys.cards_shown(listing.documents[:size])
    )


def render_feed(
    listing: Listing, config: SiteConfig, *, theme: Path = THEME, size: int = FEED_SIZE
) -> str:
    """The Atom feed of a listing: its newest documents, each with its first question.
    Its inputs are those of feed_is_kept: change both together."""
    words = labels_for(config.language)
    entries = listing.documents[:size]
    dates = [document_date(d) for d in entries if document_date(d)]
    title = (
        words["facet"]["all"]
        if listing.facet == "all"
        else (f"{words['facet'][listing.facet]}: {listing.label}")
    )
    feed = (
        environment(theme)
        .get_template("feed.xml")
        .render(
            site=config,
            lang=config.language,
            title=f"{title} · {config.title}",
            feed_url=config.absolute_url(listing.feed_url),
            page_url=config.absolute_url(listing.url),
            updated=_timestamp(max(dates) if dates else None),
            entries=[
                {
                    "doc": d,
                    "url": config.absolute_url(d.url),
                    "updated": _timestamp(document_date(d)),
                    "summary": d.summary,
                }
                for d in entries
            ],
        )
    )
    # XML allows fewer characters than HTML: one control character would make the whole feed
    # unreadable (generator/text_safety.py; the reader has warned about its document).
    return clean(feed)


SITEMAP_LIMIT = 50_000  # URLs in one sitemap file, the most the sitemaps.org protocol allows


def render_sitemap(urls: list[tuple[str, date | None]], config: SiteConfig) -> str:
    """sitemap.xml: every page (site-relative URL, its date) as an absolute URL."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, when in sorted(set(urls), key=lambda u: u[0]):
        lastmod = f"<lastmod>{when.isoformat()}</lastmod>" if when else ""
        lines.append(f"  <url><loc>{xml_escape(config.absolute_url(url))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return clean("\n".join(lines) + "\n")  # text_safety: what XML allows, whatever base_url is


def render_sitemaps(
    urls: list[tuple[str, date | None]], config: SiteConfig, limit: int = SITEMAP_LIMIT
) -> Iterator[tuple[str, str]]:
    """(path, XML) of the sitemap: one sitemap.xml while the site has at most `limit` URLs;
    beyond that (an archive of 100,000 answers has more) sitemap.xml is a sitemap index of
    sitemap-1.xml, sitemap-2.xml, …, each within the protocol's limit, so search engines
    read all of it instead of rejecting the file."""
    unique = sorted(set(urls), key=lambda u: u[0])
    if len(unique) <= limit:
        yield "sitemap.xml", render_sitemap(unique, config)
        return
    parts = [unique[i : i + limit] for i in range(0, len(unique), limit)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for number, part in enumerate(parts, start=1):
        name = f"sitemap-{number}.xml"
        dates = [when for _, when in part if when]
        lastmod = f"<lastmod>{max(dates).isoformat()}</lastmod>" if dates else ""
        loc = xml_escape(config.absolute_url(f"/{name}"))
        lines.append(f"  <sitemap><loc>{loc}</loc>{lastmod}</sitemap>")
        yield name, render_sitemap(part, config)
    lines.append("</sitemapindex>")
    yield "sitemap.xml", clean("\n".join(lines) + "\n")


def render_robots(config: SiteConfig) -> str:
    """robots.txt: everything may be crawled; where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute_url('/sitemap.xml')}\n"


def render_not_found(config: SiteConfig, *, theme: Path = THEME) -> str:
    """404.html is served at any depth, so its links start from the base path, not relative."""
    context = _common(config, "/404.html", config.language)
    context["root"] = config.base_path
    return environment(theme).get_template("404.html").render(**context)
