"""Safe exports of what a page shows: CSV that Excel opens with Chinese intact and no formulas."""

from __future__ import annotations

import io

import pandas as pd

# A cell starting with one of these is read by Excel (or LibreOffice) as a formula or a DDE call.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would evaluate with an apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns are neutralised; numbers stay numbers (negative amounts too)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, caption: str | None = None) -> bytes:
    """UTF-8 CSV with a BOM (so Excel shows Chinese); the caption, if any, is the first line."""
    buffer = io.StringIO()
    if caption:
        pd.DataFrame([[neutralise(caption)]]).to_csv(buffer, index=False, header=False)
    neutralise_frame(frame).to_csv(buffer, index=False)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
