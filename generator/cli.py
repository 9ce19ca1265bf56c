"""The `antwoord` command: argparse front end, nothing else (DESIGN.md "CLI")."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.document import Diagnostic
from generator.text_safety import printable


def _say(line: str, stream=None) -> None:
    """Print one line; control and bidi characters in it (a file name's) are shown escaped."""
    print(printable(line), file=stream or sys.stderr)


def _print_diagnostics(diagnostics: list[Diagnostic], summary: str, stream=None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        _say(diagnostic.format(), stream)
    _say(summary, stream)


def _progress_bar():
    """A progress bar on a terminal, shown only once a build has run for two seconds; nothing
    in CI or when stderr is piped (the summary line says it all there)."""
    if os.environ.get("CI") or not sys.stderr.isatty():
        return None, None
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread: the build forks worker processes
    bar = tqdm.tqdm(total=0, unit="doc", delay=2, leave=False, file=sys.stderr)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    return bar, update


def _timings(args: argparse.Namespace):
    """A Timings to print at the end with `--timings`, else None (the build records its own)."""
    if not args.timings:
        return None
    from generator.timings import Timings

    return Timings()


def _cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    timings = _timings(args)
    bar, update = _progress_bar()
    try:
        result = build(
            args.content,
            args.out,
            strict=args.strict,
            jobs=args.jobs,
            progress=update,
            detach_removal=True,  # the command returns once the new site is in place
            timings=timings,
        )
    finally:
        if bar is not None:
            bar.close()
    for path in result.imported:
        _say(f"imported {path}")
    _print_diagnostics(result.diagnostics, result.summary())
    if timings is not None:
        for line in timings.table().splitlines():
            _say(line)
    return result.exit_status


def _cmd_check(args: argparse.Namespace) -> int:
    from generator.build import check

    timings = _timings(args)
    result = check(args.content, timings=timings)
    _print_diagnostics(result.diagnostics, result.summary(), sys.stdout)
    if timings is not None:  # on stderr: stdout is the diagnostics
        for line in timings.table().splitlines():
            _say(line)
    return result.exit_status


def _cmd_import(args: argparse.Namespace) -> int:
    if args.update:
        return _cmd_update(args)
    from generator.build import import_files

    written, diagnostics = import_files(args.files, args.content)
    for path in written:
        _say(f"imported {path}")
    errors = sum(d.severity == "error" for d in diagnostics)
    _print_diagnostics(diagnostics, f"{len(written)} documents written; {errors} errors")
    return 1 if errors else 0


def _cmd_update(args: argparse.Namespace) -> int:
    from generator.build import sort_diagnostics
    from generator.content_lock import importing
    from generator.update import update_documents

    with importing(args.content):  # one importer per content folder (content_lock.py)
        report = update_documents(args.files, args.content)
    summarised = {s.path for s in report.summaries}
    for path in report.written:
        if path not in summarised:
            _say(f"imported {path}", sys.stdout)
    for summary in report.summaries:
        for line in summary.lines():
            _say(line, sys.stdout)
    errors = sum(d.severity == "error" for d in report.diagnostics)
    _print_diagnostics(
        sort_diagnostics(report.diagnostics),
        f"{len(report.written)} documents written; {errors} errors",
    )
    return 1 if errors else 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    return serve(args.content, args.out, port=args.port)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="antwoord", description="Static site of parliamentary questions and answers."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def content_option(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--content", type=Path, default=Path("content"), help="content folder (content)"
        )

    def timings_option(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--timings",
            action="store_true",
            help="print each stage's seconds, documents and peak memory on stderr at the end",
        )

    b = sub.add_parser("build", help="import new sources and render the site")
    content_option(b)
    b.add_argument("--out", type=Path, default=Path("site"), help="output folder (site)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes")
    timings_option(b)
    b.set_defaults(func=_cmd_build)

    i = sub.add_parser("import", help="import raw files into content/documents")
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")
    content_option(i)
    i.add_argument(
        "--update",
        action="store_true",
        help="re-import a changed source, keeping annotations, front matter and old ids",
    )
    i.set_defaults(func=_cmd_import)

    c = sub.add_parser("check", help="print every diagnostic; write nothing")
    content_option(c)
    timings_option(c)
    c.set_defaults(func=_cmd_check)

    s = sub.add_parser("serve", help="build and serve the site on 127.0.0.1")
    content_option(s)
    s.add_argument("--out", type=Path, default=Path("site"), help="output folder (site)")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=_cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "jobs", None) is not None and args.jobs < 1:
        parser().error("--jobs must be at least 1")
    try:
        return args.func(args)
    except OSError as exc:  # what the commands did not turn into a diagnostic themselves
        from generator.system_errors import diagnostic

        found = diagnostic(exc, content=args.content, out=getattr(args, "out", None))
        print(found.format(), file=sys.stderr)
        return 1
