"""The monthly brief as an XLSX workbook: a summary sheet (title, filters, data version, narrative,
KPIs) and one sheet per table of the month, numbers kept as numbers."""

from __future__ import annotations

import io

import pandas as pd

from casewatch.export import neutralise, neutralise_frame
from casewatch.i18n import t
from casewatch.report.brief import MonthlyBrief
from casewatch.report.narrative import summary
from casewatch.report.tables import month_tables


def _width(frame: pd.DataFrame, column: str) -> int:
    """A column width in characters that fits its header and values (CJK counted double)."""

    def size(value: object) -> int:
        text = str(value)
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    longest = max([size(column), *(size(v) for v in frame[column].head(200))])
    return min(60, max(8, longest + 2))


def render_xlsx(brief: MonthlyBrief, lang: str) -> bytes:
    """Workbook bytes; sheet names and headers in lang."""
    buffer = io.BytesIO()
    tables = month_tables(brief, lang)
    # text stays text: xlsxwriter would otherwise write "{=...}" as an array formula and a URL
    # (https:, mailto:, file:, external:) as a live link, and neutralise() leaves both; a brand or a
    # law firm from a docket can be either
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        bold = book.add_format({"bold": True, "font_size": 14})
        muted = book.add_format({"font_color": "#6c757d"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        percent = book.add_format({"num_format": "+0.0%;-0.0%;0.0%"})
        whole = book.add_format({"num_format": "#,##0"})
        partial = book.add_format({"text_wrap": True, "valign": "top", "bg_color": "#fff4e0"})

        summary_name = t("report.sheet.summary", lang)
        front = book.add_worksheet(summary_name)
        writer.sheets[summary_name] = front
        front.set_column(0, 0, 110)
        front.write_string(0, 0, neutralise(brief.title(lang)), bold)
        lines = brief.meta_lines(lang)
        for row, line in enumerate(lines, start=1):
            front.write_string(row, 0, neutralise(line), muted)
        row = len(lines) + 1
        note = brief.partial_note(lang)
        if note:  # month to date: said before any figure
            front.write_string(row, 0, neutralise(note), partial)
            front.set_row(row, 45)
            row += 1
        front.write_string(row, 0, neutralise(summary(brief, lang)), wrap)
        front.set_row(row, 120)
        front.write_string(row + 2, 0, neutralise(t("report.definitions", lang)), wrap)
        front.set_row(row + 2, 60)

        for table_id, table in tables.items():
            name = t(f"report.sheet.{table_id}", lang)
            safe = neutralise_frame(table)
            safe.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for index, column in enumerate(safe.columns):
                numeric = pd.api.types.is_numeric_dtype(safe[column])
                is_ratio = table_id == "kpis" and column in (t("report.col.mom", lang), t("report.col.yoy", lang))
                cell = percent if is_ratio else whole if numeric else None
                sheet.set_column(index, index, _width(safe, column), cell)
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()
