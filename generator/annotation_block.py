"""The `::: annotation` block: mdit-py-plugins' container rule, made aware of fenced code.

mdit-py-plugins' `container_plugin` closes a container at the first `:::` line, even one
inside a fenced code block of the container ("```" ... ":::" ... "```"): the rest of the
editor's note then fell out of the annotation, and `antwoord import --update` replaced it with
the source's text. This rule is the plugin's own (same tokens: `container_annotation_open` /
`_close`, same map, same rendering), with one difference: while it looks for the closing
marker it lets markdown-it's own fence rule step over each fenced code block, so a `:::`
inside code is code. An unclosed fence (one that would run to the end of the document) is
not stepped over, so a note with a stray "```" closes where it did before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.fence import fence as fence_rule
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.utils import is_code_block

if TYPE_CHECKING:
    from markdown_it.renderer import RendererProtocol
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

NAME = "annotation"
_MARKER = ":"
_MIN_MARKERS = 3


def _marker_run(state: StateBlock, line: int) -> tuple[int, int] | None:
    """(marker count, position after the markers) when the line starts with `:::`."""
    start = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    pos = start
    while pos < maximum and state.src[pos] == _MARKER:
        pos += 1
    count = pos - start
    return (count, pos) if count >= _MIN_MARKERS else None


def _fence_end(state: StateBlock, line: int, end_line: int) -> int | None:
    """The line after the fenced code block opening at `line`, or None (not a fence, or one
    that is never closed). Runs markdown-it's fence rule and takes back what it pushed."""
    if not fence_rule(state, line, end_line, True):
        return None
    tokens, saved_line = len(state.tokens), state.line
    fence_rule(state, line, end_line, False)
    after = state.line
    del state.tokens[tokens:]
    state.line = saved_line
    return after if after < end_line else None


def _annotation_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if is_code_block(state, start_line):
        return False
    run = _marker_run(state, start_line)
    if run is None:
        return False
    count, pos = run
    params = state.src[pos : state.eMarks[start_line]]
    if params.strip().split(" ", 2)[0] != NAME:
        return False
    if silent:
        return True

    next_line, closed = start_line + 1, False
    while next_line < end_line:
        begin = state.bMarks[next_line] + state.tShift[next_line]
        maximum = state.eMarks[next_line]
        if begin < maximum and state.sCount[next_line] < state.blkIndent:
            break  # a line indented less than the container's parent ends it (as the plugin)
        if not is_code_block(state, next_line):
            after_fence = _fence_end(state, next_line, end_line)
            if after_fence is not None:
                next_line = after_fence
                continue
            closing = _marker_run(state, next_line)
            if (
                closing is not None
                and closing[0] >= count
                and not state.src[closing[1] : maximum].strip()
            ):
                closed = True
                break
        next_line += 1

    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = next_line  # lazy continuations never run past the closing marker
    token = state.push(f"container_{NAME}_open", "div", 1)
    token.markup = _MARKER * count
    token.block = True
    token.info = params
    token.map = [start_line, next_line]
    state.md.block.tokenize(state, start_line + 1, next_line)
    token = state.push(f"container_{NAME}_close", "div", -1)
    token.markup = _MARKER * count if closed else ""
    token.block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = next_line + (1 if closed else 0)
    return True


def _render_unplaced(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Only a container that is not in the model reaches the renderer (the model's notes are
    rendered from their content, beside their block): one inside a footnote or inside another
    note. It is shown as the text it holds, never dressed as an annotation, so that every
    annotation a page shows is one the model (the JSON export, --update) knows."""
    if tokens[idx].nesting == 1:
        tokens[idx].attrJoin("class", "annotation-text")
    return self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined,no-any-return]


def annotation_plugin(md: MarkdownIt) -> None:
    """Register the `::: annotation` block (in place of the plugin's container rule)."""
    container_plugin(md, NAME, render=_render_unplaced)
    md.block.ruler.at(
        f"container_{NAME}",
        _annotation_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},  # as the plugin's
    )
