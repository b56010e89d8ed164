"""The brief's summary paragraph, written from its numbers by templates (the report.narr.* strings)."""

from __future__ import annotations

import pandas as pd

from casewatch.i18n import name_of, t
from casewatch.report.brief import DIMENSIONS, MonthlyBrief
from casewatch.report.kpi import Kpi, format_count, format_percent, relative_change


def _change_phrase(kpi: Kpi, against: str, lang: str, suffix: str = "") -> str:
    """The change in words; suffix "_mtd": against the same days of the earlier month."""
    before = kpi.previous if against == "mom" else kpi.year_ago
    ratio = relative_change(kpi.value, before)
    if ratio is None:
        state = "flat" if kpi.value == 0 else "from_zero"
    else:
        state = "flat" if ratio == 0 else "up" if ratio > 0 else "down"
    return t(f"report.narr.{against}{suffix}.{state}", lang, pct=format_percent(ratio or 0))


def sentences(brief: MonthlyBrief, lang: str) -> list[str]:
    """Sentences of the brief's summary in lang (see the report.narr.* strings)."""
    cases = brief.kpi("cases")
    written = [
        t(
            "report.narr.volume",
            lang,
            month=brief.period_label(lang),
            cases=format_count(cases.value),
            mom=_change_phrase(cases, "mom", lang, brief.mtd_suffix),
            yoy=_change_phrase(cases, "yoy", lang, brief.mtd_suffix),
            defendants=format_count(brief.kpi("defendant_instances").value),
            members=format_count(brief.kpi("members_affected").value),
            new_members=format_count(brief.kpi("members_new").value),
            frozen=format_count(brief.kpi("frozen_usd").value),
        )
    ]
    items = []
    for dimension in DIMENSIONS:
        top = brief.movers_of(dimension)
        if not top.empty:
            first = top.iloc[0]
            items.append(
                t(
                    "report.narr.mover",
                    lang,
                    dimension=t(f"report.dimension.{dimension}", lang),
                    name=name_of(first, lang),
                    increase=format_count(first["increase"]),
                )
            )
    if items:
        written.append(
            t(f"report.narr.movers{brief.mtd_suffix}", lang, items=t("report.narr.list_separator", lang).join(items))
        )
    else:
        written.append(t(f"report.narr.movers_none{brief.mtd_suffix}", lang))
    if brief.waves is not None:
        started = brief.waves[brief.waves["status"] == "new"]
        ongoing = len(brief.waves) - len(started)
        if started.empty:
            written.append(t("report.narr.waves_none_new", lang, ongoing=ongoing))
        else:
            names = t("report.narr.list_separator", lang).join(str(s) for s in started["subject"].head(3))
            more = t("report.narr.and_more", lang) if len(started) > 3 else ""
            written.append(t("report.narr.waves", lang, new=len(started), names=names + more, ongoing=ongoing))
    newly = int(brief.kpi("members_new").value)
    if newly and not brief.names_members:
        by_city = brief.new_member_cities
        most = by_city.iloc[0] if len(by_city) else None
        # a city is named only when it has the most of them alone (a tie would single one out)
        alone = most is not None and (len(by_city) == 1 or by_city.iloc[1]["members"] < most["members"])
        if newly == 1:
            written.append(t("report.narr.new_members_one", lang))
        elif most is not None and alone and not pd.isna(most["city_code"]):
            written.append(
                t(
                    "report.narr.new_members_count_city",
                    lang,
                    n=format_count(newly),
                    city=name_of(most, lang, "city") or str(most["city_code"]),
                    in_city=format_count(most["members"]),
                )
            )
        else:
            written.append(t("report.narr.new_members_count", lang, n=format_count(newly)))
    elif newly:
        shown = [name_of(row, lang) or str(row["member_id"]) for row in brief.new_members.head(3).to_dict("records")]
        names = t("report.narr.name_separator", lang).join(shown)
        if newly > len(shown):
            written.append(t("report.narr.new_members_more", lang, names=names, n=newly))
        else:
            written.append(t("report.narr.new_members", lang, names=names))
    # an abbreviation ending a sentence ("Co. Ltd.") takes no second full stop
    return [s[:-1] if s.endswith("..") else s for s in written]


def summary(brief: MonthlyBrief, lang: str) -> str:
    """The narrative as one paragraph (Chinese sentences run on; English ones are spaced)."""
    return ("" if lang == "zh" else " ").join(sentences(brief, lang))
