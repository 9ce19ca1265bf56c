"""Where a build's memory goes: the PSS of the build's own process and of its children
(the process pools, Pagefind) sampled every 0.25 s, labelled with the phase the build is in.

    python bench/phases.py CONTENT SITE [LOG]

Runs `antwoord build --content CONTENT --out SITE` in this process, with the phase functions
of the stage modules (generator/stages/) wrapped to name the phase, writes one line per
sample to LOG (default bench/out/phases.log) and prints the peak of each phase at the end.
The phase after a named one carries a trailing "~" (back in build(), between phases). Use
bench/run.py for the figures against Hugo; this is for finding what to make leaner.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _children_map, _pss_kb  # noqa: E402

import generator.stages.finish as finish_stage  # noqa: E402
import generator.stages.link as link_stage  # noqa: E402
import generator.stages.write as write_stage  # noqa: E402

# (the stage module that calls it, the function) → the phase's label
PHASES = {
    (link_stage, "read_phase"): "read",
    (link_stage, "link_site"): "link",
    (write_stage, "write_pages"): "pages",
    (write_stage, "write_site_files"): "sitefiles",
    (finish_stage, "build_search_index"): "search",
    (finish_stage, "check_links"): "linkcheck",
}


class Sampler:
    def __init__(self, log: Path) -> None:
        self.phase = "start"
        self.peaks: dict[str, tuple[int, int, int]] = {}
        self.log = log.open("w", encoding="utf-8")
        self.started = time.perf_counter()

    def wrap(self, module: ModuleType, name: str, label: str) -> None:
        function: Callable = getattr(module, name)

        def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
            before, self.phase = self.phase, label
            try:
                return function(*args, **kwargs)
            finally:
                self.phase = before + "~"

        setattr(module, name, wrapped)

    def sample(self) -> None:
        me = os.getpid()
        while True:
            children = _children_map()
            main, kids, todo = _pss_kb(me), 0, list(children.get(me, ()))
            while todo:
                pid = todo.pop()
                kids += _pss_kb(pid)
                todo.extend(children.get(pid, ()))
            seconds = time.perf_counter() - self.started
            self.log.write(
                f"{seconds:8.1f} {self.phase:12s} main {main // 1024:6d} MB "
                f"children {kids // 1024:6d} MB total {(main + kids) // 1024:6d} MB\n"
            )
            self.log.flush()
            old = self.peaks.get(self.phase, (0, 0, 0))
            self.peaks[self.phase] = (
                max(old[0], main),
                max(old[1], kids),
                max(old[2], main + kids),
            )
            time.sleep(0.25)


def main() -> None:
    content, site = Path(sys.argv[1]), Path(sys.argv[2])
    log = Path(sys.argv[3]) if len(sys.argv) > 3 else Path("bench/out/phases.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    sampler = Sampler(log)
    for (module, name), label in PHASES.items():
        sampler.wrap(module, name, label)
    threading.Thread(target=sampler.sample, daemon=True).start()
    from generator.cli import main as cli

    try:
        cli(["build", "--content", str(content), "--out", str(site)])
    finally:
        print("phase         main MB  children MB  total MB (peaks, PSS)")
        for phase, (main_kb, kids_kb, total_kb) in sampler.peaks.items():
            print(f"{phase:12s} {main_kb // 1024:8d} {kids_kb // 1024:12d} {total_kb // 1024:9d}")


if __name__ == "__main__":
    main()
