"""The Web Annotation export against the W3C test suite's own JSON Schemas.

The schemas are those of the W3C Web Annotation test suite (w3c/web-annotation-tests), copied
into tests/fixtures/web-annotation-tests/ (README there: which file, from which commit). Each
"assertion" file is a draft-04 schema that a single Annotation, Annotation Collection or
Annotation Page must be valid against; the `definitions/` files are what they refer to by name
("annotations.json#/definitions/…"). Formats are checked for real ("uri", "date-time"), which
is what made a bare `created` date fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from test_annotations import DOC

from generator.config import SiteConfig
from generator.reader import read_document
from generator.web_annotation import annotation_collection

SUITE = Path(__file__).parent / "fixtures" / "web-annotation-tests"
CONFIG = SiteConfig(title="Test", base_url="https://example.org/sub/")

# The MUST assertions of annotationMusts.test, bodyMusts.test (the body object check) and
# specificResourceMusts.test (those for the selectors we write) that the suite holds.
ANNOTATION_MUSTS = [
    "annotations/3.1-annotationContextValidated.json",
    "annotations/3.1-annotationIdValidated.json",
    "annotations/3.1-annotationTypeValidated.json",
    "annotations/3.1-targetKeyFound.json",
    "annotations/3.2-targetObjectsRecognized.json",
    "annotations/3.2-bodyObjectsRecognized.json",
    "annotations/3.2.5-notBodyBodyValue.json",
    "annotations/3.3.1-annotationCreatedValidated.json",
    "annotations/3.3.1-annotationModifiedValidated.json",
    "annotations/3.3.1-annotationGeneratedValidated.json",
    "annotations/3.3.6-annotationRightsValidated.json",
    "annotations/3.3.7-annotationCanonicalValidated.json",
    "annotations/3.3.7-annotationViaValidated.json",
    "specificResource/4.2-selectorValidIfPresent.json",
    "specificResource/4.2-fragmentCssXPathSelectorValid.json",
    "specificResource/4.2.4-textQuoteSelectorValid.json",
    "specificResource/4.3.3-refinedByValidated.json",
]
COLLECTION_MUSTS = [
    "collections/5.1-collectionIdValidated.json",
    "collections/5.1-collectionTypeValidated.json",
    # collectionMusts.test's first/last/total assertions are not in the stored suite; these are
    # the suite's own definitions those assertions are made of.
    "collections.json#/definitions/firstRequiredIfTotalMoreThanZero",
    "collections.json#/definitions/lastValidIfPresent",
    "collections.json#/definitions/totalDefinition",
    "collections.json#/definitions/labelDefinition",
]
# The optional keys of pageOptionals.test that we implement (a SHOULD/MAY passes only if used).
PAGE_OPTIONALS = [
    "collections/pages/5.2-pagePartOfImplemented.json",
    "collections/pages/5.2-pageStartIndexImplemented.json",
]


def _registry() -> Registry:
    resources = []
    for path in sorted(SUITE.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        name = path.name if path.parent.name == "definitions" else str(path.relative_to(SUITE))
        resources.append((name, Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def _validator(name: str) -> Draft4Validator:
    schema = {"$ref": name} if "#" in name else json.loads((SUITE / name).read_text())
    # Resolve every reference by file name, as the suite's own harness does.
    schema = {**schema, "id": Path(name.split("#")[0]).name} if "#" not in name else schema
    return Draft4Validator(schema, registry=REGISTRY, format_checker=FormatChecker())


VALIDATORS = {name: _validator(name) for name in ANNOTATION_MUSTS + COLLECTION_MUSTS}
PAGE_VALIDATORS = {name: _validator(name) for name in PAGE_OPTIONALS}


def problems(validators: dict[str, Draft4Validator], data: dict) -> list[str]:
    found = []
    for name, validator in validators.items():
        errors = list(validator.iter_errors(data))
        if errors:
            found.append(f"{name}: {errors[0].message}")
    return found


def test_the_format_checker_checks_formats():
    """Without rfc3339-validator and rfc3986-validator, "date-time" and "uri" check nothing."""
    checker = FormatChecker()
    assert not checker.conforms("2025-10-01", "date-time")
    assert checker.conforms("2025-10-01T00:00:00Z", "date-time")
    assert not checker.conforms("not a uri", "uri")


def test_a_bare_date_fails_the_suite():
    """The suite catches what the export got wrong before: `created` as a date."""
    bad = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://e.org/a#1",
        "type": "Annotation",
        "target": "https://e.org/a",
        "created": "2025-10-01",
    }
    musts = {n: VALIDATORS[n] for n in ANNOTATION_MUSTS}
    assert problems(musts, bad) == [
        "annotations/3.3.1-annotationCreatedValidated.json: '2025-10-01' is not valid under any "
        "of the given schemas"
    ]


def test_every_annotation_passes_the_musts():
    data = annotation_collection(read_document(DOC, path="documents/t.md", slug="t"), CONFIG)
    items = data["first"]["items"]
    assert len(items) == 4
    for item in items:
        assert problems({n: VALIDATORS[n] for n in ANNOTATION_MUSTS}, item) == [], item


def test_the_collection_and_its_page_pass():
    data = annotation_collection(read_document(DOC, path="documents/t.md", slug="t"), CONFIG)
    assert problems({n: VALIDATORS[n] for n in COLLECTION_MUSTS}, data) == []
    assert problems(PAGE_VALIDATORS, data) == []  # partOf and startIndex, on the first page


def test_an_empty_collection_has_no_empty_page():
    """An AnnotationPage MUST have at least one item: a document without notes has none."""
    doc = read_document("---\ntitle: Leeg\n---\n\n## Vraag 1\n\nWaarom?\n", path="d.md", slug="d")
    data = annotation_collection(doc, CONFIG)
    assert data["total"] == 0 and "first" not in data and "last" not in data
    assert problems({n: VALIDATORS[n] for n in COLLECTION_MUSTS}, data) == []


note_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1
).filter(lambda s: s.strip() and ":::" not in s and not s.lstrip().startswith(("#", ">")))


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["", "kind: context\n", "kind: fact-check\n", "kind: correction\n"]),
    author=st.sampled_from(["", "author: Redactie\n", "author: J. de Vries\n"]),
    date=st.sampled_from(["", "date: 2025-10-01\n", "date: 1999-12-31\n"]),
    quote=st.sampled_from(["", "quote: Waarom\n", "quote: niet in de tekst\n"]),
    text=note_text,
    on_block=st.booleans(),
)
def test_any_annotation_passes_the_musts(kind, author, date, quote, text, on_block):
    note = f"::: annotation\n{kind}{author}{date}{quote}{' '.join(text.split())}\n:::\n"
    head = "---\ntitle: T\n---\n\n"
    body = "## Vraag 1\n\nWaarom nu?\n\n" + note if on_block else note + "\n## Vraag 1\n\nWaarom?\n"
    doc = read_document(head + body, path="d.md", slug="d")
    data = annotation_collection(doc, CONFIG)
    assert problems({n: VALIDATORS[n] for n in COLLECTION_MUSTS}, data) == []
    for item in data.get("first", {}).get("items", []):
        assert problems({n: VALIDATORS[n] for n in ANNOTATION_MUSTS}, item) == [], item


@pytest.mark.parametrize("name", ANNOTATION_MUSTS + COLLECTION_MUSTS + PAGE_OPTIONALS)
def test_every_schema_is_a_valid_draft4_schema(name):
    if "#" not in name:
        Draft4Validator.check_schema(json.loads((SUITE / name).read_text()))
