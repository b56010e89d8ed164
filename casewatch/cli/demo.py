"""``demo``: write a deterministic demo database."""

from __future__ import annotations

import argparse

from casewatch.cli._common import add_quiet_argument, database_target, non_negative_int, positive_number, progress_of
from casewatch.demo import build_demo

HELP = "write a deterministic demo database (--scale 1 is about 150k defendant rows)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="database file to write (replaced if present)")
    parser.add_argument("--seed", type=non_negative_int, default=7)
    parser.add_argument("--scale", type=positive_number, default=1.0)
    parser.add_argument("--no-plant", action="store_true", help="plant no waves or cohorts (quiet data)")
    add_quiet_argument(parser)


def run(args: argparse.Namespace) -> int:
    database_target("--out", args.out)  # a folder, or one not writable -> exit 2 before any work
    with progress_of(args, "demo") as progress:
        summary = build_demo(args.out, seed=args.seed, scale=args.scale, plant=not args.no_plant, progress=progress)
    print(summary)
    return 0
