"""Dutch ministries as one thing each: "BZ", "Buitenlandse Zaken" and "Minister van
Buitenlandse Zaken" are the same ministry, "Financiën – Fiscaliteit en Belastingdienst" is
the ministry Financiën with a portfolio.

The table is data (generator/data/ministries.yaml, documented in docs/ministries.md); this
module only reads it and matches a name as written against it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Ministry:
    name: str  # the ministry ("Financiën"), or the name as written when the table lacks it
    portfolio: str | None = None  # "Fiscaliteit en Belastingdienst"
    known: bool = True  # False: the table has no such ministry (the caller reports it)


def _key(text: str) -> str:
    """Case, accents, spaces, punctuation and "&"/"en" do not tell ministries apart."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", "en"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(spelling key → ministry, portfolio key → (ministry, portfolio as the table writes it))."""
    text = resources.files("generator").joinpath("data/ministries.yaml").read_text("utf-8")
    names: dict[str, str] = {}
    portfolios: dict[str, tuple[str, str]] = {}
    for entry in yaml.safe_load(text) or []:
        name = entry["name"]
        for spelling in [
            name,
            *entry.get("abbreviations", []),
            *entry.get("former", []),
            *entry.get("spellings", []),
        ]:
            names.setdefault(_key(str(spelling)), name)
        for item in entry.get("portfolios", []) or []:
            title, _, short = str(item).partition("|")
            for spelling in (title, short):
                if spelling.strip():
                    portfolios.setdefault(_key(spelling), (name, title.strip()))
    return names, portfolios


_OFFICE = re.compile(
    r"^(?:(?:de|het|the)\s+)?(?:ministerie|ministry|minister[- ]president|minister|"
    r"staatssecretaris|state\s+secretary|secretary\s+of\s+state)\b\s*(?:(?:van|voor|of|for)\s+)?",
    re.I,
)
# Where a portfolio follows the ministry: "Financiën – Fiscaliteit …", "VWS (Medische Zorg)".
_PORTFOLIO_SPLIT = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*|\s*\(|\s*:\s+|,\s+")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


def normalise(written: str) -> Ministry:
    """The ministry a name as written stands for (see the module docstring)."""
    text = _clean(_OFFICE.sub("", _clean(written)))
    names, portfolios = _table()
    key = _key(text)
    if key in names:
        return Ministry(names[key])
    if key in portfolios:
        name, portfolio = portfolios[key]
        return Ministry(name, portfolio)
    for m in _PORTFOLIO_SPLIT.finditer(text):
        head, tail = text[: m.start()], _clean(text[m.end() :].rstrip(")"))
        ministry = names.get(_key(head))
        if ministry and tail:
            known = portfolios.get(_key(tail))
            return Ministry(ministry, known[1] if known and known[0] == ministry else tail)
    return Ministry(text or _clean(written), None, False)
