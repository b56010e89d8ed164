"""``report``: render the monthly brief headless (PDF, HTML or XLSX), for leadership (the default:
members counted, never named) or for analysts (``--audience analyst``: members named)."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys

from casewatch import report
from casewatch.access import Scope
from casewatch.cli._common import (
    add_db_argument,
    add_filter_arguments,
    filters_from_args,
    open_db,
    output_file,
    writing,
)
from casewatch.filters import Vocabulary
from casewatch.i18n import LANGS

HELP = "render the monthly brief for one month as pdf, html or xlsx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="the month of the brief")
    parser.add_argument("--lang", choices=LANGS, default="zh")
    parser.add_argument("--format", dest="fmt", choices=report.FORMATS, required=True)
    parser.add_argument(
        "--out", required=True, help="file to write (replaced when written in full; a FIFO or device is written into)"
    )
    parser.add_argument(
        "--audience",
        choices=report.AUDIENCES,
        default="leadership",
        help="leadership (default): aggregates only, members counted, never named; analyst: may name members",
    )
    add_filter_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.f_from is not None or args.f_to is not None:
        print("error: --from/--to do not apply to a monthly brief; --month sets its dates", file=sys.stderr)
        return 2
    out = output_file(args.out)  # a missing folder -> exit 2 before any work
    today = dt.date.today()
    month = report.parse_month(args.month, today)  # BadMonth -> exit 2 with its message
    with open_db(args, read_only=True) as db:
        filters = filters_from_args(args, db, today)
        vocabulary = Vocabulary.read(db.query)
        # read as the audience's role: the data layer refuses the leadership brief a member list
        fetch = functools.partial(db.query, scope=Scope(args.audience))
        # the current month is a brief month to date (through today), compared like with like
        brief = report.build_brief(fetch, month, filters, vocabulary, audience=args.audience, today=today)
        data = report.render(brief, args.fmt, args.lang)
    with writing(out) as handle:
        handle.write(data)
    print(f"{out} ({len(data):,} bytes): {brief.title(args.lang)}")
    return 0
