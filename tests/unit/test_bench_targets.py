"""The benchmark suite's issue 22 table: each measured row beside its target, met or not, with the
overview's factor over pandas and the CSV download's factor over DuckDB's bare COPY."""

from __future__ import annotations

from casewatch.cli.bench import target_rows


def test_measured_rows_are_set_beside_their_targets() -> None:
    rows = [
        {"benchmark": "overview query set, DuckDB (12 months)", "seconds": 0.1},
        {"benchmark": "overview query set, pandas (12 months)", "seconds": 2.0},
        {"benchmark": "overview query set, DuckDB (all dates)", "seconds": 0.5},
        {"benchmark": "cases page: 12 months, page 1,001", "seconds": 0.25},
        {"benchmark": "export: bare DuckDB COPY to CSV of the same rows and columns", "seconds": 4.0},
        {
            "benchmark": "export: CSV of the case table, CLI in a subprocess",
            "seconds": 6.0,
            "note": "1.50x; peak RSS 1,100 MiB (target < 1024); 394 MiB file",
        },
    ]
    notes = {row["benchmark"]: row["note"] for row in target_rows(rows)}
    assert notes == {
        "issue 22: overview query set, 12 months": "target < 0.15 s: met; pandas 20.0x slower (target 15x: met)",
        "issue 22: overview query set, all dates": "target < 0.4 s: NOT met",
        "issue 22: cases page: page 1,001": "target < 0.3 s: met",
        "issue 22: CSV download (CLI)": (
            "1.50x the bare COPY (4.000 s), peak 1,100 MiB; target < 2x and < 1024 MiB: NOT met"
        ),
    }
