"""Text clean-up shared by the importers: decoding raw bytes and normalising lines.

Nothing here knows about Q&A structure; it turns bytes into clean lines without losing a word.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Characters that carry no text: zero-width spaces and joiners, a BOM in the middle of a text,
# soft hyphens (a hyphenation hint inside a word: removing it keeps the word whole).
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Control characters other than tab and line feed (form feed is a page break in Tika output)
# become a space, so the words around them stay apart. Line numbers count "\n" only.
_CONTROLS = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class Decoded:
    text: str
    encoding: str
    # (severity, code, message) for what decoding had to repair
    problems: list[tuple[str, str, str]] = field(default_factory=list)


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; read them as Latin-1 instead of failing."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("antwoord-latin1", _latin1_fallback)


def _looks_like_utf16(raw: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for BOM-less UTF-16 text (mostly ASCII: every other byte NUL)."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4000]
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def decode(raw: bytes) -> Decoded:
    """Bytes → text: UTF-8 (BOM stripped), UTF-16 (BOM or evident), else cp1252 with a warning.

    Line breaks become "\\n"; NUL bytes are removed with a warning.
    """
    problems: list[tuple[str, str, str]] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw, encoding = raw[len(codecs.BOM_UTF8) :], "utf-8"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _looks_like_utf16(raw) or "utf-8"
    if encoding.startswith("utf-16"):
        text = raw.decode(encoding, errors="replace")
        if "\ufffd" in text:
            problems.append(
                ("warning", "encoding-invalid", "the UTF-16 text has invalid bytes (shown as �)")
            )
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            encoding = "cp1252"
            text = raw.decode("cp1252", errors="antwoord-latin1")
            problems.append(
                (
                    "warning",
                    "encoding-cp1252",
                    f"the file is not valid UTF-8 (byte {exc.start}); read it as Windows-1252",
                )
            )
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        count = text.count("\x00")
        text = text.replace("\x00", "")
        problems.append(("warning", "nul-bytes", f"removed {count} NUL byte(s) from the text"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding, problems)


def clean_line(line: str) -> str:
    """One line of text: invisible characters dropped, spaces (NBSP, tabs) collapsed, stripped."""
    line = _INVISIBLE.sub("", line)
    line = _CONTROLS.sub(" ", line)
    return _SPACES.sub(" ", line).strip()
