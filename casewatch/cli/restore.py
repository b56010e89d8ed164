"""``restore``: a database from a snapshot written by ``backup``, refused when it does not match its manifest."""

from __future__ import annotations

import argparse

from casewatch import backup
from casewatch.cli._common import add_quiet_argument, database_target, progress_of
from casewatch.db import db_path

HELP = "restore a snapshot DIR (from `backup`) into a new database file; all or nothing"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="snapshot", required=True, metavar="DIR", help="snapshot directory")
    parser.add_argument(
        "--db", default=None, help="database file to create (default: $CASEWATCH_DB or data/demo.duckdb)"
    )
    parser.add_argument("--replace", action="store_true", help="replace the database file if it exists")
    parser.add_argument("--check", action="store_true", help="only verify the snapshot against its manifest")
    add_quiet_argument(parser)


def run(args: argparse.Namespace) -> int:
    if args.check:
        manifest = backup.verify(args.snapshot)
        print(f"snapshot {args.snapshot} matches its manifest: {len(manifest.tables)} tables")
        return 0
    target = args.db or db_path()
    database_target("--db", target)  # a folder, or one not writable -> exit 2 before the snapshot is read
    with progress_of(args, "restore") as progress:
        manifest = backup.restore(args.snapshot, target, replace=args.replace, progress=progress)
    rows = sum(entry.rows for entry in manifest.tables)
    print(
        f"restored {target} from {args.snapshot}: {len(manifest.tables)} tables, {rows:,} rows, "
        f"snapshot schema version {manifest.schema_version}, data version {manifest.data_version}"
    )
    return 0
