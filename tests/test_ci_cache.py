"""A CI deploy that keeps content/.cache/ and site/ between runs (docs/deploy.md): each run is
a fresh checkout, with new modification times on every file, and the cache step restores the
two folders; the daily build then costs what the day's change costs, not a cold build."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import build

FIXTURE = Path(__file__).parent / "fixtures" / "site"
KEPT = ("content/.cache", "site")  # what the CI cache step saves and restores


def checkout(runner: Path) -> Path:
    """A fresh clone: the repository's files, newly written (new mtimes, new inodes)."""
    shutil.rmtree(runner, ignore_errors=True)
    shutil.copytree(FIXTURE, runner / "content", copy_function=shutil.copyfile)
    return runner


def save(runner: Path, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    for rel in KEPT:
        if (runner / rel).exists():
            shutil.copytree(runner / rel, cache / rel, symlinks=True)


def restore(cache: Path, runner: Path) -> None:
    for rel in KEPT:
        if (cache / rel).exists():
            shutil.copytree(cache / rel, runner / rel, symlinks=True)


def ci_run(runner: Path, cache: Path, change=None):
    checkout(runner)
    restore(cache, runner)
    if change:
        change(runner / "content")
    result = build(runner / "content", runner / "site")
    assert result.exit_status == 0, [d.format() for d in result.errors]
    save(runner, cache)
    return result


def test_a_ci_build_with_the_cache_restored_is_incremental(tmp_path):
    runner, cache = tmp_path / "runner", tmp_path / "ci-cache"
    cold = ci_run(runner, cache)
    assert cold.from_cache == 0 and cold.pages_written > 2

    nothing = ci_run(runner, cache)  # the next day, nothing new
    assert nothing.from_cache == len(nothing.documents) == 2
    assert nothing.pages_written == 0 and nothing.files_written == 0

    def one_edit(content: Path) -> None:
        path = content / "documents" / "spreidingswet.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nEen zin meer.\n", "utf-8")

    edited = ci_run(runner, cache, one_edit)
    assert edited.from_cache == 1  # the other document is not read again
    assert edited.pages_written == 1  # its page; its listings did not change


def test_without_the_cache_every_run_is_cold(tmp_path):
    runner = tmp_path / "runner"
    for _ in range(2):
        checkout(runner)
        result = build(runner / "content", runner / "site")
        assert result.from_cache == 0
