"""Official Handelingen PDF pages → running text lines, page-bottom footnotes and furniture.

Works on the `Line`s of `pdf_layout` and decides, by position and size first and wording
second, what each line is:

- page furniture: the masthead above the first body line of page 1, the left-margin column
  (publication id, ISSN, "’s-Gravenhage YYYY"), the running foot ("Tweede Kamer,
  vergaderjaar …, Aanhangsel" and the page number) and anything else in the bottom margin;
- footnotes: from the first line below the running text that starts with a superscript number
  and is set smaller than the running text, down to the furniture;
- body: everything else, in reading order across pages.

It also knows how two lines of running text join (soft hyphens, URLs broken over lines) and
whether a line break ends a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from generator.importers.pdf_layout import SUP_CLOSE, SUP_OPEN, Line, Page

RUNNING_FOOT_RE = re.compile(
    r"^(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4},\s+Aanhangsel\b", re.I
)
MARGIN_FURNITURE_RE = re.compile(
    r"^(?:ah-(?:tk|ek)-\d{8}-\d+|ISSN\s+\d{4}\s*-\s*\d{3}[\dX]|[’']s-Gravenhage\s+\d{4})$", re.I
)
HEADER_START_RE = re.compile(r"^(?:Vragen|Antwoord|Mededeling)\b(?:\s+van\b|\s*$)")
PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")
NOTE_START_RE = re.compile(f"^{SUP_OPEN}(\\d{{1,3}}){SUP_CLOSE}\\s*")
_URLISH = re.compile(r"(?:://|^\(?www\.|\w\.[a-z]{2,6}/|%[0-9A-F]{2})", re.I)
_SENTENCE_END = re.compile(f"[.?!:;»”)]\\s*(?:{SUP_OPEN}\\d+{SUP_CLOSE})?$")


@dataclass
class Furniture:
    page: int
    text: str
    why: str  # masthead | margin | running-foot | bottom-margin


@dataclass
class Note:
    page: int
    printed: str  # the number as printed ("5")
    lines: list[Line] = field(default_factory=list)


@dataclass
class Metrics:
    body_size: float
    body_left: float
    right_margin: float


@dataclass
class PageSplit:
    body: list[Line]
    notes: list[Note]
    furniture: list[Furniture]
    metrics: Metrics


def _metrics(pages: list[Page]) -> Metrics:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.glyphs)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    body = [ln for p in pages for ln in p.lines if abs(ln.size - body_size) < 0.3]
    left = Counter(round(ln.x0, 0) for ln in body).most_common(1)
    body_left = left[0][0] if left else 0.0
    right = sorted(ln.x1 for ln in body if ln.x0 >= body_left - 1)
    right_margin = right[-1] if right else 0.0
    return Metrics(body_size, body_left, right_margin)


def split_pages(pages: list[Page]) -> PageSplit:
    metrics = _metrics(pages)
    body: list[Line] = []
    notes: list[Note] = []
    furniture: list[Furniture] = []
    for page in pages:
        lines = list(page.lines)
        rest: list[Line] = []
        first_body = next(
            (
                ln
                for ln in lines
                if abs(ln.size - metrics.body_size) < 0.3 and not _margin(ln, metrics)
            ),
            None,
        )
        if page.number == 1:
            # The masthead may share the body's size (older volumes): the header sentence
            # "Vragen van ..." / "Antwoord van ..." / "Mededeling" starts the body whatever
            # its size says.
            opening = next((ln for ln in lines if HEADER_START_RE.match(ln.plain.strip())), None)
            if opening is not None and (first_body is None or opening.base < first_body.base):
                first_body = opening
        for line in lines:
            why = _furniture(line, page, metrics, first_body)
            if why:
                furniture.append(Furniture(page.number, line.plain, why))
            else:
                rest.append(line)
        # Footnotes: the first smaller line starting with a superscript number below which no
        # running text follows.
        start = None
        for i, line in enumerate(rest):
            small = line.size < metrics.body_size - 0.3
            if (
                small
                and NOTE_START_RE.match(line.text)
                and all(ln.size < metrics.body_size - 0.3 for ln in rest[i:])
            ):
                start = i
                break
        if start is None:
            body.extend(rest)
            continue
        body.extend(rest[:start])
        for line in rest[start:]:
            m = NOTE_START_RE.match(line.text)
            if m and (
                not notes or notes[-1].page != page.number or line.x0 <= notes[-1].lines[0].x0 + 1
            ):
                notes.append(Note(page.number, m.group(1), [line]))
            else:
                notes[-1].lines.append(line)
    return PageSplit(body, notes, furniture, metrics)


def _margin(line: Line, metrics: Metrics) -> bool:
    return line.x1 < metrics.body_left - 5


def _furniture(line: Line, page: Page, metrics: Metrics, first_body: Line | None) -> str | None:
    text = line.plain.strip()
    if _margin(line, metrics):
        return "margin"
    if page.number == 1 and first_body is not None and line.base > first_body.base + 0.5:
        return "masthead"
    if RUNNING_FOOT_RE.match(text):
        return "running-foot"
    if MARGIN_FURNITURE_RE.match(text):
        return "margin"
    if line.base < 0.1 * page.height and abs(line.size - metrics.body_size) >= 0.3:
        return "bottom-margin"
    if (
        PAGE_NUMBER_RE.match(text)
        and (line.base < 0.1 * page.height or line.base > 0.93 * page.height)
        and abs(line.size - metrics.body_size) >= 0.3
    ):
        return "bottom-margin"
    return None


# --- joining lines ---------------------------------------------------------------------------


def ends_paragraph(prev: Line, line: Line, metrics: Metrics) -> bool:
    """Whether the break between two consecutive lines of running text ends a paragraph."""
    if prev.page == line.page:
        pitch = prev.base - line.base
        if pitch > 1.7 * max(prev.size, line.size) or pitch < 0:
            return True
    if abs(prev.size - line.size) > 0.3:
        return True
    return short_line(prev, line, metrics) and (
        bool(_SENTENCE_END.search(prev.text)) or _starts_sentence(line.plain)
    )


def short_line(prev: Line, line: Line, metrics: Metrics) -> bool:
    """The first word of `line` would have fitted on `prev`: the break was not forced."""
    space = 0.28 * prev.size
    return prev.x1 + space + line.first_word_width() < metrics.right_margin - 0.5


def _starts_sentence(text: str) -> bool:
    return bool(re.match(r"^[\s«“\"'(]*[A-ZÀ-Þ0-9•–]", text))


class Joiner:
    """Joins the lines of one paragraph, undoing hyphenation and URL wrapping."""

    def __init__(self, all_lines: list[Line], metrics: Metrics) -> None:
        self.metrics = metrics
        words: set[str] = set()
        for line in all_lines:
            for word in re.findall(r"[\w-]+", line.plain.lower()):
                if "-" in word.strip("-"):
                    words.add(word.strip("-"))
        self.hyphenated = words

    def join(self, lines: list[Line]) -> str:
        text = lines[0].text
        for prev, line in zip(lines, lines[1:], strict=False):
            nxt = line.text
            last = text.rsplit(" ", 1)[-1]
            forced = not short_line(prev, line, self.metrics)
            if _URLISH.search(last) and forced and not last.endswith((")", ",", ";")):
                text += nxt
            elif re.search(r"[^\W\d_]-$", text) and re.match(r"^[a-zà-ÿ]", nxt):
                head = re.search(r"([\w-]*)-$", text).group(1)  # type: ignore[union-attr]
                tail = re.match(r"^[\w-]*", nxt).group(0)  # type: ignore[union-attr]
                compound = f"{head}-{tail}".lower().strip("-")
                keep = compound in self.hyphenated or head[-1:].isupper()
                text = (text if keep else text[:-1]) + nxt
            else:
                text += " " + nxt
        return text
