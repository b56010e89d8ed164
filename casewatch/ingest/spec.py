"""What each import kind's file holds: its columns (contract name, Chinese and English header
labels), which are required, and how a header row maps onto them.

Headers may be the data-contract column names, their Chinese labels or their English labels, in
any order, with spaces, case, full-width characters, a trailing ``*`` or a bracketed unit such as
``(美元)`` ignored. Unknown headers are reported and left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from casewatch.i18n import LANGS, strings
from casewatch.ingest.errors import FileRejected

KINDS = ("cases", "defendants", "members", "events", "docket")
TABLE_KINDS = ("cases", "defendants", "members", "events")
OVERFLOW = "intake_overflow"


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    en: str
    example: str = ""


# Columns a file may give a case by: case_id, or court + docket_number.
_CASE_REF = (
    Column("case_id", "案件编号", "Case ID", "ilnd:1:24-cv-01234"),
    Column("court", "法院", "Court", "ilnd"),
    Column("docket_number", "案号", "Docket number", "1:24-cv-01234"),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "cases": (
        *_CASE_REF,
        Column("country", "国家", "Country", "US"),
        Column("case_name", "案件名称", "Case name", "Alpha Inc v. The Partnerships Identified on Schedule A"),
        Column("filed_on", "立案日期", "Filed on", "2024-03-05"),
        Column("closed_on", "结案日期", "Closed on", ""),
        Column("plaintiff", "原告", "Plaintiff", "Alpha Inc"),
        Column("brand", "品牌", "Brand", "Alpha"),
        Column("law_firm", "律所", "Law firm", "Example Law LLC"),
        Column("ip_type", "权利类型", "IP type", "商标"),
        Column("case_kind", "案件类型", "Case kind", "schedule_a"),
        Column("sector_code", "行业", "Sector", "S0201"),
        Column("nature_of_suit", "案由", "Nature of suit", "840 Trademark"),
        Column("source", "来源", "Source", ""),
        Column("source_ref", "来源编号", "Source reference", ""),
    ),
    "defendants": (
        *_CASE_REF,
        Column("defendant_no", "被告序号", "Defendant no.", "1"),
        Column("store_name", "店铺名称", "Store name", "JiaYi Direct"),
        Column("platform", "平台", "Platform", "amazon"),
        Column("seller_id", "卖家ID", "Seller ID", "A1JIAYI0001"),
        Column("member_id", "会员编号", "Member ID", ""),
        Column("city_code", "城市", "City", "深圳"),
        Column("district", "区县", "District", "龙岗区"),
        Column("sector_code", "行业", "Sector", ""),
        Column("outcome", "结果", "Outcome", "tro"),
        Column("frozen_usd", "冻结金额", "Frozen USD", "$1,200"),
        Column("settlement_usd", "和解金额", "Settlement USD", ""),
        Column("judgment_usd", "判决金额", "Judgment USD", ""),
        Column("appeared", "是否应诉", "Appeared", "否"),
    ),
    "members": (
        Column("member_id", "会员编号", "Member ID", "M1001"),
        Column("name_zh", "中文名称", "Chinese name", "深圳市甲乙电子商务有限公司"),
        Column("name_en", "英文名称", "English name", "Shenzhen Jiayi E-commerce Co., Ltd."),
        Column("city_code", "城市", "City", ""),
        Column("district", "区县", "District", ""),
        Column("address", "地址", "Address", "广东省深圳市龙岗区坂田街道1号"),
        Column("sector_code", "行业", "Sector", "玩具游戏"),
        Column("size_band", "规模", "Size band", "small"),
        Column("joined_on", "入会日期", "Joined on", "2021年3月1日"),
        Column("email", "邮箱", "E-mail", "contact@example.com"),
        Column("platform", "平台", "Platform", "amazon"),
        Column("store_name", "店铺名称", "Store name", "JiaYi Direct"),
        Column("seller_id", "卖家ID", "Seller ID", "A1JIAYI0001"),
        Column("aliases", "别名", "Aliases", "甲乙电商；Jiayi Official"),
    ),
    "events": (
        *_CASE_REF,
        Column("event_on", "日期", "Date", "2024-03-16"),
        Column("kind", "事件类型", "Event kind", "tro"),
        Column("defendant_no", "被告序号", "Defendant no.", ""),
        Column("detail", "说明", "Detail", "TEMPORARY RESTRAINING ORDER"),
    ),
}

# Columns that only the docket reader fills (never offered in a template or matched from a header).
# events.scope: 'defendant' (a defendant the court names by number, which need not be stored yet)
# or 'unresolved' (an entry about defendants it names in no form matched: stored as partial).
INTERNAL = {"defendants": ("is_aggregate",), "events": ("scope",)}


def staged_columns(kind: str) -> list[str]:
    """Every column the kind's typed query reads from intake_raw."""
    return [c.name for c in COLUMNS[kind]] + list(INTERNAL.get(kind, ()))


def header_key(text: str) -> str:
    """A header cell reduced for matching: NFKC, lower case, no spaces, units or markers."""
    key = unicodedata.normalize("NFKC", text).strip().lower().lstrip("\ufeff")
    key = re.sub(r"[(\[（【].*?[)\]）】]", "", key)
    return re.sub(r"[\s_\-*:：.]+", "", key)


def _aliases(kind: str) -> dict[str, str]:
    """Header spellings of the kind's columns: contract names, the labels above, and the labels of
    CaseWatch's own case-table downloads (so a download imports back as it was written)."""
    aliases: dict[str, str] = {}
    for column in COLUMNS[kind]:
        spellings = [column.name, column.zh, column.en]
        spellings += [strings(lang)[key] for lang in LANGS if (key := f"cases.col.{column.name}") in strings(lang)]
        for spelling in spellings:
            aliases.setdefault(header_key(spelling), column.name)
    return aliases


@dataclass(frozen=True)
class HeaderMap:
    """How a file's header cells map to contract columns, in file order (None = not used)."""

    kind: str
    names: tuple[str | None, ...]
    headers: tuple[str, ...]

    @property
    def present(self) -> list[str]:
        return [n for n in self.names if n]

    @property
    def ignored(self) -> list[str]:
        return [h for h, n in zip(self.headers, self.names, strict=True) if n is None and h.strip()]

    def label(self, column: str) -> str:
        """The file's own header text for a contract column (the column name if absent)."""
        for header, name in zip(self.headers, self.names, strict=True):
            if name == column:
                return header.strip()
        return column

    def staged_names(self) -> list[str]:
        """Column names for the staged table: mapped names or placeholders in file order, then
        ``intake_overflow`` (a row with more fields than the header fills it), then the kind's
        missing columns (padded with NULL)."""
        names = [n or f"intake_extra_{i}" for i, n in enumerate(self.names)]
        return [*names, OVERFLOW] + [c for c in staged_columns(self.kind) if c not in names]


def map_header(headers: list[str], kind: str) -> HeaderMap:
    aliases = _aliases(kind)
    names: list[str | None] = []
    for header in headers:
        name = aliases.get(header_key(header)) if header_key(header) else None
        if name is not None and name in names:
            raise FileRejected("duplicate_column", f"column {name!r} appears twice in the header", column=header)
        names.append(name)
    return HeaderMap(kind, tuple(names), tuple(headers))


def detect_kind(headers: list[str]) -> str:
    """The kind a header row belongs to, from the columns only one kind has."""
    keys = {header_key(h) for h in headers}

    def has(kind: str, *columns: str) -> bool:
        aliases = _aliases(kind)
        found = {aliases[k] for k in keys if k in aliases}
        return any(c in found for c in columns)

    if has("events", "event_on"):
        return "events"
    case_ref = has("defendants", "case_id", "docket_number")
    if case_ref and has("defendants", "store_name", "seller_id", "defendant_no"):
        return "defendants"
    if has("members", "member_id") and not case_ref:
        return "members"
    if has("cases", "filed_on"):
        return "cases"
    if case_ref and has("cases", "case_name", "plaintiff", "brand", "law_firm", "ip_type", "case_kind", "closed_on"):
        return "cases"  # a cases file without its filing date: then named as the missing column
    raise FileRejected("unknown_kind", "cannot tell what this file holds; name it with --kind")


# Columns that name a case or its parts: a member register has none, and a file with one read as
# members would replace members' stores with the rows of a defendant list.
CASE_KEYS = ("case_id", "docket_number", "defendant_no", "event_on")


def check_kind(header: HeaderMap) -> None:
    """Refuses, as members, a file whose header names a case (a defendant list, a cases file):
    named with its columns and the kind its header is of."""
    if header.kind != "members":
        return
    others = {k: _aliases(k) for k in ("cases", "defendants", "events")}
    found = [h for h in header.ignored if any(aliases.get(header_key(h)) in CASE_KEYS for aliases in others.values())]
    if not found:
        return
    try:
        kind = detect_kind(list(header.headers))
    except FileRejected:
        kind = "cases / defendants / events"
    columns = ", ".join(h.strip() for h in found)
    raise FileRejected(
        "wrong_kind", f"columns {columns} belong to a {kind} file, not a member register", columns=columns, kind=kind
    )


def check_required(header: HeaderMap) -> None:
    """Refuses a file that lacks a column its kind needs, or has one of another kind's keys."""
    check_kind(header)
    present = set(header.present)
    needs: list[tuple[str, ...]] = []
    if header.kind in ("cases", "defendants", "events"):
        needs.append(("case_id", "docket_number"))
    if header.kind == "cases":
        needs.append(("filed_on",))
    if header.kind == "defendants":
        needs.append(("store_name", "seller_id"))
    if header.kind == "members":
        needs.append(("member_id",))
    if header.kind == "events":
        needs += [("event_on",), ("kind",)]
    for options in needs:
        if not present.intersection(options):
            raise FileRejected(
                "missing_column", f"required column missing: {' or '.join(options)}", column=" / ".join(options)
            )
    if "docket_number" in present and "case_id" not in present and "court" not in present:
        raise FileRejected("missing_column", "docket_number needs a court column", column="court")
