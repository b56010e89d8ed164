"""Deterministic demo-data generator, with planted truth for scoring the herding detectors.

``build_demo(path, seed=7, scale=1.0)`` writes a fresh DuckDB database: about 2,000 fictional
association members in the 21 Guangdong cities, their marketplace stores, a much larger pool of
non-member stores (``population``), fictional brands / plaintiffs / law firms (``brands``,
``names``), and cases from January 2019 to the last full month before ``until`` with defendants
(``cases``), outcomes and docket milestones (``outcomes``) calibrated to docs FACTS.md
(``calibration``). With ``plant=True`` it also plants waves of several shapes and decoys
(``waves``, ``decoys``) and co-defendant cohorts (``cohorts``), recorded in ``demo_truth`` (one
row per member of each planted item) and ``demo_truth_cases`` (the planted cases of each item).

Everything is drawn from one ``numpy.random.default_rng(seed)`` in a fixed order (``generate``)
and vectorised (no Python loop per defendant row); strings for the large tables are assembled
inside DuckDB by queries/demo/*.sql from integer columns and bound lists (``loading``). Same
(seed, scale, plant, until) -> identical tables.

Background activity is deliberately quiet per brand, so that planted items stand out for the
detectors of docs METHODS.md: each brand files on a steady cadence (systematic sampling of its
smooth monthly rate), names at most 6 members per case, its expected member rate is capped, and
its background cases never name more than 7 distinct members in a month (2 in the first month it
names any, 1 per case in its first month of filing). Per brand and month (distinct members):
background <= 7 < a cohort's case (8..11, on a brand-month with no other member) < a wave's first
month (>= 12).
"""

from casewatch.demo.build import DemoSummary, build_demo, earliest_until
from casewatch.demo.calibration import DECOY_PLAN, FIRST_MONTH, N_COHORTS, N_MEMBERS, N_WAVES, WAVE_PLAN
from casewatch.demo.errors import DemoRefused, NotOurFile
from casewatch.demo.generate import DemoData, generate

__all__ = [
    "DECOY_PLAN",
    "FIRST_MONTH",
    "N_COHORTS",
    "N_MEMBERS",
    "N_WAVES",
    "WAVE_PLAN",
    "DemoData",
    "DemoRefused",
    "DemoSummary",
    "NotOurFile",
    "build_demo",
    "earliest_until",
    "generate",
]
