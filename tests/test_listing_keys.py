"""Listing pages and feeds kept without rendering when what they show is unchanged
(generator/file_keys.py): after every kind of change the site is byte for byte the one a clean
build makes, and the pages that did not change were not rendered again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.stages.finish as finish_stage
from generator import file_keys
from generator.build import build

LINKED = Path(__file__).parent / "fixtures" / "linked"
MINISTRIES = ("Financiën", "Justitie en Veiligheid", "Onderwijs, Cultuur en Wetenschap")


@pytest.fixture(autouse=True)
def no_search_index(monkeypatch):
    """Pagefind and the link check are not what is tested here (test_search_index.py)."""
    monkeypatch.setattr(finish_stage, "finish_site", lambda folder, *args: [])
    monkeypatch.setattr(finish_stage, "index_is_current", lambda search: True)


def document(i: int, title: str | None = None, year: int | None = None) -> str:
    year = year or 2000 + i % 5
    return f"""---
title: {title or f"Antwoord op vragen over onderwerp {i}"}
kind: answer
language: nl
answered_by: Minister Nummer {i % 4}
ministry: {MINISTRIES[i % 3]}
received: {year}-{1 + i % 12:02d}-{1 + i % 27:02d}
submitted: {year}-{1 + i % 12:02d}-01
questioners: ["Kamerlid {i % 7} (Partij {i % 2})"]
---

## Vraag 1

Wat is er bekend over onderwerp {i}?

## Antwoord op vraag 1

Over onderwerp {i} is dit bekend.
"""


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "documents").mkdir(parents=True)
    shutil.copy(LINKED / "site.yaml", folder / "site.yaml")
    for i in range(70):  # 20 a listing page: several pages in every listing
        (folder / "documents" / f"d{i:03d}.md").write_text(document(i), "utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".antwoord-site"
    }


def clean_build(content: Path, out: Path) -> dict[str, bytes]:
    fresh = out.parent / f"{out.name}-content"
    shutil.copytree(content, fresh, ignore=shutil.ignore_patterns(".cache"))
    assert build(fresh, out).exit_status == 0
    return tree(out)


def counted(monkeypatch) -> list[bool]:
    """Whether each keyed file was kept (True) or rendered (False) in the next build."""
    seen: list[bool] = []
    kept = file_keys.FileKeys.kept

    def spy(self, rel, *inputs):
        result = kept(self, rel, *inputs)
        seen.append(result)
        return result

    monkeypatch.setattr(file_keys.FileKeys, "kept", spy)
    return seen


CHANGES = {
    "an old document added": lambda c: (c / "documents" / "oud.md").write_text(
        document(500, year=1999), "utf-8"
    ),
    "a new document added": lambda c: (c / "documents" / "nieuw.md").write_text(
        document(501, year=2030), "utf-8"
    ),
    "a document removed": lambda c: (c / "documents" / "d010.md").unlink(),
    "a title changed": lambda c: (c / "documents" / "d020.md").write_text(
        document(20, title="Een andere titel"), "utf-8"
    ),
    "a date changed": lambda c: (c / "documents" / "d030.md").write_text(
        document(30, year=2010), "utf-8"
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_after_a_change_the_site_is_the_one_a_clean_build_makes(content, tmp_path, change):
    out = tmp_path / "site"
    assert build(content, out).exit_status == 0
    CHANGES[change](content)
    assert build(content, out).exit_status == 0
    assert tree(out) == clean_build(content, tmp_path / "clean")


def test_an_old_document_renders_only_the_listing_pages_it_changes(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(content, out).exit_status == 0
    before = tree(out)
    CHANGES["an old document added"](content)
    seen = counted(monkeypatch)
    result = build(content, out)
    assert result.exit_status == 0
    after = tree(out)
    listing_files = [rel for rel in after if rel.endswith(("index.html", "feed.xml"))]
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert seen.count(True) > seen.count(False) > 0, (seen.count(True), seen.count(False))
    # Every listing file rendered again did change (a kept one could not have: the clean
    # build test above), so nothing was rendered for nothing beyond its listing's count line.
    assert seen.count(False) <= len(changed & set(listing_files)), sorted(changed)


def test_a_no_op_keeps_every_listing_file_without_asking(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(content, out).exit_status == 0
    seen = counted(monkeypatch)
    assert build(content, out).exit_status == 0
    assert seen == []  # the whole-site key held: not one listing file was even keyed


def test_a_theme_or_configuration_change_renders_every_listing_file(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(content, out).exit_status == 0
    config = content / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("title:", "title: Nieuw", 1), "utf-8")
    seen = counted(monkeypatch)
    assert build(content, out).exit_status == 0
    assert seen and not any(seen)
    assert tree(out) == clean_build(content, tmp_path / "clean")
