"""Tables on every screen: each table in a box of its own that scrolls sideways on a narrow
screen, named for assistive technology, with its figures right-aligned and its caption.

A markdown-it plugin. A core rule (it only sets attributes and meta on the tokens, so the
token ranges that qa_plugin recorded stay valid) numbers the tables of a document, finds the
caption the source printed right above a table ("Tabel 1: Meldingen per jaar", or a short
title line), and marks the
columns that hold figures; two render rules put the box around the table.

The box is a `div` with `role="region"`, `tabindex="0"` (a keyboard user can scroll it) and an
accessible name: the caption when there is one (`aria-labelledby`), else "Tabel N".
"""

from __future__ import annotations

import re
from functools import partial
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The caption a source prints above its table: "Tabel 1", "Tabel 2: …", "Table 3 – …".
CAPTION_RE = re.compile(r"^(?:tabel|table|overzicht|figuur)\s*\d*\s*(?:[:.–—-]|$)", re.I)
# A cell that is a figure: "12", "1.234", "12,5%", "€ 3,4 mln", "(4)".
_FIGURE = re.compile(
    r"^[(\s]*[-+−–]?\s*[€$£]?\s*\d[\d.,\s]*(?:%|‰|x|mln\.?|mld\.?|miljoen|miljard|k)?[)\s*]*$",
    re.I,
)
_NO_VALUE = re.compile(r"^(?:[-–—]|n\.?v\.?t\.?|n/a|\*)$", re.I)
_WORD = {"nl": "Tabel", "en": "Table"}


def tables_plugin(md: MarkdownIt, language: str = "nl") -> None:
    md.core.ruler.push("tables", partial(_tables_core, word=_WORD.get(language, "Tabel")))
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)


def is_caption(text: str) -> bool:
    """The paragraph right above a table is its caption when it says so ("Tabel 1: …") or is
    a title: short, one line, not a sentence (no closing full stop, colon or question mark —
    "De cijfers zijn als volgt:" introduces the table, it does not name it)."""
    text = text.strip()
    if not text or len(text) > 200 or "\n" in text:
        return False
    if CAPTION_RE.match(text):
        return True
    return not re.search(r"[.:;?!]$", text) and text[:1].isupper()


def is_figure(text: str) -> bool:
    text = text.strip()
    return bool(text) and bool(_FIGURE.match(text)) and any(c.isdigit() for c in text)


def _tables_core(state, word: str) -> None:
    tokens: list[Token] = state.tokens
    number = 0
    for i, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        number += 1
        name = f"{word} {number}"
        token.meta["region"] = {"label": name}
        if (
            i >= 3
            and tokens[i - 1].type == "paragraph_close"
            and tokens[i - 2].type == "inline"
            and tokens[i - 3].type == "paragraph_open"
            and is_caption(tokens[i - 2].content)
        ):
            caption_id = f"{word.lower()}-{number}-{'bijschrift' if word == 'Tabel' else 'caption'}"
            tokens[i - 3].attrSet("class", "table-caption")
            tokens[i - 3].attrSet("id", caption_id)
            token.meta["region"] = {"labelledby": caption_id}
        _mark_figure_columns(tokens, i)


def _mark_figure_columns(tokens: list[Token], start: int) -> None:
    """Give class "num" to every cell of a column whose body cells are all figures."""
    rows: list[list[tuple[Token, str]]] = []
    in_body = False
    i = start + 1
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "tbody_open":
            in_body = True
        elif t.type == "tr_open":
            rows.append([])
        elif t.type in ("th_open", "td_open") and rows:
            content = tokens[i + 1].content if tokens[i + 1].type == "inline" else ""
            rows[-1].append((t, content if in_body else "\0header"))
        i += 1
    width = max((len(r) for r in rows), default=0)
    for col in range(width):
        cells = [r[col] for r in rows if col < len(r)]
        body = [text.strip() for _, text in cells if text != "\0header" and text.strip()]
        figures = [text for text in body if not _NO_VALUE.match(text)]  # "-" stands for none
        if figures and all(is_figure(text) for text in figures):
            for cell, _ in cells:
                cell.attrJoin("class", "num")


def _table_open(self, tokens, idx, options, env) -> str:
    region = tokens[idx].meta.get("region", {})
    if "labelledby" in region:
        name = f'aria-labelledby="{escape(region["labelledby"])}"'
    else:
        name = f'aria-label="{escape(region.get("label", "Tabel"))}"'
    return f'<div class="table-wrap" role="region" tabindex="0" {name}>\n' + self.renderToken(
        tokens, idx, options, env
    )


def _table_close(self, tokens, idx, options, env) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"
