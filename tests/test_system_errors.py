"""System errors are diagnostics, not tracebacks (issue 14, point 5).

A full disk, a read-only output, an unreadable site.yaml, documents/, sources/ or cache, the
output deleted mid-build: each must be one line (what, which path, what to do) with a code,
a non-zero exit status, the previous site and every document as they were, and no temporary
file left in .cache/ or documents/. The full disk and the read-only output are real (a small
tmpfs, which root may mount here); where mounting is not allowed they are injected instead,
never skipped. The rest is injected: the tests run as root, whom chmod does not stop.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_atomic_output import make_content, tree

import generator.content as content_module
import generator.output as output_module
from generator import importers
from generator.build import build
from generator.cli import main
from generator.output import stale_folders


@pytest.fixture
def site(tmp_path, monkeypatch) -> tuple[Path, Path, dict[str, str]]:
    """A content folder and its built site (relative paths as the user types them), and the
    site's files: what every failed build must leave."""
    monkeypatch.chdir(tmp_path)
    make_content(tmp_path / "content", "Oud", count=2)
    assert build(Path("content"), Path("site"), jobs=1).exit_status == 0
    return Path("content"), Path("site"), tree(tmp_path / "site")


def edit(content: Path) -> None:
    """A change, so that the next build has pages to write."""
    doc = content / "documents" / "doc-00.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("title: ", "title: Nieuw ", 1))


def leftovers(content: Path, out: Path) -> list[str]:
    """Temporary files and folders a failed build could leave behind."""
    found = [p.as_posix() for p in (content / ".cache").rglob(".tmp-*")]
    found += [p.as_posix() for p in (content / "documents").glob(".*")]
    found += [p.as_posix() for p in (content / "sources").glob(".*")]
    found += [p.as_posix() for p in stale_folders(out)]
    return found


def one_error(result, code: str, file: str) -> str:
    assert result.exit_status == 1
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert [(d.code, d.file) for d in errors] == [(code, file)], [d.format() for d in errors]
    message = errors[0].message
    assert "Errno" not in message and "Error(" not in message  # no Python repr
    return message


def raising(code: int, when=lambda *args: True):
    def fail(*args, **kwargs):
        if when(*args):
            raise OSError(code, os.strerror(code))
        return None

    return fail


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """Mount a tmpfs of `size` on `folder`; yields False (nothing mounted) where not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    try:
        mounted = subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:  # no mount command
        mounted = False
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_keeps_the_previous_site(tmp_path, monkeypatch):
    """Real: the output on a tmpfs just big enough for the first site, then 40 more documents."""
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    make_content(content, "Oud", count=1)
    out = Path("disk") / "site"
    with tmpfs(tmp_path / "disk", "1400k") as mounted:
        first = build(content, out, jobs=1)
        assert first.exit_status == 0, [d.format() for d in first.diagnostics]
        before = tree(out)
        make_content(content, "Nieuw", count=40)
        real = Path.write_bytes
        calls = []

        def full(self, data):
            calls.append(self)
            if len(calls) > 5:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(self, data)

        with monkeypatch.context() as patch:
            if not mounted:  # no tmpfs here: the same failure, injected
                patch.setattr(Path, "write_bytes", full)
            result = build(content, out, jobs=1)
        message = one_error(result, "disk-full", "disk/site")
        assert "the previous site is as it was" in message and "free some disk space" in message
        assert tree(out) == before
        assert leftovers(content, out) == []


def test_a_full_disk_while_writing_pages_is_one_line_on_the_command_line(site, monkeypatch, capsys):
    content, out, before = site
    edit(content)
    monkeypatch.setattr(Path, "write_bytes", raising(errno.ENOSPC))
    assert main(["build", "--content", "content", "--out", "site", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if ": error " in line]
    assert line.startswith(
        "site: error disk-full: cannot write the site: the disk is full; the previous"
    )
    assert tree(out) == before
    assert leftovers(content, out) == []


def test_a_read_only_output_keeps_the_previous_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    make_content(content, "Oud", count=1)
    out = Path("disk") / "site"
    with tmpfs(tmp_path / "disk", "8m") as mounted:
        assert build(content, out, jobs=1).exit_status == 0
        before = tree(out)
        edit(content)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(tmp_path / "disk")], check=True)
        else:  # injected: making the staging folder is the first write
            monkeypatch.setattr(output_module.tempfile, "mkdtemp", raising(errno.EROFS))
        result = build(content, out, jobs=1)
        message = one_error(result, "read-only", "disk/site")
        assert "make it writable" in message
        assert tree(out) == before
        assert leftovers(content, out) == []


def test_an_unreadable_site_yaml(site, monkeypatch):
    content, out, before = site
    real = Path.read_text

    def read_text(self, *args, **kwargs):
        if self.name == "site.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    message = one_error(build(content, out, jobs=1), "no-permission", "content/site.yaml")
    assert message.startswith("cannot read the site configuration: permission denied")
    assert tree(out) == before


@pytest.mark.parametrize("folder", ["documents", "sources"])
def test_an_unreadable_content_folder(site, monkeypatch, folder):
    content, out, before = site
    (content / "sources").mkdir(exist_ok=True)
    edit(content)
    real = os.scandir
    refused = (content / folder).resolve()

    def scandir(path="."):
        if Path(path).resolve() == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    with monkeypatch.context() as patch:
        patch.setattr(content_module.os, "scandir", scandir)
        result = build(content, out, jobs=1)
    message = one_error(result, "no-permission", f"content/{folder}")
    assert "give the user running the build access" in message
    assert tree(out) == before
    assert leftovers(content, out) == []


@pytest.mark.parametrize("folder", ["documents", "sources"])
def test_a_content_folder_that_cannot_be_looked_at_is_not_an_empty_one(site, monkeypatch, folder):
    """Without search permission even a stat fails: an error, never a missing (so empty)
    folder, which would publish an empty site over the real one."""
    content, out, before = site
    (content / "sources").mkdir(exist_ok=True)
    real = os.stat
    refused = str((content / folder).resolve())

    def stat(path, *args, **kwargs):
        if isinstance(path, str | os.PathLike) and os.path.abspath(path) == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "stat", stat)
        result = build(content, out, jobs=1)
    one_error(result, "no-permission", f"content/{folder}")
    assert tree(out) == before


def test_an_unreadable_cache_is_reported_and_the_site_still_right(site, monkeypatch, tmp_path):
    content, out, _before = site
    edit(content)
    real = Path.read_bytes

    def read_bytes(self):
        if ".cache" in self.parts:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", read_bytes)
        result = build(content, out, jobs=1)
    message = one_error(result, "no-permission", "content/.cache")
    assert "the site was built all the same" in message
    assert build(content, tmp_path / "reference", jobs=1).exit_status == 0
    assert tree(out) == tree(tmp_path / "reference")


def test_a_full_cache_disk_leaves_no_temporary_file(site, monkeypatch):
    content, out, _before = site
    edit(content)
    monkeypatch.setattr("generator.cache.os.replace", raising(errno.ENOSPC))
    result = build(content, out, jobs=1)
    one_error(result, "disk-full", "content/.cache")
    assert leftovers(content, out) == []


def test_the_output_deleted_mid_build(site, monkeypatch):
    """Someone removes site/ while the build runs: the unchanged files it would have linked
    from there are gone. Nothing half-made is swapped in, and the next build makes it whole."""
    content, out, _before = site
    edit(content)
    from generator.sitewriter import SiteWriter

    real = SiteWriter.commit

    def commit(self, *args, **kwargs):
        shutil.rmtree(self.out)
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(SiteWriter, "commit", commit)
        message = one_error(build(content, out, jobs=1), "vanished", "site")
    assert "try again" in message
    assert not out.exists() and leftovers(content, out) == []
    assert build(content, out, jobs=1).exit_status == 0
    assert (out / "index.html").is_file()


def test_the_output_folder_s_parent_deleted_mid_build_publishes_nothing_half_made(
    tmp_path, monkeypatch
):
    """`rm -rf public/` while building into public/site: the staged site goes with it, and
    writing the next page made its folder again. That folder, with only the pages after the
    removal, must never become the site."""
    monkeypatch.chdir(tmp_path)
    content, out = Path("content"), Path("public") / "site"
    make_content(content, "Oud", count=2)
    from generator.sitewriter import SiteWriter

    real = SiteWriter.put
    calls = []

    def put(self, rel, data):
        calls.append(rel)
        if len(calls) == 2:  # after the marker, before the first page
            shutil.rmtree(tmp_path / "public")
        return real(self, rel, data)

    with monkeypatch.context() as patch:
        patch.setattr(SiteWriter, "put", put)
        result = build(content, out, jobs=1)
    message = one_error(result, "vanished", "public/site")
    assert "nothing of this build was put in its place" in message
    assert not out.exists() and leftovers(content, out) == []
    assert build(content, out, jobs=1).exit_status == 0


def test_a_full_disk_while_importing_leaves_no_half_document(site, monkeypatch):
    content, out, before = site
    (content / "sources").mkdir()
    shutil.copy(
        Path(__file__).parent / "fixtures" / "tika" / "000_98c710bba33336fa.txt",
        content / "sources" / "vragen.txt",
    )
    documents = sorted(p.name for p in (content / "documents").iterdir())
    real = os.link

    def link(source, target, *args, **kwargs):
        if Path(target).parent.name == "documents":  # the new document, not the site's files
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(source, target, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(content_module.os, "link", link)
        result = build(content, out, jobs=1)
    [error] = result.errors
    assert error.code == "disk-full" and error.file.startswith("content/documents/")
    assert error.message.startswith("cannot read or write the documents: the disk is full")
    assert sorted(p.name for p in (content / "documents").iterdir()) == documents
    assert tree(out) == before
    assert leftovers(content, out) == []


def test_an_importer_failure_is_never_a_python_repr(site, monkeypatch):
    content, out, _before = site
    (content / "sources").mkdir()
    (content / "sources" / "kapot.txt").write_text("Vraag 1\nWaarom?\n", encoding="utf-8")

    def broken(path, *, source):
        raise KeyError("w:val")

    import generator.importers.tika_text as tika

    monkeypatch.setattr(tika, "import_tika_text", broken)
    result = build(content, out, jobs=1)
    [problem] = [d for d in result.diagnostics if d.code == "import-failed"]
    assert problem.file == "sources/kapot.txt"
    assert "KeyError('" not in problem.message and "bug in Antwoord" in problem.message
    assert result.written  # the other documents still build

    def unreadable(path, *, source):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(tika, "import_tika_text", unreadable)
    # A failed import is remembered until the file changes (import_sandbox): change it.
    (content / "sources" / "kapot.txt").write_text("Vraag 1\nWaarom nu?\n", encoding="utf-8")
    result = build(content, out, jobs=1)
    [problem] = [d for d in result.diagnostics if d.code == "import-failed"]
    assert problem.message == "not imported: it cannot be read: Permission denied"
    assert importers.SUFFIXES  # the importer package itself was not patched


def test_a_full_disk_during_import_update_leaves_the_document(site, monkeypatch, capsys):
    content, _out, _before = site
    (content / "sources").mkdir()
    source = content / "sources" / "vragen.txt"
    shutil.copy(Path(__file__).parent / "fixtures" / "tika" / "000_98c710bba33336fa.txt", source)
    assert main(["import", str(source), "--content", "content"]) == 0
    [document] = [p for p in (content / "documents").glob("*.md") if "doc-" not in p.name]
    kept = document.read_bytes()
    source.write_text(source.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    capsys.readouterr()
    real = Path.write_text

    def half_then_full(self, text, *args, **kwargs):
        if self.name.endswith(".tmp"):
            real(self, text[: len(text) // 2], *args, **kwargs)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, text, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "write_text", half_then_full)
        status = main(["import", "--update", str(source), "--content", "content"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    [line] = [line for line in err.splitlines() if ": error " in line]
    assert line.startswith(f"content/documents/{document.name}: error disk-full: cannot "), line
    assert document.read_bytes() == kept
    assert leftovers(content, Path("site")) == []


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_a_source_the_system_refuses_is_unreadable_not_damaged(tmp_path, suffix, monkeypatch):
    """An OSError of the system (no permission, an I/O error) says the file cannot be read,
    not that it is damaged, and shows no Python errno repr."""
    from generator.importers import ImportRefused, import_source

    source = tmp_path / f"brief{suffix}"
    source.write_bytes((b"%PDF-1.4\n" if suffix == ".pdf" else b"PK\x03\x04") + b"x" * 100)
    import zipfile

    import generator.importers.pdf as pdf

    def refuse(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(source))

    monkeypatch.setattr(pdf, "read_pages", refuse)
    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    with pytest.raises((ImportRefused, pdf.PdfInvalid)) as raised:
        import_source(source, source=f"sources/{source.name}")
    problem = raised.value.diagnostic
    assert problem.code == "source-unreadable"
    assert problem.message == f"cannot be read: {os.strerror(errno.EIO)}"
