"""Backups: a Parquet snapshot with a manifest, its round trip, and the snapshots restore refuses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from casewatch import backup, errors, schema
from casewatch.__main__ import main
from casewatch.db import Database
from tests.support.databases import FIXTURES, load_csv_tables
from tests.unit.test_schema import build_version_1

ROOT = Path(__file__).resolve().parent.parent.parent


def all_tables(path: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of a database file, rows sorted (the order a table stores them is not content)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        # names come from the catalog of our own test database
        return {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall() for name in names}
    finally:
        con.close()


@pytest.fixture(scope="module")
def tiny_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny fixture database plus rows it lacks (a user, an import log line); read, never changed."""
    path = str(tmp_path_factory.mktemp("source") / "tiny.duckdb")
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    with db.write() as con:
        con.execute("INSERT INTO users (email, role, note) VALUES ('a@example.com', 'analyst', 'NULL')")
        con.execute(
            "INSERT INTO imports VALUES (1, TIMESTAMP '2024-04-01 10:00:00.123456', 'week 14.csv', 'abc', 'cases', "
            "5, 5, 0, 'ok', '')"
        )
    db.close()
    return path


@pytest.fixture(scope="module")
def pristine(tiny_path: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pristine") / "snap"
    db = Database(tiny_path, read_only=True)
    backup.backup(db, out)
    db.close()
    return out


@pytest.fixture
def snapshot(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the snapshot of tiny_path that a test may damage."""
    return Path(shutil.copytree(pristine, tmp_path / "snap"))


def test_round_trip_restores_every_table(tiny_path: str, snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "restored.duckdb"
    manifest = backup.restore(snapshot, str(target))
    before, after = all_tables(tiny_path), all_tables(target)
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], table
    # every table is in the snapshot but the monthly cells, which the restore built again (equal above)
    assert {entry.name for entry in manifest.tables} == set(before) - {"fact_cells"}
    assert len(before["defendants"]) == 8 and len(before["users"]) == 1
    # the restored file is a working CaseWatch database: the derived layer's macro is back
    db = Database(str(target))
    kpis = db.query("overview/kpis", **_q1_2024())
    assert (int(kpis.iloc[0]["cases"]), int(kpis.iloc[0]["defendant_instances"])) == (4, 6)  # tests/app/test_pages.py
    assert db.data_version() == manifest.data_version
    db.close()
    assert not list(tmp_path.glob("*.restoring-*")) and not list(tmp_path.glob("*.partial-*"))


def _q1_2024() -> dict[str, object]:
    import datetime as dt

    from casewatch.filters import Filters

    return Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)).params()


def test_manifest_counts_and_checksums(tiny_path: str, snapshot: Path) -> None:
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    tables = all_tables(tiny_path)
    assert manifest["schema_version"] == schema.latest_version()
    assert {t["name"] for t in manifest["tables"]} >= {"cases", "defendants", "meta", "schema_version", "users"}
    for entry in manifest["tables"]:
        assert entry["rows"] == len(tables[entry["name"]]), entry["name"]
        assert entry["sha256"] == backup.sha256_file(snapshot / entry["file"])
    cases = next(t for t in manifest["tables"] if t["name"] == "cases")
    assert [name for name, _type in cases["columns"]][:3] == ["case_id", "court", "country"]


def content_hash(rows: str) -> tuple[int, str]:
    con = duckdb.connect(":memory:")
    relation = con.sql(f"SELECT * FROM (VALUES {rows}) AS t(a, b)")  # literals written in this test
    return backup._content(con, relation)


def test_content_hash_ignores_order_but_not_content() -> None:
    one = content_hash("(1, 'x'), (2, 'y'), (2, 'y')")
    assert content_hash("(2, 'y'), (1, 'x'), (2, 'y')") == one
    assert one[0] == 3
    assert content_hash("(1, 'x'), (2, 'y')")[1] != one[1]  # a duplicate row counts
    assert content_hash("(1, 'x'), (2, 'z'), (2, 'y')")[1] != one[1]
    assert content_hash("(1, NULL)")[1] != content_hash("(1, 'NULL')")[1]  # null is not the text NULL


def rewrite_parquet(path: Path, sql_filter: str) -> None:
    con = duckdb.connect(":memory:")
    copy = path.with_suffix(".tmp")
    con.read_parquet(str(path)).filter(sql_filter).write_parquet(str(copy))
    copy.replace(path)


def test_changed_file_is_refused_and_nothing_written(snapshot: Path, tmp_path: Path) -> None:
    rewrite_parquet(snapshot / "cases.parquet", "case_id <> 'C1'")
    target = tmp_path / "restored.duckdb"
    with pytest.raises(backup.SnapshotMismatch) as caught:
        backup.restore(snapshot, str(target))
    assert caught.value.fmt == {"table": "cases", "reason": "sha256 differs"}
    assert not target.exists() and not list(tmp_path.glob("*.restoring-*"))


def forge_shas(snapshot: Path) -> None:
    """What a careful forger does after changing files: record their new sha256 in the manifest."""

    def update(manifest: dict[str, list[dict[str, object]]]) -> None:
        for entry in manifest["tables"]:
            entry["sha256"] = backup.sha256_file(snapshot / str(entry["file"]))

    edit_manifest(snapshot, update)


def test_rows_dropped_behind_a_forged_sha_are_caught(snapshot: Path) -> None:
    rewrite_parquet(snapshot / "events.parquet", "kind <> 'filed'")
    forge_shas(snapshot)
    with pytest.raises(backup.SnapshotMismatch) as caught:
        backup.verify(snapshot)
    assert caught.value.fmt == {"table": "events", "reason": "row count differs"}


def test_values_changed_behind_a_forged_sha_are_caught(snapshot: Path) -> None:
    con = duckdb.connect(":memory:")
    path = snapshot / "cases.parquet"
    con.read_parquet(str(path)).project("* REPLACE (upper(plaintiff) AS plaintiff)").write_parquet(str(path) + ".tmp")
    Path(str(path) + ".tmp").replace(path)
    forge_shas(snapshot)
    with pytest.raises(backup.SnapshotMismatch) as caught:
        backup.verify(snapshot)
    assert caught.value.fmt == {"table": "cases", "reason": "content hash differs"}


def test_same_rows_rewritten_match_by_content(snapshot: Path) -> None:
    rewrite_parquet(snapshot / "cases.parquet", "true")
    forge_shas(snapshot)
    assert backup.verify(snapshot).table("cases").rows == 5


def test_sha_of_rewritten_file_differs(snapshot: Path) -> None:
    rewrite_parquet(snapshot / "cases.parquet", "true")
    with pytest.raises(backup.SnapshotMismatch, match="sha256"):
        backup.verify(snapshot)


def edit_manifest(snapshot: Path, change: object) -> None:
    path = snapshot / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)  # type: ignore[operator]
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _entry(manifest: dict[str, list[dict[str, object]]], name: str) -> dict[str, object]:
    return next(t for t in manifest["tables"] if t["name"] == name)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda m: _entry(m, "defendants").update(rows=9), "row count differs"),
        (lambda m: _entry(m, "defendants").update(content_hash="12345"), "content hash differs"),
        (lambda m: _entry(m, "defendants")["columns"].pop(), "columns differ"),
        (lambda m: m["tables"].remove(_entry(m, "events")), "not in the manifest"),
    ],
)
def test_manifest_that_does_not_match_is_refused(snapshot: Path, tmp_path: Path, change: object, reason: str) -> None:
    edit_manifest(snapshot, change)
    with pytest.raises(backup.SnapshotMismatch) as caught:
        backup.restore(snapshot, str(tmp_path / "restored.duckdb"))
    assert caught.value.fmt["reason"] == reason
    assert not (tmp_path / "restored.duckdb").exists()


def test_missing_and_extra_files_are_refused(snapshot: Path) -> None:
    shutil.copy(snapshot / "cases.parquet", snapshot / "stray.parquet")
    with pytest.raises(backup.SnapshotMismatch, match=r"stray\.parquet"):
        backup.verify(snapshot)
    (snapshot / "stray.parquet").unlink()
    (snapshot / "events.parquet").unlink()
    with pytest.raises(backup.SnapshotMismatch) as caught:
        backup.verify(snapshot)
    assert caught.value.fmt == {"table": "events", "reason": "file missing"}


@pytest.mark.parametrize(
    "change",
    [
        lambda m: _entry(m, "cases").update(file="../../etc/passwd"),
        lambda m: _entry(m, "cases").update(name="cases; DROP TABLE users", file="cases; DROP TABLE users.parquet"),
        lambda m: m.update(format="something-else"),
        lambda m: m.pop("tables"),
        lambda m: m["tables"].append(_entry(m, "cases")),
    ],
)
def test_hostile_or_broken_manifest_is_invalid(snapshot: Path, change: object) -> None:
    edit_manifest(snapshot, change)
    with pytest.raises(backup.SnapshotInvalid):
        backup.verify(snapshot)


def test_directory_without_manifest_is_invalid(tmp_path: Path) -> None:
    with pytest.raises(backup.SnapshotInvalid) as caught:
        backup.verify(tmp_path)
    assert caught.value.fmt["reason"] == "no manifest.json"
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(backup.SnapshotInvalid):
        backup.verify(tmp_path)


def test_snapshot_from_newer_schema_is_refused(snapshot: Path, tmp_path: Path) -> None:
    edit_manifest(snapshot, lambda m: m.update(schema_version=schema.latest_version() + 1))
    with pytest.raises(errors.SchemaTooNew):
        backup.restore(snapshot, str(tmp_path / "restored.duckdb"))


def test_existing_target_needs_replace_and_failed_restore_leaves_it(snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "live.duckdb"
    Database(str(target)).close()
    before = all_tables(target)
    with pytest.raises(backup.TargetExists):
        backup.restore(snapshot, str(target))
    # a snapshot whose cases file lacks a column the schema has: refused while loading
    rewrite_columns = duckdb.connect(":memory:")
    rewrite_columns.read_parquet(str(snapshot / "cases.parquet")).project("* EXCLUDE (source_ref)").write_parquet(
        str(snapshot / "cases.tmp")
    )
    (snapshot / "cases.tmp").replace(snapshot / "cases.parquet")

    def forge(manifest: dict[str, list[dict[str, object]]]) -> None:
        entry = _entry(manifest, "cases")
        entry["columns"] = [c for c in entry["columns"] if c[0] != "source_ref"]  # type: ignore[attr-defined]
        entry["sha256"] = backup.sha256_file(snapshot / "cases.parquet")
        con = duckdb.connect(":memory:")
        entry["content_hash"] = backup._content(con, con.read_parquet(str(snapshot / "cases.parquet")))[1]

    edit_manifest(snapshot, forge)
    assert backup.verify(snapshot)  # the files match the (forged) manifest ...
    with pytest.raises(backup.SnapshotMismatch) as caught:
        backup.restore(snapshot, str(target), replace=True)  # ... but not the schema
    assert caught.value.fmt == {"table": "cases", "reason": "columns differ from the schema"}
    assert all_tables(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.duckdb", "snap"]


def test_replace_swaps_in_the_snapshot(tiny_path: str, snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "live.duckdb"
    Database(str(target)).close()
    backup.restore(snapshot, str(target), replace=True)
    assert all_tables(target) == all_tables(tiny_path)


def test_old_schema_snapshot_is_upgraded_on_restore(tmp_path: Path) -> None:
    old = tmp_path / "v1.duckdb"
    counts = build_version_1(old)
    db = Database(str(old), read_only=True)  # read-only: the backup leaves it at version 1
    manifest = backup.backup(db, tmp_path / "snap")
    db.close()
    assert manifest.schema_version == 1 and manifest.data_version == 0
    target = tmp_path / "restored.duckdb"
    backup.restore(tmp_path / "snap", str(target))
    restored = Database(str(target))
    cur = restored.cursor()
    assert schema.current_version(cur) == schema.latest_version()
    for table, count in counts.items():
        assert len(cur.execute(f"SELECT * FROM {table}").fetchall()) == count, table
    assert cur.execute("SELECT count(*) FROM defendant_facts").fetchall() == [(9,)]
    restored.close()


def test_backup_into_non_empty_directory_is_refused(tiny_path: str, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    db = Database(tiny_path, read_only=True)
    with pytest.raises(backup.BackupTargetNotEmpty):
        backup.backup(db, out)
    db.close()
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_cli_round_trip_and_refusals(tiny_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap, target = tmp_path / "cli-snap", tmp_path / "cli.duckdb"
    assert main(["backup", "--db", tiny_path, "--out", str(snap)]) == 0
    assert "data version" in capsys.readouterr().out
    assert main(["restore", "--from", str(snap), "--db", str(target), "--check"]) == 0
    assert main(["restore", "--from", str(snap), "--db", str(target)]) == 0
    assert all_tables(target) == all_tables(tiny_path)
    assert main(["restore", "--from", str(snap), "--db", str(target)]) == 2
    assert "exists" in capsys.readouterr().err
    edit_manifest(snap, lambda m: _entry(m, "members").update(rows=0))
    assert main(["restore", "--from", str(snap), "--db", str(target), "--replace"]) == 2
    err = capsys.readouterr().err
    assert "members" in err and "manifest" in err
    assert main(["backup", "--db", str(tmp_path / "absent.duckdb"), "--out", str(tmp_path / "x")]) == 2
    assert "not found" in capsys.readouterr().err


def test_restore_refuses_a_database_in_use(snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy.duckdb"
    Database(str(target)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(60)", str(target)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(errors.DatabaseLocked) as caught:
            backup.restore(snapshot, str(target), replace=True)
        assert caught.value.fmt["pid"] == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()


# --- found in review (session 8) -------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"case_id,court\nC1,ilnd\n", b"\x00" * 4096, b"garbage"])
def test_replace_restores_over_a_broken_database(
    tiny_path: str, snapshot: Path, tmp_path: Path, content: bytes
) -> None:
    """A file that is no database (what the app's message says to restore from a backup for) is
    replaced; it was refused as 'not a DuckDB file'."""
    target = tmp_path / "broken.duckdb"
    target.write_bytes(content)
    backup.restore(snapshot, str(target), replace=True)
    assert all_tables(target) == all_tables(tiny_path)


def test_replace_is_refused_while_another_process_reads_the_file(snapshot: Path, tmp_path: Path) -> None:
    """A process holding the file read-only (an app serving it beside another) kept reading the
    deleted file while new readers saw the snapshot; now the restore waits for it to let go."""
    from tests.unit.test_failures import held

    target = tmp_path / "live.duckdb"
    Database(str(target)).close()
    before = all_tables(target)
    with held(str(target), read_only=True), pytest.raises(errors.DatabaseLocked):
        backup.restore(snapshot, str(target), replace=True)
    assert all_tables(target) == before


def test_rows_the_schema_refuses_are_a_clear_error(
    snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A snapshot consistent with its manifest whose rows break the schema (a case twice) is refused
    with exit 2 and a message, not a traceback; nothing is left behind."""
    doubled = duckdb.connect(":memory:")
    cases = doubled.read_parquet(str(snapshot / "cases.parquet"))
    cases.union(cases).write_parquet(str(snapshot / "cases.tmp"))
    (snapshot / "cases.tmp").replace(snapshot / "cases.parquet")

    def forge(manifest: dict[str, list[dict[str, object]]]) -> None:
        entry = _entry(manifest, "cases")
        entry["sha256"] = backup.sha256_file(snapshot / "cases.parquet")
        con = duckdb.connect(":memory:")
        entry["rows"], entry["content_hash"] = backup._content(con, con.read_parquet(str(snapshot / "cases.parquet")))

    edit_manifest(snapshot, forge)
    target = tmp_path / "out" / "restored.duckdb"
    target.parent.mkdir()
    assert main(["restore", "--from", str(snapshot), "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert "rows do not fit the schema" in err and "duplicate key" in err and "Traceback" not in err
    assert list(target.parent.iterdir()) == []
    # a restore killed midway left a .restoring-PID file of a process long gone: the next removes it
    stale = target.with_name(f"{target.name}.restoring-999999999")
    stale.write_bytes(b"left over")
    assert main(["restore", "--from", str(snapshot), "--db", str(target)]) == 2
    assert list(target.parent.iterdir()) == []
    assert main(["restore", "--from", str(snapshot), "--db", str(tmp_path / "none" / "x.duckdb")]) == 2
    assert "no folder" in capsys.readouterr().err


@pytest.mark.parametrize("replace", [[], ["--replace"]], ids=["", "--replace"])
def test_cli_restore_onto_a_folder_is_refused_first(
    snapshot: Path, tmp_path: Path, replace: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["restore", "--from", str(snapshot), "--db", str(folder), *replace]) == 2
    assert capsys.readouterr().err == f"error: --db {folder}: is a folder; give a file name\n"
    assert list(folder.iterdir()) == []


def test_backup_to_a_place_that_cannot_be_written_is_a_clear_error(
    tiny_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", tiny_path, "--out", "/proc/casewatch/snapshot"]) == 2
    err = capsys.readouterr().err
    assert "cannot write the backup" in err and "Traceback" not in err


def test_users_and_herding_do_not_create_a_database_at_a_mistyped_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo.duckdb"
    assert main(["users", "--db", str(typo), "add", "a@example.org", "--role", "analyst"]) == 2
    assert main(["herding", "--db", str(typo)]) == 2
    assert "not found" in capsys.readouterr().err
    assert not typo.exists()
