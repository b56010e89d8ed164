"""Helpers for tests that look at CaseWatch through a role: users on the tiny fixture, an AppTest
signed in through (simulated) native login, and a leak detector for what a member may not see."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from casewatch import access, users
from casewatch.access import SYSTEM
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.i18n import LANGS, t
from casewatch.ui.blocks import TABLES_OPEN
from casewatch.ui.first_paint import STAGE, WHOLE
from tests.support import templates
from tests.support.apptest import ROOT, rerun
from tests.support.databases import FIXTURES, load_csv_tables

# Who signs in on the fixture (tests/fixtures/tiny/members.csv has M1..M4).
USERS = {
    "m1@example.com": ("member", "M1"),
    "m2@example.com": ("member", "M2"),
    "a1@example.com": ("analyst", None),
    "l1@example.com": ("leadership", None),
}
AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-0123456789abcdef",
    "client_id": "casewatch",
    "client_secret": "casewatch-secret",
    "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
}
MEMBER_COLUMNS = (
    "member_id",
    "member_name",
    "member_name_zh",
    "member_name_en",
    "city_code",
    "district",
    "outcome",
    "frozen_usd",
    "settlement_usd",
    "judgment_usd",
    "appeared",
    "match_score",
)
# Member-level amounts on every defendant row that is not M1's get a canary: a distinct power of
# ten per row, so that any sum of them is recognisable (see Canaries.forbidden_sums).
CANARY_BASE = {"frozen_usd": 1, "settlement_usd": 2, "judgment_usd": 3}


def add_users(db: Database) -> None:
    for email, (role, member) in USERS.items():
        users.save_user(db, email, role, member, by=SYSTEM)


def build_tiny(path: str, *, canaries: bool = False) -> Database:
    """The tiny fixture with the users above (and canary amounts when asked), open; a copy of a
    database built once per session (tests/support/templates.py)."""

    def build(template: str) -> None:
        db = Database(template)
        load_csv_tables(db, FIXTURES / "tiny")
        add_users(db)
        if canaries:
            plant_canaries(db)
        db.close()

    return Database(templates.copy_of("tiny_canaries" if canaries else "tiny_users", build, path))


def plant_canaries(db: Database) -> None:
    """Gives every defendant row outside M1 canary amounts (row k: base * 10**(k + 5))."""
    with db.write() as con:
        others = con.execute(
            "SELECT case_id, defendant_no FROM defendants WHERE member_id IS DISTINCT FROM 'M1' "
            "ORDER BY case_id, defendant_no"
        ).fetchall()
        for k, (case_id, defendant_no) in enumerate(others):
            con.execute(
                "UPDATE defendants SET frozen_usd = $f, settlement_usd = $s, judgment_usd = $j "
                "WHERE case_id = $case_id AND defendant_no = $no",
                {
                    "f": float(10 ** (k + 5)),
                    "s": float(2 * 10 ** (k + 5)),
                    "j": float(3 * 10 ** (k + 5)),
                    "case_id": case_id,
                    "no": defendant_no,
                },
            )
        bump_data_version(con)


@dataclass(frozen=True)
class Truth:
    """Who owns each defendant row, and the member-level values a member M1 must never see."""

    owners: dict[tuple[str, int], str | None]
    amounts: dict[tuple[str, int], dict[str, float]]
    other_members: frozenset[str]
    other_names: frozenset[str]
    viewer: str = "M1"

    @classmethod
    def read(cls, db: Database, viewer: str = "M1") -> Truth:
        rows = db.sql(
            "SELECT case_id, defendant_no, member_id, frozen_usd, settlement_usd, judgment_usd FROM defendants"
        )
        owners: dict[tuple[str, int], str | None] = {}
        amounts: dict[tuple[str, int], dict[str, float]] = {}
        for row in rows.itertuples(index=False):
            key = (str(row.case_id), int(row.defendant_no))
            owners[key] = None if pd.isna(row.member_id) else str(row.member_id)
            amounts[key] = {c: float(getattr(row, c)) for c in CANARY_BASE if pd.notna(getattr(row, c))}
        members = db.sql("SELECT member_id, name_zh, name_en FROM members WHERE member_id <> $m", {"m": viewer})
        names = frozenset(str(v) for v in pd.concat([members["name_zh"], members["name_en"]]).dropna())
        return cls(owners, amounts, frozenset(members["member_id"]), names, viewer)

    def forbidden_sums(self, column: str) -> frozenset[float]:
        """Every sum of ``column`` over defendant rows of fewer than 3 members (non-member rows
        count as parties of their own) that includes someone else's row: what suppression hides."""
        keys = [k for k in self.owners if column in self.amounts[k]]
        found: set[float] = set()
        for size in range(1, len(keys) + 1):
            for subset in itertools.combinations(keys, size):
                if all(self.owners[k] == self.viewer for k in subset):
                    continue
                parties = {self.owners[k] or f"non-member {k}" for k in subset}
                if len([p for p in parties if not p.startswith("non-member")]) >= 3:
                    continue
                found.add(round(sum(self.amounts[k][column] for k in subset), 2))
        return frozenset(found)


def members_affected_labels() -> frozenset[str]:
    """Headers and metric labels under which pages show a count of members."""
    keys = ("col.members_affected", "overview.kpi.members_affected", "cases.detail.members_affected")
    return frozenset(t(key, lang) for key in keys for lang in LANGS)


def leaks(frame: pd.DataFrame, truth: Truth, where: str) -> list[str]:
    """What in ``frame`` a member (truth.viewer) must not see; empty when nothing."""
    found: list[str] = []
    frame = frame.rename(columns={label: "members_affected" for label in members_affected_labels()})
    columns = set(frame.columns)
    for value in _cells(frame):
        if isinstance(value, str) and (value in truth.other_members or value in truth.other_names):
            found.append(f"{where}: another member's id or name {value!r}")
    forbidden = set().union(*(truth.forbidden_sums(c) for c in CANARY_BASE))
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            for value in frame[column].dropna():
                if round(float(value), 2) in forbidden:
                    found.append(f"{where}: column {column} shows {value}, an amount of fewer than 3 members")
    if "members_affected" in columns:
        small = frame["members_affected"].dropna()
        small = small[small < access.MIN_CELL_MEMBERS]
        if not small.empty:
            found.append(f"{where}: members_affected below {access.MIN_CELL_MEMBERS}: {small.tolist()}")
    if {"case_id", "defendant_no"} <= columns:
        masked = [c for c in MEMBER_COLUMNS if c in columns]
        for row in frame.to_dict("records"):
            if pd.isna(row["defendant_no"]) or pd.isna(row["case_id"]):
                continue
            owner = truth.owners.get((str(row["case_id"]), int(row["defendant_no"])))
            if owner == truth.viewer:
                continue
            shown = {c: row[c] for c in masked if not _missing(row[c])}
            if shown:
                found.append(f"{where}: row {row['case_id']}#{row['defendant_no']} shows member-level {shown}")
    return found


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, (str, bytes, list, dict)) and bool(pd.isna(value)))  # type: ignore[arg-type]


def _cells(frame: pd.DataFrame) -> Iterator[object]:
    for column in frame.columns:
        yield column
        yield from frame[column].tolist()


def text_leaks(texts: Iterable[str], truth: Truth, where: str) -> list[str]:
    """Other members' ids (as whole words) or names anywhere in free text."""
    found = []
    for text in texts:
        for name in truth.other_names:
            if name in text:
                found.append(f"{where}: another member's name {name!r} in {text[:80]!r}")
        for member in truth.other_members:
            if any(word.strip(".,;:()[]'\"") == member for word in text.split()):
                found.append(f"{where}: another member's id {member!r} in {text[:80]!r}")
    return found


def open_as(
    page: str, email: str | None, claims: dict[str, object] | None = None, *, stage: int = WHOLE, **query: str
) -> AppTest:
    """The dashboard with login configured, opened on ``page`` by ``email`` (None: signed out),
    whose identity token carries ``claims`` besides the e-mail, at ``stage`` of a fresh session's
    page (casewatch.ui.first_paint)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = dict(AUTH_SECRETS)
    at.user = {"is_logged_in": True, "email": email, **(claims or {})} if email else {"is_logged_in": False}
    at.session_state["casewatch_start_page"] = page
    at.session_state[STAGE] = stage  # no browser timer in AppTest: WHOLE draws the charts at once
    at.session_state[TABLES_OPEN] = True  # every chart's table drawn, as if its expander were opened
    for name, value in query.items():
        at.query_params[name] = value
    return rerun(at)


def rendered(at: AppTest) -> tuple[list[pd.DataFrame], list[str]]:
    """Every table (dataframes and chart data) and every text an AppTest run shows."""
    frames = [df.value for df in at.dataframe]
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts.extend(str(element.value) for element in getattr(at, kind))
    for metric in at.metric:
        texts.extend([str(metric.label), str(metric.value)])
        number = str(metric.value).replace(",", "").lstrip("≈$")  # ≈: a member's perturbed figure
        if number.replace(".", "", 1).isdigit():
            frames.append(pd.DataFrame({str(metric.label): [float(number)]}))
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            values = {k: trace[k] for k in ("x", "y", "text", "customdata", "values", "labels") if k in trace}
            length = max((len(v) for v in values.values() if isinstance(v, list)), default=0)
            columns = {k: v for k, v in values.items() if isinstance(v, list) and len(v) == length}
            if columns:
                frames.append(pd.DataFrame(columns))
    return frames, texts


@pytest.fixture
def role_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The tiny fixture with users, as the app's database; Streamlit caches cleared around."""
    path = str(tmp_path / "tiny.duckdb")
    build_tiny(path).close()
    yield from _as_app_db(path, monkeypatch)


@pytest.fixture
def canary_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """role_db with canary amounts on every defendant row that is not M1's."""
    path = str(tmp_path / "canary.duckdb")
    build_tiny(path, canaries=True).close()
    yield from _as_app_db(path, monkeypatch)


def _as_app_db(path: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CASEWATCH_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()
