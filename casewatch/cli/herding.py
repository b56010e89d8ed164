"""``herding``: print waves, cohorts and herding indices (recomputing a stale cache first), or
with ``--evaluate`` score the detectors against a demo database's planted truth; with ``--seeds``,
build a demo of each seed in a temporary folder and score them together against issue 23's bar."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

from casewatch import herding
from casewatch.cli._common import add_db_argument, add_quiet_argument, open_db, progress_of
from casewatch.db import Database
from casewatch.demo import build_demo, earliest_until
from casewatch.errors import DatabaseLocked

HELP = "print herding waves, cohorts and indices; --evaluate scores them against a demo's planted truth"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_quiet_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    parser.add_argument(
        "--evaluate", action="store_true", help="score against demo_truth: wave precision/recall, cohort Jaccard"
    )
    parser.add_argument("--recompute", action="store_true", help="recompute even when the cache is fresh")
    parser.add_argument(
        "--seeds",
        type=seed_list,
        default=None,
        metavar="A-B|A,B,...",
        help="build a demo of each seed (in a temporary folder, removed after), score each and all together "
        "against issue 23's bar (every shape's precision and recall >= 0.95, ramps on time, false waves <= 1 "
        "per 100 brand-years); instead of --db; exit 1 when the seeds together fall short of the bar",
    )
    parser.add_argument(
        "--until",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="with --seeds: the demos' data end with the last full month before this day (default today; "
        "the same seed and day give the same demo)",
    )
    parser.add_argument("--limit", type=int, default=20, help="rows per section (default 20)")


MAX_SEEDS = 1000  # a typo in a range (3116-31200) must not start building demos for a day


def seed_list(text: str) -> list[int]:
    """--seeds: a range A-B (both included, A <= B) or comma-separated seeds, each a whole number
    of ASCII digits, at most MAX_SEEDS of them; a seed listed twice is built once."""
    parts = [part.strip() for part in (text.split("-") if "-" in text else text.split(","))]
    if not all(part.isascii() and part.isdigit() for part in parts) or ("-" in text and len(parts) != 2):
        raise argparse.ArgumentTypeError(f"not a range A-B or a list A,B,... of seeds 0 or more: {text!r}")
    numbers = [int(part) for part in parts]
    if "-" in text:
        if numbers[0] > numbers[1]:
            raise argparse.ArgumentTypeError(f"the range {text!r} is empty: its first seed is above its last")
        count = numbers[1] - numbers[0] + 1
    else:
        numbers = list(dict.fromkeys(numbers))
        count = len(numbers)
    if count > MAX_SEEDS:
        raise argparse.ArgumentTypeError(f"{count} seeds in {text!r}: at most {MAX_SEEDS}")
    return list(range(numbers[0], numbers[1] + 1)) if "-" in text else numbers


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    if args.until is not None and args.seeds is None:
        print("error: --until sets the demos that --seeds builds; give it with --seeds", file=sys.stderr)
        return 2
    if args.until is not None and args.until < earliest_until():
        print(f"error: --until {args.until}: the earliest the demos take is {earliest_until()}", file=sys.stderr)
        return 2
    if args.seeds is not None:
        if args.db is not None:
            print("error: --seeds builds its own demo databases; give --db or --seeds, not both", file=sys.stderr)
            return 2
        return _evaluate_seeds(args)
    try:
        db = open_db(args)
    except DatabaseLocked:
        # other processes read the file (DuckDB then allows no writer): use the cache as it is
        db = open_db(args, read_only=True)
    with db:
        if db.read_only:
            status = herding.cache_status(db)
            if status.missing or args.recompute or (args.evaluate and not status.fresh):
                print(
                    f"error: {db.path} is in use by another process; cannot compute herding results now",
                    file=sys.stderr,
                )
                return 2
            if not status.fresh:
                found = (
                    "results found by an earlier method"
                    if status.earlier_method
                    else f"results of data version {status.computed_version}, the data is at {status.current_version}"
                )
                print(f"warning: {found} (the database is in use; run again when it is free)", file=sys.stderr)
        else:
            with progress_of(args, "herding") as progress:
                status = herding.refresh(db, force=args.recompute, progress=progress)
        if args.evaluate:
            evaluation = herding.evaluate(db)
            if args.json:
                print(json.dumps(evaluation.as_dict(), indent=2, sort_keys=True))
            else:
                print(_evaluation_text(evaluation))
            return 0
        sections = herding.report(db, status, limit=args.limit)
    if args.json:
        document = {
            "data_version": status.current_version,
            "run_id": status.run_id,
            "computed_at": status.computed_at.isoformat() if status.computed_at else None,
            **{name: _records(frame) for name, frame in sections.items()},
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    print(f"herding results of data version {status.current_version} (run {status.run_id}, {status.seconds:.1f} s)")
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 40):
        for name, frame in sections.items():
            print(f"\n== {name} ({len(frame)} shown)")
            print(frame.to_string(index=False) if not frame.empty else "(none)")
    return 0


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """JSON-ready rows; dates as YYYY-MM-DD."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    records: list[dict[str, object]] = json.loads(shown.to_json(orient="records"))
    return records


def _evaluate_seeds(args: argparse.Namespace) -> int:
    """Each seed's demo built, its herding computed and scored; then all of them together."""
    scored: list[tuple[int, herding.Evaluation]] = []
    until = args.until or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="casewatch-seeds-") as folder, progress_of(args, "herding") as progress:
        for seed in args.seeds:
            path = str(Path(folder) / f"demo-{seed}.duckdb")
            with progress.stage(f"seed {seed}: demo"):
                build_demo(path, seed=seed, until=until)
            with Database(path) as db, progress.stage(f"seed {seed}: herding"):
                scored.append((seed, herding.evaluate(db)))
            Path(path).unlink()
    together = herding.combine([evaluation for _, evaluation in scored], labels=[seed for seed, _ in scored])
    missing = herding.shortfalls(together)
    if args.json:
        document = {
            "seeds": [
                {"seed": seed, "shortfalls": herding.shortfalls(evaluation), **evaluation.as_dict()}
                for seed, evaluation in scored
            ],
            "together": together.as_dict(),
            "until": until.isoformat(),
            "meets_bar": not missing,
            "shortfalls": missing,
        }
        print(json.dumps(document, indent=2, sort_keys=True))
        return 0 if not missing else 1
    for seed, evaluation in scored:
        short = herding.shortfalls(evaluation)
        print(f"seed {seed}: " + ("meets the bar" if not short else "; ".join(short)))
        for error in evaluation.errors:
            print(f"  {_error_text(error)}")
    print(f"\n== seeds {', '.join(str(seed) for seed, _ in scored)} together (demos until {until.isoformat()})")
    print(_evaluation_text(together))
    print("\nmeets the bar: " + ("yes" if not missing else "no - " + "; ".join(missing)))
    return 0 if not missing else 1


def _evaluation_text(evaluation: herding.Evaluation) -> str:
    jaccards = ", ".join(f"{truth_id} {value:.2f}" for truth_id, value in evaluation.cohort_jaccard.items())
    lines = [
        f"waves planted {evaluation.planted_waves}, detected {evaluation.detected_waves} "
        "(rights holders and law firms)",
        f"precision {evaluation.precision:.3f} ({evaluation.matched_detected} of {evaluation.detected_waves})",
        f"recall    {evaluation.recall:.3f} ({evaluation.found_planted} of {evaluation.planted_waves})",
        f"false waves {evaluation.false_brand_waves} in {evaluation.brand_years:.1f} brand-years "
        f"= {evaluation.false_per_100_brand_years:.2f} per 100 brand-years; law firms {evaluation.false_firm_waves} "
        f"in {evaluation.firm_years:.1f} firm-years = {evaluation.false_per_100_firm_years:.2f} per 100",
        "",
        f"{'shape':<11} {'planted':>7} {'found':>5} {'recall':>6} {'credited':>8} {'false':>5} {'precision':>9}"
        f"  months to first flag (median; each)",
    ]
    for shape, figures in evaluation.shapes.items():
        delays = " ".join(str(d) for d in figures.months_to_flag)
        on_time = f"; by the threshold month {figures.on_time} of {figures.found}" if shape == "ramp" else ""
        lines.append(
            f"{shape:<11} {figures.planted:>7} {figures.found:>5} {figures.recall:>6.3f} {figures.credited:>8} "
            f"{figures.false:>5} {figures.precision:>9.3f}  {figures.median_months_to_flag:.1f} ({delays}){on_time}"
        )
    decoys = ", ".join(f"{shape} {flagged} of {planted}" for shape, (flagged, planted) in evaluation.decoys.items())
    lines += [
        f"decoys flagged: {decoys or '(none planted)'}",
        f"best Jaccard per planted cohort: {jaccards or '(none planted)'}",
        f"waves got wrong: {len(evaluation.errors) or 'none'}",
        *(f"  {_error_text(error)}" for error in evaluation.errors),
    ]
    return "\n".join(lines)


def _error_text(error: herding.WaveError) -> str:
    flagged = f", flagged {error.flagged_month}" if error.flagged_month else ""
    return f"{error.error} {error.shape}: {error.entity_kind} {error.entity} from {error.start_month}{flagged}"
