"""Hostile cases that are binary, huge or links: written into the content folder by the test.

Each function writes one case and returns nothing; `CASES` maps the file it makes (relative to
the content folder) to the function, so expected.yaml can name generated files like the others.
"""

from __future__ import annotations

import codecs
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from import_bombs import BOMBS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HUGE = 50 * 1024 * 1024  # the 50 MB single-line file of the issue
FRONT = "---\ntitle: {title}\n---\n\n"


def _question(text: str) -> str:
    return f"## Vraag 1\n\n{text}\n\n## Antwoord op vraag 1\n\nJa.\n"


def nul_bytes(path: Path) -> None:
    path.write_bytes((FRONT.format(title="NUL") + _question("Een\x00vraag\x00.")).encode())


def invalid_utf8(path: Path) -> None:
    text = FRONT.format(title="Kapot") + _question("Goed.\n\nKapot: XX hier.")
    path.write_bytes(text.encode().replace(b"XX", b"\xff\xfe"))


def utf16(path: Path) -> None:
    text = FRONT.format(title="UTF-16 met BOM") + _question("Één vraag in UTF-16?")
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))


def cp1252(path: Path) -> None:
    text = FRONT.format(title="Windows-1252") + _question("Café “quotes” – één?")
    path.write_bytes(text.encode("cp1252"))


def _one_line(path: Path, head: bytes) -> None:
    """`head`, then words on one line up to HUGE bytes, written in 1 MB pieces."""
    chunk = b"woord " * (1024 * 1024 // 6)
    with open(path, "wb") as fh:
        fh.write(head)
        written = len(head)
        while written < HUGE:
            fh.write(chunk)
            written += len(chunk)
        fh.write(b"\n")


def huge_single_line(path: Path) -> None:
    _one_line(path, (FRONT.format(title="Groot") + "## Vraag 1\n\n").encode())


def huge_single_line_source(path: Path) -> None:
    _one_line(path, b"Vraag 1 ")


def yaml_huge(path: Path) -> None:
    tags = "".join(f"  - tag{i}\n" for i in range(20_000))  # ~240 KB of front matter
    path.write_text(f"---\ntitle: Groot\ntags:\n{tags}---\n\n" + _question("Vraag?"))


def yaml_deep(path: Path) -> None:
    depth = 5000
    path.write_text(f"---\ntitle: Diep\ntags: {'[' * depth}{']' * depth}\n---\n\n" + _question("?"))


def markdown_deep(path: Path) -> None:
    nesting = "> " * 5000 + "- " * 2000 + "[" * 5000 + "*" * 5000
    path.write_text(FRONT.format(title="Diep genest") + _question(nesting + " diep"))


def symlink_outside(path: Path) -> None:
    secret = path.parent.parent.parent / "secret.txt"  # next to the content folder
    secret.write_text("SECRET-OUTSIDE-CONTENT\n")
    os.symlink(secret, path)


def symlink_outside_md(path: Path) -> None:
    secret = path.parent.parent.parent / "secret.md"
    secret.write_text("---\ntitle: SECRET-OUTSIDE-CONTENT\n---\n\nSECRET-OUTSIDE-CONTENT\n")
    os.symlink(secret, path)


def truncated_pdf(path: Path) -> None:
    pdf = sorted((FIXTURES / "corpus" / "pdf").glob("*.pdf"))[0].read_bytes()
    path.write_bytes(pdf[: len(pdf) // 3])


def zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(80):  # 80 MB unpacked, ~80 KB packed
                fh.write(block)


def nul_source(path: Path) -> None:
    text = "Antwoord van minister Test (ontvangen 1 januari 2025)\n\nVraag 1\n\nEen\x00vraag?\n"
    path.write_bytes(text.encode() + b"\nAntwoord 1\n\nJa.\n")


def utf16_source(path: Path) -> None:
    text = "Antwoord van minister Test (ontvangen 1 januari 2025)\n\nVraag 1\n\nÉén vraag?\n"
    path.write_bytes(codecs.BOM_UTF16_LE + (text + "\nAntwoord 1\n\nJa.\n").encode("utf-16-le"))


def cp1252_source(path: Path) -> None:
    text = "Antwoord van minister Test (ontvangen 1 januari 2025)\n\nVraag 1\n\nCafé “quotes”?\n"
    path.write_bytes((text + "\nAntwoord 1\n\nJa.\n").encode("cp1252"))


def control_characters(path: Path) -> None:
    """Raw control characters in a title and the text, and one written as a YAML escape."""
    path.write_bytes(
        b'---\ntitle: Stuur\x0btekens\nanswered_by: "Minister \\e[31mRood"\n---\n\n'
        + _question("Een\x1b[2J vraag\x0c?").encode()
    )


def _word(path: Path, fill: Callable) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Vraag 1")
    fill(document, document.add_paragraph("Waarom "))
    document.add_paragraph("Antwoord op vraag 1")
    document.add_paragraph("Daarom.")
    document.save(str(path))


def symbol_surrogate(path: Path) -> None:
    """`<w:sym w:char="D800"/>`: a lone surrogate, which no UTF-8 file can hold."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fill(document, paragraph) -> None:
        sym = OxmlElement("w:sym")
        sym.set(qn("w:char"), "D800")
        paragraph.add_run()._r.append(sym)

    _word(path, fill)


def link_newlines(path: Path) -> None:
    """A hyperlink whose address (never shown by Word) holds a heading between line breaks."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fill(document, paragraph) -> None:
        rid = document.part.relate_to(
            "https://example.org/x\n\n## Vraag 99\n\nhoi", RT.HYPERLINK, is_external=True
        )
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "het rapport"
        run.append(text)
        link.append(run)
        paragraph._p.append(link)

    _word(path, fill)


CASES: dict[str, Callable[[Path], None]] = {
    "documents/nul-bytes.md": nul_bytes,
    "documents/invalid-utf8.md": invalid_utf8,
    "documents/utf16.md": utf16,
    "documents/cp1252.md": cp1252,
    "documents/huge-single-line.md": huge_single_line,
    "documents/yaml-huge.md": yaml_huge,
    "documents/yaml-deep.md": yaml_deep,
    "documents/markdown-deep.md": markdown_deep,
    "documents/symlink-outside.md": symlink_outside_md,
    "sources/source-huge-single-line.txt": huge_single_line_source,
    "sources/symlink-outside.txt": symlink_outside,
    "sources/truncated.pdf": truncated_pdf,
    "sources/zip-bomb.docx": zip_bomb,
    "sources/source-nul-bytes.txt": nul_source,
    "sources/source-utf16.txt": utf16_source,
    "sources/source-cp1252.txt": cp1252_source,
    # The small files that hung an import or took gigabytes (issue 14): import_bombs.py.
    **{f"sources/{name}": make for name, make in BOMBS.items()},
    "documents/control-characters.md": control_characters,
    "sources/symbol-surrogate.docx": symbol_surrogate,
    "sources/link-newlines.docx": link_newlines,
}


def write_cases(content: Path) -> None:
    for rel, make in CASES.items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        make(target)
