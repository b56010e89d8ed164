"""The leadership monthly brief: one set of numbers, built once, rendered many ways.

``brief.build_brief`` runs the brief's queries once and returns a frozen ``MonthlyBrief``;
``narrative`` writes its summary from those numbers, ``tables`` lays out its tables, and ``html``,
``pdf`` and ``xlsx`` render it (with ``charts`` and ``fonts``). This module holds the renderer
table, ``render(brief, fmt, lang)``, and names the package's public API, so imports run one way:
from here into the modules, never back.
"""

from __future__ import annotations

from collections.abc import Callable

from casewatch.report.brief import (
    AUDIENCES,
    DIMENSIONS,
    KPIS,
    BadMonth,
    Fetch,
    MonthlyBrief,
    audience_for,
    available_months,
    build_brief,
    default_month,
    month_choices,
    parse_month,
)
from casewatch.report.fonts import CjkFontMissing, cjk_font
from casewatch.report.html import render_html
from casewatch.report.kpi import Kpi, format_change, format_compact, format_count, format_percent, format_value
from casewatch.report.narrative import sentences, summary
from casewatch.report.pdf import render_pdf
from casewatch.report.tables import month_tables
from casewatch.report.xlsx import render_xlsx

__all__ = [
    "AUDIENCES",
    "DIMENSIONS",
    "FORMATS",
    "KPIS",
    "MIME",
    "BadMonth",
    "CjkFontMissing",
    "Fetch",
    "Kpi",
    "MonthlyBrief",
    "audience_for",
    "available_months",
    "build_brief",
    "cjk_font",
    "default_month",
    "file_name",
    "format_change",
    "format_compact",
    "format_count",
    "format_percent",
    "format_value",
    "month_choices",
    "month_tables",
    "parse_month",
    "render",
    "sentences",
    "summary",
]

RENDERERS: dict[str, Callable[[MonthlyBrief, str], bytes]] = {
    "pdf": render_pdf,
    "html": lambda brief, lang: render_html(brief, lang).encode("utf-8"),
    "xlsx": render_xlsx,
}
FORMATS = tuple(RENDERERS)
MIME = {
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(brief: MonthlyBrief, fmt: str, lang: str) -> bytes:
    """The brief as a file: pdf, html (self-contained, works offline) or xlsx."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown brief format {fmt!r}")
    return RENDERERS[fmt](brief, lang)


def file_name(brief: MonthlyBrief, fmt: str, lang: str) -> str:
    """casewatch_brief_2024-02_zh_leadership.pdf: the month, language and audience of the file;
    month to date with the last day covered (casewatch_brief_2024-02_to_2024-02-16_zh_leadership.pdf),
    so that it is not taken for, nor saved over, the whole month's."""
    period = f"{brief.month:%Y-%m}" + (f"_to_{brief.through:%Y-%m-%d}" if brief.through else "")
    return f"casewatch_brief_{period}_{lang}_{brief.audience}.{fmt}"
