"""Co-defendant cohorts: the weighted co-suit projection (Newman 2001) and its Louvain communities."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from casewatch.herding.settings import Reader, Settings
from casewatch.herding.stats import FloatArray, IntArray, most_frequent


@dataclass(frozen=True)
class CoSuedPairs:
    """Member pairs co-sued in at least ``min_cases`` cases (a < b, indices into the member list)."""

    a: IntArray
    b: IntArray
    cases: IntArray  # cases naming both
    weight: FloatArray  # Newman's weight sum over shared cases of 1 / (d_k - 1)


def co_sued_pairs(
    case_index: npt.ArrayLike, member_index: npt.ArrayLike, members: int, min_cases: int = 2
) -> CoSuedPairs:
    """Pairs of members named together in >= min_cases cases, from the case x member incidence.

    The weighted projection W = A^T diag(1 / (d_k - 1)) A (Newman 2001) and the plain count
    C = A^T A are sparse products; no per-case list of pairs is built. Cases with one member
    defendant link nobody and are dropped.
    """
    rows = np.asarray(case_index, dtype=np.int64)
    cols = np.asarray(member_index, dtype=np.int64)
    empty = CoSuedPairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    if len(rows) == 0:
        return empty
    _, rows = np.unique(rows, return_inverse=True)
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(int(rows.max()) + 1, members)
    )
    incidence.sum_duplicates()
    incidence.data[:] = 1.0  # a member listed twice in one case counts once
    degree = np.asarray(incidence.sum(axis=1)).ravel()
    keep = degree >= 2
    incidence = incidence[keep]
    degree = degree[keep]
    if incidence.shape[0] == 0:
        return empty
    # both products have the same sparsity pattern (the same incidence), so their entries align
    counts = sparse.csr_matrix(sparse.triu(incidence.T @ incidence, k=1))
    scaled = sparse.diags(1.0 / (degree - 1)) @ incidence
    weights = sparse.csr_matrix(sparse.triu(incidence.T @ scaled, k=1))
    counts.sort_indices()
    weights.sort_indices()
    if not (np.array_equal(counts.indptr, weights.indptr) and np.array_equal(counts.indices, weights.indices)):
        raise RuntimeError("co-suit counts and weights differ in pattern")
    strong = counts.data >= min_cases
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    a, b, c, w = rows[strong], counts.indices[strong], counts.data[strong], weights.data[strong]
    return CoSuedPairs(a.astype(np.int64), b.astype(np.int64), c.astype(np.int64), w.astype(np.float64))


def cohort_communities(pairs: CoSuedPairs, seed: int = 7, resolution: float = 1.0) -> list[list[int]]:
    """Louvain communities (networkx, fixed seed) of the co-sued graph weighted by W; each a sorted
    list of member indices, largest first. Only members with at least one kept pair appear."""
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        zip(pairs.a.tolist(), pairs.b.tolist(), pairs.weight.tolist(), strict=True), weight="weight"
    )
    if graph.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(group) for group in found), key=lambda group: (-len(group), group[0]))


def find_cohorts(db: Reader, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Co-defendant cohorts: Louvain communities of members co-sued in >= cohort_min_cases cases,
    with their profile, members and edges."""
    incidence = db.query("herding/member_cases")
    members, member_index = np.unique(incidence["member_id"].to_numpy(dtype=str), return_inverse=True)
    pairs = co_sued_pairs(incidence["case_index"], member_index, len(members), settings.cohort_min_cases)
    groups = [
        group
        for group in cohort_communities(pairs, seed=settings.louvain_seed, resolution=settings.louvain_resolution)
        if len(group) >= settings.cohort_min_size
    ]
    member_rows, edge_rows = [], []
    label = np.full(len(members), -1, dtype=np.int64)
    for cohort_id, group in enumerate(groups, start=1):
        label[group] = cohort_id
    inside = (label[pairs.a] >= 0) & (label[pairs.a] == label[pairs.b])
    for a, b, cases, weight in zip(
        pairs.a[inside], pairs.b[inside], pairs.cases[inside], pairs.weight[inside], strict=True
    ):
        edge_rows.append((int(label[a]), str(members[a]), str(members[b]), int(cases), float(weight)))
    edges = pd.DataFrame(edge_rows, columns=["cohort_id", "member_a", "member_b", "cases", "weight"])
    ends = pd.concat(
        [edges[["cohort_id", "member_a", "weight"]].rename(columns={"member_a": "member_id"}),
         edges[["cohort_id", "member_b", "weight"]].rename(columns={"member_b": "member_id"})]
    )  # fmt: skip
    for cohort_id, group in enumerate(groups, start=1):
        for index in group:
            member_rows.append((cohort_id, str(members[index])))
    cohort_members = pd.DataFrame(member_rows, columns=["cohort_id", "member_id"])
    ties = ends.groupby(["cohort_id", "member_id"]).agg(partners=("weight", "size"), strength=("weight", "sum"))
    cohort_members = cohort_members.merge(ties.reset_index(), on=["cohort_id", "member_id"], how="left")
    cohort_members["partners"] = cohort_members["partners"].fillna(0).astype(int)
    cohort_members["strength"] = cohort_members["strength"].fillna(0.0)

    profiles = db.query("herding/member_profiles").set_index("member_id")
    shared_cases = db.query(
        "herding/cohort_cases",
        cohort_ids=cohort_members["cohort_id"].tolist(),
        member_ids=cohort_members["member_id"].tolist(),
    )
    rows = []
    for cohort_key, cohort in cohort_members.groupby("cohort_id", sort=True):
        where = profiles.reindex(cohort["member_id"])
        cities = most_frequent(where["city_code"].tolist(), n=len(cohort))
        own_cases = shared_cases[shared_cases["cohort_id"] == cohort_key]
        top_city = cities[0] if cities else None
        rows.append(
            {
                "cohort_id": int(str(cohort_key)),
                "size": len(cohort),
                "cases": int(own_cases["case_id"].nunique()),
                "brands": int(own_cases["brand"].nunique()),
                "first_sued": own_cases["filed_on"].min() if not own_cases.empty else pd.NaT,
                "last_sued": own_cases["filed_on"].max() if not own_cases.empty else pd.NaT,
                "top_city": top_city,
                "local_share": float((where["city_code"] == top_city).mean()) if top_city else 0.0,
                "cities": cities,
                "sectors": most_frequent(where["sector_code"].tolist(), n=len(cohort)),
                "top_brands": most_frequent(own_cases["brand"].tolist()),
            }
        )
    cohorts = pd.DataFrame(
        rows,
        columns=["cohort_id", "size", "cases", "brands", "first_sued", "last_sued", "top_city", "local_share",
                 "cities", "sectors", "top_brands"],
    )  # fmt: skip
    return cohorts, cohort_members, edges
