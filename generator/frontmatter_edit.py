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
    """A header in round-trip form; `text()` is the original text until something changes."""

    original: str
    data: CommentedMap
    changed: bool = False
    frozen: set[str] = field(default_factory=set)  # fields not to touch (kept as written)

    @classmethod
    def read(cls, header: str) -> FrontMatter:
        return cls(header, _load(header))

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
        position = 0
        for index, existing in enumerate(self.data):
            if existing in FIELD_ORDER and FIELD_ORDER.index(existing) < rank:
                position = index + 1
        if position == 0 and not any(k in FIELD_ORDER for k in self.data):
            position = len(self.data)
        self.data.insert(position, key, value)
        self.changed = True

    def set_mapping(self, key: str, wanted: dict[str, str]) -> None:
        """Make the mapping `key` hold exactly `wanted`: entries that stay keep their place and
        comments, new ones go at its end; an empty mapping removes the field."""
        current = self.data.get(key)
        if not wanted:
            if key in self.data:
                del self.data[key]
                self.changed = True
            return
        if not isinstance(current, CommentedMap):
            mapping = CommentedMap(wanted)
            mapping.fa.set_flow_style()  # `redirects: {old: new}`, as frontmatter.dump writes
            if key in self.data:
                self.data[key] = mapping
                self.changed = True
            else:
                self.add(key, mapping)
            return
        for old in [k for k in current if str(k) not in wanted]:
            del current[old]
            self.changed = True
        for old, new in wanted.items():
            if current.get(old) != new:
                current[old] = new
                self.changed = True

    def text(self) -> str:
        if not self.changed:
            return self.original
        yaml = _yaml()
        _data, indent, offset = load_yaml_guess_indent(self.original)
        if indent is not None:
            yaml.indent(mapping=indent, sequence=indent, offset=offset or 0)
        out = io.StringIO()
        yaml.dump(self.data, out)
        text = out.getvalue()
        # Keep the blank line (if any) the editor left before the closing fence, and the
        # header's opening newline (the text between the fences starts after '---').
        lead = self.original[: len(self.original) - len(self.original.lstrip("\n"))]
        trail = self.original[len(self.original.rstrip("\n")) :]
        return lead + text.rstrip("\n") + (trail or "\n")
