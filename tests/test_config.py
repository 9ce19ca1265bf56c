"""content/site.yaml → SiteConfig."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ConfigError, ImportLimits, SiteConfig, load_config, parse_config

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


def test_import_limits_default_to_30_s_and_1_gb_and_are_no_part_of_the_page_keys():
    assert SiteConfig().import_limits == ImportLimits(timeout=30, memory=1024**3)
    config = parse_config("title: T\nimport:\n  timeout: 5\n  memory: 512 MB\n")
    assert config.import_limits == ImportLimits(timeout=5, memory=512 * 1024**2)
    assert parse_config("import:\n  memory: 1.5GB\n").import_limits.memory == 1536 * 1024**2
    assert parse_config("import:\n  memory: 100000000\n").import_limits.memory == 100_000_000
    assert parse_config("import:\n").import_limits == ImportLimits()
    assert parse_config("import: {timeout: 60}\n").import_limits == ImportLimits(timeout=60)
    # They decide whether a source is imported, never what a page shows.
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
        ("title: T\nimport: 30\n", 2, "'import' takes its settings on the lines under it"),
        ("title: T\nimport:\n  timout: 30\n", 3, "unknown key 'import: timout'"),
        ("import:\n  timeout: 0\n", 2, "timeout must be a whole number of seconds from 1"),
        ("import:\n  timeout: 1.5\n", 2, "not '1.5'"),
        ("import:\n  timeout: 3601\n", 2, "from 1 to 3600"),
        ("import:\n  memory: veel\n", 2, "memory must be a size of at least 64 MB"),
        ("import:\n  memory: 1 MB\n", 2, "not '1 MB'"),
        ("import:\n  memory: 1 PB\n", 2, "such as '1 GB'"),
        ("import:\n  memory: [1, 2]\n", 2, "memory must be a size"),
        ("import:\n  timeout: 5\n  timeout: 6\n", 3, "'import: timeout' is given twice"),
        ("import: {}\nimport: {}\n", 2, "'import' is given twice"),
    ],
)
def test_errors_name_the_line_and_the_problem(text, line, words):
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    diagnostic = info.value.diagnostic
    assert diagnostic.severity == "error"
    assert diagnostic.line == line
    assert words in diagnostic.message
