"""Reading an XML file that came from outside, without letting it reach anything else.

An XML file can ask its parser to read other files or URLs (external entities, `SYSTEM`
DTDs) or to blow up in memory (an "entity expansion bomb": ten entities of ten entities
... of "lol" is a few hundred bytes on disk and gigabytes in memory). Official publications
use none of that, so an XML source that declares an entity is refused, never expanded.

Two libraries, each for what it does best:

1. defusedxml (expat underneath) reads the file first, as a gate: it raises at the first
   entity declaration or external reference, before anything is expanded or fetched, and a
   malformed file gives its line and column;
2. lxml then builds the tree that the importer walks, with entity resolution, DTD loading
   and network access off and the huge-tree limits on, for the source line of every element
   (the diagnostics name it).
"""

from __future__ import annotations

from pathlib import Path

from generator.document import Diagnostic
from generator.importers import ImportRefused


class XmlRefused(ImportRefused):
    """An XML file that is not read at all; `diagnostic` says why, naming file and line."""


def _refuse(source: str, line: int | None, code: str, message: str) -> XmlRefused:
    return XmlRefused(Diagnostic(source, line, "error", code, message))


def read_xml(path: Path, *, source: str):  # noqa: ANN201 (an lxml element)
    """The root element of the XML file at `path`; XmlRefused for a hostile or broken file."""
    import defusedxml
    import defusedxml.ElementTree as safe_tree
    from lxml import etree

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(
            source, None, "source-unreadable", f"cannot be read: {exc.strerror or exc}"
        ) from exc
    name = path.name
    try:
        safe_tree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        reads = f" that reads {exc.sysid}" if exc.sysid else ""
        raise _refuse(
            source,
            None,
            "xml-external" if exc.sysid else "xml-entities",
            f"{name} declares the XML entity '{exc.name}'{reads}; entities are how an XML "
            "file makes a parser read other files or fill the memory, and official "
            "publications use none, so the file is not read (nothing was expanded or fetched)",
        ) from exc
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as exc:
        raise _refuse(
            source,
            None,
            "xml-external",
            f"{name} refers to a file or address outside itself ({exc.sysid or exc.pubid}); "
            "that is never followed, so the file is not read",
        ) from exc
    except safe_tree.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise _refuse(
            source,
            line,
            "xml-invalid",
            f"{name} is not well-formed XML (line {line}, column {column}): "
            f"{str(exc).split(':', 1)[0]}; not imported",
        ) from exc
    except ValueError as exc:  # a byte string that names an unknown encoding, ...
        raise _refuse(source, None, "xml-invalid", f"{name} cannot be read as XML: {exc}") from exc
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:  # expat accepted it, libxml2 did not
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise _refuse(
            source, line, "xml-invalid", f"{name} is not well-formed XML: {exc.msg}"
        ) from exc


def local_name(element) -> str:  # noqa: ANN001
    """The tag without a namespace ("{ns}vraag" → "vraag"); "" for comments and the like."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
