"""Calibration of the demo data: the period, volumes, weights and planted sizes.

The shares follow docs FACTS.md (where members are, which courts hear which kinds of case, how
cases end); the planted sizes keep background activity, cohorts and waves in separate bands so the
detectors of docs METHODS.md can tell them apart.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

FIRST_MONTH = dt.date(2019, 1, 1)
EPOCH = dt.date(1970, 1, 1)
N_MEMBERS = 2000
ROWS_PER_SCALE = 150_000  # defendant rows at scale 1 for data through October 2026
REFERENCE_MONTHS = 94  # January 2019 .. October 2026: the period ROWS_PER_SCALE refers to
MEAN_ROWS_PER_CASE = 33.0  # expected defendants per background case (all kinds mixed)
BRANDS_AT_SCALE_1 = 300  # brands scale with the data, so per-brand activity stays about the same ...
MAX_BRANDS = 25_000  # ... up to this many (beyond it, brands just file more)
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

# store-name templates (queries/demo/stores.sql): 0-3 use the member's trade name
MEMBER_FIRST_TEMPLATES = np.array([0, 1, 2, 3])
OTHER_TEMPLATES = np.arange(4, 15)
OTHER_TEMPLATE_WEIGHT = np.array([0.12, 0.10, 0.06, 0.06, 0.06, 0.08, 0.10, 0.07, 0.15, 0.08, 0.12])
