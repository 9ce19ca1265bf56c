"""The search index in shards: which page goes where, the manifest, and re-indexing only the
shards whose pages changed (real Pagefind runs on the linked fixture)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator import search_index
from generator.build import build
from generator.search_index import (
    MANIFEST,
    Shard,
    manifest_bytes,
    plan_shards,
    shard_numbers,
)

LINKED = Path(__file__).parent / "fixtures" / "linked"
PAGES = {  # each page's shard at search_shard_size 1, pinned: see below
    "2024/antwoord-hoofdlijnen/index.html": 2,
    "2024/regenboog/index.html": 6,
    "2024/uitstel-hoofdlijnen/index.html": 7,
}


def corpus(n: int) -> list[str]:
    return [f"{2000 + i % 25}/kamervraag-{i:05d}/index.html" for i in range(n)]


def groups(numbers: dict[str, int]) -> set[frozenset[str]]:
    """The shards as sets of pages (what a shard's digest is made of, with their bytes)."""
    found: dict[int, set[str]] = {}
    for page, number in numbers.items():
        found.setdefault(number, set()).add(page)
    return {frozenset(pages) for pages in found.values()}


def test_shard_numbers_are_pinned_and_do_not_depend_on_the_order_of_the_pages():
    # A shard must not move between builds, machines or Python versions (no hash(), which is
    # salted per process), nor with the order the build lists its pages in.
    assert shard_numbers(PAGES, 1) == PAGES
    assert shard_numbers(reversed(list(PAGES)), 1) == PAGES
    assert set(shard_numbers(PAGES, 3).values()) == {1}
    assert shard_numbers([], 500) == {}


@pytest.mark.parametrize(("n", "size"), [(1, 1), (40, 11), (2000, 500), (10_000, 500)])
def test_a_shard_holds_at_most_shard_size_pages_and_its_parent_held_more(n, size):
    numbers = shard_numbers(corpus(n), size)
    sizes = Counter(numbers.values())
    assert max(sizes.values()) <= size

    def held(shard: int) -> int:  # the pages of a shard before it was split
        return sum(
            1
            for number in numbers.values()
            if number >> (number.bit_length() - shard.bit_length()) == shard
        )

    for number in sizes:
        if number > 1:  # split because its parent (itself and its sibling) was too big
            assert held(number // 2) > size, number


def test_pages_spread_evenly_over_the_shards():
    sizes = Counter(shard_numbers(corpus(10_000), 500).values())
    assert len(sizes) == 32
    assert all(250 < size <= 500 for size in sizes.values()), sizes


def test_a_smaller_shard_size_only_splits_shards():
    pages = corpus(4000)
    big, small = shard_numbers(pages, 1000), shard_numbers(pages, 250)
    for page in pages:  # each small shard lies inside the big shard of the same page
        number = small[page]
        while number > big[page]:
            number //= 2
        assert number == big[page], page


def test_a_growing_site_changes_one_shard_or_the_two_of_a_split_per_new_page():
    # Before, the count of shards doubled with the site and every page moved at once (2,000
    # documents to 2,001 re-indexed them all).
    pages = corpus(1990)
    before = groups(shard_numbers(pages, 500))
    splits = 0
    for i in range(120):
        pages.append(f"nieuw/{i}/index.html")
        after = groups(shard_numbers(pages, 500))
        new = after - before
        assert 1 <= len(new) <= 2, len(new)
        assert len(before - after) == 1  # the shard the page went to (or that split)
        splits += len(new) == 2
        before = after
    assert splits >= 1  # the walk went past at least one split


def test_a_shard_digest_changes_exactly_when_its_pages_change():
    pages = {f"2024/d{i}/index.html": f"bytes-{i}" for i in range(40)}
    before = {s.number: s.digest for s in plan_shards(pages, 11)}
    assert sorted(before) == [4, 5, 6, 14, 15]
    assert {s.number: s.digest for s in plan_shards(dict(reversed(pages.items())), 11)} == before
    numbers = shard_numbers(pages, 11)

    def changed(new: dict[str, str]) -> set[int]:
        after = {s.number: s.digest for s in plan_shards(new, 11)}
        return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}

    edited = "2024/d7/index.html"
    assert changed({**pages, edited: "new bytes"}) == {numbers[edited]}
    removed = {p: k for p, k in pages.items() if p != edited}
    assert changed(removed) == {numbers[edited]}
    added = "2024/nieuw/index.html"
    assert changed({**pages, added: "x"}) == {shard_numbers([*pages, added], 11)[added]}


def test_no_pages_no_shards_and_the_manifest_lists_bundles_in_order():
    assert plan_shards({}) == []
    assert json.loads(manifest_bytes([])) == {"shards": [], "version": 1}
    shards = [Shard(0, (("a/index.html", "1"),)), Shard(3, (("b/index.html", "2"),))]
    manifest = json.loads(manifest_bytes(shards))
    assert [(s["bundle"], s["pages"]) for s in manifest["shards"]] == [("0/", 1), ("3/", 1)]
    assert manifest["shards"][1]["digest"] == shards[1].digest


# --- real builds ---------------------------------------------------------------------------------


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def content(tmp_path) -> Path:
    """The linked fixture with a shard per page: its 3 documents are in shards 2, 6 and 7."""
    folder = tmp_path / "content"
    shutil.copytree(LINKED, folder)
    with (folder / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write("search_shard_size: 1\n")
    return folder


def test_an_edit_re_indexes_only_its_shard_and_a_no_op_touches_nothing(content, tmp_path):
    out = tmp_path / "site"
    assert build(content, out).exit_status == 0
    manifest = json.loads((out / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    assert [s["bundle"] for s in manifest["shards"]] == ["2/", "6/", "7/"]
    for shard in (2, 6, 7):
        assert (out / "pagefind" / str(shard) / "pagefind-entry.json").is_file()
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    before = stats(out)

    doc = content / "documents" / "regenboog.md"  # shard 6; nothing else shows this sentence
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.rstrip("\n") + " Een zin die alleen de zoekindex ziet.\n", "utf-8")
    assert build(content, out).exit_status == 0
    after = stats(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    index_changes = {rel for rel in changed if rel.startswith("pagefind/")}
    assert index_changes - {"pagefind/shards.json"}
    assert all(rel.startswith("pagefind/6/") for rel in index_changes - {"pagefind/shards.json"})
    for rel, stat in before.items():  # the other shards and the UI files: the same inodes
        if rel.startswith(("pagefind/2/", "pagefind/7/")) or rel == "pagefind/pagefind-ui.js":
            assert after[rel] == stat, rel
    gone = {rel for rel in before if rel not in after}
    assert all(rel.startswith("pagefind/6/") for rel in gone)

    assert build(content, out).exit_status == 0
    assert stats(out) == after


def test_a_sharded_build_is_reproducible(content, tmp_path):
    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file()}  # fmt: skip

    build(content, tmp_path / "a")
    shutil.rmtree(content / ".cache")
    build(content, tmp_path / "b", jobs=2)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_a_site_without_documents_still_has_a_working_search_box(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    shutil.copy(LINKED / "site.yaml", content / "site.yaml")
    result = build(content, tmp_path / "site")
    # Not only the search index: every link of an empty site works (the navigation's listing
    # of all documents and its feed exist, with no documents in them).
    assert [d.format() for d in result.diagnostics] == []
    assert result.exit_status == 0
    assert (tmp_path / "site" / "documenten" / "index.html").is_file()
    assert (tmp_path / "site" / "documenten" / "feed.xml").is_file()
    bundle = tmp_path / "site" / "pagefind"
    assert json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))["shards"] == []
    assert {p.name for p in bundle.iterdir()} == {"pagefind-ui.js", "pagefind-ui.css", MANIFEST}


def test_a_new_shard_size_remakes_the_index_though_no_page_changed(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    before = stats(out)
    config = content / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(": 1\n", ": 2\n"), "utf-8")
    assert build(content, out).exit_status == 0
    manifest = json.loads((out / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    assert [s["bundle"] for s in manifest["shards"]] == ["2/", "3/"]  # 3 pages, 2 shards
    after = stats(out)
    assert {rel: after[rel] for rel in after if not rel.startswith("pagefind/")} == {
        rel: before[rel] for rel in before if not rel.startswith("pagefind/")
    }
    assert not (out / "pagefind" / "7").exists()
    assert build(content, out).exit_status == 0
    assert stats(out) == after


def test_a_failed_index_is_an_error_and_the_next_build_makes_it(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    with monkeypatch.context() as patch:
        patch.setattr(search_index, "_pagefind_command", lambda: ["false"])  # exits with 1
        result = build(content, out)
    [error] = [d for d in result.diagnostics if d.code == "search-index"]
    assert error.severity == "error" and "Pagefind failed (exit 1)" in error.message
    assert (out / "2024" / "regenboog" / "index.html").is_file()  # the pages are still there
    assert not (out / "pagefind" / MANIFEST).exists()
    result = build(content, out)  # no page changed, but the index is missing: made now
    assert [d.format() for d in result.diagnostics] == []  # nor links to the missing UI
    assert (out / "pagefind" / MANIFEST).is_file()
    assert not (out / "pagefind" / ".pagefind-work").exists()
    assert not any(p.name == ".pagefind-work" for p in out.iterdir())
