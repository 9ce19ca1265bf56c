"""The Tika text importer: the rich-text seed, the plain Tika text of three Word letters,
encodings, and properties over arbitrary input (never crash, never lose a word)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.frontmatter import parse as parse_front_matter
from generator.grammar import parse_heading
from generator.importers.tika_text import import_tika_text

FIXTURES = Path(__file__).parent / "fixtures" / "tika"
EXPECTED = Path(__file__).parent / "fixtures" / "corpus" / "expected"
SEED = FIXTURES / "000_98c710bba33336fa.txt"
LETTERS = sorted(p for p in FIXTURES.glob("Beantwoording*.txt"))


def run(path: Path):
    result = import_tika_text(path, source=f"sources/{path.name}")
    meta, body, _, diags = parse_front_matter(result.markdown, "doc.md")
    assert diags == [], diags
    return result, meta, body


def headings(body: str) -> list[str]:
    return re.findall(r"^## (.+)$", body, flags=re.M)


def words(text: str) -> Counter[str]:
    """Words as a reader sees them: escapes and invisible characters do not split words."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00]", "", text)
    return Counter(unicodedata.normalize("NFC", w) for w in re.findall(r"\w+", text))


def source_words(text: str) -> Counter[str]:
    """Words of a raw Tika text, without the markers the importer is meant to remove."""
    text = re.sub(r"\[bookmark:[^\]\n]*\]", "", text, flags=re.I)
    text = re.sub(r"\[footnoteRef:\s*\d+\]", " ", text, flags=re.I)
    text = re.sub(r"(?m)^\s*image\d+\.png\s*$", "", text)
    text = re.sub(r"(?mi)^\s*(?:zie\s+ook|see\s+also)\b", "", text)  # the label of see_also
    return words(text)


def missing_words(source: str, markdown: str) -> Counter[str]:
    return source_words(source) - words(markdown)


# --- the rich-text seed ----------------------------------------------------------------------


def test_seed_front_matter() -> None:
    result, meta, _ = run(SEED)
    assert meta.kind == "answer"
    assert meta.answered_by == "Minister Keijzer"
    assert meta.ministry == "Asiel en Migratie"
    assert meta.received == date(2025, 9, 22)
    assert meta.see_also == ["Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488"]
    assert meta.source == f"sources/{SEED.name}"
    assert meta.title == "Antwoord van minister Keijzer, 22 september 2025"
    assert result.slug == "000-98c710bba33336fa"
    assert result.diagnostics == []


def test_seed_body_opens_with_the_answer_line_and_drops_see_also() -> None:
    _, _, body = run(SEED)
    first = body.strip().split("\n\n")[0]
    assert (
        first == "Antwoord van minister Keijzer (Asiel en Migratie) (ontvangen 22 september 2025)"
    )
    assert "Zie ook" not in body


def test_seed_headings_as_written() -> None:
    _, _, body = run(SEED)
    found = [parse_heading(h) for h in headings(body)]
    assert all(found)
    questions = [h for h in found if h.kind == "question" or h.bare_answer]
    answers = [h for h in found if h.kind == "answer" and not h.bare_answer]
    assert len(questions) == 13
    assert len(answers) == 10
    assert "## Antwoord vraag 5" in body  # kept as written; the reader decides what it is
    assert "## Antwoord op vragen 2 en 3" in body
    assert "## Antwoorden op vragen 9, 10 en 11" in body
    # the bookmark glued to the start of a heading is gone, the heading recognised
    assert "## Antwoord op vraag 1\n" in body


def test_seed_footnotes() -> None:
    result, _, body = run(SEED)
    assert "interventieladder[^1] opgesteld" in body
    assert "In mijn brief[^2] van 11 juli" in body
    assert (
        "[^1]: <https://www.rijksoverheid.nl/documenten/rapporten/2012/09/26/"
        "handboek-wet-revitalisering-generiek-toezicht>"
    ) in body
    assert (
        "[^2]: <https://www.rijksoverheid.nl/documenten/kamerstukken/2025/07/11/"
        "kamerbrief-maatregelen-huisvesting-statushouders>"
    ) in body
    # the note body is not left in its paragraph
    assert body.count("handboek-wet-revitalisering-generiek-toezicht") == 1
    for marker in ("[bookmark", "[footnoteRef", "[1:", "[2:"):
        assert marker not in result.markdown


def test_seed_question_source_markers_stay_and_no_sources_section() -> None:
    _, _, body = run(SEED)
    assert "onverkort blijven bestaan? 1)" in body
    assert "nog van kracht is 2)?" in body
    assert "## Bronnen" not in body  # the seed has no source list to link them to


def test_seed_keeps_every_word() -> None:
    result, _, _ = run(SEED)
    source = SEED.read_text(encoding="utf-8")
    assert missing_words(source, result.markdown) == Counter()


# --- plain Tika text of the three Word letters -----------------------------------------------

# Plain Tika text has no footnote markers: each Word footnote's text is glued to the end of the
# citing paragraph. It is kept there as text; no footnote is invented, so the count is 0.
SOURCE_NOTE_COUNTS = {"Lahlah": 2, "Temmink": 2, "Wassenberg": 6}


def _expected(path: Path) -> dict:
    return yaml.safe_load((EXPECTED / (path.stem + ".yaml")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name.split()[5])
def test_plain_letter_metadata(path: Path) -> None:
    expected = _expected(path)
    result, meta, body = run(path)
    assert meta.kind == expected["kind"]
    assert meta.answered_by == expected["answered_by"]
    assert meta.received == expected["received"]
    assert meta.questioners == expected["questioners"]
    assert meta.publication == expected["publication"]
    assert meta.subject and meta.title == f"Antwoord op vragen over {meta.subject}"
    assert [d.code for d in result.diagnostics] == ["cover-letter-skipped"]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name.split()[5])
def test_plain_letter_structure(path: Path) -> None:
    expected = _expected(path)
    _, _, body = run(path)
    found = [parse_heading(h) for h in headings(body) if h != "Bronnen"]
    assert all(found)
    question_labels = [label for h in found if h.kind == "question" for label in h.labels]
    answer_covers = [list(h.labels) for h in found if h.kind == "answer"]
    assert question_labels == expected["questions"]
    assert answer_covers == [a["covers"] for a in expected["answers"]]
    # the cover letter is gone, the annex title opens the document
    assert body.lstrip().startswith("Antwoorden van de minister van ")
    assert "Retouradres" not in body and "Ons kenmerk" not in body
    assert "image1.png" not in body and "image2.png" not in body
    assert "[^" not in body  # no footnote invented


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name.split()[5])
def test_plain_letter_source_notes(path: Path) -> None:
    expected = _expected(path)
    _, _, body = run(path)
    count = SOURCE_NOTE_COUNTS[path.name.split()[5]]
    assert count == expected["question_source_notes"]
    assert headings(body)[-1] == "Bronnen"
    section = body.split("## Bronnen\n\n", 1)[1].strip()
    items = section.split("\n")
    assert [item.split(")", 1)[0] for item in items] == [str(n) for n in range(1, count + 1)]


def test_glued_source_items_are_split() -> None:
    path = next(p for p in LETTERS if "Wassenberg" in p.name)
    _, _, body = run(path)
    # each a link of its own (bare URLs in notes are written as autolinks)
    assert "\n2) [https://www.ad.nl/binnenland/overleden-man-60" in body
    assert "Dat%20zegt%20de%20politie>)\n3) <https://www.ad.nl/binnenland/overleden-baby" in body


def test_plain_letter_keeps_the_glued_footnote_text() -> None:
    path = next(p for p in LETTERS if "Temmink" in p.name)
    _, _, body = run(path)
    assert "motie van Nispen Kamerstukken, 2022-2023, 29628, nr. 1135" in body


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name.split()[5])
def test_plain_letter_keeps_every_word_after_the_cover_letter(path: Path) -> None:
    result, _, _ = run(path)
    source = path.read_text(encoding="utf-8")
    annex = source.index("Antwoorden van de minister")
    assert missing_words(source[annex:], result.markdown) == Counter()


# --- encodings -------------------------------------------------------------------------------

DOC = (
    "Antwoord van minister Keijzer (Asiel en Migratie) (ontvangen 22 september 2025)\n\n"
    "Vraag 1\nKlopt het bericht “één” café? 1)\n\nAntwoord op vraag 1\nJa, dat klopt.\n"
)


def _import_bytes(tmp_path: Path, raw: bytes):
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    return run(path)


@pytest.mark.parametrize(
    "raw",
    [
        DOC.encode("utf-8"),
        b"\xef\xbb\xbf" + DOC.encode("utf-8"),
        DOC.replace("\n", "\r\n").encode("utf-8"),
        DOC.encode("utf-16"),  # with BOM
        DOC.encode("utf-16-le"),  # BOM-less, evident from the NUL bytes
        DOC.replace(" ", "\u00a0").encode("utf-8"),
        DOC.replace("\n", " \t\n").encode("utf-8"),
    ],
    ids=["utf8", "bom", "crlf", "utf16", "utf16le", "nbsp", "trailing-space"],
)
def test_encodings_give_the_same_document(tmp_path: Path, raw: bytes) -> None:
    result, meta, body = _import_bytes(tmp_path, raw)
    assert meta.answered_by == "Minister Keijzer"
    assert meta.received == date(2025, 9, 22)
    assert headings(body) == ["Vraag 1", "Antwoord op vraag 1"]
    assert "Klopt het bericht “één” café? 1)" in body
    assert "\u00a0" not in body and "\r" not in body
    assert [d.code for d in result.diagnostics] == []


def test_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    result, _, body = _import_bytes(tmp_path, DOC.encode("cp1252"))
    assert "Klopt het bericht “één” café? 1)" in body
    assert [(d.code, d.severity) for d in result.diagnostics] == [("encoding-cp1252", "warning")]


def test_nul_bytes_are_removed_with_a_warning(tmp_path: Path) -> None:
    result, _, body = _import_bytes(tmp_path, DOC.replace("bericht", "be\x00richt").encode())
    assert "Klopt het bericht" in body
    assert [d.code for d in result.diagnostics] == ["nul-bytes"]


# --- diagnostics -----------------------------------------------------------------------------


def test_no_headings_is_an_error(tmp_path: Path) -> None:
    result, _, body = _import_bytes(tmp_path, b"Just a letter.\n\nNothing to answer.\n")
    assert [(d.code, d.severity) for d in result.diagnostics] == [("no-questions-found", "error")]
    assert "Just a letter." in body and "Nothing to answer." in body


def test_footnote_without_body_is_reported_not_invented(tmp_path: Path) -> None:
    raw = "Vraag 1\nWaarom?\n\nAntwoord op vraag 1\nOmdat[footnoteRef:1] het kan.\n"
    result, _, body = _import_bytes(tmp_path, raw.encode())
    assert "Omdat het kan." in body
    assert "[^" not in body
    [diag] = result.diagnostics
    assert (diag.code, diag.line, diag.file) == ("footnote-body-missing", 5, "sources/doc.txt")


def test_footnote_body_with_brackets_and_lines(tmp_path: Path) -> None:
    raw = (
        "Vraag 1\nWaarom?\n\nAntwoord op vraag 1\n"
        "Omdat[footnoteRef:1] het kan. [1:  Kamerstuk [2023] 36 123, zie https://x.nl/a_(b)] \n"
        "\nNog een alinea.\n"
    )
    result, _, body = _import_bytes(tmp_path, raw.encode())
    assert "Omdat[^1] het kan.\n" in body
    assert "[^1]: Kamerstuk [2023] 36 123, zie <https://x.nl/a_(b)>" in body
    assert result.diagnostics == []


def test_unplaceable_note_text_stays_text(tmp_path: Path) -> None:
    raw = "Vraag 1\nWaarom?\n\nAntwoord op vraag 1\nOmdat het kan. [1:  https://x.nl] \n"
    _, _, body = _import_bytes(tmp_path, raw.encode())
    assert "Omdat het kan. [1: https://x.nl]" in body


def test_markdown_syntax_in_the_source_is_escaped(tmp_path: Path) -> None:
    raw = "Vraag 1\n# Geen kop *nadruk* <script>\n\nAntwoord op vraag 1\n> geen citaat\n---\n"
    _, _, body = _import_bytes(tmp_path, raw.encode())
    assert "\\# Geen kop \\*nadruk\\* \\<script>" in body
    assert "\\> geen citaat" in body
    assert "\n---\n" not in body


def test_sources_only_after_the_last_answer(tmp_path: Path) -> None:
    """A numbered list at the end of an answer stays in the answer when no question cites it."""
    raw = "Vraag 1\nWaarom?\n\nAntwoord op vraag 1\nDrie redenen:\n1) een\n2) twee\n"
    _, _, body = _import_bytes(tmp_path, raw.encode())
    assert "## Bronnen" not in body
    assert "1) een" in body


# --- properties ------------------------------------------------------------------------------

_WORD = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=8)
_LINE = st.one_of(
    st.lists(_WORD, min_size=1, max_size=8).map(" ".join),
    st.sampled_from(
        [
            "Vraag 1",
            "Vraag 2 en 3",
            "Antwoord op vraag 1",
            "Antwoord 2",
            "",
            "",
            "1) NOS",
            "[1] x",
            # headings written another way (importers.qa_shape)
            "Vraag 1: Kent u het bericht?",
            "Antwoord",
            "Antwoord: Ja, zeker.",
            "1. Kent u het bericht?",
            "2.",
            "3\tKlopt het?",
            "Question 1",
            "Answer",
        ]
    ),
    st.text(max_size=40),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(_LINE, max_size=20))
def test_never_crashes_and_keeps_every_word(tmp_path: Path, lines: list[str]) -> None:
    text = "\n".join(lines)
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates cannot be in a real file's text; bytes are tested below
    result = import_tika_text(path, source="sources/doc.txt")
    parse_front_matter(result.markdown, "doc.md")
    if any(d.code == "cover-letter-skipped" for d in result.diagnostics):
        return  # a cover letter is deliberately left out
    assert missing_words(text, result.markdown) == Counter()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=400))
def test_never_crashes_on_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    result = import_tika_text(path, source="sources/doc.txt")
    _, _, _, diags = parse_front_matter(result.markdown, "doc.md")
    assert diags == []
    assert result.markdown.startswith("---\n")


# --- escaping: what the writer escapes renders back to the same text --------------------------

_MD = None


def _rendered_text(src: str) -> str:
    """Plain text a CommonMark reader (with our plugins) sees in `src`; list numbers included."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.container import container_plugin
        from mdit_py_plugins.footnote import footnote_plugin

        _MD = (
            MarkdownIt("commonmark", {"html": False})
            .use(footnote_plugin)
            .use(container_plugin, name="annotation")
        )
    out = []
    for token in _MD.parse(src):
        if token.type == "inline":
            inline = []
            for child in token.children or []:
                if child.type in ("text", "code_inline", "html_inline"):
                    inline.append(child.content)
                elif child.type == "softbreak":
                    inline.append(" ")
                elif child.type == "footnote_ref":
                    inline.append(f"[^{child.meta.get('label', '?')}]")
            out.append("".join(inline))
        elif token.type in ("code_block", "fence", "html_block"):
            out.append(token.content)
        elif token.type == "list_item_open":
            out.append(token.info + token.markup)
    return " ".join(" ".join(out).split())


_MD_PIECES = st.sampled_from(
    list("ab 1.)#>-*_[]()!<&;`~\\|:=+^$ {}")
    + ["&amp;", "https://x.y/a_b", "[^1]", "[^2]", "\n", "    ", "1. ", "---", ":::", "[x]: y"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_MD_PIECES, max_size=25).map("".join))
def test_escaped_text_renders_as_written(text: str) -> None:
    from generator.importers.markdown import escape_text

    escaped = escape_text(text, footnotes={"1"})
    expected = " ".join(text.split())
    # "[^1]" is a marker the importer placed: it stays a footnote reference ("[^2]" is text)
    rendered = _rendered_text(f"{escaped}\n\nz[^1]\n\n[^1]: note")
    assert rendered == " ".join(f"{expected} z[^1] note".split())
