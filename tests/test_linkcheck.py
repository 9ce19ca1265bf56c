"""The link check's tag scanner reads links and ids as html.parser does, on real pages too."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.linkcheck import _LINK_ATTRS, _PageScan

SEED = Path(__file__).parent.parent / "content"
LINKED = Path(__file__).parent / "fixtures" / "linked"


class _Reference(HTMLParser):
    """What the link check read with html.parser before the scanner replaced it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
        wanted = _LINK_ATTRS.get(tag)
        for name, value in attrs:
            if wanted and name == wanted and value is not None:
                self.links.append((value, self.getpos()[0]))

    handle_startendtag = handle_starttag


def _same(text: str) -> None:
    ours, reference = _PageScan(text), _Reference(text)
    assert ours.ids == reference.ids
    assert ours.links == reference.links


def test_the_scanner_reads_every_built_page_as_html_parser_does(tmp_path):
    for name, content in [("seed", SEED), ("linked", LINKED)]:
        copy = tmp_path / name / "content"
        shutil.copytree(content, copy, ignore=shutil.ignore_patterns(".cache"))
        build(copy, tmp_path / name / "site")
        pages = sorted((tmp_path / name / "site").rglob("*.html"))
        assert len(pages) > 10
        for page in pages:
            _same(page.read_text(encoding="utf-8"))


def test_quoting_entities_comments_and_scripts():
    _same(
        "<p id=top>\n<a href='/a?x=1&amp;y=2#b' class=x>x</a>\n"
        '<A HREF="/upper">u</A><img src=/i.png alt="a"><a name="n">no href</a>\n'
        '<!-- <a href="/commented"> -->\n'
        '<script type="application/ld+json">{"x": "<a href=\\"/in-script\\">"}</script>\n'
        '<script src="/app.js" defer></script><link rel="stylesheet" href="/s.css"/>\n'
        '<h2 id="vraag-1" data-x="id">Vraag</h2><span id="">empty</span>\n'
        '<a\nhref="/split-over-lines">x</a>'
    )


_VALUE = st.text(st.sampled_from("ab/#?=.-_ &;é"), max_size=12).map(
    lambda v: v.replace("&", "&amp;")
)


@st.composite
def _tag(draw) -> str:
    name = draw(st.sampled_from(["a", "link", "img", "area", "p", "h2", "span"]))
    attrs = []
    for attr in draw(
        st.lists(st.sampled_from(["id", "href", "src", "class", "title"]), max_size=4)
    ):
        value = draw(_VALUE)
        quote = draw(st.sampled_from(['"', "'", ""]))
        if not quote and (not value or " " in value):
            quote = '"'
        attrs.append(f"{attr}={quote}{value}{quote}")
    space = draw(st.sampled_from([" ", "\n", "  "]))
    return f"<{name}{space}{space.join(attrs)}>"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_tag(), _VALUE, st.just("\n")), max_size=30).map("".join))
def test_generated_tags_read_the_same(text):
    _same(text)
