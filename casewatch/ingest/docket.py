"""Court dockets -> one case, its defendants and its milestone events.

Two public formats are read (see FACTS.md): juriscraper's PACER docket JSON (``parties`` with a
``type`` each, ``docket_entries`` with their text) and a CourtListener REST v4 docket (its
``parties`` given inline as a list or as the ``/parties/?docket=ID`` page ``{"results": [...]}``,
or the two side by side as ``{"docket": {...}, "parties": ...}``). A file may also hold a list of
dockets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from casewatch.ingest.errors import FileRejected

# Nature-of-suit codes of IP cases (FACTS.md); anything else is "other".
NOS_IP = {"820": "copyright", "830": "patent", "835": "patent", "840": "trademark"}
SCHEDULE_A = re.compile(r"schedule\s*[\"“”']?\s*a\b|partnerships\s+and\s+unincorporated\s+associations", re.IGNORECASE)
# "Does 1-109", "DOES 1 through 50", "John Does 1-10", "Does", a Schedule A party.
AGGREGATE = re.compile(
    r"^\s*(john\s+|jane\s+)?does\b(\s*\d+\s*(-|–|to|through)\s*\d+)?\s*$|" + SCHEDULE_A.pattern,
    re.IGNORECASE,
)
# Milestones in docket-entry text, first match wins. A motion, brief or notice of motion asking
# for an order is not the order.
MILESTONES = (
    ("default_judgment", re.compile(r"default\s+judgment|judgment\s+by\s+default", re.IGNORECASE)),
    ("pi", re.compile(r"preliminary\s+injunction", re.IGNORECASE)),
    ("tro", re.compile(r"temporary\s+restraining\s+order|\bTRO\b", re.IGNORECASE)),
    ("settled", re.compile(r"\bsettle(d|ment)\b(?!\s+conference)", re.IGNORECASE)),
    ("dismissed", re.compile(r"dismiss(al|ed|ing)?\b", re.IGNORECASE)),
    ("closed", re.compile(r"case\s+(closed|terminated)|civil\s+case\s+terminated", re.IGNORECASE)),
)
# An order extending a TRO (FRCP 65(b)(2): "for a like period") is another tro event. It is read
# before a PI ("motion to extend the TRO until the preliminary injunction hearing [30] is granted"
# extends the TRO and enters no PI), and a minute entry stating "the TRO [20] is extended" grants
# it. Its expiry runs on from the TRO's: macro tro_extension of migration 042 has this pattern,
# for member_matters (tests/unit/test_tro_extensions.py checks that the two agree). Between "extend"
# and the TRO, or the TRO and "extended", only words that name the order ("the sealed", "[20]
# entered on 1/22/2024"): "the time to respond to the TRO motion is extended" extends no TRO.
_TRO = r"(temporary\s+restraining\s+order|TRO)"
_OF_THE_ORDER = (
    r"(the|said|sealed|court's|existing|ex\s+parte|prior|previously|entered|issued|current|original|amended|\[[^\]]*\])"
)
_NAMING_THE_ORDER = (
    r"(\[[^\]]*\]|\(\S*\)|entered|issued|granted|previously|dated|on|of|against|all|defendants|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|[\d/.,-]+)"
)
TRO_EXTENSION = re.compile(
    rf"\bextend(s|ed|ing)?\s+({_OF_THE_ORDER}\s+){{0,3}}{_TRO}\b"
    rf"|\bextension\s+of\s+({_OF_THE_ORDER}\s+){{0,3}}{_TRO}\b"
    rf"|\b{_TRO}(\s+{_NAMING_THE_ORDER}){{0,6}}\s+((is|are|be|been|was)\s+)?(hereby\s+)?extended\b"
    rf"|\b{_TRO}\s+extension\b",
    re.IGNORECASE,
)
NOT_AN_ORDER = re.compile(
    r"^\s*((amended|sealed|ex\s+parte|emergency|renewed|unopposed)\s+)*"
    r"(notice\s+of\s+motion|motion|memorandum|brief|response|reply|opposition|objection|"
    r"declaration|affidavit|exhibit|proposed|placed\s+in\s+file|complaint|civil\s+cover|"
    r"summons|notice\s+of\s+(deficienc|appearance|presentment))",
    re.IGNORECASE,
)
# A minute entry records a milestone only when it grants or enters it (N.D. Ill.: "MINUTE entry
# before ...: Plaintiff's motion for entry of a temporary restraining order [12] is granted.");
# hearings, conferences and denials are not milestones.
MINUTE = re.compile(r"^\s*((amended|sealed|corrected)\s+)*minutes?(\s+(entry|order))?\b", re.IGNORECASE)
MOTION_TO = re.compile(r"motion\s+(for|to)\b[^.]{0,40}$", re.IGNORECASE)
AN_ORDER = re.compile(
    r"^\s*(sealed\s+)?(order|final\s+judgment|judgment|minute\s+order|stipulation\s+and\s+order)\b", re.I
)
# What the court did with what a clause mentions. An active verb governs what follows it ("ORDER
# denying motion for TRO", "granting the motion to seal and denying the TRO"), a passive one what
# precedes it ("motion for TRO [13] is denied"); the nearer of the two decides. "Denying in part"
# beside a grant is not a denial: a TRO granted in part is entered.
VERDICT_BEFORE = re.compile(
    r"\b(?P<grant>grant(s|ing)?|enter(s|ing)?)\b|"
    r"\b(?P<deny>den(y|ies|ying)|declin(e|es|ing)(\s+to\s+(enter|grant|issue))?|strik(e|es|ing))\b(?!\s+in\s+part)",
    re.IGNORECASE,
)
# "... is entered and continued" is N.D. Ill.'s wording for a motion put off, not granted: no verdict.
VERDICT_AFTER = re.compile(
    r"\b(?P<grant>granted|entered\b(?!\s+and\s+continued))|"
    r"\b(?P<deny>denied|declined|withdrawn|stricken|moot)\b(?!\s+in\s+part)",
    re.IGNORECASE,
)
# Clauses end at a semicolon or a full stop before a capital (not "No. 2", "Inc., ...", "[12].").
CLAUSE_END = re.compile(r";|\.(?=\s+[A-Z(]|\s*$)")


# Whom an ending entry (a dismissal, settlement or default judgment) is about. Schedule A dockets
# end defendants one or a few at a time ("NOTICE of Voluntary Dismissal ... as to Defendant No. 2
# (Random Store)", "... as to Defendants Nos. 3, 5 and 7-9", "... the Defendants identified in
# Schedule A lines 12-14"), so such an entry ends the case only when it says so.
ENDINGS = ("default_judgment", "settled", "dismissed")
# "(Attachments: # 1 Schedule A)" and "(Entered: 12/04/2026)" name documents, not defendants.
ASIDES = re.compile(r"\((attachments|entered|modified)\b[^)]*\)", re.IGNORECASE)
WHOLE_CASE = re.compile(
    r"case\s+(closed|terminated)|civil\s+case\s+terminated|\bJS-6\b|entire\s+(action|case)", re.IGNORECASE
)
# Said of the case, when no particular defendant is named.
WHOLE_CASE_UNNAMED = re.compile(
    r"\b(dismiss(ing|ed|al\s+of)|settl(ing|ed|ement\s+of))\s+(the|this)\s+(case|action)\b|"
    r"\b(the|this)\s+(case|action)\s+(is|are|has\s+been|was)?\s*(hereby\s+)?(dismissed|settled)\b|"
    r"\ball\s+(remaining\s+|of\s+the\s+)?defendants\b|"
    r"\bdefendants\s+((identified|listed|named)\s+)?(on|in)\s+(the\s+)?(amended\s+)?schedule\s*[\"“”']?a\b"
    r"(?![\"“”']?\s*(lines?|rows?|nos?\b|numbers?))",
    re.IGNORECASE,
)
# "3", "7-9", "3, 5 and 7-9", "12 through 14 & 20"
_SPAN = r"\d{1,5}(\s*(-|–|—|to|through)\s*\d{1,5})?"
_NUMBERS = rf"{_SPAN}((\s*,\s*(and\s+|&\s*)?|\s+and\s+|\s*&\s*){_SPAN})*"
BY_NUMBER = re.compile(
    rf"\bdefendants?\s+((nos?|numbers?|#)\.?\s*)?(?P<a>{_NUMBERS})\b|"
    rf"\bschedule\s*[\"“”']?a[\"“”']?\s*,?\s*(as\s+)?(lines?|rows?|nos?\.?|numbers?)\s*(?P<b>{_NUMBERS})\b|"
    rf"\b(lines?|rows?)\s+(?P<c>{_NUMBERS})\s+(of|on|in)\s+(the\s+)?(amended\s+)?schedule\s*[\"“”']?a\b",
    re.IGNORECASE,
)
RANGE = re.compile(r"(\d+)\s*(?:-|–|—|to|through)\s*(\d+)|(\d+)", re.IGNORECASE)
# "as to [the] [following] Defendant(s) <names>" up to a bracket, a clause's end or a closing phrase.
AS_TO = re.compile(
    r"\bas\s+to\s+(the\s+)?(following\s+)?(defendants?\b\s*:?\s*)?(?P<names>.+?)"
    r"(?=\s*[(\[;]|\.\s|\.$|$|\s+(only|with(out)?\s+prejudice|pursuant|filed\s+by|signed|by\s+judge)\b)",
    re.IGNORECASE,
)
# Not names: "as to all / certain defendants", "as to the defendants identified on Schedule A",
# "as to the defaulting defendants".
NOT_NAMES = re.compile(
    r"(all|certain|some|several|each|any|the\s+case|this\s+action|(identified|listed|named|defaulting)\b|(on|in)\s)",
    re.I,
)
# "All defendants except No. 3" names whom it does not end.
EXCEPT = re.compile(r"\b(except|other\s+than|excluding|save\s+for)\b", re.IGNORECASE)
MOST_NAMED = 5000  # a longer range is a misreading, not a list


@dataclass(frozen=True)
class Named:
    """Whom an ending entry is about: the whole case; defendants by number (Schedule A lines,
    which may be stored after the docket); or the text naming them by store name, for the import
    to match against the case's stored defendants. None of these: some defendants it does not
    name in a form read here, which ends no one's matter."""

    whole_case: bool = False
    numbers: tuple[int, ...] = ()
    names: tuple[str, ...] = ()


CASE = Named(whole_case=True)


def _numbers(listed: str) -> list[int]:
    found: list[int] = []
    for low, high, single in RANGE.findall(listed):
        if single:
            found.append(int(single))
        elif 0 <= int(high) - int(low) <= MOST_NAMED:
            found.extend(range(int(low), int(high) + 1))
    return found


def defendants_named(description: str, kind: str = "") -> Named:
    """Whom an ending entry of ``kind`` is about (see Named): whole case when it ends the case
    ("Civil case terminated", "the entire action") or, naming no defendant, says it of the case or
    of all defendants, or is a default judgment (entered against the defaulting Schedule A
    defendants: "motion for entry of default and default judgment [40] is granted"); else the
    defendants it names by number, else by name."""
    text = ASIDES.sub(" ", description)
    if WHOLE_CASE.search(text):
        return Named(whole_case=True)
    if EXCEPT.search(text):
        return Named()
    numbers = [n for m in BY_NUMBER.finditer(text) for n in _numbers(m.group("a") or m.group("b") or m.group("c"))]
    if numbers:
        return Named(numbers=tuple(sorted(set(n for n in numbers if n >= 1))))
    names = tuple(m.group("names").strip(" ,:") for m in AS_TO.finditer(text) if not NOT_NAMES.match(m.group("names")))
    if names:
        return Named(names=names)
    return Named(whole_case=kind == "default_judgment" or bool(WHOLE_CASE_UNNAMED.search(text)))


def _key(name: str) -> str:
    """A store or party name reduced for matching: lower case, letters and digits, single spaces."""
    return " ".join(re.sub(r"[^\w\s]|_", "", name.lower()).split())


def named_defendants(named: Named, stores: dict[int, str]) -> list[int]:
    """The numbers of the defendants ``named`` names among a case's stored ``stores`` (number ->
    store name): each store whose name appears whole in the naming text, but not one whose name
    only appears inside another matched store's name ("Shop" in "Random Shop")."""
    if not named.names:
        return list(named.numbers)
    text = f" {' '.join(_key(n) for n in named.names)} "
    found = {no: key for no, name in stores.items() if (key := _key(name)) and f" {key} " in text}
    return sorted(no for no, key in found.items() if not any(key != other and key in other for other in found.values()))


@dataclass
class Docket:
    """One docket read into the columns of cases, defendants and events."""

    court: str
    docket_number: str
    case_name: str
    filed_on: str
    closed_on: str | None
    nature_of_suit: str
    ip_type: str
    case_kind: str
    plaintiff: str | None
    law_firm: str | None
    source: str
    source_ref: str | None
    defendants: list[tuple[str, bool]] = field(default_factory=list)  # (name, is_aggregate)
    # (date, kind, detail, whom it is about); an ending kind may come several times a day
    events: list[tuple[str, str, str, Named]] = field(default_factory=list)
    # milestone entries with no date at all ("#31 MINUTE entry: ..."): the import names them
    undated: list[str] = field(default_factory=list)
    # the docket states its termination date, empty or not (a null one: not terminated, or reopened)
    terminated_given: bool = False

    @property
    def case_id(self) -> str:
        return f"{self.court}:{self.docket_number}"


def ip_type_of(nature_of_suit: str, text: str) -> str:
    """820 copyright, 830/835 design or utility patent (by 'design' in the text), 840 trademark."""
    code = (re.match(r"\s*(\d{3})", nature_of_suit or "") or [None, ""])[1]
    kind = NOS_IP.get(code or "", "other")
    if kind == "patent":
        return "design_patent" if re.search(r"\bdesign\b", text, re.IGNORECASE) else "utility_patent"
    return kind


def _verdict(head: str, start: int, end: int) -> str | None:
    """'grant', 'deny' or None: what the clause around head[start:end] says the court did with it."""
    clause_start = max((m.end() for m in CLAUSE_END.finditer(head, 0, start)), default=0)
    after = CLAUSE_END.search(head, end)
    clause_end = after.start() if after else len(head)
    before = list(VERDICT_BEFORE.finditer(head, clause_start, start))
    following = VERDICT_AFTER.search(head, end, clause_end)
    found = [(start - before[-1].end(), before[-1])] if before else []
    if following:
        found.append((following.start() - end, following))
    if not found:
        return None
    _, nearest = min(found, key=lambda distance_match: distance_match[0])
    return "grant" if nearest.group("grant") else "deny"


def _extends_tro(head: str, minute: bool) -> bool:
    """True when the entry extends a TRO (grants a motion to extend it, or states it extended) and
    does not deny the extension."""
    extension = TRO_EXTENSION.search(head)
    if not extension:
        return False
    verdict = _verdict(head, extension.start(), extension.end())
    if verdict == "deny":
        return False
    if verdict == "grant" or extension.group(0).lower().endswith("extended"):
        return True
    return not minute and (AN_ORDER.match(head) is not None or not MOTION_TO.search(head[: extension.start()]))


def milestone_of(description: str) -> str | None:
    """The milestone an entry records, or None for motions, briefs, denials and everything else.

    An entry counts for a milestone it grants, enters or states ("TEMPORARY RESTRAINING ORDER",
    "Defendant No. 2 is dismissed"), never for one it denies, strikes or finds moot, whatever else
    it grants; a minute entry counts only for what it grants or enters, or a dismissal or
    termination it states. An order extending a TRO is a tro (one mentioning the PI hearing too)."""
    head = description.strip()
    if not head or NOT_AN_ORDER.match(head):
        return None
    minute = bool(MINUTE.match(head))
    for kind, pattern in MILESTONES:
        if kind == "pi" and _extends_tro(head, minute):  # a default judgment still comes first
            return "tro"
        for match in pattern.finditer(head):
            verdict = _verdict(head, match.start(), match.end())
            if verdict == "deny":
                continue
            if minute:
                stated = kind in ("dismissed", "closed", "settled") and match.group(0).lower().endswith(
                    ("ed", "ing", "terminated", "closed")
                )
                if verdict == "grant" or stated:
                    return kind
            elif verdict == "grant" or AN_ORDER.match(head) or not MOTION_TO.search(head[: match.start()]):
                return kind
    return None


def _day(value: Any) -> str:
    """The day of a docket date: an ISO timestamp (2024-06-03T00:00:00-07:00) cut to its date,
    anything else whole, so that a bad date is reported as written ("June 3, 2024", not "June 3, 20")."""
    text = _text(value)
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else text


def _firm(contact: str | None) -> str | None:
    """The law firm: the first line of an attorney's contact block that is not an e-mail or a note."""
    for line in (contact or "").splitlines():
        line = line.strip().rstrip(",")
        if line and not re.match(r"(email|e-mail|fax|phone|tel|undeliverable|\(?\d)", line, re.IGNORECASE):
            return line
    return None


def _party_role(party: dict[str, Any]) -> str:
    if isinstance(party.get("type"), str):
        return str(party["type"]).strip().lower()
    types = party.get("party_types") or []
    names = [str(t.get("name", "")).strip().lower() for t in types if isinstance(t, dict)]
    return names[0] if names else ""


def _attorney_contacts(party: dict[str, Any]) -> list[str | None]:
    out: list[str | None] = []
    for attorney in party.get("attorneys") or []:
        if isinstance(attorney, dict):
            out.append(attorney.get("contact") or attorney.get("contact_raw"))
    return out


def _parties(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict) and isinstance(raw.get("results"), list):
        raw = raw["results"]
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(p, dict) and "name" in p for p in raw):
        raise FileRejected("json_shape", "docket parties must be a list of objects with a name", field="parties")
    return raw


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_docket(data: dict[str, Any]) -> Docket:
    """One docket object (juriscraper or CourtListener v4) -> Docket; refuses another shape."""
    if "docket" in data and isinstance(data["docket"], dict):
        data = {**data["docket"], "parties": data.get("parties", data["docket"].get("parties"))}
    missing = [k for k in ("court_id", "docket_number", "date_filed") if not _text(data.get(k))]
    if missing:
        raise FileRejected("json_shape", f"not a docket: missing {', '.join(missing)}", field=", ".join(missing))
    entries = data.get("docket_entries") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise FileRejected("json_shape", "docket_entries must be a list of objects", field="docket_entries")
    parties = _parties(data.get("parties"))
    courtlistener = any("party_types" in p for p in parties) or "resource_uri" in data or "absolute_url" in data
    case_name = _text(data.get("case_name") or data.get("case_name_full"))
    nature = _text(data.get("nature_of_suit"))
    complaint = " ".join(_text(e.get("description")) for e in entries[:3])
    plaintiffs = [p for p in parties if _party_role(p) == "plaintiff"]
    firm = next((f for p in plaintiffs for c in _attorney_contacts(p) if (f := _firm(c))), None)
    defendants = [
        (_text(p["name"]), bool(AGGREGATE.search(_text(p["name"])))) for p in parties if _party_role(p) == "defendant"
    ]
    defendants = list(dict.fromkeys(d for d in defendants if d[0]))
    filed_on = _day(data.get("date_filed"))
    events: dict[tuple[str, str], list[tuple[str, Named]]] = {(filed_on, "filed"): [("Complaint filed", CASE)]}
    undated: list[str] = []
    for entry in entries:
        description = _text(entry.get("description") or entry.get("short_description"))
        kind = milestone_of(description)
        if not kind:
            continue
        # juriscraper's PACER entries carry the day the clerk entered them beside the filing
        # date; CourtListener's v4 entries have date_filed only
        date = _day(entry.get("date_filed")) or _day(entry.get("date_entered"))
        if not date:
            undated.append(_entry_label(entry, description))
            continue
        named = defendants_named(description, kind) if kind in ENDINGS else CASE
        events.setdefault((date, kind), []).append((description[:300], named))
    closed_on = _day(data.get("date_terminated")) or None
    if closed_on:
        events.setdefault((closed_on, "closed"), []).append(("Case terminated", CASE))
    return Docket(
        court=_text(data["court_id"]).lower(),
        docket_number=_text(data["docket_number"]),
        case_name=case_name,
        filed_on=filed_on,
        closed_on=closed_on,
        nature_of_suit=nature,
        ip_type=ip_type_of(nature, f"{nature} {_text(data.get('cause'))} {case_name} {complaint}"),
        case_kind="schedule_a" if SCHEDULE_A.search(case_name) else "individual",
        plaintiff=_text(plaintiffs[0]["name"]) if plaintiffs else None,
        law_firm=firm,
        source="courtlistener" if courtlistener else "pacer",
        source_ref=_text(data.get("absolute_url") or data.get("id")) or None,
        defendants=defendants,
        events=[
            (date, kind, detail, named) for (date, kind), found in sorted(events.items()) for detail, named in found
        ],
        undated=undated,
        terminated_given="date_terminated" in data,
    )


def _entry_label(entry: dict[str, Any], description: str) -> str:
    """An entry as a report names it: its document number, if any, and the start of its text."""
    number = _text(entry.get("document_number") or entry.get("entry_number"))
    text = description if len(description) <= 80 else description[:79] + "…"
    return f"#{number} {text}" if number else text


def parse_dockets(data: Any) -> list[Docket]:
    """Every docket in a parsed JSON document (an object or a list of them)."""
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(item, dict) for item in items):
        raise FileRejected("json_shape", "expected a docket object or a list of them", field="$")
    return [parse_docket(item) for item in items]


# Read off the caption and the plaintiff's name rather than stated by the court: an analyst's
# value stored for them stays when the docket is imported again.
GUESSED_CASE_COLUMNS = ("brand", "case_kind")


def case_rows(docket: Docket) -> dict[str, list[str | None]]:
    """The docket as one row of the cases kind (column -> values)."""
    return {
        "court": [docket.court],
        "docket_number": [docket.docket_number],
        "case_name": [docket.case_name],
        "filed_on": [docket.filed_on],
        "closed_on": [docket.closed_on],
        "plaintiff": [docket.plaintiff],
        "brand": [docket.plaintiff],
        "law_firm": [docket.law_firm],
        "ip_type": [docket.ip_type],
        "case_kind": [docket.case_kind],
        "nature_of_suit": [docket.nature_of_suit or None],
        "source": [docket.source],
        "source_ref": [docket.source_ref],
    }


def defendant_rows(docket: Docket, replaced: set[str], *, listed: bool = False) -> dict[str, list[str | None]]:
    """The docket's defendant parties as rows of the defendants kind; aggregates a defendant list
    already replaced are left out, and all of them when the case is ``listed`` (it holds a
    defendant list already)."""
    kept = [
        (name, aggregate) for name, aggregate in docket.defendants if not (aggregate and (listed or name in replaced))
    ]
    return {
        "court": [docket.court] * len(kept),
        "docket_number": [docket.docket_number] * len(kept),
        "store_name": [name for name, _ in kept],
        "is_aggregate": ["1" if aggregate else None for _, aggregate in kept],
    }


def event_rows(docket: Docket, stores: dict[int, str]) -> dict[str, list[str | None]]:
    """The docket's events as rows of the events kind, ``stores`` being the case's stored
    defendants (number -> store name) that entries naming defendants by name are matched against.

    One row per day and kind for the whole case, else one per defendant named (scope 'defendant':
    a Schedule A line the court names, which may be stored after the docket), and one without a
    defendant (scope 'unresolved': it ends no one's matter) for entries naming no defendant found.
    A whole-case entry of a day and kind stands for the others of that day and kind."""
    rows: dict[tuple[str, str, int | None], tuple[str, str | None]] = {}
    for date, kind, detail, named in docket.events:
        if named.whole_case:
            if rows.get((date, kind, None), ("", ""))[1] is not None:
                rows = {key: row for key, row in rows.items() if key[:2] != (date, kind)}
                rows[(date, kind, None)] = (detail, None)
        elif (date, kind, None) not in rows or rows[(date, kind, None)][1] == "unresolved":
            numbers = named_defendants(named, stores)
            for number in numbers:
                rows.setdefault((date, kind, number), (detail, "defendant"))
            if not numbers:
                rows.setdefault((date, kind, None), (detail, "unresolved"))
    return {
        "court": [docket.court] * len(rows),
        "docket_number": [docket.docket_number] * len(rows),
        "event_on": [date for date, _, _ in rows],
        "kind": [kind for _, kind, _ in rows],
        "defendant_no": [None if number is None else str(number) for _, _, number in rows],
        "detail": [detail for detail, _ in rows.values()],
        "scope": [scope for _, scope in rows.values()],
    }
