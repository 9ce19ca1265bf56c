"""Small files that once hung an import or took gigabytes (issue 14, point 3), made in code.

Each function writes one file of a few KB (a flate bomb: about 1 MB) and returns nothing. They
are shared by the hostile suite (generated.py), tests/test_import_bounds.py and
bench/hostile_imports.py. Nothing large is committed: the bombs are built from a deflate block
that is repeated, so making one costs milliseconds.

- self_referencing_pdf: `4 0 obj 4 0 R endobj`, the page's /Resources; pdfminer's resolve1
  follows the reference for ever.
- numbering_start_docx: a list whose numbering starts at 9×10¹¹ in lower-case roman numerals
  (the label is built one "m" at a time: ~10⁹ steps and a 900 MB string).
- grid_span_docx: table cells that span 40 million grid columns (one empty cell each).
- understated_zip_docx: word/document.xml declares 600 bytes unpacked; its deflate stream
  holds 1 GB. zipfile stops at the declared size but inflates up to 1 GB in one call first.
- flate_bomb_pdf: a page content stream of 1 KB of text followed by 1.5 GB of spaces.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024

# --- zip (docx) ------------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )


def _paragraph(text: str, numbered: bool = False) -> str:
    num = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    return f"<w:p>{num if numbered else ''}<w:r><w:t>{text}</w:t></w:r></w:p>"


QUESTION = _paragraph("Vraag 1") + _paragraph("Kent u het bericht?")
ANSWER = _paragraph("Antwoord op vraag 1") + _paragraph("Ja.")


def _numbering(start: int, fmt: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/>'
        '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _padded_deflate(head: bytes, fill: bytes, megabytes: int, tail: bytes = b"") -> bytes:
    """A raw deflate stream of `head`, `megabytes` MB of the byte `fill`, then `tail`.

    After a full flush a compressor has no memory of what came before, so the compressed
    form of one MB of `fill` is the same bytes every time: it is made once and repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(fill * MB) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(fill * MB) + packer.flush(zlib.Z_FULL_FLUSH)
    assert again == block
    end = packer.compress(tail) + packer.flush()
    return start + block * megabytes + end


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive from (name, raw deflate data, CRC-32, declared unpacked size): the sizes
    and checksums are written as given, true or not."""
    local, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        local += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0
    )
    return bytes(local + central + end)


def _member(name: str, text: str) -> tuple[str, bytes, int, int]:
    data = text.encode()
    return name, _deflate(data), zlib.crc32(data), len(data)


def _docx(document: str, numbering: str | None = None) -> bytes:
    members = [
        _member("[Content_Types].xml", CONTENT_TYPES),
        _member("_rels/.rels", PACKAGE_RELS),
        _member("word/document.xml", document),
    ]
    if numbering is not None:
        members.append(_member("word/_rels/document.xml.rels", DOCUMENT_RELS))
        members.append(_member("word/numbering.xml", numbering))
    return _zip(members)


def numbering_start_docx(path: Path) -> None:
    body = QUESTION + _paragraph("Een lijst:") + _paragraph("eerste punt", numbered=True) + ANSWER
    path.write_bytes(_docx(_document(body), _numbering(900_000_000_000, "lowerRoman")))


def grid_span_docx(path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="40000000"/></w:tcPr>' + _paragraph("x") + "</w:tc>"
    table = f"<w:tbl><w:tr>{cell * 2}</w:tr></w:tbl>"
    path.write_bytes(_docx(_document(QUESTION + table + ANSWER)))


def understated_zip_docx(path: Path, megabytes: int = 1024) -> None:
    xml = _document(QUESTION + ANSWER).encode()
    data = _padded_deflate(xml, b" ", megabytes)
    members = [
        _member("[Content_Types].xml", CONTENT_TYPES),
        _member("_rels/.rels", PACKAGE_RELS),
        # The declared size and checksum are those of the XML alone: zipfile returns exactly
        # that, after inflating up to 1 GB of the rest in one call.
        ("word/document.xml", data, zlib.crc32(xml), len(xml)),
    ]
    path.write_bytes(_zip(members))


# --- PDF -------------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table for `objects` (numbered from 1)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Vraag 1) Tj 0 -20 Td (Kent u het bericht?) Tj ET\n"


def self_referencing_pdf(path: Path) -> None:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R /Contents 5 0 R >>"
    )
    stream = b"<< /Length %d >>\nstream\n" % len(TEXT) + TEXT + b"endstream"
    path.write_bytes(_pdf([CATALOG, PAGES, page, b"4 0 R", stream]))


def flate_bomb_pdf(path: Path, megabytes: int = 1536) -> None:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    raw = _padded_deflate(TEXT, b" ", megabytes)
    # A zlib stream: header, deflate data, the Adler-32 of what it unpacks to. A bomb need not
    # be valid to cost memory, but a valid one also fools a reader that checks (pdfminer
    # falls back to inflating byte by byte when the checksum is wrong).
    adler = zlib.adler32(TEXT)
    spaces = b" " * MB
    for _ in range(megabytes):
        adler = zlib.adler32(spaces, adler)
    data = b"\x78\xda" + raw + struct.pack(">I", adler)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    path.write_bytes(_pdf([CATALOG, PAGES, page, FONT, stream]))


BOMBS: dict[str, Callable[[Path], None]] = {
    "self-referencing.pdf": self_referencing_pdf,
    "numbering-start.docx": numbering_start_docx,
    "grid-span.docx": grid_span_docx,
    "understated-zip.docx": understated_zip_docx,
    "flate-bomb.pdf": flate_bomb_pdf,
}
