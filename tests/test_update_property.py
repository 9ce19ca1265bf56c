"""Property test of `antwoord import --update`: generated documents with editors' work in
every place it can stand (notes after a question or an answer, inside a list item, on the
whole document, text and sections of their own, comments and extra fields in the front
matter). Updating from the same source changes no byte; updating from a changed source keeps
every line an editor wrote (in place, with its block, or under the orphaned-annotations
heading), and a second update from that source changes nothing more."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.update import merge

PATH = "documents/x.md"
WORDS = ["de", "wet", "minister", "gemeente", "asiel", "brief", "zomer", "regels", "kosten"]
sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(
    lambda words: " ".join(words).capitalize()
)


@dataclass
class Block:
    question: str
    answer: list[str]  # one paragraph, or several list items
    as_list: bool
    # Notes of the editors, each a unique word so that its line can be followed.
    on_question: list[str] = field(default_factory=list)
    on_answer: list[str] = field(default_factory=list)
    in_list: list[tuple[int, bool]] = field(default_factory=list)  # (item, blank lines around)


@dataclass
class Editors:
    comment: bool
    extra_field: bool
    unreadable_date: bool
    opening: bool  # a paragraph of theirs after the opening line
    document_note: bool
    section: str  # "" | "start" | "end": a section of their own
    spacing: bool  # `title:    ...`, as typed (a YAML dump would respace it)


def note(word: str, indent: str = "") -> str:
    return f"{indent}::: annotation\n{indent}author: Redactie\n{indent}{word}\n{indent}:::\n"


def render(blocks: list[Block], editors: Editors | None) -> str:
    """The import's document (editors None) or the editors' version of it."""
    e = editors
    lines = ["---\n"]
    if e and e.comment:
        lines.append("# bijgehouden door de redactie\n")
    lines.append(
        "title:    Vragen over de wet\n" if e and e.spacing else "title: Vragen over de wet\n"
    )
    lines.append("kind: answer\nlanguage: nl\n")
    lines.append(
        "received: 11 januari 2024\n" if e and e.unreadable_date else "received: 2025-09-22\n"
    )
    if e and e.extra_field:
        lines.append("intern: nagelopen   # door JK\n")
    lines.append("source: sources/x.txt\n---\n\nAntwoord van de minister.\n")
    if e and e.opening:
        lines.append("\nInleiding-van-de-redactie.\n")
    if e and e.document_note:
        lines.append("\n" + note("Noot-document"))
    if e and e.section == "start":
        lines.append("\n## Redactie vooraf\n\nEigen-tekst-vooraf.\n")
    for number, block in enumerate(blocks, start=1):
        lines.append(f"\n## Vraag {number}\n\n{block.question}?\n")
        for word in block.on_question if e else []:
            lines.append("\n" + note(word))
        lines.append(f"\n## Antwoord op vraag {number}\n\n")
        if block.as_list:
            for index, item in enumerate(block.answer):
                lines.append(f"- {item}.\n")
                for at, blank in block.in_list if e else []:
                    if at == index:
                        lines.append(
                            ("\n" if blank else "") + note(f"Noot-lijst-{number}-{at}", "  ")
                        )
                        lines.append("\n" if blank else "")
        else:
            lines.append(" ".join(block.answer) + ".\n")
        for word in block.on_answer if e else []:
            lines.append("\n" + note(word))
    if e and e.section == "end":
        lines.append("\n## Redactie\n\nEigen-tekst-achteraf.\n")
    lines.append("\n## Bronnen\n\n1) Kamerstuk 33047, nr. 25.\n")  # the import's own section
    return "".join(lines)


@st.composite
def blocks(draw, count: int) -> list[Block]:
    made = []
    for number in range(count):
        as_list = draw(st.booleans())
        answer = draw(st.lists(sentence, min_size=1, max_size=3 if as_list else 1))
        block = Block(draw(sentence), answer, as_list)
        block.on_question = [f"Noot-vraag-{number}"] if draw(st.booleans()) else []
        block.on_answer = [f"Noot-antwoord-{number}-{k}" for k in range(draw(st.integers(0, 2)))]
        if as_list:
            items = draw(st.lists(st.integers(0, len(answer) - 1), max_size=2, unique=True))
            block.in_list = [(item, draw(st.booleans())) for item in sorted(items)]
        made.append(block)
    return made


editors = st.builds(
    Editors,
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "start", "end"]),
    st.booleans(),
)


def editors_lines(old: str, imported: str) -> list[str]:
    """Lines of the editors' document that the import did not write."""
    theirs = {line.strip() for line in imported.splitlines()}
    return [line.strip(" >") for line in old.splitlines() if line.strip() not in theirs]


@st.composite
def changed(draw, old_blocks: list[Block]) -> list[Block]:
    """The source, changed: answers corrected, questions dropped or inserted."""
    out = []
    for block in old_blocks:
        what = draw(st.sampled_from(["same", "same", "corrected", "dropped"]))
        if what == "dropped":
            continue
        answer = list(block.answer)
        if what == "corrected":
            answer[-1] += " en " + draw(sentence).lower()
        out.append(Block(block.question, answer, block.as_list))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(out)))
        out.insert(at, Block("Een nieuwe vraag over " + draw(sentence).lower(), ["Nieuw"], False))
    if not out:
        out.append(Block("Een enkele vraag", ["Enkel"], False))
    return out


# The example count comes from the profile (tests/conftest.py; `make fuzz` runs many more).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.integers(1, 4).flatmap(blocks), editors)
def test_an_update_from_the_same_source_changes_no_byte(made, e):
    old = render(made, e)
    result = merge(old, render(made, None), PATH)
    assert result.text == old, [d.format() for d in result.diagnostics]


@SETTINGS
@given(st.data(), st.integers(1, 4).flatmap(blocks), editors)
def test_an_update_from_a_changed_source_keeps_every_line_of_the_editors(data, made, e):
    old = render(made, e)
    theirs = editors_lines(old, render(made, None))
    new_blocks = data.draw(changed(made))
    imported = render(new_blocks, None)
    result = merge(old, imported, PATH)
    assert result.text is not None, [d.format() for d in result.diagnostics]
    merged = [line.strip(" >") for line in result.text.splitlines()]
    for line in theirs:
        assert line in merged, line
    if e.section == "end":  # their closing section: after every block, before the Bronnen
        text = result.text
        assert text.rindex("## Antwoord op vraag") < text.index("## Redactie\n")
        assert text.index("## Redactie\n") < text.index("## Bronnen")
    # Nothing is lost twice: the next update from this source leaves the file as it is.
    again = merge(result.text, imported, PATH)
    assert again.text == result.text
