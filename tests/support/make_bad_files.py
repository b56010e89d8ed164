# ruff: noqa: E501 - one bad file per line reads best as a table
"""The bad-file corpus: files an association really produces or receives, each with the error it
must give. ``write_corpus(folder)`` writes them; ``python tests/support/make_bad_files.py DIR`` too.

Every case names the import kind's expectation: ("refused", code) for a file refused whole, or
("row", row, column, reason) for a row error. The files refer to cases of the tiny fixture
(tests/fixtures/tiny), into whose database they are imported.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

CASE = "ilnd:1:24-cv-00001"
DEF_HEADER = "case_id,defendant_no,store_name,platform,seller_id,outcome,frozen_usd,appeared\n"
CASE_HEADER = "case_id,case_name,filed_on,closed_on,plaintiff,ip_type,case_kind,sector_code\n"
MEMBER_HEADER = "member_id,name_zh,name_en,city_code,district,sector_code,email\n"
EVENT_HEADER = "case_id,event_on,kind,defendant_no,detail\n"
# the first bytes of a scanned complaint saved as PDF
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"


@dataclass(frozen=True)
class BadFile:
    name: str
    content: bytes | None  # None: written by a function (XLSX)
    expect: tuple[object, ...]
    options: dict[str, object] = field(default_factory=dict)


def _defendant(row: str) -> bytes:
    return (DEF_HEADER + row + "\n").encode()


def _docket(**overrides: object) -> bytes:
    docket: dict[str, object] = {
        "court_id": "ilnd",
        "docket_number": "1:24-cv-09999",
        "case_name": "Alpha Inc v. The Partnerships and Unincorporated Associations Identified on Schedule A",
        "date_filed": "2024-04-01",
        "nature_of_suit": "840 Trademark",
        "parties": [{"name": "Alpha Inc", "type": "Plaintiff", "attorneys": []}],
        "docket_entries": [],
    }
    docket.update(overrides)
    return json.dumps(docket).encode()


CORPUS: list[BadFile] = [
    BadFile("latin1.csv", (DEF_HEADER + f"{CASE},7,Café Crème Ça,amazon,,tro,1,no\n").encode("cp1252"),
            ("refused", "encoding")),
    # US Excel saves windows-1252: "’s" and "è" then read as GB18030 characters ("Daffy抯"), and a
    # Big5 name as others still: refused, not imported garbled (found in review)
    BadFile("windows1252.csv", (DEF_HEADER + f"{CASE},7,Daffy’s Crème Shop,amazon,,tro,1,no\n").encode("cp1252"),
            ("refused", "encoding")),
    BadFile("big5.csv", (MEMBER_HEADER + "M9,甲乙電子商務,X,深圳,,,\n").encode("big5"), ("refused", "encoding")),
    # a blank line above the header: it said "the file is empty"
    BadFile("leading_blank.csv", b"\n" + _defendant(f"{CASE},7,Shop,amazon,,tro,1,no"), ("refused", "leading_blank")),
    BadFile("utf16_no_bom.csv", _defendant(f"{CASE},7,A,amazon,,tro,1,no").decode().encode("utf-16-le"),
            ("refused", "content_mismatch")),
    BadFile("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ("refused", "content_mismatch")),
    BadFile("scanned_complaint.csv", PDF, ("refused", "content_mismatch")),
    BadFile("empty.csv", b"", ("refused", "empty")),
    BadFile("blank_lines.csv", b"\n\n\n", ("refused", "empty")),
    BadFile("header_only.csv", DEF_HEADER.encode(), ("refused", "no_rows")),
    BadFile("header_only_bom.csv", b"\xef\xbb\xbf" + DEF_HEADER.encode(), ("refused", "no_rows")),
    BadFile("missing_store_column.csv", f"case_id,defendant_no,platform\n{CASE},7,amazon\n".encode(),
            ("refused", "missing_column")),
    # a cases file by its columns, refused naming the one it lacks (it said "cannot tell what it holds")
    BadFile("missing_filed_on.csv", f"case_id,case_name,ip_type,case_kind,plaintiff\n{CASE},x,商标,schedule_a,y\n".encode(),
            ("refused", "missing_column")),
    BadFile("unknown_kind.csv", b"foo,bar\n1,2\n", ("refused", "unknown_kind")),
    BadFile("duplicate_header.csv", f"case_id,store_name,店铺名称\n{CASE},a,b\n".encode(),
            ("refused", "duplicate_column")),
    BadFile("unknown_platform.csv", _defendant(f"{CASE},7,Shop,myspace,,tro,1,no"), ("row", 2, "platform", "unknown_value")),
    BadFile("unknown_outcome.csv", _defendant(f"{CASE},7,Shop,amazon,,won_big,1,no"), ("row", 2, "outcome", "unknown_value")),
    BadFile("bad_date.csv", (CASE_HEADER + "ilnd:1:24-cv-07777,X v. Y,2024-13-45,,X,trademark,individual,\n").encode(),
            ("row", 2, "filed_on", "bad_date")),
    BadFile("ancient_date.csv", (CASE_HEADER + "ilnd:1:24-cv-07777,X v. Y,1850-01-01,,X,trademark,individual,\n").encode(),
            ("row", 2, "filed_on", "date_range")),
    BadFile("closed_before_filed.csv",
            (CASE_HEADER + "ilnd:1:24-cv-07777,X v. Y,2024-05-01,2024-04-01,X,trademark,individual,\n").encode(),
            ("row", 2, "closed_on", "closed_before_filed")),
    BadFile("negative_amount.csv", _defendant(f"{CASE},7,Shop,amazon,,tro,-1500,no"), ("row", 2, "frozen_usd", "negative_amount")),
    BadFile("yuan_amount.csv", _defendant(f"{CASE},7,Shop,amazon,,tro,¥1500,no"), ("row", 2, "frozen_usd", "bad_amount")),
    BadFile("text_amount.csv", _defendant(f"{CASE},7,Shop,amazon,,tro,lots,no"), ("row", 2, "frozen_usd", "bad_amount")),
    BadFile("bad_flag.csv", _defendant(f"{CASE},7,Shop,amazon,,tro,1,maybe"), ("row", 2, "appeared", "bad_flag")),
    BadFile("bad_defendant_no.csv", _defendant(f"{CASE},0,Shop,amazon,,tro,1,no"), ("row", 2, "defendant_no", "bad_number")),
    BadFile("duplicate_defendants.csv",
            (DEF_HEADER + f"{CASE},7,Shop,amazon,,tro,1,no\n{CASE},7,Other,amazon,,tro,1,no\n").encode(),
            ("row", 3, "defendant_no", "duplicate_key")),
    BadFile("duplicate_seller.csv",
            (f"case_id,store_name,platform,seller_id\n{CASE},A,amazon,S1\n{CASE},B,amazon,s1\n").encode(),
            ("row", 3, "seller_id", "duplicate_key")),
    BadFile("duplicate_cases.csv",
            (CASE_HEADER + "ilnd:1:24-cv-07777,X,2024-01-01,,X,trademark,individual,\n"
             "ILND:1:24-cv-07777,X,2024-01-01,,X,trademark,individual,\n").encode(),
            ("row", 3, "case_id", "duplicate_key")),
    BadFile("unknown_case.csv", _defendant("ilnd:1:99-cv-00000,1,Shop,amazon,,tro,1,no"), ("row", 2, "case_id", "unknown_case")),
    BadFile("unknown_court.csv", _defendant("zzz:1:24-cv-1,1,Shop,amazon,,tro,1,no"), ("row", 2, "case_id", "unknown_court")),
    BadFile("unknown_city.csv", (MEMBER_HEADER + "M9,某公司,X,Atlantis,,,\n").encode(), ("row", 2, "city_code", "unknown_city")),
    BadFile("district_elsewhere.csv", (MEMBER_HEADER + "M9,某公司,X,广州,龙岗区,,\n").encode(),
            ("row", 2, "district", "district_city")),
    BadFile("unknown_sector.csv", (MEMBER_HEADER + "M9,某公司,X,深圳,,Spaceships,\n").encode(),
            ("row", 2, "sector_code", "unknown_sector")),
    BadFile("bad_email.csv", (MEMBER_HEADER + "M9,某公司,X,深圳,,,not-an-email\n").encode(), ("row", 2, "email", "bad_email")),
    BadFile("conflicting_member.csv",
            ("member_id,name_zh,city_code,store_name\nM9,某公司,深圳,A\nM9,另一公司,深圳,B\n").encode(),
            ("row", 3, "name_zh", "conflicting_value")),
    BadFile("case_id_mismatch.csv",
            (b"case_id,court,docket_number,filed_on,ip_type,case_kind\n"
             b"ilnd:1:24-cv-07777,ilnd,1:24-cv-08888,2024-01-01,trademark,individual\n"),
            ("row", 2, "case_id", "case_id_mismatch")),
    BadFile("unknown_event_kind.csv", (EVENT_HEADER + f"{CASE},2024-02-01,party,,x\n").encode(),
            ("row", 2, "kind", "unknown_value")),
    BadFile("unknown_event_defendant.csv", (EVENT_HEADER + f"{CASE},2024-02-01,tro,42,x\n").encode(),
            ("row", 2, "defendant_no", "unknown_defendant")),
    BadFile("extra_field.csv", (DEF_HEADER + f"{CASE},7,Shop,amazon,,tro,1,no,surprise\n").encode(),
            ("refused", "malformed")),
    BadFile("unclosed_quote.csv", (DEF_HEADER + f'{CASE},7,"Shop,amazon,,tro,1,no\n').encode(), ("refused", "malformed")),
    BadFile("not_json.json", b"{court_id: ilnd", ("refused", "bad_json")),
    BadFile("wrong_shape.json", json.dumps({"results": [], "count": 0}).encode(), ("refused", "json_shape")),
    BadFile("list_of_numbers.json", b"[1, 2, 3]", ("refused", "json_shape")),
    BadFile("parties_text.json", _docket(parties="Alpha Inc; Does 1-10"), ("refused", "json_shape")),
    BadFile("docket_unknown_court.json", _docket(court_id="zzzd"), ("row", 1, "court", "unknown_court")),
    BadFile("docket_bad_date.json", _docket(date_filed="April 1st"), ("row", 1, "filed_on", "bad_date")),
    BadFile("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ("refused", "xls")),
    BadFile("renamed_text.xlsx", b"case_id,store_name\nx,y\n", ("refused", "content_mismatch")),
    BadFile("truncated_workbook.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00xl/workbook.xml" + b"\x00" * 32,
            ("refused", "bad_xlsx")),
    BadFile("merged_header.xlsx", None, ("refused", "merged_header")),
    BadFile("formula_cell.xlsx", None, ("refused", "formula_cell")),
    BadFile("missing_sheet.xlsx", None, ("refused", "no_sheet"), {"sheet": "名单"}),
    BadFile("oversized.csv", _defendant(f"{CASE},7,Shop,amazon,,tro,1,no") * 40, ("refused", "too_large"),
            {"max_bytes": 1024}),
]  # fmt: skip


def _write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if path.name == "merged_header.xlsx":
        sheet.append(["案件", None, "店铺名称", "金额"])
        sheet.append(["case_id", "defendant_no", "store_name", "frozen_usd"])
        sheet.merge_cells("A1:B1")
        sheet.append([CASE, 7, "Shop", 100])
    else:
        sheet.append(["案件编号", "被告序号", "店铺名称", "平台"])
        sheet.append([CASE, 7, '=HYPERLINK("http://evil.example","Shop")', "amazon"])
    book.save(path)


def write_corpus(folder: Path) -> list[BadFile]:
    folder.mkdir(parents=True, exist_ok=True)
    for bad in CORPUS:
        path = folder / bad.name
        if bad.content is None:
            _write_xlsx(path)
        else:
            path.write_bytes(bad.content)
    return CORPUS


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/bad_files"))
    print(f"{len(written)} bad files written")
