"""Loading generated demo data into DuckDB: integer columns registered as frames, the strings
assembled by queries/demo/*.sql from bound lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casewatch.demo.calibration import COURT_OFFICE, COURTS, EPOCH, EVENT_KINDS, IP_TYPES, KINDS, OUTCOMES, PLATFORMS
from casewatch.demo.errors import NotOurFile
from casewatch.demo.generate import DemoData
from casewatch.demo.names import STORE_CITY_PY, STORE_PRE, STORE_SUF, STORE_WORDS, ZH_SYLLABLES
from casewatch.sql import load_sql

TRUTH_COLUMNS = ("kind", "truth_id", "shape", "entity_kind", "entity", "brand", "city_code", "sector_code", "member_id")
SOURCE_FRAMES = (
    "demo_member_src",
    "demo_store_src",
    "demo_case_src",
    "demo_defendant_src",
    "demo_event_src",
    "demo_truth_src",
    "demo_truth_cases_src",
)


def check_replaceable(target: Path) -> None:
    """Only an existing DuckDB database (or an empty file) may be replaced: never anything else."""
    if not target.exists():
        return
    if not target.is_file():
        raise NotOurFile(f"{target} exists and is not a file")
    with target.open("rb") as handle:
        head = handle.read(12)
    if head and head[8:12] != b"DUCK":
        raise NotOurFile(f"{target} exists and is not a DuckDB database; not overwriting it")


def write_tables(con: Any, data: DemoData, seed: int) -> None:
    """Insert every table (inside the caller's transaction); record keys from ``seed``."""
    pop = data.population
    con.register("demo_member_src", pop.members.frame)
    con.execute(load_sql("demo/insert_members"), {"seed": seed})
    con.register("demo_store_src", pop.stores.src)
    con.execute(
        load_sql("demo/stores"),
        {
            "platforms": list(PLATFORMS),
            "pre": list(STORE_PRE),
            "suf": list(STORE_SUF),
            "words": list(STORE_WORDS),
            "py": [p for _, p in ZH_SYLLABLES],
            "city_py": list(STORE_CITY_PY),
            "cities": pop.stores.city_codes,
            "districts": pop.codes.district_codes,
            "sectors": pop.codes.sector_codes,
        },
    )
    con.execute(load_sql("demo/insert_member_stores"))

    con.register("demo_case_src", _case_frame(data))
    con.execute(
        load_sql("demo/cases"),
        {
            "brands": data.brands.brands,
            "plaintiffs": data.brands.plaintiffs,
            "firms": data.brands.firms,
            "brand_sectors": data.brands.sectors,
            "courts": list(COURTS),
            "kinds": list(KINDS),
            "ips": list(IP_TYPES),
        },
    )
    con.execute(load_sql("demo/insert_cases"))

    rows, outcomes = data.defendants, data.outcomes
    con.register(
        "demo_defendant_src",
        pd.DataFrame(
            {
                "case_idx": rows.case,
                "defendant_no": rows.defendant_no,
                "store_idx": rows.store.astype(np.int64),
                "outcome_i": outcomes.outcome,
                "frozen_usd": outcomes.frozen,
                "settlement_usd": outcomes.settlement,
                "judgment_usd": outcomes.judgment,
                "appeared": outcomes.appeared,
            }
        ),
    )
    con.execute(load_sql("demo/insert_defendants"), {"outcomes": list(OUTCOMES), "seed": seed})
    con.register("demo_event_src", data.events)
    con.execute(load_sql("demo/insert_events"), {"kinds": list(EVENT_KINDS)})

    con.execute(load_sql("demo/truth_create"))
    con.execute(load_sql("demo/truth_cases_create"))
    con.register("demo_truth_src", _truth_frame(data))
    con.execute(load_sql("demo/insert_truth"))
    con.register("demo_truth_cases_src", pd.DataFrame(data.truth_cases, columns=["truth_id", "case_idx"]))
    con.execute(load_sql("demo/insert_truth_cases"))
    for name in SOURCE_FRAMES:
        con.unregister(name)
    con.execute(load_sql("demo/drop_temp_cases"))
    con.execute(load_sql("demo/drop_temp_stores"))


def _case_frame(data: DemoData) -> pd.DataFrame:
    cases, dockets = data.cases, data.dockets
    return pd.DataFrame(
        {
            "case_idx": np.arange(len(cases.brand), dtype=np.int32),
            "brand_i": cases.brand.astype(np.int32),
            "court_i": cases.court.astype(np.int16),
            "office": COURT_OFFICE[cases.court].astype(np.int16),
            "kind_i": cases.kind.astype(np.int8),
            "ip_i": cases.ip.astype(np.int8),
            "filed_day": cases.filed.astype(np.int32),
            "closed_day": data.outcomes.closed.astype(np.int32),
            "seq_year": dockets.seq_year.astype(np.int32),
            "seq_all": dockets.seq_all.astype(np.int32),
            "port": dockets.port.astype(np.int16),
            "first_store": data.defendants.first_store.astype(np.int64),
        }
    )


def _truth_frame(data: DemoData) -> pd.DataFrame:
    """demo_truth rows; a cohort's member counts as named in the cohort's first month."""
    truth = pd.DataFrame({c: pd.Series([getattr(r, c) for r in data.truth], dtype=object) for c in TRUTH_COLUMNS})
    truth["start_day"] = np.array([(r.start_month - EPOCH).days for r in data.truth], dtype=np.int32)
    truth["end_day"] = np.array([(r.end_month - EPOCH).days for r in data.truth], dtype=np.int32)
    truth["sued_day"] = np.array([((r.sued_month or r.start_month) - EPOCH).days for r in data.truth], dtype=np.int32)
    return truth
