"""The herding detectors' settings and what the pipeline reads through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from casewatch.access import Scope


class Reader(Protocol):
    """What the pipeline reads through: a Database, or a Snapshot of one."""

    def query(self, name: str, *, scope: Scope = ..., **params: Any) -> pd.DataFrame: ...


TRIGGERS = ("", "spike", "buildup", "new", "return", "threshold")
SHAPES = ("sudden", "ramp", "multi_city", "firm_led", "surge")


@dataclass(frozen=True)
class Settings:
    """Detector settings (METHODS.md defaults, calibrated where noted; stored with each run)."""

    # A month alarms when the members newly sued over the last 1..windows months (since the
    # entity's last alarm) number >= min_members and are improbable against its baseline, in all
    # or in one city. The smallest window p-value, times the windows tried (Bonferroni), or the
    # month's largest case's (case_weight), is one p-value per entity and month;
    # Benjamini-Hochberg at wave_fdr across the entities of a kind
    # active that month, newcomers and established entities apart, decides. wave_fdr, windows and
    # min_members as calibrated for issue 5 (seeds 1-5, 11-15); the rest of issue 23's method was
    # developed on seeds 1 and 301-305 and scored on others (docs/benchmarks.md).
    wave_fdr: float = 0.01
    # ... and the newcomers' family at newcomer_fdr: they are judged against the population's
    # rate, a mean over newcomers whose own rates vary widely (a busy newcomer names a few members
    # a month from its start), which the tail does not model: held to a tenth of the rate. A
    # newcomer's wave in one city is the threshold rule's in its debut and, while its own pace is
    # quiet or sparse, after it (below); the test is left the rest
    newcomer_fdr: float = 0.001
    # ... and a law firm's, judged by its own baseline, at firm_fdr in place of wave_fdr: its
    # members are its young clients' (waves.py), a sum of newcomers' debuts whose rates vary as
    # widely - a firm signing two busy new clients in a season is no herd
    firm_fdr: float = 0.001
    # in the correction across entities (weighted_fdr), a quiet entity's test (its own pace comes
    # to fewer than min_members in baseline_months, below) weighs quiet_weight of the others', a
    # sparse one's sparse_weight (weighted Benjamini-Hochberg; the weights are set by the months
    # before, not by the month judged): the size rule judges their waves in one city (a sparse
    # entity's where its tail is also under sparse_tail), the test is left their waves spread over
    # cities, which are large against their pace; the budget they leave goes to the entities the
    # test alone can judge - an established brand naming 12 in one case where its cases name 2-5
    # was missed, corrected across hundreds of quiet ones (docs/benchmarks.md, session 30)
    weighted_fdr: bool = True
    quiet_weight: float = 0.1
    sparse_weight: float = 0.5
    # ... but not a law firm's: a busy firm's rises are new clients (firm_fdr above)
    firm_weighted_fdr: bool = False
    # ... and its members are judged city by city (and by its largest case), not in all: a firm
    # whose new clients' sellers rise in many cities at once is a firm winning clients, a herd
    # is sellers of one city sued together (the total's share of the budget is left unspent)
    firm_total_test: bool = False
    # whether an entity's members in all cities are tested (True; for law firms firm_total_test)
    total_test: bool = True
    windows: int = 3
    min_members: int = 8
    # the local test: members in one city against the city's share of the entity's baseline (its
    # own history's shares with city_prior members' worth of the city's share of the members of
    # the entity's sectors - Shantou's toys, Zhongshan's lighting; waves.py _sector_prior); it gets
    # local_weight of the false-alarm budget, the entity's total the rest
    local_weight: float = 0.5
    # the largest-case test (one case naming many members at once) gets case_weight of the
    # false-alarm budget, the total and the cities the rest in the proportion above
    case_weight: float = 0.2
    # ... and judges a case's size by the entity's own earlier cases, with this many cases' worth of
    # all entities' (a brand with few cases is judged nearly as all are)
    size_prior: float = 5.0
    # a city is tested when it holds this many of the window's members (at most min_members: the
    # threshold rule sees a city through these cells)
    local_min_members: int = 3
    city_prior: float = 20.0
    # a brand with no history: its first month is a wave at >= new_entity_members; likewise, in its
    # first debut_months months, its members in one city (the local test's city counts) reaching
    # min_members over a window since its last alarm (trigger "threshold"), so a new entity's ramp
    # is flagged no later than the month it gets there - a ramp of two to four months (issue 23):
    # the rule's windows reach back over all of its first debut_months. The same holds for a quiet
    # entity, one whose own rate would name fewer than min_members in baseline_months
    new_entity_members: int = 5
    # ... a brand first seen after the data's start is known to be new (so these rules apply) from
    # this quantile of the gaps between the months in which brands seen from the start name members:
    # one first seen sooner than a typical gap may have filed before the data begins
    known_new_quantile: float = 0.5
    debut_months: int = 4
    # ... and a law firm first seen from this quantile of those gaps on is new, as are its clients
    # first seen from then on (its wave sums several clients' first cases: each of them must be
    # surely new; with too few gaps to tell, none is); an older firm's from population_months on
    firm_known_new_quantile: float = 0.9
    # ... past its debut, a newcomer is held to the rule while its own months so far are quiet
    # or sparse (its city holding min_members itself);
    # an entity is sparse when its own rate names fewer than min_members in sparse_months (but
    # not in baseline_months): its reaching the size threshold is a wave where the window's
    # smallest tail, before any correction across entities, is also under sparse_tail - a brand
    # filing a case of three a season reaching eight in one city in two months is no ordinary
    # season, yet among hundreds of brands the corrected test lets it pass (3e-3 since the cities'
    # shares are their sectors': a ramp in its sector's own city is less improbable than it was)
    sparse_months: int = 12
    sparse_tail: float = 3e-3
    # ... "in one city": min_members there, or, over windows of up to `windows` months,
    # min_members in all with this share of them there (a city's ramp whose cases named a seller
    # or two elsewhere as well; a newcomer whose members are spread over cities is left to the test)
    threshold_city_share: float = 0.75
    # a newcomer past its debut and in its first population_months, with no alarm yet, whose
    # members in one city since its first month reach min_members, no month holding half of them,
    # is a wave where the city holds improbably many of them for its share of the newcomer's
    # sectors' members (binomial tail under first_year_tail): a product spreading through one
    # city's sellers over half a year, one or two a month, which no window of the size rule holds;
    # a busy newcomer naming sellers where its sector's sellers are is no herd, however many
    first_year_tail: float = 1e-4
    # a dormant entity (seen for min_history months or more, naming at most dormant_members in
    # the last baseline_months) that names min_members in one month is a wave, as a new entity's
    # first month is: one case naming that many is common enough among all entities' cases that
    # the tail test, corrected across them, does not flag it, yet for this entity it is no
    # ordinary month. For a law firm, its members are those of its young clients' cases (waves.py)
    dormant_members: int = 2
    # with fewer than min_history months of its own, an uncensored entity is judged against the
    # population's rate (entities in their first population_months)
    min_history: int = 6
    population_months: int = 12
    baseline_months: int = 24
    skip_months: int = 1
    wave_gap_months: int = 1  # an entity's alarm runs this many quiet months apart (or fewer) are one wave
    # a wave's start goes back over at most this many rising months (a newcomer's, over a month it
    # named no one in, to one improbable on its own at rise_extension)
    backfill_months: int = 2
    # an alarm's rise reaches back over a longer window only where its tail is under this share of
    # the shorter window's: the earlier months are improbable on their own, at 5 %
    rise_extension: float = 0.05
    cusum_floor: float = 0.1  # smallest in-control mean l0 of the (descriptive) CUSUM
    # an alarm whose members repeat one other case's member defendants this closely (Jaccard) is a
    # cohort being sued again, listed with cohorts, not a new wave
    cohort_overlap: float = 0.5
    # ... and repeats at least this many of them (the fewest that make a newcomer's wave): a few
    # members in common with some case are chance where members are sued often (seed 2605, 3 of a
    # newcomer's 5; at scale 70, where each member is named in ~380 cases, 3 of a ramp's 5)
    resuit_min_members: int = 5
    kleinberg_s: float = 2.0
    kleinberg_gamma: float = 1.0
    # shapes: a surge is an established entity (own baseline of at least this many members a
    # month); multi-city when the second city holds this share; firm-led when no brand holds this
    surge_baseline: float = 0.75
    multi_city_share: float = 0.3
    multi_city_each: float = 0.2  # ... or when the second and third each hold this share
    firm_brand_share: float = 0.6
    # a law firm's wave is made of cases for rights holders in their first months (a firm-led
    # wave files for new brands); its established clients' rises are theirs
    firm_new_brand_months: int = 3
    lsv_min_members: int = 5
    lsv_fdr: float = 0.05
    # METHODS.md keeps pairs co-sued in >= 2 cases; two waves hitting one city and sector already
    # make that, and merged planted cohorts with them (best Jaccard down to 0.13 in our runs).
    # Pairs co-sued in >= 3 cases recovered every planted cohort (best Jaccard >= 0.8, 16 seeds).
    cohort_min_cases: int = 3
    cohort_min_size: int = 3
    louvain_seed: int = 7
    louvain_resolution: float = 1.0
