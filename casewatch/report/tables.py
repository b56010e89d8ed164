"""The brief's tables: the month's KPIs, trend, movers, waves and newly affected members with
headers in the language, numbers kept as numbers (the XLSX sheets; HTML and PDF rows)."""

from __future__ import annotations

import pandas as pd

from casewatch.i18n import column_labels, name_of, t
from casewatch.report.brief import KPIS, MonthlyBrief
from casewatch.report.kpi import format_count

AREA = "report"  # headers: report.col.<name>


def cell_text(value: object) -> str:
    """A table cell as text: whole numbers with separators, missing values empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return format_count(float(value))
    return str(value)


def cell_label(word: str) -> str:
    """A word written for the middle of a sentence ("law firm") as a table cell ("Law firm")."""
    return word[:1].upper() + word[1:]


def new_member_city_rows(brief: MonthlyBrief, lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the newly affected members counted by city (the leadership brief's)."""
    headers = list(column_labels(lang, ("city", "new_members"), AREA).values())
    rows = [
        [name_of(row, lang, "city") or t("report.city_unknown", lang), format_count(row["members"])]
        for row in brief.new_member_cities.to_dict("records")
    ]
    return headers, rows


def new_member_rows(brief: MonthlyBrief, lang: str, limit: int) -> tuple[list[str], list[list[str]]]:
    """Headers and the first ``limit`` rows of the newly affected members, as shown in HTML and PDF
    (the analyst brief's; the leadership brief counts them: new_member_city_rows)."""
    headers = list(
        column_labels(lang, ("member", "city", "sector", "cases", "defendant_instances", "brands"), AREA).values()
    )
    rows = [
        [
            name_of(row, lang) or str(row["member_id"]),
            name_of(row, lang, "city"),
            name_of(row, lang, "sector"),
            format_count(row["cases"]),
            format_count(row["defendant_instances"]),
            str(row["brands"] or ""),
        ]
        for row in brief.new_members.head(limit).to_dict("records")
    ]
    return headers, rows


def month_tables(brief: MonthlyBrief, lang: str) -> dict[str, pd.DataFrame]:
    """Table id -> table: kpis, trend, movers, waves (when available), new_members. The XLSX names
    its sheets ``report.sheet.<id>``."""
    col = column_labels(lang, _COLUMNS, AREA)
    if brief.month_to_date:  # "month to date", "same days, previous month" ...
        col.update({name: col[f"{name}_mtd"] for name in _MONTH_TO_DATE})
    month_fmt = "%Y-%m"
    kpis = pd.DataFrame(
        [
            {
                col["kpi"]: t(f"report.kpi.{k.key}", lang),
                col["value"]: k.value,
                col["previous"]: k.previous,
                col["mom"]: k.mom,
                col["year_ago"]: k.year_ago,
                col["yoy"]: k.yoy,
            }
            for k in brief.kpis
        ]
    )
    trend = pd.DataFrame(
        {
            col["month"]: pd.to_datetime(brief.trend["month"]).dt.strftime(month_fmt),
            **{t(f"report.kpi.{key}", lang): brief.trend[key] for key, _kind in KPIS},
        }
    )
    movers = pd.DataFrame(
        {
            col["dimension"]: [cell_label(t(f"report.dimension.{d}", lang)) for d in brief.movers["dimension"]],
            col["code"]: brief.movers["code"],
            col["name"]: [name_of(row, lang) for row in brief.movers.to_dict("records")],
            col["current"]: brief.movers["current"],
            col["previous_count"]: brief.movers["previous"],
            col["increase"]: brief.movers["increase"],
            col["cases"]: brief.movers["cases"],
        }
    )
    members = brief.new_members
    if not brief.names_members:
        cities = brief.new_member_cities
        out = {"kpis": kpis, "trend": trend, "movers": movers}
        if brief.waves is not None:
            out["waves"] = wave_table(brief.waves, lang)
        out["new_members"] = pd.DataFrame(
            {
                col["city"]: [
                    name_of(row, lang, "city") or t("report.city_unknown", lang) for row in cities.to_dict("records")
                ],
                col["new_members"]: cities["members"] if len(cities) else [],
            }
        )
        return out
    new_members = pd.DataFrame(
        {
            col["member_id"]: members["member_id"],
            col["member"]: [name_of(row, lang) for row in members.to_dict("records")],
            col["city"]: [name_of(row, lang, "city") for row in members.to_dict("records")],
            col["sector"]: [name_of(row, lang, "sector") for row in members.to_dict("records")],
            col["cases"]: members["cases"],
            col["defendant_instances"]: members["defendant_instances"],
            col["brands"]: members["brands"],
        }
    )
    out = {"kpis": kpis, "trend": trend, "movers": movers}
    if brief.waves is not None:
        out["waves"] = wave_table(brief.waves, lang)
    out["new_members"] = new_members
    return out


def wave_table(waves: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Waves with headers in lang: status, kind, brand or firm, shape, where, since, members, cases."""
    col = column_labels(lang, _COLUMNS, AREA)
    return pd.DataFrame(
        {
            col["status"]: [cell_label(t(f"report.wave.{s}", lang)) for s in waves["status"]],
            col["wave_kind"]: [cell_label(t(f"report.dimension.{k}", lang)) for k in waves["entity_kind"]],
            col["wave_subject"]: waves["subject"],
            col["wave_shape"]: [cell_label(t(f"herding.shape.{s}", lang)) for s in waves["shape"]],
            col["wave_scope"]: [name_of(row, lang, "scope") for row in waves.to_dict("records")],
            col["wave_start"]: pd.to_datetime(waves["start_month"]).dt.strftime("%Y-%m"),
            col["wave_members"]: waves["members"],
            col["cases"]: waves["cases"],
        }
    )


# columns whose header names the period: month to date each has a <name>_mtd header
_MONTH_TO_DATE = ("value", "previous", "year_ago", "current", "previous_count")
_COLUMNS = (
    "kpi",
    "value",
    "previous",
    "mom",
    "year_ago",
    "yoy",
    *(f"{name}_mtd" for name in _MONTH_TO_DATE),
    "month",
    "dimension",
    "code",
    "name",
    "current",
    "previous_count",
    "increase",
    "cases",
    "member_id",
    "member",
    "new_members",
    "city",
    "sector",
    "defendant_instances",
    "brands",
    "status",
    "wave_kind",
    "wave_subject",
    "wave_shape",
    "wave_scope",
    "wave_start",
    "wave_members",
)
