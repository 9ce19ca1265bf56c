"""Writing the site folder so that readers only ever see a whole site: the old one or the new.

The new site is written into a fresh folder next to `site/` (`.site.new-XXXX`) and swapped in
only when every file is written. The swap is one atomic exchange of the two folders
(Linux renameat2 RENAME_EXCHANGE) where the system has it; elsewhere it is two renames, and a
build killed between them leaves the old site as `.site.old-XXXX`, which the next build puts
back before anything else. A lock on the folder that holds `site/` keeps two builds from
swapping at once, and whoever holds it removes the folders a killed build left behind.

So a build killed at any moment (kill -9, power cut aside: nothing is fsynced) leaves the
previous `site/` as it was, and the next build cleans up after it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2  # linux/fs.h


def _libc_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_renameat2 = _libc_renameat2()
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; False when the system cannot (then nothing moved)."""
    if _renameat2 is None:
        return False
    rc = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # the file system or kernel does not support the exchange
    raise OSError(err, os.strerror(err), str(a))


def _prefixes(out: Path) -> tuple[str, str]:
    return f".{out.name}.new-", f".{out.name}.old-"


_HELD: set[int] = set()  # descriptors of the locks this process holds (see lifetime.py)


def release_inherited_locks() -> None:
    """In a forked worker: close the lock descriptors inherited from the build, so that only
    the build itself holds its lock (a flock lasts while any copy of its descriptor is open)."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


def _tell(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked(out: Path, waiting: Callable[[str], None] = _tell) -> Iterator[None]:
    """Hold an exclusive lock on the folder that holds `out` (released by the kernel if killed).

    The lock is on the parent folder itself, so no lock file is left lying next to the site.
    When another process holds it, `waiting` is told which (pid and command line) before this
    waits for it: a build never waits without a word.
    """
    fd = os.open(out.parent, os.O_RDONLY)
    _HELD.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            from generator.lifetime import describe_holders
            from generator.system_errors import user_path

            waiting(
                f"waiting for {describe_holders(out.parent)} to finish (it holds the build "
                f"lock on {user_path(out.parent)}, the folder of {user_path(out)}); this build "
                "goes on when it is done"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)  # closing releases the lock


def recover(out: Path) -> None:
    """Undo what a killed build left: restore a moved-away old site, remove half-written ones.

    Call with the lock held: then no other build is between its renames.
    """
    new_prefix, old_prefix = _prefixes(out)
    leftovers = sorted(
        p for p in out.parent.iterdir() if p.name.startswith((new_prefix, old_prefix))
    )
    olds = [p for p in leftovers if p.name.startswith(old_prefix)]
    if not out.exists() and olds:
        os.rename(olds[-1], out)  # killed between the two renames: the old site goes back
        leftovers.remove(olds[-1])
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()


def stale_folders(out: Path) -> list[Path]:
    """Temporary folders of killed builds that are still next to `out` (for tests and check)."""
    out = out.resolve()
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(_prefixes(out)))


def staging_folder(out: Path) -> Path:
    """A fresh, empty folder next to `out` for the next version of the site."""
    return Path(tempfile.mkdtemp(prefix=_prefixes(out)[0], dir=out.parent))


def remove_detached(folder: Path) -> None:
    """Remove `folder` in a process of its own that outlives this one.

    Removing the old site costs one unlink per file and one rmdir per folder (tens of seconds
    for 100,000 documents on a slow disk) while the new site is already in place: the command
    line need not wait for it. Until it is done the folder is a leftover like any other, and
    the next build's `recover` removes whatever is left of it."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by a Ctrl-C meant for the build
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def swap_in(fresh: Path, out: Path, *, detach_removal: bool = False) -> None:
    """Put the finished folder `fresh` where `out` is, all or nothing. Call with the lock held.

    The old site is removed before this returns, or with `detach_removal` by a process of
    its own (`remove_detached`)."""
    remove = remove_detached if detach_removal else _remove
    if out.is_dir() and not out.is_symlink() and exchange(fresh, out):
        remove(fresh)  # `fresh` now holds the old site
        return
    old = None
    if out.exists() or out.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=_prefixes(out)[1], dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    try:
        os.rename(fresh, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        remove(old)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
