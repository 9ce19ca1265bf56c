"""`antwoord import --update`: a fresh import of a changed source, merged into the editors'
document so that nothing an editor wrote is lost.

The Markdown file belongs to the editors; the new import brings the source's current text.
The merge takes the body (questions, answers, notes) from the new import and puts back:

- every annotation, as the editor wrote it, under "the same block". The same block is found
  by aligning the old and the new blocks in order by their text (difflib), so when the source
  inserts a question and the numbering shifts, a note follows the text it was written about
  (`antwoord-2` → `antwoord-3`). A block whose text changed (a corrected answer) keeps its
  notes when its text is still similar or, failing that, when it keeps its id. A block that
  was split or merged passes its notes to the new block carrying its first label
  (`vraag-3-4-5` → `vraag-3`). A note whose block is gone is kept under
  "## Verweesde annotaties" (en: "## Orphaned annotations") with a `target:` line naming the
  block it was on; the reader warns about it until an editor places it. Never dropped.
- every front-matter field the old file has: the editor's value wins. Where the new import
  says otherwise the summary shows both values, so a newer date can be taken over by hand.
- old ids keep resolving: when a block or note gets another id and its old id is not used by
  anything on the new page, `redirects: {old-id: new-id}` is added to the front matter. The
  reader turns each redirect into an alias anchor (a link to `#old-id` lands on the element)
  and the JSON export lists them under `redirects`. An old id that a new block now holds
  (the numbering shifted) belongs to that block; the summary lists the shift.

Editors' changes to the body text itself are replaced by the source's text: the summary names
every block whose text changed. `merge` is pure (text in, text out); `update_documents` does
the file work for the CLI.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from generator import frontmatter
from generator.document import Diagnostic, Metadata
from generator.grammar import LANGUAGES, find_cross_references, normalise_space
from generator.qa_plugin import ENV_KEY, ORPHANS_HEADING, QaResult, tokens_text
from generator.reader import make_markdown, page_ids, read_document
from generator.system_errors import naming

SIMILAR = 0.5  # word-level similarity above which a changed block is "the same block"
_CLOSING_FENCE = re.compile(r"^\s*:{3,}\s*$")


@dataclass(frozen=True)
class _Block:
    id: str
    kind: str
    labels: tuple[str, ...]
    text: str
    line: int  # 0-based body line of its heading
    end: int  # 0-based body line just after its content


@dataclass(frozen=True)
class _Note:
    id: str
    target: str | None
    orphaned: bool
    markdown: str  # the container exactly as the editor wrote it, fences included
    text: str


@dataclass(frozen=True)
class _Parsed:
    blocks: list[_Block]
    notes: list[_Note]


@dataclass
class UpdateSummary:
    """What an update changed, for the editor to check (`antwoord import --update` prints it)."""

    path: str
    changed: list[str] = field(default_factory=list)  # same block, new text
    added: list[str] = field(default_factory=list)  # new blocks
    removed: list[str] = field(default_factory=list)  # old blocks with no counterpart
    moved: list[tuple[str, str]] = field(default_factory=list)  # old id → new id
    notes_kept: list[tuple[str, str]] = field(default_factory=list)  # old note id → new id
    notes_orphaned: list[tuple[str, str | None]] = field(default_factory=list)  # id, old block
    notes_still_orphaned: list[str] = field(default_factory=list)  # orphaned before this update
    # Kept notes that cite question numbers ("zie het antwoord op vraag 12") while the
    # numbering changed: their words are the editor's, so they are flagged, not rewritten.
    notes_to_check: list[str] = field(default_factory=list)
    fields_kept: list[tuple[str, object, object]] = field(default_factory=list)  # ed., import
    fields_added: list[str] = field(default_factory=list)  # only the new import has them
    redirects_added: dict[str, str] = field(default_factory=dict)
    redirects_dropped: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The summary as plain lines, most important first."""
        out = [f"{self.path}: updated"]

        def add(label: str, items: Iterable[str]) -> None:
            items = list(items)
            if items:
                out.append(f"  {label}: {', '.join(items)}")

        add("text changed", self.changed)
        add("new text (new ids)", self.added)
        add("text no longer in the source (old ids)", self.removed)
        add("renumbered", (f"{a} → {b}" for a, b in self.moved))
        kept = len(self.notes_kept)
        moved_notes = [(a, b) for a, b in self.notes_kept if a != b]
        out.append(f"  annotations kept: {kept}")
        add("annotations moved with their text", (f"{a} → {b}" for a, b in moved_notes))
        add(
            "ORPHANED annotations (kept under the orphaned-annotations heading; place them)",
            (f"{a} (was on {b})" if b else a for a, b in self.notes_orphaned),
        )
        add("annotations still orphaned", self.notes_still_orphaned)
        add(
            "CHECK the question numbers these annotations cite (the numbering changed)",
            self.notes_to_check,
        )
        add(
            "front matter kept (the import says otherwise)",
            (f"{name}: {old!r} (import: {new!r})" for name, old, new in self.fields_kept),
        )
        add("front matter added by the import", self.fields_added)
        add("redirects added", (f"{a} → {b}" for a, b in self.redirects_added.items()))
        add("redirects dropped", (f"{a} → {b}" for a, b in self.redirects_dropped.items()))
        return out


@dataclass
class MergeResult:
    text: str | None  # None when the merge could not keep everything (see diagnostics)
    summary: UpdateSummary
    diagnostics: list[Diagnostic] = field(default_factory=list)


# --- reading both versions ----------------------------------------------------------------------


def _language(meta: Metadata) -> str:
    return meta.language if meta.language in LANGUAGES else "nl"


def _parse(body: str, meta: Metadata, path: str) -> _Parsed:
    """Blocks (with their line ranges) and annotations (with their Markdown) of a body."""
    env: dict = {"qa_path": path, "qa_body_line": 1, "qa_kind": meta.kind}
    make_markdown(_language(meta)).parse(body, env)
    qa: QaResult = env[ENV_KEY]
    tokens = qa.tokens
    lines = body.splitlines(keepends=True)
    blocks = []
    for part in qa.blocks:
        heading = part.line or 0
        ends = [tokens[s.start].map[1] for s in part.body if tokens[s.start].map]
        text = tokens_text([t for s in part.body for t in tokens[s.start : s.end]])
        blocks.append(
            _Block(
                part.id,
                part.kind,
                tuple(part.labels),
                text,
                heading,
                max(ends, default=heading + 1),
            )
        )
    notes = []
    for note in qa.annotations:
        start, end = tokens[note.span.start].map or (0, 0)
        if end < len(lines) and _CLOSING_FENCE.match(lines[end]):
            end += 1  # the map stops before the closing fence
        markdown = "".join(lines[start:end])
        if not markdown.endswith("\n"):
            markdown += "\n"
        text = tokens_text([t for s in note.body for t in tokens[s.start : s.end]])
        notes.append(_Note(note.id, note.target, note.orphaned, markdown, text))
    return _Parsed(blocks, notes)


# --- which old block is which new block ----------------------------------------------------------


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def match_blocks(old: list[_Block], new: list[_Block]) -> dict[int, int]:
    """Old block index → new block index (see the module docstring for the rules)."""
    keys_old = [(b.kind, normalise_space(b.text)) for b in old]
    keys_new = [(b.kind, normalise_space(b.text)) for b in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    pairs: dict[int, int] = {}
    taken: set[int] = set()

    def pair(i: int, j: int) -> None:
        pairs[i] = j
        taken.add(j)

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                pair(i1 + k, j1 + k)
        elif tag == "replace":  # changed text: the most similar block of the same kind
            for i in range(i1, i2):
                scored = [
                    (_similarity(old[i].text, new[j].text), -j)
                    for j in range(j1, j2)
                    if j not in taken and new[j].kind == old[i].kind
                ]
                if scored:
                    score, minus_j = max(scored)  # most similar; the earliest on a tie
                    if score >= SIMILAR:
                        pair(i, -minus_j)
    by_id = {b.id: j for j, b in enumerate(new)}
    for i, block in enumerate(old):
        if i in pairs:
            continue
        j = by_id.get(block.id)
        if j is not None and j not in taken:  # rewritten, same id: the same block
            pair(i, j)
            continue
        for j, candidate in enumerate(new):  # split or merged: the block with its first label
            if (
                j not in taken
                and candidate.kind == block.kind
                and block.labels[0] in candidate.labels
            ):
                pair(i, j)
                break
    return pairs


# --- merging -------------------------------------------------------------------------------------


def _front_matter_keys(text: str) -> set[str]:
    header, _body, _line = frontmatter.split(text)
    try:
        loaded = yaml.safe_load(header) if header else None
    except yaml.YAMLError:
        loaded = None
    return {str(k) for k in loaded} if isinstance(loaded, dict) else set()


def _merge_metadata(
    old_text: str, old: Metadata, new: Metadata, summary: UpdateSummary
) -> Metadata:
    present = _front_matter_keys(old_text)
    merged = replace(new)
    for name in frontmatter.FIELD_ORDER:
        if name == "redirects":
            continue
        old_value, new_value = getattr(old, name), getattr(new, name)
        if name in present:
            setattr(merged, name, old_value)
            if old_value != new_value:
                summary.fields_kept.append((name, _plain(old_value), _plain(new_value)))
        elif new_value:
            summary.fields_added.append(name)
    return merged


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _orphan_markdown(note: _Note) -> str:
    """The note as written, with a `target:` line naming the block it was on."""
    if note.orphaned or note.target is None:
        return note.markdown
    first, _, rest = note.markdown.partition("\n")
    return f"{first}\ntarget: {note.target}\n{rest}"


def merge(old_text: str, new_markdown: str, path: str) -> MergeResult:
    """Merge the editors' document `old_text` with a fresh import `new_markdown` (pure)."""
    summary = UpdateSummary(path)
    old_meta, old_body, _line, _d = frontmatter.parse(old_text, path)
    new_meta, new_body, _line, _d = frontmatter.parse(new_markdown, path)
    meta = _merge_metadata(old_text, old_meta, new_meta, summary)
    old = _parse(old_body, old_meta, path)
    new = _parse(new_body, meta, path)

    pairs = match_blocks(old.blocks, new.blocks)
    block_map = {old.blocks[i].id: new.blocks[j].id for i, j in pairs.items()}
    for i, j in sorted(pairs.items(), key=lambda p: p[1]):
        before, after = old.blocks[i], new.blocks[j]
        if before.id != after.id:
            summary.moved.append((before.id, after.id))
        if normalise_space(before.text) != normalise_space(after.text):
            summary.changed.append(after.id)
    summary.added = [b.id for j, b in enumerate(new.blocks) if j not in pairs.values()]
    summary.removed = [b.id for i, b in enumerate(old.blocks) if i not in pairs]

    # Where each note goes: after its new block, before the first block, or with the orphans.
    new_index = {b.id: b for b in new.blocks}
    first_line = new.blocks[0].line if new.blocks else None
    at_line: dict[int, list[_Note]] = {}
    orphans: list[tuple[_Note, str]] = []
    placed: list[_Note] = []  # in the order they will stand in the merged text
    for note in old.notes:
        if note.orphaned:
            orphans.append((note, note.markdown))
        elif note.target is None and first_line is not None:
            at_line.setdefault(first_line, []).append(note)
        elif note.target is None:
            orphans.append((note, note.markdown))  # no blocks at all: keep it, visibly
        elif note.target in block_map:
            at_line.setdefault(new_index[block_map[note.target]].end, []).append(note)
        else:
            orphans.append((note, _orphan_markdown(note)))
            summary.notes_orphaned.append((note.id, note.target))

    lines = new_body.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    out: list[str] = []
    for index in range(len(lines) + 1):
        for note in at_line.get(index, []):
            # A blank line on each side, unless one is there already.
            if out and out[-1].strip():
                out.append("\n")
            out.append(note.markdown)
            if index < len(lines) and lines[index].strip():
                out.append("\n")
            placed.append(note)
        if index < len(lines):
            out.append(lines[index])
    if orphans:
        heading = ORPHANS_HEADING.get(_language(meta), ORPHANS_HEADING["nl"])
        out.append(f"\n## {heading}\n")
        for note, markdown in orphans:
            out.append(f"\n{markdown}")
            placed.append(note)
    body = "".join(out)

    # The notes' new ids, then redirects from every old id that no longer resolves.
    draft = read_document(frontmatter.dump(meta) + body, path=path)
    diagnostics: list[Diagnostic] = []
    if [n.text for n in draft.annotations] != [n.text for n in placed]:
        diagnostics.append(
            Diagnostic(
                path,
                None,
                "error",
                "update-annotations-lost",
                "the merged document would not hold every annotation as written; "
                "not updated (nothing was changed)",
            )
        )
        return MergeResult(None, summary, diagnostics)
    note_map = {}
    for before, after in zip(placed, draft.annotations, strict=True):
        note_map[before.id] = after.id
        if not after.orphaned:
            summary.notes_kept.append((before.id, after.id))
        elif before.orphaned:
            summary.notes_still_orphaned.append(after.id)
        if summary.moved and find_cross_references(after.text, _language(meta)):
            summary.notes_to_check.append(after.id)
    id_map = {**block_map, **note_map}
    ids = page_ids(draft)
    wanted = {old_id: id_map.get(new_id, new_id) for old_id, new_id in old_meta.redirects.items()}
    wanted.update({a: b for a, b in id_map.items() if a != b and a not in wanted})
    redirects: dict[str, str] = {}
    for old_id, new_id in wanted.items():
        if old_id not in ids and new_id in ids and old_id != new_id:
            redirects[old_id] = new_id
            if old_meta.redirects.get(old_id) != new_id:
                summary.redirects_added[old_id] = new_id
        elif old_id in old_meta.redirects:
            summary.redirects_dropped[old_id] = old_meta.redirects[old_id]
    meta.redirects = dict(sorted(redirects.items()))
    return MergeResult(frontmatter.dump(meta) + body, summary, diagnostics)


# --- files ---------------------------------------------------------------------------------------


@dataclass
class UpdateReport:
    written: list[str] = field(default_factory=list)  # documents/<slug>.md
    summaries: list[UpdateSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def update_documents(files: list[Path], content: Path) -> UpdateReport:
    """Re-import each raw file into the document made from it (or a new one), merging."""
    from generator.build import _import_one, _source_name, documents_by_source, import_files

    content = Path(content)
    report = UpdateReport()
    existing = documents_by_source(content)
    for path in map(Path, files):
        source = _source_name(path, content)
        target = existing.get(source)
        if target is None or not path.is_file():  # not imported before: an ordinary import
            written, diagnostics = import_files([path], content)
            report.written.extend(written)
            report.diagnostics.extend(diagnostics)
            continue
        result = _import_one(path, source, report.diagnostics, content, retry=True)
        if result is None:
            continue
        target_path = content / target
        merged = merge(target_path.read_text(encoding="utf-8"), result.markdown, target)
        report.diagnostics.extend(merged.diagnostics)
        if merged.text is None:
            continue
        tmp = target_path.with_name(f".{target_path.name}.tmp")
        try:
            with naming(target_path):  # a full disk names no file: this one
                tmp.write_text(merged.text, encoding="utf-8", newline="\n")
                os.replace(tmp, target_path)  # atomic: the editors' file is never half written
        except OSError:  # a full disk: the document as it was, and no temporary file
            tmp.unlink(missing_ok=True)
            raise
        kept = content / source
        if kept.resolve() != path.resolve():  # the changed source becomes the kept copy
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, kept)
        report.written.append(target)
        report.summaries.append(merged.summary)
    return report
