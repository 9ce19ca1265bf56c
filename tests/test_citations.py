"""Citations of official publications and links to other documents' Markdown files."""

from __future__ import annotations

import pytest

from generator.citations import find_citations, official_url, resolve_links
from generator.reader import read_document

CASES = [
    ("Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488", "ah-tk-20242025-2488"),
    ("Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1137", "ah-tk-20232024-1137"),
    ("Aanhangsel Handelingen II 2023/24, nr. 1999", "ah-tk-20232024-1999"),
    ("Aanhangsel Handelingen I 2023/24, nr. 12", "ah-ek-20232024-12"),
    ("zie ah-tk-20232024-1314.", "ah-tk-20232024-1314"),
    ("Kamerstuk 32802, nr. 137", "kst-32802-137"),
    ("Kamerstukken II 2021/22, 29 628, nr. 1099", "kst-29628-1099"),
    ("Kamerstuk 36 200 IV, nr. 5", "kst-36200-IV-5"),
    ("Kamerstuk 21 501-02, nr. 2498", "kst-21501-02-2498"),
    ("(Kamerstuk 35925-VI-56)", "kst-35925-VI-56"),
    ("Kamerstukken, 2022-2023, 29628, nr. 1135", "kst-29628-1135"),
    ("Kamerstukken ll 2023/24, 36 410 XVI, nr. 3", "kst-36410-XVI-3"),
    ("Kamerstukken II, 2023/2024, 31 839, nr 874", "kst-31839-874"),
]


@pytest.mark.parametrize(("text", "publication"), CASES)
def test_citation_forms(text, publication):
    assert [c.publication for c in find_citations(text)] == [publication]


@pytest.mark.parametrize(
    "text",
    [
        "https://zoek.officielebekendmakingen.nl/kst-32802-137.html",  # already a URL
        "Kamerstuk in voorbereiding",
        "nr. 137 van 2024",
        "vraag 1314 over ah-tk",
    ],
)
def test_not_citations(text):
    assert find_citations(text) == []


def test_two_citations_in_one_sentence_keep_their_words():
    text = "Zie Kamerstuk 32802, nr. 137 en ah-tk-20232024-1314."
    found = find_citations(text)
    assert [text[c.start : c.end] for c in found] == [
        "Kamerstuk 32802, nr. 137",
        "ah-tk-20232024-1314",
    ]


DOC = """---
title: T
---

## Vraag 1

Zie Kamerstuk 32802, nr. 137 en [dat antwoord](ander.md#antwoord-2).[^1]

## Antwoord op vraag 1

Nee, zie [de pagina](https://example.org/x.md) en [^1].

[^1]: Kamerstukken II 2021/22, 29 628, nr. 1099
"""


def test_reader_links_citations_to_the_official_publication_and_places_them():
    doc = read_document(DOC, path="documents/t.md")
    assert [(r.key, r.block) for r in doc.references] == [
        ("pub:kst-32802-137", "vraag-1"),
        ("doc:ander#antwoord-2", "vraag-1"),
        ("pub:kst-29628-1099", "noot-1"),
    ]
    question = doc.blocks[0].html
    assert f'<a href="{official_url("kst-32802-137")}" data-ref="pub:kst-32802-137"' in question
    assert '<a href="ander.md#antwoord-2" data-ref="doc:ander#antwoord-2">' in question
    # An absolute URL ending in .md is an ordinary link.
    assert 'href="https://example.org/x.md"' in doc.blocks[1].html
    assert "data-ref" not in doc.blocks[1].html.replace("#noot-1", "")


def test_resolve_links_points_into_the_site_or_unlinks():
    html = (
        '<p><a href="https://zoek.officielebekendmakingen.nl/kst-1-2.html" data-ref="pub:kst-1-2" '
        'class="citation">K</a> <a href="x.md#vraag-9" data-ref="doc:x#vraag-9">x</a> '
        '<a href="https://zoek.officielebekendmakingen.nl/kst-3-4.html" data-ref="pub:kst-3-4" '
        'class="citation">L</a></p>'
    )
    out = resolve_links(html, {"pub:kst-1-2": "../../2024/k/", "doc:x#vraag-9": None})
    assert '<a href="../../2024/k/" data-ref="pub:kst-1-2" class="citation internal">K</a>' in out
    assert '<span class="unresolved-link">x</span>' in out
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-3-4.html"' in out
