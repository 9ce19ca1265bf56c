"""Read a Word (.docx) file into plain data: paragraphs of inline pieces, tables, footnotes.

python-docx opens the package and gives us the parts; where it has no API (footnotes,
auto-numbering labels, line and page breaks inside runs, complex fields, bookmarks) we walk
its lxml element tree ourselves. Nothing here knows about questions and answers: the
importer (`docx.py`) decides what the paragraphs mean.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from generator.importers import MAX_LIST_LEVEL, MAX_LIST_NUMBER, MAX_TABLE_COLUMNS

InlineKind = Literal["text", "note", "break", "page", "tab"]


@dataclass
class Inline:
    """One piece of running text: a run of characters with one formatting, or a mark."""

    kind: InlineKind
    text: str = ""
    bold: bool = False
    italic: bool = False
    url: str | None = None  # the hyperlink this text is part of
    note: str | None = None  # Word footnote id, for kind == "note"


@dataclass
class Paragraph:
    index: int  # 1-based position among all paragraphs of the body, for diagnostics
    inlines: list[Inline] = field(default_factory=list)
    style: str | None = None
    number: str | None = None  # the auto-numbering label Word shows ("1)"), not in the text
    num_format: str | None = None  # decimal, bullet, lowerLetter, ...
    level: int = 0
    in_table: bool = False
    has_textbox: bool = False

    @property
    def text(self) -> str:
        """The characters of the paragraph; breaks and tabs as single spaces."""
        return "".join(
            i.text if i.kind == "text" else " " for i in self.inlines if i.kind != "note"
        )

    @property
    def note_ids(self) -> list[str]:
        return [i.note for i in self.inlines if i.kind == "note" and i.note]


@dataclass
class Table:
    index: int  # index of its first paragraph
    rows: list[list[list[Paragraph]]]  # rows → cells → paragraphs

    @property
    def text(self) -> str:
        return " ".join(p.text for row in self.rows for cell in row for p in cell)


Block = Paragraph | Table


@dataclass
class WordDocument:
    blocks: list[Block]
    footnotes: dict[str, list[Paragraph]]  # Word footnote id (endnotes: "e" + id) → paragraphs
    title: str | None = None  # docProps/core.xml title (often stale: a reused template)
    clamped: list[str] = field(default_factory=list)  # numbers too large to use as written


_OFF = {"0", "false", "off", "none"}
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


def _whole(
    value: str | None, default: int, highest: int, clamped: list[str] | None = None, what=""
) -> int:
    """A whole number attribute, clamped to 0..highest (see MAX_LIST_NUMBER): what a file
    says is never used to count or repeat by until it is a size a document can have. A
    clamped value is noted in `clamped` ("a list that starts at 900000000000")."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()):  # absent, negative or no number: the default
        return default
    number = highest + 1 if len(text) > 18 else int(text)
    if number > highest and clamped is not None:
        shown = text if len(text) <= 24 else f"{text[:20]}… ({len(text)} digits)"
        clamped.append(f"{what} {shown} is more than a document can hold; read as {highest}")
    return min(number, highest)


def _flag(rpr, tag: str) -> bool:
    if rpr is None:
        return False
    el = rpr.find(qn(tag))
    if el is None:
        return False
    return (el.get(qn("w:val")) or "true").lower() not in _OFF


# --- numbering -------------------------------------------------------------------------------


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def _to_letters(n: int) -> str:
    # Word: a..z, then aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _to_letters(n)
    if fmt == "upperLetter":
        return _to_letters(n).upper()
    if fmt == "lowerRoman":
        return _to_roman(n)
    if fmt == "upperRoman":
        return _to_roman(n).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and the many decimal variants


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class Numbering:
    """Computes the labels of auto-numbered paragraphs (numbering.xml), in document order."""

    def __init__(self, numbering_el, styles_el) -> None:
        self.clamped: list[str] = []  # numbers of the file that were too large (_whole)
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_num: dict[str, tuple[str, int]] = {}
        if numbering_el is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for an in numbering_el.findall(qn("w:abstractNum")):
                abstract[an.get(qn("w:abstractNumId"))] = self._read_levels(an)
            for num in numbering_el.findall(qn("w:num")):
                aid = num.find(qn("w:abstractNumId"))
                levels = dict(abstract.get(aid.get(qn("w:val")) if aid is not None else "", {}))
                for override in num.findall(qn("w:lvlOverride")):
                    ilvl = self._level_number(override.get(qn("w:ilvl")))
                    lvl = override.find(qn("w:lvl"))
                    if lvl is not None:
                        levels[ilvl] = self._read_level(lvl)
                    start = override.find(qn("w:startOverride"))
                    if start is not None:
                        base = levels.get(ilvl, _Level())
                        value = self._start(start.get(qn("w:val")))
                        levels[ilvl] = _Level(value, base.fmt, base.text)
                self._levels[num.get(qn("w:numId"))] = levels
        if styles_el is not None:
            self._read_style_numbering(styles_el)

    def _start(self, value: str | None) -> int:
        return _whole(value, 1, MAX_LIST_NUMBER, self.clamped, "a list that starts at")

    def _level_number(self, value: str | None) -> int:
        return _whole(value, 0, MAX_LIST_LEVEL, self.clamped, "a list level of")

    def _read_level(self, lvl) -> _Level:
        def val(tag: str, default: str) -> str:
            el = lvl.find(qn(tag))
            return el.get(qn("w:val")) if el is not None and el.get(qn("w:val")) else default

        start = self._start(val("w:start", "1"))
        return _Level(start, val("w:numFmt", "decimal"), val("w:lvlText", ""))

    def _read_levels(self, an) -> dict[int, _Level]:
        return {
            self._level_number(lvl.get(qn("w:ilvl"))): self._read_level(lvl)
            for lvl in an.findall(qn("w:lvl"))
        }

    def _read_style_numbering(self, styles_el) -> None:
        styles = {s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))}

        def lookup(style_id: str, depth: int = 0) -> tuple[str, int] | None:
            style = styles.get(style_id)
            if style is None or depth > 10:
                return None
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id = num_pr.find(qn("w:numId"))
                ilvl = num_pr.find(qn("w:ilvl"))
                if num_id is not None:
                    level = self._level_number(ilvl.get(qn("w:val"))) if ilvl is not None else 0
                    return num_id.get(qn("w:val")), level
            based = style.find(qn("w:basedOn"))
            return lookup(based.get(qn("w:val")), depth + 1) if based is not None else None

        for style_id in styles:
            found = lookup(style_id)
            if found:
                self._style_num[style_id] = found

    def label(self, ppr, style: str | None) -> tuple[str | None, str | None, int]:
        """(label, numFmt, level) of a paragraph, counting it; (None, None, 0) if not numbered."""
        num_id, ilvl = None, 0
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            nid = num_pr.find(qn("w:numId"))
            lvl = num_pr.find(qn("w:ilvl"))
            num_id = nid.get(qn("w:val")) if nid is not None else None
            ilvl = self._level_number(lvl.get(qn("w:val"))) if lvl is not None else 0
            if num_id is None and style in self._style_num:
                num_id = self._style_num[style][0]
        elif style in self._style_num:
            num_id, ilvl = self._style_num[style]
        if not num_id or num_id == "0" or num_id not in self._levels:
            return None, None, 0
        levels = self._levels[num_id]
        level = levels.get(ilvl, _Level())
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "-", "bullet", ilvl
        text = level.text
        for k in range(ilvl + 1):
            k_level = levels.get(k, _Level())
            value = counters.get(k, k_level.start)
            text = text.replace(f"%{k + 1}", format_number(value, k_level.fmt))
        return text.strip() or None, level.fmt, ilvl


# --- runs and paragraphs ---------------------------------------------------------------------


class _Reader:
    """Walks body and footnote XML, keeping the state that spans paragraphs (complex fields)."""

    def __init__(self, numbering: Numbering | None, rels) -> None:
        self.numbering = numbering
        self.rels = rels
        self.fields: list[str] = []  # stack of "instr" / "result" for complex fields
        self.clamped: list[str] = []  # numbers of the file that were too large (_whole)
        self.count = 0

    def _url(self, hyperlink) -> str | None:
        rid = hyperlink.get(qn("r:id"))
        if rid and self.rels is not None and rid in self.rels:
            rel = self.rels[rid]
            if rel.is_external:
                return rel.target_ref
        anchor = hyperlink.get(qn("w:anchor"))
        return None if anchor is None else None  # internal bookmarks: keep the text only

    def paragraph(self, p, *, in_table: bool = False) -> Paragraph:
        self.count += 1
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style = style_el.get(qn("w:val")) if style_el is not None else None
        para = Paragraph(self.count, style=style, in_table=in_table)
        if self.numbering is not None:
            para.number, para.num_format, para.level = self.numbering.label(ppr, style)
        self._content(p, para, url=None)
        return para

    def _content(self, parent, para: Paragraph, url: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == qn("w:r"):
                self._run(child, para, url)
            elif tag == qn("w:hyperlink"):
                self._content(child, para, self._url(child) or url)
            elif tag == qn("w:fldSimple"):
                self._content(child, para, url)  # its runs are the field's cached result
            elif tag in (qn("w:ins"), qn("w:moveTo"), qn("w:smartTag"), qn("w:customXml")):
                self._content(child, para, url)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self._content(content, para, url)
            elif tag == qn("m:oMathPara") or tag == qn("m:oMath"):
                text = "".join(t.text or "" for t in child.iter(qn("m:t")))
                if text:
                    para.inlines.append(Inline("text", text))
            # w:del, w:moveFrom (deleted text), bookmarks, proofErr, pPr: nothing to show

    def _visible(self) -> bool:
        return all(state == "result" for state in self.fields)

    def _run(self, r, para: Paragraph, url: str | None) -> None:
        rpr = r.find(qn("w:rPr"))
        if _flag(rpr, "w:vanish") or _flag(rpr, "w:specVanish"):
            return
        bold = _flag(rpr, "w:b")
        italic = _flag(rpr, "w:i")
        for child in r:
            tag = child.tag
            if tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.fields.append("instr")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if not self._visible():
                continue
            if tag == qn("w:t"):
                if child.text:
                    para.inlines.append(Inline("text", child.text, bold, italic, url))
            elif tag == qn("w:tab") or tag == qn("w:ptab"):
                para.inlines.append(Inline("tab", "\t"))
            elif tag == qn("w:br"):
                kind = child.get(qn("w:type"))
                para.inlines.append(Inline("page" if kind in ("page", "column") else "break"))
            elif tag == qn("w:cr"):
                para.inlines.append(Inline("break"))
            elif tag == qn("w:noBreakHyphen"):
                para.inlines.append(Inline("text", "-", bold, italic, url))
            elif tag == qn("w:sym"):
                char = child.get(qn("w:char")) or ""
                try:
                    code = int(char, 16)
                except ValueError:
                    continue
                # Symbol-font characters (Wingdings ticks, arrows) live in the private use
                # area and mean nothing outside that font: leave them out.
                if 0x20 <= code < 0xE000:
                    para.inlines.append(Inline("text", chr(code), bold, italic, url))
            elif tag == qn("w:footnoteReference"):
                para.inlines.append(Inline("note", note=child.get(qn("w:id"))))
            elif tag == qn("w:endnoteReference"):  # endnotes become footnotes too
                para.inlines.append(Inline("note", note=f"e{child.get(qn('w:id'))}"))
            elif tag in (qn("w:drawing"), qn("w:pict"), _MC_ALTERNATE) and any(
                (t.text or "").strip() for t in child.iter(qn("w:t"))
            ):
                para.has_textbox = True
            # w:softHyphen, w:lastRenderedPageBreak, w:footnoteRef, w:instrText: nothing

    def blocks(self, parent, *, in_table: bool = False) -> list[Block]:
        out: list[Block] = []
        for child in parent:
            tag = child.tag
            if tag == qn("w:p"):
                out.append(self.paragraph(child, in_table=in_table))
            elif tag == qn("w:tbl"):
                out.append(self.table(child))
            elif tag in (qn("w:sdt"),):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    out.extend(self.blocks(content, in_table=in_table))
            elif tag == qn("w:customXml"):
                out.extend(self.blocks(child, in_table=in_table))
        return out

    def table(self, tbl) -> Table:
        table = Table(self.count + 1, [])
        for tr in tbl.iter(qn("w:tr")):
            if tr.getparent() is not None and tr.getparent() is not tbl:
                # rows of nested tables are read with their cell; rows inside sdt/customXml
                # wrappers still belong to this table
                owner = tr.getparent()
                while owner is not None and owner.tag != qn("w:tbl"):
                    owner = owner.getparent()
                if owner is not tbl:
                    continue
            row: list[list[Paragraph]] = []
            for tc in tr:
                if tc.tag == qn("w:sdt"):
                    content = tc.find(qn("w:sdtContent"))
                    cells = content.findall(qn("w:tc")) if content is not None else []
                elif tc.tag == qn("w:tc"):
                    cells = [tc]
                else:
                    continue
                for cell in cells:
                    paragraphs: list[Paragraph] = []
                    for block in self.blocks(cell, in_table=True):
                        if isinstance(block, Table):  # a nested table: flatten to paragraphs
                            paragraphs.extend(p for r in block.rows for c in r for p in c)
                        else:
                            paragraphs.append(block)
                    tcpr = cell.find(qn("w:tcPr"))
                    span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                    row.append(paragraphs)
                    if span is not None:  # a merged cell: empty cells keep the columns apart
                        width = _whole(
                            span.get(qn("w:val")),
                            1,
                            MAX_TABLE_COLUMNS,
                            self.clamped,
                            "a table cell that spans (gridSpan)",
                        )
                        room = MAX_TABLE_COLUMNS - len(row)
                        row.extend([] for _ in range(min(width - 1, room)))
            table.rows.append(row)
        return table


def _notes(package_part) -> dict[str, list[Paragraph]]:
    """Footnotes (by Word id) and endnotes (by "e" + Word id) with their paragraphs."""
    notes: dict[str, list[Paragraph]] = {}
    for reltype, tag, prefix in ((RT.FOOTNOTES, "w:footnote", ""), (RT.ENDNOTES, "w:endnote", "e")):
        part = next(
            (
                rel.target_part
                for rel in package_part.rels.values()
                if not rel.is_external and rel.reltype == reltype
            ),
            None,
        )
        if part is None:
            continue
        element = getattr(part, "element", None)
        if element is None:
            element = parse_xml(part.blob)
        reader = _Reader(None, part.rels)
        for note in element.findall(qn(tag)):
            if note.get(qn("w:type")) in (
                "separator",
                "continuationSeparator",
                "continuationNotice",
            ):
                continue
            paragraphs = [b for b in reader.blocks(note) if isinstance(b, Paragraph)]
            notes[prefix + (note.get(qn("w:id")) or "")] = paragraphs
    return notes


def read_docx(path: Path) -> WordDocument:
    """Read `path`; raise ValueError naming the file when it is not a readable Word document."""
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path.name} is not a Word (.docx) file: it is not a zip archive")
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise ValueError(f"{path.name} is not a Word (.docx) file: {exc}") from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path.name} is not a readable Word (.docx) file: {exc}") from exc
    except Exception as exc:  # lxml syntax errors and the like from a damaged package
        raise ValueError(f"{path.name} could not be read as a Word document: {exc}") from exc
    part = document.part
    try:
        numbering_el = part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_el = None
    try:
        styles_el = part.styles.element if hasattr(part, "styles") else None
    except (KeyError, NotImplementedError):
        styles_el = None
    numbering = Numbering(numbering_el, styles_el)
    reader = _Reader(numbering, part.rels)
    blocks = reader.blocks(document.element.body)
    title = document.core_properties.title or None
    return WordDocument(blocks, _notes(part), title, [*numbering.clamped, *reader.clamped])
