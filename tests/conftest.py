"""Shared pytest wiring: the corpus score table printed at the end of a run."""

from __future__ import annotations

import pytest

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
