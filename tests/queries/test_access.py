"""A member cannot reach another member's rows: not through any query file a member may run, any
page, URL parameters, or any download (UI and CLI). Run on the tiny fixture where every defendant
row that is not M1's carries canary amounts, so that a leak of them (alone or summed over fewer
than 3 members) is recognised wherever it shows up."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from casewatch import access, cases
from casewatch.__main__ import main
from casewatch.access import Scope
from casewatch.db import Database
from casewatch.filters import Filters, Vocabulary
from casewatch.i18n import t
from casewatch.sql import QUERIES_DIR, load_sql
from casewatch.ui.context import PageContext
from tests.support import roles
from tests.support.apptest import PAGES, ROOT
from tests.support.roles import Truth, build_tiny, leaks, open_as, rendered, text_leaks

canary_db = roles.canary_db  # a fixture

M1 = Scope("member", member_id="M1", email="m1@example.com")
WIDE = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
CASE_IDS = [
    "ilnd:1:24-cv-00001",
    "ilnd:1:24-cv-00002",
    "flsd:0:24-cv-00003",
    "nysd:1:23-cv-00009",
    "ilnd:1:24-cv-00005",
]
# Values tried for each parameter a member-accessible query takes (besides $viewer_member, which
# the data layer binds). The global filters are one group; a new parameter needs values here.
FILTER_VARIANTS = [
    WIDE,
    WIDE.with_values(members_only=True),
    WIDE.with_values(cities=("440100", "440300", "440500")),
    WIDE.with_values(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)),
    WIDE.with_values(sectors=("S02",), brands=("Alpha",)),
]
VALUES: dict[str, list[Any]] = {
    "limit": [1000],
    "offset": [0],
    "terms": [[], ["jiayi"], ["bingding"], ["schedule"]],
    "sort": ["filed_on", "frozen_usd", "settlement_usd", "outcome", "store_name"],
    "descending": [True, False],
    "case_id": [*CASE_IDS, "no:such:case"],
    "member": ["M1", "M2", "M3", "M4"],
    "today": [dt.date(2024, 2, 26)],
    "tro_days": [cases.TRO_DAYS],
    "answer_days": [cases.ANSWER_DAYS],
    "key": ["data_version", "demo"],
    "lang": ["zh", "en"],
    "recipient": ["member:M1", "member:M2", None],
    "entity_kind": ["brand", "firm"],
    "entity": ["Alpha", "Firm B"],
    "start_month": ["2024-01", "2024-02"],
}
FILTER_PARAMS = set(WIDE.params())
# Tables and columns that hold member-level data: a member query reading them must bind the viewer.
MEMBER_LEVEL = re.compile(
    r"\b(defendant_facts|filtered_facts|fact_cells|filtered_cells|defendants|member_id|frozen_usd|settlement_usd|"
    r"judgment_usd|outcome)\b"
)


def query_names() -> list[str]:
    return sorted(p.relative_to(QUERIES_DIR).with_suffix("").as_posix() for p in QUERIES_DIR.rglob("*.sql"))


def member_queries() -> list[str]:
    return [name for name in query_names() if "member" in access.allowed_roles(load_sql(name))]


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Truth]]:
    db = build_tiny(str(tmp_path_factory.mktemp("canary") / "canary.duckdb"), canaries=True)
    yield db, Truth.read(db)
    db.close()


def param_sets(name: str) -> Iterator[dict[str, Any]]:
    """The query's parameters at a baseline, then each parameter (group) varied alone."""
    text = load_sql(name)
    used = set(re.findall(r"\$([a-z_]+)", text)) - {"viewer_member"}
    takes_filters = bool(used & FILTER_PARAMS)
    unknown = used - FILTER_PARAMS - set(VALUES)
    if unknown:
        pytest.fail(f"query {name} takes {sorted(unknown)}: add values for them to VALUES in {__file__}")
    if takes_filters and not used >= FILTER_PARAMS:
        pytest.fail(f"query {name} takes only some global filter parameters: {sorted(used & FILTER_PARAMS)}")
    own = sorted(used - FILTER_PARAMS)
    baseline = {p: VALUES[p][0] for p in own}
    variants = [(None, None)] + [(p, v) for p in own for v in VALUES[p][1:]]
    filters = FILTER_VARIANTS if takes_filters else [None]
    for (param, value), chosen in itertools.product(variants, filters):
        params = dict(baseline)
        if param is not None:
            params[param] = value
        if chosen is not None:
            params.update(chosen.params())
        yield params


def test_member_queries_are_found() -> None:
    names = member_queries()
    assert {"cases/table", "cases/defendants", "cases/events", "cases/my_cases", "overview/kpis"} <= set(names)


@pytest.mark.parametrize("name", member_queries())
def test_member_query_binds_the_viewer_when_it_reads_member_data(name: str) -> None:
    text = "\n".join(line for line in load_sql(name).splitlines() if not line.lstrip().startswith("--"))
    if MEMBER_LEVEL.search(text):
        assert "$viewer_member" in text, f"{name} reads member-level data for members without $viewer_member"


@pytest.mark.parametrize("name", member_queries())
def test_member_query_shows_no_other_members_data(canary: tuple[Database, Truth], name: str) -> None:
    db, truth = canary
    problems: list[str] = []
    runs = 0
    for params in param_sets(name):
        frame = db.query(name, scope=M1, **params)
        problems += leaks(frame, truth, f"{name} {_short(params)}")
        runs += 1
    assert runs >= 1
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", sorted(set(query_names()) - set(member_queries())))
def test_staff_queries_refuse_a_member(name: str) -> None:
    with pytest.raises(access.AccessDenied):
        access.check(load_sql(name), name, M1)


NOT_FOR_LEADERSHIP = (
    "report/new_members",  # the members sued for the first time by name: the analyst brief's
    "cases/table", "cases/defendants", "cases/events", "cases/my_cases", "cases/detail",
    # member by member: names, stores, outcomes, contact e-mails (found in review: leadership could
    # read the coordination rosters)
    "herding/roster_case", "herding/roster_wave", "herding/roster_cohort", "herding/cohort_members",
    "herding/cohort_edges", "herding/late_followers", "herding/late_follower_list", "herding/wave_members",
    "herding/member_cases", "herding/member_profiles", "parties/members_hit", "herding/eval_cohorts",
    "herding/truth_cohorts", "herding/cohort_cases",
)  # fmt: skip


@pytest.mark.parametrize("name", NOT_FOR_LEADERSHIP)
def test_leadership_may_not_read_member_level_rows(name: str) -> None:
    with pytest.raises(access.AccessDenied):
        access.check(load_sql(name), name, Scope("leadership"))


# Queries leadership may run that read member ids, each checked to return only counts over
# members (report/new_members, the brief's named list, is the analyst brief's: issue 26).
LEADERSHIP_AGGREGATES_OVER_MEMBERS = {
    "herding/alarm_overlap", "herding/brand_profiles", "herding/entity_new_members", "herding/location",
    "herding/lsv_cells", "herding/lsv_counts", "herding/truth_waves", "parties/leaderboard", "report/monthly",
    "report/new_member_cities", "sectors/top_brands", "herding/entity_case_members", "herding/truth_wave_months",
    "herding/entity_city_members",
}  # fmt: skip


def test_every_query_leadership_may_run_that_reads_member_ids_is_reviewed() -> None:
    """A new query that reads member ids (or e-mails) and lets leadership run it must be added to
    the reviewed list above, or be for analysts: a column scan missed queries without a Columns
    line (found in review: herding/eval_cohorts returned cohort member ids to leadership)."""
    offenders = []
    for path in sorted(QUERIES_DIR.rglob("*.sql")):
        name = path.relative_to(QUERIES_DIR).with_suffix("").as_posix()
        text = path.read_text()
        header = re.search(r"-- access: (.*)", text)
        if header is None or "leadership" not in header.group(1).split():
            continue
        if re.search(r"\b(member_id|member_ids|email)\b", text) and name not in LEADERSHIP_AGGREGATES_OVER_MEMBERS:
            offenders.append(name)
    assert offenders == []


def test_the_detector_catches_what_it_should(canary: tuple[Database, Truth]) -> None:
    """The leak detector itself: unmasked rows and small cells are reported."""
    db, truth = canary
    everything = db.query("cases/table", **WIDE.params(), **cases.TableRequest().params(limit=None))
    assert leaks(everything, truth, "analyst view")  # the analyst's table is full of other members' data
    months = db.query("overview/monthly", **WIDE.params())
    assert leaks(months, truth, "analyst months")  # months of 1-2 members are shown to analysts


def _short(params: dict[str, Any]) -> str:
    shown = {k: v for k, v in params.items() if k not in FILTER_PARAMS or v not in ([], False)}
    return str(shown)[:200]


# --- pages, as a signed-in member, with tampered links ---------------------------------------------

PAGE_URLS = dict(
    re.findall(r'\("(pages/[a-z_]+\.py)",\s*"[^"]+",\s*"[^"]+",\s*"([a-z_]+)"\)', (ROOT / "dashboard.py").read_text())
)
BASE = {"from": "2023-01-01", "to": "2024-12-31"}
TAMPERED = {
    **BASE,
    "members": "1",
    "city": "440100,440500",
    "member": "M2",
    "q": "bingding",
    "sort": "-frozen_usd",
    "month": "2024-02",
}


def test_every_page_is_registered() -> None:
    assert set(PAGE_URLS) == set(PAGES), "a page file is missing from dashboard.PAGES (or the reverse)"


def test_a_member_is_offered_only_member_pages() -> None:
    offered = {url for url in PAGE_URLS.values() if access.may_open(M1, url)}
    assert offered == {"overview", "cases", "my_cases", "alerts"}


@pytest.mark.parametrize("page", PAGES)
def test_member_sees_no_other_members_data_on_any_page(canary_db: str, page: str) -> None:
    with Database(canary_db) as db:
        truth = Truth.read(db)
    offered = access.may_open(M1, PAGE_URLS[page])
    runs = [BASE, TAMPERED] if offered else [TAMPERED]  # a page not offered says it is closed
    if page == "pages/cases.py":
        runs += [{**TAMPERED, "case": case_id} for case_id in CASE_IDS]
    for query in runs:
        at = open_as(page, "m1@example.com", **query)
        assert not at.exception, f"{page} {query}: {at.exception[0].value}"
        if not offered:
            assert at.title[0].value == t("nav.closed.title", "zh"), f"{page} opened for a member"
        frames, texts = rendered(at)
        problems = text_leaks(texts, truth, page)
        for index, frame in enumerate(frames):
            problems += leaks(frame, truth, f"{page} {query} table {index}")
        assert not problems, "\n".join(problems[:20])


# --- downloads: the Cases page's buttons and the CLI ------------------------------------------------


def label_to_name(lang: str) -> dict[str, str]:
    return {cases.column_label(name, lang): name for name, _ in cases.COLUMNS}


def read_export(data: bytes, fmt: str, lang: str = "zh") -> pd.DataFrame:
    """An export back as a frame with the table's column names ."""
    if fmt == "parquet":
        return pq.read_table(io.BytesIO(data)).to_pandas()
    if fmt == "csv":
        frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    else:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0)
    return frame.rename(columns=label_to_name(lang))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_ui_downloads_carry_only_the_members_view(canary: tuple[Database, Truth], fmt: str) -> None:
    from casewatch.ui import case_views

    db, truth = canary
    vocabulary = Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))
    for filters in FILTER_VARIANTS:
        ctx = PageContext(db.path, db.data_version(), "zh", filters, vocabulary, dt.date(2024, 12, 31), M1)
        for request in (cases.TableRequest(), cases.TableRequest("beta", "frozen_usd", True)):
            build = case_views.download_payload(_with_db(ctx, db), request, fmt)
            frame = read_export(build(), fmt)
            if filters == WIDE and not request.text:
                assert len(frame) == 9  # every row is there, masked: 8 defendants and the case without any
            problems = leaks(frame, truth, f"{fmt} download {filters} {request}")
            assert not problems, "\n".join(problems[:20])


def _with_db(ctx: PageContext, db: Database) -> PageContext:
    """The context with its database pinned to ``db`` (PageContext.db reads the app's cache)."""

    class Pinned(PageContext):
        @property
        def db(self) -> Database:
            return db

    return Pinned(**{f: getattr(ctx, f) for f in ctx.__dataclass_fields__})


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_cli_export_for_a_member_carries_only_its_view(
    canary: tuple[Database, Truth], tmp_path: Path, fmt: str
) -> None:
    db, truth = canary
    copy = tmp_path / "copy.duckdb"
    db.sql("CHECKPOINT")
    copy.write_bytes(Path(db.path).read_bytes())  # the CLI opens its own file: the fixture's is held open
    for extra in ([], ["--members", "1"], ["--city", "440100,440500"], ["--q", "bingding", "--sort=-frozen_usd"]):
        out = tmp_path / f"out.{fmt}"
        code = main(["export", "--db", str(copy), "--format", fmt, "--out", str(out), "--member-id", "M1", *extra])
        assert code == 0
        problems = leaks(read_export(out.read_bytes(), fmt), truth, f"cli {fmt} {extra}")
        assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("page", [p for p in PAGES if access.may_open(Scope("leadership"), PAGE_URLS.get(p, ""))])
def test_leadership_pages_open_for_leadership(canary_db: str, page: str) -> None:
    """Every page offered to leadership reads only queries leadership may run."""
    at = open_as(page, "l1@example.com", **BASE)
    assert not at.exception, f"{page}: {at.exception[0].value}"
    denied = t("error.access_denied", "zh", role="leadership", name="")[:8]
    assert not [e.value for e in at.error if str(e.value).startswith(denied)]
    assert at.title[0].value != t("overview.title", "zh") or page == "pages/overview.py"


def test_the_monthly_cells_serve_staff_on_whole_months_and_ip_types_only() -> None:
    year = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)).params()
    staff, member = access.SYSTEM, Scope("member", member_id="M1")
    assert access.cells_serve(staff, year) and access.cells_serve(Scope("leadership"), year)
    assert access.cells_serve(staff, {**year, "ips": ["copyright"]})
    assert access.cells_serve(staff, {**year, "date_from": dt.date(2024, 2, 1), "date_to": dt.date(2024, 2, 29)})
    assert not access.cells_serve(member, year)  # a member's aggregates are suppressed and perturbed
    assert not access.cells_serve(staff, {**year, "date_from": dt.date(2024, 1, 2)})
    assert not access.cells_serve(staff, {**year, "date_to": dt.date(2024, 12, 30)})
    assert not access.cells_serve(staff, {**year, "date_to": dt.date(2024, 2, 28)})  # a leap year
    assert not access.cells_serve(staff, {**year, "date_from": dt.datetime(2024, 1, 1, 12, 0)})
    for key in ("cities", "sectors", "platforms", "kinds", "courts", "brands", "firms"):
        assert not access.cells_serve(staff, {**year, key: ["x"]}), key
    assert not access.cells_serve(staff, {**year, "members_only": True})
    # the twin is bound with the parameters it names; a member keeps the fact-table text
    text, bound = access.bind("overview/kpis", staff, {**year, "ips": []})
    assert text == load_sql("cells/overview_kpis") and set(bound) == {"date_from", "date_to", "ips"}
    text, bound = access.bind("overview/kpis", member, year)
    assert text == load_sql("overview/kpis") and bound["viewer_member"] == "M1"
