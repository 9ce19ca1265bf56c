"""`antwoord import --update`: a fresh import of a changed source, merged into the editors'
document so that nothing an editor wrote is lost.

The Markdown file belongs to the editors; the new import brings the source's current text.
The import owns only the text of the question and answer blocks and its own text outside them
(the opening lines, Bronnen); every other byte is the editors' and is put back:

- every annotation, as the editor wrote it, with "the same block". The same block is found
  by aligning the old and the new blocks in order by their text (difflib), so when the source
  inserts a question and the numbering shifts, a note follows the text it was written about
  (`antwoord-2` → `antwoord-3`). A block whose text changed (a corrected answer) keeps its
  notes when its text is still similar or, failing that, when it keeps its id. A block that
  was split passes its notes to the new block carrying its first label (`vraag-3-4-5` →
  `vraag-3`); blocks that were merged pass theirs to the merged block (`vraag-3`, `vraag-4` →
  `vraag-3-4`). A block whose own lines did not change is kept byte for byte, notes where they
  stood; a changed block takes the new lines and its notes follow it (one that stood inside a
  list item or a quote is moved out). A note whose block is gone is kept under
  "## Verweesde annotaties" (en: "## Orphaned annotations") with a `target:` line naming the
  block it was on; the reader warns about it until an editor places it. Never dropped.
- text of the editors outside the blocks (a paragraph in the opening, a section of their own):
  kept, in the opening after the text it followed, elsewhere before the element that followed.
- the front matter, edited in place with ruamel.yaml (generator.frontmatter_edit): comments,
  order and quoting stay, a value Antwoord cannot read stays as written (with a warning), the
  editor's value wins; only fields the import adds and `redirects` are written. Where the new
  import says otherwise the summary shows both values, so a newer date can be taken over.
- old ids keep resolving: when a block or note gets another id and its old id is not used by
  anything on the new page, `redirects: {old-id: new-id}` is added to the front matter. The
  reader turns each redirect into an alias anchor (a link to `#old-id` lands on the element)
  and the JSON export lists them under `redirects`. An old id that a new block now holds
  (the numbering shifted) belongs to that block; the summary lists the shift.

When anything is wrong (the import reports an error, finds no questions for a document that
has them, the front matter cannot be read, or the merged text would miss a line of the
editors') nothing is written. Editors' changes to the body text itself are replaced by the
source's text: the summary names every block whose text changed. `merge` is pure (text in,
text out); `update_documents` does the file work for the CLI.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import frontmatter
from generator.document import Annotation, Diagnostic, Metadata
from generator.frontmatter_edit import FrontMatter, Unreadable
from generator.grammar import LANGUAGES, find_cross_references, normalise_space
from generator.qa_plugin import (
    ENV_KEY,
    LIFTED,
    ORPHANS_HEADING,
    QaResult,
    child_spans,
    tokens_text,
)
from generator.reader import make_markdown, page_ids, read_document
from generator.stages.imports import documents_by_source, import_one, import_raw_files, source_name
from generator.system_errors import naming

SIMILAR = 0.5  # word-level similarity above which a changed block is "the same block"
# Front-matter problems that make the header unreadable: the update refuses (nothing changes).
_UNREADABLE = {
    "front-matter-too-large",
    "front-matter-yaml-tag",
    "front-matter-yaml-alias",
    "front-matter-invalid",
}
_MARKER_PREFIX = " \t>"
_OPENER = re.compile(
    r":{3,}\s*annotation\b"
)  # what may stand before a nested note's lines: indentation, quote marks


@dataclass(frozen=True)
class _Block:
    id: str
    kind: str
    labels: tuple[str, ...]
    text: str
    line: int  # 0-based body line of its heading


@dataclass(frozen=True)
class _Note:
    id: str
    target: str | None
    orphaned: bool
    markdown: str  # the container exactly as the editor wrote it, fences included
    text: str
    owner: int | None  # index of its block; None: the document, a section, the orphans
    first: int  # its body lines [first, last)
    last: int
    nested: bool  # stood inside a list item or a quote (see qa_plugin.lift_nested_annotations)
    lifted: str  # its Markdown moved to the top level (indentation and quote marks removed)


@dataclass(frozen=True)
class _Piece:
    """A run of body lines: one top-level element and the lines after it up to the next."""

    kind: str  # block (a block's heading or text) | note (on a block) | other
    first: int
    last: int
    text: str
    block: int | None = None
    note: int | None = None
    tag: str = ""  # the element's first token type (heading_open h2, paragraph_open, ...)


@dataclass(frozen=True)
class _Parsed:
    lines: list[str]
    blocks: list[_Block]
    notes: list[_Note]
    pieces: list[_Piece]

    def region(self, block: int) -> tuple[int, int]:
        """First and last piece of a block, the notes standing in it included."""
        mine = [
            k
            for k, p in enumerate(self.pieces)
            if p.block == block or (p.note is not None and self.notes[p.note].owner == block)
        ]
        return min(mine), max(mine)

    def block_pieces(self, block: int) -> list[int]:
        return [k for k, p in enumerate(self.pieces) if p.kind == "block" and p.block == block]

    def own_text(self, block: int) -> str:
        """The block's own lines without its notes and blank lines: to tell an unchanged block
        (an editor who puts a note into a list item adds blank lines around it)."""
        nested = {
            n
            for note in self.notes
            if note.nested and note.owner == block
            for n in range(note.first, note.last)
        }
        kept: list[str] = []
        for k in self.block_pieces(block):
            piece = self.pieces[k]
            for n in range(piece.first, piece.last):
                if n in nested:
                    continue
                line = self.lines[n].rstrip("\r\n")
                if line.strip(_MARKER_PREFIX):  # not blank (a quote's empty line `>` is)
                    kept.append(line)
        return "\n".join(kept)


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


def _lift(lines: list[str], column: int) -> str:
    """A nested note's lines at the top level: the opening line loses what stands before its
    `:::` (indentation, `>`, a list marker); every other line up to `column` characters of
    indentation and quote marks. The rest stays as the editor wrote it."""
    out = [lines[0][column:]]
    for line in lines[1:]:
        cut = 0
        while cut < column and cut < len(line) and line[cut] in _MARKER_PREFIX:
            cut += 1
        out.append(line[cut:])
    text = "".join(out)
    return text if text.endswith("\n") else text + "\n"


def _parse(body: str, meta: Metadata, path: str) -> _Parsed:
    """Blocks, annotations and the body cut into pieces (each with its lines)."""
    env: dict = {"qa_path": path, "qa_body_line": 1, "qa_kind": meta.kind}
    make_markdown(_language(meta)).parse(body, env)
    qa: QaResult = env[ENV_KEY]
    tokens = qa.tokens
    lines = body.splitlines(keepends=True)
    block_index = {id(part): i for i, part in enumerate(qa.blocks)}
    blocks = [
        _Block(
            part.id,
            part.kind,
            tuple(part.labels),
            tokens_text([t for s in part.body for t in tokens[s.start : s.end]]),
            part.line or 0,
        )
        for part in qa.blocks
    ]
    notes: list[_Note] = []
    note_at: dict[int, int] = {}  # token index of a note's opening → its index in notes
    for note in qa.annotations:
        opener = tokens[note.span.start]
        first, last = opener.map or (0, 0)
        if tokens[note.span.end - 1].markup and last < len(lines):
            last += 1  # the map stops before the closing marker
        markdown = "".join(lines[first:last])
        if not markdown.endswith("\n"):
            markdown += "\n"
        nested = bool(opener.meta.get(LIFTED))
        column = max(lines[first].find(":"), 0) if nested and first < len(lines) else 0
        note_at[note.span.start] = len(notes)
        notes.append(
            _Note(
                note.id,
                note.target,
                note.orphaned,
                markdown,
                tokens_text([t for s in note.body for t in tokens[s.start : s.end]]),
                block_index.get(id(note.owner)) if note.owner is not None else None,
                first,
                last,
                nested,
                _lift(lines[first:last], column) if nested else markdown,
            )
        )
    # Top-level elements in line order (a lifted note stands inside another one: not a piece).
    in_block = {s.start: i for i, part in enumerate(qa.blocks) for s in part.body}
    heading_of: dict[int, int] = {}
    for i, part in enumerate(qa.blocks):
        heading_of.setdefault(part.line or 0, i)
    items: list[tuple[int, str, int | None, int | None, str]] = []
    for span in child_spans(tokens, 0, len(tokens)):
        token = tokens[span.start]
        if not token.map:
            continue
        tag = f"{token.type} {token.tag}"
        if span.start in note_at:
            k = note_at[span.start]
            if notes[k].nested:
                continue
            kind = "note" if notes[k].owner is not None else "other"
            items.append((token.map[0], kind, notes[k].owner, k, tag))
        elif span.start in in_block:
            items.append((token.map[0], "block", in_block[span.start], None, tag))
        elif token.type == "heading_open" and token.map[0] in heading_of:
            items.append((token.map[0], "block", heading_of[token.map[0]], None, tag))
        else:
            items.append((token.map[0], "other", None, None, tag))
    items.sort(key=lambda item: item[0])
    pieces = []
    for index, (first, kind, block, note, tag) in enumerate(items):
        first = 0 if index == 0 else first
        last = items[index + 1][0] if index + 1 < len(items) else len(lines)
        pieces.append(_Piece(kind, first, last, "".join(lines[first:last]), block, note, tag))
    if not items and body.strip():
        pieces.append(_Piece("other", 0, len(lines), body))
    return _Parsed(lines, blocks, notes, pieces)


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
        for j, candidate in enumerate(new):
            if candidate.kind != block.kind:
                continue
            # Merged (vraag-3 and vraag-4 became vraag-3-4): the block holding all its labels,
            # even when another old block went there too. Split (vraag-3-4-5 became vraag-3,
            # vraag-4, vraag-5): the block with its first label.
            merged = len(candidate.labels) > len(block.labels) and set(block.labels) <= set(
                candidate.labels
            )
            if merged or (j not in taken and block.labels[0] in candidate.labels):
                pair(i, j)
                break
    return pairs


# --- merging -------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return normalise_space(text)


def _match_others(old: _Parsed, new: _Parsed) -> dict[int, int]:
    """Old piece → new piece for the text outside the blocks that the import wrote (the
    opening lines, trailing sections such as Bronnen): the same text, or failing that the most
    similar piece of the same kind (a corrected date in the opening line). A piece like nothing
    in the new import is the editors' and is kept."""
    olds = [k for k, p in enumerate(old.pieces) if p.kind == "other" and p.note is None]
    news = [k for k, p in enumerate(new.pieces) if p.kind == "other"]
    found: dict[int, int] = {}
    used: set[int] = set()
    for k in olds:
        for m in news:
            if m not in used and _norm(new.pieces[m].text) == _norm(old.pieces[k].text):
                found[k] = m
                used.add(m)
                break
    # The most similar pairs first, so a paragraph of theirs that resembles the opening line
    # never takes the place of the opening line the import changed.
    scored = sorted(
        (-_similarity(old.pieces[k].text, new.pieces[m].text), k, m)
        for k in olds
        if k not in found
        for m in news
        if m not in used and new.pieces[m].tag == old.pieces[k].tag
    )
    for minus_score, k, m in scored:
        if -minus_score >= SIMILAR and k not in found and m not in used:
            found[k] = m
            used.add(m)
    return found


@dataclass
class _Chunk:
    text: str
    source: str  # "old" | "new" | "made"
    first: int = -1  # piece range in its source, to tell pieces that stood together
    last: int = -1


def _join(chunks: list[_Chunk]) -> str:
    """Chunks into a body: pieces that stood together in one version stay exactly as they
    were; elsewhere one blank line separates them (Markdown needs it between blocks)."""
    out: list[str] = []
    previous: _Chunk | None = None
    for chunk in chunks:
        if not chunk.text:
            continue
        if out and previous is not None:
            together = (
                chunk.source == previous.source != "made" and chunk.first == previous.last + 1
            )
            if not together:
                if not out[-1].endswith("\n"):
                    out.append("\n")
                tail = "".join(out[-2:])
                if not tail.endswith("\n\n") and not chunk.text.startswith("\n"):
                    out.append("\n")
        out.append(chunk.text)
        previous = chunk
    return "".join(out)


def _orphan_markdown(note: _Note) -> str:
    """The note as written, with a `target:` line naming the block it was on."""
    markdown = note.lifted
    if note.orphaned or note.target is None:
        return markdown
    first, _, rest = markdown.partition("\n")
    return f"{first}\ntarget: {note.target}\n{rest}"


def _refused(summary: UpdateSummary, path: str, line: int | None, code: str, why: str):
    message = f"{why}; the document was not updated (nothing was changed)"
    return MergeResult(None, summary, [Diagnostic(path, line, "error", code, message)])


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _front_matter(
    old_text: str, new_text: str, path: str, summary: UpdateSummary
) -> tuple[FrontMatter | None, Metadata, Metadata, list[Diagnostic], MergeResult | None]:
    """The editors' header in round-trip form with the import's new fields added, both
    documents' Metadata, warnings about values kept as written, or a refusal."""
    old_meta, _body, _line, old_diags = frontmatter.parse(old_text, path)
    new_meta, _body, _line, _diags = frontmatter.parse(new_text, path)
    header, _body, _line = frontmatter.split(old_text)
    new_header, _body, _line = frontmatter.split(new_text)
    if header is None:
        return None, old_meta, new_meta, [], None  # no header of theirs: the import's is used
    unreadable = [d for d in old_diags if d.code in _UNREADABLE]
    if unreadable:
        first = unreadable[0]
        why = f"its front matter cannot be read ({first.message}); fix it, then update again"
        return (
            None,
            old_meta,
            new_meta,
            [],
            _refused(summary, path, first.line, "update-front-matter-unreadable", why),
        )
    try:
        fm = FrontMatter.read(header)
        imported = FrontMatter.read(new_header or "")
    except Unreadable as exc:
        why = f"its front matter cannot be read ({exc}); fix it, then update again"
        return (
            None,
            old_meta,
            new_meta,
            [],
            _refused(summary, path, exc.line, "update-front-matter-unreadable", why),
        )
    present = set(fm.fields())
    key_at = {fm.line(k): k for k in fm.fields()}
    warnings: list[Diagnostic] = []
    as_written: set[str] = set()
    for d in old_diags:
        key = key_at.get(d.line or 0)
        if d.severity != "error" or key is None:
            continue
        as_written.add(key)
        warnings.append(
            Diagnostic(
                path,
                d.line,
                "warning",
                "update-field-kept",
                f"'{key}' is kept as the editors wrote it, though it cannot be read: {d.message}",
            )
        )
    for name in frontmatter.FIELD_ORDER:
        if name == "redirects":
            continue
        new_value = getattr(new_meta, name)
        if name in present:
            old_value = str(fm.raw(name)) if name in as_written else getattr(old_meta, name)
            if _plain(old_value) != _plain(new_value):
                summary.fields_kept.append((name, _plain(old_value), _plain(new_value)))
        elif new_value and name in imported.fields():
            fm.add(name, imported.raw(name))
            summary.fields_added.append(name)
    if "redirects" in as_written:
        fm.frozen.add("redirects")
    warnings.sort(key=lambda d: d.line or 0)
    return fm, old_meta, new_meta, warnings, None


def merge(old_text: str, new_markdown: str, path: str) -> MergeResult:
    """Merge the editors' document `old_text` with a fresh import `new_markdown` (pure).

    `text` is None (and a diagnostic says why) when the merge could not keep everything."""
    summary = UpdateSummary(path)
    fm, old_meta, new_meta, diagnostics, refusal = _front_matter(
        old_text, new_markdown, path, summary
    )
    if refusal is not None:
        return refusal
    _h, old_body, _line = frontmatter.split(old_text)
    _h, new_body, _line = frontmatter.split(new_markdown)
    kept_keys = set(fm.fields()) if fm is not None else set()
    meta = replace(
        new_meta,
        language=old_meta.language if "language" in kept_keys else new_meta.language,
        kind=old_meta.kind if "kind" in kept_keys else new_meta.kind,
        redirects={},
    )
    old = _parse(old_body, old_meta, path)
    new = _parse(new_body, meta, path)
    if old.blocks and not new.blocks:
        return _refused(
            summary,
            path,
            None,
            "update-no-questions",
            "the new import has no questions or answers at all (is it the right file?)",
        )

    pairs = match_blocks(old.blocks, new.blocks)
    block_map = {old.blocks[i].id: new.blocks[j].id for i, j in pairs.items()}
    for i, j in sorted(pairs.items(), key=lambda p: p[1]):
        before, after = old.blocks[i], new.blocks[j]
        if before.id != after.id:
            summary.moved.append((before.id, after.id))
        if _norm(before.text) != _norm(after.text):
            summary.changed.append(after.id)
    summary.added = [b.id for j, b in enumerate(new.blocks) if j not in pairs.values()]
    summary.removed = [b.id for i, b in enumerate(old.blocks) if i not in pairs]

    body, placed, editors = _merge_body(old, new, pairs, summary, _language(meta))

    # The notes' new ids, then redirects from every old id that no longer resolves.
    draft = read_document(frontmatter.dump(meta) + body, path=path)
    note_map = _same_notes(placed, draft.annotations)
    lost = _lost_lines(editors, body)
    if note_map is None or lost:
        what = f"line {lost[0]!r}" if lost else "every annotation as written"
        return _refused(
            summary,
            path,
            None,
            "update-annotations-lost",
            f"the merged document would not hold {what}",
        )
    for before, after in note_map:
        if not after.orphaned:
            summary.notes_kept.append((before.id, after.id))
        elif before.orphaned:
            summary.notes_still_orphaned.append(after.id)
        if summary.moved and find_cross_references(after.text, _language(meta)):
            summary.notes_to_check.append(after.id)
    id_map = {**block_map, **{before.id: after.id for before, after in note_map}}
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
    if fm is None:  # the editors' file had no front matter: the import's, with the redirects
        meta.redirects = dict(sorted(redirects.items()))
        return MergeResult(frontmatter.dump(meta) + body, summary, diagnostics)
    if redirects != old_meta.redirects:
        if "redirects" in fm.frozen:
            summary.redirects_added.clear()
            summary.redirects_dropped.clear()
        else:
            fm.set_mapping("redirects", dict(sorted(redirects.items())))
    header_start, header_end, body_start = frontmatter.split_offsets(old_text) or (0, 0, 0)
    text = old_text[:header_start] + fm.text() + old_text[header_end:body_start] + body
    return MergeResult(text, summary, diagnostics)


def _merge_body(
    old: _Parsed,
    new: _Parsed,
    pairs: dict[int, int],
    summary: UpdateSummary,
    language: str,
) -> tuple[str, list[_Note], list[str]]:
    """The new import's text with everything of the editors' put back: (body, the notes in
    the order they stand in it, the editors' lines that must all be in it).

    - A block whose own lines did not change stays exactly as it was, its notes where they
      stood (inside a list item too). A changed block takes the new text, then the notes of
      its old block(s), each as written (a nested one moved out of its list or quote).
    - Text outside the blocks that the import did not write (a paragraph before the first
      question, a section of the editors' own) stays, just before the element that followed
      it in the old document (or at the end).
    - Notes whose block is gone go under the orphaned-annotations heading, after the notes
      already there."""
    others = _match_others(old, new)
    olds_of: dict[int, list[int]] = {}
    for i, j in sorted(pairs.items()):
        olds_of.setdefault(j, []).append(i)
    first_piece = {}
    for m, piece in enumerate(new.pieces):
        if piece.kind == "block" and piece.block is not None:
            first_piece.setdefault(piece.block, m)

    def counterpart(k: int) -> int | None:
        piece = old.pieces[k]
        if piece.kind == "block" and piece.block in pairs:
            return first_piece.get(pairs[piece.block])
        return others.get(k)

    kept = [
        k
        for k, p in enumerate(old.pieces)
        if p.kind == "other" and k not in others and p.text.strip()
    ]
    # Where a piece of theirs goes. Before the first block (the opening): just after the
    # opening text it followed, so it stays in the opening even when questions are added.
    # Further on (a section of their own): just before the element that followed it, so a
    # closing section stays after every block, new ones included, and before Bronnen.
    first_block = next((k for k, p in enumerate(old.pieces) if p.kind != "other"), None)
    before: dict[int, list[int]] = {}
    after: dict[int, list[int]] = {}
    at_start: list[int] = []
    at_end: list[int] = []
    for k in kept:
        if first_block is None or k < first_block:
            anchor = next((others[i] for i in range(k - 1, -1, -1) if i in others), None)
            (at_start if anchor is None else after.setdefault(anchor, [])).append(k)
            continue
        anchor = next(
            (m for m in map(counterpart, range(k + 1, len(old.pieces))) if m is not None), None
        )
        (at_end if anchor is None else before.setdefault(anchor, [])).append(k)

    orphans = [
        n for n in old.notes if not n.orphaned and n.owner is not None and n.owner not in pairs
    ]
    for note in orphans:
        summary.notes_orphaned.append((note.id, note.target))
    orphan_run = [
        k for k, p in enumerate(old.pieces) if p.note is not None and old.notes[p.note].orphaned
    ]
    orphans_after = max(orphan_run) if orphan_run else None

    chunks: list[_Chunk] = []
    placed: list[_Note] = []

    def note_chunks(notes: list[_Note]) -> None:
        for note in notes:
            if note.nested:
                chunks.append(_Chunk(note.lifted, "made"))
            else:
                k = next(k for k, p in enumerate(old.pieces) if p.note == old.notes.index(note))
                chunks.append(_Chunk(old.pieces[k].text, "old", k, k))
            placed.append(note)

    def orphan_chunks() -> None:
        for note in orphans:
            chunks.append(_Chunk(_orphan_markdown(note), "made"))
            placed.append(note)

    def emit_old(k: int) -> None:
        piece = old.pieces[k]
        chunks.append(_Chunk(piece.text, "old", k, k))
        if piece.note is not None:
            placed.append(old.notes[piece.note])
        if k == orphans_after:
            orphan_chunks()

    done: set[int] = set()
    for k in at_start:
        emit_old(k)
    for m, piece in enumerate(new.pieces):
        for k in before.get(m, []):
            emit_old(k)
        if piece.kind != "block" or piece.block is None:
            chunks.append(_Chunk(piece.text, "new", m, m))
            for k in after.get(m, []):
                emit_old(k)
            continue
        j = piece.block
        if j in done:
            continue
        done.add(j)
        olds = olds_of.get(j, [])
        mine = new.block_pieces(j)
        if len(olds) == 1 and old.own_text(olds[0]) == new.own_text(j):
            first, last = old.region(olds[0])
            chunks.append(_Chunk("".join(p.text for p in old.pieces[first : last + 1]), "old"))
            chunks[-1].first, chunks[-1].last = first, last
            placed.extend(sorted((n for n in old.notes if n.owner == olds[0]), key=_first))
            continue
        chunks.append(_Chunk("".join(new.pieces[k].text for k in mine), "new", mine[0], mine[-1]))
        note_chunks(sorted((n for i in olds for n in old.notes if n.owner == i), key=_first))
    for k in at_end:
        emit_old(k)
    if orphans and orphans_after is None:
        heading = ORPHANS_HEADING.get(language, ORPHANS_HEADING["nl"])
        chunks.append(_Chunk(f"## {heading}\n", "made"))
        orphan_chunks()
    editors = [line for note in old.notes for line in old.lines[note.first : note.last]]
    # A `::: annotation` that is not in the model (inside a footnote: the reader warns
    # annotation-not-placed) stands in a block's lines; should that block's text be replaced,
    # the check below refuses rather than let the note go.
    in_notes = {n for note in old.notes for n in range(note.first, note.last)}
    editors += [
        line
        for n, line in enumerate(old.lines)
        if n not in in_notes and _OPENER.match(line.strip(_MARKER_PREFIX))
    ]
    editors += [
        line for k in kept if old.pieces[k].note is None for line in old.pieces[k].text.splitlines()
    ]
    body = _join(chunks)
    last = chunks[-1] if chunks else None
    if body and not (last and last.source == "old" and last.last == len(old.pieces) - 1):
        body = body.rstrip("\n") + "\n"  # the old file's last piece ends as it ended; others once
    return body, placed, editors


def _first(note: _Note) -> int:
    return note.first


def _same_notes(
    placed: list[_Note], found: list[Annotation]
) -> list[tuple[_Note, Annotation]] | None:
    """Each placed note with the annotation the merged document reads for it, or None when
    the merged document does not hold them all (the same texts, the same count)."""
    if len(placed) != len(found):
        return None
    pairs = []
    for before, after in zip(placed, found, strict=True):
        if _norm(before.text) != _norm(after.text):
            return None
        pairs.append((before, after))
    return pairs


def _lost_lines(editors: list[str], body: str) -> list[str]:
    """The editors' lines of the old body (their notes, their text outside the blocks) that
    the merged body does not hold: the last check before the file is written. Indentation and
    quote marks do not count (a note moved out of a list item loses them)."""
    have = Counter(
        line.strip(_MARKER_PREFIX + "\r\n") for line in body.splitlines() if line.strip()
    )
    want = Counter(line.strip(_MARKER_PREFIX + "\r\n") for line in editors if line.strip())
    return [line for line, count in want.items() if have[line] < count]


# --- files ---------------------------------------------------------------------------------------


@dataclass
class UpdateReport:
    written: list[str] = field(default_factory=list)  # documents/<slug>.md
    summaries: list[UpdateSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def update_documents(files: list[Path], content: Path) -> UpdateReport:
    """Re-import each raw file into the document made from it (or a new one), merging."""
    content = Path(content)
    report = UpdateReport()
    existing = documents_by_source(content)
    for path in map(Path, files):
        source = source_name(path, content)
        target = existing.get(source)
        if target is None or not path.is_file():  # not imported before: an ordinary import
            written, diagnostics = import_raw_files([path], content)
            report.written.extend(written)
            report.diagnostics.extend(diagnostics)
            continue
        result = import_one(path, source, report.diagnostics, content, retry=True)
        if result is None:
            continue
        target_path = content / target
        if any(d.severity == "error" for d in result.diagnostics):
            # A failed import (no questions found, a damaged file) must never replace what the
            # editors have: the document and the kept source stay exactly as they were.
            report.diagnostics.append(
                Diagnostic(
                    target,
                    None,
                    "error",
                    "update-import-failed",
                    f"the new import of {source} has errors (see {source}); the document was "
                    "not updated (nothing was changed)",
                )
            )
            continue
        old_text = target_path.read_text(encoding="utf-8")
        merged = merge(old_text, result.markdown, target)
        report.diagnostics.extend(merged.diagnostics)
        if merged.text is None:
            continue
        if merged.text != old_text:  # the same source again: the file is not even touched
            _write(target_path, merged.text)
        kept = content / source
        if kept.resolve() != path.resolve():  # the changed source becomes the kept copy
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, kept)
        report.written.append(target)
        report.summaries.append(merged.summary)
    return report


def _write(path: Path, text: str) -> None:
    """Replace the document atomically. On a system error (disk full, read-only folder) it
    stays as it was, no temporary file is left, and the OSError, given this file's name, goes
    up to the command, which reports it as one line (system_errors.py)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with naming(path):  # a full disk names no file: this one
            tmp.write_text(text, encoding="utf-8", newline="\n")
            os.replace(tmp, path)  # atomic: the editors' file is never half written
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
