"""The whole-site pass: every Document model in, link data out.

Reading a document is per document (cached, parallel); what needs all of them is here:

- where each reference to another document leads (a page of this site, its official
  publication, or nowhere: a diagnostic, never a dead link);
- "cited by": for each document, the questions and answers of other documents that cite it;
- a postponement notice and the answer to the same questions, linked both ways;
- listings: all documents, per answering member of government, ministry, questioner, party,
  year and tag.

Pure: no file system, no HTML. Output order is deterministic (sorted), whatever the input order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import TypeVar

from generator.citations import find_citations, official_url
from generator.document import Card, Diagnostic, Document, Question, SeeAlso, card
from generator.ministries import normalise as normalise_ministry
from generator.slug import slugify

FACETS = ("all", "answered_by", "ministry", "questioner", "party", "year", "tag")

# URL segment of each listing, per site language (documented in docs/site-structure.md).
PATHS: dict[str, dict[str, str]] = {
    "nl": {
        "all": "documenten",
        "answered_by": "bewindspersoon",
        "ministry": "ministerie",
        "questioner": "kamerlid",
        "party": "partij",
        "year": "jaar",
        "tag": "tag",
        "page": "pagina",
        "search": "zoeken",
        "open": "open",
        "figures": "cijfers",
        "sources": "bronnen",
    },
    "en": {
        "all": "documents",
        "answered_by": "minister",
        "ministry": "ministry",
        "questioner": "member",
        "party": "party",
        "year": "year",
        "tag": "tag",
        "page": "page",
        "search": "search",
        "open": "open",
        "figures": "figures",
        "sources": "sources",
    },
}

# Words that name an office in `answered_by` ("Minister Keijzer" → listed under "Keijzer").
_OFFICE = re.compile(
    r"^(?:de\s+)?(?:minister-president|minister|staatssecretaris|state\s+secretary|"
    r"prime\s+minister)\s+",
    re.I,
)
_QUESTIONER = re.compile(r"^(?P<name>.+?)\s*\((?P<party>[^()]+)\)\s*$")


def paths_for(language: str) -> dict[str, str]:
    return PATHS.get(language, PATHS["nl"])


# A card or a document: the index-like work reads only what both have (slug, meta, url).
D = TypeVar("D", Card, Document)


def document_date(doc: Card | Document) -> date | None:
    return doc.meta.received or doc.meta.submitted


def sort_newest_first(docs: Sequence[D]) -> list[D]:
    """Received date descending (undated last), then slug."""
    dated = sorted((d for d in docs if d.meta.received), key=lambda d: d.slug)
    dated.sort(key=lambda d: d.meta.received, reverse=True)
    undated = sorted((d for d in docs if not d.meta.received), key=lambda d: d.slug)
    return dated + undated


def person_name(answered_by: str) -> str:
    """ "Minister Keijzer" → "Keijzer"; a name without an office stays as it is."""
    return _OFFICE.sub("", answered_by.strip()) or answered_by.strip()


def split_questioner(questioner: str) -> tuple[str, str | None]:
    """ "Bikker (ChristenUnie)" → ("Bikker", "ChristenUnie"); no party → (name, None)."""
    m = _QUESTIONER.match(questioner.strip())
    if not m:
        return questioner.strip(), None
    return m.group("name").strip(), m.group("party").strip()


def facet_values(doc: Card | Document, facet: str) -> list[tuple[str, str]]:
    """(slug, label) of every listing of `facet` that `doc` belongs to, in document order."""
    meta = doc.meta
    values: list[tuple[str, str]] = []
    if facet == "all":
        values = [("", "")]
    elif facet == "answered_by" and meta.answered_by:
        values = [(slugify(person_name(meta.answered_by)), meta.answered_by)]
    elif facet == "ministry" and meta.ministry:
        # Grouped by the ministry, however the document names it ("BZ", "Minister van ...").
        name = normalise_ministry(meta.ministry).name
        values = [(slugify(name), name)]
    elif facet == "questioner":
        values = [
            (slugify(split_questioner(q)[0]), split_questioner(q)[0]) for q in meta.questioners
        ]
    elif facet == "party":
        parties = [split_questioner(q)[1] for q in meta.questioners]
        values = [(slugify(p), p) for p in parties if p]
    elif facet == "year" and doc.year.isdigit():
        values = [(doc.year, doc.year)]
    elif facet == "tag":
        values = [(slugify(t), t) for t in meta.tags if t.strip()]
    return list(dict.fromkeys(values))


# --- listings ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Listing:
    facet: str
    slug: str  # "" for all documents
    label: str  # as written in the newest document: "Minister Keijzer", "ChristenUnie"
    url: str  # site-relative URL of its first page: "/bewindspersoon/keijzer/"
    documents: list[Card] = field(default_factory=list)  # newest first

    @property
    def feed_url(self) -> str:
        return f"{self.url}feed.xml"


def listing_url(facet: str, slug: str, language: str) -> str:
    paths = paths_for(language)
    return f"/{paths['all']}/" if facet == "all" else f"/{paths[facet]}/{slug}/"


def facet_url(facet: str, language: str) -> str:
    """The overview of one facet: /ministerie/ lists every ministry."""
    return f"/{paths_for(language)[facet]}/"


def all_facet_values(doc: Card | Document) -> dict[str, list[tuple[str, str]]]:
    return {facet: facet_values(doc, facet) for facet in FACETS}


def build_listings(
    docs: Sequence[Card],
    language: str,
    values: dict[str, dict[str, list[tuple[str, str]]]] | None = None,
) -> list[Listing]:
    """Every listing with at least one document, in FACETS order, then by slug; the listing of
    all documents always, because every page's navigation links it (an empty site included).
    `values`: all_facet_values of each document, by slug, when the caller has them already."""
    listings: dict[tuple[str, str], Listing] = {
        ("all", ""): Listing("all", "", "", listing_url("all", "", language))
    }
    for doc in sort_newest_first(docs):
        of_doc = values[doc.slug] if values is not None else all_facet_values(doc)
        for facet in FACETS:
            for slug, label in of_doc[facet]:
                if facet != "all" and not slug:
                    continue
                key = (facet, slug)
                if key not in listings:
                    url = listing_url(facet, slug, language)
                    listings[key] = Listing(facet, slug, label, url)
                listings[key].documents.append(doc)
    order = {facet: i for i, facet in enumerate(FACETS)}
    return sorted(listings.values(), key=lambda li: (order[li.facet], li.slug))


# --- references, cited by, notices -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitedBy:
    """A place in another document of the site that cites this one."""

    slug: str
    title: str
    url: str  # site-relative URL of the citing page, with the block's #fragment when known
    kind: str  # "question" | "answer" | "footnote" | "document" (front matter, opening text)
    labels: tuple[str, ...] = ()  # question labels of the block, or the footnote number


@dataclass(frozen=True, slots=True)
class Related:
    """A postponement notice (or the questions on their own) and the answer to them."""

    # "answer" (the answer to this notice's or these questions' document) | "notice" (the
    # notice before this answer) | "questions" (the questions' own document, before this answer)
    relation: str
    slug: str
    title: str
    url: str
    received: date | None = None  # the other document's date of receipt (its timeline step)
    notice_kind: str | None = None  # the notice's (generator/notices.py), for its label


@dataclass(frozen=True, slots=True)
class FacetLink:
    facet: str
    label: str
    url: str


@dataclass(slots=True)
class DocumentLinks:
    hrefs: dict[str, str | None] = field(default_factory=dict)  # reference key → URL or None
    see_also: list[SeeAlso] = field(default_factory=list)
    cited_by: list[CitedBy] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    listings: list[FacetLink] = field(default_factory=list)  # the listings it belongs to


@dataclass(slots=True)
class SiteLinks:
    documents: dict[str, DocumentLinks] = field(default_factory=dict)  # by slug
    listings: list[Listing] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def for_document(self, slug: str) -> DocumentLinks:
        return self.documents.get(slug) or DocumentLinks()


def _by_publication(docs: Sequence[D]) -> dict[str, D]:
    """Official id → document; a document is known by its `publication`, else by its slug."""
    found: dict[str, D] = {}
    for doc in sorted(docs, key=lambda d: d.slug):
        if doc.meta.publication:
            found.setdefault(doc.meta.publication.lower(), doc)
    for doc in sorted(docs, key=lambda d: d.slug):
        found.setdefault(doc.slug, doc)
    return found


def _block_place(doc: Document, block_id: str | None) -> tuple[str, tuple[str, ...]]:
    if block_id is None:
        return "document", ()
    for block in doc.blocks:
        if block.id == block_id:
            if isinstance(block, Question):
                return "question", tuple(block.labels or [block.label])
            return "answer", tuple(block.covers)
    for note in doc.footnotes:
        if note.id == block_id:
            return "footnote", (str(note.number),)
    return "document", ()


def _cited_targets(doc: Document, publications: dict[str, D]) -> list[tuple[D, str | None]]:
    """(document of the site cited, block of `doc` that cites it), see_also first."""
    found: list[tuple[D, str | None]] = []
    for text in doc.meta.see_also:
        for citation in find_citations(text):
            target = publications.get(citation.publication.lower())
            if target is not None:
                found.append((target, None))
    for ref in doc.references:
        kind, _, value = ref.key.partition(":")
        if kind == "pub":
            target = publications.get(value.lower())
        else:
            target = publications.get(value.partition("#")[0])
        if target is not None:
            found.append((target, ref.block))
    return [(t, b) for t, b in found if t.slug != doc.slug]


def _questioner_names(doc: Card | Document) -> set[str]:
    return {slugify(split_questioner(q)[0]) for q in doc.meta.questioners}


def _normal_subject(doc: Card | Document) -> str:
    return slugify(doc.meta.subject or "")


def pair_notices(
    docs: Sequence[Card] | Sequence[Document],
    publications: dict,
    cited: dict[str, set[str]] | None = None,
) -> dict[str, str]:
    """Notice slug → slug of the answer to the same questions (a document of the questions
    alone, `kind: questions`, is paired with its answer the same way).

    An answer and a postponement notice belong together when one cites the other (the usual
    "Zie ook Aanhangsel Handelingen … nr. …" of the answer), or, failing that, when they share
    a questioner and either the date the questions were submitted or the subject. Among
    several candidates the answer received first on or after the notice wins. A notice that
    says the questions were answered in another document pairs only with a document that it
    cites or that cites it (no later answer is coming); a withdrawn one pairs with none.

    Only the answers that cite the notice, that it cites or that share a questioner with it
    are candidates (found through an index, not by trying every answer for every notice: an
    archive has thousands of each). `cited`: the slugs each document cites (its
    `_cited_targets`), by slug, when the caller has them already; without it `docs` must be
    documents (their references are read).
    """
    # A document of the questions alone (kind: questions) waits for its answer as a notice does;
    # a withdrawn notice waits for nothing.
    notices = sorted(
        (
            d
            for d in docs
            if d.meta.kind in ("notice", "questions") and d.meta.notice_kind != "withdrawn"
        ),
        key=lambda d: d.slug,
    )
    if not notices:
        return {}
    answers = {d.slug: d for d in docs if d.meta.kind == "answer"}
    if cited is None:
        cited = {
            d.slug: {t.slug for t, _ in _cited_targets(d, publications)}  # type: ignore[arg-type]
            for d in docs
        }
    cites = cited
    cited_by: dict[str, set[str]] = {}
    for slug, targets in cites.items():
        for target in targets:
            cited_by.setdefault(target, set()).add(slug)
    names = {slug: _questioner_names(doc) for slug, doc in answers.items()}
    subjects = {slug: _normal_subject(doc) for slug, doc in answers.items()}
    by_name: dict[str, set[str]] = {}
    for slug, found in names.items():
        for name in found:
            by_name.setdefault(name, set()).add(slug)
    pairs: dict[str, str] = {}
    # An answer is paired with one notice and with one document of its questions, not more.
    taken_by_kind: dict[str, set[str]] = {}
    for notice in notices:
        taken = taken_by_kind.setdefault(notice.meta.kind, set())
        notice_names = _questioner_names(notice)
        notice_subject = _normal_subject(notice)
        candidates = set(cites.get(notice.slug, ())) | cited_by.get(notice.slug, set())
        for name in notice_names:
            candidates |= by_name.get(name, set())
        best: tuple[tuple, Card | Document] | None = None
        for slug in sorted(candidates):
            answer = answers.get(slug)
            if answer is None or slug in taken:
                continue
            explicit = notice.slug in cites[slug] or slug in cites[notice.slug]
            shared = bool(notice_names & names[slug])
            same_day = (
                bool(notice.meta.submitted) and notice.meta.submitted == answer.meta.submitted
            )
            same_subject = bool(notice_subject) and notice_subject == subjects[slug]
            if not (explicit or (shared and (same_day or same_subject))):
                continue
            if notice.meta.notice_kind == "answered_elsewhere" and not explicit:
                continue
            n_date, a_date = document_date(notice), document_date(answer)
            later = n_date is None or a_date is None or a_date >= n_date
            gap = (a_date - n_date).days if n_date and a_date else 0
            score = (not explicit, not later, abs(gap), answer.slug)
            if best is None or score < best[0]:
                best = (score, answer)
        if best is not None:
            pairs[notice.slug] = best[1].slug
            taken.add(best[1].slug)
    return pairs


def _facet_links(
    language: str,
    values: dict[str, list[tuple[str, str]]],
    shared: dict[tuple[str, str, str], FacetLink],
) -> list[FacetLink]:
    """The listings a document is in. One FacetLink per listing label is shared by every
    document in it (`shared`): thousands of documents name the same minister."""
    links: list[FacetLink] = []
    for facet in FACETS[1:]:
        for slug, label in values[facet]:
            if slug:
                key = (facet, slug, label)
                link = shared.get(key)
                if link is None:
                    link = shared[key] = FacetLink(facet, label, listing_url(facet, slug, language))
                links.append(link)
    return links


def _kept_fields(kind: type) -> tuple[str, ...]:
    """A dataclass's field names but `line`, looked up once per class (fields() per value was
    most of site_shape's time)."""
    names = _KEPT.get(kind)
    if names is None:
        names = _KEPT[kind] = tuple(f.name for f in fields(kind) if f.name != "line")
    return names


_KEPT: dict[type, tuple[str, ...]] = {}


def _without_lines(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        kept = (_without_lines(getattr(value, name)) for name in _kept_fields(type(value)))
        return (type(value).__name__, *kept)
    if isinstance(value, list | tuple):
        return tuple(_without_lines(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _without_lines(v)) for k, v in value.items())
    return value


def site_shape(outline: Document) -> str:
    """A digest of everything the whole-site pass and the site-wide files read of a document:
    its outline (document.outline) without line numbers. Two versions of a document with the
    same shape give every other document the same links, cited-by, notices and listings, so an
    edit that keeps it (a sentence in an answer) needs no new whole-site pass.

    Line numbers are left out because an edit high in a document moves every line below it;
    they only ever reach the diagnostics of the document's own unresolved links."""
    return hashlib.sha256(repr(_without_lines(outline)).encode("utf-8")).hexdigest()


def link_site(
    cards: Sequence[Card] | Sequence[Document],
    outline_of: Callable[[Card], Document] | None = None,
    *,
    language: str = "nl",
) -> SiteLinks:
    """The whole-site pass. `language` is the site's (it names the listing URLs).

    Everything index-like (publications, listings, notices, anchors) works on `cards`; what
    needs a document's references and blocks runs in one pass over the documents in slug
    order, `outline_of(card)` giving each outline once, dropped right after: the main process
    never holds more than one outline (at 100,000 documents, all of them were ~1.2 GB).
    Without `outline_of`, `cards` are documents (tests, small callers): their cards are made
    here and each is its own outline."""
    if outline_of is None:
        docs = {d.slug: d for d in cards if isinstance(d, Document)}
        cards = [card(d) for d in docs.values()]
        outline_of = lambda c: docs[c.slug]  # noqa: E731
    ordered: list[Card] = sorted(cards, key=lambda d: d.slug)  # type: ignore[arg-type]
    by_slug = {d.slug: d for d in ordered}
    publications = _by_publication(ordered)
    values = {d.slug: all_facet_values(d) for d in ordered}
    site = SiteLinks(listings=build_listings(ordered, language, values))
    shared: dict[tuple[str, str, str], FacetLink] = {}
    for item in ordered:
        links = _facet_links(language, values[item.slug], shared)
        site.documents[item.slug] = DocumentLinks(listings=links)
    del values, shared
    # Of each document's outline only the slugs it cites outlive the pass (notices need them).
    cited: dict[str, set[str]] = {}

    for item in ordered:
        doc = outline_of(item)
        links = site.documents[item.slug]
        for ref in doc.references:
            if ref.key in links.hrefs:
                continue
            kind, _, value = ref.key.partition(":")
            if kind == "pub":
                target = publications.get(value.lower())
                if target is not None and target.slug != item.slug:
                    links.hrefs[ref.key] = target.url
                continue
            slug, _, fragment = value.partition("#")
            target = by_slug.get(slug)
            problem = None
            if target is None:
                problem = f"links to '{ref.text}', but there is no document '{slug}.md'"
            elif fragment and fragment not in target.anchors:
                problem = (
                    f"links to '{ref.text}', but the document '{slug}.md' does not contain "
                    f"an anchor '#{fragment}'"
                )
            if problem:
                links.hrefs[ref.key] = None
                site.diagnostics.append(
                    Diagnostic(item.path, ref.line, "warning", "link-unresolved", problem)
                )
            else:
                links.hrefs[ref.key] = target.url + (f"#{fragment}" if fragment else "")
        for text in item.meta.see_also:
            citations = find_citations(text)
            url = None
            if citations:
                target = publications.get(citations[0].publication.lower())
                url = target.url if target else official_url(citations[0].publication)
            links.see_also.append(SeeAlso(text, url))

        targets = _cited_targets(doc, publications)
        cited[item.slug] = {t.slug for t, _ in targets}
        seen: set[tuple[str, str | None]] = set()
        for target, block in targets:
            if (target.slug, block) in seen:
                continue
            seen.add((target.slug, block))
            kind, labels = _block_place(doc, block)
            url = item.url + (f"#{block}" if block else "")
            site.documents[target.slug].cited_by.append(
                CitedBy(item.slug, item.meta.title, url, kind, labels)
            )
        doc = None  # the outline goes now, before the next one is loaded

    for notice_slug, answer_slug in pair_notices(ordered, publications, cited).items():
        notice, answer = by_slug[notice_slug], by_slug[answer_slug]
        kind = notice.meta.notice_kind
        site.documents[notice_slug].related.append(
            Related(
                "answer",
                answer.slug,
                answer.meta.title,
                answer.url,
                notice_kind=kind,
                received=answer.meta.received,
            )
        )
        relation = "notice" if notice.meta.kind == "notice" else "questions"
        site.documents[answer_slug].related.append(
            Related(
                relation,
                notice.slug,
                notice.meta.title,
                notice.url,
                notice_kind=kind,
                received=notice.meta.received,
            )
        )
    from generator.redirect_pages import redirects  # its redirect pages need the theme's CSP

    site.diagnostics.extend(redirects(ordered)[1])  # aliases that cannot be written
    order = {d.slug: i for i, d in enumerate(sort_newest_first(ordered))}
    for links in site.documents.values():
        links.cited_by.sort(key=lambda c: (order.get(c.slug, 0), c.url))
    return site
