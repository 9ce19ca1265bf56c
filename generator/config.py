"""content/site.yaml → SiteConfig.

Strict like the front matter: an unknown key or a value of the wrong kind is an error that
names the key and its line, because editors hand-edit this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.document import Diagnostic
from generator.text_safety import clean

LANGUAGES = ("nl", "en")
SEARCH_SHARD_SIZE = 500  # pages per search-index shard, unless site.yaml says otherwise
IMPORT_TIMEOUT = 30  # seconds one source may take to import (site.yaml `import: timeout:`)
IMPORT_MEMORY = 1024**3  # bytes one import may take (site.yaml `import: memory:`)
MAX_IMPORT_TIMEOUT = 3600
MIN_IMPORT_MEMORY = 64 * 1024**2  # below this even a small letter cannot be read
_UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


@dataclass(frozen=True)
class ImportLimits:
    """What one import of a raw source may take (generator/import_sandbox.py)."""

    timeout: int = IMPORT_TIMEOUT  # seconds of wall-clock time
    memory: int = IMPORT_MEMORY  # bytes of address space, beyond what the build has itself


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Antwoord"
    description: str = ""
    base_url: str = "http://127.0.0.1:8000/"  # absolute, always ends in "/"
    language: str = "nl"  # default language of documents
    # Pages per search-index shard (see generator/search_index.py). Left out of repr, which is
    # part of every page key: it changes the search index only, never a page.
    search_shard_size: int = field(default=SEARCH_SHARD_SIZE, repr=False)
    # site.yaml's `import:` (a Python keyword, hence the name). Not in repr either: it decides
    # whether a source is imported, never what a page of an imported document shows.
    import_limits: ImportLimits = field(default_factory=ImportLimits, repr=False)
    # The date the site is built for (days open on /open/): generator.lateness.build_today.
    # Out of repr as well: no document page depends on it, only /open/ (build.py adds it to
    # the key of the site-wide files), so pages are not rendered again every day.
    today: date | None = field(default=None, repr=False)
    # The editors' preview (`antwoord serve`), never a site.yaml key: it shows what the public
    # site leaves out (orphaned annotations). In repr, so its pages have keys of their own.
    preview: bool = False

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/kamervragen/"."""
        return urlsplit(self.base_url).path or "/"

    def absolute_url(self, url: str) -> str:
        """base_url + a site-relative URL ("/2025/x/" → "https://example.org/sub/2025/x/")."""
        return self.base_url + url.lstrip("/")

    def path_url(self, url: str) -> str:
        """base path + a site-relative URL ("/2025/x/" → "/sub/2025/x/")."""
        return self.base_path + url.lstrip("/")


_KEY_OF_FIELD = {"import_limits": "import"}  # site.yaml key, where it is not the field name
_KNOWN = tuple(_KEY_OF_FIELD.get(f.name, f.name) for f in fields(SiteConfig) if f.name != "preview")
_IMPORT_KEYS = ("timeout", "memory")


class ConfigError(Exception):
    """site.yaml cannot be used; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def _normalise_base_url(value: str) -> str | None:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def parse_config(text: str, file: str = "site.yaml") -> SiteConfig:
    """Read the text of site.yaml; raise ConfigError naming the file, line and key."""

    def fail(message: str, line: int | None = 1, code: str = "config-invalid") -> ConfigError:
        return ConfigError(Diagnostic(file, line, "error", code, message))

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise fail(f"not valid YAML: {problem}", mark.line + 1 if mark else 1) from None
    if node is None:
        return SiteConfig()
    if not isinstance(node, yaml.MappingNode):
        raise fail("site.yaml must be a list of 'key: value' lines", node.start_mark.line + 1)

    values: dict[str, str | int | date | ImportLimits] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key not in _KNOWN:
            raise fail(
                f"unknown key '{key}' (known keys: {', '.join(_KNOWN)})",
                line,
                "config-unknown-key",
            )
        if key in values or (key == "import" and "import_limits" in values):
            raise fail(f"key '{key}' is given twice", line)
        if key == "import":
            values["import_limits"] = _import_limits(value_node, fail)
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            raise fail(f"'{key}' must be a single value", value_node.start_mark.line + 1)
        value = yaml.safe_load(yaml.serialize(value_node))
        # A YAML escape can name a control character that no page or feed may hold.
        value = "" if value is None else clean(str(value)).strip()
        vline = value_node.start_mark.line + 1
        if key == "base_url":
            normalised = _normalise_base_url(value)
            if normalised is None:
                raise fail(
                    f"base_url must be an absolute http(s) URL such as "
                    f"https://example.org/kamervragen/, not '{value}'",
                    vline,
                )
            value = normalised
        elif key == "language" and value not in LANGUAGES:
            raise fail(f"language must be one of {', '.join(LANGUAGES)}, not '{value}'", vline)
        elif key == "title" and not value:
            raise fail("title must not be empty", vline)
        elif key == "search_shard_size":
            if not value.isdigit() or int(value) < 1:
                raise fail(
                    f"search_shard_size must be a whole number of pages, at least 1 "
                    f"(such as {SEARCH_SHARD_SIZE}), not '{value}'",
                    vline,
                )
            values[key] = int(value)
            continue
        elif key == "today":
            try:
                values[key] = date.fromisoformat(value)
            except ValueError:
                raise fail(
                    f"today must be a date written as YYYY-MM-DD (such as 2024-07-01), "
                    f"not '{value}'",
                    vline,
                ) from None
            continue
        values[key] = value
    return SiteConfig(**values)


def _import_limits(node: yaml.Node, fail: Callable[..., ConfigError]) -> ImportLimits:
    """`import:` with `timeout:` (whole seconds) and `memory:` (bytes, or "512 MB", "1 GB")."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return ImportLimits()  # `import:` with nothing under it
    if not isinstance(node, yaml.MappingNode):
        raise fail(
            "'import' takes its settings on the lines under it, indented: "
            "'timeout: 30' (seconds) and 'memory: 1 GB'",
            line,
        )
    found: dict[str, int] = {}
    for key_node, value_node in node.value:
        key, kline = key_node.value, key_node.start_mark.line + 1
        if key not in _IMPORT_KEYS:
            raise fail(
                f"unknown key 'import: {key}' (known keys: {', '.join(_IMPORT_KEYS)})",
                kline,
                "config-unknown-key",
            )
        if key in found:
            raise fail(f"key 'import: {key}' is given twice", kline)
        vline = value_node.start_mark.line + 1
        text = value_node.value.strip() if isinstance(value_node, yaml.ScalarNode) else "[…]"
        if key == "timeout":
            if not text.isdigit() or not 1 <= int(text) <= MAX_IMPORT_TIMEOUT:
                raise fail(
                    f"import: timeout must be a whole number of seconds from 1 to "
                    f"{MAX_IMPORT_TIMEOUT} (such as {IMPORT_TIMEOUT}), not '{text}'",
                    vline,
                )
            found[key] = int(text)
        else:
            size = parse_size(text)
            if size is None or size < MIN_IMPORT_MEMORY:
                raise fail(
                    f"import: memory must be a size of at least "
                    f"{MIN_IMPORT_MEMORY // 1024**2} MB, such as '1 GB' or '512 MB', not '{text}'",
                    vline,
                )
            found[key] = size
    return ImportLimits(**found)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?B?)", re.I)


def parse_size(text: str) -> int | None:
    """ "1 GB" → 1073741824 (KB, MB, GB, TB count in 1024s; a bare number is bytes)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        return None
    unit = match.group(2).upper()
    unit = unit if unit in ("", "B") or unit.endswith("B") else unit + "B"
    return int(float(match.group(1)) * _UNITS[unit])


def load_config(path: Path, *, file: str | None = None) -> SiteConfig:
    """Read site.yaml at `path`; a missing file gives the defaults. One that cannot be read
    raises OSError: taking it for a missing one would publish the site with the defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SiteConfig()
    return parse_config(text, file or path.name)
