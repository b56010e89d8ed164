"""Deterministic demo-data generator, with planted truth for scoring the herding detectors.

``build_demo(path, seed=7, scale=1.0)`` writes a fresh DuckDB database: about 2,000 fictional
association members in the 21 Guangdong cities, their marketplace stores, a much larger pool of
non-member stores, fictional brands / plaintiffs / law firms, and cases from January 2019 to the
last full month before ``until`` with defendants, outcomes and docket milestones calibrated to
docs FACTS.md. With ``plant=True`` it also plants "waves" (a brand suddenly suing many members of
one city and sector) and co-defendant "cohorts", recorded in ``demo_truth`` (one row per member
of each planted item) and ``demo_truth_cases`` (the planted cases of each item).

Everything is drawn from one ``numpy.random.default_rng(seed)`` in a fixed order and vectorised
(no Python loop per defendant row); strings for the large tables are assembled inside DuckDB by
queries/demo_*.sql from integer columns and bound lists. Same (seed, scale, plant, until) ->
identical tables.

Background activity is deliberately quiet per brand, so that planted items stand out for the
detectors of docs METHODS.md: each brand files on a steady cadence (systematic sampling of its
smooth monthly rate), names at most 6 members per case, its expected member rate is capped, and
its background cases never name more than 7 distinct members in a month (2 in the first month it
names any, 1 per case in its first month of filing). Per brand and month (distinct members):
background <= 7 < a cohort's case (8..11, on a brand-month with no other member) < a wave's first
month (>= 12).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casewatch import herding
from casewatch.db import Database
from casewatch.facts import bump_data_version, set_meta
from casewatch.progress import QUIET, Progress
from casewatch.sql import load_sql

FIRST_MONTH = dt.date(2019, 1, 1)
EPOCH = dt.date(1970, 1, 1)
N_MEMBERS = 2000
ROWS_PER_SCALE = 150_000  # defendant rows at scale 1 for data through October 2026
REFERENCE_MONTHS = 94  # January 2019 .. October 2026: the period ROWS_PER_SCALE refers to
MEAN_ROWS_PER_CASE = 33.0  # expected defendants per background case (all kinds mixed)
BRANDS_AT_SCALE_1 = 300  # brands scale with the data so that per-brand activity does not
MAX_BRANDS = 25_000  # (beyond this, brands just file more)
NONMEMBER_STORES_PER_SCALE = 30_000
# Planted waves by shape (issue 23), in the order their start months are spread over the data;
# the last starts in the final months, so one wave is active. Decoys must not be flagged.
WAVE_PLAN = (
    "sudden", "ramp", "multi_city", "firm_led", "surge", "threshold", "sudden", "ramp",
    "multi_city", "firm_led", "surge", "threshold", "ramp", "sudden",
)  # fmt: skip
DECOY_PLAN = (
    "scattered",
    "small_cluster",
    "ordinary_month",
    "small_cluster",
    "scattered",
    "ordinary_month",
    "seasonal",
)
N_WAVES = len(WAVE_PLAN)
NAMES_RESERVED = 11  # brand names drawn with the background's (more are drawn as planting needs them)
RAMP_SIZE = (10, 20)  # members of a ramp, over 2-4 months ...
RAMP_MONTH_MAX = 7  # ... none of which names this many (the single-month size threshold is 8)
MULTI_CITY_SIZE = (12, 24)
SURGE_SIZE = (15, 30)
SURGE_HISTORY = 12  # a surging brand named at least this many members in the year before
THRESHOLD_MEMBERS = 8  # herding.Settings.min_members
NEW_BRAND_THRESHOLD = 5  # herding.Settings.new_entity_members
# law firms new to Schedule A work, for firm-led waves (fictional)
NEW_FIRMS = ("Quillon Marsh LLP", "Redfern Atwood IP", "Stanhope Vail LLC", "Tamsin Grove Legal")
N_COHORTS = 5
# Planted sizes keep three bands apart, per brand and month (distinct members named):
# background <= BRAND_MONTH_MEMBER_CAP (7) < a cohort's case (<= 11) < a wave's first month (>= 12).
WAVE_SIZE = (15, 40)
WAVE_FIRST_MONTH_MIN = 12
COHORT_SIZE = (8, 11)
MAX_MEMBERS_PER_CASE = 6  # background schedule A cases name at most this many members
MEMBERS_PER_CASE = 3.6  # mean members named by a background schedule A case of a small brand
MEMBER_RATE_CAP = 3.0  # cap on a brand's expected members named per month
BRAND_MONTH_MEMBER_CAP = 7  # hard cap: background cases of one brand name <= 7 members a month
FIRST_MONTH_MEMBER_CAP = 2  # ... and <= 2 in the first month the brand names any member
SECOND_STORE = 0.65  # chance that a named member's second store is named in the same case
AFFINE_A = 2_654_435_761  # odd prime multiplier: idx -> (A*idx + b) mod m is a bijection

# --- geography -------------------------------------------------------------------------------
# Member weights of the 21 Guangdong cities (FACTS.md: Shenzhen, Guangzhou, then Dongguan, Foshan,
# Shantou, Jieyang, Zhongshan, Huizhou). Normalised; every city gets at least 3 members.
CITY_WEIGHT = {
    "440300": 0.35,
    "440100": 0.22,
    "441900": 0.09,
    "440600": 0.07,
    "440500": 0.05,
    "445200": 0.035,
    "442000": 0.035,
    "441300": 0.03,
    "440400": 0.012,
    "440700": 0.01,
    "445100": 0.01,
    "441200": 0.006,
    "441800": 0.005,
    "441500": 0.004,
    "440800": 0.003,
    "440900": 0.003,
    "441400": 0.003,
    "441600": 0.003,
    "440200": 0.002,
    "441700": 0.002,
    "445300": 0.002,
}
# Neighbouring cities (for cohorts and the minority of a wave outside its focal city).
CITY_GROUPS = (
    ("440500", "445200", "445100", "441500"),  # Chaoshan: Shantou, Jieyang, Chaozhou, Shanwei
    ("440300", "441900", "441300"),  # east Pearl River Delta: Shenzhen, Dongguan, Huizhou
    ("440100", "440600", "441200", "441800"),  # Guangzhou, Foshan, Zhaoqing, Qingyuan
    ("442000", "440400", "440700"),  # Zhongshan, Zhuhai, Jiangmen
)
# Non-member stores outside Guangdong (other-province codes of data/cities.csv) and their weights.
OTHER_PROVINCES = {
    "330000": 0.35,
    "350000": 0.25,
    "320000": 0.10,
    "310000": 0.07,
    "110000": 0.03,
    "360000": 0.06,
    "430000": 0.07,
    "990000": 0.07,
}
NONMEMBER_ORIGIN = (0.62, 0.23, 0.15)  # Guangdong, other province, unknown (city NULL)

# --- sectors ---------------------------------------------------------------------------------
TOP_SECTORS = tuple(f"S{i:02d}" for i in range(1, 21))
# How often each top sector is the subject of Schedule A suits / sold by sellers.
SECTOR_WEIGHT = np.array(
    [
        0.13,
        0.08,
        0.04,
        0.09,
        0.08,
        0.06,
        0.06,
        0.03,
        0.03,
        0.06,
        0.05,
        0.03,
        0.03,
        0.03,
        0.04,
        0.03,
        0.03,
        0.02,
        0.02,
        0.06,
    ]
)
CITY_AFFINITY = {  # city -> {top sector: multiplier}
    "440500": {"S02": 14.0, "S15": 2.0, "S12": 2.0},  # Shantou: toys
    "442000": {"S03": 22.0, "S05": 1.5},  # Zhongshan: lighting (Guzhen)
    "440300": {"S04": 4.0, "S17": 3.0, "S09": 1.5, "S19": 1.5},  # Shenzhen: electronics
    "440100": {"S01": 3.0, "S06": 3.0, "S10": 2.0, "S11": 1.5},  # Guangzhou: apparel, beauty
    "441900": {"S13": 3.0, "S14": 3.0, "S04": 2.0, "S02": 1.5},  # Dongguan
    "440600": {"S13": 4.0, "S05": 3.0, "S03": 1.5},  # Foshan: furniture, home
    "445200": {"S01": 2.5, "S14": 2.5, "S10": 1.5},  # Jieyang: textiles, hardware
    "445100": {"S05": 3.0, "S11": 2.0},  # Chaozhou: ceramics, jewellery
    "441300": {"S04": 2.5, "S07": 1.5},  # Huizhou
    "440700": {"S05": 2.0, "S14": 1.5},  # Jiangmen
}
# Cells where planted waves and cohorts like to happen (city, top sector), in preference order.
HERD_CELLS = (
    ("440500", "S02"),
    ("442000", "S03"),
    ("440300", "S04"),
    ("440100", "S01"),
    ("441900", "S13"),
    ("440600", "S05"),
    ("440100", "S06"),
    ("440300", "S17"),
    ("440600", "S13"),
    ("441900", "S14"),
    ("440100", "S10"),
    ("440300", "S07"),
    ("445200", "S01"),
    ("441900", "S04"),
    ("440300", "S09"),
)

# --- platforms, courts, kinds, ip types, outcomes ------------------------------------------------
PLATFORMS = (
    "amazon",
    "temu",
    "walmart",
    "aliexpress",
    "ebay",
    "shein",
    "tiktok_shop",
    "wish",
    "etsy",
    "dhgate",
    "alibaba",
    "shopify",
)
PLATFORM_WEIGHT = np.array([0.36, 0.12, 0.10, 0.10, 0.08, 0.05, 0.07, 0.03, 0.02, 0.04, 0.01, 0.02])
# modulus of each platform's seller-id number (all > the largest store index; coprime to AFFINE_A)
PLATFORM_MOD = np.array(
    [36**7, 10**11, 9 * 10**8, 10**8, 36**5, 10**10, 10**15, 16**11, 36**5, 10**8, 10**10, 36**5], dtype=np.int64
)

COURTS = (
    "ilnd",
    "flsd",
    "nysd",
    "pawd",
    "txed",
    "txnd",
    "cacd",
    "njd",
    "ded",
    "mied",
    "wawd",
    "cbp",
    "usitc",
    "ewhc",
    "lgmuc",
    "euipo",
    "platform",
)
COURT_OFFICE = np.array([1, 0, 1, 2, 2, 3, 2, 2, 1, 2, 2, 0, 0, 0, 0, 0, 0])  # "1:24-cv-..." prefix
KINDS = ("schedule_a", "individual", "customs", "platform_complaint", "administrative")
KIND_WEIGHT = np.array([0.80, 0.12, 0.03, 0.04, 0.01])
KIND_COURTS = {  # kind -> (courts, weights)
    0: (
        ("ilnd", "flsd", "nysd", "pawd", "txed", "cacd", "njd", "ded", "mied", "wawd", "txnd"),
        (0.80, 0.07, 0.03, 0.04, 0.01, 0.01, 0.01, 0.008, 0.006, 0.008, 0.008),
    ),
    1: (
        ("cacd", "nysd", "njd", "ded", "wawd", "txnd", "txed", "mied", "ilnd", "flsd", "ewhc", "lgmuc"),
        (0.20, 0.15, 0.10, 0.10, 0.10, 0.07, 0.07, 0.05, 0.08, 0.04, 0.02, 0.02),
    ),
    2: (("cbp",), (1.0,)),
    3: (("platform",), (1.0,)),
    4: (("usitc", "euipo"), (0.6, 0.4)),
}
IP_TYPES = ("trademark", "copyright", "design_patent", "utility_patent", "trade_dress")
IP_WEIGHT = np.array([0.80, 0.09, 0.07, 0.02, 0.02])
IP_DEFAULT = (0.86, 0.06, 0.05, 0.015, 0.015)
IP_BY_SECTOR = {  # brand's preferred ip type by top sector
    "S20": (0.40, 0.55, 0.03, 0.0, 0.02),
    "S16": (0.45, 0.50, 0.05, 0.0, 0.0),
    "S15": (0.70, 0.20, 0.10, 0.0, 0.0),
    "S13": (0.60, 0.02, 0.33, 0.03, 0.02),
    "S05": (0.75, 0.03, 0.18, 0.02, 0.02),
    "S03": (0.70, 0.02, 0.22, 0.05, 0.01),
    "S18": (0.72, 0.02, 0.20, 0.04, 0.02),
    "S14": (0.68, 0.02, 0.18, 0.10, 0.02),
    "S07": (0.78, 0.02, 0.15, 0.03, 0.02),
}
OUTCOMES = ("pending", "tro", "pi", "default_judgment", "settled", "dismissed", "won")
EVENT_KINDS = ("filed", "tro", "pi", "default_judgment", "settled", "dismissed", "closed")
SIZE_BANDS = ("micro", "small", "medium", "large")
SIZE_WEIGHT = np.array([0.45, 0.35, 0.15, 0.05])
STORES_BY_SIZE = ((1, 2), (1, 3), (2, 4), (2, 4))  # inclusive range of stores per member
# fates: default judgment, settled, dismissed, won; rows: schedule A non-member, schedule A
# member (members coordinate and defend more often), individual, other kinds
FATE_P = np.array(
    [[0.77, 0.16, 0.07, 0.0], [0.62, 0.26, 0.12, 0.0], [0.30, 0.45, 0.20, 0.05], [0.50, 0.25, 0.20, 0.05]]
)
# default-judgment awards: fixed amounts (many at US$150,000) and a lognormal remainder
JUDGMENT_FIXED = np.array([150_000, 100_000, 50_000, 250_000, 200_000, 25_000, 10_000], float)
JUDGMENT_P = np.array([0.30, 0.14, 0.16, 0.04, 0.04, 0.08, 0.06, 0.18])

# Yearly level of filings (mid-year anchors), peak 2024, slight dip after; Q4 seasonality.
TREND = {2019: 0.30, 2020: 0.48, 2021: 0.62, 2022: 0.74, 2023: 0.88, 2024: 1.00, 2025: 0.95, 2026: 0.90, 2027: 0.88}
SEASON = np.array([0.92, 0.85, 1.0, 0.98, 1.0, 0.97, 0.95, 1.0, 1.05, 1.15, 1.25, 1.15])

# --- names (all fictional) ------------------------------------------------------------------------
BRAND_PRE = (
    "Quor",
    "Brev",
    "Zeph",
    "Kal",
    "Mir",
    "Tav",
    "Vel",
    "Orl",
    "Syl",
    "Fen",
    "Gral",
    "Hesp",
    "Ivr",
    "Jorv",
    "Kest",
    "Lorm",
    "Marv",
    "Nyx",
    "Prax",
    "Quill",
    "Rask",
    "Strel",
    "Thorv",
    "Ulv",
    "Vint",
    "Wex",
    "Yarr",
    "Zorb",
    "Cald",
    "Dren",
    "Eld",
    "Falk",
    "Harth",
    "Isk",
    "Jask",
    "Kov",
    "Lask",
    "Morr",
    "Ost",
    "Pell",
    "Rov",
    "Sarn",
    "Tesk",
    "Vask",
    "Brix",
    "Cray",
    "Dax",
    "Fyr",
    "Glen",
    "Hald",
    "Ird",
    "Jund",
    "Krel",
    "Lyv",
    "Mord",
    "Nesk",
    "Omb",
    "Pryl",
    "Quen",
    "Ryst",
    "Skov",
    "Trev",
    "Umb",
    "Wyl",
)
BRAND_MID = ("a", "e", "i", "o", "an", "el", "or", "ia", "en", "ar", "u", "ae", "ir", "ol")
BRAND_SUF = (
    "vex",
    "ora",
    "ane",
    "ix",
    "ello",
    "ura",
    "ino",
    "eth",
    "ova",
    "ari",
    "yx",
    "enne",
    "ulo",
    "aro",
    "ith",
    "esse",
    "ondo",
    "alto",
    "erra",
    "ivo",
    "oria",
    "usk",
    "ond",
    "ette",
    "ion",
    "essa",
    "ulf",
    "yne",
    "orn",
    "ast",
    "ilo",
    "emo",
)
PLAINTIFF_SUFFIX = {
    0: (" Holdings LLC", " Brands Inc.", " International Ltd.", " Group LLC", " Corp."),
    1: (" Studios LLC", " Art Ltd.", " Media Inc."),
    2: (" Design Inc.", " Products LLC"),
    3: (" Technologies Inc.", " Innovations LLC"),
    4: (" Brands Inc.", " Home Goods LLC"),
}
LAW_FIRMS = (
    "Harrowgate Vance LLP",
    "Pemberly & Crisp LLC",
    "Okonkwo Leland IP Group",
    "Ashcombe Rudd LLP",
    "Whitlow Marsh & Pryce",
    "Calder Ferris LLC",
    "Bramwell Tanaka LLP",
    "Dunmore Keel Law",
    "Sorensen Quill PLLC",
    "Lockhart Vayne LLP",
    "Merriwether Stroud",
    "Fairbanks Orr IP",
    "Galloway Thistle LLP",
    "Hollis Brandt & Co.",
    "Ingram Pelle LLC",
    "Juniper Row Legal",
    "Kessler Wynd LLP",
    "Larkspur IP Law",
    "Montclair Ives PC",
    "Northgate Farrow LLP",
    "Oakhurst Lim LLC",
    "Prescott Vail IP",
    "Quayle Armitage LLP",
    "Redfern Sato PLLC",
    "Stanhope Mirel LLP",
)
# company-name syllables (hanzi, pinyin)
ZH_SYLLABLES = (
    ("星", "xing"),
    ("航", "hang"),
    ("辰", "chen"),
    ("云", "yun"),
    ("海", "hai"),
    ("瑞", "rui"),
    ("鑫", "xin"),
    ("达", "da"),
    ("华", "hua"),
    ("盛", "sheng"),
    ("博", "bo"),
    ("源", "yuan"),
    ("创", "chuang"),
    ("智", "zhi"),
    ("联", "lian"),
    ("恒", "heng"),
    ("泰", "tai"),
    ("宏", "hong"),
    ("锦", "jin"),
    ("悦", "yue"),
    ("嘉", "jia"),
    ("荣", "rong"),
    ("启", "qi"),
    ("优", "you"),
    ("晨", "chen"),
    ("天", "tian"),
    ("德", "de"),
    ("福", "fu"),
    ("丰", "feng"),
    ("安", "an"),
    ("和", "he"),
    ("美", "mei"),
    ("润", "run"),
    ("翔", "xiang"),
    ("腾", "teng"),
    ("宇", "yu"),
    ("凯", "kai"),
    ("乐", "le"),
    ("骏", "jun"),
    ("峰", "feng"),
    ("朗", "lang"),
    ("卓", "zhuo"),
    ("远", "yuan"),
    ("明", "ming"),
    ("益", "yi"),
    ("诚", "cheng"),
    ("汇", "hui"),
    ("鸿", "hong"),
    ("昊", "hao"),
    ("禾", "he"),
    ("睿", "rui"),
    ("铭", "ming"),
    ("聚", "ju"),
    ("拓", "tuo"),
    ("帆", "fan"),
    ("越", "yue"),
    ("蓝", "lan"),
    ("森", "sen"),
    ("志", "zhi"),
    ("汐", "xi"),
)
COMPANY_WORDS = (
    ("电子商务", "E-commerce"),
    ("贸易", "Trading"),
    ("科技", "Technology"),
    ("进出口", "Import & Export"),
    ("实业", "Industrial"),
    ("供应链", "Supply Chain"),
    ("网络科技", "Network Technology"),
)
SECTOR_WORDS = (
    ("服饰", "Apparel"),
    ("玩具", "Toys"),
    ("照明电器", "Lighting"),
    ("电子", "Electronics"),
    ("家居用品", "Household Products"),
    ("化妆品", "Cosmetics"),
    ("体育用品", "Sporting Goods"),
    ("宠物用品", "Pet Products"),
    ("汽车用品", "Auto Accessories"),
    ("箱包", "Bags"),
    ("饰品", "Accessories"),
    ("母婴用品", "Baby Products"),
    ("家具", "Furniture"),
    ("五金", "Hardware"),
    ("工艺品", "Crafts"),
    ("文化用品", "Stationery"),
    ("数码", "Digital"),
    ("园艺", "Gardening"),
    ("健康科技", "Health Technology"),
    ("动漫", "Animation"),
)
STORE_PRE = (
    "Lum",
    "Xin",
    "Ver",
    "Nov",
    "Kir",
    "Zen",
    "Aur",
    "Bel",
    "Cor",
    "Dav",
    "Ely",
    "Fio",
    "Gal",
    "Hom",
    "Ivo",
    "Jov",
    "Kal",
    "Lin",
    "Mav",
    "Nex",
    "Ori",
    "Pix",
    "Qin",
    "Rio",
    "Sol",
    "Tiv",
    "Uni",
    "Viv",
    "Wen",
    "Yol",
    "Zap",
    "Bao",
    "Hui",
    "Jia",
    "Mei",
    "Yun",
)
STORE_SUF = (
    "io",
    "ex",
    "ora",
    "ly",
    "ix",
    "ani",
    "eo",
    "ova",
    "ux",
    "ina",
    "oma",
    "ari",
    "ity",
    "ara",
    "o",
    "a",
    "us",
    "ey",
    "ion",
    "elle",
)
STORE_WORDS = (
    "Tech",
    "Life",
    "Outdoor",
    "Kids",
    "Decor",
    "Mall",
    "Trading",
    "Shop",
    "Home",
    "Style",
    "Gear",
    "Fashion",
    "Direct",
    "Global",
    "Studio",
)
STORE_CITY_PY = (
    "shenzhen",
    "guangzhou",
    "dongguan",
    "foshan",
    "shantou",
    "yiwu",
    "jinhua",
    "xiamen",
    "quanzhou",
    "ningbo",
    "hangzhou",
    "putian",
    "jieyang",
    "zhongshan",
)
# store-name templates (queries/demo_stores.sql): 0-3 use the member's trade name
MEMBER_FIRST_TEMPLATES = np.array([0, 1, 2, 3])
OTHER_TEMPLATES = np.arange(4, 15)
OTHER_TEMPLATE_WEIGHT = np.array([0.12, 0.10, 0.06, 0.06, 0.06, 0.08, 0.10, 0.07, 0.15, 0.08, 0.12])


@dataclass(frozen=True)
class DemoSummary:
    """What build_demo wrote."""

    path: str
    seed: int
    scale: float
    plant: bool
    first_month: dt.date
    last_month: dt.date
    members: int
    member_stores: int
    cases: int
    defendants: int
    events: int
    truth_rows: int
    waves: int
    cohorts: int
    seconds: float


@dataclass(frozen=True)
class _Reference:
    gd_cities: list[str]  # the 21 Guangdong city codes, in CITY_WEIGHT order
    city_zh: dict[str, str]
    city_en: dict[str, str]
    districts: dict[str, list[str]]  # city -> district codes
    subsectors: dict[str, list[str]]  # top sector -> subsector codes
    all_codes: dict[str, set[str]]  # table -> valid codes (checked before writing)


# ================================================================================================
# public API
# ================================================================================================


def build_demo(
    path: str,
    *,
    seed: int = 7,
    scale: float = 1.0,
    plant: bool = True,
    until: dt.date | None = None,
    progress: Progress = QUIET,
) -> DemoSummary:
    """Write a fresh demo database at ``path``; an existing DuckDB database there is replaced.

    Data run from January 2019 to the last full month before ``until`` (default: today).
    ``scale`` multiplies case and defendant volume (1 -> about 150k defendant rows, 70 -> about
    10M) and the number of brands; members (2,000) and planted items (waves, cohorts) do not scale.
    The database is built as ``<path>.building`` and renamed onto ``path`` when complete, so a
    reader of the old file never sees a half-built one. A file at ``path`` that is not a DuckDB
    database is never overwritten (FileExistsError).
    """
    started = time.perf_counter()
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, got {scale!r}")
    if path.startswith("md:") or path == ":memory:":
        raise ValueError("the demo generator writes a local database file")
    until = until or dt.date.today()
    last_month = _add_months(dt.date(until.year, until.month, 1), -1)
    if last_month < FIRST_MONTH:
        raise ValueError(f"until={until} leaves no full month after {FIRST_MONTH}")

    target = Path(path)
    _check_replaceable(target)  # before any work: refuse to clobber a file that is not ours
    building = target.with_name(target.name + ".building")
    for stale in (building, Path(f"{building}.wal")):
        stale.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)

    db = Database(str(building))
    try:
        with progress.stage("generate"):
            ref = _reference(db)
            data = _Generator(np.random.default_rng(seed), ref, float(scale), plant, last_month).run()
        with progress.stage("write"), db.write() as con:
            _write(con, data, seed)
            set_meta(con, "demo", "true")
            set_meta(con, "demo_seed", str(seed))
            set_meta(con, "demo_scale", repr(float(scale)))
            set_meta(con, "demo_plant", "true" if plant else "false")
            set_meta(con, "demo_last_month", last_month.isoformat())
        del data
        # Two transactions: the base tables, then the derived layer. The file only becomes
        # visible at `path` by the rename below, so nobody sees it half-built; committing the
        # base tables first lets DuckDB rebuild the fact table from stored data rather than a
        # 10M-row transaction-local buffer (peak memory at scale 70: 7.6 GB -> 5.8 GB measured).
        with progress.stage("facts") as shown, db.write() as con:
            bump_data_version(con)
            counts = con.execute(load_sql("demo/counts")).fetchone()
            shown.count(int(counts[3]) if counts else 0)  # defendant rows
        with progress.stage("herding"):
            herding.refresh(db)  # the demo opens with a fresh herding cache
    except BaseException:
        db.close()
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
        raise
    db.close()
    # a stale WAL next to the old file would be replayed into the new one: remove it first
    Path(f"{target}.wal").unlink(missing_ok=True)
    os.replace(building, target)
    if counts is None:
        raise RuntimeError("demo counts query returned no row")
    members, member_stores, cases, defendants, events, truth_rows, waves, cohorts = map(int, counts)
    return DemoSummary(
        path=str(target),
        seed=seed,
        scale=float(scale),
        plant=plant,
        first_month=FIRST_MONTH,
        last_month=last_month,
        members=members,
        member_stores=member_stores,
        cases=cases,
        defendants=defendants,
        events=events,
        truth_rows=truth_rows,
        waves=waves,
        cohorts=cohorts,
        seconds=round(time.perf_counter() - started, 3),
    )


# ================================================================================================
# helpers
# ================================================================================================


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _check_replaceable(target: Path) -> None:
    """Only an existing DuckDB database (or an empty file) may be replaced: never anything else."""
    if not target.exists():
        return
    if not target.is_file():
        raise FileExistsError(f"{target} exists and is not a file")
    with target.open("rb") as handle:
        head = handle.read(12)
    if head and head[8:12] != b"DUCK":
        raise FileExistsError(f"{target} exists and is not a DuckDB database; not overwriting it")


def _reference(db: Database) -> _Reference:
    cur = db.cursor()
    try:
        cities = cur.execute(load_sql("demo/ref_cities")).df()
        districts = cur.execute(load_sql("demo/ref_districts")).df()
        sectors = cur.execute(load_sql("demo/ref_sectors")).df()
        platforms = cur.execute(load_sql("demo/ref_platforms")).df()
        courts = cur.execute(load_sql("demo/ref_courts")).df()
    finally:
        cur.close()
    gd = [c for c in CITY_WEIGHT if c in set(cities["city_code"])]
    if len(gd) != len(CITY_WEIGHT):
        raise RuntimeError("reference cities lack some of the 21 Guangdong cities")
    by_city: dict[str, list[str]] = {c: [] for c in cities["city_code"]}
    for city, district in zip(districts["city_code"], districts["district"], strict=True):
        by_city.setdefault(city, []).append(district)
    subs: dict[str, list[str]] = {t: [] for t in TOP_SECTORS}
    for code, parent in zip(sectors["sector_code"], sectors["parent_code"], strict=True):
        if isinstance(parent, str) and parent in subs:
            subs[parent].append(code)
    missing = [t for t, children in subs.items() if not children]
    if missing:
        raise RuntimeError(f"reference sectors lack subsectors of {missing}")
    all_codes = {
        "cities": set(cities["city_code"]),
        "platforms": set(platforms["code"]),
        "courts": set(courts["code"]),
    }
    for table, used in (("platforms", PLATFORMS), ("courts", COURTS), ("cities", tuple(OTHER_PROVINCES))):
        unknown = sorted(set(used) - all_codes[table])
        if unknown:
            raise RuntimeError(f"demo uses {table} codes missing from the reference data: {unknown}")
    return _Reference(
        gd_cities=gd,
        city_zh=dict(zip(cities["city_code"], cities["name_zh"], strict=True)),
        city_en=dict(zip(cities["city_code"], cities["name_en"], strict=True)),
        districts=by_city,
        subsectors=subs,
        all_codes=all_codes,
    )


def _apportion(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Integer counts summing to total, proportional to weights, each at least minimum."""
    w = np.asarray(weights, float) / np.sum(weights)
    spare = total - minimum * len(w)
    exact = w * spare
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: spare - counts.sum()]] += 1
    result: np.ndarray = counts + minimum
    return result


def _choice_by_group(rng: np.random.Generator, groups: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """For each element, a category drawn from probs[group] (rows of a probability matrix)."""
    out = np.zeros(len(groups), dtype=np.int64)
    u = rng.random(len(groups))
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    for g in np.unique(groups):
        at = groups == g
        out[at] = np.minimum(np.searchsorted(cdf[g], u[at], side="right"), probs.shape[1] - 1)
    return out


def _pick_in_ranges(rng: np.random.Generator, start: np.ndarray, count: np.ndarray, power: float = 1.0) -> np.ndarray:
    """Index start + floor(count * u**power): uniform (power 1) or skewed to the range's front."""
    u = rng.random(len(start))
    if power != 1.0:
        u = u**power
    picked: np.ndarray = start + np.minimum((u * count).astype(np.int64), np.maximum(count - 1, 0))
    return picked


def _group_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Boolean mask: True where a new run of equal keys begins."""
    first = np.ones(len(sorted_keys), dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return first


def _running_count(sorted_keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Cumulative sum of values restarting at each run of equal keys."""
    total = np.cumsum(values)
    first = _group_starts(sorted_keys)
    base = np.where(first, total - values, 0)
    base = np.maximum.accumulate(np.where(first, base, -1))
    return total - base


def _lognormal_int(rng: np.random.Generator, median: float, sigma: float, size: int, low: int, high: int) -> np.ndarray:
    return np.clip(np.rint(rng.lognormal(math.log(median), sigma, size)), low, high).astype(np.int64)


# ================================================================================================
# the generator
# ================================================================================================


class _Generator:
    """Draws every table as numpy arrays / small DataFrames; _write loads them into DuckDB."""

    def __init__(
        self, rng: np.random.Generator, ref: _Reference, scale: float, plant: bool, last_month: dt.date
    ) -> None:
        self.rng = rng
        self.ref = ref
        self.scale = scale
        self.plant = plant
        self.n_months = (last_month.year - FIRST_MONTH.year) * 12 + last_month.month
        months = [_add_months(FIRST_MONTH, t) for t in range(self.n_months + 1)]
        self.month_day = np.array([(m - EPOCH).days for m in months], dtype=np.int64)
        self.month_date = months
        self.cutoff = int(self.month_day[-1] - 1)  # last day of the last month
        self.cities = ref.gd_cities
        self.wave_brands: list[int] = []
        self.firm_names = list(LAW_FIRMS)
        self.city_index = {c: i for i, c in enumerate(self.cities)}

    # --------------------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        self._members()
        self._stores()
        self._brands()
        self._background_cases()
        truth: list[dict[str, Any]] = []
        truth_cases: list[tuple[str, int]] = []
        if self.plant:
            self._plant_waves(truth, truth_cases)
            self._plant_cohorts(truth, truth_cases)
        cases = self._assemble_cases()
        rows = self._defendant_slots(cases)
        self._outcomes(cases, rows)
        events = self._events(cases, rows)
        self._dockets(cases)
        truth_cases = [(tid, int(self.case_remap[i])) for tid, i in truth_cases]
        return {
            "members": self.member_frame,
            "store_src": self.store_src,
            "cases": cases,
            "rows": rows,
            "events": events,
            "truth": truth,
            "truth_cases": truth_cases,
            "brands": self.brand_lists(),
            "store_city_codes": self.store_city_codes,
            "district_codes": self.district_codes,
            "sector_codes": self.sector_codes,
        }

    # --------------------------------------------------------------------------------------------
    def _city_sector_probs(self, codes: list[str]) -> np.ndarray:
        probs = np.tile(SECTOR_WEIGHT, (len(codes), 1))
        for i, code in enumerate(codes):
            for sector, mult in CITY_AFFINITY.get(code, {}).items():
                probs[i, TOP_SECTORS.index(sector)] *= mult
        normed: np.ndarray = probs / probs.sum(axis=1, keepdims=True)
        return normed

    def _subsector(self, top: np.ndarray) -> np.ndarray:
        """A random subsector code (as an index into self.sector_codes) of each top sector."""
        out = np.zeros(len(top), dtype=np.int64)
        u = self.rng.random(len(top))
        for t in range(len(TOP_SECTORS)):
            at = top == t
            children = self.sub_index[t]
            out[at] = np.asarray(children)[np.minimum((u[at] * len(children)).astype(int), len(children) - 1)]
        return out

    def _district(self, city_codes: list[str], city: np.ndarray, share: float) -> np.ndarray:
        """Index into self.district_codes (or -1) for each city index; share of rows with one."""
        out = np.full(len(city), -1, dtype=np.int64)
        u = self.rng.random(len(city))
        keep = self.rng.random(len(city)) < share
        for c, code in enumerate(city_codes):
            options = self.district_pos.get(code, [])
            at = (city == c) & keep
            if options:
                out[at] = np.asarray(options)[np.minimum((u[at] * len(options)).astype(int), len(options) - 1)]
        return out

    # --------------------------------------------------------------------------------------------
    def _members(self) -> None:
        rng, ref = self.rng, self.ref
        self.sector_codes = [c for t in TOP_SECTORS for c in ref.subsectors[t]]
        self.sub_index = [[self.sector_codes.index(c) for c in ref.subsectors[t]] for t in TOP_SECTORS]
        self.sub_top = np.array([t for t in range(len(TOP_SECTORS)) for _ in ref.subsectors[TOP_SECTORS[t]]])
        self.district_codes = [d for c in ref.districts for d in ref.districts[c]]
        self.district_pos: dict[str, list[int]] = {}
        for i, code in enumerate(self.district_codes):
            owner = next(c for c, ds in ref.districts.items() if code in ds)
            self.district_pos.setdefault(owner, []).append(i)

        counts = _apportion(N_MEMBERS, np.array(list(CITY_WEIGHT.values())), minimum=3)
        city = rng.permutation(np.repeat(np.arange(len(self.cities)), counts))
        # each city's members split over sectors by its mix (stratified: local specialisation
        # such as Shantou toys or Zhongshan lighting shows reliably even in small cities)
        probs = self._city_sector_probs(self.cities)
        top = np.zeros(N_MEMBERS, dtype=np.int64)
        for c in range(len(self.cities)):
            at = np.flatnonzero(city == c)
            mix = _apportion(len(at), probs[c], minimum=0)
            top[at] = rng.permutation(np.repeat(np.arange(len(TOP_SECTORS)), mix))
        sector = self._subsector(top)
        district = self._district(self.cities, city, share=1.0)
        size = rng.choice(len(SIZE_BANDS), size=N_MEMBERS, p=SIZE_WEIGHT)
        lo = np.array([r[0] for r in STORES_BY_SIZE])[size]
        hi = np.array([r[1] for r in STORES_BY_SIZE])[size]
        n_stores = rng.integers(lo, hi + 1)
        joined_lo = (dt.date(2015, 1, 1) - EPOCH).days
        joined = joined_lo + np.floor(rng.beta(1.3, 1.6, N_MEMBERS) * (self.cutoff - joined_lo))
        n_syl = len(ZH_SYLLABLES)
        pairs = rng.choice(n_syl * (n_syl - 1), size=N_MEMBERS, replace=False)
        first, second = pairs // (n_syl - 1), pairs % (n_syl - 1)
        second = second + (second >= first)  # two different syllables
        use_sector_word = rng.random(N_MEMBERS) < 0.35
        generic_word = rng.integers(0, len(COMPANY_WORDS), N_MEMBERS)

        rows = []
        for i in range(N_MEMBERS):
            code = self.cities[city[i]]
            zh1, py1 = ZH_SYLLABLES[first[i]]
            zh2, py2 = ZH_SYLLABLES[second[i]]
            trade = py1.capitalize() + py2
            word_zh, word_en = SECTOR_WORDS[top[i]] if use_sector_word[i] else COMPANY_WORDS[generic_word[i]]
            rows.append(
                {
                    "member_id": f"M{i + 1:05d}",
                    "name_zh": f"{ref.city_zh[code]}市{zh1}{zh2}{word_zh}有限公司",
                    "name_en": f"{ref.city_en[code]} {trade} {word_en} Co., Ltd.",
                    "city_code": code,
                    "district": self.district_codes[district[i]] if district[i] >= 0 else None,
                    "sector_code": self.sector_codes[sector[i]],
                    "size_band": SIZE_BANDS[size[i]],
                    "joined_day": int(joined[i]),
                    "email": f"{trade.lower()}.{i + 1:04d}@example.com",
                    "trade": trade,
                    "city_py": ref.city_en[code].lower(),
                }
            )
        self.member_frame = pd.DataFrame(rows)
        self.member_frame["member_no"] = np.arange(N_MEMBERS, dtype=np.int32)
        self.member_frame["joined_day"] = self.member_frame["joined_day"].astype(np.int32)
        self.m_city = city
        self.m_top = top
        self.m_sector = sector
        self.m_nstores = n_stores
        # members grouped by top sector, for drawing "a member of sector s"
        self.m_by_sector = np.argsort(top, kind="stable")
        self.m_sector_start = np.searchsorted(top[self.m_by_sector], np.arange(len(TOP_SECTORS)))
        self.m_sector_count = np.bincount(top, minlength=len(TOP_SECTORS))

    # --------------------------------------------------------------------------------------------
    def _stores(self) -> None:
        """Member stores (indices 0..n_member_stores-1) and the non-member pool after them."""
        rng = self.rng
        n_m = int(self.m_nstores.sum())
        owner = np.repeat(np.arange(N_MEMBERS), self.m_nstores)
        first_of_member = _group_starts(owner)
        self.ms_start = np.concatenate([[0], np.cumsum(self.m_nstores)[:-1]])
        # distinct platforms per member: Gumbel top-k over the platform weights
        keys = np.log(PLATFORM_WEIGHT)[None, :] + rng.gumbel(size=(N_MEMBERS, len(PLATFORMS)))
        ranked = np.argsort(-keys, axis=1)
        rank_in_member = np.arange(n_m) - self.ms_start[owner]
        m_platform = ranked[owner, rank_in_member]
        m_tpl = np.where(first_of_member, rng.choice(MEMBER_FIRST_TEMPLATES, n_m), rng.choice(OTHER_TEMPLATES[:7], n_m))

        n_nm = max(3000, round(NONMEMBER_STORES_PER_SCALE * self.scale))
        origin = rng.choice(3, size=n_nm, p=NONMEMBER_ORIGIN)
        gd_city = rng.choice(len(self.cities), size=n_nm, p=_norm(list(CITY_WEIGHT.values())))
        prov_codes = list(OTHER_PROVINCES)
        prov = rng.choice(len(prov_codes), size=n_nm, p=_norm(list(OTHER_PROVINCES.values())))
        all_city_codes = self.cities + prov_codes
        city = np.where(origin == 0, gd_city, np.where(origin == 1, len(self.cities) + prov, -1))
        probs = np.vstack([self._city_sector_probs(self.cities), SECTOR_WEIGHT / SECTOR_WEIGHT.sum()])
        top = _choice_by_group(rng, np.where(origin == 0, gd_city, len(self.cities)), probs)
        sector = self._subsector(top)
        district = self._district(all_city_codes, city, share=0.45)
        platform = rng.choice(len(PLATFORMS), size=n_nm, p=PLATFORM_WEIGHT)
        tpl = rng.choice(OTHER_TEMPLATES, size=n_nm, p=OTHER_TEMPLATE_WEIGHT)
        # the pool is kept sorted by top sector (random order inside) so a case can draw
        # "a store of sector s" as an index range
        order = np.lexsort((rng.random(n_nm), top))
        city, top, sector, district, platform, tpl = (a[order] for a in (city, top, sector, district, platform, tpl))
        self.n_member_stores = n_m
        self.n_pool = n_nm
        self.nm_sector_start = np.searchsorted(top, np.arange(len(TOP_SECTORS)))
        self.nm_sector_count = np.bincount(top, minlength=len(TOP_SECTORS))
        self.store_member = owner  # member of each member store

        total = n_m + n_nm
        idx = np.arange(total, dtype=np.int64)
        plat = np.concatenate([m_platform, platform])
        offset = rng.integers(0, 1 << 40, size=len(PLATFORMS))
        sid = (AFFINE_A * idx + offset[plat]) % PLATFORM_MOD[plat]
        self.store_src = pd.DataFrame(
            {
                "store_idx": idx,
                "member_no": np.concatenate([owner, np.full(n_nm, -1)]).astype(np.int32),
                "platform_i": plat.astype(np.int16),
                "tpl": np.concatenate([m_tpl, tpl]).astype(np.int16),
                "a": rng.integers(0, len(STORE_PRE), total).astype(np.int16),
                "b": rng.integers(0, len(STORE_SUF), total).astype(np.int16),
                "c": rng.integers(0, len(STORE_WORDS), total).astype(np.int16),
                "p1": rng.integers(0, len(ZH_SYLLABLES), total).astype(np.int16),
                "p2": rng.integers(0, len(ZH_SYLLABLES), total).astype(np.int16),
                "cp": rng.integers(0, len(STORE_CITY_PY), total).astype(np.int16),
                "num": rng.integers(10, 100, total).astype(np.int16),
                "sid": sid,
                "rnd": rng.integers(0, 1 << 62, total, dtype=np.int64),
                "city_i": np.concatenate([np.full(n_m, -1), city]).astype(np.int32),
                "district_i": np.concatenate([np.full(n_m, -1), district]).astype(np.int32),
                "sector_i": np.concatenate([np.full(n_m, -1), sector]).astype(np.int32),
            }
        )
        self.store_city_codes = all_city_codes

    # --------------------------------------------------------------------------------------------
    def _new_brand_names(self, n: int) -> list[str]:
        space = len(BRAND_PRE) * len(BRAND_MID) * len(BRAND_SUF)
        picks = self.rng.choice(space, size=n, replace=False)
        names = []
        for p in picks:
            pre, rest = divmod(int(p), len(BRAND_MID) * len(BRAND_SUF))
            mid, suf = divmod(rest, len(BRAND_SUF))
            names.append(BRAND_PRE[pre] + BRAND_MID[mid] + BRAND_SUF[suf])
        return names

    def _brand_attrs(self, top: np.ndarray) -> dict[str, np.ndarray]:
        rng = self.rng
        n = len(top)
        ip_probs = np.array([IP_BY_SECTOR.get(TOP_SECTORS[t], IP_DEFAULT) for t in range(len(TOP_SECTORS))])
        ip = _choice_by_group(rng, top, ip_probs)
        firm_w = 1.0 / np.arange(1, len(LAW_FIRMS) + 1) ** 1.3
        firm = rng.choice(len(LAW_FIRMS), size=n, p=firm_w / firm_w.sum())
        suffix = rng.integers(0, 1000, n)
        return {"top": top, "sector": self._subsector(top), "ip": ip, "firm": firm, "suffix": suffix}

    def _brands(self) -> None:
        """Background brands with popularity, activity window and monthly case rate."""
        rng, n_t = self.rng, self.n_months
        n_b = int(min(MAX_BRANDS, max(40, round(BRANDS_AT_SCALE_1 * self.scale))))
        # names for background and (possible) new wave brands are drawn together: all distinct
        self.brand_names = self._new_brand_names(n_b + NAMES_RESERVED)
        top = rng.choice(len(TOP_SECTORS), size=n_b, p=SECTOR_WEIGHT / SECTOR_WEIGHT.sum())
        attrs = self._brand_attrs(top)
        pop = rng.lognormal(0.0, 1.1, n_b)
        old = rng.random(n_b) < 0.45
        start = np.where(old, -1000, rng.integers(1, max(2, n_t - 3), n_b))
        ends = rng.random(n_b) < 0.12
        end = np.where(ends, np.minimum(n_t, np.maximum(start, 0) + rng.integers(18, 60, n_b)), n_t)
        t = np.arange(n_t)[None, :]
        since = t - start[:, None]
        ramp = np.clip((since + 1) / 7.0, 0.0, 1.0) * ((since >= 0) & (t < end[:, None]))
        weight = pop[:, None] * ramp
        total = weight.sum(axis=0)
        self.lam = weight / np.where(total > 0, total, 1.0) * self._monthly_cases()[None, :]
        peak = np.maximum(self.lam.max(axis=1), 1e-9)
        # expected members per schedule A case, capped so no brand sues many members a month
        self.members_per_case = np.minimum(MEMBERS_PER_CASE, MEMBER_RATE_CAP / (KIND_WEIGHT[0] * peak))
        self.brand = {k: v for k, v in attrs.items()}
        self.n_bg_brands = n_b

    def _monthly_cases(self) -> np.ndarray:
        years = FIRST_MONTH.year + (np.arange(max(self.n_months, REFERENCE_MONTHS)) + 0.5) / 12
        anchors = np.array(sorted(TREND))
        level = np.interp(years, anchors + 0.5, [TREND[y] for y in anchors])
        w = level * SEASON[np.arange(len(years)) % 12]
        per_unit = ROWS_PER_SCALE * self.scale / MEAN_ROWS_PER_CASE / w[:REFERENCE_MONTHS].sum()
        rates: np.ndarray = (w * per_unit)[: self.n_months]
        return rates

    def brand_lists(self) -> dict[str, list[str]]:
        names = self.brand_names[: len(self.brand["top"])]
        plaintiffs = []
        for name, ip, suffix in zip(names, self.brand["ip"], self.brand["suffix"], strict=True):
            options = PLAINTIFF_SUFFIX[int(ip)]
            plaintiffs.append(name + options[int(suffix) % len(options)])
        return {
            "brands": names,
            "plaintiffs": plaintiffs,
            "brand_firms": [self.firm_names[f] for f in self.brand["firm"]],
            "brand_sectors": [self.sector_codes[s] for s in self.brand["sector"]],
        }

    # --------------------------------------------------------------------------------------------
    def _cases_from_rates(self, lam: np.ndarray, brand_ids: np.ndarray) -> dict[str, np.ndarray]:
        """Steady case counts per brand-month (systematic sampling) and their case attributes."""
        rng = self.rng
        u: np.ndarray = rng.random(int(lam.shape[0]))
        cum = np.floor(np.cumsum(lam, axis=1) + u[:, None])
        counts = np.diff(cum, axis=1, prepend=0).astype(np.int64)
        b_local, t = np.nonzero(counts)
        reps = counts[b_local, t]
        brand = np.repeat(brand_ids[b_local], reps)
        month = np.repeat(t, reps)
        first_t = np.where(counts.any(axis=1), np.argmax(counts > 0, axis=1), -1)
        first_month = month == first_t[np.repeat(b_local, reps)]
        n = len(brand)
        kind = rng.choice(len(KINDS), size=n, p=KIND_WEIGHT)
        n_def = np.empty(n, dtype=np.int64)
        sizes: dict[int, Callable[[int], np.ndarray]] = {
            0: lambda k: _lognormal_int(rng, 25.0, 0.95, k, 3, 1500),
            1: lambda k: rng.choice([1, 2, 3, 4, 5], size=k, p=[0.45, 0.2, 0.15, 0.1, 0.1]),
            2: lambda k: rng.choice([1, 2], size=k, p=[0.7, 0.3]),
            3: lambda k: rng.choice([1, 2, 3], size=k, p=[0.6, 0.3, 0.1]),
            4: lambda k: rng.integers(1, 9, k),
        }
        for k in range(len(KINDS)):
            at = kind == k
            n_def[at] = sizes[k](int(at.sum()))
        q = self.members_per_case[brand] / MAX_MEMBERS_PER_CASE
        k_bg = np.where(
            kind == 0,
            rng.binomial(MAX_MEMBERS_PER_CASE, np.clip(q, 0, 1)),
            rng.binomial(n_def, np.where(kind == 1, 0.15, 0.10)),
        )
        k_bg = np.minimum(k_bg, n_def)
        k_bg = np.where(first_month, np.minimum(k_bg, 1), k_bg)
        # cases come ordered by (brand, month): clip the running member count of each brand-month,
        # to BRAND_MONTH_MEMBER_CAP, and to 2 in the first month a brand names any member (a brand
        # "without history" naming 5+ members is what a wave detector looks for)
        key = brand * self.n_months + month
        before = _running_count(key, k_bg) - k_bg
        k_bg = np.clip(BRAND_MONTH_MEMBER_CAP - before, 0, k_bg)
        first_hit = np.full(int(brand_ids.max(initial=0)) + 1, self.n_months)
        np.minimum.at(first_hit, brand, np.where(k_bg > 0, month, self.n_months))
        cap = np.where(month == first_hit[brand], FIRST_MONTH_MEMBER_CAP, BRAND_MONTH_MEMBER_CAP)
        k_bg = np.clip(cap - before, 0, k_bg)
        return {"brand": brand, "month": month, "kind": kind, "n_def": n_def, "k_bg": k_bg}

    def _background_cases(self) -> None:
        bg = self._cases_from_rates(self.lam, np.arange(self.n_bg_brands))
        self.parts = [bg]  # case blocks; later ones are planted
        # background member slots are drawn now so that waves can avoid members already sued
        bg["forced_case"] = np.zeros(0, dtype=np.int64)
        bg["forced_store"] = np.zeros(0, dtype=np.int64)
        self._draw_member_slots(bg)

    def _draw_member_slots(self, part: dict[str, np.ndarray]) -> None:
        rng = self.rng
        case = np.repeat(np.arange(len(part["k_bg"])), part["k_bg"])
        top = self.brand["top"][part["brand"][case]]
        in_sector = (rng.random(len(case)) < 0.85) & (self.m_sector_count[top] > 0)
        pos = _pick_in_ranges(rng, self.m_sector_start[top], self.m_sector_count[top])
        anyone = rng.integers(0, N_MEMBERS, len(case))
        member = np.where(in_sector, self.m_by_sector[np.minimum(pos, N_MEMBERS - 1)], anyone)
        store, second = self._member_stores(member, SECOND_STORE)
        part["slot_case"] = np.concatenate([case, case[second]])
        part["slot_store"] = store

    def _member_stores(self, members: np.ndarray, extra: float) -> tuple[np.ndarray, np.ndarray]:
        """One random store per member, then the next store of the members where `second` is set."""
        rng = self.rng
        store = _pick_in_ranges(rng, self.ms_start[members], self.m_nstores[members])
        second = (rng.random(len(members)) < extra) & (self.m_nstores[members] > 1)
        other = self.ms_start[members] + (store - self.ms_start[members] + 1) % self.m_nstores[members]
        return np.concatenate([store, other[second]]), second

    # --------------------------------------------------------------------------------------------
    def _cells(self, minimum: int) -> list[tuple[int, int]]:
        """Herd-prone (city index, top sector) cells with at least `minimum` members."""
        cells = []
        for code, sector in HERD_CELLS:
            c, s = self.city_index[code], TOP_SECTORS.index(sector)
            if int(np.sum((self.m_city == c) & (self.m_top == s))) >= minimum:
                cells.append((c, s))
        return cells

    def _neighbours(self, c: int) -> list[int]:
        code = self.cities[c]
        for group in CITY_GROUPS:
            if code in group:
                return [self.city_index[x] for x in group if x != code]
        return []

    def _sued_before(self, brand: int, month: int) -> np.ndarray:
        """Members already named by this brand (background cases) before the month."""
        bg = self.parts[0]
        at = (bg["brand"][bg["slot_case"]] == brand) & (bg["month"][bg["slot_case"]] < month)
        return np.unique(self.store_member[bg["slot_store"][at]])

    def _planted_case_block(
        self, brand: int, months: list[int], members_per_case: list[np.ndarray], extra_store: float
    ) -> dict[str, np.ndarray]:
        """Schedule A cases with the given members forced in, plus ordinary non-member defendants."""
        rng = self.rng
        n = len(months)
        f_case, f_store = [], []
        for i, members in enumerate(members_per_case):
            stores, _ = self._member_stores(members, extra_store)
            f_case.append(np.full(len(stores), i))
            f_store.append(stores)
        nonmembers = _lognormal_int(rng, 35.0, 0.7, n, 5, 500)
        forced = np.array([len(s) for s in f_store])
        return {
            "brand": np.full(n, brand),
            "month": np.array(months),
            "kind": np.zeros(n, dtype=np.int64),
            "n_def": nonmembers + forced,
            "k_bg": np.zeros(n, dtype=np.int64),
            "planted": True,
            "forced_case": np.concatenate(f_case),
            "forced_store": np.concatenate(f_store),
            "slot_case": np.zeros(0, dtype=np.int64),
            "slot_store": np.zeros(0, dtype=np.int64),
        }

    def _add_brand(self, top: int) -> int:
        """A new brand of the given top sector (its name reserved in _brands)."""
        if len(self.brand["top"]) >= len(self.brand_names):  # past the names reserved: one more
            taken = set(self.brand_names)
            self.brand_names.append(next(n for n in self._new_brand_names(64) if n not in taken))
        attrs = self._brand_attrs(np.array([top]))
        for key, value in attrs.items():
            self.brand[key] = np.concatenate([self.brand[key], value])
        self.members_per_case = np.concatenate([self.members_per_case, [MEMBERS_PER_CASE]])
        return len(self.brand["top"]) - 1

    def _plant_waves(self, truth: list[dict[str, Any]], truth_cases: list[tuple[str, int]]) -> None:
        """Waves of every shape in WAVE_PLAN, then the decoys of DECOY_PLAN (issue 23)."""
        rng, n_t = self.rng, self.n_months
        cells = self._cells(minimum=20)
        if not cells:
            return
        self.firm_names = list(LAW_FIRMS)
        lo = 12 if n_t - 6 > 24 else max(1, (n_t - 6) // 3)
        hi = max(lo, n_t - 6)
        n_spread = len(WAVE_PLAN) - 1
        spread = np.linspace(lo, hi, n_spread) + rng.integers(-2, 3, n_spread)
        starts = [*np.clip(np.rint(spread), 1, n_t - 1).astype(int), n_t - 1 - int(rng.integers(0, 3))]
        cell_order = rng.permutation(len(cells))
        self.continuation: list[tuple[int, int]] = []
        for w, (shape, t0) in enumerate(zip(WAVE_PLAN, starts, strict=True)):
            c, s = cells[int(cell_order[w % len(cells)])]
            plant = getattr(self, f"_wave_{shape}")
            plant(f"W{w + 1:02d}", shape, int(max(0, min(t0, n_t - 1))), c, s, truth, truth_cases)
        decoy_starts = np.clip(rng.integers(lo, hi + 1, len(DECOY_PLAN)), 1, n_t - 1)
        for d, (shape, t0) in enumerate(zip(DECOY_PLAN, decoy_starts, strict=True)):
            c, s = cells[int(rng.integers(0, len(cells)))]
            getattr(self, f"_decoy_{shape}")(f"D{d + 1:02d}", shape, int(t0), c, s, truth, truth_cases)
        if self.continuation:
            # new wave brands keep filing afterwards at a low, steady rate
            lam = np.zeros((len(self.continuation), n_t))
            active = self.lam > 0
            typical = np.array(
                [np.median(self.lam[active[:, t], t]) if active[:, t].any() else 0.0 for t in range(n_t)]
            )
            for i, (_, t_from) in enumerate(self.continuation):
                lam[i, t_from:] = 0.4 * typical[t_from:]
            part = self._cases_from_rates(lam, np.array([b for b, _ in self.continuation]))
            part["forced_case"] = np.zeros(0, dtype=np.int64)
            part["forced_store"] = np.zeros(0, dtype=np.int64)
            self._draw_member_slots(part)
            self.parts.append(part)

    # --- wave shapes: each picks a brand (or firm), members and months, and records its truth ---

    def _wave_sudden(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                     truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """15-40 members in one month (45%: most in it, the rest the next), mostly one city."""
        rng = self.rng
        t1 = t0 + 1 if (t0 + 1 < self.n_months and rng.random() < 0.45) else t0
        size = int(rng.integers(WAVE_SIZE[0], WAVE_SIZE[1] + 1))
        brand, new = self._wave_brand(s, t0, t1)
        members = self._wave_members(brand, new, t1 + 1, [(c, s, size)], focal_share=rng.uniform(0.8, 0.92))
        if t1 > t0:
            cut = min(len(members) - 2, max(WAVE_FIRST_MONTH_MIN, math.ceil(len(members) * rng.uniform(0.75, 0.85))))
            groups, months = [members[:cut], members[cut:]], [t0, t1]
        else:
            groups, months = [members], [t0]
        self._plant(truth_id, "wave", shape, brand, groups, months, c, s, truth, truth_cases)
        if new and t1 + 1 < self.n_months:
            self.continuation.append((brand, t1 + 1))

    def _wave_ramp(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                   truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """A product spreading through a city's sellers: 2-4 months of growing counts, none of them
        reaching RAMP_MONTH_MAX, 10-20 members in all, the first month under the new-brand rule."""
        rng = self.rng
        length = min(int(rng.integers(2, 5)), self.n_months - t0)
        if length < 2:
            t0, length = self.n_months - 2, 2
        steps = np.arange(1, length + 1, dtype=float) ** 1.3
        total = int(rng.integers(RAMP_SIZE[0], RAMP_SIZE[1] + 1))
        counts = np.maximum(1, np.minimum(RAMP_MONTH_MAX, np.rint(total * steps / steps.sum()))).astype(int)
        counts[0] = min(counts[0], 3)
        brand, new = self._wave_brand(s, t0, t0 + length - 1)
        members = self._wave_members(brand, new, t0 + length, [(c, s, int(counts.sum()))], focal_share=0.9)
        groups = np.split(members, np.cumsum(counts)[:-1])
        self._plant(truth_id, "wave", shape, brand, groups, list(range(t0, t0 + length)), c, s, truth, truth_cases)
        if new and t0 + length < self.n_months:
            self.continuation.append((brand, t0 + length))

    def _wave_multi_city(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                         truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """12-24 members split about evenly between a city and its neighbour, in one or two months."""
        rng = self.rng
        near = self._neighbours(c)
        if not near:
            near = [i for i in range(len(self.cities)) if i != c]
        other = max(near, key=lambda n: int(np.sum((self.m_city == n) & (self.m_top == s))))
        size = int(rng.integers(MULTI_CITY_SIZE[0], MULTI_CITY_SIZE[1] + 1))
        t1 = t0 + 1 if (t0 + 1 < self.n_months and rng.random() < 0.4) else t0
        brand, new = self._wave_brand(s, t0, t1)
        half = size // 2
        members = self._wave_members(brand, new, t1 + 1, [(c, s, size - half), (other, s, half)], focal_share=1.0)
        members = rng.permutation(members)
        if t1 > t0:
            cut = max(WAVE_FIRST_MONTH_MIN, math.ceil(len(members) * 0.7))
            groups, months = [members[:cut], members[cut:]], [t0, t1]
        else:
            groups, months = [members], [t0]
        self._plant(truth_id, "wave", shape, brand, groups, months, c, s, truth, truth_cases)
        if new and t1 + 1 < self.n_months:
            self.continuation.append((brand, t1 + 1))

    def _wave_firm_led(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                       truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """A law firm new to these suits files for 3-4 new brands over 1-3 months, each naming 3-4
        members (under the new-brand rule), 10-16 members of one city and sector in all."""
        rng = self.rng
        firm = len(self.firm_names)
        self.firm_names.append(NEW_FIRMS[(firm - len(LAW_FIRMS)) % len(NEW_FIRMS)])
        n_brands = int(rng.integers(3, 5))
        span = min(int(rng.integers(1, 4)), self.n_months - t0)
        sizes = rng.integers(3, 5, n_brands)
        members = self._wave_members(-1, True, t0 + span, [(c, s, int(sizes.sum()))], focal_share=0.9)
        groups = np.split(members, np.cumsum(sizes)[:-1])
        months = sorted(t0 + int(m) for m in rng.integers(0, span, n_brands))
        months[0] = t0
        for group, month in zip(groups, months, strict=True):
            brand = self._add_brand(s)
            self.brand["firm"][brand] = firm
            self._plant(truth_id, "wave", shape, brand, [group], [month], c, s, truth, truth_cases, firm=firm)

    def _wave_surge(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                    truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """An established brand with a steady history (>= 12 members named in the year before)
        names 15-30 more members in one or two months; a new brand when there is none."""
        rng = self.rng
        t1 = t0 + 1 if (t0 + 1 < self.n_months and rng.random() < 0.4) else t0
        brand = self._busy_brand(t0, t1)
        new = brand < 0
        if new:
            brand = self._add_brand(s)
        else:
            s = int(self.brand["top"][brand])
            c = int(np.argmax([np.sum((self.m_city == i) & (self.m_top == s)) for i in range(len(self.cities))]))
        self.wave_brands.append(brand)
        size = int(rng.integers(SURGE_SIZE[0], SURGE_SIZE[1] + 1))
        members = self._wave_members(brand, new, t1 + 1, [(c, s, size)], focal_share=0.85)
        if t1 > t0:
            cut = max(WAVE_FIRST_MONTH_MIN, math.ceil(len(members) * 0.7))
            groups, months = [members[:cut], members[cut:]], [t0, t1]
        else:
            groups, months = [members], [t0]
        self._plant(truth_id, "wave", shape, brand, groups, months, c, s, truth, truth_cases)

    def _wave_threshold(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                        truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """Exactly at the size threshold: an established brand that named at most 2 members in the
        two years before naming THRESHOLD_MEMBERS in one month, or a new brand naming
        NEW_BRAND_THRESHOLD in its first month (half each, or new when no brand is that quiet)."""
        brand = self._quiet_brand(s, t0, t0, self.wave_brands, most=2, years=2) if self.rng.random() < 0.5 else -1
        new = brand < 0
        if new:
            brand = self._add_brand(s)
        self.wave_brands.append(brand)
        size = NEW_BRAND_THRESHOLD if new else THRESHOLD_MEMBERS
        members = self._wave_members(brand, new, t0 + 1, [(c, s, size)], focal_share=0.9)
        self._plant(truth_id, "wave", shape, brand, [members], [t0], c, s, truth, truth_cases)

    # --- decoys: activity that must not be flagged as a wave ---

    def _decoy_scattered(self, truth_id: str, shape: str, t0: int, c: int, s: int, truth: list[dict[str, Any]],
                         truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """A new brand suing one member per case, 10-14 cases over a year or more, across many cities."""
        rng = self.rng
        n = int(rng.integers(10, 15))
        span = max(2, min(int(rng.integers(12, 19)), self.n_months - t0))
        months = np.sort(t0 + rng.choice(span, size=min(n, span), replace=False))
        pool = np.flatnonzero(self.m_top == s)
        by_city = rng.permutation(pool)
        members, seen = [], set()
        for m in by_city:  # one member per city while cities last
            if int(self.m_city[m]) not in seen:
                seen.add(int(self.m_city[m]))
                members.append(int(m))
        members += [int(m) for m in by_city if int(m) not in members][: max(0, len(months) - len(members))]
        members_arr = np.array(members[: len(months)], dtype=np.int64)
        brand = self._add_brand(s)
        groups = [members_arr[i : i + 1] for i in range(len(members_arr))]
        self._plant(truth_id, "decoy", shape, brand, groups, [int(m) for m in months[: len(groups)]], c, s, truth,
                    truth_cases)  # fmt: skip

    def _decoy_small_cluster(self, truth_id: str, shape: str, t0: int, c: int, s: int,
                             truth: list[dict[str, Any]], truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """Just below the threshold: a new brand naming NEW_BRAND_THRESHOLD - 1 members of one city
        in its first month, or a quiet established brand naming THRESHOLD_MEMBERS - 2 in a month."""
        brand, new = self._wave_brand(s, t0, t0, new_share=0.5)
        size = NEW_BRAND_THRESHOLD - 1 if new else THRESHOLD_MEMBERS - 2
        members = self._wave_members(brand, new, t0 + 1, [(c, s, size)], focal_share=1.0)
        self._plant(truth_id, "decoy", shape, brand, [members], [t0], c, s, truth, truth_cases)

    def _decoy_ordinary_month(self, truth_id: str, shape: str, t0: int, c: int, s: int,
                              truth: list[dict[str, Any]], truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """An established brand's busiest month of the two years before t0 that it reached in the
        year before too: ordinary for it. Nothing is added; the month is recorded."""
        bg = self.parts[0]
        brand = self._busy_brand(t0, t0)
        if brand < 0:
            return
        slot_brand, slot_month = bg["brand"][bg["slot_case"]], bg["month"][bg["slot_case"]]
        mine = slot_brand == brand
        counts = np.bincount(slot_month[mine], minlength=self.n_months)
        window = np.arange(max(0, t0 - 24), t0 + 1)
        month = int(window[np.argmax(counts[window])])
        members = np.unique(self.store_member[bg["slot_store"][mine & (slot_month == month)]])
        self.wave_brands.append(brand)
        self._record(truth_id, "decoy", shape, brand, [members], [month], c, s, truth)

    def _decoy_seasonal(self, truth_id: str, shape: str, t0: int, c: int, s: int,
                        truth: list[dict[str, Any]], truth_cases: list[tuple[str, int]]) -> None:  # fmt: skip
        """The Q4 rise (SEASON): the three established brands naming most members in the last full
        October-December. Nothing is added; their Q4 months are recorded."""
        bg = self.parts[0]
        december = [t for t in range(self.n_months) if self.month_date[t].month == 12]
        if not december:
            return
        q4 = np.arange(december[-1] - 2, december[-1] + 1)
        slot_brand, slot_month = bg["brand"][bg["slot_case"]], bg["month"][bg["slot_case"]]
        in_q4 = np.isin(slot_month, q4)
        counts = np.bincount(slot_brand[in_q4], minlength=self.n_bg_brands)
        counts[[b for b in self.wave_brands if b < self.n_bg_brands]] = 0
        for k, brand in enumerate(np.argsort(-counts, kind="stable")[:3]):
            if counts[brand] == 0:
                break
            mine = in_q4 & (slot_brand == brand)
            groups = [np.unique(self.store_member[bg["slot_store"][mine & (slot_month == t)]]) for t in q4]
            self.wave_brands.append(int(brand))
            self._record(f"{truth_id}{'abc'[k]}", "decoy", shape, int(brand), groups, [int(t) for t in q4], c, s,
                         truth)  # fmt: skip

    # --- helpers of the planted items ---

    def _wave_brand(self, s: int, t0: int, t1: int, new_share: float = 0.5) -> tuple[int, bool]:
        """An existing quiet brand of sector s (chance 1 - new_share, when there is one) or a new one."""
        brand = -1
        if self.rng.random() >= new_share:
            brand = self._quiet_brand(s, t0, t1, self.wave_brands)
        new = brand < 0
        if new:
            brand = self._add_brand(s)
        self.wave_brands.append(brand)
        return brand, new

    def _wave_members(
        self, brand: int, new: bool, before: int, parts: list[tuple[int, int, int]], focal_share: float
    ) -> np.ndarray:
        """Members for each (city, top sector, count) part, focal_share of each from the cell and
        the rest from its neighbours' same sector, none sued by the brand before month ``before``;
        shuffled."""
        rng = self.rng
        sued = np.zeros(0, dtype=np.int64) if new else self._sued_before(brand, before)
        chosen: list[np.ndarray] = []
        for c, s, size in parts:
            taken = np.concatenate([sued, *chosen])
            focal_pool = np.setdiff1d(np.flatnonzero((self.m_city == c) & (self.m_top == s)), taken)
            n_focal = min(len(focal_pool), round(size * focal_share))
            focal = rng.choice(focal_pool, size=n_focal, replace=False)
            other_pool = np.setdiff1d(np.flatnonzero((self.m_top == s) & (self.m_city != c)), np.r_[taken, focal])
            near_pool = other_pool[np.isin(self.m_city[other_pool], self._neighbours(c))]
            pool = near_pool if len(near_pool) >= size - n_focal else other_pool
            rest = rng.choice(pool, size=min(len(pool), size - n_focal), replace=False)
            chosen.append(np.concatenate([focal, rest]).astype(np.int64))
        return rng.permutation(np.concatenate(chosen))

    def _plant(self, truth_id: str, kind: str, shape: str, brand: int, groups: list[np.ndarray], months: list[int],
               c: int, s: int, truth: list[dict[str, Any]], truth_cases: list[tuple[str, int]],
               firm: int | None = None) -> None:  # fmt: skip
        """Schedule A cases of the brand naming each group in its month, and their truth rows."""
        block = self._planted_case_block(brand, months, groups, extra_store=0.2)
        self._add_planted(block, truth_id, truth_cases)
        self._record(truth_id, kind, shape, brand, groups, months, c, s, truth, firm=firm)

    def _record(self, truth_id: str, kind: str, shape: str, brand: int, groups: list[np.ndarray], months: list[int],
                c: int, s: int, truth: list[dict[str, Any]], firm: int | None = None) -> None:  # fmt: skip
        """One truth row per member of the groups (named in their months); a firm-led item's
        entity is its law firm, every other's its brand."""
        previous = [r for r in truth if r["truth_id"] == truth_id]
        all_months = [*(r["sued_month"] for r in previous), *(self.month_date[m] for m in months)]
        start, end = min(all_months), max(all_months)
        for r in previous:
            r["start_month"], r["end_month"] = start, end
        for group, month in zip(groups, months, strict=True):
            for m in group:
                truth.append(
                    {
                        "kind": kind,
                        "truth_id": truth_id,
                        "shape": shape,
                        "entity_kind": "brand" if firm is None else "firm",
                        "entity": self.brand_names[brand] if firm is None else self.firm_names[firm],
                        "brand": self.brand_names[brand],
                        "start_month": start,
                        "end_month": end,
                        "sued_month": self.month_date[month],
                        "city_code": self.cities[c],
                        "sector_code": TOP_SECTORS[s],
                        "member_id": f"M{int(m) + 1:05d}",
                    }
                )

    def _busy_brand(self, t0: int, t1: int) -> int:
        """A background brand active for two years before t0 and through t1 that named at least
        SURGE_HISTORY members in the year before t0 (and some in each half of it); -1 if none."""
        if t0 < 24:
            return -1
        bg = self.parts[0]
        active_before = (self.lam[:, t0 - 24 : t0] > 0).all(axis=1)
        active_during = (self.lam[:, t0 : t1 + 1] > 0).all(axis=1)
        slot_brand, slot_month = bg["brand"][bg["slot_case"]], bg["month"][bg["slot_case"]]
        first_half = np.bincount(
            slot_brand[(slot_month >= t0 - 12) & (slot_month < t0 - 6)], minlength=self.n_bg_brands
        )
        second_half = np.bincount(slot_brand[(slot_month >= t0 - 6) & (slot_month < t0)], minlength=self.n_bg_brands)
        steady = (first_half + second_half >= SURGE_HISTORY) & (first_half > 0) & (second_half > 0)
        candidates = np.flatnonzero(active_before & active_during & steady)
        candidates = candidates[~np.isin(candidates, self.wave_brands)]
        if len(candidates) == 0:
            return -1
        return int(_rng_choice(self.rng, candidates))

    def _quiet_brand(self, s: int, t0: int, t1: int, used: list[int], most: int = 6, years: int = 1) -> int:
        """A background brand of sector s, active for ``years`` before t0 and through t1, that
        named at most ``most`` members in that time; -1 when there is none."""
        span = 12 * years
        if t0 < span:
            return -1
        bg = self.parts[0]
        active_before = (self.lam[:, max(0, t0 - span) : t0] > 0).all(axis=1)
        active_during = (self.lam[:, t0 : t1 + 1] > 0).all(axis=1)
        candidates = np.flatnonzero((self.brand["top"][: self.n_bg_brands] == s) & active_before & active_during)
        candidates = candidates[~np.isin(candidates, used)]
        if len(candidates) == 0:
            return -1
        slot_brand = bg["brand"][bg["slot_case"]]
        slot_month = bg["month"][bg["slot_case"]]
        recent = (slot_month >= t0 - span) & (slot_month < t0)
        hits = np.bincount(slot_brand[recent], minlength=self.n_bg_brands)[candidates]
        quiet = candidates[hits <= most]
        if len(quiet) == 0:
            return -1
        return int(_rng_choice(self.rng, quiet))

    def _add_planted(self, block: dict[str, np.ndarray], truth_id: str, truth_cases: list[tuple[str, int]]) -> None:
        offset = sum(len(p["brand"]) for p in self.parts)
        self.parts.append(block)
        truth_cases.extend((truth_id, offset + i) for i in range(len(block["brand"])))

    def _plant_cohorts(self, truth: list[dict[str, Any]], truth_cases: list[tuple[str, int]]) -> None:
        rng, n_t = self.rng, self.n_months
        cells = self._cells(minimum=15)
        if not cells or n_t < 6:
            return
        order = rng.permutation(len(cells))
        taken = np.zeros(N_MEMBERS, dtype=bool)
        bg = self.parts[0]
        busy = np.zeros((self.n_bg_brands, n_t), dtype=bool)  # brand-months naming members
        busy[bg["brand"][bg["slot_case"]], bg["month"][bg["slot_case"]]] = True
        for k in range(N_COHORTS):
            c, s = cells[int(order[k % len(cells)])]
            size = int(rng.integers(COHORT_SIZE[0], COHORT_SIZE[1] + 1))
            local = np.flatnonzero((self.m_city == c) & (self.m_top == s) & ~taken)
            near = np.flatnonzero(np.isin(self.m_city, self._neighbours(c)) & (self.m_top == s) & ~taken)
            n_local = min(len(local), max(size - len(near), round(size * rng.uniform(0.7, 1.0))))
            chosen = rng.choice(local, size=n_local, replace=False)
            rest = rng.choice(near, size=min(len(near), size - n_local), replace=False)
            members = np.sort(np.concatenate([chosen, rest]))
            if len(members) < 5:
                continue
            taken[members] = True
            n_cases = int(rng.integers(4, 9))
            span = min(int(rng.integers(18, 31)), n_t - 1)
            first = int(rng.integers(0, max(1, n_t - span)))
            months = np.sort(first + rng.choice(span + 1, size=min(n_cases, span + 1), replace=False))
            brands: list[int] = []
            excluded = np.zeros(self.n_bg_brands, dtype=bool)  # no wave brand, no brand twice
            excluded[[b for b in self.wave_brands if b < self.n_bg_brands]] = True
            for t in months:
                # a brand with no other member named that month, so the case stays <= 11 members
                rate = np.where(excluded | busy[:, t], 0.0, self.lam[:, t])
                pref = np.where(self.brand["top"][: self.n_bg_brands] == s, rate, 0.0)
                weights = pref if pref.sum() > 0 else rate
                if weights.sum() <= 0:
                    weights = (~excluded).astype(float)
                weights = weights**2
                brands.append(int(rng.choice(self.n_bg_brands, p=weights / weights.sum())))
                excluded[brands[-1]] = True
                busy[brands[-1], t] = True
            groups = []
            for _ in months:  # all, or all but one or two (at least 80% of the cohort)
                drop = int(rng.choice([0, 0, 1, 2] if len(members) >= 10 else [0, 0, 1]))
                groups.append(np.sort(rng.choice(members, size=len(members) - drop, replace=False)))
            truth_id = f"C{k + 1}"
            for brand, t, group in zip(brands, months, groups, strict=True):
                block = self._planted_case_block(brand, [int(t)], [group], extra_store=0.0)
                self._add_planted(block, truth_id, truth_cases)
            for m in members:
                truth.append(
                    {
                        "kind": "cohort",
                        "truth_id": truth_id,
                        "brand": None,
                        "start_month": self.month_date[int(months[0])],
                        "end_month": self.month_date[int(months[-1])],
                        "city_code": self.cities[c],
                        "sector_code": TOP_SECTORS[s],
                        "member_id": f"M{int(m) + 1:05d}",
                    }
                )

    # --------------------------------------------------------------------------------------------
    def _assemble_cases(self) -> dict[str, np.ndarray]:
        """All case blocks in one table, ordered by filing day; per-case attributes drawn."""
        rng = self.rng
        sizes = [len(p["brand"]) for p in self.parts]
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        cat = {key: np.concatenate([p[key] for p in self.parts]) for key in ("brand", "month", "kind", "n_def", "k_bg")}
        slot_case = np.concatenate([p["slot_case"] + o for p, o in zip(self.parts, offsets, strict=True)])
        slot_store = np.concatenate([p["slot_store"] for p in self.parts])
        forced_case = np.concatenate([p["forced_case"] + o for p, o in zip(self.parts, offsets, strict=True)])
        forced_store = np.concatenate([p["forced_store"] for p in self.parts])
        n = len(cat["brand"])
        forced_per_case = np.bincount(forced_case, minlength=n)
        planted = np.concatenate(
            [np.full(size, bool(p.get("planted", False))) for p, size in zip(self.parts, sizes, strict=True)]
        )
        # background cases: n_def = k_bg member slots + non-members; planted: forced + non-members
        n_nonmember = cat["n_def"] - cat["k_bg"] - forced_per_case

        # filing day: a weekday of the month
        days_in = np.diff(self.month_day)[cat["month"]]
        day = self.month_day[cat["month"]] + np.minimum((rng.random(n) * days_in).astype(np.int64), days_in - 1)
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        shift = np.where(weekday == 5, -1, np.where(weekday == 6, -2, 0))
        shifted = day + shift
        day = np.where(shifted >= self.month_day[cat["month"]], shifted, day + np.where(weekday == 6, 1, 2))
        order = np.lexsort((rng.random(n), day))
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.arange(n)
        self.case_remap = inverse

        kind = cat["kind"][order]
        court = np.zeros(n, dtype=np.int64)
        for k, (courts, weights) in KIND_COURTS.items():
            at = kind == k
            choice = rng.choice(len(courts), size=int(at.sum()), p=_norm(weights))
            court[at] = np.array([COURTS.index(x) for x in courts])[choice]
        planted_sorted = planted[order]
        ilnd = rng.random(n) < 0.85
        court = np.where(planted_sorted, np.where(ilnd, COURTS.index("ilnd"), COURTS.index("flsd")), court)
        brand = cat["brand"][order]
        pref = self.brand["ip"][brand]
        ip = np.where(rng.random(n) < 0.88, pref, rng.choice(len(IP_TYPES), size=n, p=IP_WEIGHT))
        return {
            "brand": brand,
            "month": cat["month"][order],
            "kind": kind,
            "court": court,
            "ip": ip,
            "filed": day[order],
            "n_nonmember": n_nonmember[order],
            "k_bg": cat["k_bg"][order],
            "planted": planted_sorted,
            "slot_case": inverse[slot_case],
            "slot_store": slot_store,
            "forced_case": inverse[forced_case],
            "forced_store": forced_store,
        }

    # --------------------------------------------------------------------------------------------
    def _defendant_slots(self, cases: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Every defendant row (case, store), de-duplicated, in a random order within its case."""
        rng = self.rng
        n_cases = len(cases["brand"])
        nm_case = np.repeat(np.arange(n_cases), cases["n_nonmember"])
        top = self.brand["top"][cases["brand"][nm_case]]
        in_sector = (rng.random(len(nm_case)) < 0.75) & (self.nm_sector_count[top] > 0)
        pos = _pick_in_ranges(rng, self.nm_sector_start[top], self.nm_sector_count[top], power=1.6)
        anywhere = rng.integers(0, self.n_pool, len(nm_case))
        nm_store = self.n_member_stores + np.where(in_sector, pos, anywhere)
        case = np.concatenate([cases["slot_case"], cases["forced_case"], nm_case])
        store = np.concatenate([cases["slot_store"], cases["forced_store"], nm_store])
        del nm_case, top, in_sector, pos, anywhere, nm_store
        total_stores = self.n_member_stores + self.n_pool
        shuffle = rng.permutation(total_stores)  # random order of stores inside a case
        key = case.astype(np.int64) * total_stores + shuffle[store]
        order = np.argsort(key, kind="stable")
        key = key[order]
        keep = _group_starts(key)
        order = order[keep]
        case = case[order]
        store = store[order]
        first = _group_starts(case)
        start_pos = np.flatnonzero(first)
        count = np.diff(np.append(start_pos, len(case)))
        defendant_no = np.arange(len(case)) - np.repeat(start_pos, count) + 1
        if len(start_pos) != n_cases:
            raise RuntimeError("every case must keep at least one defendant")
        cases["first_store"] = store[start_pos]
        cases["n_rows"] = count
        cases["row_start"] = start_pos
        return {
            "case": case.astype(np.int32),
            "defendant_no": defendant_no.astype(np.int32),
            "store": store,
            "member": store < self.n_member_stores,
        }

    # --------------------------------------------------------------------------------------------
    def _outcomes(self, cases: dict[str, np.ndarray], rows: dict[str, np.ndarray]) -> None:
        """Docket milestones per case and each defendant's fate, censored at the data cut-off."""
        rng, cutoff = self.rng, self.cutoff
        n = len(cases["brand"])
        kind, filed = cases["kind"], cases["filed"]
        has_tro = np.where(kind == 0, rng.random(n) < 0.97, (kind == 1) & (rng.random(n) < 0.3))
        has_pi = has_tro & (rng.random(n) < np.where(kind == 0, 0.93, 0.6))
        tro_off = _lognormal_int(rng, 11.0, 0.35, n, 2, 45)
        pi_off = tro_off + _lognormal_int(rng, 30.0, 0.30, n, 10, 150)
        base = np.where(has_pi, pi_off, np.where(has_tro, tro_off, 0))
        dj_gap = np.where(
            kind == 0,
            _lognormal_int(rng, 62.0, 0.40, n, 20, 400),
            np.where(
                kind == 1, _lognormal_int(rng, 200.0, 0.50, n, 30, 900), _lognormal_int(rng, 60.0, 0.50, n, 7, 365)
            ),
        )
        dj_off = base + dj_gap
        tro_day, pi_day, dj_day = filed + tro_off, filed + pi_off, filed + dj_off

        ci = rows["case"]
        m = len(ci)
        group = np.where(kind[ci] == 0, rows["member"].astype(np.int64), np.where(kind[ci] == 1, 2, 3))
        fate = _choice_by_group(rng, group, FATE_P)  # 0 dj, 1 settled, 2 dismissed, 3 won
        lo = filed[ci] + np.where(has_tro[ci], tro_off[ci] + 2, 10)
        hi = np.maximum(dj_day[ci] - 1, lo)
        early = lo + np.minimum((rng.random(m) * (hi - lo + 1)).astype(np.int64), hi - lo)
        res = np.where((fate == 1) | (fate == 2), early, dj_day[ci])
        del lo, hi, early
        resolved = res <= cutoff
        open_stage = np.where(
            has_pi[ci] & (pi_day[ci] <= cutoff), 2, np.where(has_tro[ci] & (tro_day[ci] <= cutoff), 1, 0)
        )
        outcome = np.where(resolved, np.array([3, 4, 5, 6])[fate], open_stage).astype(np.int8)

        # close: after every resolution and every milestone of the case
        last = np.maximum.reduceat(res, cases["row_start"])
        last = np.maximum(last, np.where(has_pi, pi_day, np.where(has_tro, tro_day, filed)))
        close = last + _lognormal_int(rng, 45.0, 0.7, n, 1, 500)
        has_dj = np.bincount(ci, weights=(fate == 0), minlength=n) > 0

        frozen_known = has_tro[ci] & (tro_day[ci] <= cutoff)
        frozen = np.where(frozen_known, np.round(rng.lognormal(math.log(1500), 1.5, m), 2), np.nan)
        settle = np.clip(np.round(rng.lognormal(math.log(6000), 0.6, m) / 100) * 100, 2000, 30000)
        settlement = np.where(outcome == 4, settle, np.nan)
        pick = rng.choice(len(JUDGMENT_P), size=m, p=JUDGMENT_P)
        free = np.clip(np.round(rng.lognormal(math.log(20000), 1.0, m), -2), 1000, 2_000_000)
        award = np.where(pick < len(JUDGMENT_FIXED), JUDGMENT_FIXED[np.minimum(pick, len(JUDGMENT_FIXED) - 1)], free)
        judgment = np.where(outcome == 3, award, np.nan)
        appeared = np.where(resolved, (fate >= 1), rng.random(m) < 0.08)

        rows.update(
            {
                "outcome": outcome,
                "frozen": frozen,
                "settlement": settlement,
                "judgment": judgment,
                "appeared": appeared,
                "fate": fate,
                "res": res,
            }
        )
        cases.update(
            {
                "has_tro": has_tro & (tro_day <= cutoff),
                "tro": tro_day,
                "has_pi": has_pi & (pi_day <= cutoff),
                "pi": pi_day,
                "has_dj": has_dj & (dj_day <= cutoff),
                "dj": dj_day,
                "closed": np.where(close <= cutoff, close, -1),
            }
        )

    def _events(self, cases: dict[str, np.ndarray], rows: dict[str, np.ndarray]) -> pd.DataFrame:
        n = len(cases["brand"])
        idx = np.arange(n)
        parts = [(idx, cases["filed"], 0)]
        for flag, day, kind in (("has_tro", "tro", 1), ("has_pi", "pi", 2), ("has_dj", "dj", 3)):
            at = cases[flag]
            parts.append((idx[at], cases[day][at], kind))
        at = cases["closed"] >= 0
        parts.append((idx[at], cases["closed"][at], 6))
        frames = [
            pd.DataFrame(
                {
                    "case_idx": c.astype(np.int32),
                    "day": d.astype(np.int32),
                    "kind_i": np.full(len(c), k, dtype=np.int8),
                    "defendant_no": np.full(len(c), -1, dtype=np.int32),
                }
            )
            for c, d, k in parts
        ]
        per_row = (rows["outcome"] == 4) | (rows["outcome"] == 5)
        frames.append(
            pd.DataFrame(
                {
                    "case_idx": rows["case"][per_row],
                    "day": rows["res"][per_row].astype(np.int32),
                    "kind_i": np.where(rows["outcome"][per_row] == 4, 4, 5).astype(np.int8),
                    "defendant_no": rows["defendant_no"][per_row],
                }
            )
        )
        return pd.concat(frames, ignore_index=True)

    def _dockets(self, cases: dict[str, np.ndarray]) -> None:
        """Docket sequence numbers, increasing with filing date within court and year."""
        rng = self.rng
        n = len(cases["brand"])
        year = FIRST_MONTH.year + cases["month"] // 12
        gaps = rng.integers(1, 4, n)
        order = np.lexsort((np.arange(n), year, cases["court"]))
        seq_year = np.empty(n, dtype=np.int64)
        seq_year[order] = _running_count((cases["court"] * 10000 + year)[order], gaps[order])
        order = np.lexsort((np.arange(n), cases["court"]))
        seq_all = np.empty(n, dtype=np.int64)
        seq_all[order] = _running_count(cases["court"][order], gaps[order])
        cases["seq_year"] = seq_year
        cases["seq_all"] = seq_all
        cases["port"] = rng.choice([2704, 3901, 4601, 2809, 5301], size=n)


def _norm(weights: Any) -> np.ndarray:
    w = np.asarray(weights, float)
    normed: np.ndarray = w / w.sum()
    return normed


def _rng_choice(rng: np.random.Generator, values: np.ndarray) -> Any:
    return values[int(rng.integers(0, len(values)))]


# ================================================================================================
# loading into DuckDB
# ================================================================================================


def _write(con: Any, data: dict[str, Any], seed: int) -> None:
    """Insert every table (inside the caller's transaction) from registered frames; record keys
    from ``seed``."""
    gen_lists = data["brands"]
    members = data["members"]
    con.register("demo_member_src", members)
    con.execute(load_sql("demo/insert_members"), {"seed": seed})
    con.register("demo_store_src", data["store_src"])
    con.execute(
        load_sql("demo/stores"),
        {
            "platforms": list(PLATFORMS),
            "pre": list(STORE_PRE),
            "suf": list(STORE_SUF),
            "words": list(STORE_WORDS),
            "py": [p for _, p in ZH_SYLLABLES],
            "city_py": list(STORE_CITY_PY),
            "cities": data["store_city_codes"],
            "districts": data["district_codes"],
            "sectors": data["sector_codes"],
        },
    )
    con.execute(load_sql("demo/insert_member_stores"))

    cases = data["cases"]
    n = len(cases["brand"])
    case_src = pd.DataFrame(
        {
            "case_idx": np.arange(n, dtype=np.int32),
            "brand_i": cases["brand"].astype(np.int32),
            "court_i": cases["court"].astype(np.int16),
            "office": COURT_OFFICE[cases["court"]].astype(np.int16),
            "kind_i": cases["kind"].astype(np.int8),
            "ip_i": cases["ip"].astype(np.int8),
            "filed_day": cases["filed"].astype(np.int32),
            "closed_day": cases["closed"].astype(np.int32),
            "seq_year": cases["seq_year"].astype(np.int32),
            "seq_all": cases["seq_all"].astype(np.int32),
            "port": cases["port"].astype(np.int16),
            "first_store": cases["first_store"].astype(np.int64),
        }
    )
    con.register("demo_case_src", case_src)
    con.execute(
        load_sql("demo/cases"),
        {
            "brands": gen_lists["brands"],
            "plaintiffs": gen_lists["plaintiffs"],
            "firms": gen_lists["brand_firms"],
            "brand_sectors": gen_lists["brand_sectors"],
            "courts": list(COURTS),
            "kinds": list(KINDS),
            "ips": list(IP_TYPES),
        },
    )
    con.execute(load_sql("demo/insert_cases"))

    rows = data["rows"]
    con.register(
        "demo_defendant_src",
        pd.DataFrame(
            {
                "case_idx": rows["case"],
                "defendant_no": rows["defendant_no"],
                "store_idx": rows["store"].astype(np.int64),
                "outcome_i": rows["outcome"],
                "frozen_usd": rows["frozen"],
                "settlement_usd": rows["settlement"],
                "judgment_usd": rows["judgment"],
                "appeared": rows["appeared"],
            }
        ),
    )
    con.execute(load_sql("demo/insert_defendants"), {"outcomes": list(OUTCOMES), "seed": seed})
    con.register("demo_event_src", data["events"])
    con.execute(load_sql("demo/insert_events"), {"kinds": list(EVENT_KINDS)})

    con.execute(load_sql("demo/truth_create"))
    con.execute(load_sql("demo/truth_cases_create"))
    columns = ("kind", "truth_id", "shape", "entity_kind", "entity", "brand", "city_code", "sector_code", "member_id")
    truth = pd.DataFrame({c: pd.Series([r.get(c) for r in data["truth"]], dtype=object) for c in columns})
    for column in ("start_month", "end_month", "sued_month"):
        days = [(r.get(column, r["start_month"]) - EPOCH).days for r in data["truth"]]
        truth[column.replace("month", "day")] = np.array(days, dtype=np.int32)
    con.register("demo_truth_src", truth)
    con.execute(load_sql("demo/insert_truth"))
    truth_cases = pd.DataFrame(data["truth_cases"], columns=["truth_id", "case_idx"])
    con.register("demo_truth_cases_src", truth_cases)
    con.execute(load_sql("demo/insert_truth_cases"))
    for name in (
        "demo_member_src",
        "demo_store_src",
        "demo_case_src",
        "demo_defendant_src",
        "demo_event_src",
        "demo_truth_src",
        "demo_truth_cases_src",
    ):
        con.unregister(name)
    con.execute(load_sql("demo/drop_temp_cases"))
    con.execute(load_sql("demo/drop_temp_stores"))
