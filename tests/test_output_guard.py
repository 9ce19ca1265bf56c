"""A build never replaces a folder Antwoord did not make (issue 14, point 1).

`--out .` at the root of a repository used to delete `.git` and `content/`, and exit 0. Each
refusal here is run through the command line from inside a small git repository, and the
refused folder (and everything around it) must be byte for byte, time for time, what it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main
from generator.output_guard import MARKER, NOT_OURS, OVERLAPS, overlap
from generator.render import THEME
from generator.serve import serve

ROOT = Path(__file__).resolve().parent.parent
SEED = "documents/000-98c710bba33336fa.md"


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder` (itself included): files by bytes, links by target, folders
    and files by mtime: a refused build may not even touch them."""
    found: dict[str, tuple] = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        rel = path.relative_to(folder).as_posix()
        st = path.lstat()
        if path.is_symlink():
            found[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            found[rel] = ("dir", st.st_mtime_ns, st.st_mode)
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[rel] = ("file", digest, st.st_mtime_ns, st.st_mode)
    return found


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository holding a content folder and a README; the command runs from its root."""
    root = tmp_path / "repo"
    (root / "content" / "documents").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", root / "content" / "site.yaml")
    shutil.copy(ROOT / "content" / SEED, root / "content" / SEED)
    (root / "README.md").write_text("# mine\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.chdir(root)
    return root


def refused(capsys, args: list[str], code: str) -> str:
    """Run `antwoord build ARGS`; it must fail with exactly one line carrying `code`."""
    assert main(["build", *args]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if f"error {code}:" in line]
    assert len(lines) == 1, err
    assert len([line for line in err.splitlines() if ": error " in line]) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("out", "where"),
    [
        (".", "is the root of a git repository"),
        ("content", "is the content folder"),
        ("content/documents", "lies inside the content folder"),
        (".git/objects", "lies inside a git repository's .git folder"),
        ("..", "holds the content folder"),
    ],
)
def test_the_repository_and_the_content_are_never_an_output(repo, capsys, out, where):
    before = snapshot(repo.parent)
    line = refused(capsys, ["--content", "content", "--out", out], OVERLAPS)
    assert line.startswith(f"{out}: error {OVERLAPS}: {where}")
    assert "Nothing was changed" in line
    assert snapshot(repo.parent) == before


def test_the_file_system_root_is_never_an_output(repo, capsys):
    before = snapshot(repo.parent)
    line = refused(capsys, ["--content", "content", "--out", "/"], OVERLAPS)
    assert line.startswith(f"/: error {OVERLAPS}: holds the content folder")
    assert snapshot(repo.parent) == before
    assert not [p for p in Path("/").iterdir() if p.name.startswith(("..new-", "..old-"))]


def test_the_theme_and_its_ancestors_are_never_an_output(tmp_path, seed_content):
    theme = tmp_path / "themes" / "mine"
    shutil.copytree(THEME, theme)
    before = snapshot(tmp_path / "themes")
    for out in (theme, theme.parent, theme / "templates"):
        result = build(seed_content, out, theme=theme)
        assert result.exit_status == 1 and not result.written
        assert [d.code for d in result.diagnostics] == [OVERLAPS]
    assert snapshot(tmp_path / "themes") == before


def test_the_folder_the_command_runs_in_is_never_an_output(tmp_path, seed_content, monkeypatch):
    """Outside any repository too: replacing the current folder would pull it from under the
    user (and it holds the content folder here)."""
    here = tmp_path / "work"
    here.mkdir()
    (here / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(here)
    found = overlap(here, seed_content, THEME)
    assert found is not None and "is the folder you run the command from" in found.message
    assert found.file == "."


def test_a_folder_antwoord_did_not_make_is_never_replaced(repo, capsys):
    foreign = repo / "www"
    (foreign / "img").mkdir(parents=True)
    (foreign / "index.html").write_text("<p>someone else's site</p>", encoding="utf-8")
    (foreign / "img" / "logo.png").write_bytes(b"\x89PNG not really")
    before = snapshot(repo)
    line = refused(capsys, ["--content", "content", "--out", "www"], NOT_OURS)
    assert line.startswith(f"www: error {NOT_OURS}: is not empty and was not made by Antwoord")
    assert "delete it yourself once" in line
    assert snapshot(repo) == before


def test_a_file_where_the_output_folder_should_be_is_not_replaced(repo, capsys):
    (repo / "site").write_text("not a folder", encoding="utf-8")
    before = snapshot(repo)
    line = refused(capsys, ["--content", "content", "--out", "site"], NOT_OURS)
    assert "is not a folder" in line
    assert snapshot(repo) == before


def test_an_empty_folder_becomes_a_marked_site(repo, capsys):
    (repo / "site").mkdir()
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    assert (repo / "site" / MARKER).is_file()
    assert (repo / "site" / "index.html").is_file()


def test_a_marked_site_is_replaced_and_keeps_its_marker(repo, capsys):
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    (repo / "site" / "stray.html").write_text("a file the user dropped in", encoding="utf-8")
    doc = repo / "content" / SEED
    doc.write_text(doc.read_text(encoding="utf-8").replace("title: ", "title: Nieuw ", 1))
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    assert (repo / "site" / MARKER).read_text(encoding="utf-8").startswith("This folder was")
    assert not (repo / "site" / "stray.html").exists()  # inside a marked site: the build's


def test_a_site_of_an_older_antwoord_is_recognised_by_its_build_record(repo, capsys):
    """Before the marker existed: a folder whose every file the build record lists is one an
    earlier build made; it is replaced once and carries the marker from then on."""
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    (repo / "site" / MARKER).unlink()  # as an older Antwoord left it
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    assert (repo / "site" / MARKER).is_file()


def test_an_older_site_with_a_file_of_someone_else_is_refused(repo, capsys):
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    (repo / "site" / MARKER).unlink()
    (repo / "site" / "CNAME").write_text("example.org\n", encoding="utf-8")
    before = snapshot(repo / "site")
    line = refused(capsys, ["--content", "content", "--out", "site"], NOT_OURS)
    assert "delete it yourself once" in line
    assert snapshot(repo / "site") == before


def test_an_older_site_without_its_build_record_is_refused(repo, capsys):
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    (repo / "site" / MARKER).unlink()
    shutil.rmtree(repo / "content" / ".cache")  # `make clean`
    before = snapshot(repo / "site")
    refused(capsys, ["--content", "content", "--out", "site"], NOT_OURS)
    assert snapshot(repo / "site") == before


def test_serve_refuses_before_it_serves_or_writes_anything(repo):
    before = snapshot(repo.parent)
    lines: list[str] = []
    assert serve(repo / "content", repo, port=0, log=lines.append) == 1
    assert any(f"error {OVERLAPS}:" in line for line in lines)
    assert snapshot(repo.parent) == before
