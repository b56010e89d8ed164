"""``import``: load CSV / XLSX / docket JSON files into the database in one transaction."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from casewatch.cli._common import add_db_argument, add_quiet_argument, open_db, positive_number, progress_of
from casewatch.feed.webhook import import_saved
from casewatch.i18n import LANGS
from casewatch.ingest import DEFAULT_MAX_MB, KINDS, ImportInterrupted, ImportRejected, import_files

WEBHOOK_KIND = "courtlistener-webhook"
HELP = "import CSV/XLSX/JSON files (kind detected or --kind); exit 2 when rejected, database unchanged"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--kind",
        choices=(*KINDS, WEBHOOK_KIND),
        help="what the files hold (default: detected from headers); courtlistener-webhook: saved webhook deliveries",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and write the rejected ones with their reasons to FILE.rejected.csv",
    )
    parser.add_argument("--sheet", help="XLSX sheet to read (default: the first)")
    parser.add_argument("--rejected-dir", help="folder for the rejected-rows files (default: beside each file)")
    parser.add_argument(
        "--max-mb",
        type=positive_number,
        default=None,
        help=f"refuse larger files (default: $CASEWATCH_MAX_IMPORT_MB or {DEFAULT_MAX_MB})",
    )
    parser.add_argument("--lang", choices=LANGS, default="zh", help="language of the report")
    add_quiet_argument(parser)


def run(args: argparse.Namespace) -> int:
    if args.kind == WEBHOOK_KIND:
        return _import_webhooks(args)
    db = open_db(args, create=True)
    try:
        with progress_of(args, "import") as progress:
            report = import_files(
                db,
                args.files,
                kind=args.kind,
                skip_invalid=args.skip_invalid,
                sheet=args.sheet,
                max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb is not None else None,
                rejected_dir=args.rejected_dir,
                lang=args.lang,
                progress=progress,
            )
    except ImportRejected as exc:
        for line in exc.report.lines(args.lang):
            print(line, file=sys.stderr)
        return 2
    except ImportInterrupted as exc:
        # committed before the Ctrl-C: say what stands (the report ends with the note on herding)
        for line in exc.report.lines(args.lang):
            print(line)
        print("error: interrupted after the import was committed", file=sys.stderr)
        return 130
    finally:
        db.close()
    for line in report.lines(args.lang):
        print(line)
    return 0 if report.ok else 2


def _import_webhooks(args: argparse.Namespace) -> int:
    """Saved CourtListener webhook deliveries into the feed's inbox; their dockets wait for the next sync."""
    db = open_db(args, create=True)
    try:
        stored, already, queued = import_saved(db, [Path(f) for f in args.files], dt.datetime.now(dt.UTC))
    except (OSError, ValueError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        db.close()
    there = f" ({already} already there)" if already else ""
    print(f"{stored} webhook deliveries stored{there}; {queued} dockets queued for the next sync")
    return 0
