"""Build orchestration: import, read, render, atomic write, exit status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from htmlcheck import dead_site_links

import generator.stages.imports as imports_stage
import generator.stages.site_files as site_files_stage
from generator.build import build, check
from generator.importers import ImportResult

FIXTURE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE, folder)
    (folder / "sources").mkdir()
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def fake_importer(slug_for=lambda path: path.stem):
    def import_source(path: Path, *, source: str) -> ImportResult:
        if "crash" in path.name:
            raise RuntimeError("importer bug")
        md = (
            f"---\ntitle: Imported {path.stem}\nreceived: 2023-01-02\nsource: {source}\n---\n\n"
            "## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1\n\nDaarom.\n"
        )
        return ImportResult(md, slug_for(path), [])

    return import_source


def test_build_writes_the_site(content, tmp_path):
    out = tmp_path / "site"
    result = build(content, out)
    assert result.exit_status == 0, [d.format() for d in result.diagnostics]
    files = tree(out)
    for expected in [
        "index.html",
        "404.html",
        "2025/spreidingswet/index.html",
        "2024/written-questions/index.html",
        "api/documents.json",
        "api/documents/spreidingswet.json",
        "api/documents/written-questions.json",
        "static/antwoord.css",
        "static/favicon.svg",
    ]:
        assert expected in files, expected
    assert result.pages_written == sum(f.endswith(".html") for f in files)
    assert {"sitemap.xml", "robots.txt", "documenten/index.html", "zoeken/index.html"} <= set(files)
    # JavaScript only where the search box is; documents and listings read without it.
    # (and on document pages the optional copy button of "citeer"; their JSON-LD is data)
    scripted = {p for p, data in files.items() if p.endswith(".html") and b"<script src" in data}
    assert scripted == {
        "index.html",
        "zoeken/index.html",
        "2025/spreidingswet/index.html",
        "2024/written-questions/index.html",
    }


def test_every_link_works_under_a_sub_path(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    assert dead_site_links(out, "https://example.org/sub/") == []


def test_output_is_deterministic_and_jobs_do_not_change_it(content, tmp_path):
    build(content, tmp_path / "a")
    build(content, tmp_path / "b", jobs=2)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_new_sources_are_imported_once_and_never_overwritten(content, tmp_path, monkeypatch):
    monkeypatch.setattr(imports_stage, "import_source", fake_importer())
    (content / "sources" / "nieuw.txt").write_text("raw", encoding="utf-8")
    result = build(content, tmp_path / "site")
    assert result.imported == ["documents/nieuw.md"]
    assert (tmp_path / "site" / "2023" / "nieuw" / "index.html").is_file()
    edited = (content / "documents" / "nieuw.md").read_text() + "\nEen redacteur schreef dit.\n"
    (content / "documents" / "nieuw.md").write_text(edited)
    result = build(content, tmp_path / "site")
    assert result.imported == []
    assert (content / "documents" / "nieuw.md").read_text() == edited


def test_two_sources_with_one_slug_is_an_error(content, tmp_path, monkeypatch):
    monkeypatch.setattr(imports_stage, "import_source", fake_importer(lambda path: "same"))
    (content / "sources" / "a.txt").write_text("a")
    (content / "sources" / "b.txt").write_text("b")
    result = build(content, tmp_path / "site")
    assert result.exit_status == 1
    [error] = result.errors
    assert error.file == "sources/b.txt" and error.code == "import-slug-taken"
    assert "source: sources/a.txt" in (content / "documents" / "same.md").read_text()


def test_importer_exception_names_the_file(content, tmp_path, monkeypatch):
    monkeypatch.setattr(imports_stage, "import_source", fake_importer())
    (content / "sources" / "crash.txt").write_text("x")
    result = build(content, tmp_path / "site")
    [error] = result.errors
    assert error.file == "sources/crash.txt" and "importer bug" in error.message
    assert (tmp_path / "site" / "2025" / "spreidingswet" / "index.html").is_file()


def test_a_broken_document_does_not_stop_the_others(content, tmp_path, monkeypatch):
    import generator.reader

    real = generator.reader.read_document

    def flaky(text, *, path, **kw):
        if "spreidingswet" in path:
            raise ValueError("reader bug")
        return real(text, path=path, **kw)

    monkeypatch.setattr(generator.reader, "read_document", flaky)
    result = build(content, tmp_path / "site")
    assert result.exit_status == 1
    assert [(d.file, d.code) for d in result.errors] == [
        ("documents/spreidingswet.md", "read-failed")
    ]
    assert (tmp_path / "site" / "2024" / "written-questions" / "index.html").is_file()


def test_duplicate_output_path_is_an_error(content, tmp_path):
    text = (content / "documents" / "spreidingswet.md").read_text()
    (content / "documents" / "copy.md").write_text(
        text.replace("---\n", "---\nslug: spreidingswet\n", 1)
    )
    result = build(content, tmp_path / "site")
    assert [(d.file, d.code) for d in result.errors] == [
        ("documents/spreidingswet.md", "duplicate-output")
    ]


def test_strict_fails_on_warnings(content, tmp_path):
    (content / "documents" / "untitled.md").write_text("## Vraag 1\n\nWaarom?\n")
    assert build(content, tmp_path / "site").exit_status == 0
    assert build(content, tmp_path / "site", strict=True).exit_status == 1


def test_failed_build_keeps_the_old_site(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(content, out)
    before = tree(out)
    # A change, so that the failing builds have pages and listings to write (a build with
    # nothing to do touches nothing, and so cannot fail half-way).
    doc = content / "documents" / "spreidingswet.md"
    doc.write_text(doc.read_text().replace("title: ", "title: Herzien ", 1))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_files_stage, "render_index", boom)
    with pytest.raises(RuntimeError):
        build(content, out)
    assert tree(out) == before
    monkeypatch.undo()
    # ... and a failure while writing leaves no half-written folder behind either.
    real_write = Path.write_bytes
    calls = []

    def failing_write(self, data):
        calls.append(self)
        if len(calls) > 3:
            raise OSError("disk full")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    result = build(content, out)  # a system error is a diagnostic (generator/system_errors.py)
    assert result.exit_status == 1 and not result.written
    assert [d.code for d in result.diagnostics] == ["system-error"]
    monkeypatch.undo()
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_config_error_writes_nothing(content, tmp_path):
    (content / "site.yaml").write_text("title: x\nbase_url: https://example.org/\ncolour: red\n")
    result = build(content, tmp_path / "site")
    assert result.exit_status == 1
    [error] = result.errors
    assert (error.file, error.line, error.code) == ("site.yaml", 3, "config-unknown-key")
    assert "colour" in error.message
    assert not (tmp_path / "site").exists()


def test_check_writes_nothing(content, tmp_path, monkeypatch):
    monkeypatch.setattr(imports_stage, "import_source", fake_importer())
    (content / "sources" / "nieuw.txt").write_text("raw")
    result = check(content)
    assert result.exit_status == 0
    assert [d.slug for d in result.documents] == ["nieuw", "spreidingswet", "written-questions"]
    assert not (content / "documents" / "nieuw.md").exists()
