"""The herding page's wave timeline and tables: months shown as months."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from casewatch.charts.herding import wave_timeline


def waves(starts: list[str], ends: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wave_id": [f"B{n}" for n in range(len(starts))],
            "start_month": pd.to_datetime(starts),
            "end_month": pd.to_datetime(ends),
            "label": [f"Brand {n}" for n in range(len(starts))],
            "pattern": "wave",
            "active": False,
            "members_hit": 10,
        }
    )


def test_a_short_timeline_has_one_tick_a_month() -> None:
    # 2026-06 .. 2026-09 drawn to the end of September: 5 months of axis -> a tick each month
    fig = wave_timeline(waves(["2026-06-01", "2026-09-01"], ["2026-07-01", "2026-09-01"]), "en", "Waves")
    assert fig.layout.xaxis.dtick == "M1" and fig.layout.xaxis.tickformat == "%Y-%m"


def test_longer_timelines_tick_by_quarter_then_by_year() -> None:
    # 2024-01 .. 2026-06: 30 months + 2 -> quarters; 2020-01 .. 2026-06: 78 + 2 -> years
    quarters = wave_timeline(waves(["2024-01-01", "2026-06-01"], ["2024-01-01", "2026-06-01"]), "en", "Waves")
    years = wave_timeline(waves(["2020-01-01", "2026-06-01"], ["2020-01-01", "2026-06-01"]), "en", "Waves")
    assert (quarters.layout.xaxis.dtick, years.layout.xaxis.dtick) == ("M3", "M12")


def script() -> None:
    import pandas as pd

    from casewatch.ui.herding_views import show

    frame = pd.DataFrame(
        {"wave_id": ["B1"], "start_month": pd.to_datetime(["2026-09-01"]), "end_month": pd.to_datetime(["2026-10-01"])}
    )
    show(frame, "en", ["wave_id", "start_month", "end_month"])


def test_wave_tables_write_months_without_a_time() -> None:
    at = AppTest.from_function(script).run(timeout=30)
    shown = at.dataframe[0].value
    assert shown.iloc[0].tolist() == ["B1", "2026-09", "2026-10"]
