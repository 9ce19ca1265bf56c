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

from generator.document import Diagnostic, Metadata
from generator.grammar import DATE_RE, normalise_space, parse_date
from generator.ministries import normalise as normalise_ministry


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
    portfolio: str | None = None
    kamer_reference: str | None = None  # "2023Z19677"
    letter_date: date | None = None
    letter_reference: str | None = None  # "Ons kenmerk 5164758"

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
        """The front matter this header gives, with what the importer decided itself.

        `ministry` is normalised against the table of ministries (generator/ministries.py);
        a portfolio written with it ("Financiën – Fiscaliteit en Belastingdienst") goes to
        `portfolio`.
        """
        ministry, portfolio = self.ministry, self.portfolio
        if ministry:
            found = normalise_ministry(ministry)
            ministry, portfolio = found.name, portfolio or found.portfolio
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
            ministry=ministry,
            portfolio=portfolio,
            on_behalf_of=list(self.on_behalf_of),
            submitted=self.submitted,
            subject=subject or self.subject,
            kamer_reference=self.kamer_reference,
            letter_date=self.letter_date,
            letter_reference=self.letter_reference,
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
            elif key == "questioners" and _with_parties(value) > _with_parties(self.questioners):
                # A line cut short ("Projectnaam" in a letterhead) names the questioners
                # without their party; a later line that gives the parties wins.
                self.questioners = list(value)
        return self


def _with_parties(questioners: list[str]) -> int:
    return sum(1 for q in questioners if q.rstrip().endswith(")"))


def ministry_diagnostic(meta: Metadata, source: str) -> Diagnostic | None:
    """An info diagnostic when the document's ministry is not in the table of ministries."""
    if not meta.ministry or normalise_ministry(meta.ministry).known:
        return None
    return Diagnostic(
        source,
        None,
        "info",
        "ministry-unknown",
        f"the ministry '{meta.ministry}' is not in the table of ministries "
        "(generator/data/ministries.yaml); it is kept as written",
    )


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
    r"(?:(?:het\s+)?(?:kamer)?lid|(?:de\s+)?(?:kamer)?leden|(?:the\s+)?members?)\s+"
    r"(?P<rest>.*)$",
    re.I | re.S,
)
_LIST_END = re.compile(r"\s+(?:aan|over|to|about|on)\s+|\s*\((?:ingezonden|submitted)\b", re.I)
_SUBJECT = re.compile(r"\s+(?:over|about)\s+", re.I)
# "en het lid", "de leden", "Kamerlid" before a name in a list of questioners.
_MEMBER_WORDS = re.compile(
    r"^(?:(?:en|and)\s+)?(?:(?:(?:het|de|the)\s+)?(?:(?:kamer)?(?:lid|leden)|members?)\s+)?",
    re.I,
)
# Dutch tussenvoegsels, for a surname printed with its prefix glued on ("vanDijk").
_TUSSENVOEGSELS = ("van", "von", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "uit")
_GLUED = re.compile(rf"^(?P<prefix>(?i:{'|'.join(_TUSSENVOEGSELS)})+?)(?P<rest>[A-ZÀ-Þ][\w'’-]*)$")


def _prefix_words(glued: str) -> list[str] | None:
    """ "vander" → ["van", "der"]: the tussenvoegsels a run of letters is made of, or None."""
    if not glued:
        return []
    for word in sorted(_TUSSENVOEGSELS, key=len, reverse=True):
        if glued.lower().startswith(word):
            rest = _prefix_words(glued[len(word) :])
            if rest is not None:
                return [word, *rest]
    return None


def split_glued_prefix(name: str) -> str:
    """ "vanDijk" → "Van Dijk", "VanderLee" → "Van der Lee"; other names stay as they are.

    Only a capital letter right after a run of tussenvoegsels marks the glue, so "Vandermeer"
    and "Tenhaeff" keep their spelling. The first tussenvoegsel is capitalised, as Dutch writes
    a surname without initials.
    """
    tokens = name.split(" ")
    out: list[str] = []
    for token in tokens:
        m = _GLUED.match(token)
        words = _prefix_words(m.group("prefix")) if m and m.group("rest")[:1].isupper() else None
        if not words:
            out.append(token)
            continue
        out.extend([*(w.lower() for w in words), m.group("rest")])
    if len(out) > len(tokens) and out[0].lower() in _TUSSENVOEGSELS:
        out[0] = out[0].capitalize()
    return " ".join(out)


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
            part = _MEMBER_WORDS.sub("", part.strip())
            part = split_glued_prefix(clean_name(part))
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


_CLOSING = re.compile(
    r"^(?:hoogachtend|met\s+(?:vriendelijke|hoogachtende)\s+groet(?:en)?|yours\s+sincerely)[,.]?$",
    re.I,
)
_DATE_LINE = re.compile(r"^(?:datum|date)\b\s*:?\s*\S", re.I)
_ON_BEHALF_LINE = re.compile(r"^(?:mede\s+namens|on\s+behalf\s+of)\s+.+$", re.I)


def trailing_signature(lines: list[str]) -> int:
    """How many of the last lines are a letter's signature block (0 when they are not).

    A letter signed at its end: an optional place and date ("Den Haag, 11 januari 2024"), a
    closing ("Hoogachtend,"), "Mede namens ..." lines, the office line ("De minister van
    Justitie en Veiligheid,") and the signer's name. The office line and the name must both be
    there, the name last, so an answer that ends by naming a minister is not cut.
    """
    clean = [normalise_space(x) for x in lines]
    if not clean:
        return 0
    last = clean[-1]
    if not (_SIGNATURE_NAME.match(last) or _FULL_NAME.match(last)):
        return 0
    k = len(clean) - 1
    office = False
    while k > 0:
        text = clean[k - 1]
        bare = re.sub(r"^(?:de|het|the)\s+", "", text, flags=re.I)
        if _SIGNATURE_OFFICE.match(bare) and len(text) <= 120:
            office = True
        elif not (
            _CLOSING.match(text)
            or _ON_BEHALF_LINE.match(text)
            or ((_PLACE_DATE.match(text) or _DATE_LINE.match(text)) and DATE_RE.search(text))
        ):
            break
        k -= 1
    return len(clean) - k if office else 0


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


# The Tweede Kamer's number of a set of questions: "2023Z19677" (year, Z, serial).
KAMER_REFERENCE_RE = re.compile(r"\b(?:19|20)\d{2}Z\d{4,6}\b")
# "In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, ...": the Kamer's letter.
_YOUR_LETTER = re.compile(
    r"\buw\s+brief\s+van\s+[^,]{4,40}?,?\s+(?:nr\.?|nummer|kenmerk)\s*:?\s*(?P<ref>[\w./-]*\d[\w./-]*)",
    re.I,
)
_LABELLED = re.compile(
    r"^(?P<label>datum|date|ons\s+kenmerk|uw\s+kenmerk|uw\s+referentie|our\s+reference|"
    r"your\s+reference)\b\s*:?\s*(?P<value>.*)$",
    re.I,
)
# "... deel ik u mede dat de vragen van de leden X en Y (beiden SP) aan ...": mid-sentence.
_QUESTIONS_IN_SENTENCE = re.compile(
    r"\b(?:schriftelijke\s+)?(?:kamer)?vragen\s+(?:gesteld\s+)?(?:van|door)\s+"
    r"(?:het|de)\s+(?:kamer)?(?:lid|leden)\b",
    re.I,
)
_PLACE_DATE = re.compile(r"^(?:den\s+haag|[’']s-gravenhage)\s*,?\s*(?P<value>.+)$", re.I)


def _labelled_values(lines: list[str]) -> dict[str, str]:
    """ "Datum 16 mei 2024", "Ons kenmerk" + next line "5164758": label → value (first wins).

    A letterhead table that Tika or Word gives cell by cell puts the value on the next line.
    """
    out: dict[str, str] = {}
    for i, text in enumerate(lines):
        m = _LABELLED.match(text)
        if not m:
            continue
        label = normalise_space(m.group("label")).lower()
        value = m.group("value").strip()
        if not value:
            value = next((t for t in lines[i + 1 : i + 3] if t and not _LABELLED.match(t)), "")
        if value and label not in out:
            out[label] = value
    return out


def parse_kamer_reference(lines: list[str]) -> str | None:
    """The Kamer's reference of the questions a letter answers ("2023Z19677"), or None."""
    for text in lines:
        m = KAMER_REFERENCE_RE.search(text)
        if m:
            return m.group(0)
    for text in lines:
        m = _YOUR_LETTER.search(text)
        if m:
            return m.group("ref").rstrip(".,")
    labelled = _labelled_values(lines)
    for label in ("uw kenmerk", "uw referentie", "your reference"):
        ref = labelled.get(label, "").split(" ")[0].rstrip(".,")
        if re.search(r"\d", ref):
            return ref
    return None


def parse_cover_letter(lines: list[str]) -> dict:
    """Everything a ministry's cover letter says about the answers.

    "Datum 16 mei 2024" (or "Den Haag, 16 mei 2024") → received and letter_date; "Onderwerp
    Beantwoording Kamervragen van ..." (or a sentence "... dat de vragen van de leden ...") →
    questioners, subject; the signature → answered_by, ministry, on_behalf_of; "uw brief van
    ..., nr. 2023Z19677" → kamer_reference; "Ons kenmerk 5164758" → letter_reference.
    """
    clean = [normalise_space(raw) for raw in lines]
    header = Header(kind="answer")
    labelled = _labelled_values(clean)
    for label in ("datum", "date"):
        if label in labelled and header.received is None:
            header.received = parse_date(labelled[label])
    dated = None  # "Den Haag, 12 maart 2024": the date when there is no "Datum" line
    for text in clean:
        place_date = _PLACE_DATE.match(text)
        if place_date and dated is None:
            dated = parse_date(place_date.group("value"))
        subject_line = re.match(
            r"^(?:onderwerp|betreft|subject)\b\s*:?\s*(?P<value>.+)$", text, re.I
        )
        if subject_line:
            header.update(parse_questions_line(subject_line.group("value")))
    for text in clean:
        sentence = _QUESTIONS_IN_SENTENCE.search(text)
        if sentence:
            header.update(parse_questions_line(text[sentence.start() :]))
    if header.received is None:
        header.received = dated
    header.letter_date = header.received
    header.kamer_reference = parse_kamer_reference(clean)
    ours = labelled.get("ons kenmerk") or labelled.get("our reference")
    if ours and re.search(r"\d", ours):
        header.letter_reference = ours.split(" ")[0].rstrip(".,")
    header.update(signature_minister(lines))
    return {f.name: getattr(header, f.name) for f in fields(header)}
