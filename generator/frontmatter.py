"""YAML front matter of a Markdown document: split, read into Metadata, and write back.

Reading is strict: an unknown field or a value of the wrong type is a diagnostic naming the
file and line, never silently ignored, because editors hand-edit these files.
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date

import yaml

from generator.document import Diagnostic, Metadata
from generator.notices import notice_problem
from generator.slug import is_valid_slug

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_FENCE = re.compile(r"^---[ \t]*\r?$", re.M)
KINDS = ("answer", "notice", "questions")
# Field order when writing: the order of DESIGN.md's example, extensions after.
FIELD_ORDER = [
    "title",
    "kind",
    "language",
    "publication",
    "answered_by",
    "ministry",
    "portfolio",
    "on_behalf_of",
    "received",
    "submitted",
    "questioners",
    "subject",
    "kamer_reference",
    "letter_date",
    "letter_reference",
    "see_also",
    "source",
    "tags",
    "slug",
    "aliases",
    "redirects",
    "notice_kind",
]
_LIST_FIELDS = {"questioners", "see_also", "tags", "on_behalf_of", "aliases"}
_DATE_FIELDS = {"received", "submitted", "letter_date"}
_KNOWN = {f.name for f in fields(Metadata)}
# Written only when set, so hand-written documents and older imports stay as they were.
_OPTIONAL = {
    "ministry",
    "portfolio",
    "on_behalf_of",
    "submitted",
    "subject",
    "kamer_reference",
    "letter_date",
    "letter_reference",
    "slug",
    "aliases",
    "redirects",
    "notice_kind",
}
MAX_FRONT_MATTER = 64 * 1024  # bytes; a larger header is not something an editor wrote


def split_offsets(text: str) -> tuple[int, int, int] | None:
    """(header start, header end, body start) offsets in `text`, or None without front matter.

    text[:header start] is the opening fence, text[header end:body start] the closing one
    with its line break: `antwoord import --update` puts a document back together from these
    pieces, so what it does not change stays byte for byte."""
    if not text.startswith("---"):
        return None
    first = _FENCE.match(text)
    if not first:
        return None
    end = _FENCE.search(text, first.end())
    if not end:
        return None
    body_start = end.end()
    if text.startswith("\r\n", body_start):
        body_start += 2
    elif text.startswith("\n", body_start):
        body_start += 1
    return first.end(), end.start(), body_start


def split(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, line number of the body's first line)."""
    offsets = split_offsets(text)
    if offsets is None:
        return None, text, 1
    header_start, header_end, body_start = offsets
    body_line = text.count("\n", 0, header_end) + 2
    return text[header_start:header_end], text[body_start:], body_line


def _slug_problem(slug: str) -> str | None:
    if is_valid_slug(slug):
        return None
    return (
        f"slug '{slug}' is not allowed: use lower-case letters, digits and '-' only "
        "(it becomes the page address); the file name is used instead"
    )


def _source_problem(source: str) -> str | None:
    """`source` names a raw file inside the content folder: sources/<file name>."""
    parts = source.replace("\\", "/").split("/")
    if (
        source.startswith(("/", "\\", "~"))
        or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", source)  # C:\..., file:, http:
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(ch) < 32 for ch in source)
    ):
        return (
            f"source '{source}' is not allowed: it must name a file inside the content "
            "folder, like sources/letter.docx"
        )
    return None


_PATH_FIELDS = {"slug": _slug_problem, "source": _source_problem}


def _refused_yaml(header: str) -> tuple[str, str, int] | None:
    """(code, message, line) when the header uses YAML that an editor never needs.

    Tags (`!!python/object`, `!!binary`) make the loader build other kinds of values, and
    anchors with aliases (`&a`, `*a`) let a few lines expand into billions of values (the
    "billion laughs" attack). Front matter is plain fields and lists, so both are refused
    before anything is built from the YAML.
    """
    if not any(ch in header for ch in "!&*"):
        return None  # the common case: no token can be a tag, an anchor or an alias
    try:
        for token in yaml.scan(header, Loader=_Loader):
            line = token.start_mark.line + 1
            if isinstance(token, yaml.TagToken):
                return (
                    "front-matter-yaml-tag",
                    "YAML tags (a value starting with '!') are not allowed in front matter; "
                    "put the value in quotes",
                    line,
                )
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return (
                    "front-matter-yaml-alias",
                    "YAML anchors and aliases ('&name', '*name') are not allowed in front "
                    "matter; write the value out, or put it in quotes",
                    line,
                )
    except yaml.YAMLError:
        return None  # the loader reports the syntax error with its line
    return None


def _key_lines(header: str) -> dict[str, int]:
    """File line of each top-level key (the header starts on the opening fence's line)."""
    lines = {}
    for i, line in enumerate(header.splitlines(), start=1):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m:
            lines.setdefault(m.group(1), i)
    return lines


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _as_redirects(value: object) -> dict[str, str] | None:
    """`redirects: {old-id: new-id, ...}` as a dict of strings, or None when malformed."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return None
    if any(isinstance(v, (dict, list)) or v is None for v in value.values()):
        return None
    return {str(k): str(v) for k, v in value.items()}


def parse(
    text: str, file: str, *, default_language: str = "nl"
) -> tuple[Metadata, str, int, list[Diagnostic]]:
    """Read a whole document: (metadata, Markdown body, first body line, diagnostics)."""
    diags: list[Diagnostic] = []
    header, body, body_line = split(text)

    def diag(severity: str, code: str, message: str, line: int | None = 1) -> None:
        diags.append(Diagnostic(file, line, severity, code, message))  # type: ignore[arg-type]

    data: dict = {}
    if header is None:
        diag(
            "warning",
            "front-matter-missing",
            "the document has no front matter (--- ... ---) at the top",
        )
    elif len(header.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER:
        diag(
            "error",
            "front-matter-too-large",
            f"the front matter is larger than {MAX_FRONT_MATTER // 1024} KB",
        )
    elif (refused := _refused_yaml(header)) is not None:
        diag("error", refused[0], refused[1], refused[2])
    else:
        try:
            loaded = yaml.load(header, Loader=_Loader)  # noqa: S506 - safe loader
        except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [repr(exc)])[0]
            diag(
                "error",
                "front-matter-invalid",
                f"the front matter is not valid YAML: {problem}",
                line,
            )
            loaded = {}
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            diag(
                "error",
                "front-matter-invalid",
                "the front matter must be a list of 'field: value' lines",
            )
            loaded = {}
        data = loaded

    key_line = _key_lines(header or "")
    values: dict = {}
    for key, value in data.items():
        line = key_line.get(str(key), 1)
        if key not in _KNOWN:
            known = ", ".join(FIELD_ORDER)
            diag(
                "error",
                "front-matter-unknown-field",
                f"unknown field '{key}' (known fields: {known})",
                line,
            )
            continue
        if key == "redirects":
            redirects = _as_redirects(value)
            if redirects is None:
                diag(
                    "error",
                    "front-matter-type",
                    "field 'redirects' must be lines of 'old-id: new-id'",
                    line,
                )
                continue
            value = redirects
        elif key in _LIST_FIELDS:
            if value is None:
                value = []
            elif isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                diag("error", "front-matter-type", f"field '{key}' must be a list", line)
                continue
            value = [str(v) for v in value if v is not None]
        elif key in _DATE_FIELDS:
            if value is None:
                values[key] = None
                continue
            parsed = _as_date(value)
            if parsed is None:
                diag(
                    "error",
                    "front-matter-date",
                    f"field '{key}' must be a date like 2025-09-22, not '{value}'",
                    line,
                )
                continue
            value = parsed
        elif value is not None:
            if isinstance(value, (dict, list)):
                diag("error", "front-matter-type", f"field '{key}' must be a single value", line)
                continue
            value = str(value)
        values[key] = value

    if values.get("kind") not in (None, *KINDS):
        diag(
            "error",
            "front-matter-kind",
            f"kind must be one of {', '.join(KINDS)}, not '{values['kind']}'",
            key_line.get("kind", 1),
        )
        values.pop("kind")
    if values.get("notice_kind") is not None:
        problem = notice_problem(values["notice_kind"])
        if problem:
            diag("error", "front-matter-notice-kind", problem, key_line.get("notice_kind", 1))
            values.pop("notice_kind")
    if values.get("aliases"):
        bad = [a for a in values["aliases"] if not is_valid_slug(a)]
        if bad:
            diag(
                "error",
                "front-matter-aliases",
                f"aliases are former slugs of this document (lower-case letters, digits and "
                f"'-'); not allowed: {', '.join(repr(a) for a in bad)}",
                key_line.get("aliases", 1),
            )
            values["aliases"] = [a for a in values["aliases"] if is_valid_slug(a)]
    for key, check in _PATH_FIELDS.items():
        problem = check(values[key]) if values.get(key) else None
        if problem:
            diag("error", f"front-matter-{key}", problem, key_line.get(key, 1))
            values.pop(key)
    if not values.get("language"):
        values["language"] = default_language
    if not values.get("title"):
        if header is not None:
            diag("warning", "front-matter-no-title", "the document has no title")
        values["title"] = ""
    values = {k: v for k, v in values.items() if v is not None or k in _DATE_FIELDS}
    return Metadata(**values), body, body_line, diags


def dump(meta: Metadata) -> str:
    """Front matter block (with fences) for `meta`, fields in a fixed order."""
    data: dict = {}
    for name in FIELD_ORDER:
        value = getattr(meta, name)
        optional = name in _OPTIONAL
        if optional and not value:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        data[name] = value
    text = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
    )
    # safe_dump quotes ISO dates as strings; dates read back fine either way, but unquoted dates
    # are what editors write by hand.
    text = re.sub(
        r"^(received|submitted|letter_date): '(\d{4}-\d{2}-\d{2})'$", r"\1: \2", text, flags=re.M
    )
    return f"---\n{text}---\n"
