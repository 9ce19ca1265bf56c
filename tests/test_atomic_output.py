"""The old site survives any killed build: kill -9 at random moments, then look at site/.

A build subprocess is killed with SIGKILL (no clean-up handlers run) at random points of its
run, over a content folder that takes a second or more to build. After every kill `site/` must
be byte for byte the previous site (or, if the kill came after the swap, the new one: never a
mix, never missing). The next build removes whatever the killed ones left next to it.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.build import build
from generator.output import recover, stale_folders

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "documents" / "000-98c710bba33336fa.md"
KILLS = 4

# Run in the build subprocess to stop it at one exact point of the swap, so the test can kill
# it there: random kills rarely land in a window of microseconds.
PAUSE_AT = """
import os, sys, time
import generator.output as output
point = sys.argv.pop(1)
real_exchange, real_rename = output.exchange, os.rename

def pause():
    print("PAUSED", flush=True)
    time.sleep(120)

def exchange(a, b):
    if point == "before-swap":
        pause()
    if point == "between-renames":
        return False  # as on a system without the atomic exchange
    done = real_exchange(a, b)
    if point == "after-swap":
        pause()
    return done

def rename(src, dst):
    real_rename(src, dst)
    if point == "between-renames" and ".site.old-" in str(dst):
        pause()

output.exchange, os.rename = exchange, rename
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` → sha256 of its bytes (the whole site, byte for byte)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_content(folder: Path, version: str, count: int = 5) -> None:
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "content" / "site.yaml", folder / "site.yaml")
    seed = SEED.read_text(encoding="utf-8")
    for i in range(count):
        text = seed.replace("title: ", f"title: {version} {i} ", 1)
        (folder / "documents" / f"doc-{i:02d}.md").write_text(text, encoding="utf-8")


def start_build(content: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", "build", "--content", str(content)]
    return subprocess.Popen(
        [*command, "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_kill_9_at_random_points_keeps_the_previous_site(tmp_path):
    old_content, new_content = tmp_path / "old", tmp_path / "new"
    make_content(old_content, "Oud")
    make_content(new_content, "Nieuw")
    site = tmp_path / "out" / "site"
    started = time.monotonic()
    assert start_build(old_content, site).wait() == 0
    duration = time.monotonic() - started
    old = tree(site)
    build(new_content, tmp_path / "reference")
    new = tree(tmp_path / "reference")
    assert old != new

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    killed_while_running = 0
    for _ in range(KILLS):
        # Without its cache every build does the whole work again (an incremental build after
        # a finished one would be a no-op, over before the kill).
        shutil.rmtree(new_content / ".cache", ignore_errors=True)
        process = start_build(new_content, site)
        time.sleep(rng.uniform(0.05, 0.7) * duration)
        if process.poll() is None:
            killed_while_running += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree(site)
        assert now in (old, new), f"site/ is neither the old nor the new site (seed {seed})"
    assert killed_while_running >= 2, f"the builds ended before the kills (seed {seed})"

    build(new_content, site)  # the next build cleans up after the killed ones
    assert tree(site) == new
    assert stale_folders(site) == []
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_kill_9_during_the_swap(tmp_path):
    old_content, new_content = tmp_path / "old", tmp_path / "new"
    make_content(old_content, "Oud", count=2)
    make_content(new_content, "Nieuw", count=2)
    build(old_content, tmp_path / "old-site")
    old = tree(tmp_path / "old-site")
    build(new_content, tmp_path / "reference")
    new = tree(tmp_path / "reference")
    site = tmp_path / "out" / "site"
    for point in ("before-swap", "after-swap", "between-renames"):
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(tmp_path / "old-site", site)
        command = [sys.executable, "-c", PAUSE_AT, point, "build", "--content", str(new_content)]
        process = subprocess.Popen(
            [*command, "--out", str(site)],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "PAUSED", point
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        if point == "between-renames":
            assert not site.exists()  # the one window of the two-rename fallback ...
            recover(site.resolve())  # ... which the next build repairs before anything else
        assert tree(site) == (new if point == "after-swap" else old), point
    build(new_content, site)
    assert tree(site) == new
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_build_killed_between_two_renames_gets_its_site_back(tmp_path):
    """Where the atomic exchange is missing the swap is two renames; a kill between them leaves
    the old site under a temporary name, and the next build puts it back first."""
    content = tmp_path / "content"
    make_content(content, "Oud", count=1)
    site = tmp_path / "site"
    build(content, site)
    old = tree(site)
    os.rename(site, tmp_path / ".site.old-killed")
    (tmp_path / ".site.new-half").mkdir()
    (tmp_path / ".site.new-half" / "index.html").write_text("half")
    recover(site.resolve())
    assert tree(site) == old
    assert stale_folders(site) == []


def test_the_command_line_leaves_removing_the_old_site_to_a_process_of_its_own(tmp_path):
    """`antwoord build` returns once the new site is in place; the replaced one is removed
    by a detached process (and whatever it has not removed yet, by the next build)."""
    old_content, new_content = tmp_path / "old", tmp_path / "new"
    make_content(old_content, "Oud")
    make_content(new_content, "Nieuw")
    site = tmp_path / "out" / "site"
    assert start_build(old_content, site).wait() == 0
    assert start_build(new_content, site).wait() == 0
    build(new_content, tmp_path / "reference")
    assert tree(site) == tree(tmp_path / "reference")
    deadline = time.monotonic() + 30
    while stale_folders(site) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stale_folders(site) == []
