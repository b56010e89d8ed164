"""A labelled Schedule A list for member matching, built from a demo database's member register.

Positives: members' stores as such lists write them, without seller ids: re-cased, in full-width
letters, with another store suffix (Official Store, Store, Shop, Direct, Mall, -US, US, Home), or
as the company's English or Chinese name, with or without its city, each on the platform of the
member's store. Only stores
that one member alone holds on that platform are used (a name two members share on one platform
cannot be told apart by anyone). Negatives: non-member companies with confusable names: invented
trade names of the same shape, a member's trade name registered in another city, and common
words. Deterministic for a seed.

    .venv/bin/python tests/support/make_matching_corpus.py DB SEED  # prints precision and recall on DB

tests/fixtures/matching_corpus_seed7.csv is the corpus of the seed-7 demo register (the one
tests/unit/test_matching_corpus.py builds and checks it against).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

CASE = "ilnd:1:26-cv-09999"
CASE_ROW = f"{CASE},ilnd,1:26-cv-09999,Corpus Brand v. Schedule A,2026-11-02,Corpus Brand,Corpus,trademark,schedule_a\n"
SUFFIXES = (" Official Store", " Store", " Shop", " Direct", " Mall", "-US", " US", " Home")
_TRAILING = re.compile(r"([\s\-]+(official store|store|shop|direct|mall|us|home|outlet))+$", re.IGNORECASE)
CITIES = (("广州", "Guangzhou"), ("深圳", "Shenzhen"), ("佛山", "Foshan"), ("东莞", "Dongguan"),
          ("中山", "Zhongshan"), ("惠州", "Huizhou"), ("汕头", "Shantou"), ("江门", "Jiangmen"),
          ("珠海", "Zhuhai"), ("揭阳", "Jieyang"))  # fmt: skip
COMMON = ("Home Direct", "Best Shop", "Happy Store", "Global Mall", "Fashion Outlet", "Life Store", "Smart Home",
          "Daily Deals", "Top Choice Store", "Kids World", "Pet Supplies Shop", "Beauty Mall")  # fmt: skip
SYLLABLES = ("ka", "lo", "ve", "ri", "mo", "na", "zu", "te", "qi", "sa", "po", "lu", "xe", "da", "fi", "ro")


@dataclass(frozen=True)
class Row:
    store_name: str
    platform: str
    member_id: str | None  # the member the store belongs to; None for a non-member
    variant: str


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9\u3400-\u9fff]+", "", text.lower())


def build(con: duckdb.DuckDBPyConnection, seed: int, members: int = 120, confusables: int = 106) -> list[Row]:
    rng = random.Random(seed)
    stores = con.execute(
        "SELECT s.member_id, s.platform, s.store_name, m.name_zh, m.name_en FROM member_stores s "
        "JOIN members m USING (member_id) WHERE s.platform IS NOT NULL ORDER BY ALL"
    ).fetchall()
    holders: dict[tuple[str, str], set[str]] = {}
    for member_id, platform, store, _, _ in stores:
        holders.setdefault((platform, _plain(_TRAILING.sub("", store))), set()).add(member_id)
    known = {_plain(n) for row in stores for n in row[2:] if n}
    known_cores = {_plain(_TRAILING.sub("", row[2])) for row in stores}
    unique = [row for row in stores if len(holders[(row[1], _plain(_TRAILING.sub("", row[2])))]) == 1]
    chosen = rng.sample(unique, min(members, len(unique)))
    rows: list[Row] = []
    for member_id, platform, store, name_zh, name_en in chosen:
        variant = rng.choice(("recase", "fullwidth", "suffix", "suffix", "english", "chinese", "no_city"))
        if variant == "recase":
            name = rng.choice((store.upper(), store.lower(), store.title()))
        elif variant == "fullwidth":
            name = fullwidth(store)
        elif variant == "suffix":
            base = _TRAILING.sub("", store) or store
            name = base + rng.choice([s for s in SUFFIXES if not store.endswith(s)])
        elif variant == "english" and name_en:
            name = name_en
        elif variant == "no_city" and name_en and rng.random() < 0.5:
            name = re.sub(r"^\S+\s+", "", name_en)  # "Runda Network Technology Co., Ltd."
        elif variant == "no_city" and re.match(r"^..市", name_zh or ""):
            name = name_zh[3:]  # "润达网络科技有限公司"
        else:
            variant, name = "chinese", name_zh
        rows.append(Row(name, platform, member_id, variant))
    platforms = sorted({row[1] for row in stores})
    companies = con.execute("SELECT name_zh, name_en, city_code FROM members ORDER BY member_id").fetchall()
    while len(rows) < len(chosen) + confusables:
        kind = rng.choice(("shape", "shape", "city", "common"))
        if kind == "shape":
            core = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
            name = core + rng.choice(SUFFIXES)
            if _plain(core) in known_cores or _plain(name) in known:
                continue
        elif kind == "city":
            zh, en, _ = rng.choice(companies)
            match = re.match(r"^(..)市(.+)$", zh or "")
            if not match:
                continue
            others = [c for c in CITIES if c[0] != match.group(1)]
            city_zh, city_en = rng.choice(others)
            english = bool(en) and rng.random() >= 0.5
            name = re.sub(r"^\S+", city_en, en) if english else f"{city_zh}市{match.group(2)}"
            # a member of that city with the same trade name would make this a positive
            if any(z and z.startswith(city_zh) and match.group(2)[:2] in z for z, _, _ in companies):
                continue
        else:
            name = rng.choice(COMMON)
        if _plain(name) in known:
            continue
        rows.append(Row(name, rng.choice(platforms), None, kind))
    rng.shuffle(rows)
    return rows


def write_labels(rows: list[Row], path: Path) -> None:
    """The labelled corpus as a CSV (store_name, platform, member_id, variant; member_id empty for
    a non-member), as kept in tests/fixtures."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["store_name", "platform", "member_id", "variant"])
        for row in rows:
            writer.writerow([row.store_name, row.platform, row.member_id or "", row.variant])


def write_files(rows: list[Row], folder: Path) -> tuple[Path, Path]:
    """The case and the list as import files (cases.csv, list.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = folder / "cases.csv"
    cases.write_text(
        "case_id,court,docket_number,case_name,filed_on,plaintiff,brand,ip_type,case_kind\n" + CASE_ROW,
        encoding="utf-8",
    )
    listing = folder / "list.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "defendant_no", "store_name", "platform"])
        for number, row in enumerate(rows, start=1):
            writer.writerow([CASE, number, row.store_name, row.platform])
    return cases, listing


def score(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> dict[str, float]:
    """Precision and recall of automatic links (a member given by the import) against the labels."""
    linked = dict(
        con.execute(
            "SELECT defendant_no, member_id FROM defendants WHERE case_id = $case AND member_id IS NOT NULL",
            {"case": CASE},
        ).fetchall()
    )
    found = [(linked.get(number), row) for number, row in enumerate(rows, start=1)]
    right = sum(1 for member, row in found if member is not None and member == row.member_id)
    wrong = sum(1 for member, row in found if member is not None and member != row.member_id)
    positives = sum(1 for row in rows if row.member_id)
    return {
        "precision": right / (right + wrong) if right + wrong else 1.0,
        "recall": right / positives if positives else 1.0,
        "linked": right + wrong,
        "wrong": wrong,
        "non_members_linked": sum(1 for member, row in found if member is not None and row.member_id is None),
        "positives": positives,
    }


def misses(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> list[tuple[str, str, str | None, str]]:
    linked = dict(
        con.execute("SELECT defendant_no, member_id FROM defendants WHERE case_id = $case", {"case": CASE}).fetchall()
    )
    return [
        (row.store_name, row.platform, row.member_id, row.variant)
        for number, row in enumerate(rows, start=1)
        if linked.get(number) != row.member_id
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
    import tempfile

    from casewatch.db import Database
    from casewatch.ingest import import_files

    db_path, seed = sys.argv[1], int(sys.argv[2])
    with duckdb.connect(db_path, read_only=True) as source:
        corpus = build(source, seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work.duckdb"
        work.write_bytes(Path(db_path).read_bytes())
        db = Database(str(work))
        import_files(db, list(write_files(corpus, Path(tmp))))
        db.close()
        with duckdb.connect(str(work), read_only=True) as con:
            print(seed, score(con, corpus))
            for miss in misses(con, corpus)[: int(sys.argv[3]) if len(sys.argv) > 3 else 0]:
                print("  miss", miss)
