"""A deterministic benchmark corpus: N Q&A documents in our content format.

Each document is about 16 KB: front matter, an opening line, 12 questions with grouped answers
("Antwoord op vragen 2 en 3"), footnotes, question source notes with a `## Bronnen` list,
editors' annotations, in-document cross-references ("zie het antwoord op vraag 2") and
references to other documents (Aanhangsel/Kamerstuk ids in `see_also` and the text, and
`other-slug.md#vraag-3` links). Tags, ministers and questioners come from small pools, so the
listings a site makes of them are as full as a real archive's.

The same (n, seed) always gives the same bytes: `python bench/corpus.py N DIR`.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

_VOCABULARY = """
de het een en van in op te dat voor met is niet zijn aan door om bij ook als wordt
gemeenten kabinet minister wet regering Kamer beleid opvang asielzoekers toezicht
provincies uitvoering maatregelen onderzoek rapport inzet middelen afspraken gesprek
regeling situatie belang verantwoordelijkheid zorg onderwijs woningmarkt statushouders
inspectie toezichthouder ministerie uitvoeringsorganisaties budget jaar maanden stappen
informatie besluit procedure bezwaar gevolgen risico's signalen kosten daarnaast echter
momenteel zoals inmiddels nader voldoende structurele landelijke regionale tijdelijke
"""
WORDS = tuple(_VOCABULARY.split())
TAGS = [
    "asielopvang", "Spreidingswet", "woningmarkt", "zorg", "onderwijs", "klimaat", "stikstof",
    "energie", "defensie", "politie", "justitie", "belastingen", "toeslagen", "landbouw",
    "verkeer", "pensioenen", "arbeidsmarkt", "jeugdzorg", "Groningen", "privacy", "cultuur",
    "ontwikkelingshulp", "Europa", "digitalisering", "water", "natuur", "mobiliteit",
    "volksgezondheid", "migratie", "veiligheid",
]  # fmt: skip
MINISTERS = [
    ("Minister Keijzer", "Asiel en Migratie"),
    ("Minister Van Hijum", "Sociale Zaken en Werkgelegenheid"),
    ("Staatssecretaris Tielen", "Jeugd, Preventie en Sport"),
    ("Minister Bruins", "Onderwijs, Cultuur en Wetenschap"),
    ("Minister Van Weel", "Justitie en Veiligheid"),
    ("Minister Madlener", "Infrastructuur en Waterstaat"),
    ("Minister Hermans", "Klimaat en Groene Groei"),
    ("Minister Wiersma", "Landbouw, Visserij, Voedselzekerheid en Natuur"),
    ("Minister Brekelmans", "Defensie"),
    ("Staatssecretaris Van Oostenbruggen", "Financiën"),
    ("Minister Agema", "Volksgezondheid, Welzijn en Sport"),
    ("Minister Uitermark", "Binnenlandse Zaken en Koninkrijksrelaties"),
]
QUESTIONERS = [
    "Bikker (ChristenUnie)", "Lahlah (GroenLinks-PvdA)", "Chakor (GroenLinks-PvdA)",
    "Temmink (SP)", "Van Nispen (SP)", "Wassenberg (PvdD)", "Omtzigt (NSC)", "Dassen (Volt)",
    "Eerdmans (JA21)", "Bontenbal (CDA)", "Paternotte (D66)", "Stoffer (SGP)", "Kops (PVV)",
    "Van der Plas (BBB)", "Klaver (GroenLinks-PvdA)", "Sneller (D66)", "Michon (VVD)",
    "Dijk (SP)", "Ouwehand (PvdD)", "Van Baarle (DENK)",
]  # fmt: skip
_MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
MONTHS = tuple(_MONTH_NAMES.split())
OUTLETS = ["NOS", "NRC", "de Volkskrant", "Trouw", "RTL Nieuws", "Het Parool", "AD", "FD"]
QUESTIONS = 12
FIRST_YEAR = 1995
SPAN_DAYS = 31 * 365


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 22)) + "." for _ in range(sentences))


def slug_for(i: int) -> str:
    """The slug of document i: an official-looking publication id, unique per i."""
    year = FIRST_YEAR + i % 31
    return f"ah-tk-{year}{year + 1}-{i + 1:06d}"


def received_for(i: int, rng: random.Random) -> date:
    year = FIRST_YEAR + i % 31
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _groups(rng: random.Random) -> list[list[int]]:
    """Question labels 1..12 cut into answer groups: mostly single, some 2 or 3 together."""
    groups: list[list[int]] = []
    label = 1
    while label <= QUESTIONS:
        size = rng.choices([1, 2, 3], weights=[7, 2, 1])[0]
        size = min(size, QUESTIONS - label + 1)
        groups.append(list(range(label, label + size)))
        label += size
    return groups


def _join(labels: list[int]) -> str:
    items = [str(x) for x in labels]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _answer_heading(labels: list[int]) -> str:
    if len(labels) == 1:
        return f"Antwoord op vraag {labels[0]}"
    word = "Antwoorden" if len(labels) > 2 else "Antwoord"
    return f"{word} op vragen {_join(labels)}"


def document(i: int, n: int, seed: int = 0) -> tuple[str, str]:
    """(slug, Markdown text) of document i of a corpus of n."""
    rng = random.Random(seed * 1_000_003 + i)
    slug = slug_for(i)
    minister, ministry = MINISTERS[rng.randrange(len(MINISTERS))]
    received = received_for(i, rng)
    questioners = rng.sample(QUESTIONERS, rng.randint(1, 3))
    tags = sorted(rng.sample(TAGS, rng.randint(1, 4)))
    year = received.year
    others = [rng.randrange(n) for _ in range(3)] if n > 1 else []
    others = [o for o in others if o != i]
    see_also = [
        f"Aanhangsel Handelingen, vergaderjaar {year - 1}-{year}, nr. {rng.randint(100, 3999)}"
    ]
    lines = [
        "---",
        f"title: Antwoord op vragen over {_sentence(rng, 4).lower()}",
        "kind: answer",
        "language: nl",
        f"publication: {slug}",
        f"answered_by: {minister}",
        f"ministry: {ministry}",
        f"received: {received.isoformat()}",
        f"questioners: [{', '.join(repr(q) for q in questioners)}]",
        f"see_also: [{', '.join(repr(s) for s in see_also)}]",
        "source: null",
        f"tags: [{', '.join(tags)}]",
        "---",
        "",
        f"Antwoord van {minister.lower().split()[0]} {minister.split(' ', 1)[1]} ({ministry}) "
        f"(ontvangen {received.day} {MONTHS[received.month - 1]} {received.year})",
        "",
        "::: annotation",
        "kind: context",
        "author: Redactie",
        f"Deze antwoorden volgen op eerdere vragen ({see_also[0]}).",
        ":::",
        "",
    ]
    footnote = 0
    footnotes: list[str] = []
    source_notes: list[str] = []
    for group in _groups(rng):
        for label in group:
            lines += [f"## Vraag {label}", ""]
            text = _paragraph(rng, rng.randint(2, 3))[:-1] + "?"
            if rng.random() < 0.3:
                source_notes.append(
                    f"{rng.choice(OUTLETS)}, {rng.randint(1, 28)} maart {year} "
                    f"(https://nieuws.example.org/{slug}/{len(source_notes) + 1})."
                )
                text += f" {len(source_notes)})"
            lines += [text, ""]
        lines += [f"## {_answer_heading(group)}", ""]
        for _ in range(rng.randint(2, 3)):
            paragraph = _paragraph(rng, rng.randint(3, 4))
            if rng.random() < 0.35:
                footnote += 1
                paragraph += f"[^{footnote}]"
                footnotes.append(
                    f"[^{footnote}]: Kamerstuk {rng.randint(21000, 36999)}, nr. "
                    f"{rng.randint(1, 300)}; <https://www.rijksoverheid.example/{slug}/{footnote}>"
                )
            lines += [paragraph, ""]
        if group[0] > 2 and rng.random() < 0.3:
            lines += [f"Zie ook het antwoord op vraag {rng.randint(1, group[0] - 1)}.", ""]
        if others and rng.random() < 0.25:
            other = rng.choice(others)
            q = rng.randint(1, QUESTIONS)
            lines += [
                f"Zie ook [het antwoord op vraag {q} in {slug_for(other)}]"
                f"({slug_for(other)}.md#vraag-{q}) en Kamerstuk {rng.randint(21000, 36999)}, "
                f"nr. {rng.randint(1, 300)}.",
                "",
            ]
        if rng.random() < 0.2:
            lines += [
                "::: annotation",
                f"kind: {rng.choice(['context', 'update', 'fact-check', 'correction'])}",
                "author: Redactie",
                _paragraph(rng, 2),
                ":::",
                "",
            ]
    if source_notes:
        lines += ["## Bronnen", ""]
        lines += [f"{k}) {text}" for k, text in enumerate(source_notes, start=1)]
        lines.append("")
    lines += footnotes
    return slug, "\n".join(lines) + "\n"


def tika_source(i: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of a new raw source as Tika extracts it from a Word answer letter."""
    rng = random.Random(seed * 7_000_003 + i)
    minister, ministry = MINISTERS[rng.randrange(len(MINISTERS))]
    lines = [
        f"Antwoord van {minister.lower().split()[0]} {minister.split(' ', 1)[1]} "
        f"({ministry}) (ontvangen {rng.randint(1, 28)} oktober 2025)",
        "",
        f"Zie ook Aanhangsel Handelingen, vergaderjaar 2025-2026, nr. {rng.randint(100, 999)}",
        "",
    ]
    for label in range(1, QUESTIONS + 1):
        lines += [f"Vraag {label}", _paragraph(rng, 2) + "?", ""]
        lines += [f"Antwoord op vraag {label}", _paragraph(rng, 4), ""]
    return f"bench-new-{i:04d}.txt", "\n".join(lines) + "\n"


SITE_YAML = (
    "title: Benchmark\n"
    "description: Synthetic Kamervragen for the benchmark.\n"
    "base_url: https://example.org/kamervragen/\n"
    "language: nl\n"
)


def write_corpus(folder: Path, n: int, seed: int = 0) -> Path:
    """Write content/ (site.yaml, documents/, empty sources/) for n documents into `folder`."""
    documents = folder / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for i in range(n):
        slug, text = document(i, n, seed)
        (documents / f"{slug}.md").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_corpus(args.folder, args.n, args.seed)


if __name__ == "__main__":
    main()
