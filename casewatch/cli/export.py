"""``export``: the filtered case-defendant table as CSV, XLSX or Parquet, scoped like the UI."""

from __future__ import annotations

import argparse
import sys
import tempfile

from casewatch import export
from casewatch.access import SYSTEM, Scope
from casewatch.cases import TableRequest, totals
from casewatch.cli._common import (
    add_db_argument,
    add_filter_arguments,
    add_quiet_argument,
    filters_from_args,
    open_db,
    output_file,
    progress_of,
    writing,
)
from casewatch.filters import Vocabulary
from casewatch.i18n import LANGS

MEMORY_LIMIT = "256MB"  # DuckDB's share; with Python, pandas and pyarrow a 1M-row export peaks well under 1 GB
HELP = (
    "write the filtered case-defendant table (one row per defendant in a case, with its case's "
    "columns) as csv, xlsx or parquet; with --member-id, only what that member may see"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_quiet_argument(parser)
    parser.add_argument("--format", required=True, choices=export.FORMATS)
    parser.add_argument(
        "--out",
        required=True,
        help="file to write (replaced when the export succeeds; a FIFO or device is written into)",
    )
    parser.add_argument(
        "--member-id", help="export as this member sees it: other members' matches, amounts and outcomes left empty"
    )
    parser.add_argument("--q", default="", help="search words, as in the Cases page's search box")
    parser.add_argument(
        "--sort",
        default="-filed_on",
        help="sort column as in the URL's sort=, with '-' first for descending: --sort=-frozen_usd",
    )
    parser.add_argument("--lang", choices=LANGS, default="zh", help="language of headers, names and the caption")
    add_filter_arguments(parser)


def run(args: argparse.Namespace) -> int:
    request, notices = TableRequest.from_query({"q": args.q or "", "sort": args.sort or ""})
    for name, value in notices:
        print(f"error: --{name} {value!r} is not a sortable column", file=sys.stderr)
    if notices:
        return 2
    out = output_file(args.out)  # a missing folder -> exit 2 before any work
    db = open_db(args, read_only=True)
    try:
        scope = SYSTEM
        if args.member_id is not None:
            if not bool(db.query("auth/member_exists", member_id=args.member_id).iloc[0]["found"]):
                print(f"error: --member-id {args.member_id!r} is not in the member register", file=sys.stderr)
                return 2
            scope = Scope("member", member_id=args.member_id)
        filters = filters_from_args(args, db)
        vocabulary = Vocabulary.read(db.query)
        with tempfile.TemporaryDirectory(prefix="casewatch-export-") as spill:
            cursor = db.cursor()
            try:
                # this process only exports: bound DuckDB's memory and let big sorts spill to disk
                db.run_script(cursor, "cases/export_memory_limit", memory_limit=MEMORY_LIMIT)
                db.run_script(cursor, "cases/export_spill_directory", directory=spill)
            finally:
                cursor.close()
            with progress_of(args, "export") as progress:
                counted = db.query("cases/table", scope=scope, **filters.params(), **request.params(limit=1))
                total, _ = totals(counted)
                with writing(out) as handle:
                    rows = export.write_case_table(
                        db,
                        scope,
                        filters,
                        request,
                        args.format,
                        handle,
                        lang=args.lang,
                        vocabulary=vocabulary,
                        progress=progress,
                        total=total,
                    )
    finally:
        db.close()
    print(f"{rows} rows -> {out}")
    return 0
