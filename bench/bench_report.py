"""Monthly brief for the data's latest full month: the brief's queries once, then each rendering.

The issue's target is one month's PDF in under 20 s; "pdf (queries + render)" is that number
(a fresh brief built from the database, then the A4 PDF with its chart image and embedded font).
Each rendering is timed once after one warm-up of the same rendering (fonts and matplotlib loaded).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from casewatch import report
from casewatch.db import Database
from casewatch.filters import Filters, Vocabulary


def _brief(db: Database, month: dt.date) -> report.MonthlyBrief:
    vocabulary = Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))
    return report.build_brief(db.query, month, Filters.default(dt.date.today()), vocabulary)


def run(db_path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with Database(db_path, read_only=True) as db:
        _months, month = report.available_months(db.query, dt.date.today())
        started = time.perf_counter()
        brief = _brief(db, month)
        rows.append(
            {
                "benchmark": "report: brief queries",
                "seconds": time.perf_counter() - started,
                "rows": int(brief.kpi("defendant_instances").value),
                "note": f"{month:%Y-%m}, defendant rows in the month (cold)",
            }
        )
        for fmt in report.FORMATS:
            report.render(brief, fmt, "zh")  # warm-up: font parsing, matplotlib, plotly imports
            started = time.perf_counter()
            data = report.render(brief, fmt, "zh")
            rows.append(
                {
                    "benchmark": f"report: render {fmt}",
                    "seconds": time.perf_counter() - started,
                    "rows": len(data),
                    "note": "bytes written",
                }
            )
        started = time.perf_counter()
        data = report.render(_brief(db, month), "pdf", "zh")
        rows.append(
            {
                "benchmark": "report: pdf (queries + render)",
                "seconds": time.perf_counter() - started,
                "rows": len(data),
                "note": "target < 20 s",
            }
        )
    return rows


if __name__ == "__main__":
    import sys

    for row in run(sys.argv[1]):
        print(f"{row['benchmark']:<34} {row['seconds']:8.2f} s  {row['rows']:>12,}  {row['note']}")
