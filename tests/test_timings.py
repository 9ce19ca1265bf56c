"""`--timings`: each stage's seconds, documents and peak memory, on stderr; nothing without it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.timings import BUILD_STAGES, CHECK_STAGES, Timings

FIXTURE = Path(__file__).parent / "fixtures" / "site"
ROW = r"(\w+) +(\d+\.\d{3}) +(\d+) +(\d+\.\d) +(\d+\.\d)$"


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE, folder)
    return folder


def rows(stderr: str) -> dict[str, tuple[float, int, float, float]]:
    found = {}
    for line in stderr.splitlines():
        match = re.match(ROW, line)
        if match:
            name, seconds, documents, own, children = match.groups()
            found[name] = (float(seconds), int(documents), float(own), float(children))
    return found


def test_build_timings_name_every_stage_with_numbers(content, tmp_path, capsys):
    args = ["build", "--content", str(content), "--out", str(tmp_path / "site"), "--timings"]
    assert main(args) == 0
    captured = capsys.readouterr()
    table = rows(captured.err)
    assert list(table) == [*BUILD_STAGES]  # in the order they run; the total line has no count
    assert "total" in captured.err.splitlines()[-1]
    assert table["scan"][1] == 2  # the fixture site's two documents
    assert table["read"][1] == 2  # a cold cache: both read
    assert table["render"][1] == 2
    assert table["swap"][1] == 2
    assert all(own > 0 for _s, _d, own, _c in table.values())  # peak memory of this process
    assert captured.out == ""


def test_a_no_op_build_still_shows_every_stage(content, tmp_path, capsys):
    args = ["build", "--content", str(content), "--out", str(tmp_path / "site")]
    assert main(args) == 0
    capsys.readouterr()
    assert main([*args, "--timings"]) == 0
    table = rows(capsys.readouterr().err)
    assert list(table) == [*BUILD_STAGES]
    assert table["read"][1] == 0 and table["render"][1] == 0  # nothing read or rendered again


def test_check_timings_on_stderr(content, capsys):
    assert main(["check", "--content", str(content), "--timings"]) == 0
    captured = capsys.readouterr()
    assert list(rows(captured.err)) == [*CHECK_STAGES]
    assert not rows(captured.out)  # stdout keeps the diagnostics only


def test_without_the_flag_timing_adds_no_output(content, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 0
    plain = capsys.readouterr()
    assert not rows(plain.err) and "total" not in plain.err
    assert len(plain.err.strip().splitlines()) == 1  # the summary line alone
    assert main(["check", "--content", str(content)]) == 0
    checked = capsys.readouterr()
    assert not rows(checked.err) and not rows(checked.out)


def test_a_nested_stage_is_taken_out_of_the_outer_one_and_repeats_add_up():
    timings = Timings()
    timings.expect(("render", "write"))
    with timings.stage("render", documents=3):
        for _ in range(3):
            with timings.stage("write", documents=1):
                sum(range(20_000))
    render, write = timings.rows["render"], timings.rows["write"]
    assert write.documents == 3 and render.documents == 3
    assert write.seconds > 0 and render.seconds >= 0
    assert [line.split()[0] for line in timings.table().splitlines()] == [
        "stage",
        "render",
        "write",
        "total",
    ]
