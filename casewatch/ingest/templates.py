"""Import templates: for each kind a header row (Chinese or English labels) and one example row,
as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX. data/templates/ holds the written files."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from casewatch.ingest.spec import COLUMNS, TABLE_KINDS

# English templates show codes and English names where the Chinese example uses Chinese.
_EXAMPLE_EN = {
    "ip_type": "trademark",
    "city_code": "Shenzhen",
    "district": "Longgang",
    "appeared": "no",
    "sector_code": "Toys & Games",
    "joined_on": "2021-03-01",
    "address": "Longgang Dist, Shenzhen, Guangdong",
    "aliases": "Jiayi Official",
}


def template_frame(kind: str, lang: str) -> pd.DataFrame:
    """Header labels in ``lang`` and one example row of the kind."""
    columns = COLUMNS[kind]
    if kind != "cases":
        columns = tuple(c for c in columns if c.name not in ("court", "docket_number"))
    labels = [c.zh if lang == "zh" else c.en for c in columns]
    example = [(_EXAMPLE_EN.get(c.name, c.example) if lang == "en" and c.example else c.example) for c in columns]
    return pd.DataFrame([example], columns=labels, dtype=object)


def template_bytes(kind: str, lang: str, fmt: str) -> bytes:
    """The template as CSV or XLSX bytes."""
    frame = template_frame(kind, lang)
    if fmt == "csv":
        return ("\ufeff" + frame.to_csv(index=False)).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")
    book = Workbook()
    sheet = book.active
    if sheet is None:  # a new workbook always has one; keeps mypy informed
        sheet = book.create_sheet()
    sheet.title = kind
    sheet.append(list(frame.columns))
    sheet.append([value or None for value in frame.iloc[0]])
    for index, column in enumerate(frame.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(str(column)) * 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_name(kind: str, lang: str, fmt: str) -> str:
    return f"casewatch_{kind}_{lang}.{fmt}"


def write_templates(folder: Path) -> list[Path]:
    """Writes every kind's template in both languages and formats; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in TABLE_KINDS:
        for lang in ("zh", "en"):
            for fmt in ("csv", "xlsx"):
                path = folder / template_name(kind, lang, fmt)
                path.write_bytes(template_bytes(kind, lang, fmt))
                written.append(path)
    return written
