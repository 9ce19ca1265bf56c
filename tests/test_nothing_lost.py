"""Nothing lost, nothing broken: generated Q&A documents through read → render → site.

Hypothesis writes documents from the pieces of the content format (every heading form of
DESIGN.md, source markers, footnote references and definitions, a Bronnen list, annotations,
cross-references, stray syntax and hostile snippets) in random orders, valid and invalid, and
checks for each one:

- reading and rendering never crash;
- every word of the input is in the page text;
- every link the build made resolves: `#x` to an id on the page, relative links to a file of
  the site; ids are unique;
- nothing executable came through (no script element, no javascript:/vbscript:/data: link).

`make test` runs the bounded profile (100 examples); `make fuzz` runs HYPOTHESIS_PROFILE=fuzz
(20,000 examples, see conftest.py).
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import render_site
from generator.config import SiteConfig

CONFIG = SiteConfig(title="Fuzz", base_url="https://example.org/sub/")

# Content words: lower-case letters only, so they never collide with syntax, and long enough
# that a word found in the page is the word written (not part of a label such as "vraag").
WORD = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=4, max_size=9)
LABEL = st.integers(min_value=1, max_value=6).map(str)
LABEL_OR_SUB = st.one_of(LABEL, st.tuples(LABEL, st.sampled_from("ab")).map("".join))


def _labels(draw, n: int) -> list[str]:
    return draw(st.lists(LABEL, min_size=n, max_size=n, unique=True))


def _join(labels: list[str], conjunction: str, oxford: bool = False) -> str:
    if len(labels) == 1:
        return labels[0]
    comma = "," if oxford else ""
    return f"{', '.join(labels[:-1])}{comma} {conjunction} {labels[-1]}"


@st.composite
def heading(draw, language: str) -> str:
    """One Q&A heading in any of the forms DESIGN.md lists, with case and spacing noise."""
    n = draw(st.integers(min_value=1, max_value=3))
    labels = _labels(draw, n)
    if language == "en":
        forms = [
            f"Question {draw(LABEL_OR_SUB)}",
            f"Questions {_join(labels, 'and')}",
            f"Answer {_join(labels, 'and')}",
            f"Answer to question {labels[0]}",
            f"Answer to questions {_join(labels, 'and')}",
        ]
    else:
        forms = [
            f"Vraag {draw(LABEL_OR_SUB)}",
            f"Vragen {_join(labels, 'en')}",
            f"Vraag {_join(labels, 'en')}",
            f"Antwoord {_join(labels, 'en')}",
            f"Antwoord op vraag {_join(labels, 'en')}",
            f"Antwoord op vragen {_join(labels, 'en')}",
            f"Antwoorden op vragen {_join(labels, 'en')}",
            f"Antwoord op vragen {_join(labels, 'en', oxford=True)}",
            f"Antwoorden op vraag {_join(labels, 'en')}",
            f"Antwoord vraag {labels[0]}",
            f"Vraag {', '.join(labels)} {labels[-1]}7",  # a typo the grammar reads for sense
        ]
    text = draw(st.sampled_from(forms))
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.lower()
    text += draw(st.sampled_from(["", ":", " ", "\t", " :"]))
    return f"## {text}"


NOISE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "[vb](vbscript:msgbox(1))",
        "![beeld](https://tracker.example/p.gif)",
        "[extern](https://example.com/a_b)",
        "<https://example.com/x>",
        "*",
        "_",
        "`",
        "&amp;",
        "&#0;",
        "\\",
        "[",
        "]",
        "[^",
        "1.",
        "(zie 2)",
        "'",
        '"',
    ]
)


@st.composite
def paragraph(draw, language: str) -> tuple[str, list[str]]:
    """Running text with markers and references; returns (Markdown, content words)."""
    words: list[str] = []
    parts: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        kind = draw(st.integers(min_value=0, max_value=9))
        if kind <= 4:
            word = draw(WORD)
            words.append(word)
            parts.append(word)
        elif kind == 5:
            parts.append(f"[^{draw(LABEL)}]")  # a footnote reference (defined or not)
        elif kind == 6:
            label = draw(LABEL)
            parts.append(draw(st.sampled_from([f"{label})", f"[{label}]"])))  # source marker
        elif kind == 7:
            labels = _labels(draw, draw(st.integers(min_value=1, max_value=2)))
            if language == "en":
                phrase = f"see the answer to question {_join(labels, 'and')}"
            else:
                phrase = draw(
                    st.sampled_from(
                        [
                            f"zie het antwoord op vraag {_join(labels, 'en')}",
                            f"zie vraag {labels[0]}",
                            f"antwoord op vragen {_join(labels, 'en')}",
                        ]
                    )
                )
            parts.append(phrase)
        else:
            parts.append(draw(NOISE))
    glue = draw(st.sampled_from([" ", " ", "", "\n"]))
    return glue.join(parts), words


@st.composite
def piece(draw, language: str) -> tuple[str, list[str]]:
    """One block of a document: (Markdown, content words that must reach the page)."""
    kind = draw(
        st.sampled_from(
            ["heading", "heading", "paragraph", "paragraph", "paragraph", "footnote"]
            + ["annotation", "sources", "other-heading"]
        )
    )
    if kind == "heading":
        return draw(heading(language)), []
    if kind == "paragraph":
        return draw(paragraph(language))
    if kind == "footnote":
        text, words = draw(paragraph(language))
        return f"[^{draw(LABEL)}]: {text.replace(chr(10), ' ')}", words
    if kind == "annotation":
        text, words = draw(paragraph(language))
        meta = draw(st.sampled_from(["", "author: Redactie\n", "kind: context\n"]))
        return f"::: annotation\n{meta}{text}\n:::", words
    if kind == "sources":
        heading_text = "Sources" if language == "en" else "Bronnen"
        items, words = [], []
        for i in range(1, draw(st.integers(min_value=1, max_value=3)) + 1):
            word = draw(WORD)
            words.append(word)
            items.append(f"{i}) {word}")
        return f"## {heading_text}\n\n" + "\n".join(items), words
    word = draw(WORD)
    return f"## {word}", [word]


@st.composite
def document(draw) -> tuple[str, list[str]]:
    language = draw(st.sampled_from(["nl", "nl", "en"]))
    pieces = draw(st.lists(piece(language), min_size=1, max_size=14))
    title = draw(WORD)
    front = f"---\ntitle: {title}\nlanguage: {language}\nreceived: 2025-01-02\n---\n\n"
    body = "\n\n".join(text for text, _ in pieces)
    return front + body + "\n", [title] + [w for _, ws in pieces for w in ws]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.scripts: list[dict] = []  # the attributes of each <script>
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True
        for name, value in attrs:
            if name == "id":
                self.ids.append(value or "")
            if name in ("href", "src", "action", "formaction", "srcset") and value is not None:
                self.links.append((tag, name, value))
            assert not name.startswith("on"), f"event handler attribute {name} on <{tag}>"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if not self._in_script:  # the JSON-LD block is data, not what a reader sees
            self.text.append(data)


def _resolves(href: str, page_path: str, files: dict) -> bool:
    """A relative link from `page_path` (site-relative file) points at a file of the site."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    if target.startswith(".."):
        return False
    target = "" if target == "." else target
    return target in files or posixpath.join(target, "index.html") in files


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document())
def test_nothing_lost_and_every_link_resolves(generated: tuple[str, list[str]]) -> None:
    text, words = generated
    files, documents, diagnostics = render_site({"documents/fuzz.md": text}, CONFIG)
    assert [d.slug for d in documents] == ["fuzz"], diagnostics
    assert not [d for d in diagnostics if d.code.endswith("-failed")], diagnostics
    page_path = f"{documents[0].year}/fuzz/index.html"
    html = files[page_path]
    page = _Page()
    page.feed(html)

    page_text = " ".join(page.text)
    missing = [w for w in words if w not in page_text]
    assert not missing, (missing, text)

    assert len(page.ids) == len(set(page.ids)), sorted(i for i in page.ids if page.ids.count(i) > 1)
    ids = set(page.ids)
    for tag, _attr, href in page.links:
        scheme = re.match(r"^\s*([a-z][a-z0-9+.-]*):", href, re.I)
        if href.startswith("#"):
            assert href[1:] in ids, (href, text)
        elif scheme:
            assert scheme.group(1).lower() in ("http", "https", "mailto"), (href, text)
            if tag != "a":  # only the canonical link may name a host; nothing is loaded
                assert tag == "link", (tag, href)
        elif not href.endswith(".md") and ".md#" not in href:
            # cross-document links (other.md#x) are checked by the whole-site link checker
            assert _resolves(href, page_path, files), (href, text)
    # Scripts: the schema.org data block and the site's own copy button, nothing else.
    for script in page.scripts:
        assert script in ({"type": "application/ld+json"},
                          {"src": "../../static/cite.js", "defer": None}), script  # fmt: skip
    assert "iframe" not in page.tags and "img" not in page.tags
