"""content/site.yaml → SiteConfig."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ConfigError, SiteConfig, load_config, parse_config

SHIPPED = Path(__file__).parent.parent / "content" / "site.yaml"


def test_shipped_config():
    config = load_config(SHIPPED)
    assert config.title == "Antwoord — Kamervragen met antwoorden"
    assert config.base_url == "https://example.org/"
    assert config.language == "nl"
    assert config.description


def test_sub_path_and_defaults():
    config = parse_config("title: T\nbase_url: https://example.org/kamervragen\n")
    assert config.base_url == "https://example.org/kamervragen/"
    assert config.base_path == "/kamervragen/"
    assert config.language == "nl"
    assert config.absolute_url("/2025/x/") == "https://example.org/kamervragen/2025/x/"
    assert config.path_url("/2025/x/") == "/kamervragen/2025/x/"


def test_search_shard_size_is_a_number_and_no_part_of_the_page_keys():
    config = parse_config("title: T\nsearch_shard_size: 250\n")
    assert config.search_shard_size == 250
    assert SiteConfig().search_shard_size == 500
    # repr(config) is part of every page key: the shard size changes the search index only.
    assert repr(config) == repr(parse_config("title: T\n"))


def test_missing_file_gives_defaults(tmp_path):
    assert load_config(tmp_path / "site.yaml") == SiteConfig()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: T\n\nbase_ur1: https://example.org/\n", 3, "unknown key 'base_ur1'"),
        ("title: T\nbase_url: /kamervragen/\n", 2, "absolute"),
        ("title: T\nlanguage: de\n", 2, "language"),
        ("title: [a, b]\n", 1, "single value"),
        ("title: T\ntitle: U\n", 2, "twice"),
        ("title: 'T\n", 2, "YAML"),
        ("title: T\nsearch_shard_size: 0\n", 2, "search_shard_size must be a whole number"),
        ("title: T\nsearch_shard_size: veel\n", 2, "at least 1"),
        ("title: T\nsearch_shard_size: 2.5\n", 2, "not '2.5'"),
    ],
)
def test_errors_name_the_line_and_the_problem(text, line, words):
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    diagnostic = info.value.diagnostic
    assert diagnostic.severity == "error"
    assert diagnostic.line == line
    assert words in diagnostic.message
