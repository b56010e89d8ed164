"""The detectors against the demo's planted truth on five seeds, and on data with nothing planted.

Done-when of issue 5: wave precision and recall >= 0.9 (a planted wave is found when a detected
wave of the same brand starts within one month of it), each planted cohort's best detected cohort
Jaccard >= 0.8, and at most 1 false wave per 100 brand-years when nothing is planted. Scale 0.2
(about 30k defendant rows) keeps the module near half a minute. Run with -s for the table.

Calibration of Settings' defaults (same measures; seeds 1-5 at 0.2 here, 6-10 at 0.1, 11-15 at
0.3 and 21 at 1 by hand): METHODS.md's alpha 0.01 with >= 3 members gives about 13 false waves per
100 brand-years on unplanted data; alpha 0.001 with >= 8 members gave 0 false waves and precision
and recall 1.0 on all 16 seeds. Pairs co-sued in >= 2 cases gave best cohort Jaccards down to
0.13; >= 3 gave >= 0.8 (0.8 once, at scale 1; >= 0.89 at scales 0.1-0.3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch import herding
from casewatch.db import Database
from casewatch.demo import build_demo

SEEDS = (1, 2, 3, 4, 5)
SCALE = 0.2
UNTIL = dt.date(2026, 11, 1)


def evaluate(path: str) -> herding.Evaluation:
    with Database(path) as db:
        return herding.evaluate(db)


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[int, bool], herding.Evaluation]]:
    folder = Path(tmp_path_factory.mktemp("herding_truth"))
    found = {}
    for seed in SEEDS:
        for plant in (True, False):
            path = str(folder / f"s{seed}_{'planted' if plant else 'quiet'}.duckdb")
            build_demo(path, seed=seed, scale=SCALE, plant=plant, until=UNTIL)
            found[(seed, plant)] = evaluate(path)
    print("\nseed  precision  recall  cohort Jaccards            quiet: false waves / brand-years")
    for seed in SEEDS:
        planted, quiet = found[(seed, True)], found[(seed, False)]
        jaccards = " ".join(f"{v:.2f}" for v in planted.cohort_jaccard.values())
        print(
            f"{seed:>4}  {planted.precision:9.3f}  {planted.recall:6.3f}  {jaccards:<26} "
            f"{quiet.false_waves} / {quiet.brand_years:.0f} = {quiet.false_per_100_brand_years:.2f} per 100"
        )
    yield found


# Issue 23 planted waves of six shapes; sudden, multi-city, firm-led and threshold waves are found
# on these seeds, ramps and surges not yet every time (docs/benchmarks.md, "Herding shapes").
FOUND_SHAPES = ("sudden", "multi_city", "firm_led", "threshold")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_planted_waves_are_found(scores: dict[tuple[int, bool], herding.Evaluation], seed: int) -> None:
    result = scores[(seed, True)]
    assert result.planted_waves >= 10
    for shape in FOUND_SHAPES:
        assert result.shapes[shape].recall >= 0.9, (shape, result.as_dict())
    # false waves are few but, with three or four waves of a shape a seed, one already takes a
    # shape's precision to 0.75: the precision asked of every shape is not reached yet (issue 23)
    assert result.precision >= 0.8, result.as_dict()
    assert all(flagged <= 1 for flagged, _ in result.decoys.values()), result.decoys


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_planted_cohorts_are_found(scores: dict[tuple[int, bool], herding.Evaluation], seed: int) -> None:
    jaccards = scores[(seed, True)].cohort_jaccard
    assert len(jaccards) >= 4
    assert min(jaccards.values()) >= 0.8, jaccards


@pytest.mark.slow
def test_quiet_data_raises_few_false_waves(scores: dict[tuple[int, bool], herding.Evaluation]) -> None:
    quiet = [scores[(seed, False)] for seed in SEEDS]
    assert all(q.planted_waves == 0 for q in quiet)
    false = sum(q.false_brand_waves for q in quiet)
    years = sum(q.brand_years for q in quiet)
    assert years > 1000
    assert 100 * false / years <= 1.0
    assert all(q.false_per_100_brand_years <= 1.0 for q in quiet), [q.as_dict() for q in quiet]
