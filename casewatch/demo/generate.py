"""Every table of the demo drawn in memory, in one fixed order from one random generator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casewatch.demo.brands import BrandLists, Brands
from casewatch.demo.cases import Cases, Defendants, assemble_cases, background_block, defendant_rows
from casewatch.demo.cohorts import plant_cohorts
from casewatch.demo.outcomes import Dockets, Outcomes, draw_dockets, draw_outcomes, events
from casewatch.demo.planting import Planter, TruthRow
from casewatch.demo.population import Population, draw_population
from casewatch.demo.reference import Reference
from casewatch.demo.sampling import Months
from casewatch.demo.waves import plant_waves


@dataclass(frozen=True)
class DemoData:
    """What ``loading.write_tables`` loads: the population, the brands' strings, every case with
    its defendants, outcomes, docket numbers and events, and the planted truth."""

    population: Population
    brands: BrandLists
    cases: Cases
    defendants: Defendants
    outcomes: Outcomes
    dockets: Dockets
    events: pd.DataFrame
    truth: list[TruthRow]
    truth_cases: list[tuple[str, int]]  # (truth_id, case_idx)


def generate(rng: np.random.Generator, ref: Reference, scale: float, plant: bool, last_month: dt.date) -> DemoData:
    """The demo's tables from January 2019 through ``last_month``; waves, decoys and cohorts
    planted when ``plant``. Same generator state and arguments -> identical data."""
    months = Months.through(last_month)
    pop = draw_population(rng, ref, scale, months.cutoff)
    brands = Brands(rng, pop.codes, scale, months.count)
    # background member slots are drawn first, so that planted items can avoid members already sued
    background = background_block(rng, pop, brands, brands.rate, np.arange(brands.n_background))
    planter = Planter(rng, pop, brands, months, background)
    if plant:
        plant_waves(planter)
        plant_cohorts(planter)
    cases, case_idx = assemble_cases(rng, months, brands, planter.blocks)
    defendants = defendant_rows(rng, pop, brands, cases)
    outcomes = draw_outcomes(rng, months.cutoff, cases, defendants)
    return DemoData(
        population=pop,
        brands=brands.lists(),
        cases=cases,
        defendants=defendants,
        outcomes=outcomes,
        dockets=draw_dockets(rng, cases),
        events=events(cases, defendants, outcomes),
        truth=planter.truth,
        truth_cases=[(truth_id, int(case_idx[i])) for truth_id, i in planter.truth_cases],
    )
