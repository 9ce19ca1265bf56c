"""Shared pytest wiring: the corpus score table printed at the end of a run, the seed site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCUMENT = "documents/000-98c710bba33336fa.md"

_SCORES: list[tuple[str, int, int, list[str]]] = []


@pytest.fixture(scope="session")
def corpus_scores() -> list[tuple[str, int, int, list[str]]]:
    return _SCORES


def pytest_terminal_summary(terminalreporter) -> None:
    if not _SCORES:
        return
    terminalreporter.section("corpus: fields matching the hand-checked structure")
    for name, ok, total, wrong in sorted(_SCORES):
        extra = f"  wrong: {', '.join(wrong)}" if wrong else ""
        terminalreporter.write_line(f"{ok:2d}/{total}  {name}{extra}")
    done = sum(ok for _, ok, _, _ in _SCORES)
    total = sum(t for _, _, t, _ in _SCORES)
    terminalreporter.write_line(f"total {done}/{total} fields, {len(_SCORES)} documents")


# Hypothesis profiles: the default keeps `make test` fast; `make fuzz` sets
# HYPOTHESIS_PROFILE=fuzz for a long run of the property tests that take their example count
# from the profile (tests/test_nothing_lost.py).
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")),
    deadline=None,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def seed_content(tmp_path) -> Path:
    """The shipped site configuration and seed document only: a small site builds fast."""
    folder = tmp_path / "content"
    (folder / "documents").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", folder / "site.yaml")
    shutil.copy(ROOT / "content" / SEED_DOCUMENT, folder / SEED_DOCUMENT)
    return folder
