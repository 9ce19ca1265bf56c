"""Markdown document → Document model (front matter + markdown-it-py tokens + the Q&A plugin).

The plugin (`generator.qa_plugin`) decides the structure and rewrites inline tokens; this
module only renders its token ranges to HTML and plain text and fills the dataclasses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from generator import frontmatter
from generator.annotation_block import annotation_plugin
from generator.citations import ENV_KEY as CITATIONS_KEY
from generator.citations import citation_plugin, place_references
from generator.document import (
    Annotation,
    Answer,
    Block,
    Diagnostic,
    Document,
    Footnote,
    Question,
    Section,
    SourceNote,
)
from generator.grammar import LANGUAGES
from generator.notices import apply_notice
from generator.qa_plugin import (
    ENV_KEY,
    AnnotationPart,
    BlockPart,
    QaResult,
    SectionPart,
    Span,
    qa_plugin,
    tokens_text,
)
from generator.safe_links import ENV_HTML, ENV_REFUSED, safe_links_plugin
from generator.tables import tables_plugin
from generator.text_safety import REPLACEMENT, clean_fields

_URL = re.compile(r"https?://[^\s<>\"']+", re.I)


@lru_cache(maxsize=8)
def make_markdown(language: str = "nl") -> MarkdownIt:
    """The configured parser for one document language; built once and reused (it is
    stateless between parses: everything per document lives in `env`)."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # Definitions stay where they are (move_to_end=False) so the plugin lists every one, used
    # or not; refs always match so an undefined one can be reported instead of vanishing.
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    md.use(annotation_plugin)  # `::: annotation`, fence-aware (see annotation_block)
    md.use(qa_plugin, language=language)
    md.use(safe_links_plugin)
    md.use(citation_plugin)
    md.use(tables_plugin, language=language)  # a scrolling, named box around each table
    return md


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_document(
    text: str, *, path: str, slug: str | None = None, default_language: str = "nl"
) -> Document:
    """Read one Markdown document (front matter + body) into the model, with diagnostics."""
    meta, body, body_line, diagnostics = frontmatter.parse(
        text, path, default_language=default_language
    )
    meta, unclean = clean_fields(meta)  # a YAML escape ("\x1b") can name any character
    for name in unclean:
        diagnostics.append(
            Diagnostic(
                path,
                _key_line(text, name, body_line),
                "warning",
                "front-matter-invalid-character",
                f"'{name}' holds a control character (or broken Unicode) that no web page or "
                f"feed may contain; it is shown as {REPLACEMENT}",
            )
        )
    language = meta.language if meta.language in LANGUAGES else default_language
    md = make_markdown(language if language in LANGUAGES else "nl")
    env: dict = {"qa_path": path, "qa_body_line": body_line, "qa_kind": meta.kind}
    md.parse(body, env)
    qa: QaResult = env[ENV_KEY]
    renderer = _Renderer(md, env, qa.tokens)
    document = Document(
        slug=slug or meta.slug or PurePosixPath(path).stem,
        path=path,
        meta=meta,
        # File order, so `antwoord check` reads top to bottom; sort is stable within a line.
        diagnostics=[*diagnostics, *sorted(qa.diagnostics, key=lambda d: d.line or 0)],
    )
    for line0, url in env.get(ENV_REFUSED, []):
        document.diagnostics.append(
            Diagnostic(
                path,
                _file_line(line0, body_line),
                "warning",
                "link-refused",
                f"the link to '{_shorten(url, 60)}' was not made (only http, https and "
                "mailto links are allowed); it is shown as text",
            )
        )
    for line0, tag in env.get(ENV_HTML, []):
        document.diagnostics.append(
            Diagnostic(
                path,
                _file_line(line0, body_line),
                "warning",
                "html-as-text",
                f"HTML ('{_shorten(tag, 40)}') is not used in pages; it is shown as text",
            )
        )
    document.diagnostics.sort(key=lambda d: d.line or 0)
    annotations = {id(a): renderer.annotation(a) for a in qa.annotations}
    document.blocks = [renderer.block(part, annotations) for part in qa.blocks]
    document.preamble = [renderer.section(s) for s in qa.preamble]
    document.sections = [renderer.section(s) for s in qa.sections]
    document.annotations = [annotations[id(a)] for a in qa.annotations]
    document.footnotes = [
        Footnote(
            number=note.number,
            id=note.id,
            text=tokens_text(note.tokens),
            html=renderer.render(note.tokens),
            urls=_urls(note.tokens),
            ref_ids=note.ref_ids,
            line=_file_line(note.line, body_line),
        )
        for note in qa.footnotes
    ]
    document.source_notes = [
        SourceNote(
            label=note.label,
            id=note.id,
            text=tokens_text(note.tokens),
            html=renderer.render(note.tokens),
            ref_ids=note.ref_ids,
            line=_file_line(note.line, body_line),
        )
        for note in qa.source_notes
    ]
    document.references = place_references(
        env.get(CITATIONS_KEY, []),
        document,
        body_line,
        {note.label: note.id for note in qa.footnotes},
    )
    redirects_line = next(
        (i for i, ln in enumerate(text.splitlines()[:body_line], 1) if ln.startswith("redirects:")),
        1,
    )
    document.redirects, redirect_diagnostics = apply_redirects(document, redirects_line)
    document.diagnostics.extend(redirect_diagnostics)
    apply_notice(document)
    return document


def _key_line(text: str, key: str, body_line: int) -> int | None:
    """The line of `key:` in the front matter, if it is written at the start of a line."""
    for number, line in enumerate(text.splitlines()[:body_line], 1):
        if line.startswith(f"{key}:"):
            return number
    return None


def page_ids(document: Document) -> set[str]:
    """Every id the document's page holds."""
    ids: set[str] = set()
    for block in document.blocks:
        ids.add(block.id)
        ids.update(block.aliases)
    for note in document.annotations:
        ids.add(note.id)
        ids.update(note.aliases)
    ids.update(n.id for n in document.footnotes)
    ids.update(n.id for n in document.source_notes)
    ids.update(s.id for s in [*document.preamble, *document.sections] if s.id)
    return ids


def apply_redirects(
    document: Document, line: int | None = 1
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Make each former id of the front matter's `redirects` an alias of its current element,
    so old links and bookmarks still land on it: (redirects in effect, diagnostics)."""
    diagnostics: list[Diagnostic] = []
    ids = page_ids(document)
    blocks = {b.id: b for b in document.blocks}
    notes = {a.id: a for a in document.annotations}
    in_effect: dict[str, str] = {}
    for old, new in document.meta.redirects.items():
        where = document.path
        if old in ids:
            diagnostics.append(
                Diagnostic(
                    where,
                    line,
                    "warning",
                    "redirect-shadowed",
                    f"redirect from '{old}' is not used: the page already has '{old}'",
                )
            )
            continue
        owner = blocks.get(new) or notes.get(new)
        if owner is None:
            diagnostics.append(
                Diagnostic(
                    where,
                    line,
                    "warning",
                    "redirect-target-missing",
                    f"redirect from '{old}' leads to '{new}', which is not a question, answer "
                    "or annotation of this document",
                )
            )
            continue
        owner.aliases.append(old)
        ids.add(old)
        in_effect[old] = new
    return in_effect, diagnostics


def _file_line(line0: int | None, body_line: int) -> int | None:
    return None if line0 is None else line0 + body_line


def _urls(tokens: Sequence[Token]) -> list[str]:
    """URLs of a footnote: link targets and bare URLs in its text, in order, once each."""
    found: list[str] = []
    for token in tokens:
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrGet("href") or ""))
            elif child.type == "text":
                found.extend(m.group(0).rstrip(".,;:") for m in _URL.finditer(child.content))
    return [url for url in dict.fromkeys(found) if url.startswith(("http://", "https://"))]


class _Renderer:
    """Renders token ranges of one parsed document into model objects."""

    def __init__(self, md: MarkdownIt, env: dict, tokens: list[Token]) -> None:
        self._md = md
        self._env = env
        self._tokens = tokens
        self._body_line = int(env.get("qa_body_line", 1))

    def render(self, tokens: Sequence[Token]) -> str:
        return self._md.renderer.render(list(tokens), self._md.options, self._env)

    def _slice(self, spans: Sequence[Span]) -> list[Token]:
        return [t for span in spans for t in self._tokens[span.start : span.end]]

    def _line(self, line0: int | None) -> int | None:
        return _file_line(line0, self._body_line)

    def annotation(self, part: AnnotationPart) -> Annotation:
        tokens = self._slice(part.body)
        return Annotation(
            id=part.id,
            target=part.target,
            text=tokens_text(tokens),
            html=self.render(tokens),
            line=self._line(part.line),
            author=part.author,
            date=part.date,
            kind=part.kind,
            quote=part.quote,
            quote_found=part.quote_found,
            orphaned=part.orphaned,
            former_target=part.former_target,
        )

    def block(self, part: BlockPart, annotations: dict[int, Annotation]) -> Block:
        tokens = self._slice(part.body)
        own = [annotations[id(a)] for a in part.annotations]
        if part.kind == "question":
            return Question(
                label="-".join(part.labels),
                id=part.id,
                text=tokens_text(tokens),
                html=self.render(tokens),
                line=self._line(part.line),
                heading=part.heading,
                answered_in=part.answered_in,
                answered_with=part.answered_with,
                source_notes=part.source_notes,
                aliases=part.aliases,
                annotations=own,
                labels=list(part.labels),
            )
        return Answer(
            id=part.id,
            covers=list(part.labels),
            text=tokens_text(tokens),
            html=self.render(tokens),
            line=self._line(part.line),
            heading=part.heading,
            aliases=part.aliases,
            refers_to=part.refers_to,
            references=part.references,
            annotations=own,
        )

    def section(self, part: SectionPart) -> Section:
        tokens = self._slice(part.body)
        return Section(
            id=part.id,
            heading=part.heading,
            html=self.render(tokens),
            text=tokens_text(tokens),
            line=self._line(part.line),
        )
