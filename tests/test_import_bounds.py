"""Every import is bounded in time and memory (issue 14, point 3).

Two layers, each tested on its own with the small hostile files of tests/hostile/import_bombs.py:

- the importers themselves make each of them cheap (real unpacked bytes are counted, numbers
  read from a file are clamped, a reference loop is an error): each gives the importer's own
  diagnostic in a worker whose limits it never reaches;
- the worker (generator/import_sandbox.py) bounds whatever the importers do not foresee: with
  a cap of the importers lifted, the same files are stopped by the time or memory limit of
  site.yaml, and the other documents still build.

And: a failure is remembered, so an unchanged file is not imported again (counted in worker
launches), a changed one is; the worker dies with the build; the preview is not frozen.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))

import import_bombs  # noqa: E402
from import_bombs import BOMBS, understated_zip_docx  # noqa: E402

import generator.import_sandbox as sandbox  # noqa: E402
import generator.importers as importers  # noqa: E402
import generator.importers.docx_extract as docx_extract  # noqa: E402
import generator.importers.pdf_limits as pdf_limits  # noqa: E402
import generator.stages.imports as imports_stage  # noqa: E402
from generator.build import build, check, import_files  # noqa: E402
from generator.config import ImportLimits  # noqa: E402
from generator.importers import ImportRefused, ImportResult, import_source  # noqa: E402
from generator.serve import LivePreview  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOOD = "---\ntitle: Goed\n---\n\n## Vraag 1\n\nWaarom?\n\n## Antwoord op vraag 1\n\nDaarom.\n"
GOOD_PAGE = Path("undated") / "goed" / "index.html"
TIGHT = "import:\n  timeout: 20\n  memory: 256 MB\n"  # never reached by the capped importers


def content_with(tmp_path: Path, *sources: str, limits: str = TIGHT) -> Path:
    """A content folder with one good document and the named hostile sources."""
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "sources").mkdir()
    (content / "site.yaml").write_text(f"title: T\nbase_url: https://example.org/\n{limits}")
    (content / "documents" / "goed.md").write_text(GOOD)
    for name in sources:
        BOMBS[name](content / "sources" / name)
    return content


def errors_of(result, name: str) -> list[str]:
    return [d.code for d in result.errors if d.file == f"sources/{name}"]


# --- the importers: each hostile file is cheap without the worker's limits -------------------

# What the importer itself says of each file (severity, code); none of them reaches a limit.
OWN_VERDICT = {
    "self-referencing.pdf": ("error", "pdf-invalid"),
    "numbering-start.docx": ("warning", "docx-number-too-large"),
    "grid-span.docx": ("warning", "docx-number-too-large"),
    "understated-zip.docx": ("error", "docx-too-large"),
    "flate-bomb.pdf": ("error", "pdf-too-large"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_the_importer_alone_makes_each_hostile_file_cheap(tmp_path, name):
    path = tmp_path / name
    BOMBS[name](path)
    # A worker all the same: should a cap regress, this test fails instead of hanging.
    limits = ImportLimits(timeout=20, memory=256 * 1024**2)
    severity, code = OWN_VERDICT[name]
    try:
        result = sandbox.run_bounded(import_source, path, f"sources/{name}", limits)
    except ImportRefused as exc:
        found = [(exc.diagnostic.severity, exc.diagnostic.code)]
        assert exc.diagnostic.file == f"sources/{name}"
    else:
        found = [(d.severity, d.code) for d in result.diagnostics]
        assert "Vraag 1" in result.markdown or "vraag-1" in result.markdown
    assert (severity, code) in found


def test_numbers_from_a_docx_are_clamped_to_what_a_document_holds(tmp_path):
    path = tmp_path / "numbering-start.docx"
    import_bombs.numbering_start_docx(path)
    result = import_source(path, source="sources/numbering-start.docx")
    [warning] = [d for d in result.diagnostics if d.code == "docx-number-too-large"]
    assert "900000000000" in warning.message and str(importers.MAX_LIST_NUMBER) in warning.message
    # The list counts on from the clamp: 32767 in roman numerals, not 9×10¹¹ of them.
    assert "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmdcclxvii." in result.markdown
    grid = tmp_path / "grid-span.docx"
    import_bombs.grid_span_docx(grid)
    word = docx_extract.read_docx(grid)
    [table] = [b for b in word.blocks if isinstance(b, docx_extract.Table)]
    # The first cell fills the row to the cap; the second is kept, with no columns after it.
    assert [len(row) for row in table.rows] == [importers.MAX_TABLE_COLUMNS + 1]


def test_zip_sizes_are_counted_not_trusted(tmp_path):
    # 2 MB behind a header that says 600 bytes: under the cap, but the header lies.
    small = tmp_path / "small-lie.docx"
    understated_zip_docx(small, megabytes=2)
    with pytest.raises(ImportRefused) as info:
        importers.check_source(small, source="sources/small-lie.docx")
    assert info.value.diagnostic.code == "docx-invalid"
    assert "says it unpacks to" in info.value.diagnostic.message
    # 1 GB behind the same header: over the cap, found while inflating in chunks.
    big = tmp_path / "big-lie.docx"
    understated_zip_docx(big)
    with pytest.raises(ImportRefused) as info:
        importers.check_source(big, source="sources/big-lie.docx")
    assert info.value.diagnostic.code == "docx-too-large"


def _pdf_with_stream(path: Path, data: bytes, filters: bytes) -> None:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    stream = b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters)
    stream += data + b"\nendstream"
    objects = [import_bombs.CATALOG, import_bombs.PAGES, page, import_bombs.FONT, stream]
    path.write_bytes(import_bombs._pdf(objects))


def test_a_bomb_inside_a_bomb_is_counted_too(tmp_path):
    # FlateDecode twice: 1.5 MB of compressed bomb, compressed again to a few KB.
    inner = tmp_path / "inner.pdf"
    import_bombs.flate_bomb_pdf(inner)
    raw = inner.read_bytes()
    start = raw.index(b"stream\n", raw.index(b"5 0 obj")) + len(b"stream\n")
    bomb = raw[start : raw.index(b"\nendstream", start)]
    path = tmp_path / "double.pdf"
    _pdf_with_stream(path, zlib.compress(bomb, 9), b"[/FlateDecode /FlateDecode]")
    assert path.stat().st_size < 20_000
    with pytest.raises(Exception) as info:
        import_source(path, source="sources/double.pdf")
    assert info.value.diagnostic.code == "pdf-too-large"


def test_a_predictor_row_wider_than_any_page_is_counted(tmp_path):
    # 20 bytes of data whose PNG predictor says rows are 10⁹ columns wide: pdfminer would
    # make a list of 10⁹ items (8 GB) for one row.
    path = tmp_path / "predictor.pdf"
    data = zlib.compress(b"\x00" * 20)
    _pdf_with_stream(
        path, data, b"/FlateDecode /DecodeParms << /Predictor 12 /Columns 1000000000 >>"
    )
    limits = ImportLimits(timeout=20, memory=256 * 1024**2)
    with pytest.raises(ImportRefused) as info:
        sandbox.run_bounded(import_source, path, "sources/predictor.pdf", limits)
    assert info.value.diagnostic.code == "pdf-too-large"


def test_a_loop_of_references_is_an_error_not_a_hang(tmp_path):
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R /Contents 6 0 R >>"
    )
    text = import_bombs.TEXT
    stream = b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream"
    path = tmp_path / "loop.pdf"
    objects = [import_bombs.CATALOG, import_bombs.PAGES, page, b"5 0 R", b"4 0 R", stream]
    path.write_bytes(import_bombs._pdf(objects))
    limits = ImportLimits(timeout=20, memory=256 * 1024**2)
    with pytest.raises(ImportRefused) as info:
        sandbox.run_bounded(import_source, path, "sources/loop.pdf", limits)
    assert info.value.diagnostic.code == "pdf-invalid"
    assert "refer to each other in a loop (4 → 5 → 4)" in info.value.diagnostic.message


def test_a_real_pdf_is_far_below_the_stream_budget():
    from generator.importers.pdf import import_pdf

    for pdf in sorted((ROOT / "tests" / "fixtures" / "corpus" / "pdf").glob("*.pdf")):
        result = import_pdf(pdf, source=f"sources/{pdf.name}")
        assert not [d for d in result.diagnostics if d.code == "pdf-too-large"], pdf


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_each_hostile_file_gives_its_diagnostic_and_the_rest_builds(tmp_path, name):
    content = content_with(tmp_path, name)
    result = build(content, tmp_path / "site")
    severity, code = OWN_VERDICT[name]
    found = [(d.severity, d.code) for d in result.diagnostics if d.file == f"sources/{name}"]
    assert (severity, code) in found
    assert (tmp_path / "site" / GOOD_PAGE).is_file()


# --- the worker: what the importers do not foresee is stopped by site.yaml's limits ----------


def _lift_caps(monkeypatch) -> None:
    """Undo the importers' own caps, as if a new kind of bomb got past them: the hostile
    files then run away in the worker, and only its limits stop them."""
    from pdfminer.pdfdocument import PDFDocument

    monkeypatch.setattr(docx_extract, "MAX_LIST_NUMBER", 10**15)
    monkeypatch.setattr(docx_extract, "MAX_TABLE_COLUMNS", 10**12)
    monkeypatch.setattr(pdf_limits, "BoundedDocument", PDFDocument)
    monkeypatch.setattr(importers, "_check_unpacked", lambda *args: None)


RUNAWAY = {  # site.yaml: a time limit of 2 s
    "self-referencing.pdf": "import-timeout",  # loops for ever, in place
    "numbering-start.docx": "import-timeout",  # ~10⁹ steps (and a growing string)
}
GREEDY = {  # site.yaml: a memory limit of 128 MB
    "grid-span.docx": "import-too-large",  # 2.8 GB of empty cells
    "understated-zip.docx": "import-too-large",  # zipfile inflates 1 GB in one call
    "flate-bomb.pdf": "import-too-large",  # zlib.decompress of 1.5 GB
}


@pytest.mark.parametrize(
    ("bounded", "limits"),
    [
        (RUNAWAY, "import:\n  timeout: 2\n"),
        (GREEDY, "import:\n  timeout: 60\n  memory: 128 MB\n"),
    ],
    ids=["time", "memory"],
)
def test_the_worker_stops_every_runaway_import_and_the_rest_builds(
    tmp_path, monkeypatch, bounded, limits
):
    _lift_caps(monkeypatch)
    content = content_with(tmp_path, *bounded, limits=limits)
    started = time.monotonic()
    result = build(content, tmp_path / "site")
    seconds = time.monotonic() - started
    for name, code in bounded.items():
        assert errors_of(result, name) == [code], (name, result.errors)
        [error] = [d for d in result.errors if d.file == f"sources/{name}"]
        assert "the other documents were built" in error.message
    assert (tmp_path / "site" / GOOD_PAGE).is_file()
    assert sorted(p.name for p in (content / "documents").iterdir()) == ["goed.md"]
    # Bounded, not hung (a generous bound for a loaded machine, not a speed target).
    assert seconds < 120


def test_a_crashing_worker_is_a_diagnostic(tmp_path, monkeypatch):
    def killed(path, *, source):  # as the kernel's out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(imports_stage, "import_source", killed)
    content = content_with(tmp_path)
    (content / "sources" / "x.txt").write_text("Vraag 1\nWaarom?\n")
    result = build(content, tmp_path / "site")
    [error] = result.errors
    assert error.code == "import-failed" and "killed by signal 9" in error.message
    assert (tmp_path / "site" / GOOD_PAGE).is_file()


# --- a failure is remembered; only a changed file is tried again -----------------------------


def _sleeper(path: Path, *, source: str) -> ImportResult:
    time.sleep(3600)
    raise AssertionError("not reached")


def test_an_unchanged_failing_file_is_not_imported_again(tmp_path, monkeypatch):
    monkeypatch.setattr(imports_stage, "import_source", _sleeper)
    content = content_with(tmp_path, limits="import:\n  timeout: 1\n")
    slow = content / "sources" / "traag.txt"
    slow.write_text("Vraag 1\nWaarom?\n")

    def launches_of(run) -> tuple[int, list[str]]:
        before = sandbox.launches
        result = run()
        return sandbox.launches - before, errors_of(result, "traag.txt")

    site = tmp_path / "site"
    assert launches_of(lambda: build(content, site)) == (1, ["import-timeout"])
    # Unchanged: the failure is reported again at once, from the cache, without a worker.
    assert launches_of(lambda: build(content, site)) == (0, ["import-timeout"])
    assert launches_of(lambda: build(content, tmp_path / "other")) == (0, ["import-timeout"])
    assert launches_of(lambda: check(content)) == (0, ["import-timeout"])
    again = [d for d in build(content, site).errors if d.code == "import-timeout"]
    assert "not tried again until the file changes" in again[0].message
    # Changed bytes: tried again.
    slow.write_text("Vraag 1\nWaarom nu?\n")
    assert launches_of(lambda: build(content, site)) == (1, ["import-timeout"])
    assert launches_of(lambda: build(content, site)) == (0, ["import-timeout"])
    # Other limits in site.yaml: tried again.
    (content / "site.yaml").write_text("title: T\nimport:\n  timeout: 2\n")
    assert launches_of(lambda: build(content, site)) == (1, ["import-timeout"])
    # `antwoord import FILE` is asked for by hand: it always tries.
    before = sandbox.launches
    written, diagnostics = import_files([slow], content)
    assert sandbox.launches - before == 1 and written == []
    assert [d.code for d in diagnostics] == ["import-timeout"]


def test_antwoord_import_keeps_to_the_limits_of_site_yaml(tmp_path, monkeypatch):
    monkeypatch.setattr(imports_stage, "import_source", _sleeper)
    content = content_with(tmp_path, limits="import:\n  timeout: 1\n")
    raw = tmp_path / "traag.txt"
    raw.write_text("Vraag 1\n")
    written, diagnostics = import_files([raw], content)
    assert written == [] and [(d.file, d.code) for d in diagnostics] == [
        ("sources/traag.txt", "import-timeout")
    ]
    # A broken site.yaml: its own error, and no import without the limits it sets.
    (content / "site.yaml").write_text("title: T\nimport:\n  timeout: nooit\n")
    before = sandbox.launches
    written, diagnostics = import_files([raw], content)
    assert sandbox.launches == before
    assert [(d.file, d.code, d.line) for d in diagnostics] == [("site.yaml", "config-invalid", 3)]


def test_a_source_that_imports_after_all_is_imported(tmp_path, monkeypatch):
    calls = {"slow": True}

    def sometimes(path: Path, *, source: str) -> ImportResult:
        if calls["slow"]:
            time.sleep(3600)
        md = f"---\ntitle: Later\nsource: {source}\n---\n\n## Vraag 1\n\nWaarom?\n"
        return ImportResult(md, "later", [])

    monkeypatch.setattr(imports_stage, "import_source", sometimes)
    content = content_with(tmp_path, limits="import:\n  timeout: 5\n")
    (content / "sources" / "later.txt").write_text("Vraag 1\n")
    assert errors_of(build(content, tmp_path / "site"), "later.txt") == ["import-timeout"]
    calls["slow"] = False
    (content / "sources" / "later.txt").write_text("Vraag 1\nWaarom?\n")
    result = build(content, tmp_path / "site")
    assert result.imported == ["documents/later.md"]


# --- the worker dies with the build; the preview goes on -------------------------------------

KILLED_BUILD = """
import os, sys, time
from pathlib import Path
import generator.build as build_module
import generator.stages.imports as imports_stage

def stuck(path, *, source):
    Path(sys.argv[2]).write_text(str(os.getpid()))
    time.sleep(3600)

imports_stage.import_source = stuck
build_module.build(Path(sys.argv[1]), Path(sys.argv[1]).parent / "site")
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


def test_the_worker_dies_with_a_killed_build(tmp_path):
    content = content_with(tmp_path, limits="import:\n  timeout: 600\n")
    (content / "sources" / "x.txt").write_text("Vraag 1\n")
    pid_file = tmp_path / "worker.pid"
    build_process = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(content), str(pid_file)], cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the worker never started"
            assert build_process.poll() is None
            time.sleep(0.05)
        worker = int(pid_file.read_text())
        assert _alive(worker)
    finally:
        build_process.kill()  # SIGKILL: no cleanup runs in the build
        build_process.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(worker):  # leave nothing behind even when the test fails
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the import worker outlived the killed build")


def test_a_runaway_source_does_not_freeze_the_preview(tmp_path, monkeypatch):
    from http.server import ThreadingHTTPServer

    import generator.serve as serve_module

    monkeypatch.setattr(imports_stage, "import_source", _sleeper)
    content = content_with(tmp_path, limits="import:\n  timeout: 2\n")
    preview = LivePreview(content, tmp_path / "site")
    first = preview.rebuild()
    assert "documents/goed.md" in first.pages.values()
    (content / "sources" / "traag.txt").write_text("Vraag 1\n")
    handler = serve_module.functools.partial(serve_module.PreviewHandler, preview=preview)
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{GOOD_PAGE.parent.as_posix()}/"
        rebuild = threading.Thread(target=preview.rebuild)
        rebuild.start()
        time.sleep(0.5)  # the import worker is running now
        # While the source is being imported, the last site is served.
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        rebuild.join(30)
        assert not rebuild.is_alive(), "the rebuild hung"
        server.shutdown()
    state = preview.state
    assert state.generation == 2
    assert [d.code for d in state.diagnostics if d.file == "sources/traag.txt"] == [
        "import-timeout"
    ]
    assert any(path == "documents/goed.md" for path in state.pages.values())
    # The next change rebuilds at once: the unchanged source is not tried again.
    before = sandbox.launches
    preview.rebuild()
    assert sandbox.launches == before
