"""A killed build never blocks the next one (issue 14, point 2).

`kill -9` of a build (an OOM kill, a CI timeout) used to leave its pool workers running: forked
from the build, they held the output lock's file descriptor, so every later build waited on
the lock forever without a word. Now workers die with their parent (generator/lifetime.py) and
never hold the lock, and a build that must wait says which process it waits for.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_atomic_output import make_content, tree

from generator.build import build
from generator.output import locked

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 8
NEXT_BUILD_SECONDS = int(
    os.environ.get("NEXT_BUILD_SECONDS", "120")
)  # a small site builds in a few seconds even on a busy machine


def start_build(content: Path, out: Path, *extra: str, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "generator", "build", "--content", str(content)]
    return subprocess.Popen(
        [*command, "--out", str(out), *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        **({"stderr": subprocess.DEVNULL} | popen),
    )


def workers(pid: int) -> list[int]:
    """The pool workers of build `pid`: its children forked from it (same command line)."""
    found: list[int] = []
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            own = fh.read()
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for child in fh.read().split():
                    with open(f"/proc/{child}/cmdline", "rb") as cf:
                        if cf.read() == own:
                            found.append(int(child))
    except OSError:
        pass
    return found


def processes_mentioning(text: str) -> list[int]:
    """Every live process whose command line mentions `text` (the test's own folder)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmdline = fh.read().decode("utf-8", "replace")
            with open(f"/proc/{name}/stat") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        # The old site's remover (output.remove_detached) is meant to outlive the build.
        if text in cmdline and state != "Z" and "shutil.rmtree" not in cmdline:
            found.append(int(name))
    return found


def wait_until_gone(text: str, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := processes_mentioning(text)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def test_kill_9_at_random_moments_never_blocks_the_next_build(tmp_path):
    content = tmp_path / "content"
    make_content(content, "Nieuw", count=8)
    build(content, tmp_path / "reference")
    reference = tree(tmp_path / "reference")
    site = tmp_path / "out" / "site"
    started = time.monotonic()
    assert start_build(content, site, "--jobs", "2").wait() == 0
    duration = time.monotonic() - started

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    with_workers = 0
    orphans: list[int] = []
    try:
        for round_ in range(ROUNDS):
            shutil.rmtree(content / ".cache", ignore_errors=True)  # every build does it all
            process = start_build(content, site, "--jobs", "2")
            if round_ % 2:  # half the kills while the pool's workers are surely running
                deadline = time.monotonic() + 60
                while not workers(process.pid) and time.monotonic() < deadline:
                    time.sleep(0.01)
                # Soon after: a small site's pool lives a few tenths of a second, less than
                # that on a loaded machine once the workers have started (3 of 8 hit it once).
                time.sleep(rng.uniform(0, 0.05))
            else:
                time.sleep(rng.uniform(0.05, 1.0) * duration)
            with_workers += bool(workers(process.pid))
            process.send_signal(signal.SIGKILL)
            process.wait()
            orphans = wait_until_gone(str(tmp_path), 10)
            assert not orphans, f"round {round_}: workers outlived the build (seed {seed})"

            following = start_build(content, site)
            try:
                status = following.wait(timeout=NEXT_BUILD_SECONDS)
            except subprocess.TimeoutExpired:
                following.kill()
                raise AssertionError(f"round {round_}: the next build hung (seed {seed})") from None
            assert status == 0, f"round {round_} (seed {seed})"
            assert tree(site) == reference, f"round {round_} (seed {seed})"
    finally:
        for pid in processes_mentioning(str(tmp_path)):  # only the ones this test started
            os.kill(pid, signal.SIGKILL)
    assert with_workers >= ROUNDS // 2, f"too few kills hit the pool (seed {seed})"


def test_a_waiting_build_says_which_process_holds_the_lock(tmp_path):
    content = tmp_path / "content"
    make_content(content, "Nieuw", count=1)
    site = tmp_path / "site"
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with locked(site):
            holding.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        waiting = start_build(content, site, stderr=subprocess.PIPE, text=True)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert "waiting" in line and f"process {os.getpid()}" in line, line
        assert "pytest" in line or "python" in line, line  # its command line, as /proc has it
        assert waiting.poll() is None  # still waiting while the lock is held
    finally:
        release.set()
        holder.join()
    assert waiting.wait(timeout=NEXT_BUILD_SECONDS) == 0
    assert (site / "index.html").is_file()


# A build with one forked worker, holding the output lock: the worker gets no death signal
# (as where prctl is missing), so only the watch thread and the closed descriptor count.
ORPHAN = """
import multiprocessing, os, sys, time
from pathlib import Path
import generator.lifetime as lifetime
from generator.output import locked

def worker(parent):
    lifetime._prctl = lambda: None
    lifetime.die_with_parent(parent)
    print("WORKER", os.getpid(), flush=True)
    time.sleep(60)

with locked(Path(sys.argv[1])):
    child = multiprocessing.get_context("fork").Process(target=worker, args=(os.getpid(),))
    child.start()
    time.sleep(60)
"""


def test_a_worker_without_the_death_signal_lets_go_of_the_lock_and_ends(tmp_path):
    import fcntl

    site = tmp_path / "site"
    process = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, str(site)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    word, pid = process.stdout.readline().split()
    assert word == "WORKER"
    process.send_signal(signal.SIGKILL)
    process.wait()
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free at once: the worker closed it
    finally:
        os.close(fd)
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        with open(f"/proc/{pid}/stat") as fh:
            if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        time.sleep(0.05)
    alive = os.path.exists(f"/proc/{pid}")
    if alive:
        with open(f"/proc/{pid}/stat") as fh:
            alive = fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    if alive:
        os.kill(int(pid), signal.SIGKILL)
    assert not alive, "the worker outlived its parent"
