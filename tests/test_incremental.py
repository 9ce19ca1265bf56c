"""Incremental builds: the cache, dependency tracking, and writing only files that changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator.cache
import generator.stages.finish as finish_stage
import generator.stages.imports as imports_stage
import generator.stages.link as link_stage
import generator.stages.read as read_stage
import generator.stages.scan as scan_stage
from generator.build import build
from generator.cache import MAGIC, Cache, cache_folder, decode, encode
from generator.render import THEME
from generator.sitewriter import SiteWriter
from generator.stages.record import build_record_key
from generator.stages.render import PageEntry

FIXTURE = Path(__file__).parent / "fixtures" / "site"
PAGE = "2025/spreidingswet/index.html"
JSON = "api/documents/spreidingswet.json"
ANNOTATIONS = "api/annotations/spreidingswet.jsonld"  # names the document's title


@pytest.fixture(autouse=True)
def no_search_index(request, monkeypatch):
    """Pagefind and the link check take a second per build and are tested in test_site.py;
    here they would only slow the many small builds down (one test keeps them)."""
    if "real_finish" not in request.keywords:
        monkeypatch.setattr(finish_stage, "finish_site", lambda folder, *args: [])
        monkeypatch.setattr(finish_stage, "index_is_current", lambda search: True)


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE, folder)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    """path → (inode, mtime): what a deploy sync looks at."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def edit(content: Path, old: str, new: str, name: str = "spreidingswet.md") -> None:
    path = content / "documents" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the cache ---------------------------------------------------------------------------------


def test_entry_round_trip_and_damage_is_detected(tmp_path):
    cache = Cache(tmp_path)
    cache.put("ab" * 32, {"page": b"<html>"})
    assert cache.get("ab" * 32) == {"page": b"<html>"}
    raw = encode({"page": b"<html>"})
    assert raw.startswith(MAGIC) and decode(raw) == {"page": b"<html>"}
    assert decode(raw[:-1]) is None  # truncated
    flipped = bytearray(raw)
    flipped[-1] ^= 1
    assert decode(bytes(flipped)) is None  # one bit wrong
    assert decode(b"") is None and decode(MAGIC) is None


def test_corrupted_entry_is_removed_and_reported_as_a_miss(tmp_path):
    cache = Cache(tmp_path)
    key = "cd" * 32
    cache.put(key, "value")
    path = tmp_path / key[:2] / key[2:]
    path.write_bytes(path.read_bytes()[:-3])
    assert cache.get(key) is None
    assert cache.stats.corrupt == 1 and not path.exists()


def test_second_build_reads_nothing_again(content, tmp_path):
    first = build(content, tmp_path / "site")
    assert first.from_cache == 0 and first.pages_written > 2
    second = build(content, tmp_path / "site")
    assert second.from_cache == 2 and second.pages_written == 0
    assert second.pages_unchanged == first.pages_written
    assert second.diagnostics == first.diagnostics  # warnings are reported every time


def test_cache_serves_a_new_output_folder_without_parsing(content, tmp_path, monkeypatch):
    build(content, tmp_path / "a")
    import generator.reader

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed although the cache holds the document")

    monkeypatch.setattr(generator.reader, "read_document", no_parsing)
    result = build(content, tmp_path / "b")
    assert result.exit_status == 0 and result.from_cache == 2
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_content_change_misses_for_that_document_only(content, tmp_path):
    build(content, tmp_path / "site")
    edit(content, "Gemeenten zijn gehouden", "Alle gemeenten zijn gehouden")
    result = build(content, tmp_path / "site")
    assert result.from_cache == 1  # written-questions; spreidingswet was parsed again
    assert b"Alle gemeenten zijn gehouden" in (tmp_path / "site" / PAGE).read_bytes()


def test_theme_change_renders_again_from_cached_models(content, tmp_path, monkeypatch):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    first = build(content, tmp_path / "site", theme=theme)
    template = theme / "templates" / "base.html"
    template.write_text(template.read_text().replace("<body>", '<body class="nieuw">'))
    import generator.reader

    monkeypatch.setattr(generator.reader, "read_document", None)  # models come from the cache
    result = build(content, tmp_path / "site", theme=theme)
    assert result.exit_status == 0 and result.pages_written == first.pages_written
    assert b'<body class="nieuw">' in (tmp_path / "site" / PAGE).read_bytes()


def test_config_change_renders_every_page_again(content, tmp_path):
    first = build(content, tmp_path / "site")
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("title: ", "title: Nieuw ", 1))
    result = build(content, tmp_path / "site")
    assert result.pages_written == first.pages_written
    assert b"Nieuw " in (tmp_path / "site" / PAGE).read_bytes()


def test_engine_change_parses_everything_again(content, tmp_path, monkeypatch):
    build(content, tmp_path / "site")
    monkeypatch.setattr(generator.cache, "engine_version", lambda: "another engine")
    result = build(content, tmp_path / "site")
    assert result.from_cache == 0 and result.pages_written == 0  # same bytes: nothing written


def test_corrupted_cache_entries_are_rebuilt_never_served(content, tmp_path):
    build(content, tmp_path / "a")
    entries = [p for p in cache_folder(content).rglob("*") if p.is_file()]
    assert len(entries) >= 5  # 2 models, 2 pages, the build record
    for k, path in enumerate(entries):
        raw = path.read_bytes()
        # Alternately truncate and flip a byte in the middle (a torn write, a bad sector).
        path.write_bytes(raw[: len(raw) // 2] if k % 2 else raw[:-20] + b"x" * 20)
    result = build(content, tmp_path / "b")
    assert result.exit_status == 0 and result.from_cache == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


# --- dependency tracking and writing only what changed -----------------------------------------


def test_no_op_rebuild_touches_nothing(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    before, inode = stats(out), out.stat().st_ino
    cached = stats(cache_folder(content))
    result = build(content, out)
    assert result.files_written == 0
    assert stats(out) == before and out.stat().st_ino == inode
    # Not even the cache is written: `antwoord serve` watches the content folder.
    assert stats(cache_folder(content)) == cached


@pytest.mark.real_finish
def test_editing_a_body_rewrites_exactly_its_page_and_json(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    before = stats(out)
    edit(content, "Gemeenten zijn gehouden", "Alle gemeenten zijn gehouden")
    result = build(content, out)
    after = stats(out)
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    # The search index shard of the page is made anew (here the only shard).
    assert [rel for rel in changed if not rel.startswith("pagefind/")] == sorted([JSON, PAGE])
    assert result.pages_written == 1 and result.files_written == 2
    assert {r for r in after if not r.startswith("pagefind/")} == {
        r for r in before if not r.startswith("pagefind/")
    }
    assert any(r.startswith("pagefind/") for r in after)
    # A no-op keeps the search index that the last build made.
    build(content, out)
    assert stats(out) == after


def test_editing_a_title_also_rewrites_the_listings(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    before = stats(out)
    edit(content, "title: ", "title: Herzien ")
    build(content, out)
    after = stats(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert {JSON, PAGE, ANNOTATIONS, "api/documents.json", "index.html"} <= changed
    assert "documenten/feed.xml" in changed  # and the listings it appears in
    assert "2024/written-questions/index.html" not in changed  # does not cite it
    assert "Herzien " in (out / "index.html").read_text()


def test_deleted_document_takes_its_pages_with_it(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    (content / "documents" / "spreidingswet.md").unlink()
    result = build(content, out)
    assert not (out / PAGE).exists() and not (out / JSON).exists()
    assert [d.slug for d in result.documents] == ["written-questions"]
    assert "spreidingswet" not in (out / "index.html").read_text()


def test_output_file_removed_by_hand_is_written_again(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    expected = tree(out)
    (out / PAGE).unlink()
    (out / "index.html").write_text("vandalised")
    build(content, out)
    assert tree(out) == expected


def test_incremental_result_equals_a_clean_build(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    edit(content, "Gemeenten zijn gehouden", "Alle gemeenten zijn gehouden")
    edit(content, "title: ", "title: Herzien ")
    build(content, out)
    shutil.rmtree(cache_folder(content))
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_writer_stages_nothing_when_nothing_changed(tmp_path):
    out = tmp_path / "site"
    writer = SiteWriter(out, None)
    writer.put("a.html", "A")
    writer.put("b/c.json", b"C")
    record, _ = writer.commit()
    again = SiteWriter(out, record)
    assert again.put("a.html", "A") is False and again.keep("b/c.json") is True
    assert again.changed is False
    again.commit()
    assert sorted(os.listdir(tmp_path)) == ["site"]
    changed = SiteWriter(out, record)
    assert changed.put("a.html", "A2") is True and changed.keep("b/c.json")
    changed.commit()
    assert (out / "a.html").read_text() == "A2" and (out / "b" / "c.json").read_bytes() == b"C"
    assert sorted(os.listdir(tmp_path)) == ["site"]


@pytest.mark.real_finish
def test_link_check_of_pages_not_written_again_is_remembered(content, tmp_path):
    out = tmp_path / "site"
    edit(
        content, "Gemeenten zijn gehouden", "Gemeenten ([kapot](../../bestaat-niet/)) zijn gehouden"
    )
    broken = [d for d in build(content, out).errors if d.code == "link-broken"]
    assert [d.file for d in broken] == [f"site/{PAGE}"]
    # Another document changes: only its page is checked again; the broken link is still news.
    edit(content, "title: ", "title: Herzien ", name="written-questions.md")
    again = build(content, out)
    assert [d for d in again.errors if d.code == "link-broken"] == broken
    # Mended: gone.
    edit(content, "([kapot](../../bestaat-niet/))", "")
    assert [d for d in build(content, out).errors if d.code == "link-broken"] == []


# --- what a rebuild may skip: reading unchanged files, the whole-site pass ---------------------

CITING = """---
title: Vragen die naar de Spreidingswet verwijzen
kind: answer
received: 2025-10-01
---

## Vraag 1

Zie [het eerdere antwoord](spreidingswet.md#vraag-2) en [een gat](bestaat-niet.md).

## Antwoord op vraag 1

Dat klopt.
"""
CITING_PAGE = "2025/verwijzing/index.html"


def count_reads(monkeypatch) -> list[str]:
    """The document files the build reads (and hashes) from now on."""
    reads: list[str] = []
    real = scan_stage.read_document_file

    def counting(path, file):
        reads.append(file)
        return real(path, file)

    # Each stage that reads a document file: the import stage (which source has a document),
    # the scan (to hash it) and the read stage (to parse it).
    for stage in (imports_stage, scan_stage, read_stage):
        monkeypatch.setattr(stage, "read_document_file", counting)
    return reads


def no_site_pass(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the whole-site pass ran again")

    monkeypatch.setattr(link_stage, "link_site", refuse)


def test_unchanged_files_are_not_read_again_when_their_stamp_matches(
    content, tmp_path, monkeypatch
):
    monkeypatch.setattr(scan_stage, "RACY_NS", 0)  # trust stamps of files written just now
    build(content, tmp_path / "site")
    reads = count_reads(monkeypatch)
    no_site_pass(monkeypatch)
    result = build(content, tmp_path / "site")
    assert reads == [] and result.files_written == 0 and result.from_cache == 2


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(content, tmp_path, monkeypatch):
    """Git's rule: size, mtime, ctime and inode all equal, or the file is hashed again. Setting
    the mtime back (touch -d, an editor or a tool that keeps it) cannot set the ctime back."""
    monkeypatch.setattr(scan_stage, "RACY_NS", 0)
    build(content, tmp_path / "site")
    path = content / "documents" / "spreidingswet.md"
    before = path.stat()
    edit(content, "Gemeenten zijn gehouden", "Provincie zijn gehouden")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    result = build(content, tmp_path / "site")
    assert result.from_cache == 1 and result.pages_written == 1
    assert b"Provincie zijn gehouden" in (tmp_path / "site" / PAGE).read_bytes()


def test_a_new_engine_or_language_reads_stamped_files_again(content, tmp_path, monkeypatch):
    """A stamp says the bytes are unchanged, not that their model key is: that also hashes
    the engine and the site's language."""
    monkeypatch.setattr(scan_stage, "RACY_NS", 0)
    build(content, tmp_path / "site")
    monkeypatch.setattr(generator.cache, "engine_version", lambda: "another engine")
    reads = count_reads(monkeypatch)
    result = build(content, tmp_path / "site")
    both = {"documents/spreidingswet.md", "documents/written-questions.md"}
    assert set(reads) == both and result.from_cache == 0  # read and parsed again
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("language: nl", "language: en"))
    reads.clear()
    result = build(content, tmp_path / "site")
    assert set(reads) == both and result.from_cache == 0


def test_a_stamp_taken_just_after_an_edit_is_not_trusted(content, tmp_path, monkeypatch):
    """A file changed within RACY_NS of being read could change again in the same clock tick
    and keep its stamp: it is hashed again on the next build (git's racily clean entries)."""
    build(content, tmp_path / "site")
    reads = count_reads(monkeypatch)
    build(content, tmp_path / "site")
    assert sorted(reads) == ["documents/spreidingswet.md", "documents/written-questions.md"]


def test_a_body_edit_renders_one_page_without_a_new_site_pass(content, tmp_path, monkeypatch):
    (content / "documents" / "verwijzing.md").write_text(CITING.replace(" en [een gat]", ""))
    out = tmp_path / "site"
    build(content, out)
    before = stats(out)
    edit(content, "Gemeenten zijn gehouden", "Alle gemeenten zijn gehouden")
    link_site = link_stage.link_site
    no_site_pass(monkeypatch)
    result = build(content, out)
    after = stats(out)
    assert sorted(rel for rel in after if after[rel] != before.get(rel)) == sorted([JSON, PAGE])
    assert result.pages_written == 1 and result.from_cache == 2
    slugs = [d.slug for d in result.documents]
    assert slugs == ["spreidingswet", "verwijzing", "written-questions"]
    monkeypatch.setattr(link_stage, "link_site", link_site)
    shutil.rmtree(cache_folder(content))
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_changed_title_renders_the_pages_that_cite_it_again(content, tmp_path):
    (content / "documents" / "verwijzing.md").write_text(CITING)
    out = tmp_path / "site"
    build(content, out)
    before = stats(out)
    edit(content, "title: Vragen", "title: Herziene vragen", name="verwijzing.md")
    build(content, out)
    after = stats(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    # spreidingswet's page lists verwijzing under "cited by", with its title.
    assert {CITING_PAGE, PAGE, "index.html", "documenten/feed.xml"} <= changed
    assert "2024/written-questions/index.html" not in changed
    assert "Herziene vragen" in (out / PAGE).read_text()
    shutil.rmtree(cache_folder(content))
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_an_unresolved_link_is_reported_on_its_new_line_after_an_edit_above_it(content, tmp_path):
    (content / "documents" / "verwijzing.md").write_text(CITING)
    out = tmp_path / "site"
    first = [d for d in build(content, out).warnings if d.code == "link-unresolved"]
    assert [(d.file, d.line) for d in first] == [("documents/verwijzing.md", 9)]
    edit(content, "## Vraag 1\n", "Een inleiding.\n\n## Vraag 1\n", name="verwijzing.md")
    again = [d for d in build(content, out).warnings if d.code == "link-unresolved"]
    assert [(d.file, d.line) for d in again] == [("documents/verwijzing.md", 11)]


def test_a_lost_page_entry_falls_back_to_the_whole_site_pass(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    for entry in cache_folder(content).rglob("*"):
        if entry.is_file() and isinstance(decode(entry.read_bytes()), PageEntry):
            entry.unlink()
    edit(content, "Gemeenten zijn gehouden", "Alle gemeenten zijn gehouden")
    build(content, out)
    shutil.rmtree(cache_folder(content))
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_site_pass_without_outlines_in_the_cache_makes_them_again(content, tmp_path, monkeypatch):
    # The whole-site pass loads each outline from the cache; a lost one is made again from the
    # document in the main process, and the site is the same as a clean build's.
    (content / "documents" / "verwijzing.md").write_text(CITING)
    out = tmp_path / "site"
    build(content, out)
    cache = Cache(cache_folder(content))
    record = cache.get(build_record_key(out.resolve()))
    for rec in record.documents.values():
        cache._path(read_stage.outline_key(rec.model_key)).unlink()
    edit(content, "title: Vragen", "title: Herziene vragen", name="verwijzing.md")
    made: list[str] = []
    real = read_stage.outline_for
    monkeypatch.setattr(read_stage, "outline_for", lambda job: made.append(job.path) or real(job))
    result = build(content, out)
    assert not result.errors
    assert sorted(made) == ["documents/spreidingswet.md", "documents/written-questions.md"]
    shutil.rmtree(cache_folder(content))
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")
