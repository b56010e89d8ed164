"""How the demo's cases go: docket milestones per case, each defendant's fate and amounts (censored
at the data cut-off), the docket events, and docket numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casewatch.demo.calibration import FATE_P, FIRST_MONTH, JUDGMENT_FIXED, JUDGMENT_P
from casewatch.demo.cases import Cases, Defendants
from casewatch.demo.sampling import choice_by_group, lognormal_int, running_count


@dataclass(frozen=True)
class Outcomes:
    """Per defendant row: outcome (index into OUTCOMES), amounts (NaN where none), whether the
    defendant appeared, the day it was resolved. Per case: the milestones reached by the cut-off
    (days since 1970-01-01; ``closed`` -1 while open)."""

    outcome: np.ndarray
    frozen: np.ndarray
    settlement: np.ndarray
    judgment: np.ndarray
    appeared: np.ndarray
    resolved_day: np.ndarray
    has_tro: np.ndarray
    tro: np.ndarray
    has_pi: np.ndarray
    pi: np.ndarray
    has_dj: np.ndarray
    dj: np.ndarray
    closed: np.ndarray


@dataclass(frozen=True)
class Dockets:
    """Per case: docket sequence numbers (within court and year, and within court) and a customs port."""

    seq_year: np.ndarray
    seq_all: np.ndarray
    port: np.ndarray


def draw_outcomes(rng: np.random.Generator, cutoff: int, cases: Cases, rows: Defendants) -> Outcomes:
    """Docket milestones per case and each defendant's fate, censored at day ``cutoff``."""
    n = len(cases.brand)
    kind, filed = cases.kind, cases.filed
    has_tro = np.where(kind == 0, rng.random(n) < 0.97, (kind == 1) & (rng.random(n) < 0.3))
    has_pi = has_tro & (rng.random(n) < np.where(kind == 0, 0.93, 0.6))
    tro_off = lognormal_int(rng, 11.0, 0.35, n, 2, 45)
    pi_off = tro_off + lognormal_int(rng, 30.0, 0.30, n, 10, 150)
    base = np.where(has_pi, pi_off, np.where(has_tro, tro_off, 0))
    dj_gap = np.where(
        kind == 0,
        lognormal_int(rng, 62.0, 0.40, n, 20, 400),
        np.where(kind == 1, lognormal_int(rng, 200.0, 0.50, n, 30, 900), lognormal_int(rng, 60.0, 0.50, n, 7, 365)),
    )
    dj_off = base + dj_gap
    tro_day, pi_day, dj_day = filed + tro_off, filed + pi_off, filed + dj_off

    ci = rows.case
    m = len(ci)
    group = np.where(kind[ci] == 0, rows.member.astype(np.int64), np.where(kind[ci] == 1, 2, 3))
    fate = choice_by_group(rng, group, FATE_P)  # 0 dj, 1 settled, 2 dismissed, 3 won
    lo = filed[ci] + np.where(has_tro[ci], tro_off[ci] + 2, 10)
    hi = np.maximum(dj_day[ci] - 1, lo)
    early = lo + np.minimum((rng.random(m) * (hi - lo + 1)).astype(np.int64), hi - lo)
    res = np.where((fate == 1) | (fate == 2), early, dj_day[ci])
    del lo, hi, early
    resolved = res <= cutoff
    open_stage = np.where(has_pi[ci] & (pi_day[ci] <= cutoff), 2, np.where(has_tro[ci] & (tro_day[ci] <= cutoff), 1, 0))
    outcome = np.where(resolved, np.array([3, 4, 5, 6])[fate], open_stage).astype(np.int8)

    # close: after every resolution and every milestone of the case
    last = np.maximum.reduceat(res, rows.row_start)
    last = np.maximum(last, np.where(has_pi, pi_day, np.where(has_tro, tro_day, filed)))
    close = last + lognormal_int(rng, 45.0, 0.7, n, 1, 500)
    has_dj = np.bincount(ci, weights=(fate == 0), minlength=n) > 0

    frozen_known = has_tro[ci] & (tro_day[ci] <= cutoff)
    frozen = np.where(frozen_known, np.round(rng.lognormal(math.log(1500), 1.5, m), 2), np.nan)
    settle = np.clip(np.round(rng.lognormal(math.log(6000), 0.6, m) / 100) * 100, 2000, 30000)
    settlement = np.where(outcome == 4, settle, np.nan)
    pick = rng.choice(len(JUDGMENT_P), size=m, p=JUDGMENT_P)
    free = np.clip(np.round(rng.lognormal(math.log(20000), 1.0, m), -2), 1000, 2_000_000)
    award = np.where(pick < len(JUDGMENT_FIXED), JUDGMENT_FIXED[np.minimum(pick, len(JUDGMENT_FIXED) - 1)], free)
    judgment = np.where(outcome == 3, award, np.nan)
    appeared = np.where(resolved, (fate >= 1), rng.random(m) < 0.08)
    return Outcomes(
        outcome=outcome,
        frozen=frozen,
        settlement=settlement,
        judgment=judgment,
        appeared=appeared,
        resolved_day=res,
        has_tro=has_tro & (tro_day <= cutoff),
        tro=tro_day,
        has_pi=has_pi & (pi_day <= cutoff),
        pi=pi_day,
        has_dj=has_dj & (dj_day <= cutoff),
        dj=dj_day,
        closed=np.where(close <= cutoff, close, -1),
    )


def events(cases: Cases, rows: Defendants, outcomes: Outcomes) -> pd.DataFrame:
    """Docket events (index into EVENT_KINDS): per case filed, TRO, PI, default judgment and
    closed as reached; per defendant settled or dismissed."""
    n = len(cases.brand)
    idx = np.arange(n)
    parts = [(idx, cases.filed, 0)]
    for at, day, kind in (
        (outcomes.has_tro, outcomes.tro, 1),
        (outcomes.has_pi, outcomes.pi, 2),
        (outcomes.has_dj, outcomes.dj, 3),
    ):
        parts.append((idx[at], day[at], kind))
    closed = outcomes.closed >= 0
    parts.append((idx[closed], outcomes.closed[closed], 6))
    frames = [
        pd.DataFrame(
            {
                "case_idx": c.astype(np.int32),
                "day": d.astype(np.int32),
                "kind_i": np.full(len(c), k, dtype=np.int8),
                "defendant_no": np.full(len(c), -1, dtype=np.int32),
            }
        )
        for c, d, k in parts
    ]
    outcome = outcomes.outcome
    per_row = (outcome == 4) | (outcome == 5)
    frames.append(
        pd.DataFrame(
            {
                "case_idx": rows.case[per_row],
                "day": outcomes.resolved_day[per_row].astype(np.int32),
                "kind_i": np.where(outcome[per_row] == 4, 4, 5).astype(np.int8),
                "defendant_no": rows.defendant_no[per_row],
            }
        )
    )
    return pd.concat(frames, ignore_index=True)


def draw_dockets(rng: np.random.Generator, cases: Cases) -> Dockets:
    """Docket sequence numbers, increasing with filing date within court and year (and within court)."""
    n = len(cases.brand)
    year = FIRST_MONTH.year + cases.month // 12
    gaps = rng.integers(1, 4, n)
    order = np.lexsort((np.arange(n), year, cases.court))
    seq_year = np.empty(n, dtype=np.int64)
    seq_year[order] = running_count((cases.court * 10000 + year)[order], gaps[order])
    order = np.lexsort((np.arange(n), cases.court))
    seq_all = np.empty(n, dtype=np.int64)
    seq_all[order] = running_count(cases.court[order], gaps[order])
    return Dockets(seq_year=seq_year, seq_all=seq_all, port=rng.choice([2704, 3901, 4601, 2809, 5301], size=n))
