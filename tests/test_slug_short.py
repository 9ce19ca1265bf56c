"""generator.slug: a short, shareable slug for a document without a publication id."""

from __future__ import annotations

from datetime import date

from generator.frontmatter import parse
from generator.slug import document_slug, is_valid_slug, short_slug


def test_the_publication_id_comes_first():
    assert document_slug("x", "ah-tk-20232024-1314", date(2024, 3, 25), "s") == (
        "ah-tk-20232024-1314"
    )


def test_date_and_a_few_words_of_the_subject():
    subject = (
        "het feit dat het niet noodgevallen nummer van de Brandweer in handen is van een "
        "commerciële partij"
    )
    assert short_slug(date(2024, 1, 11), subject) == "2024-01-11-niet-noodgevallen-nummer-brandweer"
    assert document_slug("Beantwoording Kamervragen …", None, date(2024, 1, 11), subject) == (
        "2024-01-11-niet-noodgevallen-nummer-brandweer"
    )
    assert is_valid_slug(short_slug(date(2024, 1, 11), "«Çà va?» über Ärger"))


def test_without_a_date_or_subject_the_file_name_as_before():
    assert document_slug("Mijn brief", None, None, "x") == "mijn-brief"
    assert document_slug("Mijn brief", None, date(2024, 1, 1), None) == "mijn-brief"
    assert document_slug("Mijn brief", None, date(2024, 1, 1), "«»") == "mijn-brief"


def test_aliases_in_the_front_matter():
    meta, *_, diags = parse("---\ntitle: t\naliases: [oude-naam, 'Niet Goed']\n---\n", "d.md")
    assert meta.aliases == ["oude-naam"]
    assert [d.code for d in diags] == ["front-matter-aliases"]
