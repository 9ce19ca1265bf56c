"""The documentation a clone has: every link in README.md and docs/ stays inside the repository
and points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`(\.\./[^`]+)`")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_stay_in_the_repository(page: Path):
    text = page.read_text(encoding="utf-8")
    assert not CODE_PATH.findall(text), "a path outside the repository"
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))  # not code
    for target in LINK.findall(prose):
        target = target.strip("<>")  # [text](<address>) is CommonMark too
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor on the same page
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"{target} leaves the repository"
        assert path.exists(), f"{target} does not exist"


def test_the_contracts_are_documented_here():
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for heading in ("## Ids and URLs", "## JSON export", "## Web Annotation export"):
        assert heading in design
