"""What the system refused (a full disk, a read-only folder, a file that vanished) as one line.

A build stops at the first OSError it cannot work around: staging folders are removed and the
output lock released on the way out (build.py, sitewriter.py), so the previous site and every
document are as they were. Here that OSError becomes a Diagnostic: a code for the kind of
failure (`disk-full`, `read-only`, `no-permission`, `vanished`, `system-error`), the path it
concerns as the user can paste it from where they ran the command, and a message saying what
was being done, what it means for their files and what to do. No traceback, no Python repr.

The path names where the failure was: the output folder (never the temporary folder next to
it, which is gone by the time the line is printed), the build cache, documents/, sources/,
site.yaml, or the file the system named.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from generator.document import Diagnostic

T = TypeVar("T")

# errno → (code, what the system said in plain words, what the user can do)
_KINDS: dict[int, tuple[str, str, str]] = {
    errno.ENOSPC: ("disk-full", "the disk is full", "free some disk space and try again"),
    errno.EDQUOT: ("disk-full", "the disk quota is used up", "free some space and try again"),
    errno.EROFS: (
        "read-only",
        "the file system is read-only",
        "make it writable or choose a folder on a writable disk",
    ),
    errno.EACCES: (
        "no-permission",
        "permission denied",
        "give the user running the build access to it",
    ),
    errno.EPERM: (
        "no-permission",
        "the operation is not permitted",
        "give the user running the build access to it",
    ),
    errno.ENOENT: (
        "vanished",
        "it was deleted or moved while the build ran",
        "leave it in place while a build runs, and try again",
    ),
    errno.EIO: ("system-error", "the disk reported an input/output error", "check the disk"),
}


def user_path(path: str | os.PathLike) -> str:
    """`path` as the user can paste it where they ran the command: relative to the current
    folder when that takes at most two `..`, else absolute."""
    path = os.path.abspath(path)
    rel = os.path.relpath(path, os.getcwd())
    ups = 0
    for part in Path(rel).parts:
        if part != "..":
            break
        ups += 1
    return Path(rel).as_posix() if ups <= 2 else path


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


_KEPT = "the previous site is as it was"


def _where(
    failed: Path | None, content: Path | None, out: Path | None
) -> tuple[Path | None, str, str]:
    """The path to name, what the build could not do there, and what that left as it was."""
    if failed is None:
        return out or content, "build the site", _KEPT if out else ""
    if out is not None:
        staged = f".{out.name}."  # output.staging_folder and the moved-away old site
        in_out = _within(failed, out) or any(
            p.parent == out.parent and p.name.startswith(staged) for p in (failed, *failed.parents)
        )
        if in_out:
            return out, "write the site", _KEPT
        if failed == out.parent:
            return out, "prepare the output folder", _KEPT
    if content is not None:
        areas = (
            (content / ".cache", True, "use the build cache"),
            (content / "documents", False, "read or write the documents"),
            (content / "sources", False, "read the sources"),
            (content / "site.yaml", False, "read the site configuration"),
        )
        for folder, whole, doing in areas:
            if _within(failed, folder):
                return (folder if whole else failed), doing, ""
    return failed, "build the site", _KEPT if out else ""


def diagnostic(
    exc: OSError, *, content: Path | None = None, out: Path | None = None, after: str = ""
) -> Diagnostic:
    """One line for an OSError: its kind, where it was and what to do. `after` is what the
    user should know besides (such as that documents were left as they were)."""
    raw = exc.filename if exc.filename is not None else None
    failed = Path(os.path.abspath(os.fsdecode(raw))) if raw is not None else None
    content = Path(content).resolve() if content is not None else None
    out = Path(out).resolve() if out is not None else None
    where, doing, kept = _where(failed, content, out)
    code, said, todo = _KINDS.get(
        exc.errno or 0,
        ("system-error", exc.strerror or type(exc).__name__, "fix the cause and try again"),
    )
    if code == "vanished" and kept == _KEPT:
        kept = "nothing of this build was put in its place"
    message = "; ".join(part for part in (f"cannot {doing}: {said}", kept, todo) if part)
    if after:
        message += f" ({after})"
    return Diagnostic(user_path(where) if where else ".", None, "error", code, message)


def reported(
    failed: Callable[[Diagnostic, dict], T],
    *,
    after: str = "",
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a command (build, check, import) so that an OSError it cannot work around is
    returned as `failed(diagnostic, arguments)` instead of raised: the function's own clean-up
    (its `finally` and `with` blocks) has run by then. The arguments named `content` and `out`
    tell where the failure was."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs) -> T:
            try:
                return fn(*args, **kwargs)
            except OSError as exc:
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                values = bound.arguments
                problem = diagnostic(
                    exc, content=values.get("content"), out=values.get("out"), after=after
                )
                return failed(problem, values)

        return wrapper

    return decorate


@contextlib.contextmanager
def naming(path: str | os.PathLike) -> Iterator[None]:
    """Give an OSError raised inside the block `path` as its file name when it has none (a
    failed write names no file: ENOSPC from `write` is only errno 28)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            exc.filename = os.fspath(path)
        raise


def plain_reason(exc: BaseException) -> str:
    """Why a reader or importer failed, in words, never a Python repr.

    Our importers raise ValueError with a message written for the user; an OSError says what
    the system refused; anything else is a bug in Antwoord, named as one."""
    if isinstance(exc, OSError):
        return f"it cannot be read: {exc.strerror or 'the system refused'}"
    if isinstance(exc, ValueError | UnicodeError) and str(exc):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "it needs more memory than this machine has"
    if isinstance(exc, RecursionError):
        return "it is nested too deeply to be read"
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    name = type(exc).__name__
    return (
        f"Antwoord failed on it ({name}{': ' + detail if detail else ''}); this is a bug in "
        "Antwoord: please report it with the file"
    )
