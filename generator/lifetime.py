"""Child processes that never outlive the build, and what to say when a build must wait.

A build killed with kill -9 (an OOM kill, a CI timeout) runs no clean-up. Its pool workers used
to live on: forked from it, each held a copy of the output lock's file descriptor
(output.locked), and they waited for work that never came, so every later build waited on the
lock forever, without a word. Now:

- every pool worker runs `die_with_parent` first: on Linux the kernel kills it when its parent
  dies (PR_SET_PDEATHSIG, as the Pagefind child has it); elsewhere, and in case the parent died
  before that took effect, a watch thread ends it once its parent is gone (its parent pid
  changes when it is re-parented);
- it closes the lock descriptors it inherited (output.held_locks), so even a worker that lives
  on for a moment never keeps the next build out;
- a build that finds the lock taken says which process holds it (`lock_holders`: the pid and
  command line of every process with that lock, from /proc) before it waits.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0  # how soon the fallback notices a dead parent


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int | None = None) -> None:
    """Initializer of a pool worker: die when the process that started it dies.

    `parent` is the pid of the build when the worker is forked from it (then a build killed
    before this ran is noticed at once); None for a worker started by a fork server, whose
    parent is that server (which exits when the build dies)."""
    expected = os.getppid() if parent is None else parent
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # Only a forked worker inherits descriptors, and it inherits the module with them; a
    # fresh interpreter (fork server, spawn) has none and need not import it.
    output = sys.modules.get("generator.output")
    if output is not None:
        output.release_inherited_locks()
    if os.getppid() != expected:  # the parent died before the death signal was set
        os._exit(1)
    threading.Thread(target=_watch, args=(expected,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def lock_holders(folder: Path) -> list[tuple[int, str]]:
    """(pid, command line) of every other process that holds a flock on `folder` (Linux /proc;
    elsewhere, or when /proc says nothing, an empty list)."""
    try:
        st = os.stat(folder)
        target = os.path.realpath(folder)
    except OSError:
        return []
    key = f" {os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino} "
    found: list[tuple[int, str]] = []
    try:
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []
    for name in pids:
        pid = int(name)
        if pid == os.getpid():
            continue
        if _holds(pid, target, key):
            found.append((pid, command_line(pid)))
    return found


def _holds(pid: int, target: str, key: str) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") != target:
                continue
            with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii", errors="replace") as fh:
                info = fh.read()
        except OSError:
            continue
        for line in info.splitlines():
            if line.startswith("lock:") and "FLOCK" in line and key in line and "->" not in line:
                return True
    return False


def command_line(pid: int, limit: int = 160) -> str:
    """The command line of `pid` as /proc has it, printable and short ("" when unreadable)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            raw = fh.read()
    except OSError:
        return ""
    text = raw.rstrip(b"\0").replace(b"\0", b" ").decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_holders(folder: Path) -> str:
    """'process 123 (antwoord build …)' for each holder, or 'another process'."""
    holders = lock_holders(folder)
    if not holders:
        return "another process"
    return ", ".join(
        f"process {pid} ({command})" if command else f"process {pid}" for pid, command in holders
    )
