"""``sync``: pull new and changed IP dockets from CourtListener REST v4 within the request budget."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time

from casewatch.cli._common import add_db_argument, open_db
from casewatch.errors import CaseWatchError
from casewatch.feed.client import Settings
from casewatch.feed.errors import TokenMissing, TokenRefused
from casewatch.feed.follow import FOLLOW_DAYS
from casewatch.feed.sync import sync
from casewatch.feed.webhook import inbox_dir
from casewatch.i18n import LANGS

HELP = "pull new and changed IP dockets from CourtListener (REST v4) within the request budget"
_EVERY = re.compile(r"^(\d+)\s*(s|m|h)$")
MIN_EVERY = 600  # CourtListener caches search results for ten minutes: never poll faster


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="search filings from this date (default: where the last search left off)")  # fmt: skip
    parser.add_argument("--max-requests", type=int, metavar="N", help="send at most N requests in this run")
    parser.add_argument("--base-url", help="API root (default: $CASEWATCH_COURTLISTENER_URL or CourtListener's v4)")
    parser.add_argument("--dry-run", action="store_true", help="search and report what would be queued; import nothing")
    parser.add_argument("--loop", action="store_true", help="run again and again in the foreground (see --every)")
    parser.add_argument("--every", default="30m", help="with --loop: time between runs, e.g. 30m, 1h (at least 10m)")
    parser.add_argument("--lang", choices=LANGS, default="zh", help="language of the report")
    parser.add_argument("--batch", type=int, default=10, help="dockets imported in one transaction (default 10)")
    parser.add_argument("--follow-days", type=int, default=FOLLOW_DAYS, metavar="N",
                        help=f"with budget to spare, check open dockets filed in the last N days for changes, each "
                             f"at most daily (default {FOLLOW_DAYS}; 0: never)")  # fmt: skip


def every_seconds(text: str) -> int:
    match = _EVERY.match(text.strip())
    if not match:
        raise ValueError(f"--every {text!r}: use e.g. 30m, 1h")
    return int(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[match.group(2)]


def run(args: argparse.Namespace) -> int:
    if args.max_requests is not None and args.max_requests < 1:
        print("error: --max-requests must be at least 1", file=sys.stderr)
        return 2
    if args.follow_days < 0:
        print("error: --follow-days must be 0 or more", file=sys.stderr)
        return 2
    try:
        every = every_seconds(args.every)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.loop and every < MIN_EVERY:
        print("error: --every must be at least 10m (CourtListener caches searches for ten minutes)", file=sys.stderr)
        return 2
    settings = Settings.from_env(base_url=args.base_url)
    while True:
        try:
            code = _once(args, settings)
        except (TokenMissing, TokenRefused):
            raise  # no later run can do better: stop with the message
        except CaseWatchError as exc:
            if not args.loop:
                raise
            print(f"error: {exc}", file=sys.stderr)
            code = 2
        if not args.loop:
            return code
        time.sleep(every)


def _once(args: argparse.Namespace, settings: Settings) -> int:
    db = open_db(args, create=True)
    try:
        report = sync(
            db,
            settings,
            since=args.since,
            max_requests=args.max_requests,
            dry_run=args.dry_run,
            inbox=inbox_dir(db.path),
            batch=max(1, args.batch),
            lang=args.lang,
            follow_days=args.follow_days,
        )
    finally:
        db.close()
    print(report.summary(args.lang))
    return 0
