"""Kaplan–Meier and Aalen–Johansen from counts: checked against scipy and against hand arithmetic."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from casewatch import lifecycle


def counts_of(durations: np.ndarray, observed: np.ndarray) -> pd.DataFrame:
    """What queries/lifecycle/milestones.sql returns for these observations: one row per
    (days, observed) with events/censored counts."""
    frame = pd.DataFrame({"days": durations, "events": observed.astype(int), "censored": (~observed).astype(int)})
    return frame.groupby("days", as_index=False).sum()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kaplan_meier_matches_scipy_ecdf(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # whole days with many ties, about a third censored, as at the data cut-off
    durations = rng.integers(0, 60, size=400).astype(float)
    observed = rng.random(400) > 0.35
    counts = counts_of(durations, observed)
    curve = lifecycle.kaplan_meier(counts["days"], counts["events"], counts["censored"])

    reference = stats.ecdf(stats.CensoredData(uncensored=durations[observed], right=durations[~observed])).sf
    np.testing.assert_allclose(curve["days"], reference.quantiles)
    np.testing.assert_allclose(curve["survival"], reference.probabilities, rtol=1e-12)
    with warnings.catch_warnings():  # scipy warns where the band is undefined (S = 0 or 1)
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = reference.confidence_interval(confidence_level=0.95, method="log-log")
    finite = np.isfinite(ci.low.probabilities) & np.isfinite(ci.high.probabilities)
    assert finite.sum() > 20
    np.testing.assert_allclose(curve["lower"][finite], ci.low.probabilities[finite], rtol=1e-10)
    np.testing.assert_allclose(curve["upper"][finite], ci.high.probabilities[finite], rtol=1e-10)
    # median: first time with S <= 0.5, as scipy's sf quantile would say
    first = reference.quantiles[np.argmax(reference.probabilities <= 0.5)]
    assert lifecycle.median_days(curve) == first


def test_kaplan_meier_by_hand() -> None:
    # times 2, 3(censored), 5, 5, 8(censored), 9: n = 6, 5, 4, 2, 1
    curve = lifecycle.kaplan_meier([2, 3, 5, 8, 9], [1, 0, 2, 0, 1], [0, 1, 0, 1, 0])
    assert curve["at_risk"].tolist() == [6, 5, 4, 2, 1]
    # S(2) = 5/6; S(5) = 5/6 * 2/4 = 5/12; S(9) = 0
    np.testing.assert_allclose(curve["survival"], [5 / 6, 5 / 6, 5 / 12, 5 / 12, 0.0])
    assert lifecycle.median_days(curve) == 5
    # Greenwood at t=5: 1/(6*5) + 2/(4*2) = 0.28333; log-log band around S = 5/12
    s = 5 / 12
    se = np.sqrt(1 / 30 + 2 / 8) / abs(np.log(s))
    low = np.exp(-np.exp(np.log(-np.log(s)) + 1.959963984540054 * se))
    assert curve["lower"].iloc[2] == pytest.approx(low)
    # S = 0 at the end: the band collapses instead of becoming NaN
    assert (curve["lower"].iloc[-1], curve["upper"].iloc[-1]) == (0.0, 0.0)
    assert curve["reached"].iloc[2] == pytest.approx(7 / 12)


def test_median_is_nan_when_never_reached() -> None:
    curve = lifecycle.kaplan_meier([1, 4], [1, 0], [0, 5])
    assert np.isnan(lifecycle.median_days(curve))


def test_negative_durations_are_refused() -> None:
    with pytest.raises(ValueError, match="not negative"):
        lifecycle.kaplan_meier([-1, 3], [1, 1], [0, 0])


def test_groups_and_median_table() -> None:
    counts = pd.DataFrame(
        {
            "grp": ["a", "a", "b", "b"],
            "days": [10, 20, 5, 30],
            "events": [1, 1, 1, 0],
            "censored": [0, 0, 0, 3],
        }
    )
    curves = lifecycle.kaplan_meier_groups(counts, ["grp"])
    assert curves.loc[curves["grp"] == "a", "survival"].tolist() == [0.5, 0.0]
    medians = lifecycle.median_table(counts, ["grp"])
    # a: S(10) = 0.5 -> median 10; b: S(5) = 3/4, never <= 0.5
    assert medians["matters"].tolist() == [2, 4]
    assert medians["reached"].tolist() == [2, 1]
    assert medians["median_days"].iloc[0] == 10 and np.isnan(medians["median_days"].iloc[1])


def test_cumulative_incidence_by_hand() -> None:
    # 5 defendants: default at day 10, settled at 10, censored at 20, dismissed at 30, default at 40
    counts = pd.DataFrame(
        {
            "days": [10, 10, 20, 30, 40],
            "cause": ["default_judgment", "settled", None, "dismissed", "default_judgment"],
            "matters": [1, 1, 1, 1, 1],
        }
    )
    cif = lifecycle.cumulative_incidence(counts)
    assert cif["days"].tolist() == [0, 10, 20, 30, 40]
    assert cif["at_risk"].tolist() == [5, 5, 3, 2, 1]
    # day 10: n = 5, one default, one settled -> 0.2 each, S = 3/5
    # day 30: S- = 0.6, n = 2 -> dismissed 0.3, S = 0.3; day 40: S- = 0.3, n = 1 -> default +0.3
    np.testing.assert_allclose(cif["default_judgment"], [0, 0.2, 0.2, 0.2, 0.5])
    np.testing.assert_allclose(cif["settled"], [0, 0.2, 0.2, 0.2, 0.2])
    np.testing.assert_allclose(cif["dismissed"], [0, 0, 0, 0.3, 0.3])
    np.testing.assert_allclose(cif["pending"], [1, 0.6, 0.6, 0.3, 0.0])
    np.testing.assert_allclose(cif[[*lifecycle.CAUSES, "pending"]].sum(axis=1), 1.0)


def test_cumulative_incidence_without_censoring_is_the_plain_share() -> None:
    rng = np.random.default_rng(5)
    days = rng.integers(1, 50, 300)
    cause = rng.choice(["default_judgment", "settled", "dismissed"], 300)
    counts = pd.DataFrame({"days": days, "cause": cause, "matters": 1})
    cif = lifecycle.cumulative_incidence(counts)
    for name in ("default_judgment", "settled", "dismissed"):
        assert cif[name].iloc[-1] == pytest.approx((cause == name).mean())
    # and 1 - KM of one cause (treating the others as censored) would overstate it
    only = counts.assign(events=(cause == "settled").astype(int), censored=(cause != "settled").astype(int))
    naive = 1 - lifecycle.kaplan_meier(only["days"], only["events"], only["censored"])["survival"].iloc[-1]
    assert naive > cif["settled"].iloc[-1] + 0.05


def test_cumulative_incidence_refuses_unknown_cause() -> None:
    with pytest.raises(ValueError, match="unknown causes"):
        lifecycle.cumulative_incidence(pd.DataFrame({"days": [1], "cause": ["appeal"], "matters": [1]}))


def test_incidence_read_at_given_days() -> None:
    counts = pd.DataFrame({"days": [10, 30], "cause": ["settled", "default_judgment"], "matters": [1, 1]})
    cif = lifecycle.cumulative_incidence(counts)
    at = lifecycle.incidence_at(cif, [5, 10, 29, 365]).set_index("days")
    # nothing before day 10; half settled from day 10; the rest default on day 30
    assert at.loc[5, "pending"] == 1.0 and at.loc[5, "settled"] == 0.0
    assert (at.loc[10, "settled"], at.loc[29, "pending"]) == (0.5, 0.5)
    assert (at.loc[365, "default_judgment"], at.loc[365, "pending"]) == (0.5, 0.0)
    # still observed: both on day 5 and 10, one on day 29, none after day 30
    assert at["at_risk"].tolist() == [2, 2, 1, 0]


def test_median_grid_orders_milestones() -> None:
    counts = pd.DataFrame(
        {
            "grp": ["ilnd", "ilnd", "ilnd", "flsd"],
            "milestone": ["pi", "tro", "tro", "tro"],
            "days": [40, 10, 30, 5],
            "events": [1, 1, 0, 1],
            "censored": [0, 0, 1, 0],
        }
    )
    grid = lifecycle.median_grid(counts)
    assert list(grid.columns) == ["tro", "pi"] and list(grid.index) == ["ilnd", "flsd"]
    # ilnd TRO: S(10) = 1/2 -> 10; flsd TRO 5; flsd never had a PI row
    assert grid.loc["ilnd", "tro"] == 10 and grid.loc["flsd", "tro"] == 5 and np.isnan(grid.loc["flsd", "pi"])
