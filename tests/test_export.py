"""JSON export: exactly the keys of DESIGN.md, in order, deterministic."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_render import hand_built

from generator.export import document_json, documents_index, documents_index_json, dumps

DESIGN_KEYS = [
    "slug",
    "url",
    "source",
    "title",
    "kind",
    "language",
    "publication",
    "answered_by",
    "received",
    "questioners",
    "see_also",
    "tags",
    "questions",
    "answers",
    "footnotes",
    "source_notes",
    "annotations",
    "diagnostics",
]


def test_top_level_keys_start_with_the_design_keys_in_order():
    data = document_json(hand_built())
    assert list(data)[: len(DESIGN_KEYS)] == DESIGN_KEYS


def test_nested_shapes():
    data = document_json(hand_built())
    assert data["url"] == "/2025/spreidingswet/"
    assert data["received"] == "2025-09-22"
    assert data["see_also"] == [
        {"text": "Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488", "url": None}
    ]
    q = data["questions"][0]
    assert list(q)[:5] == ["label", "id", "text", "answered_in", "source_notes"]
    assert q == {**q, "label": "1", "id": "vraag-1", "answered_in": "antwoord-1"}
    a = data["answers"][1]
    assert list(a)[:4] == ["id", "covers", "text", "refers_to"]
    assert a["covers"] == ["2", "3"] and a["aliases"] == ["antwoord-2", "antwoord-3"]
    assert list(data["footnotes"][0])[:4] == ["number", "id", "text", "urls"]
    assert data["footnotes"][0]["number"] == 1
    assert list(data["source_notes"][0]) == ["label", "id", "text"]
    assert list(data["annotations"][0])[:3] == ["id", "target", "text"]
    assert data["annotations"][0]["target"] == "antwoord-2-3"


def test_questions_and_answers_in_document_order():
    data = document_json(hand_built())
    assert [q["id"] for q in data["questions"]] == ["vraag-1", "vraag-2", "vraag-3"]
    assert [a["id"] for a in data["answers"]] == ["antwoord-1", "antwoord-2-3"]


def test_text_is_plain_and_dump_is_deterministic_utf8():
    doc = hand_built()
    text = dumps(document_json(doc))
    assert text == dumps(document_json(hand_built()))
    assert "\\u" not in text
    parsed = json.loads(text)
    assert "<" not in parsed["answers"][0]["text"]
    doc.meta.title = "Vragen over de ‘regietafels’"
    assert "‘regietafels’" in dumps(document_json(doc))


def test_documents_index_newest_first():
    old, new = hand_built(), hand_built()
    new.slug, new.meta.received = "nieuw", date(2025, 10, 1)
    undated = hand_built()
    undated.slug, undated.meta.received = "aaa", None
    listing = documents_index([old, undated, new])
    assert [d["slug"] for d in listing] == ["nieuw", "spreidingswet", "aaa"]
    assert listing[0] == {
        "slug": "nieuw",
        "url": "/2025/nieuw/",
        "title": new.meta.title,
        "kind": "answer",
        "language": "nl",
        "answered_by": "Minister Keijzer",
        "received": "2025-10-01",
        "question_count": 3,
        "json_url": "/api/documents/nieuw.json",
    }


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_documents_json_made_in_chunks_is_the_same_bytes(chunk):
    docs = []
    for n, received in enumerate([date(2025, 10, 1), None, date(2024, 1, 2)]):
        doc = hand_built()
        doc.slug, doc.meta.received = f"doc-{n}", received
        docs.append(doc)
    whole = dumps(documents_index(docs)).encode("utf-8")
    assert documents_index_json(docs, chunk=chunk) == whole
    assert json.loads(whole)[0]["slug"] == "doc-0"
    assert documents_index_json([], chunk=chunk) == dumps([]).encode("utf-8")
