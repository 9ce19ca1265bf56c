"""References to other official documents, and Markdown links to other documents of the site.

Two kinds of cross-document reference are recognised while a document is read:

- citations of official publications, written the way Dutch parliamentary papers write them:
  "Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488" (→ ah-tk-20242025-2488),
  "Kamerstuk 32802, nr. 137" (→ kst-32802-137), "Kamerstukken II 2021/22, 29 628, nr. 1099"
  (→ kst-29628-1099), or the bare id "ah-tk-20232024-1314";
- relative Markdown links to another document's file, as in MkDocs: `other-slug.md#vraag-3`.

Reading is per document and must not depend on other documents (it is cached and runs in
parallel), so the reader links a citation to its official publication and marks the link with
`data-ref`; the whole-site pass (generator.linker) decides which references point into this
site, and `resolve_links` rewrites exactly those marked links when the page is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.document import Document, Reference

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{id}.html"
ENV_KEY = "citations"

_YEARS = r"(?P<y1>\d{4})\s*[-–/]\s*(?P<y2>\d{2}(?:\d{2})?)"
_NUMBER = r"(?:nr\.?|nummer|no\.?)\s*(?P<nr>\d{1,5})"
_AH = re.compile(
    r"Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+(?P<house>II|I|ll))?\s*,?\s*"
    rf"(?:vergaderjaar\s+)?{_YEARS}\s*,?\s*{_NUMBER}(?!\d)",
    re.I,
)
_KST = re.compile(
    r"Kamerstuk(?:ken)?(?:\s+(?:II|I|ll)(?![\w]))?\s*,?\s*"
    rf"(?:(?:vergaderjaar\s+)?{_YEARS}\s*,?\s*)?"
    r"(?P<dossier>\d{2}\s?\d{3})(?:(?:\s|-)(?P<suffix>[IVXLC]{1,5}|[A-Z]|\d{2})(?![\w]))?"
    rf"(?:\s*,?\s*{_NUMBER}|-(?P<nr2>\d{{1,5}}))(?!\d)",
    re.I,
)
_ID = re.compile(
    r"(?<![\w/.-])(?P<id>ah-(?:tk|ek)-\d{8}-\d{1,5}|kst-\d{5}(?:-(?:[IVXLC]{1,5}|[A-Z]|\d{2}))?"
    r"-\d{1,5}|(?:stb|stcrt|trb)-\d{4}-\d{1,6})(?![\w-])"
)
# A link to another document's Markdown file: "other-slug.md", "../documents/x.md#vraag-3".
_MD_LINK = re.compile(
    r"^(?![a-z][a-z0-9+.-]*:)(?:[^#?]*/)?(?P<slug>[a-z0-9-]+)\.md(?:#(?P<frag>[A-Za-z0-9_-]*))?$"
)


@dataclass(frozen=True)
class CitationMatch:
    start: int
    end: int
    publication: str  # the official id: ah-tk-20242025-2488, kst-32802-137
    text: str  # the words as written


def _session(y1: str, y2: str) -> str:
    """("2021", "22") → "20212022"; ("2023", "2024") → "20232024"."""
    second = y2 if len(y2) == 4 else y1[:2] + y2
    if int(second) < int(y1):  # 1999/00
        second = str(int(second) + 100)
    return y1 + second


def _ah_id(m: re.Match[str]) -> str:
    house = "ek" if (m.group("house") or "").upper() == "I" else "tk"
    return f"ah-{house}-{_session(m.group('y1'), m.group('y2'))}-{int(m.group('nr'))}"


def _kst_id(m: re.Match[str]) -> str:
    dossier = re.sub(r"\s", "", m.group("dossier"))
    suffix = m.group("suffix")
    nr = m.group("nr") or m.group("nr2")
    middle = f"-{suffix.upper()}" if suffix else ""
    return f"kst-{dossier}{middle}-{int(nr)}"


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (_AH, _ah_id),
    (_KST, _kst_id),
    (_ID, lambda m: m.group("id")),
]


# Every form above holds four digits in a row (a year, an id) or a dossier number "12 345":
# text without them, most text, is not searched with the long patterns at all.
_MAY_CITE = re.compile(r"\d\d\s?\d\d")


def find_citations(text: str) -> list[CitationMatch]:
    """Every citation of an official publication in `text`, in order, never overlapping."""
    if not _MAY_CITE.search(text):
        return []
    found: list[CitationMatch] = []
    for pattern, make_id in _RULES:
        for m in pattern.finditer(text):
            found.append(CitationMatch(m.start(), m.end(), make_id(m), m.group(0)))
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[CitationMatch] = []
    for citation in found:
        if kept and citation.start < kept[-1].end:
            continue
        kept.append(citation)
    return kept


def official_url(publication: str) -> str:
    return OFFICIAL_URL.format(id=publication)


def publication_key(publication: str) -> str:
    return f"pub:{publication}"


def document_key(slug: str, fragment: str | None) -> str:
    return f"doc:{slug}#{fragment}" if fragment else f"doc:{slug}"


# --- the markdown-it rule ----------------------------------------------------------------------


@dataclass(frozen=True)
class FoundReference:
    """A citation or document link as the rule found it; the reader places it in a block."""

    key: str  # pub:<id> or doc:<slug>#<fragment>
    text: str
    line0: int | None  # 0-based body line
    footnote: str | None  # footnote label when it stands in a footnote


def citation_plugin(md: MarkdownIt) -> None:
    """Link citations of official publications and mark links to other documents' .md files.

    Runs before the Q&A rule, so footnote bodies are still in the token stream and the Q&A
    cross-reference rule (which skips text inside links) leaves these links alone.
    """
    md.core.ruler.before("qa_structure", "citations", partial(_citations_core))


def _citations_core(state: StateCore) -> None:
    found: list[FoundReference] = []
    footnote: str | None = None
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "footnote_reference_open":
            footnote = str(token.meta.get("label", ""))
        elif token.type == "footnote_reference_close":
            footnote = None
        elif token.type == "inline" and not (i > 0 and tokens[i - 1].type == "heading_open"):
            _rewrite_inline(token, footnote, found)
    state.env[ENV_KEY] = found


def _rewrite_inline(inline: Token, footnote: str | None, found: list[FoundReference]) -> None:
    base = inline.map[0] if inline.map else None
    offset = 0
    depth = 0
    children: list[Token] = []
    changed = False
    for child in inline.children or []:
        line0 = None if base is None else base + offset
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        if child.type == "link_open":
            depth += 1
            m = _MD_LINK.match(str(child.attrGet("href") or ""))
            if m:
                key = document_key(m.group("slug"), m.group("frag") or None)
                href = child.attrGet("href")
                rest = {k: v for k, v in child.attrs.items() if k != "href"}
                child.attrs = {"href": href, "data-ref": key, **rest}
                found.append(FoundReference(key, str(href), line0, footnote))
        elif child.type == "link_close":
            depth = max(0, depth - 1)
        matches = find_citations(child.content) if child.type == "text" and not depth else []
        if not matches:
            children.append(child)
            continue
        changed = True
        pos = 0
        for match in matches:
            if match.start > pos:
                children.append(_text(child.content[pos : match.start], child))
            key = publication_key(match.publication)
            children.extend(_link(match.publication, key, match.text, child))
            found.append(FoundReference(key, match.text, line0, footnote))
            pos = match.end
        if pos < len(child.content):
            children.append(_text(child.content[pos:], child))
    if changed:
        inline.children = children


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.level = like.level
    return token


def _link(publication: str, key: str, text: str, like: Token) -> list[Token]:
    opener = Token("link_open", "a", 1)
    opener.attrs = {"href": official_url(publication), "data-ref": key, "class": "citation"}
    return [opener, _text(text, like), Token("link_close", "a", -1)]


# --- render time -------------------------------------------------------------------------------

# Only links the reader marked (href first, then data-ref: the order _link and _rewrite_inline
# write); a Markdown link cannot contain another link, so the lazy match ends at its own </a>.
_MARKED = re.compile(
    r'<a href="[^"]*" data-ref="(?P<key>[^"]*)"(?P<rest>[^>]*)>(?P<inner>.*?)</a>', re.S
)


def resolve_links(html: str, hrefs: Mapping[str, str | None]) -> str:
    """Point marked links at their place in this site.

    `hrefs` maps a key to the new href, or to None when the target does not exist (the link
    becomes plain text: never a dead link). Keys not in `hrefs` keep their official URL.
    """
    if "data-ref=" not in html:
        return html

    def replace(m: re.Match[str]) -> str:
        key = m.group("key")
        if key not in hrefs:
            return m.group(0)
        href = hrefs[key]
        if href is None:
            return f'<span class="unresolved-link">{m.group("inner")}</span>'
        # An internal link is no longer external: no rel="noopener noreferrer".
        rest = re.sub(r' rel="[^"]*"', "", m.group("rest"))
        rest = rest.replace('class="citation"', 'class="citation internal"')
        return (
            f'<a href="{escapeHtml(href)}" data-ref="{m.group("key")}"{rest}>{m.group("inner")}</a>'
        )

    return _MARKED.sub(replace, html)


def place_references(
    found: list[FoundReference], doc: Document, body_line: int, footnote_ids: Mapping[str, str]
) -> list[Reference]:
    """Attach each found reference to the block (or footnote) it stands in."""
    starts: list[tuple[int, str | None]] = []
    for section in doc.preamble:
        starts.append((section.line or 0, None))
    for block in doc.blocks:
        starts.append((block.line or 0, block.id))
    for section in doc.sections:
        starts.append((section.line or 0, None))
    starts.sort(key=lambda s: s[0])
    placed: list[Reference] = []
    for ref in found:
        line = None if ref.line0 is None else ref.line0 + body_line
        if ref.footnote is not None:
            block = footnote_ids.get(ref.footnote)
        else:
            block = None
            for start, block_id in starts:
                if line is not None and start <= line:
                    block = block_id
                else:
                    break
        placed.append(Reference(ref.key, ref.text, block, line))
    return placed
