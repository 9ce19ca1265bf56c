"""The hostile-input suite: every case of cases/ and generated.py in one content folder.

One build over all of them (plus the seed document, which must come out as usual), then per
case: the diagnostics expected.yaml lists, the page it may or may not have; and for the whole
site: exit status 1, nothing written outside site/, nothing from outside content/ published,
no page that loads from another host or runs anything but the site's own files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from generated import CASES as GENERATED
from generated import write_cases
from sitecheck import page_text, site_problems

from generator.build import BuildResult, build, check

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXPECTED: dict = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
SEED = "000-98c710bba33336fa"
SITE_HOST = "example.org"


def case_files() -> set[str]:
    files = {p.relative_to(HERE / "cases").as_posix() for p in (HERE / "cases").rglob("*")}
    return {f for f in files if "/" in f and not (HERE / "cases" / f).is_dir()} | set(GENERATED)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(HERE / "cases", content)
    shutil.copy(REPO / "content" / "site.yaml", content / "site.yaml")
    shutil.copy(REPO / "content" / "documents" / f"{SEED}.md", content / "documents")
    write_cases(content)
    result = build(content, root / "site")
    return root, result


def test_every_case_has_an_expectation():
    assert case_files() == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_reports_what_it_should(hostile, case):
    root, result = hostile
    expected = EXPECTED[case]
    found = [d for d in result.diagnostics if d.file == case]
    for severity, code, line in expected["diagnostics"]:
        match = [d for d in found if (d.severity, d.code, d.line) == (severity, code, line)]
        assert match, f"{case}: no {severity} {code} at line {line}; got {found}"
        assert all(d.message for d in match)
    wanted = {(s, c) for s, c, _line in expected["diagnostics"] if s == "error"}
    others = [d for d in found if d.severity == "error" and (d.severity, d.code) not in wanted]
    assert not others, others
    site = root / "site"
    if expected["page"]:
        assert (site / expected["page"]).is_file(), f"{case}: {expected['page']} not built"
    else:
        # no page under its name, unless another case owns that page (the one-slug pairs)
        owned = {e["page"] for e in EXPECTED.values() if e["page"]}
        pages = {p.relative_to(site).as_posix() for p in site.glob(f"*/{Path(case).stem}/*")}
        assert not pages - owned, f"{case}: a page was built"


def test_the_build_fails_but_the_good_document_is_there(hostile):
    root, result = hostile
    assert result.exit_status == 1
    assert result.written
    page = root / "site" / "2025" / SEED / "index.html"
    assert "Spreidingswet" in page.read_text(encoding="utf-8")


def test_nothing_written_or_published_from_outside(hostile):
    root, _result = hostile
    assert sorted(p.name for p in root.iterdir()) == ["content", "secret.md", "secret.txt", "site"]
    for path in (root / "site").rglob("*"):
        if path.is_file():
            assert b"SECRET-OUTSIDE-CONTENT" not in path.read_bytes(), path
            assert path.resolve().is_relative_to((root / "site").resolve())
    assert not (root / "etc").exists()


def test_first_of_two_one_slug_documents_keeps_its_page(hostile):
    root, _result = hostile
    twin = (root / "content" / "documents" / "twin.md").read_text(encoding="utf-8")
    assert "source: sources/twin.txt" in twin
    page = (root / "site" / "undated" / "same-slug" / "index.html").read_text(encoding="utf-8")
    assert "Eerste met dezelfde slug" in page


def test_no_page_can_be_turned_against_its_readers(hostile):
    root, _result = hostile
    assert site_problems(root / "site", SITE_HOST) == {}
    html = (root / "site" / "undated" / "html-in-text" / "index.html").read_text(encoding="utf-8")
    text = page_text(html)  # every snippet is shown to the reader as the text it is
    for where in ("titel", "preamble", "kop", "noot", "auteur"):
        assert f"<script>alert('{where}')</script>" in text, where
    urls = (root / "site" / "undated" / "dangerous-urls" / "index.html").read_text("utf-8")
    assert 'href="https://www.rijksoverheid.nl/" rel="noopener noreferrer"' in urls
    assert 'href="https://tracker.example/p.gif" rel="noopener noreferrer">een beeld</a>' in urls


def test_check_reports_the_same_without_writing(hostile):
    root, result = hostile
    checked = check(root / "content")
    codes = {(d.file, d.code) for d in checked.diagnostics}
    assert {(d.file, d.code) for d in result.errors} <= codes | {
        (d.file, d.code) for d in result.errors if d.code == "import-slug-taken"
    }


def test_the_normal_site_is_safe_too(tmp_path):
    result = build(REPO / "content", tmp_path / "site")
    assert result.exit_status == 0
    assert site_problems(tmp_path / "site", SITE_HOST) == {}


def test_every_feed_sitemap_and_json_file_is_well_formed(hostile):
    """Whatever the documents hold (control characters, broken Unicode), every XML file parses
    and a strict Atom reader accepts every feed; every JSON file loads."""
    import json
    import xml.etree.ElementTree as ET

    import feedparser

    root, _result = hostile
    site = root / "site"
    for path in sorted(site.rglob("*.xml")):
        ET.parse(path)
        if path.name == "feed.xml":
            assert not feedparser.parse(path.read_bytes()).bozo, path
    for path in sorted([*site.glob("api/**/*.json"), *site.glob("api/**/*.jsonld")]):
        json.loads(path.read_text(encoding="utf-8"))


def test_a_word_hyperlink_address_adds_no_heading(hostile):
    root, _result = hostile
    page = (root / "site" / "undated" / "link-newlines" / "index.html").read_text("utf-8")
    assert "Vraag 99" not in page.replace("%20Vraag%2099", "")
    assert 'href="https://example.org/x%0A%0A##%20Vraag%2099%0A%0Ahoi"' in page
