"""``backup``: a portable Parquet snapshot of every table, with a manifest of row counts and checksums."""

from __future__ import annotations

import argparse

from casewatch import backup
from casewatch.cli._common import add_db_argument, add_quiet_argument, open_db, progress_of

HELP = "write a Parquet snapshot of every table to DIR (absent or empty) with manifest.json of row counts and checksums"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="directory to create (or an empty one)")
    add_quiet_argument(parser)


def run(args: argparse.Namespace) -> int:
    # read-only: a backup never changes the database and may run beside another reader
    db = open_db(args, read_only=True, upgrade=False)
    try:
        with progress_of(args, "backup") as progress:
            manifest = backup.backup(db, args.out, progress=progress)
    finally:
        db.close()
    rows = sum(entry.rows for entry in manifest.tables)
    print(
        f"snapshot {args.out}: {len(manifest.tables)} tables, {rows:,} rows, "
        f"schema version {manifest.schema_version}, data version {manifest.data_version}"
    )
    return 0
