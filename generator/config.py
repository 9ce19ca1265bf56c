"""content/site.yaml → SiteConfig.

Strict like the front matter: an unknown key or a value of the wrong kind is an error that
names the key and its line, because editors hand-edit this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.document import Diagnostic
from generator.text_safety import clean

LANGUAGES = ("nl", "en")
SEARCH_SHARD_SIZE = 500  # pages per search-index shard, unless site.yaml says otherwise


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Antwoord"
    description: str = ""
    base_url: str = "http://127.0.0.1:8000/"  # absolute, always ends in "/"
    language: str = "nl"  # default language of documents
    # Pages per search-index shard (see generator/search_index.py). Left out of repr, which is
    # part of every page key: it changes the search index only, never a page.
    search_shard_size: int = field(default=SEARCH_SHARD_SIZE, repr=False)

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


_KNOWN = tuple(f.name for f in fields(SiteConfig))


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

    values: dict[str, str | int] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key not in _KNOWN:
            raise fail(
                f"unknown key '{key}' (known keys: {', '.join(_KNOWN)})",
                line,
                "config-unknown-key",
            )
        if key in values:
            raise fail(f"key '{key}' is given twice", line)
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
        values[key] = value
    return SiteConfig(**values)


def load_config(path: Path, *, file: str | None = None) -> SiteConfig:
    """Read site.yaml at `path`; a missing file gives the defaults."""
    if not path.exists():
        return SiteConfig()
    return parse_config(path.read_text(encoding="utf-8"), file or path.name)
