"""What the wave detector (casewatch.herding.detectors) reads besides the monthly counts, and what it
gives: the records between it and the queries' side (casewatch.herding.waves)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from casewatch.herding.stats import FloatArray, IntArray


@dataclass(frozen=True)
class Alarms:
    """Per entity (rows) and month (columns): the decision and what led to it."""

    alarm: npt.NDArray[np.bool_]
    onset: IntArray  # first month of the rise that alarmed (-1 where no alarm)
    trigger: npt.NDArray[np.int8]  # index into TRIGGERS
    # the smallest tail over the windows and their cities, which decides a found alarm (0 for a new
    # entity; shown for a return or a threshold alarm too; the first-year rule's: its binomial tail)
    p_value: FloatArray
    baseline: FloatArray  # baseline mean mu (per month, before the seasonal factor)
    cusum: FloatArray  # CUSUM level S_t before any reset (descriptive)
    window: IntArray  # months of the rise's window (a found alarm's) or the rule's (0 where no alarm)
    population: npt.NDArray[np.bool_]  # judged against the population's rate (a new entity)


@dataclass(frozen=True)
class LocalCounts:
    """An entity's members in one cell (a city) over a window of months ending at ``month``:
    the candidates of the local test (cells with at least local_min_members; the entity's members
    in all cells over the window must reach min_members).
    ``share`` is the cell's expected share of the entity's members (its own history's, shrunk
    towards the cell's share of its sectors' members); ``weight`` the cell's Bonferroni weight
    (that share of its sectors': weights over all cells sum to 1)."""

    row: IntArray
    month: IntArray
    window: IntArray
    members: FloatArray
    share: FloatArray
    weight: FloatArray


@dataclass(frozen=True)
class CaseSizes:
    """What the largest-case test judges a case's size by: per entity and month, the ``cases``
    that named someone new (the month's counted members came in them, so beyond one each they
    named the members less the cases), and all entities' mean of members per case beyond one and
    its variance-to-mean ratio (size_moments)."""

    cases: npt.ArrayLike
    pooled_mean: float
    ratio: float
