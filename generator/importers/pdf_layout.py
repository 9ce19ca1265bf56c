"""PDF page layout: pdfminer.six characters → lines of text with their size and position.

The official "Aanhangsel van de Handelingen" PDFs are typeset: running text, headings, tables,
superscript footnote markers and page-bottom footnotes differ in font size and position, not
in any markup. This module turns each page's characters into `Line`s (one baseline each, cut
into `Segment`s where a wide horizontal gap separates table cells or a list number from its
text) and keeps what later stages need to tell them apart: size, position, and which
characters are superscript. It knows nothing about Q&A documents.

Superscript digits are kept in the text between `SUP_OPEN` and `SUP_CLOSE` ("2023\x015\x02"
is "2023" followed by a raised 5), so a footnote marker glued to a year or a word stays
distinguishable from the digits it touches.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SUP_OPEN = "\x01"
SUP_CLOSE = "\x02"
SUP_RE = re.compile(f"{SUP_OPEN}(\\d+){SUP_CLOSE}")

# A spacing accent printed over the previous letter ("Kostic´") becomes a combining accent.
_COMBINING = {
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",
    "`": "\u0300",
    "\u02cb": "\u0300",
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "^": "\u0302",
    "\u02dc": "\u0303",  # ˜ tilde
    "~": "\u0303",
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02c7": "\u030c",  # ˇ caron
    "\u02da": "\u030a",  # ˚ ring
    "\u02dd": "\u030b",  # ˝ double acute
}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\t"}

_DATE_START = re.compile(
    r"^\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    r"|november|december) \d{4}",
    re.I,
)
BASELINE_TOLERANCE = 1.0  # points: characters this close vertically share a baseline
SUPERSCRIPT_RATIO = 0.8  # a character this much smaller than its line, and raised, is superscript
SEGMENT_GAP = 1.2  # a horizontal gap wider than this many font sizes starts a new segment
WORD_GAP = 0.2  # a gap wider than this many font sizes between two glyphs is a space


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    base: float  # baseline y (PDF coordinates: larger is higher on the page)
    size: float
    bold: bool
    italic: bool
    sup: bool = False


@dataclass
class Segment:
    glyphs: list[Glyph]

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max((g.x1 for g in self.glyphs if not g.text.isspace()), default=self.x0)

    @property
    def text(self) -> str:
        return _glyph_text(self.glyphs)


@dataclass
class Line:
    page: int  # 1-based
    base: float
    size: float  # dominant font size of the non-superscript glyphs
    bold: bool  # (nearly) all letters in a bold face
    segments: list[Segment] = field(default_factory=list)

    @property
    def glyphs(self) -> list[Glyph]:
        return [g for s in self.segments for g in s.glyphs]

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        """The whole line, segments joined by a space; superscripts marked."""
        return " ".join(t for t in (s.text for s in self.segments) if t)

    @property
    def plain(self) -> str:
        """The line's text without superscript markers (digits kept)."""
        return self.text.replace(SUP_OPEN, "").replace(SUP_CLOSE, "")

    def first_word_width(self) -> float:
        """Width of the line's first word: what would have had to fit on the line before.

        A number and the word after it ("11 april 2024", "€ 50", "14 juli") are typeset as
        one unbreakable unit, so they count as one word.
        """
        words: list[list[Glyph]] = [[]]
        for g in self.glyphs:
            if g.text.isspace():
                if words[-1]:
                    words.append([])
                continue
            words[-1].append(g)
        words = [w for w in words if w]
        texts = ["".join(g.text for g in w) for w in words]
        count = 1
        if len(texts) >= 3 and _DATE_START.match(" ".join(texts[:3])):
            count = 3
        elif len(texts) >= 2 and re.fullmatch(r"\d{1,4}|€|nr\.?|art\.?", texts[0], re.I):
            count = 2
        chosen = [g for w in words[:count] for g in w]
        return max(g.x1 for g in chosen) - chosen[0].x0 if chosen else 0.0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


class PdfReadError(ValueError):
    """The file is not a PDF pdfminer can read (truncated, encrypted, not a PDF at all)."""

    code = "pdf-invalid"  # pdf_limits.PdfTooLarge: pdf-too-large


def _glyph_text(glyphs: list[Glyph]) -> str:
    out: list[str] = []
    in_sup = False
    prev: Glyph | None = None
    for g in glyphs:
        sup_digit = g.sup and g.text.isdigit()
        if prev is not None and not g.text.isspace() and not prev.text.isspace():
            gap = g.x0 - prev.x1
            if gap > WORD_GAP * max(g.size, prev.size) and not (sup_digit and in_sup):
                if in_sup:
                    out.append(SUP_CLOSE)
                    in_sup = False
                out.append(" ")
        if sup_digit and not in_sup:
            out.append(SUP_OPEN)
            in_sup = True
        elif not sup_digit and in_sup:
            out.append(SUP_CLOSE)
            in_sup = False
        out.append(" " if g.text.isspace() else g.text)
        prev = g
    if in_sup:
        out.append(SUP_CLOSE)
    text = unicodedata.normalize("NFC", "".join(out))
    return re.sub(r" {2,}", " ", text).strip(" ")


def _font_flags(fontname: str) -> tuple[bool, bool]:
    name = fontname.split("+", 1)[-1].lower()
    bold = any(w in name for w in ("bold", "black", "heavy", "semibold", "demi"))
    italic = any(w in name for w in ("italic", "oblique"))
    return bold, italic


def _glyphs_of(layout) -> list[Glyph]:  # noqa: ANN001 - pdfminer LTPage / LTFigure
    from pdfminer.layout import LTChar, LTContainer

    glyphs: list[Glyph] = []
    stack = [layout]
    while stack:
        item = stack.pop()
        for obj in item:
            if isinstance(obj, LTChar):
                a, b, c, d, _e, f = obj.matrix
                if abs(b) > 0.01 or abs(c) > 0.01 or a <= 0 or d <= 0:
                    continue  # rotated or mirrored text: margin notes, watermarks
                text = obj.get_text()
                if text.startswith("(cid:"):
                    text = "\ufffd"
                text = _LIGATURES.get(text, text)
                if text in _SPACES:
                    text = " "
                bold, italic = _font_flags(obj.fontname)
                glyphs.append(Glyph(text, obj.x0, obj.x1, f, obj.size, bold, italic))
            elif isinstance(obj, LTContainer):
                stack.append(obj)
    return glyphs


def _attach_accents(glyphs: list[Glyph]) -> list[Glyph]:
    """Fold a spacing accent printed over the previous letter into that letter."""
    out: list[Glyph] = []
    for g in glyphs:
        combining = _COMBINING.get(g.text)
        if combining and out and out[-1].text.isalpha() and g.x0 < out[-1].x1 - 0.3:
            prev = out[-1]
            prev.text = unicodedata.normalize("NFC", prev.text + combining)
            continue
        out.append(g)
    return out


def _lines_of(glyphs: list[Glyph], page: int) -> list[Line]:
    # 1. Baseline clusters.
    glyphs = sorted(glyphs, key=lambda g: -g.base)
    clusters: list[list[Glyph]] = []
    for g in glyphs:
        if clusters and abs(clusters[-1][0].base - g.base) <= BASELINE_TOLERANCE:
            clusters[-1].append(g)
        else:
            clusters.append([g])

    # 2. Superscripts: small glyphs raised a little above a line of larger glyphs join that line.
    def main_size(cluster: list[Glyph]) -> float:
        sizes = Counter(round(g.size, 1) for g in cluster if not g.text.isspace())
        return sizes.most_common(1)[0][0] if sizes else cluster[0].size

    sizes = [main_size(c) for c in clusters]
    for i, cluster in enumerate(clusters):
        for j in range(i + 1, len(clusters)):
            lower = clusters[j]
            if not lower:
                continue
            rise = cluster[0].base - lower[0].base if cluster else 0
            if rise > 0.75 * sizes[j]:
                break
            if sizes[i] > SUPERSCRIPT_RATIO * sizes[j] or rise < 0.5:
                continue
            reach = 1.5 * sizes[j]
            solid = [g for g in lower if not g.text.isspace()]
            raised = [
                g
                for g in cluster
                if any(
                    g.x0 - reach <= h.x1
                    and h.x0 <= g.x1 + reach
                    and g.size <= SUPERSCRIPT_RATIO * h.size
                    and rise <= 0.75 * h.size
                    for h in solid
                )
            ]
            for g in raised:
                g.sup = True
                g.base = lower[0].base
                cluster.remove(g)
                lower.append(g)
    lines: list[Line] = []
    for cluster in clusters:
        if not cluster:
            continue
        cluster.sort(key=lambda g: g.x0)
        cluster = _attach_accents(cluster)
        # 3. Segments: cut where a gap is much wider than a word space.
        size = main_size([g for g in cluster if not g.sup] or cluster)
        segments: list[list[Glyph]] = [[]]
        last_x1: float | None = None
        for g in cluster:
            if last_x1 is not None and g.x0 - last_x1 > SEGMENT_GAP * size:
                segments.append([])
            segments[-1].append(g)
            if not g.text.isspace():
                last_x1 = max(last_x1 or g.x1, g.x1)
        segs = [Segment(s) for s in segments if any(not g.text.isspace() for g in s)]
        segs = [s for s in segs if s.text]
        # Segments of clearly different sizes on one baseline are different lines (a margin
        # note beside the running foot).
        groups: list[list[Segment]] = []
        for seg in segs:
            seg_size = main_size([g for g in seg.glyphs if not g.sup] or seg.glyphs)
            if groups:
                prev = groups[-1][-1]
                prev_size = main_size([g for g in prev.glyphs if not g.sup] or prev.glyphs)
                if abs(seg_size - prev_size) <= 0.15 * max(seg_size, prev_size):
                    groups[-1].append(seg)
                    continue
            groups.append([seg])
        for group in groups:
            glyphs = [g for s in group for g in s.glyphs]
            letters = [g for g in glyphs if g.text.isalnum() and not g.sup]
            bold = bool(letters) and sum(g.bold for g in letters) >= 0.9 * len(letters)
            size = main_size([g for g in glyphs if not g.sup] or glyphs)
            base = Counter(round(g.base, 1) for g in glyphs if not g.sup).most_common(1)
            lines.append(Line(page, base[0][0] if base else glyphs[0].base, size, bold, group))
    lines.sort(key=lambda ln: (-ln.base, ln.x0))
    return lines


def read_pages(path: Path) -> list[Page]:
    """Every page of the PDF as lines, top to bottom. Raises PdfReadError for unreadable files."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from generator.importers.pdf_limits import BoundedDocument

    data = path.read_bytes()
    if data.lstrip()[:5] != b"%PDF-":
        raise PdfReadError("the file does not start with '%PDF-': it is not a PDF")
    if b"%%EOF" not in data[-4096:]:
        raise PdfReadError("the file has no '%%EOF' marker at its end: it is truncated")
    pages: list[Page] = []
    try:
        parser = PDFParser(io.BytesIO(data))
        document = BoundedDocument(parser)  # no endless reference loop, no flate bomb
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
            interpreter.process_page(pdf_page)
            layout = device.get_result()
            glyphs = _glyphs_of(layout)
            pages.append(Page(number, layout.width, layout.height, _lines_of(glyphs, number)))
    except PdfReadError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise PdfReadError(f"pdfminer cannot read it ({type(exc).__name__}: {exc})") from exc
    refused = getattr(document, "refused", None)
    if refused is not None:  # a bomb or a loop that pdfminer caught and went on without
        raise refused
    if not pages:
        raise PdfReadError("the PDF has no pages")
    return pages
