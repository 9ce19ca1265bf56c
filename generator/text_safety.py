"""Which characters may reach a file, a link or a terminal: the one place that decides.

Text comes from outside (a Word file, a PDF, a hand-edited YAML value with a `\\x1b` escape, a
file name) and goes into formats with rules of their own:

- XML 1.0 (the Atom feeds, the sitemaps) allows no C0 control character but tab, line feed and
  carriage return, no lone surrogate and neither U+FFFE nor U+FFFF: one of them anywhere makes
  the whole feed unreadable. A lone surrogate is not Unicode at all: it cannot even be written
  as UTF-8. Such a character is replaced by U+FFFD (the replacement character readers know),
  at the importer boundary and when a document is read (with a warning naming the file) and
  again where a feed, sitemap or JSON file is made (whatever got through, silently).
- A Markdown link target must stay one target: white space, line breaks, control characters,
  angle brackets and backslashes in it are percent-encoded, so no address can end the link
  and start a heading.
- A terminal obeys escape sequences and bidirectional overrides: whatever Antwoord prints
  shows them as visible escapes (`\\x1b`, `\\u202e`), so a file name cannot forge a line.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

if TYPE_CHECKING:
    from generator.importers import ImportResult

REPLACEMENT = "\ufffd"

# Not an XML 1.0 Char (https://www.w3.org/TR/xml/#charsets), or not a Unicode scalar value.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# What a terminal would act on instead of showing: C0 controls (tab and line feed too: a
# printed line is one line), DEL, C1 controls (U+009B is a one-character CSI), line and
# paragraph separators, bidirectional embeddings, overrides and isolates, and lone surrogates
# (which cannot be encoded for the terminal at all).
_TERMINAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

# Characters that may not stand in a Markdown link target as they are.
_TARGET = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f<>\\\\\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def clean(text: str) -> str:
    """`text` with every character XML 1.0 does not allow replaced by U+FFFD."""
    if NOT_XML.search(text) is None:  # the common case: no copy
        return text
    return NOT_XML.sub(REPLACEMENT, text)


def count_invalid(text: str) -> int:
    return len(NOT_XML.findall(text))


def first_invalid(text: str) -> tuple[int, str] | None:
    """(line number, "U+001B") of the first character `clean` would replace, or None."""
    found = NOT_XML.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, f"U+{ord(found.group()):04X}"


T = TypeVar("T")


def clean_data(value: T) -> T:
    """A copy of JSON-like data (dicts, lists, strings) with every string `clean`ed."""
    if isinstance(value, str):
        return clean(value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list | tuple):
        return type(value)(clean_data(v) for v in value)  # type: ignore[return-value]
    return value


def clean_fields(record: T) -> tuple[T, list[str]]:
    """A dataclass with its string (and list-of-string) fields `clean`ed, and the names of the
    fields that changed."""
    changed: dict[str, object] = {}
    for field in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        fixed = clean_data(value) if isinstance(value, str | list | tuple | dict) else value
        if fixed != value:
            changed[field.name] = fixed
    if not changed:
        return record, []
    return dataclasses.replace(record, **changed), list(changed)  # type: ignore[type-var]


def link_target(url: str) -> str:
    """A link address that stays one Markdown link target, whatever it holds.

    Leading and trailing white space is dropped (Word keeps what was typed around an address);
    white space, line breaks, control and bidi characters inside, `<`, `>` and `\\` are
    percent-encoded (as a browser would send them); a lone surrogate (not Unicode) and U+FFFE
    and U+FFFF become U+FFFD first."""
    url = url.strip()
    if _TARGET.search(url) is None:
        return url

    def encoded(m: re.Match[str]) -> str:
        char = m.group()
        return quote(REPLACEMENT if "\ud800" <= char <= "\udfff" else char, safe="")

    return _TARGET.sub(encoded, url)


def printable(text: str) -> str:
    """`text` as one terminal line: control and bidi characters shown as `\\x1b` / `\\u202e`."""
    if _TERMINAL.search(text) is None:
        return text

    def shown(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL.sub(shown, text)


def clean_import(result: ImportResult, source: str) -> ImportResult:
    """The importer boundary: an imported document holds only text every output allows.

    What an importer read from the raw file (a `w:sym` naming a surrogate, a control character
    in a PDF's text, a file name) is replaced by U+FFFD, with one warning naming the source.
    Front-matter values are checked after YAML has read them: YAML writes a control character
    as an escape (`"\\x1b"`), which reads back as the character itself."""
    from generator import frontmatter
    from generator.document import Diagnostic

    text = result.markdown
    replaced: list[str] = []
    header, body, _line = frontmatter.split(text)
    if header is not None and ("\\" in header or NOT_XML.search(header)):
        meta, *_ = frontmatter.parse(text, source)
        fixed, names = clean_fields(meta)
        if names:
            text = frontmatter.dump(fixed) + body
            replaced += [f"the {name}" for name in names]
    found = first_invalid(text)
    if found is not None:
        replaced.append(f"{count_invalid(text)} place(s) of the text (first {found[1]})")
        text = clean(text)
    if not replaced:
        return result
    warning = Diagnostic(
        source,
        None,
        "warning",
        "import-invalid-character",
        f"holds characters that are not text (control characters or broken Unicode) in "
        f"{', '.join(replaced)}; each is shown as {REPLACEMENT}",
    )
    return dataclasses.replace(result, markdown=text, diagnostics=[*result.diagnostics, warning])
