"""Seller ids are compared as names are: half-width (full-width letters and digits, as Schedule A
lists and Chinese registers write them, are the same id), trimmed, lower case - on both sides, the
member's stored id and the defendant's; and links and decisions stored under the old comparison
are re-keyed at the next import. Answers worked out by hand on the tiny fixture."""

from __future__ import annotations

from pathlib import Path

from casewatch import matching
from casewatch.db import Database
from casewatch.ingest import import_files

REGISTER = (
    "member_id,name_zh,name_en,city_code,platform,store_name,seller_id\n"
    "M7,东莞市壬癸五金有限公司,Dongguan Rengui Hardware Co. Ltd.,东莞,amazon,Zentrix,SELLER7\n"
    "M8,佛山市子丑家居有限公司,Foshan Zichou Home Co. Ltd.,佛山,temu,Pavlo,ＫＩＶ８８\n"
)
STORES = (  # (store name, platform, seller id) as a Schedule A list gives them
    ("Whatever Name", "amazon", "ＳＥＬＬＥＲ７"),
    ("Another Name", "amazon", " seller7 "),
    ("Third Name", "temu", "kiv88"),
    ("Fourth Name", "temu", "Ｋｉｖ８８"),
    ("Zentrix", "amazon", "OTHERSELLER"),  # a member's store name under another seller's id: not linked
)
CASE = "ilnd:1:24-cv-00005"


def import_list(db: Database, folder: Path) -> None:
    (folder / "register.csv").write_text(REGISTER, encoding="utf-8")
    rows = "".join(f'{CASE},{n},{name},{platform},"{seller}"\n' for n, (name, platform, seller) in enumerate(STORES, 1))
    (folder / "list.csv").write_text("case_id,defendant_no,store_name,platform,seller_id\n" + rows, encoding="utf-8")
    db.sql("DELETE FROM member_stores")
    db.sql(f"DELETE FROM defendants WHERE case_id = '{CASE}'")
    import_files(db, [folder / "register.csv", folder / "list.csv"])


def seller_links(db: Database) -> list[tuple[object, ...]]:
    frame = db.sql(
        "SELECT l.defendant_no, l.member_id, l.method, l.status, l.subject FROM member_links l "
        f"WHERE l.case_id = '{CASE}' ORDER BY 1, 2"
    )
    return [tuple(row) for row in frame.itertuples(index=False)]


def test_full_width_seller_ids_match_on_either_side(tiny_db: Database, tmp_path: Path) -> None:
    import_list(tiny_db, tmp_path)
    assert seller_links(tiny_db) == [
        (1, "M7", "seller_id", "auto", "amazon|id:seller7"),
        (2, "M7", "seller_id", "auto", "amazon|id:seller7"),
        # the member's own id is full-width in the register
        (3, "M8", "seller_id", "auto", "temu|id:kiv88"),
        (4, "M8", "seller_id", "auto", "temu|id:kiv88"),
    ]
    # the ids are kept as filed
    filed = tiny_db.sql(f"SELECT seller_id FROM defendants WHERE case_id = '{CASE}' ORDER BY defendant_no")
    assert filed["seller_id"].tolist()[:4] == ["ＳＥＬＬＥＲ７", "seller7", "kiv88", "Ｋｉｖ８８"]


def test_a_decision_stored_under_a_full_width_id_moves_to_the_half_width_one(
    tiny_db: Database, tmp_path: Path
) -> None:
    import_list(tiny_db, tmp_path)
    # as the old comparison (lower and trim only) left them: the full-width id its own subject, on
    # which an analyst rejected M8
    tiny_db.sql(
        "UPDATE member_links SET subject = 'temu|id:ｋｉｖ８８', status = 'rejected' "
        f"WHERE case_id = '{CASE}' AND defendant_no = 4"
    )
    tiny_db.sql(
        "INSERT INTO match_decisions (subject, member_id, decision) VALUES ('temu|id:ｋｉｖ８８', 'M8', 'rejected')"
    )
    tiny_db.sql("UPDATE meta SET value = 'older rules' WHERE key = 'matching_rules_sha'")
    import_files(tiny_db, [tmp_path / "list.csv"])
    # one subject now: the rejection covers both spellings of the id
    assert [row[:4] for row in seller_links(tiny_db) if row[1] == "M8"] == [
        (3, "M8", "seller_id", "rejected"),
        (4, "M8", "seller_id", "rejected"),
    ]
    decisions = tiny_db.sql("SELECT subject, member_id, decision FROM match_decisions ORDER BY ALL")
    assert decisions.values.tolist() == [["temu|id:kiv88", "M8", "rejected"]]
    assert tiny_db.meta("matching_rules_sha") == matching.rules_sha()
