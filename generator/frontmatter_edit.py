"""Edit an editor's front matter without rewriting it: ruamel.yaml's round-trip mode.

`antwoord import --update` used to read the front matter into Metadata and write it back with
`frontmatter.dump`, which dropped every YAML comment and replaced what Metadata cannot hold
(`received: 11 januari 2024` became null, `kind: antwoord` became `answer`, an unknown field
vanished). Here the header stays the editor's text: ruamel.yaml (a YAML library made for
round trips) keeps comments, key order, quoting and flow style, and only the fields the update
must add or change are touched. When nothing changes, the header's text is returned as it
was, byte for byte.

The build still reads front matter with PyYAML's safe loader (generator.frontmatter). This
module is only used on a header that loader accepted (no tags, anchors or aliases, at most
MAX_FRONT_MATTER bytes), and ruamel's round-trip loader builds only plain maps, lists and
scalars, never Python objects.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from generator.frontmatter import FIELD_ORDER


class Unreadable(Exception):
    """The header could not be loaded for a round trip (message, 1-based line in the header)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold an editor's long title onto two lines
    return yaml


def _load(header: str) -> CommentedMap:
    try:
        data = _yaml().load(header)
    except (YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise Unreadable(str(problem), line) from exc
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise Unreadable("the front matter is not a list of 'field: value' lines", 1)
    return data


@dataclass
class FrontMatter:
    """A header in round-trip form. ruamel.yaml reads it (values, and the line of each field)
    and writes each field the update adds or changes; the text of every other line is left
    exactly as it was (ruamel's own dump would still respace `key:   value` or re-indent a
    list), and `text()` is the original text until something changes."""

    original: str
    data: CommentedMap
    frozen: set[str] = field(default_factory=set)  # fields not to touch (kept as written)
    # Fields to write: key → value; `_new` are added ones in the order they go in the header.
    _set: dict[str, object] = field(default_factory=dict)
    _new: list[str] = field(default_factory=list)
    _starts: dict[str, int] = field(default_factory=dict)  # 0-based line of each field read

    @classmethod
    def read(cls, header: str) -> FrontMatter:
        data = _load(header)
        starts = {str(k): int(data.lc.key(k)[0]) for k in data}
        return cls(header, data, _starts=starts)

    @property
    def changed(self) -> bool:
        return bool(self._set)

    def fields(self) -> list[str]:
        return [str(k) for k in self.data]

    def raw(self, key: str) -> object:
        return self.data.get(key)

    def line(self, key: str) -> int:
        """1-based line of `key` within the header text."""
        try:
            return int(self.data.lc.key(key)[0]) + 1
        except (KeyError, TypeError, AttributeError):
            return 1

    def add(self, key: str, value: object) -> None:
        """Add a field the header does not have, where FIELD_ORDER puts it among the others."""
        assert key not in self.data
        rank = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
        position = len(self.data) if not any(k in FIELD_ORDER for k in self.data) else 0
        for index, existing in enumerate(self.data):
            if existing in FIELD_ORDER and FIELD_ORDER.index(existing) < rank:
                position = index + 1
        self.data.insert(position, key, value)
        self._set[key] = value
        self._new.append(key)

    def set_mapping(self, key: str, wanted: dict[str, str]) -> None:
        """Make the mapping `key` hold exactly `wanted`: entries that stay keep their place and
        comments, new ones go at its end; an empty mapping removes the field."""
        current = self.data.get(key)
        if not wanted:
            if key in self.data:
                del self.data[key]
                self._set[key] = None  # None: the field's lines go
            return
        if not isinstance(current, CommentedMap):
            mapping = CommentedMap(wanted)
            mapping.fa.set_flow_style()  # `redirects: {old: new}`, as frontmatter.dump writes
            if key in self.data:
                self.data[key] = mapping
                self._set[key] = mapping
            else:
                self.add(key, mapping)
            return
        changed = False
        for old in [k for k in current if str(k) not in wanted]:
            del current[old]
            changed = True
        for old, new in wanted.items():
            if current.get(old) != new:
                current[old] = new
                changed = True
        if changed:
            self._set[key] = current

    def text(self) -> str:
        if not self.changed:
            return self.original
        lines = self.original.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        order = [str(k) for k in self.data]
        start = dict(self._starts)  # fields removed since included: their lines go
        edits: list[tuple[int, int, int, str]] = []  # (first line, end line, order, text)
        for key, value in self._set.items():
            if key not in self._new:
                end = self._value_end(lines, key, start)
                edits.append((start[key], end, 0, self._dump(key, value)))
        for seq, key in enumerate(self._new, start=1):
            earlier = [k for k in order[: order.index(key)] if k in start]
            if earlier:
                at = self._value_end(lines, earlier[-1], start)
            elif start:
                at = min(start.values())
            else:  # line 0 is what follows the opening '---': never write there
                at = max(1, _content_end(lines, len(lines)))
            edits.append((at, at, seq, self._dump(key, self._set[key])))
        # Bottom up, so the line numbers of the edits above stay valid; of two additions at
        # one place the later goes in first, so they stand in their order.
        for first, end, _seq, text in sorted(edits, reverse=True):
            lines[first:end] = [text] if text else []
        return "".join(lines)

    def _value_end(self, lines: list[str], key: str, start: dict[str, int]) -> int:
        """The line after `key`'s value: the next field's line, less the comment and blank
        lines standing right above it (those belong to the next field)."""
        later = sorted(line for line in start.values() if line > start[key])
        return _content_end(lines, later[0] if later else len(lines), start[key] + 1)

    def _dump(self, key: str, value: object) -> str:
        if value is None:
            return ""
        yaml = _yaml()
        _data, indent, offset = load_yaml_guess_indent(self.original)
        if indent is not None:
            yaml.indent(mapping=indent, sequence=indent, offset=offset or 0)
        out = io.StringIO()
        single = CommentedMap()
        single[key] = value
        yaml.dump(single, out)
        return out.getvalue()


def _content_end(lines: list[str], end: int, floor: int = 0) -> int:
    """`end`, moved up over the column-0 comment lines and blank lines above it."""
    while end > floor and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end
