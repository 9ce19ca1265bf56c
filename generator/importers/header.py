"""Metadata from the header lines of a Q&A document, shared by every importer.

The official PDFs open with "Vragen van het lid X (Party) aan de minister ... over ...
(ingezonden <date>)" and "Antwoord van minister Y (Ministry) (ontvangen <date>)"; the ministries'
Word letters have a cover letter with "Datum", "Onderwerp" and a signature instead. Each parser
here reads one such line (a PDF paragraph joined into one line) or a handful of cover-letter
lines and returns a dict with the `Header` fields it found, so a caller can merge what several
parsers found with `Header.update`.

Name forms follow the corpus (shared/corpus/expected): `answered_by` is the capitalised role
plus the surname ("Minister Keijzer", "Staatssecretaris Van Rij"); a questioner is
"Surname (Party)" with a capitalised tussenvoegsel ("Van Nispen (SP)").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date

from generator.document import Metadata
from generator.grammar import DATE_RE, normalise_space, parse_date


@dataclass
class Header:
    answered_by: str | None = None
    ministry: str | None = None
    on_behalf_of: list[str] = field(default_factory=list)
    received: date | None = None
    submitted: date | None = None
    questioners: list[str] = field(default_factory=list)
    subject: str | None = None
    see_also: list[str] = field(default_factory=list)
    publication: str | None = None
    kind: str | None = None  # "answer" | "notice" | None when nothing said which
    # "Minister van Financiën": the office, for an answer line that names no person. Used as
    # answered_by only when no source names the person (`answerer`).
    office: str | None = None

    @property
    def answerer(self) -> str | None:
        return self.answered_by or self.office

    def metadata(
        self,
        *,
        title: str,
        kind: str,
        source: str,
        language: str = "nl",
        publication: str | None = None,
        subject: str | None = None,
    ) -> Metadata:
        """The front matter this header gives, with what the importer decided itself."""
        return Metadata(
            title=title,
            kind=kind,  # type: ignore[arg-type]
            language=language,
            publication=publication or self.publication,
            answered_by=self.answerer,
            received=self.received,
            questioners=list(self.questioners),
            see_also=list(self.see_also),
            source=source,
            ministry=self.ministry,
            on_behalf_of=list(self.on_behalf_of),
            submitted=self.submitted,
            subject=subject or self.subject,
        )

    def update(self, found: dict | None, *, overwrite: bool = False) -> Header:
        """Fill fields from a parser's dict; keeps what is already known unless `overwrite`.

        The first source that names a field wins (list fields too), so call it with the most
        authoritative line first: the answer line, then the questions line, then the letter.
        """
        if not found:
            return self
        names = {f.name for f in fields(self)}
        for key, value in found.items():
            if key not in names or value in (None, [], ""):
                continue
            if getattr(self, key) in (None, "", []) or overwrite:
                setattr(self, key, list(value) if isinstance(value, list) else value)
        return self


# --- small helpers ---------------------------------------------------------------------------

_ROLES = {
    "minister-president": "Minister-president",
    "minister president": "Minister-president",
    "minister": "Minister",
    "staatssecretaris": "Staatssecretaris",
    "prime minister": "Prime Minister",
    "state secretary": "State Secretary",
    "secretary of state": "Secretary of State",
}
_ROLE_RE = r"(?:minister[- ]president|minister|staatssecretaris|prime\s+minister|state\s+secretary|secretary\s+of\s+state)"  # noqa: E501
_PUBLICATION_RE = re.compile(r"\bah-(?:tk|ek)-\d{8}-\d+\b")
_RECEIVED_RE = re.compile(
    r"\((?:\s*(?:ontvangen|received)\b\s*\(?)+\s*(?P<body>[^()]*?)\s*\)", re.I
)
_SUBMITTED_RE = re.compile(
    r"\((?:\s*(?:ingezonden|submitted)\b\s*\(?)+\s*(?P<body>[^()]*?)\s*\)", re.I
)
_SEE_ALSO_RE = re.compile(r"^\s*(?:zie\s+ook|see\s+also)\s*:?\s+(?P<text>.+?)\s*$", re.I | re.S)


def clean_name(text: str) -> str:
    """NFC, spacing accents joined to their letter ("Kostic´" → "Kostić"), spaces normalised."""
    text = normalise_space(text)
    # pdftotext/pypdf print an accent as a separate spacing character after its letter.
    text = re.sub(
        r"(\w)\s?([\u00b4\u02ca])", lambda m: m.group(1) + "\u0301", text
    )  # acute accents
    text = re.sub(r"(\w)\s?\u02c7", lambda m: m.group(1) + "\u030c", text)  # caron
    text = re.sub(r"(\w)\s?\u00a8", lambda m: m.group(1) + "\u0308", text)  # diaeresis
    return unicodedata.normalize("NFC", text).strip(" ,.;:")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _role(text: str) -> str:
    return _ROLES.get(normalise_space(text).lower(), _capitalise(text.lower()))


def _balanced_group(text: str, start: int) -> int | None:
    """Index just past the ")" closing the "(" at `start`, or None when it is not closed."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _split_top_level(text: str, pattern: re.Pattern[str]) -> tuple[str, str, str] | None:
    """First match of `pattern` outside parentheses: (before, matched, after)."""
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = pattern.match(text, i)
            if m:
                return text[:i], m.group(0), text[m.end() :]
        i += 1
    return None


def parse_publication(text: str) -> str | None:
    """The official id ("ah-tk-20232024-1314") printed in a document, or None."""
    m = _PUBLICATION_RE.search(text)
    return m.group(0) if m else None


def parse_see_also(line: str) -> str | None:
    """ "Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2488" → the reference."""
    m = _SEE_ALSO_RE.match(normalise_space(line))
    if not m:
        return None
    text = m.group("text").rstrip(" .")
    return text or None


# --- "Antwoord van minister X (Ministry) (ontvangen <date>)" ---------------------------------

_ANSWER_START = re.compile(
    r"^\s*(?P<what>antwoord|mededeling|answer|notice)\s+(?:van|from|by)\s+(?P<rest>.*)$",
    re.I | re.S,
)
_PERSON = re.compile(rf"^(?P<article>(?:de|het|the)\s+)?(?P<role>{_ROLE_RE})\b\s*", re.I)
# What ends a name: a bracket, a comma, or the next member of government.
_NAME_END = re.compile(
    rf"\s*\(|\s*,|\s+mede\s+namens\b|\s+on\s+behalf\s+of\b|\s+voor\s+(?=[A-ZÀ-Þ])"
    rf"|\s+(?:en|van|and|of)\s+(?:de\s+|the\s+)?{_ROLE_RE}\b",
    re.I,
)
_OFFICE_END = re.compile(
    rf"\s*\(|\s+mede\s+namens\b|\s+on\s+behalf\s+of\b|,?\s+(?:en|and)\s+(?:de\s+|the\s+)?{_ROLE_RE}\b",
    re.I,
)
_MINISTRY_FORM = re.compile(r"^(?:van|voor|of|for)\s+(?P<ministry>.+)$", re.I)


def _person(text: str) -> tuple[dict, str] | None:
    """Read "Minister Keijzer (Asiel en Migratie)" at the start of text: (fields, rest)."""
    m = _PERSON.match(text)
    if not m:
        return None
    role = _role(m.group("role"))
    rest = text[m.end() :]
    out: dict = {}
    ministry_form = _MINISTRY_FORM.match(rest)
    if m.group("article") and ministry_form:
        # "de minister van Justitie en Veiligheid": an office without a name.
        end = _OFFICE_END.search(rest, ministry_form.start("ministry"))
        ministry = rest[ministry_form.start("ministry") : end.start() if end else len(rest)]
        out["ministry"] = normalise_space(ministry).rstrip(" ,.")
        out["office"] = f"{role} {ministry_form.group(0).split()[0].lower()} {out['ministry']}"
        return out, rest[end.start() :] if end else ""
    end = _NAME_END.search(rest)
    name = normalise_space(rest[: end.start()] if end else rest).rstrip(" ,.")
    rest = rest[end.start() :] if end else ""
    if name and re.match(r"^[^\W\d_]", name):
        out["answered_by"] = f"{role} {_capitalise(clean_name(name))}"
    stripped = rest.lstrip()
    portfolio = re.match(r"^voor\s+(?P<p>[^()]+?)(?=\s*\(|,?\s+mede\s+namens\b|$)", stripped)
    if portfolio:
        # "minister Schouten voor Armoedebeleid, Participatie en Pensioenen (...)"
        out["ministry"] = normalise_space(portfolio.group("p")).rstrip(" ,.")
        rest = stripped = stripped[portfolio.end() :].lstrip()
    if stripped.startswith("("):
        close = _balanced_group(stripped, 0)
        if close is not None:
            inner = normalise_space(stripped[1 : close - 1])
            if not re.match(r"(?:ontvangen|received|ingezonden|submitted)\b", inner, re.I):
                out["ministry"] = inner
                rest = stripped[close:]
    return out, rest


_NEXT_MEMBER = re.compile(rf",?\s+(?:en|and)\s+(?=(?:de|het|the)\s+{_ROLE_RE}\b)", re.I)


def _split_members(phrase: str) -> list[str]:
    """ "de minister van X en de minister voor Y" → ["de minister van X", "de minister voor Y"]."""
    members = []
    rest = phrase
    while (cut := _split_top_level(rest, _NEXT_MEMBER)) is not None:
        members.append(cut[0])
        rest = cut[2]
    members.append(rest)
    return [normalise_space(m).rstrip(" ,.") for m in members if m.strip(" ,.")]


def parse_answer_line(line: str) -> dict | None:
    """Metadata from "Antwoord van minister Keijzer (Asiel en Migratie) (ontvangen <date>)".

    Returns a dict with some of: kind ("answer" / "notice" for "Mededeling van ..."),
    answered_by ("Minister Keijzer"), ministry, on_behalf_of (the other members of government,
    as written), received, see_also (a "Zie ook ..." sentence that follows on the same line).
    None when the line is not such a line.
    """
    text = normalise_space(line)
    m = _ANSWER_START.match(text)
    if not m:
        return None
    rest = m.group("rest")
    if not _PERSON.match(rest):
        return None
    what = m.group("what").lower()
    out: dict = {"kind": "notice" if what in ("mededeling", "notice") else "answer"}
    received = _RECEIVED_RE.search(rest)
    tail = ""
    if received:
        out["received"] = parse_date(received.group("body"))
        tail = rest[received.end() :]
        rest = rest[: received.start()]
    elif (d := DATE_RE.search(rest)) and re.search(
        r"(?:ontvangen|received)\s*$", rest[: d.start()]
    ):
        out["received"] = parse_date(d.group(0))  # "(ontvangen 7 juni 2024" with no ")"
        tail = rest[d.end() :]
        rest = re.sub(r"\(?\s*(?:ontvangen|received)\s*$", "", rest[: d.start()], flags=re.I)
    see_also = parse_see_also(tail.lstrip(" .)"))
    if see_also:
        out["see_also"] = [see_also]
    first = _person(rest)
    if first is None:
        return None
    out.update(first[0])
    rest = first[1]
    others: list[str] = []
    while rest.strip(" ,."):
        part = rest.strip().lstrip(",").strip()
        namens = re.match(r"^(?:mede\s+namens|on\s+behalf\s+of)\s+(?P<who>.+)$", part, re.I | re.S)
        joined = re.match(
            rf"^(?:en|van|and|of)\s+(?P<who>(?:de\s+|the\s+)?{_ROLE_RE}\b.*)$", part, re.I | re.S
        )
        if namens:
            who = namens.group("who")
        elif joined:
            who = joined.group("who")
        else:
            break
        # The next "en minister Y" / "mede namens" starts another phrase.
        nxt = _split_top_level(who, re.compile(r",?\s+(?:mede\s+namens|on\s+behalf\s+of)\s+", re.I))
        phrase = nxt[0] if nxt else who
        # "... de minister van X en de minister voor Y": two members of government.
        for member in _split_members(phrase):
            others.append(member)
        rest = (nxt[1] + nxt[2]) if nxt else ""
    if others:
        out["on_behalf_of"] = others
    return out


# --- "Vragen van het lid X (Party) aan ... over ... (ingezonden <date>)" ---------------------

_QUESTIONS_START = re.compile(
    r"^\s*(?:beantwoording\s+(?:van\s+)?(?:de\s+)?)?"
    r"(?:schriftelijke\s+)?(?:kamervragen|vragen|questions)\s+"
    r"(?:(?:gesteld\s+)?(?:van|door|from|by)\s+)?"
    r"(?:(?:het\s+)?lid|(?:de\s+)?leden|(?:the\s+)?members?|(?:the\s+)?member)\s+"
    r"(?P<rest>.*)$",
    re.I | re.S,
)
_LIST_END = re.compile(r"\s+(?:aan|over|to|about|on)\s+|\s*\((?:ingezonden|submitted)\b", re.I)
_SUBJECT = re.compile(r"\s+(?:over|about)\s+", re.I)
_PARTY_PREFIX = re.compile(r"^(?:beiden|beide|allen|alle|both|all)\s+", re.I)


def parse_questioners(text: str) -> list[str]:
    """ "Sneller (D66), Chakor (GroenLinks-PvdA) en Van Nispen (SP)" → ["Sneller (D66)", ...].

    A party after several names belongs to each ("Lahlah en Chakor (GroenLinks-PvdA)",
    "Temmink en Van Nispen (beiden SP)").
    """
    result: list[str] = []
    pending: list[str] = []
    pos = 0
    text = normalise_space(text)

    def names(chunk: str) -> list[str]:
        parts = re.split(r"\s*,\s*|\s+(?:en|and|&)\s+", chunk.strip(" ,"))
        out = []
        for part in parts:
            part = re.sub(
                r"^(?:en|and|het\s+lid|de\s+leden|lid|leden)\s+", "", part.strip(), flags=re.I
            )
            part = clean_name(part)
            if part and re.match(r"^[^\W\d_]", part):
                out.append(_capitalise(part))
        return out

    while pos < len(text):
        open_at = text.find("(", pos)
        if open_at < 0:
            pending.extend(names(text[pos:]))
            break
        close = _balanced_group(text, open_at)
        if close is None:
            pending.extend(names(text[pos:open_at]))
            break
        pending.extend(names(text[pos:open_at]))
        party = _PARTY_PREFIX.sub("", normalise_space(text[open_at + 1 : close - 1]))
        result.extend(f"{name} ({party})" if party else name for name in pending)
        pending = []
        pos = close
    result.extend(pending)
    return result


def parse_questions_line(line: str) -> dict | None:
    """Metadata from "Vragen van het lid X (Party) aan ... over ... (ingezonden <date>)".

    Also reads the cover letter's "Beantwoording Kamervragen van de leden X en Y (Party) over ..."
    and "Kamervragen lid X (Party) over ...". Returns questioners, subject and submitted when
    present; None when the line is not such a line or names nobody.
    """
    text = normalise_space(line)
    m = _QUESTIONS_START.match(text)
    if not m:
        return None
    rest = m.group("rest")
    out: dict = {}
    submitted = _SUBMITTED_RE.search(rest)
    if submitted:
        out["submitted"] = parse_date(submitted.group("body"))
        rest = rest[: submitted.start()]
    split = _split_top_level(rest, _LIST_END)
    names_text, after = (split[0], split[1] + split[2]) if split else (rest, "")
    questioners = parse_questioners(names_text)
    if not questioners:
        return None
    out["questioners"] = questioners
    subject = _split_top_level(after, _SUBJECT)
    if subject:
        out["subject"] = normalise_space(subject[2]).rstrip(" .") or None
    return {k: v for k, v in out.items() if v is not None}


def parse_annex_title(line: str) -> dict | None:
    """ "Antwoorden van de minister van X mede namens de minister van Y op Kamervragen van ..."

    The title of the annex of a ministry letter: ministry, on_behalf_of, and what
    `parse_questions_line` finds in the "Kamervragen ..." part. None for other lines.
    """
    text = normalise_space(line)
    m = re.match(
        rf"^(?:antwoorden|antwoord|answers?)\s+(?:van|from|by)\s+(?P<who>(?:de\s+|the\s+)?{_ROLE_RE}\b.*?)"
        r"\s+(?:op|to)\s+(?P<questions>(?:de\s+)?(?:schriftelijke\s+)?(?:kamer)?(?:vragen|questions)\b.*)$",
        text,
        re.I,
    )
    if not m:
        # "Antwoorden op Kamervragen van het lid X (Party) over ...": no answerer named.
        bare = re.match(
            r"^(?:antwoorden|antwoord|answers?)\s+(?:op|to)\s+(?:de\s+)?(?:schriftelijke\s+)?"
            r"(?P<questions>(?:kamer)?(?:vragen|questions)\b.*)$",
            text,
            re.I,
        )
        return parse_questions_line(bare.group("questions")) if bare else None
    out: dict = {}
    who = m.group("who")
    parts = re.split(r",?\s+(?:mede\s+namens|on\s+behalf\s+of)\s+", who, maxsplit=1, flags=re.I)
    person = _person(parts[0])
    if person:
        out.update(person[0])
    if len(parts) > 1:
        out["on_behalf_of"] = [normalise_space(parts[1]).rstrip(" ,.")]
    questions = parse_questions_line(m.group("questions"))
    if questions:
        out.update(questions)
    return out


# --- cover letter ----------------------------------------------------------------------------

_SIGNATURE_OFFICE = re.compile(
    rf"^(?P<role>{_ROLE_RE})\s+(?:van|voor|of|for)\s+(?P<ministry>.+?)\s*,?$", re.I
)
# Academic and legal titles before a signer's initials ("mr. drs. M.L.A. van Rij").
_TITLES = r"(?:(?:mr|mw|dhr|drs|dr|ir|ing|prof|ds|bc|ma|msc|ll\.?m)\.?\s+)*"
_SIGNATURE_NAME = re.compile(
    rf"^{_TITLES}(?P<initials>(?:[A-ZÀ-Þ][a-zà-ÿ]{{0,2}}\.\s*)+)(?P<surname>[^\W\d_][\w'’ .-]*)$",
    re.I,
)
# A name written out: "Conny Helder", "Eelco Heinen", "Hugo de Jonge" (two to five words).
_FULL_NAME = re.compile(
    rf"^{_TITLES}(?P<given>[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)\s+"
    r"(?P<surname>(?:(?:van|de|der|den|ter|ten|te|het|'t|la|le|du|von)\s+)*"
    r"[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+)?)$"
)
_SMALL_WORDS = {"en", "van", "voor", "de", "het", "der", "of", "and", "for", "the"}


def _office_case(text: str) -> str:
    """ "FINANCIËN" → "Financiën", "VOLKSGEZONDHEID, WELZIJN EN SPORT" → "Volksgezondheid, ..."."""
    if not text.isupper():
        return text
    words = text.lower().split(" ")
    return " ".join(
        w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def signature_minister(lines: list[str]) -> dict | None:
    """Signer of a cover letter: "De minister van Justitie en Veiligheid" + "D. Yeşilgöz-Zegerius".

    Returns answered_by ("Minister Yeşilgöz-Zegerius"), ministry ("Justitie en Veiligheid") and
    on_behalf_of from a "Mede namens de minister van ...," line; None when no office line is
    followed (within a few non-empty lines) by a name with initials.
    """
    clean = [normalise_space(x) for x in lines]
    out: dict = {}
    for text in clean:
        m = re.match(r"^(?:mede\s+namens|on\s+behalf\s+of)\s+(?P<who>.+?)[,.]?$", text, re.I)
        if m:
            out.setdefault("on_behalf_of", []).append(m.group("who"))
    for i, text in enumerate(clean):
        office = _SIGNATURE_OFFICE.match(re.sub(r"^(?:de|het|the)\s+", "", text, flags=re.I))
        if not office:
            continue
        following = [t for t in clean[i + 1 :] if t][:4]
        for candidate in following:
            name = _SIGNATURE_NAME.match(candidate) or _FULL_NAME.match(candidate)
            if name:
                surname = _capitalise(clean_name(name.group("surname")))
                out["answered_by"] = f"{_role(office.group('role'))} {surname}"
                out["ministry"] = _office_case(office.group("ministry"))
                return out
    return out if out.get("answered_by") else None


def parse_cover_letter(lines: list[str]) -> dict:
    """Everything a ministry's cover letter says about the answers.

    "Datum 16 mei 2024" → received; "Onderwerp Beantwoording Kamervragen van ..." →
    questioners, subject; the signature → answered_by, ministry, on_behalf_of.
    """
    header = Header(kind="answer")
    dated = None  # "Den Haag, 12 maart 2024": the date when there is no "Datum" line
    for raw in lines:
        text = normalise_space(raw)
        date_line = re.match(r"^(?:datum|date)\b\s*:?\s*(?P<value>.+)$", text, re.I)
        if date_line and header.received is None:
            header.received = parse_date(date_line.group("value"))
        place_date = re.match(r"^(?:den\s+haag|[’']s-gravenhage)\s*,?\s*(?P<value>.+)$", text, re.I)
        if place_date and dated is None:
            dated = parse_date(place_date.group("value"))
        subject_line = re.match(
            r"^(?:onderwerp|betreft|subject)\b\s*:?\s*(?P<value>.+)$", text, re.I
        )
        if subject_line:
            header.update(parse_questions_line(subject_line.group("value")))
    if header.received is None:
        header.received = dated
    header.update(signature_minister(lines))
    return {f.name: getattr(header, f.name) for f in fields(header)}
