"""``bench``: build (or reuse) a demo database at a scale and run every bench/bench_*.py on it."""

from __future__ import annotations

import argparse
import importlib.util
import re
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from casewatch.cli._common import add_quiet_argument, positive_number, progress_of
from casewatch.db import Database
from casewatch.demo import build_demo
from casewatch.facts import set_meta
from casewatch.sql import ROOT

HELP = "run the benchmark suite on a demo database of the given scale and print a table"
BENCH_DIR = ROOT / "bench"
CACHE_DIR = ROOT / "data" / "bench"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale", type=positive_number, default=1.0, help="demo scale (70 is about 10M defendant rows)"
    )
    parser.add_argument("--db", default=None, help="benchmark this database instead of a demo one")
    parser.add_argument(
        "--only", default=None, help="run only bench/bench_<ONLY>.py (several: comma-separated, e.g. overview,export)"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo database even if cached")
    add_quiet_argument(parser)


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"casewatch_bench_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def demo_database(scale: float, rebuild: bool) -> tuple[str, list[dict[str, Any]]]:
    """The cached demo database for a scale (built when absent) and a row for its build time."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"scale{scale:g}.duckdb"
    if rebuild or not path.exists():
        started = time.perf_counter()
        build_demo(str(path), scale=scale)
        seconds = time.perf_counter() - started
        db = Database(str(path))
        with db.write() as con:
            set_meta(con, "demo_build_seconds", f"{seconds:.2f}")
        db.close()
    Database(str(path)).close()  # brings a cached file made by an older CaseWatch up to date
    db = Database(str(path), read_only=True)
    seconds_text = db.meta("demo_build_seconds", "nan") or "nan"
    rows = int(db.query("facts/extent")["defendants"].to_numpy()[0])
    db.close()
    note = "built in this run" if rebuild else "build time recorded when the cached file was built"
    return str(path), [
        {"benchmark": f"demo build (scale {scale:g})", "seconds": float(seconds_text), "rows": rows, "note": note}
    ]


# Issue 22's table: (its row, the benchmark that measures it, the target in seconds)
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("overview query set, 12 months", "overview query set, DuckDB (12 months)", 0.15),
    ("overview query set, all dates", "overview query set, DuckDB (all dates)", 0.4),
    ("trends page, 12 months", "breakdowns page trends (12 months)", 0.5),
    ("trends page, all dates", "breakdowns page trends (all dates)", 0.5),
    ("lifecycle page, 12 months", "breakdowns page lifecycle (12 months)", 0.5),
    ("lifecycle page, all dates", "breakdowns page lifecycle (all dates)", 0.5),
    ("sectors page, all dates", "breakdowns page sectors (all dates)", 0.5),
    ("brand dossier, 12 months", "breakdowns page parties: brand dossier (12 months)", 0.5),
    ("brand dossier, all dates", "breakdowns page parties: brand dossier (all dates)", 0.5),
    ("Shenzhen drill-down, all dates", "breakdowns page regions: Shenzhen drill-down (all dates)", 0.5),
    ("cases page: a store-name word", "cases page: 12 months, search a store-name word", 0.3),
    ("cases page: page 1,001", "cases page: 12 months, page 1,001", 0.3),
)
PANDAS_FACTOR = 15  # the overview query set in DuckDB against the same work in pandas, same run
EXPORT_FACTOR = 2  # the CSV download against DuckDB's bare COPY of the same rows, same run
EXPORT_PEAK_MIB = 1024


def target_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue 22's rows that this run measured, each beside its target and whether it is met."""
    seconds = {str(r["benchmark"]): float(r["seconds"]) for r in rows}
    notes = {str(r["benchmark"]): str(r.get("note", "")) for r in rows}
    met = {True: "met", False: "NOT met"}
    out: list[dict[str, Any]] = []
    for label, name, target in TARGETS:
        if name not in seconds:
            continue
        note = f"target < {target} s: {met[seconds[name] < target]}"
        if label.startswith("overview"):
            window = label.split(", ")[1]
            panda = seconds.get(f"overview query set, pandas ({window})")
            if panda is not None:
                factor = panda / seconds[name]
                note += f"; pandas {factor:.1f}x slower (target {PANDAS_FACTOR}x: {met[factor >= PANDAS_FACTOR]})"
        out.append({"benchmark": f"issue 22: {label}", "seconds": seconds[name], "rows": 0, "note": note})
    csv, bare = (
        "export: CSV of the case table, CLI in a subprocess",
        "export: bare DuckDB COPY to CSV of the same rows and columns",
    )
    if csv in seconds and bare in seconds:
        factor = seconds[csv] / seconds[bare]
        peak = re.search(r"peak RSS ([\d,]+) MiB", notes[csv])
        peak_mib = int(peak.group(1).replace(",", "")) if peak else 0
        ok = factor < EXPORT_FACTOR and peak_mib < EXPORT_PEAK_MIB
        note = (
            f"{factor:.2f}x the bare COPY ({seconds[bare]:.3f} s), peak {peak_mib:,} MiB;"
            f" target < {EXPORT_FACTOR}x and < {EXPORT_PEAK_MIB} MiB: {met[ok]}"
        )
        out.append({"benchmark": "issue 22: CSV download (CLI)", "seconds": seconds[csv], "rows": 0, "note": note})
    return out


def format_table(rows: list[dict[str, Any]]) -> str:
    header = ("benchmark", "seconds", "rows", "note")
    cells = [header] + [
        (str(r["benchmark"]), f"{float(r['seconds']):.3f}", f"{int(r.get('rows') or 0):,}", str(r.get("note", "")))
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(header))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    if args.db:
        path = args.db
    else:
        path, build_rows = demo_database(args.scale, args.rebuild)
        rows.extend(build_rows)
    patterns = [f"bench_{name.strip()}.py" for name in args.only.split(",")] if args.only else ["bench_*.py"]
    files = sorted({found for pattern in patterns for found in BENCH_DIR.glob(pattern)})
    with progress_of(args, "bench") as progress:
        for bench_file in files:
            module = _load(bench_file)
            with progress.stage(bench_file.stem.removeprefix("bench_"), unit="measures") as shown:
                produced = module.run(path)
                shown.count(len(produced))
            rows.extend(produced)
    print(format_table(rows))
    targets = target_rows(rows)
    if targets:
        print()
        print(format_table(targets))
    return 0
