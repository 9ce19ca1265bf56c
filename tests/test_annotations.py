"""Editors' annotations: syntax, the quoted phrase, and how a page shows them."""

from __future__ import annotations

from pathlib import Path

from htmlcheck import dead_fragments, parse
from hypothesis import given
from hypothesis import strategies as st

from generator.config import SiteConfig
from generator.reader import read_document
from generator.render import render_document

ROOT = Path(__file__).resolve().parent.parent
CONFIG = SiteConfig(title="Test", base_url="https://example.org/sub/")

DOC = """---
title: Vragen over de wet
received: 2025-09-22
---

Antwoord van de minister.

::: annotation
kind: update
Over het hele document.
:::

## Vraag 1

Waarom *nu* de wet
intrekken? Zie [de brief](https://example.org/brief) hier.

::: annotation
kind: fact-check
author: Redactie
date: 2025-10-01
quote: de wet intrekken
Dat staat in de brief.
:::

## Antwoord op vraag 1

Omdat het kan.

::: annotation
kind: correction
quote: brief hier
Deze woorden staan niet in het antwoord.
:::

::: annotation
Zonder soort.
:::
"""


def codes(doc) -> list[str]:
    return [d.code for d in doc.diagnostics]


def test_ids_targets_and_metadata():
    doc = read_document(DOC, path="documents/t.md")
    assert [(a.id, a.target, a.kind) for a in doc.annotations] == [
        ("annotatie-1", None, "update"),
        ("vraag-1-annotatie-1", "vraag-1", "fact-check"),
        ("antwoord-1-annotatie-1", "antwoord-1", "correction"),
        ("antwoord-1-annotatie-2", "antwoord-1", None),
    ]
    note = doc.annotations[1]
    assert (note.author, note.date.isoformat(), note.quote) == (
        "Redactie",
        "2025-10-01",
        "de wet intrekken",
    )
    assert note.text == "Dat staat in de brief."  # metadata lines are not part of the text


def test_quoted_phrase_is_marked_across_a_line_break_and_a_link():
    doc = read_document(DOC, path="documents/t.md")
    question = doc.questions[0]
    assert doc.annotations[1].quote_found
    # One <mark> per text piece, so the phrase can run over a line break and tags stay nested.
    marks = question.html.count('<mark class="annotation-mark"')
    assert marks == 2
    assert 'data-annotation="vraag-1-annotatie-1">de wet</mark>' in question.html
    assert ">intrekken</mark>" in question.html
    assert question.text == "Waarom nu de wet intrekken? Zie de brief hier."
    page = parse(question.html)
    assert page.tags.count("mark") == 2 and page.tags.count("a") == 1


def test_quote_not_found_is_a_warning_and_nothing_is_marked():
    doc = read_document(DOC, path="documents/t.md")
    [warning] = [d for d in doc.diagnostics if d.code == "annotation-quote-not-found"]
    assert warning.severity == "warning"
    assert warning.line == 30  # the line of its "::: annotation"
    assert "'brief hier'" in warning.message and "Antwoord op vraag 1" in warning.message
    assert "<mark" not in doc.answers[0].html
    assert not doc.annotations[2].quote_found


def test_a_phrase_spanning_a_link_inside_one_inline_is_marked_in_pieces():
    text = DOC.replace("quote: brief hier", "quote: Omdat het")
    doc = read_document(text, path="documents/t.md")
    assert "annotation-quote-not-found" not in codes(doc)
    assert doc.answers[0].html.startswith("<p><mark")


def test_quote_is_matched_inside_the_block_only():
    # "Omdat het kan" is in the answer, not in the question the annotation is attached to.
    text = DOC.replace("quote: de wet intrekken", "quote: Omdat het kan")
    doc = read_document(text, path="documents/t.md")
    assert codes(doc).count("annotation-quote-not-found") == 2


def test_document_level_quote_is_looked_for_in_the_opening_text():
    text = DOC.replace("kind: update\n", "kind: update\nquote: de minister\n")
    doc = read_document(text, path="documents/t.md")
    assert doc.annotations[0].quote_found
    assert '<mark class="annotation-mark" data-annotation="annotatie-1">de minister</mark>' in (
        doc.preamble[0].html
    )


def render(text: str = DOC) -> str:
    return render_document(read_document(text, path="documents/t.md"), CONFIG)


def test_page_shows_kind_permalink_marker_and_metadata():
    html = render()
    page = parse(html)
    for ident in ("annotatie-1", "vraag-1-annotatie-1", "antwoord-1-annotatie-1"):
        assert page.ids.count(ident) == 1
        assert f'href="#{ident}"' in html  # permalink
    assert dead_fragments(html) == []
    # The kind is a word on the page, not only a colour.
    assert '<span class="annotation-kind">Factcheck</span>' in html
    assert '<span class="annotation-kind">Correctie</span>' in html
    assert '<span class="annotation-kind">Update</span>' in html
    assert '<span class="annotation-kind">Noot van de redactie</span>' in html
    # The annotated block says so and leads to its first note.
    assert '<p class="annotation-marker"><a href="#vraag-1-annotatie-1">1 annotatie</a></p>' in html
    assert '<a href="#antwoord-1-annotatie-1">2 annotaties</a>' in html
    assert 'door Redactie, <time datetime="2025-10-01">1 oktober 2025</time>' in html


def test_notes_stand_beside_their_block_in_one_row():
    html = render()
    row = html.index(
        '<div class="qa-row annotated">\n<article class="qa question">\n'
        '  <h2 class="qa-heading" id="vraag-1">'
    )
    end = html.index('<div class="qa-row', row + 1)
    segment = html[row:end]
    assert segment.index("</article>") < segment.index('id="vraag-1-annotatie-1"')
    assert 'id="antwoord-1-annotatie-1"' not in segment
    css = (ROOT / "theme" / "static" / "antwoord.css").read_text(encoding="utf-8")
    assert ".qa-row.annotated > .annotations" in css and "grid-column: 2" in css
    assert "@media screen and (min-width:" in css  # beside only on wide screens, never in print


def test_unannotated_block_has_no_marker():
    html = render(DOC.split("## Antwoord op vraag 1")[0] + "## Antwoord op vraag 1\n\nJa.\n")
    start = html.index('id="antwoord-1"')
    assert "annotation-marker" not in html[start:]
    assert (
        '<div class="qa-row">\n<article class="qa answer">\n'
        '  <h2 class="qa-heading" id="antwoord-1">' in html
    )


def test_english_annotation_ids_and_labels():
    text = (
        "---\ntitle: T\nlanguage: en\n---\n\n## Question 1\n\nWhy?\n\n## Answer to question 1\n\n"
        "Because.\n\n::: annotation\nkind: context\nquote: Because\nNote.\n:::\n"
    )
    html = render(text)
    assert 'id="answer-1-annotation-1"' in html
    assert '<span class="annotation-kind">Context</span>' in html
    assert ">1 annotation</a>" in html
    assert (
        '<mark class="annotation-mark" data-annotation="answer-1-annotation-1">Because</mark>'
        in html
    )


def test_seed_document_carries_an_editors_note_from_the_document_itself():
    path = ROOT / "content" / "documents" / "000-98c710bba33336fa.md"
    doc = read_document(path.read_text(encoding="utf-8"), path="documents/" + path.name)
    [note] = doc.annotations
    assert (note.id, note.target, note.kind, note.author) == (
        "antwoord-2-3-annotatie-1",
        "antwoord-2-3",
        "context",
        "Redactie",
    )
    assert note.date is not None and note.quote_found
    assert '<a href="#antwoord-12" class="xref">antwoord op vraag 12</a>' in note.html
    assert "intrekken van de Spreidingswet" in note.text
    # Its claims are the document's own words: the answer to question 12 says them.
    answer_12 = next(a for a in doc.answers if a.id == "antwoord-12")
    assert "intrekken van de Spreidingswet" in answer_12.text
    assert "zo snel als mogelijk in procedure" in answer_12.text
    assert not [d for d in doc.diagnostics if d.code.startswith("annotation")]


# --- property: marking a phrase never changes the words or breaks the HTML ----------------------

WORDS = st.sampled_from(["de", "wet", "Kamer", "brief", "11", "juli", "zo", "niet", "&", "<b>"])


@st.composite
def paragraph_and_quote(draw):
    """Words, some in emphasis or a link, over one or two lines; a run of them as the quote."""
    words = draw(st.lists(WORDS, min_size=2, max_size=14))
    styled = []
    for index, word in enumerate(words):
        style = draw(st.sampled_from(["", "", "*", "**", "link"]))
        plain = word.replace("<", "\\<").replace("*", "\\*")
        if style == "link":
            styled.append(f"[{plain}](https://example.org/{index})")
        elif style:
            styled.append(f"{style}{plain}{style}")
        else:
            styled.append(plain)
        if draw(st.booleans()) and index < len(words) - 1 and index % 5 == 4:
            styled.append("\n")
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start + 1, len(words)))
    return " ".join(styled).replace(" \n ", "\n"), " ".join(words[start:end])


@given(paragraph_and_quote())
def test_marking_keeps_the_words_and_the_tags_balanced(case):
    paragraph, quote = case
    head = "---\ntitle: T\n---\n\n## Vraag 1\n\n"
    plain = read_document(head + paragraph + "\n", path="documents/p.md")
    marked = read_document(
        head + paragraph + f"\n\n::: annotation\nquote: {quote}\nNoot.\n:::\n",
        path="documents/p.md",
    )
    [note] = marked.annotations
    assert note.quote_found, (paragraph, quote)
    question = marked.questions[0]
    assert question.text == plain.questions[0].text  # not a word added or lost
    assert question.html.replace("</mark>", "").count("<mark") == question.html.count("</mark>")
    page = parse(question.html)
    assert page.tags.count("mark") == question.html.count("</mark>")
    # Inside every <mark> is only text: the tags around it are never cut in half.
    for piece in question.html.split('<mark class="annotation-mark"')[1:]:
        inner = piece[piece.index(">") + 1 : piece.index("</mark>")]
        assert "<" not in inner


def test_a_note_links_its_cross_references_without_counting_them_as_the_blocks():
    text = """---
title: T
---

## Vraag 1

Waarom?

## Antwoord op vraag 1

Daarom.

::: annotation
Lees ook het antwoord op vraag 2.
:::

## Vraag 2

Hoe?

## Antwoord op vraag 2

Zo.
"""
    doc = read_document(text, path="documents/t.md")
    first = doc.answers[0]
    assert first.refers_to == [] and first.references == []
    assert 'href="#antwoord-2"' in first.annotations[0].html


NESTED = """---
title: Genest
---

## Vraag 1

Waarom?

## Antwoord op vraag 1

- punt een

  ::: annotation
  kind: context
  Noot in de lijst.
  :::

- punt twee

> Een citaat.
>
> ::: annotation
> Noot in het citaat.
> :::

Slot van het antwoord.
"""


def test_an_annotation_inside_a_list_item_or_a_quote_is_an_annotation_of_its_block():
    # Before: the page showed both notes inside the answer, the model knew neither.
    doc = read_document(NESTED, path="documents/t.md")
    assert [(a.id, a.target, a.kind, a.text, a.line) for a in doc.annotations] == [
        ("antwoord-1-annotatie-1", "antwoord-1", "context", "Noot in de lijst.", 13),
        ("antwoord-1-annotatie-2", "antwoord-1", None, "Noot in het citaat.", 22),
    ]
    answer = doc.answers[0]
    assert "Noot in" not in answer.html and "Noot in" not in answer.text
    assert "<li>\n<p>punt een</p>\n</li>" in answer.html
    assert answer.text == "punt een punt twee Een citaat. Slot van het antwoord."
    html = render(NESTED)
    # Each note is shown once, as an annotation (with its permalink), never inside the list.
    assert html.count("Noot in de lijst.") == 1 and html.count("Noot in het citaat.") == 1
    page = parse(html)
    assert page.ids.count("antwoord-1-annotatie-1") == 1
    assert page.ids.count("antwoord-1-annotatie-2") == 1
    assert dead_fragments(html) == []
    list_html = html[html.index("<ul>") : html.index("</ul>")]
    assert "annotation" not in list_html


def test_a_colon_fence_inside_a_notes_code_block_does_not_end_the_note():
    text = DOC.replace(
        "Zonder soort.\n",
        "Zonder soort.\n\n```\n:::\n```\n\nDe staart van de noot.\n",
    )
    doc = read_document(text, path="documents/t.md")
    last = doc.annotations[-1]
    assert last.text == "Zonder soort. ::: De staart van de noot."
    assert "<pre><code>:::\n</code></pre>" in last.html
    assert "staart" not in doc.answers[0].html  # before: the tail was the answer's code block


def test_an_unclosed_fence_in_a_note_does_not_swallow_the_document():
    # A stray ``` (never closed) is not stepped over: the note closes at its ':::' as before.
    text = DOC.replace("Zonder soort.\n", "Zonder soort.\n```\n") + "\n## Vraag 2\n\nEn nu?\n"
    doc = read_document(text, path="documents/t.md")
    assert [b.id for b in doc.blocks] == ["vraag-1", "antwoord-1", "vraag-2"]
    assert doc.annotations[-1].text == "Zonder soort."


def test_an_annotation_that_cannot_be_placed_is_shown_as_text_and_reported():
    text = DOC.replace(
        "Zonder soort.\n", "Zonder soort.\n\n::: annotation\nBinnen een noot.\n:::\n"
    )
    text = text.replace("Omdat het kan.", "Omdat het kan.[^1]") + (
        "\n[^1]: Een voetnoot.\n\n    ::: annotation\n    In de voetnoot.\n    :::\n"
    )
    doc = read_document(text, path="documents/t.md")
    assert len(doc.annotations) == 4  # neither is an annotation of the model ...
    assert codes(doc).count("annotation-not-placed") == 2  # ... and each says so
    html = render(text)
    assert 'class="annotation-text"' in html and "Binnen een noot." in html


def test_an_annotation_that_holds_a_question_heading_is_reported():
    # A missing closing ':::' makes the rest of the document part of the note: said so.
    text = DOC.replace("Zonder soort.\n:::\n", "Zonder soort.\n") + "\n## Vraag 2\n\nEn nu?\n"
    doc = read_document(text, path="documents/t.md")
    [warning] = [d for d in doc.diagnostics if d.code == "annotation-holds-heading"]
    assert (
        "'Vraag 2'" in warning.message and warning.line == text.splitlines().index("## Vraag 2") + 1
    )
