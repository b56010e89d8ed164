"""The global filters: a frozen value that round-trips through the URL query string.

``Filters.params()`` feeds the SQL (the ``filtered_facts`` table macro applies them in one place),
``Filters.caption(lang)`` describes them in a sentence, ``to_query()`` / ``from_query()`` mirror
them in the URL so that a copied link reproduces the view. Bad query values never raise: they fall
back to the default and come back as notices for the UI to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from casewatch.i18n import t

if TYPE_CHECKING:
    import pandas as pd

# URL name -> (Filters attribute, vocabulary domain or None for free text)
LIST_FIELDS: dict[str, tuple[str, str | None]] = {
    "city": ("cities", "city"),
    "sector": ("sectors", "sector"),
    "platform": ("platforms", "platform"),
    "ip": ("ips", "ip_type"),
    "kind": ("kinds", "case_kind"),
    "court": ("courts", "court"),
    "brand": ("brands", None),
    "firm": ("firms", None),
}
MAX_VALUES = 50  # per list filter; more is not a view anyone builds by hand
MAX_TEXT = 120  # per free-text value
EARLIEST = dt.date(2000, 1, 1)
# The filing dates an import accepts (casewatch.ingest): from FIRST_FILING to LATEST_DAYS after
# today. A view of "all dates" (the CLI's export with no --from/--to) spans them, so that no row
# stored is left out of it.
FIRST_FILING = dt.date(1980, 1, 1)
LATEST_DAYS = 366


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after day's month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    """Last day of day's month."""
    return add_months(day, 1) - dt.timedelta(days=1)


def last_full_month_end(today: dt.date) -> dt.date:
    """Last day of the month before today's."""
    return month_end(add_months(today, -1))


@dataclass(frozen=True)
class Vocabulary:
    """Known codes per domain, for validating URL values and naming them in captions."""

    names: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)

    def known(self, domain: str, code: str) -> bool:
        return code in self.names.get(domain, {})

    def label(self, domain: str | None, code: str, lang: str) -> str:
        if domain is None:
            return code
        zh_en = self.names.get(domain, {}).get(code)
        if zh_en is None:
            return code
        return zh_en[0] if lang == "zh" else zh_en[1]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, str]]) -> Vocabulary:
        """(domain, code, name_zh, name_en) rows, as from queries/reference/vocabulary.sql."""
        names: dict[str, dict[str, tuple[str, str]]] = {}
        for domain, code, name_zh, name_en in rows:
            names.setdefault(str(domain), {})[str(code)] = (str(name_zh), str(name_en))
        return cls(names)

    @classmethod
    def read(cls, fetch: Callable[[str], pd.DataFrame]) -> Vocabulary:
        """The vocabulary of a database, read through ``fetch`` (``db.query``, a snapshot's query):
        the rows of queries/reference/vocabulary.sql."""
        return cls.from_rows(fetch("reference/vocabulary").itertuples(index=False, name=None))


@dataclass(frozen=True)
class Filters:
    date_from: dt.date
    date_to: dt.date
    cities: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    courts: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    firms: tuple[str, ...] = ()
    members_only: bool = False

    @classmethod
    def default(cls, today: dt.date) -> Filters:
        """The last 12 full months."""
        end = last_full_month_end(today)
        return cls(date_from=add_months(end, -11), date_to=end)

    def params(self) -> dict[str, Any]:
        """Bound parameters for queries that call filtered_facts(...)."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "cities": list(self.cities),
            "sectors": list(self.sectors),
            "platforms": list(self.platforms),
            "ips": list(self.ips),
            "kinds": list(self.kinds),
            "courts": list(self.courts),
            "brands": list(self.brands),
            "firms": list(self.firms),
            "members_only": self.members_only,
        }

    def previous_period(self) -> Filters:
        """The same filters over the equally long period just before this one."""
        days = (self.date_to - self.date_from).days + 1
        return replace(
            self,
            date_from=self.date_from - dt.timedelta(days=days),
            date_to=self.date_from - dt.timedelta(days=1),
        )

    def to_query(self, today: dt.date) -> dict[str, str]:
        """URL query parameters for what differs from the default view."""
        default = Filters.default(today)
        query: dict[str, str] = {}
        if self.date_from != default.date_from:
            query["from"] = self.date_from.isoformat()
        if self.date_to != default.date_to:
            query["to"] = self.date_to.isoformat()
        for name, (attr, _domain) in LIST_FIELDS.items():
            values = getattr(self, attr)
            if values:
                query[name] = ",".join(values)
        if self.members_only:
            query["members"] = "1"
        return query

    @classmethod
    def from_query(
        cls, query: Mapping[str, str | list[str]], today: dt.date, vocabulary: Vocabulary
    ) -> tuple[Filters, list[tuple[str, str]]]:
        """Filters from URL values, plus notices (url name, bad value) for what was ignored."""
        default = cls.default(today)
        notices: list[tuple[str, str]] = []
        values: dict[str, Any] = {}

        def text(name: str) -> str | None:
            raw = query.get(name)
            if isinstance(raw, list):
                raw = raw[-1] if raw else None
            return None if raw is None else str(raw)

        for name, attr in (("from", "date_from"), ("to", "date_to")):
            raw = text(name)
            if raw is None or raw == "":
                continue
            try:
                day = dt.date.fromisoformat(raw.strip())
            except ValueError:
                notices.append((name, raw[:40]))
                continue
            if not EARLIEST <= day <= today + dt.timedelta(days=366):
                notices.append((name, raw[:40]))
                continue
            values[attr] = day
        date_from = values.get("date_from", default.date_from)
        date_to = values.get("date_to", default.date_to)
        if date_from > date_to:
            notices.append(("from", f"{date_from}>{date_to}"))
            values.pop("date_from", None)
            values.pop("date_to", None)

        for name, (attr, domain) in LIST_FIELDS.items():
            raw = text(name)
            if not raw:
                continue
            kept: list[str] = []
            for item in raw.split(","):
                item = item.strip()
                if not item or item in kept:
                    continue
                bad = len(item) > MAX_TEXT or (domain is not None and not vocabulary.known(domain, item))
                if bad or len(kept) >= MAX_VALUES:
                    notices.append((name, item[:40]))
                    continue
                kept.append(item)
            if kept:
                values[attr] = tuple(kept)

        members = text("members")
        if members is not None and members != "":
            if members in ("1", "true"):
                values["members_only"] = True
            elif members not in ("0", "false"):
                notices.append(("members", members[:40]))
        return replace(default, **values), notices

    def caption(self, lang: str, vocabulary: Vocabulary | None = None) -> str:
        """One line naming every filter in force, e.g. for page captions and exports."""
        vocab = vocabulary or Vocabulary()
        parts = [t("filters.period", lang, start=self.date_from.isoformat(), end=self.date_to.isoformat())]
        for name, (attr, domain) in LIST_FIELDS.items():
            chosen = getattr(self, attr)
            if chosen:
                labels = t("filters.value_separator", lang).join(vocab.label(domain, code, lang) for code in chosen)
                parts.append(t("filters.named", lang, name=t(f"filters.{name}", lang), values=labels))
        if self.members_only:
            parts.append(t("filters.members_only", lang))
        return t("filters.separator", lang).join(parts)

    def with_values(self, **changes: Any) -> Filters:
        return replace(self, **changes)
