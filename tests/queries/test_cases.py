"""The case explorer's queries on the tiny fixture, answers worked out by hand from
tests/fixtures/tiny/*.csv: search, sort, paging, row-level scope, case detail, deadlines, and the
small-cell suppression of the overview for members."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from casewatch import cases, users
from casewatch.access import SYSTEM, Scope
from casewatch.cases import TableRequest
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import Filters, Vocabulary

Q1 = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31))
WIDE = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
M1 = Scope("member", member_id="M1")
C1, C2, C3, C4, C5 = (
    "ilnd:1:24-cv-00001",
    "ilnd:1:24-cv-00002",
    "flsd:0:24-cv-00003",
    "nysd:1:23-cv-00009",
    "ilnd:1:24-cv-00005",
)


def table(
    db: Database,
    filters: Filters = Q1,
    request: TableRequest | None = None,
    scope: Scope = SYSTEM,
    limit: int | None = 100,
    offset: int = 0,
) -> pd.DataFrame:
    request = request or TableRequest()
    return db.query("cases/table", scope=scope, **filters.params(), **request.params(limit=limit, offset=offset))


def keys(frame: pd.DataFrame) -> list[tuple[str, int | None]]:
    """(case_id, defendant_no) of each row, without the totals-only row of a page past the end."""
    return [
        (row.case_id, None if pd.isna(row.defendant_no) else int(row.defendant_no))
        for row in frame.itertuples(index=False)
        if pd.notna(row.case_id)
    ]


def test_default_order_is_newest_filing_first_then_case_and_defendant(tiny_db: Database) -> None:
    rows = table(tiny_db)
    # Q1: C5 (03-01, no defendant yet), C3 (02-20), C2 (02-15), C1 (01-10); C4 was filed in 2023
    assert keys(rows) == [(C5, None), (C3, 1), (C2, 1), (C2, 2), (C1, 1), (C1, 2), (C1, 3)]
    assert cases.totals(rows) == (7, 4)
    assert rows.loc[rows["case_id"] == C3, "case_name"].item() == "Alpha Inc v. Jiayi"
    assert rows.loc[0, "case_name"] == "Beta LLC v. Schedule A"


def test_sort_by_text_puts_missing_values_last_in_both_directions(tiny_db: Database) -> None:
    up = table(tiny_db, request=TableRequest(sort="store_name", descending=False))
    # byte order: upper-case letters before lower-case; the two JiaYi Direct rows by case id
    assert up["store_name"].tolist()[:6] == [
        "BingDing Fashion",
        "JiaYi Direct",
        "JiaYi Direct",
        "Random Shop",
        "WuJi Toys",
        "jiayi-store",
    ]
    assert keys(up)[1:3] == [(C1, 1), (C2, 2)]
    assert keys(up)[-1] == (C5, None)
    down = table(tiny_db, request=TableRequest(sort="store_name", descending=True))
    assert down["store_name"].tolist()[:3] == ["jiayi-store", "WuJi Toys", "Random Shop"]
    assert keys(down)[3:5] == [(C1, 1), (C2, 2)]  # ties keep the stable (case, defendant) order
    assert keys(down)[-1] == (C5, None)


def test_sort_by_amount(tiny_db: Database) -> None:
    rows = table(tiny_db, request=TableRequest(sort="frozen_usd", descending=True))
    assert rows["frozen_usd"].tolist()[:6] == [1000, 500, 300, 200, 100, 0]
    assert keys(rows)[-1] == (C5, None)


def test_a_member_cannot_rank_other_members_by_a_masked_column(tiny_db: Database) -> None:
    rows = table(tiny_db, scope=M1, request=TableRequest(sort="frozen_usd", descending=True))
    # M1's own amounts 1000, 300, 100 first; every other row is masked and keeps the stable order
    assert keys(rows) == [(C1, 1), (C2, 2), (C3, 1), (C1, 2), (C1, 3), (C2, 1), (C5, None)]
    assert rows["frozen_usd"].tolist()[:3] == [1000, 300, 100]
    assert rows["frozen_usd"].iloc[3:].isna().all()


def test_unknown_sort_is_refused_before_any_sql() -> None:
    with pytest.raises(ValueError, match="cannot sort"):
        TableRequest(sort="member_id; DROP TABLE users")
    request, notices = TableRequest.from_query({"sort": "-password", "q": "x"})
    assert (request.sort, request.descending, notices) == ("filed_on", True, [("sort", "-password")])
    request, notices = TableRequest.from_query({"sort": "brand"})
    assert (request.sort, request.descending, notices) == ("brand", False, [])
    assert TableRequest.from_query({"sort": "-judgment_usd"})[0].sort_param() == "-judgment_usd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # store names (JiaYi Direct twice) and the case name / store of C3
        ("jiayi", [(C3, 1), (C2, 2), (C1, 1)]),
        # full-width Latin letters are read as ASCII
        ("ＪＩＡＹＩ", [(C3, 1), (C2, 2), (C1, 1)]),
        # two words: both in C2's and C5's case name "Beta LLC v. Schedule A"
        ("beta schedule", [(C5, None), (C2, 1), (C2, 2)]),
        # a seller id, any case
        ("a2bingding02", [(C2, 1)]),
        # the docket number
        ("24-cv-00005", [(C5, None)]),
        # a law firm and a brand together
        ("firm alpha wuji", [(C1, 2)]),
        ("nothing-like-this", []),
    ],
)
def test_search(tiny_db: Database, text: str, expected: list[tuple[str, int | None]]) -> None:
    assert keys(table(tiny_db, request=TableRequest(text))) == expected


def test_search_in_chinese(tiny_db: Database) -> None:
    with tiny_db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, docket_number, case_name, filed_on, plaintiff, brand, law_firm) "
            "VALUES ('ilnd:1:24-cv-00077', 'ilnd', '1:24-cv-00077', '星辰公司 诉 附表A', DATE '2024-03-05', "
            "'星辰公司', '星辰', '星律师事务所')"
        )
        con.execute(
            "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id) "
            "VALUES ('ilnd:1:24-cv-00077', 1, '深圳甲乙旗舰店', 'temu', 'TEMU甲乙01')"
        )
        bump_data_version(con)
    for text in ("甲乙旗舰店", "星辰", "附表a", "星律师", "temu甲乙"):
        assert keys(table(tiny_db, request=TableRequest(text))) == [("ilnd:1:24-cv-00077", 1)], text


def test_search_finds_full_width_names_and_ids_as_filed(tiny_db: Database) -> None:
    """Names and ids are stored as filed; a full-width one is found by its ASCII spelling and by its
    own (the words are NFKC-normalised, the stored text read half-width)."""
    with tiny_db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, docket_number, case_name, filed_on, plaintiff, brand, law_firm) "
            "VALUES ('ilnd:1:24-cv-00078', 'ilnd', '1:24-cv-00078', 'Ｏｍｅｇａ v. Schedule A', DATE '2024-03-06', "
            "'Omega', 'ＯＭＥＧＡ', 'Firm Z')"
        )
        con.execute(
            "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id) VALUES "
            "('ilnd:1:24-cv-00078', 1, 'ＳＵＮＮＹ　Ｓｈｏｐ', 'amazon', 'ＡＢＣ－１２３'), "
            "('ilnd:1:24-cv-00078', 2, 'Plain Shop', 'amazon', 'XYZ9')"
        )
        bump_data_version(con)
    both = [("ilnd:1:24-cv-00078", 1), ("ilnd:1:24-cv-00078", 2)]
    for text, expected in (
        ("abc-123", [("ilnd:1:24-cv-00078", 1)]),
        ("ＡＢＣ－１２３", [("ilnd:1:24-cv-00078", 1)]),
        ("sunny shop", [("ilnd:1:24-cv-00078", 1)]),
        ("omega xyz9", [("ilnd:1:24-cv-00078", 2)]),  # the brand is the case's, the id the row's
        ("ｏｍｅｇａ", both),
    ):
        assert keys(table(tiny_db, request=TableRequest(text))) == expected, text


def test_search_terms() -> None:
    assert cases.search_terms("  JiaYi   ＪＩＡＹＩ direct ") == ("jiayi", "direct")
    assert len(cases.search_terms(" ".join(f"w{i}" for i in range(20)))) == cases.MAX_TERMS
    assert cases.search_terms(None) == ()


def test_pages_put_together_are_the_whole_table(tiny_db: Database) -> None:
    whole = table(tiny_db, WIDE, limit=None)
    assert len(whole) == 9 and cases.totals(whole) == (9, 5)
    pieces = [table(tiny_db, WIDE, limit=2, offset=offset) for offset in range(0, 10, 2)]
    assert [k for piece in pieces for k in keys(piece)] == keys(whole)
    assert all(cases.totals(piece) == (9, 5) for piece in pieces)


def test_page_past_the_end_carries_only_the_totals(tiny_db: Database) -> None:
    rows = table(tiny_db, limit=50, offset=500)
    assert len(rows) == 1 and pd.isna(rows.loc[0, "case_id"])
    assert cases.totals(rows) == (7, 4)
    assert cases.display_frame(rows, "zh", Vocabulary()).empty
    assert cases.clamp_page(11, 7, 50) == 1 and cases.clamp_page(0, 120, 50) == 1 and cases.clamp_page(3, 120, 50) == 3
    assert cases.page_count(0) == 1 and cases.page_count(101, 50) == 3


def test_member_sees_public_facts_and_only_its_own_member_data(tiny_db: Database) -> None:
    rows = table(tiny_db, scope=M1).set_index(["case_id", "defendant_no"])
    mine = rows.loc[[(C1, 1), (C2, 2), (C3, 1)]]
    assert mine["member_id"].tolist() == ["M1", "M1", "M1"]
    assert mine["frozen_usd"].tolist() == [1000, 300, 100]
    assert mine["member_name_en"].iloc[0] == "Shenzhen Jiayi E-commerce Co. Ltd."
    others = rows.loc[[(C1, 2), (C1, 3), (C2, 1)]]
    # store names as filed stay; the match, city, outcome and amounts do not
    assert others["store_name"].tolist() == ["WuJi Toys", "Random Shop", "BingDing Fashion"]
    for column in (
        "member_id",
        "member_name_zh",
        "city_code",
        "outcome",
        "frozen_usd",
        "settlement_usd",
        "judgment_usd",
    ):
        assert others[column].isna().all(), column
    assert others["plaintiff"].tolist() == ["Alpha Inc", "Alpha Inc", "Beta LLC"]


@pytest.mark.parametrize(
    ("changes", "analyst_rows", "member_rows"),
    [
        # members only: analysts get every matched row; a member only its own
        ({"members_only": True}, [(C3, 1), (C2, 1), (C2, 2), (C1, 1), (C1, 2)], [(C3, 1), (C2, 2), (C1, 1)]),
        # Guangzhou: M2's row; a member cannot find out who is in Guangzhou
        ({"cities": ("440100",)}, [(C2, 1)], []),
        # Shenzhen: M1's three rows for both
        ({"cities": ("440300",)}, [(C3, 1), (C2, 2), (C1, 1)], [(C3, 1), (C2, 2), (C1, 1)]),
        # a public filter applies to everyone alike
        ({"platforms": ("amazon",)}, [(C2, 1), (C2, 2), (C1, 1)], [(C2, 1), (C2, 2), (C1, 1)]),
    ],
)
def test_member_level_filters_match_only_the_members_rows(
    tiny_db: Database,
    changes: dict[str, object],
    analyst_rows: list[tuple[str, int]],
    member_rows: list[tuple[str, int]],
) -> None:
    filters = Q1.with_values(**changes)
    assert keys(table(tiny_db, filters)) == analyst_rows
    assert keys(table(tiny_db, filters, scope=M1)) == member_rows


def test_a_defendants_own_sector_is_member_level_for_a_member(tiny_db: Database) -> None:
    """A defendant's own sector can come from its member's register entry: a sector filter on it
    would pick out other members' stores (found in review). For a member it matches only its own
    rows, and other rows show their case's sector."""
    with tiny_db.write() as con:
        con.execute("UPDATE defendants SET sector_code = 'S0201' WHERE case_id = $c AND defendant_no = 1", {"c": C2})
        bump_data_version(con)
    s0201 = Q1.with_values(sectors=("S0201",))
    # C1 and C3 are S0201 cases (all their rows); M2's row of C2 (an S0101 case) has S0201 of its own
    assert keys(table(tiny_db, s0201)) == [(C3, 1), (C2, 1), (C1, 1), (C1, 2), (C1, 3)]
    assert keys(table(tiny_db, s0201, scope=M1)) == [(C3, 1), (C1, 1)]
    shown = table(tiny_db, scope=M1).set_index(["case_id", "defendant_no"])["sector_code"]
    assert shown[(C2, 1)] == "S0101"  # the case's, not the store's own
    assert table(tiny_db).set_index(["case_id", "defendant_no"])["sector_code"][(C2, 1)] == "S0201"
    months = tiny_db.query("cases/months", scope=M1, **s0201.params())
    assert months["rows"].tolist() == [1, 1]  # January (C1) and February (C3), M1's own


def test_display_frame_names_codes_and_labels_headers(tiny_db: Database) -> None:
    vocabulary = Vocabulary.from_rows(tiny_db.query("reference/vocabulary").itertuples(index=False, name=None))
    shown = cases.display_frame(table(tiny_db), "en", vocabulary)
    assert list(shown.columns) == [cases.column_label(name, "en") for name, _ in cases.COLUMNS]
    first_c1 = shown[shown["Case ID"] == C1].iloc[0]
    assert first_c1["Court"] == "N.D. Illinois"
    assert first_c1["Outcome"] == "Default judgment"
    assert first_c1["City"] == "Shenzhen"
    assert first_c1["Filed on"] == dt.date(2024, 1, 10)
    assert first_c1["Member"] == "Shenzhen Jiayi E-commerce Co. Ltd."
    zh = cases.display_frame(table(tiny_db), "zh", vocabulary)
    assert zh[zh["案件编号"] == C1].iloc[0]["会员名称"] == "深圳市甲乙电子商务有限公司"


def test_case_detail_for_staff_and_member(tiny_db: Database) -> None:
    staff = tiny_db.query("cases/detail", case_id=C1).iloc[0]
    assert (staff["defendants"], staff["members_affected"], staff["viewer_defendants"]) == (3, 2, 0)
    assert staff["court_name_en"] == "N.D. Illinois" and staff["nature_of_suit"] == "840 Trademark"
    member = tiny_db.query("cases/detail", scope=M1, case_id=C1).iloc[0]
    # two members (M1, M3) make a small cell: suppressed for a member; M1 has one row
    assert pd.isna(member["members_affected"]) and member["viewer_defendants"] == 1
    assert member["plaintiff"] == "Alpha Inc"
    assert tiny_db.query("cases/detail", case_id="nope").empty
    assert tiny_db.query("cases/exists", scope=M1, case_id=C4).iloc[0]["found"]


def test_case_defendants_are_masked_for_a_member(tiny_db: Database) -> None:
    staff = tiny_db.query("cases/defendants", case_id=C1)
    assert staff["member_id"].tolist()[:2] == ["M1", "M3"] and staff["appeared"].tolist() == [False, True, False]
    member = tiny_db.query("cases/defendants", scope=M1, case_id=C1)
    assert member["store_name"].tolist() == ["JiaYi Direct", "WuJi Toys", "Random Shop"]
    assert member.loc[0, "outcome"] == "default_judgment" and member.loc[0, "city_code"] == "440300"
    assert member.loc[1:, ["member_id", "outcome", "frozen_usd", "appeared", "match_score"]].isna().all().all()


def test_timeline_hides_events_about_other_members_defendants(tiny_db: Database) -> None:
    staff = tiny_db.query("cases/events", case_id=C1)
    assert staff["kind"].tolist() == ["filed", "tro", "pi", "settled", "default_judgment", "closed"]
    member = tiny_db.query("cases/events", scope=M1, case_id=C1)
    # the settlement with defendant 2 (M3) is M3's business
    assert member["kind"].tolist() == ["filed", "tro", "pi", "default_judgment", "closed"]
    # C2: the dismissal of defendant 1 (M2) is hidden from M1, seen by M2
    assert tiny_db.query("cases/events", scope=M1, case_id=C2)["kind"].tolist() == ["filed", "tro"]
    m2 = Scope("member", member_id="M2")
    assert tiny_db.query("cases/events", scope=m2, case_id=C2)["kind"].tolist() == ["filed", "tro", "dismissed"]


def my_cases(db: Database, scope: Scope, member: str, today: dt.date) -> pd.DataFrame:
    return db.query(
        "cases/my_cases",
        scope=scope,
        member=member,
        today=today,
        tro_days=cases.TRO_DAYS,
        answer_days=cases.ANSWER_DAYS,
    )


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def test_deadlines_from_events(tiny_db: Database) -> None:
    rows = my_cases(tiny_db, M1, "M2", dt.date(2024, 2, 26))  # a member's own rows, whatever it asks for
    assert keys(rows) == [(C2, 2), (C3, 1), (C1, 1)]  # open first, then newest filing
    c2 = rows.iloc[0]
    # TRO 02-25 + 14 = Sunday 03-10, which FRCP 6(a)(1) runs to Monday 03-11; no PI yet so the
    # hearing must come by then; served with the TRO, answer 21 days later = Sunday 03-17 -> 03-18;
    # the earliest future deadline is the TRO expiry
    assert c2["tro_on"] == day("2024-02-25") and c2["tro_expires_on"] == day("2024-03-11")
    assert c2["pi_hearing_by"] == day("2024-03-11")
    assert c2["served_on"] == day("2024-02-25") and c2["answer_due_on"] == day("2024-03-18")
    assert c2["open"] and c2["next_deadline"] == day("2024-03-11")
    c3 = rows.iloc[1]
    # no TRO: served assumed on filing (02-20), answer Tuesday 03-12; but settled, so nothing is open
    assert pd.isna(c3["tro_on"]) and c3["answer_due_on"] == day("2024-03-12")
    assert not c3["open"] and pd.isna(c3["next_deadline"])
    c1 = rows.iloc[2]
    # TRO 01-22 expires Monday 02-05; PI entered 02-20 so no PI hearing deadline; judgment and closing end it
    assert (
        c1["tro_expires_on"] == day("2024-02-05") and pd.isna(c1["pi_hearing_by"]) and c1["pi_on"] == day("2024-02-20")
    )
    assert not c1["open"]
    later = my_cases(tiny_db, M1, "M1", dt.date(2024, 3, 12)).iloc[0]
    # TRO and hearing dates have passed; the answer is still due on 03-18
    assert later["next_deadline"] == day("2024-03-18")
    assert pd.isna(my_cases(tiny_db, M1, "M1", dt.date(2024, 3, 19)).iloc[0]["next_deadline"])


def test_staff_pick_the_member(tiny_db: Database) -> None:
    rows = my_cases(tiny_db, SYSTEM, "M2", dt.date(2024, 2, 26))
    # M2's only row was dismissed on 03-10 (an event about its own defendant)
    assert keys(rows) == [(C2, 1)] and rows.iloc[0]["outcome"] == "dismissed"
    assert not rows.iloc[0]["open"]
    assert my_cases(tiny_db, SYSTEM, "nobody", dt.date(2024, 2, 26)).empty


def test_contact_per_case_else_the_default(tiny_db: Database) -> None:
    today = dt.date(2024, 2, 26)
    assert my_cases(tiny_db, M1, "", today)["contact_email"].isna().all()
    users.save_contact(
        tiny_db, "C-1", "王秘书", by=SYSTEM, name_en="Ms Wang", email="Wang@Assoc.example", is_default=True
    )
    users.save_contact(tiny_db, "C-2", "李律师", by=SYSTEM, phone="+86 20 1234 5678")
    users.assign_contact(tiny_db, C2, "C-2", by=SYSTEM)
    rows = my_cases(tiny_db, M1, "", today).set_index("case_id")
    assert rows.loc[C2, "contact_name_zh"] == "李律师" and rows.loc[C2, "contact_phone"] == "+86 20 1234 5678"
    assert rows.loc[C1, "contact_name_en"] == "Ms Wang" and rows.loc[C1, "contact_email"] == "wang@assoc.example"
    users.save_contact(tiny_db, "C-2", "李律师", by=SYSTEM, is_default=True)  # one default at most
    listed = tiny_db.query("auth/contacts_list").set_index("contact_id")
    assert listed["is_default"].to_dict() == {"C-1": False, "C-2": True}
    assert listed["cases"].to_dict() == {"C-1": 0, "C-2": 1}
    users.remove_contact(tiny_db, "C-2", by=SYSTEM)
    assert my_cases(tiny_db, M1, "", today)["contact_email"].dropna().empty  # C-1 is no longer the default


def test_contacts_are_managed_by_analysts_only(tiny_db: Database) -> None:
    from casewatch.access import AccessDenied
    from casewatch.users import InvalidUser

    with pytest.raises(AccessDenied):
        users.save_contact(tiny_db, "C-9", "x", by=M1)
    with pytest.raises(AccessDenied):
        users.assign_contact(tiny_db, C1, "C-9", by=Scope("leadership"))
    with pytest.raises(InvalidUser):
        users.assign_contact(tiny_db, "no:such:case", "C-9", by=SYSTEM)
    with pytest.raises(InvalidUser):
        users.assign_contact(tiny_db, C1, "C-9", by=SYSTEM)  # no such contact
    with pytest.raises(InvalidUser):
        users.save_contact(tiny_db, "C-9", " ", by=SYSTEM)


# --- the overview for members: small cells suppressed ---------------------------------------------

OVERVIEW = ("overview/kpis", "overview/monthly", "overview/top_cities", "overview/top_sectors", "overview/top_brands")


def overview(db: Database, name: str, filters: Filters, scope: Scope) -> pd.DataFrame:
    extra = {"limit": 10} if name.startswith("overview/top") else {}
    return db.query(name, scope=scope, **filters.params(), **extra)


@pytest.mark.parametrize("name", OVERVIEW)
def test_leadership_sees_what_analysts_see(tiny_db: Database, name: str) -> None:
    for filters in (Q1, WIDE, Q1.previous_period()):
        pd.testing.assert_frame_equal(
            overview(tiny_db, name, filters, Scope("leadership")), overview(tiny_db, name, filters, SYSTEM)
        )


def test_member_kpis_shown_from_three_members_suppressed_below(tiny_db: Database) -> None:
    # Q1: M1, M2, M3 -> 3 members: the member sees the row, perturbed (tests/queries/test_cell_key.py works
    # these out from the fixture's record keys): exact (4, 6, 3, 2100, 2/5)
    row = overview(tiny_db, "overview/kpis", Q1, M1).iloc[0]
    assert row.to_dict() == {
        "cases": 5, "defendant_instances": 6, "members_affected": 4, "frozen_usd": 2890, "default_share": 0.5
    }  # fmt: skip
    # previous period: only C4 (M4) -> the whole row is suppressed
    row = overview(tiny_db, "overview/kpis", Q1.previous_period(), M1).iloc[0]
    assert row.isna().all()
    # Shenzhen in Q1: M1 only
    assert overview(tiny_db, "overview/kpis", Q1.with_values(cities=("440300",)), M1).iloc[0].isna().all()


def test_member_monthly_keeps_months_and_suppresses_small_ones(tiny_db: Database) -> None:
    monthly = overview(tiny_db, "overview/monthly", Q1, M1)
    assert monthly["month"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]
    # January: M1 and M3; February: M1 and M2; March: none -> all below 3
    assert monthly[["cases", "defendant_instances", "members_affected"]].isna().all().all()


@pytest.mark.parametrize("name", ["overview/top_cities", "overview/top_sectors", "overview/top_brands"])
def test_member_rankings_leave_out_cells_of_fewer_than_three_members(tiny_db: Database, name: str) -> None:
    # every city, sector and brand of the fixture has at most two members
    assert not overview(tiny_db, name, WIDE, SYSTEM).empty
    assert overview(tiny_db, name, WIDE, M1).empty


def test_member_rankings_keep_cells_of_three_members(tiny_db: Database) -> None:
    with tiny_db.write() as con:  # M4 also sued by Alpha in C1: Alpha now has M1, M3, M4
        con.execute(
            "INSERT INTO defendants (case_id, defendant_no, store_name, platform, member_id, outcome, frozen_usd) "
            "VALUES ($case, 4, 'Gengxin Lights', 'amazon', 'M4', 'pending', 10)",
            {"case": C1},
        )
        bump_data_version(con)
    brands = overview(tiny_db, "overview/top_brands", WIDE, M1)
    exact = overview(tiny_db, "overview/top_brands", WIDE, SYSTEM).iloc[[0]]
    assert exact[["brand", "cases", "defendant_instances", "members_affected"]].values.tolist() == [["Alpha", 2, 5, 3]]
    # the member sees Alpha perturbed by its cell keys (sums of the rows' sub-keys, mod 5, minus 2):
    # rows M1, M3, non-member, M4 (C1) and M1 (C3) carry case sub-keys 1+2+1+1+1 = 6 -> -1,
    # defendant sub-keys 1+1+1+2+1 = 6 -> -1, member sub-keys 1+2+1+1+1 = 6 -> -1
    assert brands[["brand", "cases", "defendant_instances", "members_affected"]].values.tolist() == [["Alpha", 1, 4, 2]]


def test_milestone_timeline_chart() -> None:
    from casewatch.charts.cases import milestone_timeline

    events = pd.DataFrame(
        {
            "event_on": pd.to_datetime(["2024-02-20", "2024-01-10", "2024-01-22"]),
            "kind": ["pi", "filed", "tro"],
            "kind_label": ["PI", "Filed", "TRO"],
            "detail": ["PRELIMINARY INJUNCTION", None, "TRO"],
        }
    )
    figure = milestone_timeline(events, "en", "Timeline")
    (trace,) = figure.data
    assert list(trace.y) == ["Filed", "TRO", "PI"]  # in date order
    assert list(figure.layout.yaxis.categoryarray) == ["PI", "TRO", "Filed"]  # filed on top
    assert list(trace.text) == ["2024-01-10", "2024-01-22", "2024-02-20"]
