"""The W3C Web Annotation export: structure that annotation tools rely on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from htmlcheck import parse
from test_annotations import DOC

from generator.build import build
from generator.config import SiteConfig
from generator.export import document_json
from generator.reader import read_document
from generator.web_annotation import annotation_collection, quote_selector

ROOT = Path(__file__).resolve().parent.parent
CONFIG = SiteConfig(title="Test", base_url="https://example.org/sub/")
PAGE = "https://example.org/sub/2025/t/"


def collection() -> dict:
    return annotation_collection(read_document(DOC, path="documents/t.md", slug="t"), CONFIG)


def test_collection_shape():
    data = collection()
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["id"] == "https://example.org/sub/api/annotations/t.jsonld"
    assert data["total"] == 4
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert page["partOf"] == data["id"] and data["last"] == page["id"]
    assert len(page["items"]) == 4
    json.dumps(data)  # plain JSON all the way down


def test_every_annotation_is_a_valid_web_annotation():
    doc = read_document(DOC, path="documents/t.md", slug="t")
    block_ids = {b.id for b in doc.blocks}
    for item, note in zip(collection()["first"]["items"], doc.annotations, strict=True):
        assert item["type"] == "Annotation"
        assert item["id"] == f"{PAGE}#{note.id}"
        assert item["motivation"] in {"commenting", "editing", "assessing"}
        body = item["body"]
        assert body == {
            "type": "TextualBody",
            "value": note.text,
            "format": "text/plain",
            "language": "nl",
        }
        target = item["target"]
        if note.target is None:
            assert target["id"] == PAGE and target["type"] == "Text"
        else:
            assert target["type"] == "SpecificResource" and target["source"] == PAGE
            selector = target["selector"]
            assert selector["type"] == "FragmentSelector"
            assert selector["conformsTo"] == "http://tools.ietf.org/rfc/rfc3987"
            assert selector["value"] in block_ids
            assert selector.get("refinedBy", {"type": "TextQuoteSelector"})["type"] == (
                "TextQuoteSelector"
            )


def test_block_target_quote_and_metadata():
    items = collection()["first"]["items"]
    whole, fact_check, correction, plain = items
    # The document as a whole: the page itself, an External Web Resource.
    assert whole["target"] == {"id": PAGE, "type": "Text", "format": "text/html", "language": "nl"}
    assert fact_check["motivation"] == "assessing"
    assert fact_check["creator"] == {"type": "Person", "name": "Redactie"}
    assert fact_check["created"] == "2025-10-01T00:00:00Z"  # an xsd:dateTime, as 3.3.1 says
    fragment = fact_check["target"]["selector"]
    assert fragment["value"] == "vraag-1"
    # The quote refines the fragment (it is looked for inside the block), never an alternative.
    assert fragment["refinedBy"] == {
        "type": "TextQuoteSelector",
        "exact": "de wet intrekken",
        "prefix": "Waarom nu ",
        "suffix": "? Zie de brief hier.",
    }
    # A quote that is not in the block gives no TextQuoteSelector (it would find nothing).
    assert correction["motivation"] == "editing"
    assert correction["target"]["selector"]["type"] == "FragmentSelector"
    assert "refinedBy" not in correction["target"]["selector"]
    assert plain["motivation"] == "commenting" and "creator" not in plain


def test_quote_selector_prefix_and_suffix_are_bounded():
    text = "a " * 40 + "de zin" + " b" * 40
    selector = quote_selector(text, "de  zin")
    assert selector["exact"] == "de zin"
    assert len(selector["prefix"]) == 32 and len(selector["suffix"]) == 32
    assert (selector["prefix"] + selector["exact"] + selector["suffix"]) in text
    assert quote_selector(text, "niet hier") is None


def test_document_json_carries_the_annotation_extras():
    doc = read_document(DOC, path="documents/t.md", slug="t")
    notes = document_json(doc)["annotations"]
    assert notes[1] == {
        "aliases": [],
        "orphaned": False,
        "former_target": None,
        "id": "vraag-1-annotatie-1",
        "target": "vraag-1",
        "text": "Dat staat in de brief.",
        "kind": "fact-check",
        "author": "Redactie",
        "date": "2025-10-01",
        "quote": "de wet intrekken",
    }
    assert notes[0]["target"] is None
    assert list(notes[0])[:3] == ["id", "target", "text"]  # DESIGN.md's keys first


def test_build_writes_the_export_and_the_page_links_it(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
    seed = "documents/000-98c710bba33336fa.md"
    shutil.copy(ROOT / "content" / seed, content / seed)
    result = build(content, tmp_path / "site")
    assert not result.errors
    slug = "000-98c710bba33336fa"
    data = json.loads((tmp_path / "site" / "api" / "annotations" / f"{slug}.jsonld").read_text())
    [item] = data["first"]["items"]
    assert item["target"]["source"] == f"https://example.org/2025/{slug}/"
    assert item["target"]["selector"]["value"] == "antwoord-2-3"
    assert item["target"]["selector"]["refinedBy"]["exact"] == "zolang de wet van kracht is"
    page = (tmp_path / "site" / "2025" / slug / "index.html").read_text()
    assert f'href="../../api/annotations/{slug}.jsonld"' in page
    assert "antwoord-2-3" in parse(page).ids
