"""A pdfminer document that a small hostile PDF cannot send into an endless loop or a bomb.

pdfminer trusts the file in two places that cost a hostile PDF of a few hundred bytes nothing:

- `resolve1` follows an object that is itself a reference until it is not one: `4 0 obj 4 0 R
  endobj` (or 4 → 5 → 4) loops for ever. Here an object that is only a reference is followed
  once, in `getobj`, with the chain remembered: a loop is an error, never a hang.
- a stream is inflated whole (`zlib.decompress`): 1.5 MB of FlateDecode can hold 1.5 GB. Every
  stream of a PDF is an indirect object, so each passes through `getobj` before pdfminer
  decodes it; here its filters are run first in a counting mode that inflates in chunks and
  keeps nothing, and once the streams of the document together would unpack to more than
  `MAX_PDF_UNPACKED` the import stops with `pdf-too-large`. A predictor's row buffer (its
  `/Columns`, a number from the file) is charged to the same budget.

Both are done by subclassing pdfminer's public PDFDocument and overriding its public
`getobj`; nothing of pdfminer is patched.
"""

from __future__ import annotations

import io
import zlib

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFObjRef,
    PDFStream,
)

from generator.importers import MAX_UNPACKED
from generator.importers.pdf_layout import PdfReadError

# What the streams of one PDF may unpack to together. A Handelingen PDF of 20 pages unpacks
# to about 1 MB (its content streams and fonts); images are not inflated by the importer.
MAX_PDF_UNPACKED = MAX_UNPACKED
MAX_REFERENCE_CHAIN = 32  # an object that is a reference to a reference to ... (real: 1 or 2)
_CHUNK = 256 * 1024


class PdfTooLarge(PdfReadError):
    """The PDF's streams unpack to more than MAX_PDF_UNPACKED."""

    code = "pdf-too-large"


class BoundedDocument(PDFDocument):
    """pdfminer's PDFDocument with reference chains and inflated stream bytes bounded."""

    unpacked_limit = MAX_PDF_UNPACKED

    def __init__(self, *args, **kwargs) -> None:
        self.unpacked = 0  # bytes the counted streams unpack to so far
        self.refused: PdfReadError | None = None  # what getobj raised, should pdfminer hide it
        self._counted: set[int] = set()
        super().__init__(*args, **kwargs)

    def getobj(self, objid: int) -> object:
        obj = super().getobj(objid)
        seen = [objid]
        while isinstance(obj, PDFObjRef):  # an object that is only a reference: follow it here
            if obj.objid in seen or len(seen) > MAX_REFERENCE_CHAIN:
                chain = " → ".join(str(n) for n in [*seen, obj.objid])
                self.refused = PdfReadError(f"its objects refer to each other in a loop ({chain})")
                raise self.refused
            seen.append(obj.objid)
            obj = super().getobj(obj.objid)
        number = getattr(obj, "objid", None) or objid  # a chain ends at another object
        if isinstance(obj, PDFStream) and obj.data is None and number not in self._counted:
            self._counted.add(number)
            self.unpacked += unpacked_size(obj, self.unpacked_limit - self.unpacked)
            if self.unpacked > self.unpacked_limit:
                self.refused = PdfTooLarge(
                    f"its streams unpack to more than {self.unpacked_limit // 1024 // 1024} MB "
                    "(a compression bomb?)"
                )
                raise self.refused
        return obj


def unpacked_size(stream: PDFStream, cap: int) -> int:
    """The bytes that decoding `stream` makes with its expanding filters (Flate, LZW,
    RunLength), counted, not kept; counting stops soon after `cap`. The raw bytes are part of
    the file (already bounded by its size) and the other filters shrink them or are images
    (DCT, JPX, JBIG2, CCITT) that pdfminer does not expand when it reads text."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None and stream.genno is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    try:
        chain = stream.get_filters()
    except Exception:  # pdfminer will say what is wrong with them when it decodes
        return len(data)
    filters = [f for f, _params in chain]
    # A predictor's row width is a number read from the file: pdfminer makes a Python list of
    # `Columns` items for it (9 bytes each) whatever the data holds. Counted like output.
    total = sum(_predictor_row(params) for _f, params in chain)
    if total > cap:
        return total
    for position, name in enumerate(filters):
        last = position == len(filters) - 1
        if name in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)  # these shrink: decoding them is safe
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif name in LITERALS_FLATE_DECODE or name in LITERALS_LZW_DECODE:
            flate = name in LITERALS_FLATE_DECODE
            size = _inflated(data, cap - total) if flate else _lzw_size(data, cap - total)
            total += size
            if total > cap or last:
                return total
            # Another filter follows (a bomb inside a bomb): it needs this one's bytes, which
            # are now known to be at most `cap`.
            data = _inflate(data) if flate else _lzw(data)
        elif name in LITERALS_RUNLENGTH_DECODE:
            total += _runlength_size(data)
            if total > cap or last:
                return total
            from pdfminer.runlength import rldecode

            data = rldecode(data)
        else:
            return total
    return total


def _predictor_row(params: object) -> int:
    """Bytes pdfminer's PNG/TIFF predictor takes for one row buffer (0: no predictor)."""
    from pdfminer.pdftypes import resolve1

    if not isinstance(params, dict) or "Predictor" not in params:
        return 0
    try:
        columns = resolve1(params.get("Columns", 1))
        colors = resolve1(params.get("Colors", 1))
        return 9 * max(int(columns), 1) * max(int(colors), 1)
    except (TypeError, ValueError, OverflowError):
        return 0


def _inflated(data: bytes, cap: int) -> int:
    """What zlib makes of `data` (as far as it is valid: pdfminer keeps that much too)."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for start in range(0, len(data), _CHUNK):
            size += len(inflater.decompress(data[start : start + _CHUNK], _CHUNK))
            while inflater.unconsumed_tail and size <= cap:
                size += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
            if size > cap or inflater.eof:
                break
    except zlib.error:
        pass
    return size


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        return inflater.decompress(data)
    except zlib.error:
        return b""


def _lzw_size(data: bytes, cap: int) -> int:
    from pdfminer.lzw import LZWDecoder

    size = 0
    try:
        for piece in LZWDecoder(io.BytesIO(data)).run():
            size += len(piece)
            if size > cap:
                break
    except Exception:  # a damaged LZW stream: pdfminer decodes as much as this counted
        pass
    return size


def _lzw(data: bytes) -> bytes:
    from pdfminer.lzw import lzwdecode

    try:
        return lzwdecode(data)
    except Exception:
        return b""


def _runlength_size(data: bytes) -> int:
    """PDF RunLength: a length byte n < 128 copies n + 1 bytes, n > 128 repeats one 257 - n
    times, 128 ends the data."""
    size, at = 0, 0
    while at < len(data):
        length = data[at]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            at += length + 2
        else:
            size += 257 - length
            at += 2
    return size
