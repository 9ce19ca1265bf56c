"""Inline Markdown for one Word paragraph: bold, italic, hyperlinks and footnote markers.

`markdown.write_document` writes plain-text paragraphs (it escapes `*`), so the Word importer
renders formatted paragraphs itself, but still escapes with `markdown.escape_text`: the text
of the whole paragraph is escaped in one go with private-use placeholders standing for the
emphasis delimiters and link brackets, which are put back afterwards. That way escaping
decisions that depend on neighbouring characters ("](", "[^", line starts) see the real
paragraph, not one run at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.importers.docx_extract import Inline
from generator.importers.markdown import escape_text
from generator.text_safety import link_target

# Placeholders (private use area): escape_text leaves them alone.
_OPEN = "\ue000"
_CLOSE = "\ue001"
_LINK_OPEN = "\ue002"
_LINK_CLOSE = "\ue003"  # followed by the link number and _LINK_END
_LINK_END = "\ue004"
_PLACEHOLDERS = re.compile("[\ue000-\ue004]")


def strip_edges(inlines: Sequence[Inline]) -> list[Inline]:
    """Drop breaks, page breaks and tabs at the start and end of a paragraph."""
    items = list(inlines)
    while items and items[0].kind in ("break", "page", "tab"):
        items.pop(0)
    while items and items[-1].kind in ("break", "page", "tab"):
        items.pop()
    return items


def split_lines(inlines: Sequence[Inline]) -> list[list[Inline]]:
    """Split a paragraph at its line breaks (w:br)."""
    lines: list[list[Inline]] = [[]]
    for item in inlines:
        if item.kind == "break":
            lines.append([])
        else:
            lines[-1].append(item)
    return lines


def plain_text(inlines: Sequence[Inline], note: Callable[[str], str] | None = None) -> str:
    """The text of the inlines; breaks as newlines, tabs and page breaks as spaces.

    A hyperlink whose shown text does not contain its address gets the address in brackets
    after it, so the address is not lost in plain-text places (footnotes, source notes).
    """
    out: list[str] = []
    for span in _spans(inlines):
        if span.kind == "note":
            out.append(note(span.note) if note else "")
        elif span.kind == "break":
            out.append("\n")
        else:
            out.append(span.text)
            if span.url and not _shows_url(span.text, span.url):
                out.append(f" ({span.url})")
    return "".join(out)


def _shows_url(text: str, url: str) -> bool:
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/")
    return bare.lower() in text.lower() or url.lower() in text.lower()


@dataclass
class _Span:
    kind: str  # text | note | break
    text: str = ""
    bold: bool = False
    italic: bool = False
    url: str | None = None
    note: str | None = None


def _spans(inlines: Sequence[Inline]) -> list[_Span]:
    """Merge neighbouring runs of the same formatting; tabs and page breaks become spaces."""
    spans: list[_Span] = []
    for item in inlines:
        if item.kind == "note":
            spans.append(_Span("note", note=item.note))
            continue
        if item.kind == "break":
            spans.append(_Span("break"))
            continue
        text = item.text if item.kind == "text" else " "
        bold, italic, url = (
            (item.bold, item.italic, item.url) if item.kind == "text" else (None,) * 3
        )
        if url is not None:  # Word never shows the address: it may hold anything
            url = link_target(url) or None
        last = spans[-1] if spans else None
        if last is not None and last.kind == "text":
            same = (last.bold, last.italic, last.url) == (bold, italic, url)
            # white space takes the formatting of what it stands next to
            if same or bold is None or not text.strip():
                last.text += text
                continue
            if not last.text.strip() and last.url == url:
                last.text += text
                last.bold, last.italic = bool(bold), bool(italic)
                continue
        spans.append(_Span("text", text, bool(bold), bool(italic), url))
    return spans


def _is_punct(ch: str) -> bool:
    if not ch:
        return False
    if ch in _OPEN + _CLOSE:
        return True
    return unicodedata.category(ch)[0] in "PS"


def _flanking_ok(before: str, core: str, after: str) -> bool:
    """Would `**core**` between these characters be read as emphasis (CommonMark rules)?"""
    first, last = core[0], core[-1]
    if first.isspace() or last.isspace():
        return False
    if _is_punct(first) and before and not (before.isspace() or _is_punct(before)):
        return False
    return not (_is_punct(last) and after and not (after.isspace() or _is_punct(after)))


def render_inlines(
    inlines: Sequence[Inline],
    *,
    note: Callable[[str], str | None],
    footnotes: set[str],
    formatting: bool = True,
) -> str:
    """Markdown for a paragraph's inlines (one paragraph; line breaks as soft breaks).

    `note(word_id)` gives the `[^N]` number for a Word footnote reference (None to leave it
    out); `footnotes` is the set of numbers used, so escape_text keeps those markers.
    """
    spans = _spans(inlines)
    links: list[str] = []
    out: list[str] = []
    # characters around each span, for the flanking check
    flat = [s.text if s.kind == "text" else ("\n" if s.kind == "break" else "[") for s in spans]
    prev_marked = False
    for k, span in enumerate(spans):
        if span.kind == "note":
            number = note(span.note or "")
            if number:
                out.append(f"[^{number}]")
            prev_marked = False
            continue
        if span.kind == "break":
            out.append("\n")
            prev_marked = False
            continue
        text = span.text.replace("\n", " ")
        core = text.strip()
        if not core:
            out.append(" " if text else "")
            prev_marked = False
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        before = lead[-1:] if lead else ("".join(flat[:k])[-1:])
        after = trail[:1] if trail else ("".join(flat[k + 1 :])[:1])
        mark = ""
        if (
            formatting
            and (span.bold or span.italic)
            and any(c.isalnum() for c in core)
            and _flanking_ok(before, core, after)
            and not (prev_marked and not lead)
        ):
            mark = (_OPEN * 2 if span.bold else "") + (_OPEN if span.italic else "")
        piece = core
        if span.url and not core.startswith(("http://", "https://", "www.")):
            links.append(span.url)
            piece = f"{_LINK_OPEN}{core}{_LINK_CLOSE}{len(links) - 1}{_LINK_END}"
        elif span.url and not _shows_url(core, span.url):
            piece = f"{core} ({span.url})"
        closing = mark.replace(_OPEN, _CLOSE)[::-1]
        out.append(f"{lead}{mark}{piece}{closing}{trail}")
        prev_marked = bool(mark) and not trail
    text = escape_text("".join(out), footnotes=footnotes)

    def link_end(m: re.Match[str]) -> str:
        return f"](<{links[int(m.group(1))]}>)"  # link_target made it one target

    text = re.sub(f"{_LINK_CLOSE}(\\d+){_LINK_END}", link_end, text)
    text = text.replace(_LINK_OPEN, "[")
    text = text.replace(_OPEN, "*").replace(_CLOSE, "*")
    return _PLACEHOLDERS.sub("", text)
