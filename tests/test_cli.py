"""The `antwoord` command: arguments, output format, exit codes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.stages.imports as imports_stage
from generator.cli import main
from generator.importers import ImportResult

FIXTURE = Path(__file__).parent / "fixtures" / "site"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE, folder)
    return folder


def fake_import(path: Path, *, source: str) -> ImportResult:
    body = path.read_text(encoding="utf-8")
    md = (
        f"---\ntitle: Geïmporteerd\nanswered_by: Minister A\nsource: {source}\n---\n\n"
        f"## Vraag 1\n\n{body}\n\n## Antwoord op vraag 1\n\nDaarom.\n"
    )
    return ImportResult(md, path.stem, [])


def test_build_ok_and_summary_on_stderr(content, tmp_path, capsys):
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert re.match(
        r"2 documents, \d+ pages written, 0 unchanged, 0 from cache; 0 errors, 0 warnings, "
        r"0 infos; \d+\.\d s$",
        err.strip().splitlines()[-1],
    )
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_strict_and_error_exit_codes(content, tmp_path, capsys):
    (content / "documents" / "untitled.md").write_text("## Vraag 1\n\nWaarom?\n")
    args = ["build", "--content", str(content), "--out", str(tmp_path / "site")]
    assert main(args) == 0
    assert main([*args, "--strict"]) == 1
    (content / "site.yaml").write_text("title: x\nthema: donker\n")
    assert main(args) == 1
    assert "site.yaml:2: error config-unknown-key: unknown key 'thema'" in capsys.readouterr().err


def test_check_prints_sorted_relative_diagnostics(content, capsys):
    (content / "documents" / "b.md").write_text("## Vraag 1\n\nWaarom?\n")
    (content / "documents" / "a.md").write_text("---\ntitle: A\nkleur: rood\n---\n\nTekst.\n")
    assert main(["check", "--content", str(content)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == (
        "documents/a.md:3: error front-matter-unknown-field: unknown field 'kleur' "
        "(known fields: title, kind, language, publication, answered_by, ministry, portfolio, "
        "on_behalf_of, received, submitted, questioners, subject, kamer_reference, letter_date, "
        "letter_reference, see_also, source, tags, slug, aliases, redirects, notice_kind)"
    )
    assert lines[1].startswith("documents/b.md:1: warning front-matter-missing:")
    assert lines[-1] == "4 documents checked; 1 errors, 2 warnings, 0 infos"
    assert not (content.parent / "site").exists()


def test_import_and_update_keep_the_editors_front_matter(content, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(imports_stage, "import_source", fake_import)
    raw = tmp_path / "vragen.txt"
    raw.write_text("Waarom?", encoding="utf-8")
    assert main(["import", str(raw), "--content", str(content)]) == 0
    document = content / "documents" / "vragen.md"
    assert "source: sources/vragen.txt" in document.read_text()
    # The raw file is kept in the content folder, so `source` names a file the site has.
    assert (content / "sources" / "vragen.txt").read_text(encoding="utf-8") == "Waarom?"
    # Without --update an existing document is left alone.
    assert main(["import", str(raw), "--content", str(content)]) == 1
    # An editor changes the title and adds tags; the source changes; --update keeps both edits.
    text = document.read_text().replace("title: Geïmporteerd", "title: Beter\ntags: [asiel]")
    document.write_text(text)
    raw.write_text("Waarom nu?", encoding="utf-8")
    assert main(["import", str(raw), "--content", str(content), "--update"]) == 0
    assert (content / "sources" / "vragen.txt").read_text(encoding="utf-8") == "Waarom nu?"
    updated = document.read_text()
    assert "title: Beter" in updated and "asiel" in updated and "Waarom nu?" in updated
    # An annotation survives the next update, and the summary says what happened.
    document.write_text(updated.rstrip("\n") + "\n\n::: annotation\nLet op.\n:::\n")
    capsys.readouterr()
    raw.write_text("Waarom pas nu?", encoding="utf-8")
    assert main(["import", str(raw), "--content", str(content), "--update"]) == 0
    out = capsys.readouterr().out
    assert "documents/vragen.md: updated" in out
    assert "text changed: vraag-1" in out and "annotations kept: 1" in out
    final = document.read_text()
    assert "Waarom pas nu?" in final and "::: annotation\nLet op.\n:::" in final


def test_import_never_overwrites_a_different_kept_source(content, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(imports_stage, "import_source", fake_import)
    (content / "sources").mkdir(exist_ok=True)
    (content / "sources" / "vragen.txt").write_text("Iets anders.", encoding="utf-8")
    raw = tmp_path / "vragen.txt"
    raw.write_text("Waarom?", encoding="utf-8")
    assert main(["import", str(raw), "--content", str(content)]) == 1
    assert "import-source-taken" in capsys.readouterr().err + capsys.readouterr().out
    assert (content / "sources" / "vragen.txt").read_text(encoding="utf-8") == "Iets anders."
    assert not (content / "documents" / "vragen.md").exists()


def test_python_dash_m_generator(content, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "2 documents checked; 0 errors" in run.stdout


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--jobs", "0"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["publish"])
    assert info.value.code == 2


def test_missing_content_folder_is_an_error(tmp_path, capsys):
    assert main(["check", "--content", str(tmp_path / "nope")]) == 1
    assert "error content-missing" in capsys.readouterr().out


FORGED = "a\x1b[2K\rsite.yaml:1: error forged: vals\n\u202eb.txt"


def test_a_file_name_cannot_forge_a_line_on_the_terminal(content, tmp_path, capsys):
    (content / "sources").mkdir(exist_ok=True)
    (content / "sources" / FORGED).write_bytes(b"")  # empty: an error that names the file
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    for forbidden in ("\x1b", "\r", "\u202e"):
        assert forbidden not in err
    lines = err.splitlines()
    named = [line for line in lines if "source-empty" in line]
    assert named == [
        "sources/a\\x1b[2K\\x0dsite.yaml:1: error forged: vals\\x0a\\u202eb.txt: "
        "error source-empty: is an empty file; nothing to import"
    ]
    assert not [line for line in lines if line.startswith(("site.yaml", "vals"))]
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2K" in out
