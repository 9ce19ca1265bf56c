"""markdown-it-py plugin: links that cannot be turned against readers.

- Only http(s) and mailto links, and relative links (`#vraag-2`, `other.md#x`), are made;
  any other scheme (`javascript:`, `vbscript:`, `data:`, `file:` …, in any case and however
  entity-encoded: markdown-it decodes entities before asking) stays text. markdown-it's own
  check is a blocklist; this is an allowlist.
- A link to another site gets `rel="noopener noreferrer"`: the page it opens cannot reach back
  into ours, and learns nothing about which page the reader came from.
- An image is shown as a link to it, never loaded: a page makes no request to another host (a
  remote image would tell that host who reads what), and the site ships no images of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ALLOWED_SCHEMES = ("http", "https", "mailto")
EXTERNAL_REL = "noopener noreferrer"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
# Characters browsers drop or ignore inside a scheme ("java\tscript:" is still javascript:).
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def is_allowed_url(url: str) -> bool:
    """True for relative URLs and for http, https and mailto links."""
    # markdown-it hands over the URL percent-encoded ("java%09script:"); browsers would not
    # read that as a scheme, but refusing it too costs nothing and keeps the rule simple.
    compact = _IGNORED.sub("", unquote(url))
    scheme = _SCHEME.match(compact)
    return scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES


def is_external(url: str) -> bool:
    """An absolute link to a host (https://…, //host/…): somewhere other than this site."""
    return bool(re.match(r"^(?:https?:)?//", url.strip(), re.I))


def _render_link_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    if is_external(str(token.attrGet("href") or "")):
        token.attrSet("rel", EXTERNAL_REL)
    return self.renderToken(tokens, idx, options, env)


def _render_image(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    link = Token("link_open", "a", 1)
    link.attrSet("href", src)
    if is_external(src):
        link.attrSet("rel", EXTERNAL_REL)
    text = alt or src
    return self.renderToken([link], 0, options, env) + escapeHtml(text) + "</a>"


# Where Markdown asks for a link: inline `[text](dest)`, an autolink `<scheme:…>`, and a
# reference definition `[ref]: dest` (refused definitions stay paragraph text). Escaped
# brackets (`\](`, `\<`, as importers write them) are text on purpose.
_LINK_DESTINATIONS = re.compile(
    r"(?<!\\)\]\(\s*(?:<(?P<angle>[^>\n]*)>|(?P<plain>[^\s()]+(?:\([^\s()]*\))?))"
    r"|(?<!\\)<(?P<auto>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>"
    r"|^\[[^\]\n]+\]:\s*(?P<ref>\S+)",
    re.M,
)
ENV_REFUSED = "refused_links"  # env key: [(line0, url)] for the reader's diagnostics


# An HTML tag as an editor would type it (a backslash-escaped "\\<b>" is text on purpose).
_HTML_TAG = re.compile(r"(?<!\\)</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
ENV_HTML = "html_as_text"  # env key: [(line0, tag)], one per paragraph or heading


def _report_refused(state: StateCore) -> None:
    """Note refused links and raw HTML, so the editor hears why they are shown as text."""
    refused: list[tuple[int | None, str]] = state.env.setdefault(ENV_REFUSED, [])
    html: list[tuple[int | None, str]] = state.env.setdefault(ENV_HTML, [])
    for token in state.tokens:
        if token.type != "inline":
            continue
        first = token.map[0] if token.map else None
        content = token.content

        def line_at(pos: int, first: int | None = first, content: str = content) -> int | None:
            return None if first is None else first + content.count("\n", 0, pos)

        if ":" in content:
            for m in _LINK_DESTINATIONS.finditer(content):
                url = unescapeAll(next(g for g in m.groups() if g is not None))
                if _SCHEME.match(_IGNORED.sub("", url)) and not is_allowed_url(url):
                    refused.append((line_at(m.start()), url))
        if "<" in content and (tag := _HTML_TAG.search(content)):
            html.append((line_at(tag.start()), tag.group(0)))


def safe_links_plugin(md: MarkdownIt) -> None:
    default_validate = md.validateLink

    def validate(url: str) -> bool:
        return default_validate(url) and is_allowed_url(url)

    md.validateLink = validate  # type: ignore[method-assign]
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)
    # Right after inline parsing, while footnote definitions are still in the token stream.
    md.core.ruler.after("inline", "safe_links_report", _report_refused)
