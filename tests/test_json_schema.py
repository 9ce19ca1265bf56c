"""The JSON export against its published schema (api/schema.json), and no reference in it that
points at nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker
from test_nothing_lost import document as generated_document

from generator.build import build
from generator.config import SiteConfig
from generator.export import document_json, documents_index, schema_json
from generator.reader import read_document

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(schema_json())
DOCUMENT = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
INDEX = Draft202012Validator(
    {**SCHEMA, "$ref": "#/$defs/index", "type": "array"}, format_checker=FormatChecker()
)
BASE = "https://example.org/kamervragen/"


def dangling(data: dict) -> list[str]:
    """Ids and labels that one part of a document's JSON names and no part of it has."""
    answers = {a["id"] for a in data["answers"]} | {
        x for a in data["answers"] for x in a["aliases"]
    }
    blocks = answers | {q["id"] for q in data["questions"]}
    notes = {n["label"] for n in data["source_notes"]}
    found = []
    for q in data["questions"]:
        found += [f"{q['id']}: source note {n}" for n in q["source_notes"] if n not in notes]
        if q["answered_in"] is not None and q["answered_in"] not in answers:
            found.append(f"{q['id']}: answered_in {q['answered_in']}")
    for a in data["answers"]:
        found += [f"{a['id']}: refers_to {r}" for r in a["refers_to"] if r not in blocks]
    for note in data["annotations"]:
        if note["target"] is not None and not note["orphaned"] and note["target"] not in blocks:
            found.append(f"{note['id']}: target {note['target']}")
    return found


def assert_valid(validator: Draft202012Validator, data: object) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_the_schema_is_a_valid_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The shipped content/ (every real document and its sources), under a sub-path."""
    tmp = tmp_path_factory.mktemp("schema")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".cache"))
    site_yaml = content / "site.yaml"
    lines = [ln for ln in site_yaml.read_text().splitlines() if not ln.startswith("base_url")]
    site_yaml.write_text("\n".join([*lines, f"base_url: {BASE}"]) + "\n")
    result = build(content, tmp / "site")
    assert not result.errors, [d.format() for d in result.errors]
    return tmp / "site"


def test_every_document_of_the_site_fits_the_schema(built_site):
    files = sorted((built_site / "api" / "documents").glob("*.json"))
    assert len(files) >= 7
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert_valid(DOCUMENT, data)
        assert dangling(data) == [], path.name
        # Absolute beside relative: the permalink is base_url + url, inside the sub-path.
        assert data["permalink"] == BASE + data["url"].lstrip("/")


def test_the_index_fits_the_schema_and_is_published(built_site):
    index = json.loads((built_site / "api" / "documents.json").read_text(encoding="utf-8"))
    assert_valid(INDEX, index)
    assert all(e["permalink"].startswith(BASE) for e in index)
    assert json.loads((built_site / "api" / "schema.json").read_bytes()) == SCHEMA


def test_a_marker_without_a_note_is_not_a_reference():
    doc = read_document(
        "## Vraag 1\n\nKlopt het 1)? En 2)?\n\n## Antwoord op vraag 1\n\nJa.\n\n"
        "## Bronnen\n\n1) NOS.\n",
        path="documents/d.md",
        slug="d",
    )
    data = document_json(doc, base_url=BASE)
    assert data["questions"][0]["source_notes"] == ["1"]
    assert dangling(data) == []
    assert "source-note-missing" in [d["code"] for d in data["diagnostics"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_document())
def test_any_document_fits_the_schema(generated):
    text, _ = generated
    doc = read_document(text, path="documents/g.md", slug="g")
    data = json.loads(json.dumps(document_json(doc, base_url=BASE)))
    assert_valid(DOCUMENT, data)
    assert dangling(data) == []
    assert_valid(INDEX, json.loads(json.dumps(documents_index([doc], BASE))))


def test_the_schema_catches_a_broken_export():
    doc = read_document("## Vraag 1\n\nWaarom?\n", path="documents/d.md", slug="d")
    data = document_json(doc)
    del data["questions"][0]["answered_in"]
    data["received"] = "11 januari 2024"
    messages = [e.message for e in DOCUMENT.iter_errors(data)]
    assert any("answered_in" in m for m in messages)
    assert any("11 januari 2024" in m for m in messages)
    assert SiteConfig(title="t").base_url.endswith("/")
