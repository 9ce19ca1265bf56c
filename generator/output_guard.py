"""Which folders a build may replace: only one Antwoord made, never one that holds the user's work.

A build swaps the whole output folder out and removes the old one (generator/output.py), so
`--out` pointed at the wrong folder would delete it: `--out .` at the root of a repository took
`.git` and `content/` with it. Before anything is written, moved or locked, the output folder is
checked here, on its path alone and then on what it holds:

- `output-overlaps-content`: the output may not be the content folder, the theme, the root of
  a git repository (found by walking up from the folder the command runs in, and from the
  content folder and the theme, to the first folder holding `.git`), the folder the command
  runs in, or an ancestor of any of them; nor may it lie inside the content folder, the theme
  or a repository's `.git`. (Inside a repository is fine: `site/` at its root is the default.)
- `output-not-ours`: an existing folder that is not empty must carry the marker file
  `MARKER`, which every build writes into the site it makes. A site built before the marker
  existed is accepted once when the build record in the content folder's cache lists every
  file it holds (then it is certainly what an earlier build left); the build then adds the
  marker. Anything else is refused: the user empties or removes the folder, or picks another.

The refusal is a diagnostic; the refused folder is not touched (not even locked).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.document import Diagnostic
from generator.system_errors import user_path

MARKER = ".antwoord-site"
# Constant bytes: the marker never differs between builds, so it never makes a build a change.
MARKER_TEXT = (
    "This folder was written by Antwoord (antwoord build).\n"
    "Each build replaces it as a whole. Antwoord replaces or removes only a folder that holds\n"
    "this file (or an empty one); see docs/output.md in the Antwoord repository.\n"
)
OVERLAPS = "output-overlaps-content"
NOT_OURS = "output-not-ours"
REFUSALS = (OVERLAPS, NOT_OURS)


def git_root(start: Path) -> Path | None:
    """The first folder from `start` upwards that holds `.git` (a folder, or a worktree's file)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def overlap(out: Path, content: Path, theme: Path, cwd: Path | None = None) -> Diagnostic | None:
    """Why `out` may not be an output folder at all, on its path alone (None: it may be)."""
    out = Path(out).resolve()
    content, theme = Path(content).resolve(), Path(theme).resolve()
    here = Path(cwd or os.getcwd()).resolve()
    roots = sorted({root for start in (here, content, theme) if (root := git_root(start))})
    protected = [
        (content, "the content folder"),
        (theme, "the theme folder"),
        *((root, "the root of a git repository") for root in roots),
        (here, "the folder you run the command from"),
    ]
    # The folder it is, before the folders it holds: `--out .` at a repository's root is that.
    protected.sort(key=lambda pair: pair[0] != out)
    for folder, what in protected:
        if _within(folder, out):
            relation = f"is {what}" if folder == out else f"holds {what} ({user_path(folder)})"
            return _refuse(
                out,
                OVERLAPS,
                f"{relation}; a build replaces its output folder as a whole, so it would "
                "delete it. Nothing was changed: choose an --out folder of its own, such as "
                "'site'",
            )
    inside = [
        (content, "the content folder"),
        (theme, "the theme folder"),
        *((root / ".git", "a git repository's .git folder") for root in roots),
    ]
    for folder, what in inside:
        if _within(out, folder):
            return _refuse(
                out,
                OVERLAPS,
                f"lies inside {what} ({user_path(folder)}), where a build must not write. "
                "Nothing was changed: choose an --out folder outside it, such as 'site'",
            )
    return None


def not_ours(out: Path, recorded: Callable[[], Iterable[str] | None]) -> Diagnostic | None:
    """Why the existing `out` is not a folder a build may replace (None: it may be).

    `recorded()` gives the files the last build into `out` recorded (or None): it is asked
    only for a folder without the marker, so an ordinary build never loads the record twice."""
    out = Path(out)
    if not os.path.lexists(out):
        return None
    if out.is_symlink() or not out.is_dir():
        return _refuse(
            out,
            NOT_OURS,
            "exists and is not a folder; nothing was changed: remove it or choose another --out",
        )
    try:
        with os.scandir(out) as listing:
            names = {entry.name for entry in listing}
    except OSError as exc:
        return _refuse(
            out, NOT_OURS, f"cannot be read ({exc.strerror or exc}); nothing was changed"
        )
    if not names or os.path.isfile(out / MARKER):
        return None
    files = recorded()
    if files is not None and _only_recorded(out, set(files)):
        return None  # a site built before the marker existed: the marker comes with this build
    return _refuse(
        out,
        NOT_OURS,
        f"is not empty and was not made by Antwoord (it has no {MARKER} file), so it is not "
        "replaced; nothing was changed. Choose another --out folder, or, if it is a site an "
        "older Antwoord built, delete it yourself once",
    )


def _only_recorded(out: Path, files: set[str]) -> bool:
    """Every file under `out` is one the build record lists (and nothing is a symlink)."""
    for folder, dirs, names in os.walk(out):
        rel = Path(folder).relative_to(out).as_posix()
        prefix = "" if rel == "." else f"{rel}/"
        for name in names:
            if f"{prefix}{name}" not in files or os.path.islink(os.path.join(folder, name)):
                return False
        if any(os.path.islink(os.path.join(folder, d)) for d in dirs):
            return False
    return True


def _refuse(out: Path, code: str, message: str) -> Diagnostic:
    return Diagnostic(user_path(out), None, "error", code, message)
