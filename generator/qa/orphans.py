"""Orphans rule: the annotations under "## Verweesde annotaties" (what `import --update` writes).

When a re-import drops the block an editor's note was on, the update never deletes the note:
it moves it under this heading. Here each such note is marked orphaned (shown apart) and is a
warning until an editor places it; a section holding only such notes is no section of the text.
"""

from __future__ import annotations

import re

from generator.qa.model import Context, QaResult

# The section `antwoord import --update` writes for annotations whose block is gone.
ORPHANS_HEADING = {"nl": "Verweesde annotaties", "en": "Orphaned annotations"}


_ORPHANS_HEADING = re.compile(r"^(?:verweesde annotaties|orphaned annotations)\s*:?$", re.I)


def collect_orphans(result: QaResult, ctx: Context) -> None:
    """Annotations under "## Verweesde annotaties" lost their block in a re-import: they are
    kept (never dropped), shown apart, and each is a warning until an editor places it."""
    for sections in (result.preamble, result.sections):
        for section in list(sections):
            if not _ORPHANS_HEADING.match(section.heading):
                continue
            for annotation in section.annotations:
                annotation.orphaned = True
                was = (
                    f" (it was on '{annotation.former_target}')" if annotation.former_target else ""
                )
                ctx.report(
                    annotation.line,
                    "warning",
                    "annotation-orphaned",
                    f"this annotation lost its block when the document was re-imported{was}; "
                    "move it under the question or answer it belongs to, or delete it",
                )
            if not section.body:  # only annotations: they are shown in a section of their own
                sections.remove(section)
