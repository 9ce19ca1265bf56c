"""Shared pytest wiring: the corpus score table printed at the end of a run."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

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
