"""Writes data/t2s_characters.csv: each Traditional Chinese character that OpenCC's t2s (Traditional
to Simplified) conversion turns into one other character, and that character.

Name keys (queries/ingest/macros.sql, intake_simplified) translate a name character by character
with this table, so that "深圳市甲乙電子商務有限公司" meets the member "深圳市甲乙电子商务有限公司".
Character by character is what a DuckDB ``translate`` can do at import speed; OpenCC's phrase
tables (乾隆 stays, 乾燥 becomes 干燥) are left out, and company and store names rarely need them.

The table is data, made once from OpenCC 1.4.2 (Apache License 2.0,
https://github.com/BYVoid/OpenCC), which is not a dependency of the app. To make it again:

    python -m pip install --target /tmp/opencc opencc==1.4.2
    PYTHONPATH=/tmp/opencc python scripts/make_t2s_characters.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import opencc  # type: ignore[import-not-found]

# CJK Unified Ideographs, Extension A and the Compatibility Ideographs (the Basic Multilingual Plane)
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
OUT = Path(__file__).resolve().parent.parent / "data" / "t2s_characters.csv"


def main() -> None:
    converter = opencc.OpenCC("t2s")
    rows = []
    for low, high in RANGES:
        for code in range(low, high + 1):
            traditional = chr(code)
            simplified = converter.convert(traditional)
            if len(simplified) == 1 and simplified != traditional:
                rows.append((traditional, simplified))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["traditional", "simplified"])
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} characters")


if __name__ == "__main__":
    main()
