"""Defendant stores -> association members, each link with its method and score.

Order of evidence: the same seller id (on the same platform) -> the same normalised name (case,
full/half width, punctuation, symbols, emoji and underscores ignored; suffixes such as Co., Ltd /
有限公司 / Store / Official dropped) -> the same trade-name core (places and trade words dropped;
Chinese turned into pinyin, so "深圳市甲乙电子商务有限公司" meets "Shenzhen Jiayi E-commerce Co.,
Ltd.") -> rapidfuzz similarity. Links at or above AUTO_ACCEPT count at once; those between REVIEW
and AUTO_ACCEPT wait for an analyst, whose decisions are stored per store identity (platform +
seller id or name key) and member, so they survive later imports.

What the keys and scores hold to:
- Store suffixes (Store, Official Store, Shop, Direct, Mall, Outlet, Home, -US, 旗舰店, 店 ...:
  data/name_suffixes.csv) are dropped: marketplaces and Schedule A lists add and change them
  freely, so "Jiayi Home" is the member's "JiaYi Direct" (issue 24).
- A member's city (from the register) holds for every name of the member: a store name or alias
  that gives no city of its own conflicts with a company in another city as the member's company
  names do ("Dongguan Jiayi E-commerce" is not the Shenzhen member through its alias "甲乙电商").
- Traditional characters are simplified character by character before anything else
  (data/t2s_characters.csv, made from OpenCC's table by scripts/make_t2s_characters.py), so
  "深圳市甲乙電子商務有限公司" meets "深圳市甲乙电子商务有限公司"; OpenCC's phrase rules are not applied.

Name keys are computed by the SQL macros of queries/ingest/macros.sql (one definition for the
bulk path and for this module); scoring is Python (``score_pair``). When the macros, the suffixes
or RULES_VERSION change, the next import re-keys the stored subjects and decisions and matches
every defendant again (``rules_outdated``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import pandas as pd
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from casewatch.db import Cursor, Database, register_text_function
from casewatch.facts import bump_data_version, meta, set_meta
from casewatch.sql import ROOT, load_sql

AUTO_ACCEPT = 0.94
REVIEW = 0.85
# bump when the scoring rules change: links stored under older rules are then matched again
RULES_VERSION = 2
RULES_META = "matching_rules_sha"

# Places that lead a company name besides the reference cities and districts.
EXTRA_PLACES = {
    "广东省": "440000", "广东": "440000", "guangdongsheng": "440000", "guangdong": "440000",
    "中国": "", "china": "", "香港": "810000", "hongkong": "810000",
    "义乌": "330000", "yiwu": "330000", "杭州": "330000", "hangzhou": "330000", "宁波": "330000", "ningbo": "330000",
    "温州": "330000", "wenzhou": "330000", "金华": "330000", "jinhua": "330000", "浙江": "330000", "zhejiang": "330000",
    "厦门": "350000", "xiamen": "350000", "泉州": "350000", "quanzhou": "350000", "福建": "350000", "fujian": "350000",
    "苏州": "320000", "suzhou": "320000", "江苏": "320000", "jiangsu": "320000",
    "上海": "310000", "shanghai": "310000", "北京": "110000", "beijing": "110000",
}  # fmt: skip
# Trade words that trail a company name, each with a canonical word so that Chinese, pinyin and
# English spellings compare ("电子商务" = "dianzishangwu" = "ecommerce").
TRADE_WORDS = {
    "ecommerce": ("电子商务", "电商", "dianzishangwu", "dianshang", "ecommerce"),
    "network": ("网络科技", "网络", "wangluo", "network"),
    "tech": ("电子科技", "信息科技", "智能科技", "科技", "keji", "technologies", "technology", "tech"),
    "trading": ("进出口贸易", "国际贸易", "贸易", "商贸", "maoyi", "shangmao", "trading", "trade"),
    "importexport": ("进出口", "jinchukou", "importexport", "impexp"),
    "industrial": ("实业", "shiye", "industrial", "industries", "industry"),
    "electronics": ("电子", "dianzi", "electronics", "electronic"),
    "lighting": ("照明", "灯饰", "zhaoming", "dengshi", "lighting", "lights"),
    "apparel": ("服饰", "服装", "fushi", "fuzhuang", "apparel", "garments", "garment", "clothing", "fashion"),
    "shoes": ("鞋业", "xieye", "shoes", "footwear"),
    "toys": ("玩具", "wanju", "toys", "toy"),
    "home": ("家居", "jiaju", "homeware", "houseware", "household", "home"),
    "products": ("日用品", "用品", "制品", "yongpin", "zhipin", "products", "product"),
    "crafts": ("工艺品", "礼品", "gongyipin", "lipin", "crafts", "gifts"),
    "bags": ("箱包", "皮具", "xiangbao", "piju", "bags", "leather"),
    "culture": ("文化传媒", "文化", "传媒", "wenhua", "chuanmei", "culture", "media"),
    "supplychain": ("供应链", "gongyinglian", "supplychain"),
    "hardware": ("五金", "wujin", "hardware"),
    "appliances": ("电器", "dianqi", "appliances"),
    "international": ("国际", "guoji", "international", "intl"),
    "group": ("集团", "jituan", "group"),
    "development": ("发展", "fazhan", "development"),
    "manufacturing": ("制造", "zhizao", "manufacturing", "manufacture", "mfg"),
}
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class NameKeys:
    """A name's matching keys: ``key`` (normalised), ``core`` (trade name, pinyin when Chinese),
    ``core_han`` (the Chinese core, if any), ``place`` (a city/province code or ''), ``trades``
    and ``plain`` (the whole name in lower-case letters, digits and Chinese characters, suffixes
    kept: a typo in "Co., Ltd" stops the suffix from being dropped, but not this from agreeing).
    All come from the SQL macros."""

    name: str
    key: str
    core: str
    core_han: str
    place: str
    trades: frozenset[str]
    plain: str

    # cached: scoring reads these for every candidate pair, and pinyin is slow
    @cached_property
    def latin_key(self) -> str:
        return pinyin(self.key) if _HAN.search(self.key) else self.key


SUFFIXES_FILE = ROOT / "data" / "name_suffixes.csv"
# the key macro has turned every run of punctuation into one space before suffixes are matched
_SEPARATORS = r"\s*"


@lru_cache(maxsize=1)
def suffix_patterns() -> dict[str, str]:
    """The regular expressions of the legal and store suffixes a name key drops, from
    data/name_suffixes.csv (en: whole words at the end of a name's words; zh: Chinese suffixes and
    their pinyin, at the end of the key, so that run-together pinyin loses "youxiangongsi" too);
    longest first, so "official store" goes before "store"."""
    with SUFFIXES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def ordered(*langs: str) -> list[str]:
        chosen = {r["suffix"].strip().lower() for r in rows if r["lang"] in langs}
        return sorted(chosen, key=lambda s: (-len(s), s))

    words = (_SEPARATORS.join(re.escape(word) for word in suffix.split()) for suffix in ordered("en"))
    return {
        "en": rf"(\b({'|'.join(words)}){_SEPARATORS})+$",
        "zh": f"({'|'.join(re.escape(s) for s in ordered('zh', 'pinyin'))})+$",
    }


SIMPLIFIED_FILE = ROOT / "data" / "t2s_characters.csv"


@lru_cache(maxsize=1)
def simplified_characters() -> dict[str, str]:
    """The Traditional characters name keys simplify and the Simplified ones they become (two
    strings of equal length), from data/t2s_characters.csv."""
    with SIMPLIFIED_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "traditional": "".join(row["traditional"] for row in rows),
        "simplified": "".join(row["simplified"] for row in rows),
    }


@lru_cache(maxsize=1)
def _simplifying() -> dict[int, int]:
    table = simplified_characters()
    return str.maketrans(table["traditional"], table["simplified"])


def simplified(text: str) -> str:
    """``text`` with its Traditional characters Simplified, character by character."""
    return text.translate(_simplifying())


def prepare_name_keys(con: Cursor) -> None:
    """Makes the name-key macros of queries/ingest/macros.sql on ``con``, with what they read: the
    function intake_t2s that simplifies a name holding Traditional characters (registered first:
    a macro binds the functions it calls; DuckDB's own translate takes about 175 us a name with a
    table of 4,218 characters, this a few microseconds), the suffix expressions and the class of the
    Traditional characters."""
    register_text_function(con, "intake_t2s", simplified)
    con.execute(load_sql("ingest/macros"))
    traditional = "[" + simplified_characters()["traditional"] + "]"
    con.execute(load_sql("ingest/name_suffixes"), {**suffix_patterns(), "traditional": traditional})


@lru_cache(maxsize=1 << 16)
def pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


@dataclass(frozen=True)
class Patterns:
    """The lead (places) and trail (trade words) regular expressions and their lookups."""

    lead_re: str
    trail_re: str
    places: dict[str, str]
    trades: dict[str, str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w)


def patterns_from(cities: list[tuple[str, str, str]], districts: list[tuple[str, str, str]]) -> Patterns:
    """Patterns from reference rows (code, name_zh, name_en) of cities and districts."""
    places: dict[str, str] = dict(EXTRA_PLACES)
    for code, name_zh, name_en in [*cities, *districts]:
        city = code[:4] + "00" if len(code) == 6 else code
        zh = re.sub(r"[(（].*?[)）]", "", name_zh or "")
        en = re.sub(r"[^a-z]", "", re.sub(r"\(.*?\)", "", (name_en or "").lower()))
        for spelling in (zh, zh + "市", zh + "区", en, en + "shi", en + "district", en + "dist"):
            if len(spelling) >= 2 and spelling not in places and spelling not in ("other", "otherprovinces"):
                places[spelling] = city
    trades = {spelling: canon for canon, spellings in TRADE_WORDS.items() for spelling in spellings}
    return Patterns(
        lead_re=f"^({_alternation(places)})+",
        trail_re=f"({_alternation(trades)})+$",
        places=places,
        trades=trades,
    )


def patterns_of(con: Cursor) -> Patterns:
    cities = [tuple(map(str, r)) for r in con.execute(load_sql("matching/city_names")).fetchall()]
    districts = [tuple(map(str, r)) for r in con.execute(load_sql("matching/district_names")).fetchall()]
    return patterns_from(cities, districts)  # type: ignore[arg-type]


@lru_cache(maxsize=8)
def _words(pattern: str) -> re.Pattern[str]:
    """The alternation inside a lead or trail pattern, compiled once (they are long)."""
    return re.compile(pattern.strip("^$+").removeprefix("(").removesuffix(")"))


def _split(text: str, lookup: dict[str, str], pattern: str) -> list[str]:
    """Canonical values of the words of ``pattern`` found back to back in ``text``."""
    return [lookup.get(m.group(0), "") for m in _words(pattern).finditer(text or "")] if text else []


def keys_from_row(row: tuple[Any, ...], patterns: Patterns) -> NameKeys:
    """NameKeys from a (name, key, place, core, trade, plain) row of matching/name_keys."""
    name, key, place, core, trade, plain = (str(v) if v is not None else "" for v in row)
    places = [p for p in _split(place, patterns.places, patterns.lead_re) if p]
    trades = frozenset(t for t in _split(trade, patterns.trades, patterns.trail_re) if t)
    core_han = core if _HAN.search(core) else ""
    return NameKeys(
        name=name,
        key=key,
        core=pinyin(core) if core_han else core,
        core_han=core_han,
        place=places[-1] if places else "",
        trades=trades,
        plain=plain,
    )


def name_keys(con: Cursor, names: list[str], patterns: Patterns | None = None) -> list[NameKeys]:
    """Keys of each distinct name (the cursor needs prepare_name_keys run on it)."""
    patterns = patterns or patterns_of(con)
    rows = con.execute(
        load_sql("matching/name_keys"), {"names": names, "lead_re": patterns.lead_re, "trail_re": patterns.trail_re}
    ).fetchall()
    return [keys_from_row(row, patterns) for row in rows]


def _compatible(a: str, b: str) -> bool:
    # a province code ("440000") agrees with any city of that province
    return not a or not b or a == b or ((min(a, b).endswith("0000") or max(a, b).endswith("0000")) and a[:2] == b[:2])


def score_pair(a: NameKeys, b: NameKeys, b_city: str = "") -> tuple[str, float]:
    """(method, score in 0..1) for two names; ('none', 0) when they have nothing in common.
    ``b_city``: the city of the member ``b`` names, which stands for ``b``'s place where ``b``
    names none when places are checked for a conflict."""
    if not a.key or not b.key:
        return ("none", 0.0)
    if a.key == b.key:
        return ("name", 1.0)
    agree = _compatible(a.place, b.place or b_city) and (not a.trades or not b.trades or bool(a.trades & b.trades))
    if a.core_han and b.core_han:
        # both Chinese: the characters decide (佳艺 and 甲乙 share a pinyin, not a company)
        if a.core_han == b.core_han and len(a.core_han) >= 2:
            return ("core", 0.96 if agree else 0.86)
    elif a.core and a.core == b.core and len(a.core) >= 4:
        # a bare trade name ("jiayi-store") says less than one with its city or trade around it
        bare = not (a.place or a.trades) or not (b.place or b.trades)
        return ("core", 0.84 if not agree else 0.90 if bare else 0.95)
    if a.core_han and b.core_han:
        ratio = fuzz.ratio(a.key, b.key) / 100
    else:
        ratio = max(fuzz.ratio(a.latin_key, b.latin_key), fuzz.ratio(a.plain, b.plain)) / 100
        if min(len(a.core), len(b.core)) >= 6:
            ratio = max(ratio, fuzz.ratio(a.core, b.core) / 100 * (1.0 if agree else 0.9))
        if (a.place or a.trades) and (a.place, a.trades) == (b.place, b.trades) and min(len(a.core), len(b.core)) >= 4:
            # the same city and trade words around two trade names ("Shenzhen Lanle Supply Chain" and
            # "Shenzhen Lianle Supply Chain"): the trade names decide, not the words they share
            # decide: a near miss (one letter in a short name) is as often another company as a
            # typo, so it waits for review rather than linking on its own
            core_ratio = fuzz.ratio(a.core, b.core) / 100
            adjusted = core_ratio * (0.9 if min(len(a.core), len(b.core)) < 6 else 1.0)
            ratio = min(
                ratio, adjusted if adjusted >= AUTO_ACCEPT else max(adjusted, min(core_ratio, AUTO_ACCEPT - 0.01))
            )
    # one edit in a short name is a different name as often as a typo
    if min(len(a.latin_key), len(b.latin_key)) < 8:
        ratio *= 0.9
    return ("fuzzy", round(ratio, 4))


@dataclass(frozen=True)
class Candidate:
    member_id: str
    method: str
    score: float
    via: str = ""  # the member's name (company, store or alias) that matched


def decide_statuses(candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """Statuses for one store's candidates: the best is 'auto' when at or above AUTO_ACCEPT and
    no other member ties it (then the rest are dropped); otherwise up to three at or above
    REVIEW wait for review."""
    kept = sorted((c for c in candidates if c.score >= REVIEW), key=lambda c: (-c.score, c.member_id))
    if not kept:
        return []
    best = kept[0]
    tied = len(kept) > 1 and kept[1].score >= best.score - 0.005
    if best.score >= AUTO_ACCEPT and not tied:
        return [(best, "auto")]
    return [(c, "review") for c in kept[:3]]


def _member_frame(con: Cursor, patterns: Patterns) -> tuple[pd.DataFrame, dict[str, NameKeys]]:
    names = con.execute(load_sql("matching/member_names")).fetchall()
    keys = {k.name: k for k in name_keys(con, sorted({str(n) for _, n, _, _ in names}), patterns)}
    rows = [
        (
            member_id,
            name,
            keys[name].key,
            keys[name].core,
            keys[name].place,
            ",".join(sorted(keys[name].trades)),
            bool(company),
            city_code or "",
        )
        for member_id, name, company, city_code in names
        if name in keys and keys[name].key
    ]
    columns = ["member_id", "name", "key", "core_latin", "place_code", "trades", "company", "member_city"]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame, keys


def rules_sha() -> str:
    """A digest of what links depend on besides the data: the key macros, the suffixes, the rules."""
    text = json.dumps(
        [RULES_VERSION, suffix_patterns(), simplified_characters(), load_sql("ingest/macros")], ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rules_outdated(con: Cursor) -> bool:
    """True when the stored links were made with other name keys or rules than these (an upgraded
    database): their subjects need re-keying and every defendant matching again."""
    if meta(con, RULES_META) == rules_sha():
        return False
    row = con.execute(load_sql("matching/has_links")).fetchone()
    return bool(row and row[0])


def match_touched(con: Cursor, everything: bool = False) -> dict[str, int]:
    """Links the defendants the current import wrote (all defendants when ``everything``: after
    the member register or the rules changed) to members; returns counts of links by status.
    Stored subjects and decisions made with older name keys are re-keyed first."""
    outdated = rules_outdated(con)
    if outdated:
        con.execute(load_sql("matching/rekey"))
    patterns = patterns_of(con)
    con.execute(load_sql("matching/targets"), {"everything": everything})
    con.execute(load_sql("matching/identities"), {"lead_re": patterns.lead_re, "trail_re": patterns.trail_re})
    con.execute(load_sql("matching/given_links"))
    member_frame, member_keys = _member_frame(con, patterns)
    con.register("match_member_frame", member_frame)
    try:
        con.execute(load_sql("matching/member_keys_stage"))
    finally:
        con.unregister("match_member_frame")
    con.execute(load_sql("matching/seller_stage"))
    targets = con.execute(
        load_sql("matching/target_names"), {"lead_re": patterns.lead_re, "trail_re": patterns.trail_re}
    ).fetchall()
    listed: dict[str, set[str | None]] = {}
    for name, platform in con.execute(load_sql("matching/target_platforms")).fetchall():
        listed.setdefault(str(name), set()).add(platform)
    store_platforms: dict[tuple[str, str], set[str | None]] = {}
    for member_id, name, platform in con.execute(load_sql("matching/member_store_platforms")).fetchall():
        store_platforms.setdefault((str(member_id), str(name)), set()).add(platform)
    pairs = score_targets(
        [keys_from_row(row, patterns) for row in targets], member_frame, member_keys, listed, store_platforms
    )
    columns = ["name", "platform", "member_id", "method", "score", "status", "via"]
    con.register("match_pairs", pd.DataFrame(pairs, columns=columns))
    try:
        con.execute(load_sql("matching/found_stage"))
    finally:
        con.unregister("match_pairs")
    con.execute(load_sql("matching/write_links"))
    con.execute(load_sql("matching/apply_links"))
    row = con.execute(load_sql("matching/summary")).fetchone()
    if everything or not outdated:
        set_meta(con, RULES_META, rules_sha())
    return dict(zip(("auto", "review", "accepted", "rejected"), (int(v) for v in row or (0, 0, 0, 0)), strict=True))


# how a candidate's matched name agrees with the platform a defendant store is listed on: a store
# of the member on that platform (or one the register gives no platform), a company name (good on
# every platform), or only stores on other platforms
SAME_PLATFORM, ANY_PLATFORM, OTHER_PLATFORM = 2, 1, 0


def platform_agreement(
    member_id: str,
    via: str,
    platform: str | None,
    store_platforms: dict[tuple[str, str], set[str | None]],
    company: bool,
) -> int:
    """SAME_PLATFORM, ANY_PLATFORM or OTHER_PLATFORM for a candidate matched through ``via``."""
    registered = store_platforms.get((member_id, via), set())
    if platform is None:
        return ANY_PLATFORM
    if platform in registered or None in registered:
        return SAME_PLATFORM
    return ANY_PLATFORM if company or not registered else OTHER_PLATFORM


def score_targets(
    targets: list[NameKeys],
    member_frame: pd.DataFrame,
    member_keys: dict[str, NameKeys],
    listed: dict[str, set[str | None]] | None = None,
    store_platforms: dict[tuple[str, str], set[str | None]] | None = None,
) -> list[tuple[str, str | None, str, str, float, str, str]]:
    """(store name, platform, member_id, method, score, status, member name matched) for the
    scored candidates of each name on each platform it is listed on (``listed``; None: unknown).

    Candidates: member names with the same key or core, and, for fuzzy scoring, the best few of
    the member names whose core shares its first or last four letters (rapidfuzz picks them in
    C++ before the full score is computed for each). The platform is evidence: where some
    candidates matched a store of theirs on the defendant's platform, those matched only through
    stores on other platforms drop out (several members sell a "Lumoma" store, each on its own
    marketplace). A name in Chinese characters is not linked by pinyin to a member whose own
    Chinese name has other characters (佳艺 is not 甲乙, though both are "jiayi")."""
    listed = listed or {}
    store_platforms = store_platforms or {}
    by_key: dict[str, set[str]] = {}
    by_core: dict[str, set[str]] = {}
    blocks: dict[str, set[str]] = {}
    for name, key, core in member_frame[["name", "key", "core_latin"]].itertuples(index=False, name=None):
        by_key.setdefault(key, set()).add(name)
        if core and len(core) >= 4:
            by_core.setdefault(core, set()).add(name)
        if core and len(core) >= 5:
            blocks.setdefault("<" + core[:4], set()).add(name)
            blocks.setdefault(">" + core[-4:], set()).add(name)
    block_lists = {block: sorted(names) for block, names in blocks.items()}
    block_keys = {block: [member_keys[n].latin_key for n in names] for block, names in block_lists.items()}
    members_of: dict[str, set[str]] = {}
    companies: set[tuple[str, str]] = set()  # (member_id, name) where the name is the member's company name
    han_cores: dict[str, set[str]] = {}  # member_id -> the Chinese cores of its company names
    # member_id -> the member's city: a name of the member that gives no city (a store, an alias)
    # is still that member's, and conflicts with another city as its company names do
    city_of: dict[str, str] = {}
    if "member_city" in member_frame:
        city_of = {str(m): str(c) for m, c in member_frame[["member_id", "member_city"]].itertuples(index=False) if c}
    for member_id, name, company in member_frame[["member_id", "name", "company"]].itertuples(index=False, name=None):
        members_of.setdefault(name, set()).add(member_id)
        if company:
            companies.add((member_id, name))
            if member_keys[name].core_han:
                han_cores.setdefault(member_id, set()).add(member_keys[name].core_han)
    cutoff = REVIEW * 100 * 0.95
    out: list[tuple[str, str | None, str, str, float, str, str]] = []
    for target in targets:
        core = target.core
        names = by_key.get(target.key, set()) | by_core.get(core, set())
        if len(core) >= 5:
            latin = target.latin_key
            for block in ("<" + core[:4], ">" + core[-4:]):
                if block in block_keys:
                    found = process.extract(latin, block_keys[block], scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
                    names |= {block_lists[block][index] for _, _, index in found}
        scored: list[tuple[str, str, str, float]] = []  # (member_id, name, method, score)
        for name in sorted(names):
            by_city: dict[str, tuple[str, float]] = {}
            for member_id in sorted(members_of[name]):
                city = "" if member_keys[name].place else city_of.get(member_id, "")
                if city not in by_city:
                    by_city[city] = score_pair(target, member_keys[name], city)
                method, score = by_city[city]
                if score < REVIEW:
                    continue
                theirs = han_cores.get(member_id)
                if target.core_han and not member_keys[name].core_han and theirs and target.core_han not in theirs:
                    continue  # pinyin alone against the member's own characters
                scored.append((member_id, name, method, score))
        for platform in sorted(listed.get(target.name) or {None}, key=lambda p: p or ""):
            best: dict[str, tuple[Candidate, int]] = {}
            for member_id, name, method, score in scored:
                company = (member_id, name) in companies
                agree = platform_agreement(member_id, name, platform, store_platforms, company)
                held = best.get(member_id)
                # of equal scores the better platform agreement wins, then a company name (it counts
                # on every platform), then the first name in sorted order, so every run agrees
                if held is None or (score, agree, company) > (
                    held[0].score,
                    held[1],
                    (member_id, held[0].via) in companies,
                ):
                    best[member_id] = (Candidate(member_id, method, score, name), agree)
            if any(agree == SAME_PLATFORM for _, agree in best.values()):
                best = {m: held for m, held in best.items() if held[1] != OTHER_PLATFORM}
            for candidate, status in decide_statuses([held[0] for held in best.values()]):
                out.append(
                    (
                        target.name,
                        platform,
                        candidate.member_id,
                        candidate.method,
                        candidate.score,
                        status,
                        candidate.via,
                    )
                )
    return out


def review_queue(db: Database, limit: int = 200) -> pd.DataFrame:
    """Links waiting for an analyst, one row per store identity and member."""
    return db.query("matching/review_queue", limit=limit)


def decide(db: Database, subject: str, member_id: str, decision: str, decided_by: str | None = None) -> int:
    """Records an analyst's accept/reject of (store identity, member), applies it to every link
    of that store, and bumps the data version; returns the number of links changed. A store has
    one owner, so accepting one member rejects the store's other waiting candidates."""
    if decision not in ("accepted", "rejected"):
        raise ValueError(f"decision must be accepted or rejected, not {decision!r}")
    with db.write() as con:
        con.execute(
            load_sql("matching/record_decision"),
            {"subject": subject, "member_id": member_id, "decision": decision, "decided_by": decided_by},
        )
        if decision == "accepted":
            con.execute(
                load_sql("matching/reject_rivals"),
                {"subject": subject, "member_id": member_id, "decided_by": decided_by},
            )
        changed = con.execute(load_sql("matching/decision_links"), {"subject": subject}).fetchone()
        con.execute(load_sql("matching/decision_targets"), {"subject": subject})
        con.execute(load_sql("matching/apply_links"))
        con.execute(load_sql("matching/decision_cases"))
        bump_data_version(con, only_touched=True)
    return int(changed[0]) if changed else 0
