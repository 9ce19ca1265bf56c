"""The metadata record officielebekendmakingen publishes beside each publication's XML.

The record is a flat list of Dublin Core / OVERHEIDop fields:

    <metadata_gegevens>
      <metadata name="DC.identifier" scheme="OVERHEIDop.ParlID" content="ah-tk-20232024-1481"/>
      <metadata name="OVERHEIDop.datumIndiening" scheme="" content="2024-03-06"/>
      ...
    </metadata_gegevens>

The publication's own XML may carry the same pairs as `<metadata><meta name=".." content=".."/>`.
Downloaded, the record is `metadata.xml` (its URL ends in `<id>/metadata.xml`) or, when
several publications share a folder, `<id>-metadata.xml` / `<id>.metadata.xml` /
`<id>_metadata.xml` beside `<id>.xml`. See docs/content-format.md ("Official XML").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.importers.xml_safe import local_name

METADATA_ROOT = "metadata_gegevens"
# "ah-tk-20232024-1314"; "ah-1271549" (the form of newer publications); "kv-tk-2024Z01234".
_ID_RE = re.compile(r"^(?:ah-(?:tk|ek)-\d{8}-\d+|ah-\d{5,}|kv-tk-[\w-]+)$", re.I)


@dataclass
class Record:
    """The fields of one metadata record: name → every content given for it, in order."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    file: str | None = None  # the companion file it came from, None for the embedded record

    def first(self, name: str) -> str | None:
        values = self.fields.get(name) or []
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return list(self.fields.get(name) or [])

    def date(self, name: str) -> date | None:
        value = self.first(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None

    @property
    def publication(self) -> str | None:
        """DC.identifier when it is an Aanhangsel / kv-tk id, else built from the numbers."""
        for value in self.all("DC.identifier"):
            if _ID_RE.match(value.strip()):
                return value.strip()
        number = self.first("OVERHEIDop.aanhangselNummer")
        year = (self.first("OVERHEIDop.vergaderjaar") or "").replace("-", "")
        chamber = "ek" if "eerste" in (self.first("DC.creator") or "").lower() else "tk"
        if number and re.fullmatch(r"\d{8}", year):
            # "242501244" in TK open data, "1244" in the record: the last digits are the number
            digits = re.sub(r"^\d{4}0*", "", number) if len(number) > 6 else number.lstrip("0")
            return f"ah-{chamber}-{year}-{digits}"
        return None

    def merge(self, other: Record) -> Record:
        """This record with the fields it lacks taken from `other`."""
        merged = {k: list(v) for k, v in self.fields.items()}
        for key, values in other.fields.items():
            merged.setdefault(key, list(values))
        return Record(merged, self.file or other.file)


def record_of(root) -> Record:  # noqa: ANN001 (an lxml element)
    """Every name/content pair under `root` (a metadata_gegevens or an embedded metadata)."""
    out: dict[str, list[str]] = {}
    for element in root.iter():
        if local_name(element) not in ("metadata", "meta"):
            continue
        name = element.get("name")
        content = element.get("content")
        if name and content is not None and content.strip():
            out.setdefault(name.strip(), []).append(" ".join(content.split()))
    return Record(out)


def companion_names(path: Path) -> list[Path]:
    """The file names that hold the metadata of the publication XML at `path`, best first."""
    stem = path.stem
    folder = path.parent
    return [
        folder / f"{stem}-metadata.xml",
        folder / f"{stem}.metadata.xml",
        folder / f"{stem}_metadata.xml",
        folder / "metadata.xml",
    ]
