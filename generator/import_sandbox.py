"""Every import of a raw source runs in a worker process bounded in time and memory.

A few hundred bytes of hostile PDF or Word can keep a reader busy for ever or make it take
gigabytes (issue 14). The importers cap what they can see coming (real unpacked bytes, numbers
read from the file: see generator/importers), and this module makes sure that whatever they do
not foresee stays bounded too:

- the import runs in a child forked from the build, which dies with the build
  (PR_SET_PDEATHSIG) and may take `memory` bytes of address space beyond what the build had
  when it forked (RLIMIT_AS; a MemoryError in the child is `import-too-large`);
- after `timeout` seconds the child is killed (SIGKILL) and the import is `import-timeout`;
- either way the build goes on with the other sources, and the failure is remembered in the
  cache under the file's bytes, the limits and the engine: the next build (and every rebuild
  of `antwoord serve`) reports it again at once instead of trying again, until the file, the
  limits in site.yaml or Antwoord itself change. `antwoord import FILE` always tries again.

Forked, not spawned: the child starts in a millisecond with the importers already loaded (a
fresh interpreter would import python-docx and pdfminer for every source), and the result
comes back pickled through a pipe.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import resource
import signal
import time
from collections.abc import Callable
from pathlib import Path

from generator import cache as caching  # engine_version through the module, as scan does
from generator.cache import Cache, cache_folder, digest
from generator.config import ConfigError, ImportLimits, load_config
from generator.document import Diagnostic
from generator.importers import ImportRefused, ImportResult
from generator.lifetime import die_with_parent
from generator.system_errors import plain_reason

Importer = Callable[..., ImportResult]
KILL_GRACE = 5.0  # seconds a child that has sent its result may take to exit
# Not remembered: a file that cannot be read now may be readable after a chmod, unchanged.
NOT_REMEMBERED = frozenset({"source-unreadable"})

launches = 0  # worker processes started by this process (tests count them)


def limits_for(content: Path) -> ImportLimits:
    """The `import:` limits of content/site.yaml (the defaults when there is none); raises
    ImportRefused with the configuration's diagnostic when site.yaml is broken."""
    try:
        return load_config(Path(content) / "site.yaml").import_limits
    except ConfigError as exc:
        raise ImportRefused(exc.diagnostic) from exc


def import_bounded(
    path: Path,
    source: str,
    importer: Importer,
    *,
    content: Path | None = None,
    limits: ImportLimits | None = None,
    retry: bool = False,
) -> ImportResult:
    """`importer(path, source=source)` in a bounded worker; its failures as ImportRefused.

    With a `content` folder a failure is remembered in its cache and, unless `retry`, a file
    that failed before and has not changed since is refused again without a worker."""
    if limits is None:
        limits = limits_for(content) if content is not None else ImportLimits()
    cache = Cache(cache_folder(content)) if content is not None else None
    key = _failure_key(path, source, limits) if cache is not None else None
    if key is not None and not retry:
        known = cache.get(key)
        if isinstance(known, Diagnostic):
            raise ImportRefused(_remembered(known))
    try:
        return run_bounded(importer, path, source, limits)
    except ImportRefused as exc:
        if key is not None and exc.diagnostic.code not in NOT_REMEMBERED:
            cache.put(key, exc.diagnostic)
        raise


def _failure_key(path: Path, source: str, limits: ImportLimits) -> str | None:
    """The cache key of "this file failed": its bytes, its name, the limits and our code."""
    try:
        sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()  # sources are ≤ 32 MB
    except OSError:
        return None
    return digest(
        "import failure",
        caching.engine_version(),
        source,
        sha,
        str(limits.timeout),
        str(limits.memory),
    )


def _remembered(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic(
        diagnostic.file,
        diagnostic.line,
        diagnostic.severity,
        diagnostic.code,
        f"{diagnostic.message} (found by an earlier build; not tried again until the file changes)",
    )


# --- the worker ------------------------------------------------------------------------------


def run_bounded(importer: Importer, path: Path, source: str, limits: ImportLimits) -> ImportResult:
    """Run one import in a forked child; raise ImportRefused for every way it can fail."""
    global launches
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: no bounds to give
        return importer(path, source=source)
    _load_importers()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, importer, Path(path), source, limits.memory, limits.timeout, os.getpid()),
        name=f"import {source}",
        daemon=True,
    )
    child.start()
    launches += 1
    send.close()  # the child holds the only writing end: its death is an end of file here
    try:
        message = _receive(receive, limits.timeout)
    finally:
        receive.close()
        if message is None or child.is_alive():
            child.join(KILL_GRACE if message is not None else 0)
        if child.is_alive():
            child.kill()  # over time, or stuck after sending: SIGKILL, nothing it can catch
        child.join()
    if message is not None and message[0] == "died":
        code = child.exitcode or 0
        if code == -signal.SIGXCPU:  # the kernel's CPU limit, a little over the timeout
            message = None
        else:
            message = ("died", f"killed by signal {-code}" if code < 0 else f"exit status {code}")
    if message is None:
        raise ImportRefused(
            Diagnostic(
                source,
                None,
                "error",
                "import-timeout",
                f"took longer than {limits.timeout} s to import and was stopped; the other "
                "documents were built (a damaged or hostile file? if it is a real letter, "
                "raise 'import: timeout' in site.yaml)",
            )
        )
    kind, value = message
    if kind == "ok":
        return value
    if kind == "refused":
        raise ImportRefused(value)
    if kind == "memory":
        raise ImportRefused(_too_large(source, limits))
    if kind == "died":  # no message: killed by a signal or an exit before it could answer
        raise ImportRefused(
            Diagnostic(
                source,
                None,
                "error",
                "import-failed",
                f"the importer stopped without a result ({value}); it may have run out of the "
                f"{_size(limits.memory)} of memory an import may use; not imported",
            )
        )
    raise ImportRefused(
        Diagnostic(source, None, "error", "import-failed", f"not imported: {value}")
    )


def _receive(receive, timeout: float) -> tuple[str, object] | None:
    """The child's message; ("died", why) when it ended without one; None when over time."""
    deadline = time.monotonic() + timeout
    left = timeout
    while left > 0:
        if receive.poll(left):
            try:
                return pickle.loads(receive.recv_bytes())
            except (EOFError, OSError):
                return ("died", None)
            except Exception as exc:  # a result that does not unpickle
                return ("failed", f"its result could not be read back ({exc})")
        left = deadline - time.monotonic()
    return None


def _too_large(source: str, limits: ImportLimits) -> Diagnostic:
    return Diagnostic(
        source,
        None,
        "error",
        "import-too-large",
        f"needs more than the {_size(limits.memory)} of memory an import may use and was "
        "stopped; the other documents were built (a damaged or hostile file? if it is a real "
        "letter, raise 'import: memory' in site.yaml)",
    )


def _size(n: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2)):
        if n >= factor:
            return f"{n / factor:g} {unit}"
    return f"{n} bytes"


def _load_importers() -> None:
    """Import the importers here, before forking: each child then starts with them loaded,
    and never imports a module while another thread of the parent (serve) may hold its lock."""
    import generator.importers.docx  # noqa: F401
    import generator.importers.pdf  # noqa: F401
    import generator.importers.tika_text  # noqa: F401


def _child(send, importer: Importer, path: Path, source: str, memory: int, timeout: int, parent):
    """In the worker: limits first, then the import; one message back, whatever happens."""
    # Killed with the build, and never holding its output lock (lifetime.py, as pool workers).
    die_with_parent(parent)
    _limit(memory, timeout)
    try:
        message = ("ok", importer(path, source=source))
    except MemoryError:
        message = ("memory", None)
    except Exception as exc:
        refused = getattr(exc, "diagnostic", None)  # ImportRefused, PdfInvalid
        if _out_of_memory(exc):  # the readers wrap what they catch ("cannot read it: ...")
            message = ("memory", None)
        elif isinstance(refused, Diagnostic):
            message = ("refused", refused)
        else:
            message = ("failed", plain_reason(exc))  # words, never a Python repr
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    except Exception as exc:
        data = pickle.dumps(("failed", f"its result could not be sent back ({exc!r})"))
    send.send_bytes(data)
    send.close()


def _out_of_memory(exc: BaseException) -> bool:
    """Whether a MemoryError is at the root of `exc` (its chain of causes)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _limit(memory: int, timeout: int) -> None:
    """RLIMIT_AS: the address space the child has now (a copy of the build's) plus `memory`.
    RLIMIT_CPU a little over the timeout: if the parent could not kill us, the kernel will."""
    grow = _address_space() + memory
    hard_as = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard_as != resource.RLIM_INFINITY:
        grow = min(grow, hard_as)
    resource.setrlimit(resource.RLIMIT_AS, (grow, hard_as))
    cpu = timeout + 5
    hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard_cpu != resource.RLIM_INFINITY:
        cpu = min(cpu, hard_cpu)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard_cpu))


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
