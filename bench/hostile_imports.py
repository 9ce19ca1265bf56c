"""Time and peak memory of the hostile imports of issue 14 (point 3), each in a child process.

    PYTHONPATH=. python bench/hostile_imports.py [--timeout 60] [--memory-mb 3000] [NAME ...]

For every small hostile file of tests/hostile/import_bombs.py (a self-referencing PDF, a
docx numbered from 9×10¹¹, a huge gridSpan, a zip that understates its size, a PDF flate
bomb) it runs, each in a fresh child with a hard wall-clock limit (killed on expiry) and an
address-space limit so that a probe never takes the machine down:

- `importer`: the importer itself, `generator.importers.import_source`, in the child's own
  process (what the caps inside the importers achieve without the sandbox);
- `build`: a whole `build()` of a content folder holding the file and one good document
  (the sandboxed import, with site.yaml's defaults; the peak is the largest of the build's
  process and its import worker);
- `worker` (with --lift-caps): the same build with the importers' caps undone, as if a new
  kind of bomb got past them: what the worker's time and memory limits alone allow.

It prints seconds, the child's peak resident memory (getrusage via wait4: counted even when the
child is killed) and what came out. To measure another checkout (the code before a fix), put
it first on PYTHONPATH: the files are made by this checkout's tests/hostile/import_bombs.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hostile"))

from import_bombs import BOMBS  # noqa: E402

PYTHONPATH = os.pathsep.join(
    str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", str(HERE.parent)).split(os.pathsep)
)

IMPORTER = """
import sys
from pathlib import Path
from generator.importers import import_source
path = Path(sys.argv[1])
try:
    result = import_source(path, source=f"sources/{path.name}")
    print("imported", *sorted({d.code for d in result.diagnostics}))
except BaseException as exc:
    code = getattr(getattr(exc, "diagnostic", None), "code", "")
    print(type(exc).__name__, code, str(exc)[:100].replace(chr(10), " "))
"""

BUILD = """
import resource, shutil, sys
from pathlib import Path
from generator.build import build
path, folder = Path(sys.argv[1]), Path(sys.argv[2])
content = folder / "content"
(content / "sources").mkdir(parents=True)
(content / "documents").mkdir()
(content / "site.yaml").write_text("title: Bench\\nbase_url: https://example.org/\\n")
(content / "documents" / "goed.md").write_text(
    "---\\ntitle: Goed\\n---\\n\\n## Vraag 1\\n\\nWaarom?\\n\\n"
    "## Antwoord op vraag 1\\n\\nDaarom.\\n"
)
shutil.copy(path, content / "sources" / path.name)
if sys.argv[3:] == ["lift"]:  # the importers' caps undone: only the worker's limits are left
    from pdfminer.pdfdocument import PDFDocument
    import generator.importers as importers
    import generator.importers.docx_extract as docx_extract
    import generator.importers.pdf_limits as pdf_limits
    docx_extract.MAX_LIST_NUMBER = docx_extract.MAX_TABLE_COLUMNS = 10**15
    pdf_limits.BoundedDocument = PDFDocument
    importers._check_unpacked = lambda *args: None
result = build(content, folder / "site", jobs=1)
built = [d.path for d in result.documents]
codes = sorted({d.code for d in result.errors if d.file == f"sources/{path.name}"})
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print("built", built, "errors", codes, f"worker peak {workers} MB")
"""


def run(script: str, args: list[str], timeout: float, memory: int) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB, what it printed or why it stopped) of one child."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=limit,  # noqa: PLW1509 - single-threaded bench
        # Not from the checkout's folder: `python -c` puts the working folder first on
        # sys.path, which would hide the checkout that PYTHONPATH names.
        cwd=tempfile.gettempdir(),
        env={**os.environ, "PYTHONPATH": PYTHONPATH},
    )
    try:
        out, _ = child.communicate(timeout=timeout)
        verdict = out.decode(errors="replace").strip().splitlines()[-1:] or ["(nothing)"]
        why = verdict[0]
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.communicate()
        why = f"KILLED after {timeout:.0f} s (still running)"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return seconds, peak, why


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*", default=list(BOMBS))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory-mb", type=int, default=3000)
    parser.add_argument("--only", choices=("importer", "build", "worker"), default=None)
    parser.add_argument(
        "--lift-caps",
        action="store_true",
        help="also `worker`: a build with the importers' own caps undone, so that only the "
        "worker's limits (site.yaml's defaults: 30 s, 1 GB) stop the file",
    )
    args = parser.parse_args()
    memory = args.memory_mb * 1024 * 1024
    print(f"{'file':22} {'KB':>6} {'mode':8} {'seconds':>8} {'peak MB':>8}  result")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.names:
            path = Path(tmp) / name
            BOMBS[name](path)
            size = path.stat().st_size / 1024
            for mode, script, extra in (
                ("importer", IMPORTER, []),
                ("build", BUILD, [tempfile.mkdtemp(dir=tmp)]),
                ("worker", BUILD, [tempfile.mkdtemp(dir=tmp), "lift"]),
            ):
                if mode == "worker" and not args.lift_caps:
                    continue
                if args.only and mode != args.only:
                    continue
                # ru_maxrss of RUSAGE_CHILDREN is the largest of all children so far: run
                # each probe from a fresh process so that the numbers are its own.
                seconds, peak, why = _isolated(script, [str(path), *extra], args.timeout, memory)
                print(f"{name:22} {size:6.0f} {mode:8} {seconds:8.2f} {peak:8d}  {why}", flush=True)
    return 0


def _isolated(script: str, args: list[str], timeout: float, memory: int) -> tuple[float, int, str]:
    """run() from a forked process of its own, so RUSAGE_CHILDREN counts this child only."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        result = run(script, args, timeout, memory)
        os.write(write, repr(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    import ast

    return ast.literal_eval(data.decode())


if __name__ == "__main__":
    sys.exit(main())
