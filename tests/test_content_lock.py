"""Two builds of one content folder into two output folders (issue 14, point 7).

Both import the same new sources; without the content folder's import lock the second found
"its" documents already written ("already exists for another source") and left them out of its
site. Real processes, as users run them; every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.content_lock import importing

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def fresh_content(tmp_path: Path) -> Path:
    """site.yaml and four raw sources, no documents yet."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
    for letter in sorted((FIXTURES / "corpus" / "docx").glob("*.docx")):
        shutil.copy(letter, content / "sources" / letter.name)
    shutil.copy(FIXTURES / "tika" / "000_98c710bba33336fa.txt", content / "sources")
    return content


def start_build(content: Path, out: Path, log: Path) -> subprocess.Popen:
    """`antwoord build` in a process of its own; what it prints goes to `log`."""
    with open(log, "w", encoding="utf-8") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--content", str(content)]
            + ["--out", str(out)],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CI": "1"},
        )


def finished(build: subprocess.Popen, log: Path) -> str:
    build.wait(timeout=240)
    text = log.read_text(encoding="utf-8")
    assert build.returncode == 0, text
    return text


def pages(site: Path) -> set[str]:
    return {p.parent.name for p in site.glob("*/*/index.html") if p.parent.parent.name.isdigit()}


def test_two_builds_of_fresh_content_into_two_outputs_both_give_the_whole_site(tmp_path):
    content = fresh_content(tmp_path)
    # Output folders in different folders: the output lock (on the folder that holds the
    # site) does not keep them apart.
    logs = [tmp_path / f"{name}.log" for name in ("a", "b")]
    builds = [start_build(content, tmp_path / log.stem / "site", log) for log in logs]
    for build, log in zip(builds, logs, strict=True):
        printed = finished(build, log)
        assert "import-slug-taken" not in printed
        assert "; 0 errors," in printed.splitlines()[-1], printed
    documents = {p.stem for p in (content / "documents").glob("*.md")}
    assert len(documents) == 4
    assert pages(tmp_path / "a" / "site") == pages(tmp_path / "b" / "site") == documents


def test_a_build_that_waits_for_the_import_lock_says_who_holds_it(tmp_path):
    content = fresh_content(tmp_path)
    log = tmp_path / "build.log"
    with importing(content):  # this test process is "the other build"
        build = start_build(content, tmp_path / "site", log)
        deadline = time.monotonic() + 120
        while "waiting for" not in log.read_text(encoding="utf-8"):
            assert build.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the build never said it was waiting"
            time.sleep(0.05)
        assert build.poll() is None  # still waiting while the lock is held
    printed = finished(build, log)
    assert f"waiting for process {os.getpid()} (" in printed
    assert len(pages(tmp_path / "site")) == 4


def test_a_content_folder_that_cannot_hold_the_lock_file_is_not_an_error(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / ".cache").write_text("not a folder")  # as unwritable as it gets for root
    with importing(content) as waited:
        assert waited is False


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    with importing(content), importing(content) as again:  # would wait for ever if not
        assert again is False
    with importing(content) as first:  # and released after
        assert first is False
