"""Header parsers, on the real lines of the corpus (PDF paragraphs joined into one line, the
Tika text of the Word letters) and the forms the brief names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.importers.header import (
    Header,
    clean_name,
    parse_annex_title,
    parse_answer_line,
    parse_cover_letter,
    parse_publication,
    parse_questioners,
    parse_questions_line,
    parse_see_also,
    signature_minister,
)

TIKA = Path(__file__).parent / "fixtures" / "tika"

# (line, expected subset) — the "Antwoord van ..." paragraphs of the six corpus PDFs
ANSWER_LINES = [
    (
        "Antwoord van minister Keijzer (Asiel en Migratie) (ontvangen 22 september 2025)",
        {
            "kind": "answer",
            "answered_by": "Minister Keijzer",
            "ministry": "Asiel en Migratie",
            "received": date(2025, 9, 22),
        },
    ),
    (
        "Antwoord van Minister Dijkgraaf (Onderwijs, Cultuur en Wetenschap) "
        "(ontvangen 25 maart 2024).",
        {
            "answered_by": "Minister Dijkgraaf",
            "ministry": "Onderwijs, Cultuur en Wetenschap",
            "received": date(2024, 3, 25),
        },
    ),
    (
        "Antwoord van Minister Bruins Slot (BZ) van Minister Schreinemacher "
        "(Buitenlandse Handel en Ontwikkelingssamenwerking) (ontvangen 28 juni 2024).",
        {
            "answered_by": "Minister Bruins Slot",
            "ministry": "BZ",
            "on_behalf_of": [
                "Minister Schreinemacher (Buitenlandse Handel en Ontwikkelingssamenwerking)"
            ],
            "received": date(2024, 6, 28),
        },
    ),
    (
        "Mededeling van Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties) "
        "(ontvangen (ontvangen 7 juni 2024).",
        {
            "kind": "notice",
            "answered_by": "Minister De Jonge",
            "ministry": "Binnenlandse Zaken en Koninkrijksrelaties",
            "received": date(2024, 6, 7),
        },
    ),
    (
        "Antwoord van Staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport – Jeugd, "
        "Preventie en Sport) (ontvangen 12 augustus 2024). Zie ook Aanhangsel Handelingen, "
        "vergaderjaar 2023–2024, nr. 2147.",
        {
            "answered_by": "Staatssecretaris Karremans",
            "ministry": "Volksgezondheid, Welzijn en Sport – Jeugd, Preventie en Sport",
            "received": date(2024, 8, 12),
            "see_also": ["Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 2147"],
        },
    ),
    (
        "Antwoord van Staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst), "
        "mede namens de Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking "
        "(ontvangen 21 mei 2024).",
        {
            "answered_by": "Staatssecretaris Van Rij",
            "ministry": "Financiën – Fiscaliteit en Belastingdienst",
            "on_behalf_of": ["de Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"],
            "received": date(2024, 5, 21),
        },
    ),
    (
        "Antwoord van Staatssecretaris Van Huffelen (Binnenlandse Zaken en "
        "Koninkrijksrelaties), mede namens de Staatssecretarissen van Volksgezondheid, Welzijn "
        "en Sport en van Justitie en Veiligheid (ontvangen 11 april 2024). Zie ook Aanhangsel "
        "Handelingen, vergaderjaar 2023–2024, nr. 1137.",
        {
            "answered_by": "Staatssecretaris Van Huffelen",
            "on_behalf_of": [
                "de Staatssecretarissen van Volksgezondheid, Welzijn en Sport en van "
                "Justitie en Veiligheid"
            ],
            "received": date(2024, 4, 11),
            "see_also": ["Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1137"],
        },
    ),
    (
        "Antwoord van minister Klever (Buitenlandse Handel), mede namens minister "
        "Van Weel (Justitie en Veiligheid) (ontvangen 3 maart 2025)",
        {
            "answered_by": "Minister Klever",
            "ministry": "Buitenlandse Handel",
            "on_behalf_of": ["minister Van Weel (Justitie en Veiligheid)"],
        },
    ),
    (
        "Antwoord van staatssecretaris van Rij (Financiën) (ontvangen 1 mei 2024)",
        {"answered_by": "Staatssecretaris Van Rij", "ministry": "Financiën"},
    ),
    (
        "Answer from Minister Smith (Foreign Affairs) (received 22 September 2025)",
        {
            "kind": "answer",
            "answered_by": "Minister Smith",
            "ministry": "Foreign Affairs",
            "received": date(2025, 9, 22),
        },
    ),
    (
        "Antwoord van de minister van Justitie en Veiligheid (ontvangen 3 mei 2024)",
        {"answered_by": None, "ministry": "Justitie en Veiligheid", "received": date(2024, 5, 3)},
    ),
]


@pytest.mark.parametrize("line,expected", ANSWER_LINES, ids=lambda x: str(x)[:40])
def test_parse_answer_line(line: str, expected: dict) -> None:
    found = parse_answer_line(line)
    assert found is not None
    for key, value in expected.items():
        assert found.get(key) == value, key


@pytest.mark.parametrize(
    "line",
    [
        "Antwoord op vraag 1",
        "Antwoord 1",
        "Antwoorden op vragen 9, 10 en 11",
        "Vraag 1",
        "Antwoord van de regering is nog niet binnen.",
        "",
    ],
)
def test_not_an_answer_line(line: str) -> None:
    assert parse_answer_line(line) is None


QUESTION_LINES = [
    (
        "Vragen van de leden Mutluer (GroenLinks-PvdA) en Kostic´  (PvdD) aan de Minister van "
        "Onderwijs, Cultuur en Wetenschap over het bericht «Kritiek op besluit provincie "
        "Friesland tegen actief regenboogbeleid» (ingezonden 6 maart 2024).",
        {
            "questioners": ["Mutluer (GroenLinks-PvdA)", "Kostić (PvdD)"],
            "subject": "het bericht «Kritiek op besluit provincie Friesland tegen actief "
            "regenboogbeleid»",
            "submitted": date(2024, 3, 6),
        },
    ),
    (
        "Vragen van de leden Ceder (ChristenUnie) en Dobbe (SP) aan de Ministers van "
        "Buitenlandse Zaken en voor Buitenlandse Handel en Ontwikkelingssamenwerking over "
        "ontwikkelingen in Jemen (ingezonden 5 juni 2024).",
        {
            "questioners": ["Ceder (ChristenUnie)", "Dobbe (SP)"],
            "subject": "ontwikkelingen in Jemen",
            "submitted": date(2024, 6, 5),
        },
    ),
    (
        "Vragen van de leden Sneller (D66), Chakor (GroenLinks-PvdA) en Van Nispen (SP) aan de "
        "Minister van Binnenlandse Zaken en Koninkrijksrelaties over juridische analyse(s) van "
        "het hoofdlijnenakkoord (ingezonden 30 mei 2024).",
        {
            "questioners": ["Sneller (D66)", "Chakor (GroenLinks-PvdA)", "Van Nispen (SP)"],
            "subject": "juridische analyse(s) van het hoofdlijnenakkoord",
            "submitted": date(2024, 5, 30),
        },
    ),
    (
        "Vragen van het lid Westerveld (GroenLinks-PvdA) aan de Staatssecretaris en de Minister "
        "van Volksgezondheid, Welzijn en Sport over hulp aan jongeren en volwassenen met "
        "eetstoornissen (ingezonden 21 juni 2024).",
        {
            "questioners": ["Westerveld (GroenLinks-PvdA)"],
            "subject": "hulp aan jongeren en volwassenen met eetstoornissen",
        },
    ),
    (
        "Vragen van de leden Hirsch (GroenLinks-PvdA) en Teunissen (PvdA) aan de "
        "Staatssecretaris van Financiën en de Minister voor Buitenlandse Handel en "
        "Ontwikkelingssamenwerking over exportkredietverzekeringen voor de baggersector "
        "(ingezonden 4 april 2024).",
        {"questioners": ["Hirsch (GroenLinks-PvdA)", "Teunissen (PvdA)"]},
    ),
    (
        "Vragen van het lid Koekkoek (Volt) aan de Staatssecretarissen van Volksgezondheid, "
        "Welzijn en Sport en van Binnenlandse Zaken en Koninkrijksrelaties over de (toegang tot) "
        "zorg voor ongedocumenteerde personen op Aruba, Sint-Maarten en Curaçao (ingezonden 12 "
        "februari 2024).",
        {
            "questioners": ["Koekkoek (Volt)"],
            "subject": "de (toegang tot) zorg voor ongedocumenteerde personen op Aruba, "
            "Sint-Maarten en Curaçao",
            "submitted": date(2024, 2, 12),
        },
    ),
    (
        "Beantwoording Kamervragen van de leden Temmink en Van Nispen (beiden SP) aan de "
        "minister van Justitie en Veiligheid over het feit dat het niet noodgevallen nummer van "
        "de Brandweer in handen is van een commerciële partij",
        {"questioners": ["Temmink (SP)", "Van Nispen (SP)"]},
    ),
    (
        "Beantwoording Kamervragen van de leden Lahlah en Chakor (GroenLinks-PvdA) over "
        "verbieden van hoofddoekjes en andere religieuze uitingen bij boa’s",
        {
            "questioners": ["Lahlah (GroenLinks-PvdA)", "Chakor (GroenLinks-PvdA)"],
            "subject": "verbieden van hoofddoekjes en andere religieuze uitingen bij boa’s",
        },
    ),
    (
        "Kamervragen van de leden Temmink en van Nispen (SP)",
        {"questioners": ["Temmink (SP)", "Van Nispen (SP)"]},
    ),
    (
        "Questions from member Smith (Labour) to the Minister about housing (submitted 1 May 2024)",
        {"questioners": ["Smith (Labour)"], "subject": "housing", "submitted": date(2024, 5, 1)},
    ),
]


@pytest.mark.parametrize("line,expected", QUESTION_LINES, ids=lambda x: str(x)[:40])
def test_parse_questions_line(line: str, expected: dict) -> None:
    found = parse_questions_line(line)
    assert found is not None
    for key, value in expected.items():
        assert found.get(key) == value, key


@pytest.mark.parametrize("line", ["Vraag 1", "Vragen 2 en 3", "De vragen zijn beantwoord.", ""])
def test_not_a_questions_line(line: str) -> None:
    assert parse_questions_line(line) is None


def test_questioners_share_a_trailing_party() -> None:
    assert parse_questioners("Temmink en Van Nispen (beiden SP)") == [
        "Temmink (SP)",
        "Van Nispen (SP)",
    ]
    assert parse_questioners("Bikker (ChristenUnie)") == ["Bikker (ChristenUnie)"]
    assert parse_questioners("Sneller, Chakor en van Nispen") == ["Sneller", "Chakor", "Van Nispen"]


def test_clean_name_joins_spacing_accents() -> None:
    assert clean_name("Kostic´") == "Kostić"
    assert clean_name("Kostic\u0301") == "Kostić"


def test_parse_see_also() -> None:
    assert (
        parse_see_also("Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488")
        == "Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488"
    )
    assert parse_see_also("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 2147.") == (
        "Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 2147"
    )
    assert parse_see_also("See also Hansard 2024, no. 3") == "Hansard 2024, no. 3"
    assert parse_see_also("Het antwoord op vraag 2") is None


def test_parse_publication() -> None:
    assert parse_publication("ah-tk-20232024-1314\nISSN 0921 - 7398") == "ah-tk-20232024-1314"
    assert parse_publication("no id here") is None


def test_annex_titles_of_the_word_letters() -> None:
    found = parse_annex_title(
        "Antwoorden van de minister van Landbouw, Natuur en Voedselkwaliteit mede namens de "
        "minister van Justitie en Veiligheid op Kamervragen lid Wassenberg (PvdD) over het "
        "gebrek aan landelijke registratie van bijtincidenten door honden."
    )
    assert found == {
        "ministry": "Landbouw, Natuur en Voedselkwaliteit",
        "on_behalf_of": ["de minister van Justitie en Veiligheid"],
        "questioners": ["Wassenberg (PvdD)"],
        "subject": "het gebrek aan landelijke registratie van bijtincidenten door honden",
        # the office, used as answered_by only when no signature names the minister
        "office": "Minister van Landbouw, Natuur en Voedselkwaliteit",
    }
    assert parse_annex_title("Antwoord op vraag 1") is None


def test_signature_minister() -> None:
    lines = [
        "Mede namens de minister van Binnenlandse Zaken en Koninkrijkrelaties,",
        "",
        "De minister van Justitie en Veiligheid ",
        "",
        "D. Yeşilgöz-Zegerius ",
    ]
    assert signature_minister(lines) == {
        "answered_by": "Minister Yeşilgöz-Zegerius",
        "ministry": "Justitie en Veiligheid",
        "on_behalf_of": ["de minister van Binnenlandse Zaken en Koninkrijkrelaties"],
    }
    found = signature_minister(
        [
            "\tmede namens de minister van Justitie en Veiligheid,",
            "de staatssecretaris van Financiën",
            "",
            "M.L.A. van Rij",
        ]
    )
    assert found["answered_by"] == "Staatssecretaris Van Rij"
    assert signature_minister(["Hoogachtend,", "Jan"]) is None


EXPECTED_LETTERS = {
    "Lahlah": (
        "Minister Yeşilgöz-Zegerius",
        date(2024, 5, 16),
        ["Lahlah (GroenLinks-PvdA)", "Chakor (GroenLinks-PvdA)"],
    ),
    "Temmink": (
        "Minister Yeşilgöz-Zegerius",
        date(2024, 1, 11),
        ["Temmink (SP)", "Van Nispen (SP)"],
    ),
    "Wassenberg": ("Minister Adema", date(2023, 10, 18), ["Wassenberg (PvdD)"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_LETTERS))
def test_cover_letters_of_the_tika_texts(name: str) -> None:
    path = next(TIKA.glob(f"*{name}*.txt"))
    text = path.read_text(encoding="utf-8")
    cover = text[: text.index("Antwoorden van de minister")].split("\n")
    found = parse_cover_letter(cover)
    answered_by, received, questioners = EXPECTED_LETTERS[name]
    assert found["answered_by"] == answered_by
    assert found["received"] == received
    assert found["questioners"] == questioners
    assert found["subject"]


def test_header_update_first_source_wins() -> None:
    header = Header()
    header.update({"answered_by": "Minister A", "on_behalf_of": ["x"], "unknown": 1})
    header.update({"answered_by": "Minister B", "ministry": "M", "on_behalf_of": ["y"]})
    assert (header.answered_by, header.ministry, header.on_behalf_of) == ("Minister A", "M", ["x"])
    header.update({"answered_by": "Minister B"}, overwrite=True)
    assert header.answered_by == "Minister B"


# --- other ministries, years and forms --------------------------------------------------------


def test_answer_line_of_a_staatssecretaris_with_a_tussenvoegsel() -> None:
    found = parse_answer_line(
        "Antwoord van staatssecretaris Van der Burg (Justitie en Veiligheid) "
        "(ontvangen 24 februari 2017)."
    )
    assert found["answered_by"] == "Staatssecretaris Van der Burg"
    assert found["ministry"] == "Justitie en Veiligheid"
    assert str(found["received"]) == "2017-02-24"


def test_answer_line_mede_namens_and_several_see_also_numbers() -> None:
    found = parse_answer_line(
        "Antwoord van minister Hoekstra (Buitenlandse Zaken), mede namens de minister voor "
        "Buitenlandse Handel en Ontwikkelingssamenwerking (ontvangen 1 maart 2017). Zie ook "
        "Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 1234 en nr. 1235."
    )
    assert found["answered_by"] == "Minister Hoekstra"
    assert found["on_behalf_of"] == [
        "de minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
    ]
    assert found["see_also"] == [
        "Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 1234 en nr. 1235"
    ]


def test_answer_line_without_a_name_gives_the_office() -> None:
    found = parse_answer_line("Antwoord van de minister van Financiën (ontvangen 1 maart 2017).")
    assert "answered_by" not in found
    assert found["office"] == "Minister van Financiën"
    header = Header().update(found)
    assert header.answerer == "Minister van Financiën"
    assert Header(answered_by="Minister Hoekstra", office="Minister van X").answerer == (
        "Minister Hoekstra"
    )


def test_questions_line_of_three_members_to_two_ministers() -> None:
    found = parse_questions_line(
        "Vragen van de leden Jansen (VVD), De Boer (CDA) en Pietersen (D66) aan de ministers "
        "van Justitie en Veiligheid en van Financiën over de aanpak van witwassen "
        "(ingezonden 3 februari 2017)."
    )
    assert found["questioners"] == ["Jansen (VVD)", "De Boer (CDA)", "Pietersen (D66)"]
    assert found["subject"] == "de aanpak van witwassen"
    assert str(found["submitted"]) == "2017-02-03"


def test_cover_letter_of_another_ministry() -> None:
    found = parse_cover_letter(
        [
            "Den Haag, 12 maart 2024",
            "Betreft Beantwoording Kamervragen van het lid Jansen (VVD) over de btw",
            "Kenmerk 2024-0000012345",
            "DE MINISTER VAN FINANCIËN,",
            "",
            "Eelco Heinen",
        ]
    )
    assert found["answered_by"] == "Minister Heinen"
    assert found["ministry"] == "Financiën"
    assert found["questioners"] == ["Jansen (VVD)"]
    assert str(found["received"]) == "2024-03-12"


def test_signature_with_titles() -> None:
    found = signature_minister(
        ["De staatssecretaris van Financiën,", "", "mr. drs. M.L.A. van Rij"]
    )
    assert found["answered_by"] == "Staatssecretaris Van Rij"


def test_annex_title_without_the_answerer() -> None:
    found = parse_annex_title(
        "Antwoorden op Kamervragen van het lid Jansen (VVD) over de btw (ingezonden 3 maart 2024)"
    )
    assert found == {
        "questioners": ["Jansen (VVD)"],
        "subject": "de btw",
        "submitted": date(2024, 3, 3),
    }
    found = parse_annex_title(
        "Antwoord op vragen van de leden Kops (PVV) en Van Dijk (SGP) aan de minister van "
        "Economische Zaken over gas"
    )
    assert found == {"questioners": ["Kops (PVV)", "Van Dijk (SGP)"], "subject": "gas"}
    assert parse_annex_title("Antwoord op vragen 2 en 3") is None  # a Q&A heading


def test_mede_namens_two_members_of_government() -> None:
    found = parse_answer_line(
        "Antwoord van minister Grapperhaus (Justitie en Veiligheid), mede namens de minister van "
        "Binnenlandse Zaken en Koninkrijksrelaties en de minister voor Medische Zorg "
        "(ontvangen 3 april 2020)"
    )
    assert found["on_behalf_of"] == [
        "de minister van Binnenlandse Zaken en Koninkrijksrelaties",
        "de minister voor Medische Zorg",
    ]


def test_minister_for_a_portfolio() -> None:
    found = parse_answer_line(
        "Antwoord van minister Schouten voor Armoedebeleid, Participatie en Pensioenen "
        "(ontvangen 3 april 2023)"
    )
    assert found["answered_by"] == "Minister Schouten"
    assert found["ministry"] == "Armoedebeleid, Participatie en Pensioenen"
