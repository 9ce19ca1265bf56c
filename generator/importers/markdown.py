"""The one place that writes the content format (docs/content-format.md).

An importer reads its raw file into a list of `Block`s, footnote texts and question source
notes, and hands them to `write_document`; it never writes Markdown syntax itself. That keeps
escaping, heading form, the "Bronnen" section and footnote definitions the same for every
format.

Blocks (in document order):

- `heading(text)`: a Q&A heading as written in the source ("Vraag 3, 4 en 5",
  "Antwoord vraag 5"); written as `## text`.
- `paragraph(text)`: one paragraph of running text (the opening "Antwoord van ..." line is an
  ordinary paragraph too). The text may carry footnote markers `[^N]` that the importer
  placed; everything else that Markdown would read as syntax is escaped. Line breaks inside
  the text are kept as soft breaks.
- `table(rows)`: a table of plain-text cells; the first row is the header row.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from generator.document import Metadata
from generator.frontmatter import dump
from generator.grammar import normalise_space

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass
class Block:
    kind: BlockKind
    text: str = ""  # heading / paragraph text (plain text, footnote markers `[^N]` allowed)
    rows: list[list[str]] = field(default_factory=list)  # table cells, first row = header
    line: int | None = None  # where the block starts in the raw file, for diagnostics


def heading(text: str, line: int | None = None) -> Block:
    return Block("heading", text, line=line)


def paragraph(text: str, line: int | None = None) -> Block:
    return Block("paragraph", text, line=line)


def table(rows: list[list[str]], line: int | None = None) -> Block:
    return Block("table", rows=rows, line=line)


SOURCES_HEADING = {"nl": "Bronnen", "en": "Sources"}

# --- escaping --------------------------------------------------------------------------------

_MARKER = re.compile(r"\[\^(?P<n>[A-Za-z0-9-]+)\]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def _escape_inline(text: str, after: str = "", before: str = "") -> str:
    """Escape inline syntax in text that holds no footnote marker.

    `before` / `after` are the characters around the text (the end / start of a marker).
    """
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else before
        nxt = text[i + 1] if i + 1 < n else after
        if ch in "([" and prev == "]" and i == 0 and before:
            out.append("\\" + ch)  # "[^1](x)" would be a link, "[^1][x]" a reference
        elif ch in "\\`*":
            out.append("\\" + ch)
        elif ch == "_":
            # intraword underscores are never emphasis (snake_case stays readable)
            out.append(ch if prev.isalnum() and nxt.isalnum() else "\\_")
        elif ch == "[":
            out.append("\\[" if nxt == "^" else ch)
        elif ch == "]":
            out.append("\\]" if nxt in "([:" and nxt else ch)
        elif ch in "!^" and nxt == "[":
            out.append("\\" + ch)  # image / inline footnote "^[note]"
        elif ch == "<":
            out.append("\\<" if nxt and (nxt.isalpha() or nxt in "/!?") else ch)
        elif ch == "&":
            out.append("\\&" if _ENTITY.match(text, i) else ch)
        elif ch == "~":
            out.append("\\~" if "~" in (prev, nxt) else ch)
        elif ch == "$" and "$" in (prev, nxt):
            out.append("\\$")
        else:
            out.append(ch)
    return "".join(out)


def _escape_segment(text: str, keep: Collection[str] | None) -> str:
    """Escape inline syntax, leaving the footnote markers to keep untouched.

    URLs get the same treatment: without linkify they are plain text to the reader, and an
    unescaped "/_x_/" in one would turn into emphasis.
    """
    pieces: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        if keep is not None and m.group("n") not in keep:
            continue
        pieces.append(_escape_inline(text[pos : m.start()], "[", "]" if pos else ""))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(_escape_inline(text[pos:], "", "]" if pos else ""))
    return "".join(pieces)


_LINE_START = [
    re.compile(r"^(#)"),  # ATX heading
    re.compile(r"^(>)"),  # block quote
    re.compile(r"^([-+])(?=\s|$)"),  # bullet list
    re.compile(r"^(=)(?==*\s*$)"),  # setext underline
    re.compile(r"^(-)(?=[-\s]*$)"),  # setext underline / thematic break ("---", "- - -")
    re.compile(r"^(:)(?=::)"),  # container fence (annotations)
    re.compile(r"^(\|)(?=[-:| ]*$)"),  # table delimiter row
]


def _escape_line_start(escaped: str) -> str:
    for pattern in _LINE_START:
        if pattern.match(escaped):
            return "\\" + escaped
    # "1. text" / "1) text" stay lists (content-format.md allows it), but what follows the
    # number starts a block of its own ("1. # x" would be a heading inside the list item).
    if re.fullmatch(r"\d{1,9}[.)]", escaped):
        return escaped[:-1] + "\\" + escaped[-1]  # an empty list item would hide the number
    item = re.match(r"^(\d{1,9}[.)][ \t]+)(.*)$", escaped)
    if item:
        return item.group(1) + _escape_line_start(item.group(2))
    # "[^1]: text" at the start of a line would be a footnote definition.
    if re.match(r"^\[\^[^\]]*\]:", escaped):
        return "\\" + escaped
    return escaped


def _escape_line(line: str, keep: Collection[str] | None) -> str:
    return _escape_line_start(_escape_segment(line, keep))


def escape_text(text: str, *, footnotes: Collection[str] | None = None) -> str:
    """Backslash-escape what Markdown would read as syntax, keeping every word.

    Footnote markers `[^N]` are kept as markers when N is in `footnotes` (all markers when
    `footnotes` is None); other `[^...]` are escaped. White space is normalised per line and
    blank lines are dropped, so the result is one paragraph.
    """
    lines = [normalise_space(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(_escape_line(x, footnotes) for x in lines if x)


# --- bare URLs in notes ----------------------------------------------------------------------

# A URL in a note's text: up to white space or a character an autolink may not hold.
_BARE_URL = re.compile(r"(?<![<\w])(?:https?://|www\.)[^\s<>\"'«»“”]+", re.I)


def _url_end(url: str) -> str:
    """The URL without the punctuation of the sentence around it ("(…/a)." → "…/a")."""
    while url and url[-1] in ".,;:!?)]":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break  # "…/Foo_(bar)": the bracket is the URL's own
        if url[-1] == "]" and url.count("[") >= url.count("]"):
            break
        url = url[:-1]
    return url


def escape_note(text: str, *, footnotes: Collection[str] | None = None) -> str:
    """`escape_text` for a note, with every bare URL in it an autolink (`<https://…>`).

    Importers see URLs as plain text (a PDF has no links); written as autolinks they are links
    on the page, and nothing inside them is escaped (an autolink takes no escapes). A note is
    one line: its white space is normalised first.
    """
    text = normalise_space(text)
    out: list[str] = []
    pos = 0
    for m in _BARE_URL.finditer(text):
        url = _url_end(m.group(0))
        if len(url) < 8 or not re.search(r"\w\.\w", url):
            continue
        out.append(_escape_between(text[pos : m.start()], footnotes))
        if re.match(r"https?://", url, re.I) and "%" not in url:
            out.append(f"<{url}>")
        elif re.match(r"https?://", url, re.I):
            # An autolink shows "%20" decoded (as a space): keep the address as written.
            out.append(f"[{escape_text(url)}](<{url}>)")
        else:  # "<www.x.nl>" is no autolink: a link with the address as written for its text
            out.append(f"[{escape_text(url)}](<https://{url}>)")
        pos = m.start() + len(url)
    if not out:
        return escape_text(text, footnotes=footnotes)
    out.append(_escape_between(text[pos:], footnotes))
    return "".join(out)


def _escape_between(text: str, footnotes: Collection[str] | None) -> str:
    """Escape the text between two links, keeping the spaces at its edges (escape_text
    strips them)."""
    if not text.strip():
        return text
    escaped = escape_text(text, footnotes=footnotes)
    return (" " if text[0].isspace() else "") + escaped + (" " if text[-1].isspace() else "")


# --- writing ---------------------------------------------------------------------------------


def _table(rows: list[list[str]], keep: Collection[str] | None) -> str:
    width = max((len(r) for r in rows), default=0)
    if not width:
        return ""

    def cell(value: str) -> str:
        return escape_text(normalise_space(value), footnotes=keep).replace("|", "\\|") or " "

    lines = []
    for i, row in enumerate(rows):
        cells = [cell(c) for c in row] + [" "] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def _sort_key(label: str) -> tuple[int, int | str]:
    return (0, int(label)) if label.isdigit() else (1, label)


def write_block(block: Block, keep: Collection[str] | None = None) -> str:
    """Markdown for one block (no trailing newline); "" when the block holds no text."""
    if block.kind == "heading":
        text = escape_text(normalise_space(block.text), footnotes=keep)
        text = re.sub(r"(#+)$", r"\\\1", text)  # a closing "#" sequence would vanish
        return f"## {text}" if text else ""
    if block.kind == "table":
        return _table(block.rows, keep)
    return escape_text(block.text, footnotes=keep)


def write_document(
    meta: Metadata,
    paragraphs: list[Block],
    footnotes: dict[str, str],
    source_notes: list[tuple[str, str]],
) -> str:
    """The whole document: front matter, blocks, "## Bronnen" list, footnote definitions.

    `footnotes` maps a marker number ("1") to its text; `source_notes` are the question source
    notes as (label, text) in order, written as a `1) text` list under "## Bronnen"
    ("## Sources" for English documents).
    """
    keep = set(footnotes)
    parts = [write_block(b, keep) for b in paragraphs]
    parts = [p for p in parts if p]
    if source_notes:
        items = []
        for label, text in source_notes:
            body = escape_note(text, footnotes=keep)
            label = label.strip()
            if label.isdigit():
                items.append(f"{label}) {body}")
            else:
                items.append(escape_text(f"{label}) {body}"))
        parts.append(f"## {SOURCES_HEADING.get(meta.language, 'Bronnen')}")
        parts.append("\n".join(items))
    if footnotes:
        defs = []
        for number in sorted(footnotes, key=_sort_key):
            text = " ".join(footnotes[number].split())
            body = escape_note(text, footnotes=keep)  # URLs as autolinks (content-format.md)
            defs.append(f"[^{number}]: {body}")
        parts.append("\n".join(defs))
    body = "\n\n".join(parts)
    return dump(meta) + "\n" + body + "\n"
