"""A minimal writer of "Aanhangsel van de Handelingen"-like PDFs for importer tests.

Lays out paragraphs the way the official PDFs do (see the corpus): a masthead on page 1,
running text in a narrow column at x=221 in 8.5 pt, lines filled greedily to the column
width, a blank line between paragraphs, superscript footnote markers (`^3^` in the text is a
raised, smaller "3"), page-bottom footnotes in 6.9 pt, the publication id / ISSN in the left
margin of page 1 and the running foot "Tweede Kamer, vergaderjaar ..., Aanhangsel N" on every
page. Helvetica (a standard font: no font file needed), text encoded as Windows-1252.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pdfminer.fontmetrics import FONT_METRICS

LEFT = 221.0
WIDTH = 330.0
SIZE = 8.5
PITCH = 9.6
NOTE_SIZE = 6.9
TOP = 520.0  # first body line on page 1 (below the masthead)
TOP_NEXT = 771.0  # first body line on later pages
BOTTOM = 190.0  # no body line below this: the footnotes and running foot live there

_WIDTHS = FONT_METRICS["Helvetica"][1]
_SUP = re.compile(r"\^(\d+)\^")


def _width(text: str, size: float) -> float:
    plain = _SUP.sub(lambda m: m.group(1), text)
    return sum(_WIDTHS.get(ch, 556) for ch in plain) * size / 1000


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and _width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _line_ops(x: float, y: float, text: str, size: float) -> str:
    """One line; `^N^` pieces are set smaller on a raised baseline, as real markers are."""
    ops = []
    for i, piece in enumerate(_SUP.split(text)):
        if not piece:
            continue
        if i % 2:
            small = round(size * 0.6, 1)
            ops.append(f"BT /F1 {small} Tf {x:.2f} {y + size * 0.4:.2f} Td ({_esc(piece)}) Tj ET")
            x += _width(piece, small)
        else:
            ops.append(f"BT /F1 {size} Tf {x:.2f} {y} Td ({_esc(piece)}) Tj ET")
            x += _width(piece, size)
    return " ".join(ops)


@dataclass
class Page:
    paragraphs: list[str]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (number, text)


def aanhangsel(
    pages: list[Page],
    *,
    publication: str = "ah-tk-20162017-1234",
    year: str = "2016–2017",
    masthead_size: float | None = None,
) -> bytes:
    """The PDF bytes. Each paragraph is wrapped to the column.

    `masthead_size` sets every masthead line in that size (older volumes set part of the
    masthead in the body's size).
    """
    number = publication.rsplit("-", 1)[-1]
    streams: list[str] = []
    for index, page in enumerate(pages, start=1):
        ops: list[str] = []
        if index == 1:
            masthead = [
                (55, 762, "Tweede Kamer der Staten-Generaal", 18.1),
                (55, 706, f"Vergaderjaar {year} Aanhangsel van de Handelingen", 10),
                (LEFT, 649, "Vragen gesteld door de leden der Kamer, met de daarop door de", 9.1),
                (LEFT, 639, "regering gegeven antwoorden", 9.1),
                (LEFT, 560, number, 12.8),
            ]
            for x, y, text, size in masthead:
                ops.append(_line_ops(x, y, text, masthead_size or size))
            ops.append(_line_ops(55, 82, publication, 5.9))
            ops.append(_line_ops(55, 76, "ISSN 0921 - 7398", 5.9))
            ops.append(_line_ops(55, 69, f"’s-Gravenhage {year[-4:]}", 5.9))
        y = TOP if index == 1 else TOP_NEXT
        for paragraph in page.paragraphs:
            if "\t" in paragraph:
                # "Vraag 1\tKent u ...": a label in its own column, the text beside it
                label, text = paragraph.split("\t", 1)
                ops.append(_line_ops(LEFT, y, label, SIZE))
                for line in _wrap(text, SIZE, WIDTH - 60):
                    ops.append(_line_ops(LEFT + 60, y, line, SIZE))
                    y -= PITCH
                y -= PITCH
                continue
            for line in _wrap(paragraph, SIZE, WIDTH):
                if y < BOTTOM:
                    raise ValueError("page overflow: move paragraphs to the next page")
                ops.append(_line_ops(LEFT, y, line, SIZE))
                y -= PITCH
            y -= PITCH  # the blank line between paragraphs
        y = 100.0 + 9 * len(page.notes)
        for printed, text in page.notes:
            ops.append(_line_ops(LEFT, y, f"^{printed}^ {text}", NOTE_SIZE))
            y -= 9
        ops.append(
            _line_ops(LEFT, 69, f"Tweede Kamer, vergaderjaar {year}, Aanhangsel {index}", 9.1)
        )
        streams.append("\n".join(ops))
    return assemble(streams)


def assemble(streams: list[str]) -> bytes:
    """A PDF file of one page per content stream (Helvetica as F1)."""
    objects: list[bytes] = []
    kids = []
    for text in streams:
        stream = text.encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects) + 2
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 FONT 0 R >> >> >>" % content
        )
        kids.append(len(objects) + 2)
    font = len(objects) + 3
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects = [o.replace(b"FONT", b"%d" % font) for o in objects]
    kid_refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kid_refs, len(kids)),
        *objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
