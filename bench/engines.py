"""Where a document's read time goes, and what another Markdown engine would save.

    python bench/engines.py [N]     (default: the first 200 documents of the N=1000 corpus)

On the same documents of the benchmark corpus (bench/corpus.py), in one run, one process
each, it times per document:

  markdown-it-py           the bare parse (CommonMark + tables + footnotes + containers),
                           the engine our reader is built on
  markdown-it-py render    the same, to HTML
  our reader               generator.reader.read_document: the parse plus the Q&A plugin,
                           the citation rule and the model
  markdown-it-pyrs         the Rust port's parse to a tree and its render to HTML, installed
                           with pip into bench/.venv-engines on first use (not a dependency
                           of Antwoord: it has no plugin API, so our Q&A rules cannot run on it)

CPU time (time.process_time), so the figures hold on a shared machine better than wall time;
compare the ratios.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import document  # noqa: E402

ENGINES_VENV = HERE / ".venv-engines"

PYRS = """
import json, sys, time
from markdown_it_pyrs import MarkdownIt
texts = json.load(sys.stdin)
md = MarkdownIt("commonmark").enable_many(["table", "footnote", "front_matter"])
def timed(fn):
    fn(texts[0])
    start = time.process_time()
    for text in texts:
        fn(text)
    return (time.process_time() - start) / len(texts) * 1000
print(json.dumps({"tree": timed(md.tree), "render": timed(md.render)}))
"""


def pyrs_python() -> Path:
    python = ENGINES_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ENGINES_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "markdown-it-pyrs"], check=True)
    return python


def per_document_ms(fn, texts: list[str]) -> float:
    fn(texts[0])  # warm: imports, compiled rules
    start = time.process_time()
    for text in texts:
        fn(text)
    return (time.process_time() - start) / len(texts) * 1000


def main(n: int = 200) -> None:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    from generator.reader import read_document

    docs = [document(i, 1000, 0) for i in range(n)]
    texts = [text for _slug, text in docs]
    size = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    md = (
        MarkdownIt("commonmark")
        .enable("table")
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(container_plugin, name="annotation")
    )
    rows = {
        "markdown-it-py parse": per_document_ms(md.parse, texts),
        "markdown-it-py render": per_document_ms(md.render, texts),
        "our reader (parse + Q&A + model)": per_document_ms(
            lambda t: read_document(t, path="documents/x.md", default_language="nl"), texts
        ),
    }
    done = subprocess.run(
        [str(pyrs_python()), "-c", PYRS],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    pyrs = json.loads(done.stdout)
    rows["markdown-it-pyrs tree"] = pyrs["tree"]
    rows["markdown-it-pyrs render"] = pyrs["render"]
    base = rows["markdown-it-py parse"]
    print(f"{n} documents of the benchmark corpus, {size:.1f} KB each; CPU ms per document\n")
    print("| engine | ms per document | vs markdown-it-py parse |")
    print("|---|---|---|")
    for name, ms in rows.items():
        print(f"| {name} | {ms:.2f} | {ms / base:.2f}× |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
