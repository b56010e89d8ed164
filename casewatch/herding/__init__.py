"""Herding radar: waves, herding indices, co-defendant cohorts and late followers.

The numeric methods (METHODS.md) are pure functions on arrays (``stats``, ``detectors``) tested
on hand-worked series. ``compute(db)`` (``pipeline``) runs them on aggregates that DuckDB returns
(queries/herding/*.sql), ``refresh(db)`` (``cache``) stores the results in the herding_* tables
keyed by the data version they were computed at, and the Herding page reads only those tables;
``evaluate`` (``evaluation``) scores them against a demo's planted truth. The names callers use
are re-exported here.
"""

from casewatch.herding.alarm_records import Alarms, CaseSizes, LocalCounts
from casewatch.herding.bursts import (
    CUSUM_H,
    burst_intervals,
    cusum_reference,
    cusum_threshold,
    kleinberg_states,
    poisson_cusum,
)
from casewatch.herding.cache import (
    CacheStatus,
    cache_status,
    hold_refresh,
    refresh,
    refreshing,
    release_refresh,
    report,
    store,
    wait_for_refresh,
)
from casewatch.herding.cohorts import CoSuedPairs, co_sued_pairs, cohort_communities, find_cohorts
from casewatch.herding.detectors import detect_alarms
from casewatch.herding.evaluation import (
    Evaluation,
    NoPlantedTruth,
    ShapeScore,
    WaveError,
    combine,
    evaluate,
    ramp_threshold_months,
    score,
    shortfalls,
)
from casewatch.herding.pipeline import Results, brand_profiles, compute, herding_indices, sector_concentration
from casewatch.herding.settings import SHAPES, TRIGGERS, Reader, Settings
from casewatch.herding.shapes import wave_shape
from casewatch.herding.stats import (
    FloatArray,
    IntArray,
    benjamini_hochberg,
    binomial_mean_abs_deviation,
    binomial_tail,
    case_size_pmf,
    compound_tail,
    count_tail,
    gini,
    grouped_benjamini_hochberg,
    hhi,
    jaccard,
    local_tail,
    location_quotient,
    lsv,
    most_frequent,
    negbin_tail,
    normalised_hhi,
    own_size_tail,
    poisson_tail,
    pooled_dispersion,
    pooled_share,
    population_rate,
    rate_spread,
    runs,
    seasonal_factors,
    size_moments,
    thinned_pmf,
)
from casewatch.herding.waves import WAVE_COLUMNS, WAVE_MEMBER_COLUMNS, detect_waves, local_counts

__all__ = [
    "CUSUM_H", "SHAPES", "TRIGGERS", "WAVE_COLUMNS", "WAVE_MEMBER_COLUMNS", "Alarms", "CacheStatus", "CaseSizes",
    "CoSuedPairs", "Evaluation", "FloatArray", "IntArray", "LocalCounts", "NoPlantedTruth", "Reader", "Results",
    "Settings", "ShapeScore", "WaveError", "benjamini_hochberg", "binomial_mean_abs_deviation", "binomial_tail",
    "brand_profiles", "burst_intervals", "cache_status", "case_size_pmf", "co_sued_pairs", "cohort_communities",
    "combine", "compound_tail", "compute", "count_tail", "cusum_reference", "cusum_threshold", "detect_alarms",
    "detect_waves", "evaluate", "find_cohorts", "gini", "grouped_benjamini_hochberg", "herding_indices", "hhi",
    "hold_refresh", "jaccard", "kleinberg_states", "local_counts", "local_tail", "location_quotient", "lsv",
    "most_frequent", "negbin_tail", "normalised_hhi", "own_size_tail", "poisson_cusum", "poisson_tail",
    "pooled_dispersion", "pooled_share", "population_rate", "ramp_threshold_months", "rate_spread", "refresh",
    "refreshing", "release_refresh", "report", "runs", "score", "seasonal_factors", "sector_concentration",
    "shortfalls", "size_moments", "store", "thinned_pmf", "wait_for_refresh", "wave_shape",
]  # fmt: skip
