"""The import: files -> staged text -> typed and checked in DuckDB -> upserted, all in one
transaction.

Every row is validated in SQL (queries/ingest/check_<kind>.sql) so a million-row defendant list
costs a few table scans, not a Python loop. Any refused file or invalid row rolls the whole
import back (unless ``skip_invalid``, which writes the rejected rows and their reasons to a
file). After the writes, new or changed defendants are matched to members and the derived layer
is rebuilt, still inside the same transaction; an import that changes nothing does not bump the
data version.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from casewatch import herding, matching
from casewatch.addresses import AddressResolver
from casewatch.alerts import rules as alert_rules
from casewatch.db import Cursor, Database, interrupted
from casewatch.errors import KeyWrittenTwice
from casewatch.export import FORMULA_START, csv_bytes
from casewatch.facts import bump_data_version
from casewatch.filters import FIRST_FILING, LATEST_DAYS
from casewatch.i18n import t
from casewatch.ingest import docket as dockets
from casewatch.ingest import readers, sniff, spec
from casewatch.ingest.errors import (
    FileRejected,
    FileReport,
    ImportInterrupted,
    ImportRejected,
    ImportReport,
    RowError,
)
from casewatch.ingest.staging import stage_csv, stage_rows
from casewatch.progress import QUIET, Progress, Stage
from casewatch.sql import load_sql

DEFAULT_MAX_MB = 200
XLSX_SUFFIXES = (".xlsx", ".xlsm")
LOG = logging.getLogger(__name__)


def max_import_bytes() -> int:
    """Largest file accepted: CASEWATCH_MAX_IMPORT_MB (default 200) megabytes."""
    return int(float(os.environ.get("CASEWATCH_MAX_IMPORT_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


def run_sql(con: Cursor, name: str, **params: Any) -> Cursor:
    """Executes queries/<name>.sql binding those of ``params`` it names (DuckDB refuses extras)."""
    text = load_sql(name)
    bound = {key: value for key, value in params.items() if f"${key}" in text}
    return con.execute(text, bound) if bound else con.execute(text)


def _scalar(con: Cursor, name: str, **params: Any) -> int:
    # fetchall, not fetchone: a streamed result left unfinished blocks the connection's next query
    rows = run_sql(con, name, **params).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


class _DryRun(Exception):
    """Raised at the end of a validation-only run so that db.write() rolls everything back."""


@dataclass
class Stopwatch:
    """Seconds spent in each stage of an import (summed over its files), each stage also shown as
    it runs by ``progress``."""

    seconds: dict[str, float] = field(default_factory=dict)
    progress: Progress = QUIET

    @contextmanager
    def stage(self, name: str) -> Iterator[Stage]:
        started = time.perf_counter()
        try:
            with self.progress.stage(name) as shown:
                yield shown
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class Options:
    kind: str | None
    skip_invalid: bool
    sheet: str | None
    max_bytes: int
    rejected_dir: Path | None
    today: dt.date
    preview_rows: int
    lang: str
    clock: Stopwatch  # the import's stage timings, filled in as it runs

    @property
    def max_date(self) -> dt.date:
        return self.today + dt.timedelta(days=LATEST_DAYS)


def import_files(
    db: Database,
    paths: Sequence[str | Path],
    kind: str | None = None,
    skip_invalid: bool = False,
    *,
    sheet: str | None = None,
    max_bytes: int | None = None,
    rejected_dir: str | Path | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    preview_rows: int = 0,
    source_names: list[str] | None = None,
    lang: str = "zh",
    herding_in_background: bool = False,
    progress: Progress = QUIET,
    in_transaction: Callable[[Cursor, ImportReport], None] | None = None,
) -> ImportReport:
    """Imports the files in one transaction and returns what happened.

    Raises ImportRejected (with the report) when a file is refused or a row is invalid and
    ``skip_invalid`` is off; nothing is written then. ``dry_run`` validates and previews, then
    rolls back. ``source_names`` name uploaded files whose paths are temporary. After a commit
    the herding results are recomputed for the new version - before returning, or, with
    ``herding_in_background`` (the app: 12 s at 10M rows), in a thread of this process while
    herding pages wait for it or show the previous results labelled as such. ``progress`` shows
    the stages (read, check, upsert, match, keys, rebuild, log, herding) as they run.
    ``in_transaction(con, report)`` runs last inside the import's transaction (not on a dry run),
    so that what it writes (the feed's queue and cursor) commits exactly when the import does.
    """
    if kind is not None and kind not in spec.KINDS:
        raise FileRejected("unknown_kind", f"unknown kind {kind!r}")
    options = Options(
        kind=kind,
        skip_invalid=skip_invalid,
        sheet=sheet,
        max_bytes=max_bytes if max_bytes is not None else max_import_bytes(),
        rejected_dir=Path(rejected_dir) if rejected_dir else None,
        today=today or dt.date.today(),
        preview_rows=preview_rows,
        lang=lang,
        clock=Stopwatch(progress=progress),
    )
    clock = options.clock
    names = source_names or [Path(p).name for p in paths]
    report = ImportReport(stage_seconds=clock.seconds)
    held = False
    try:
        with tempfile.TemporaryDirectory(prefix="casewatch-import-") as workdir, db.write() as con:
            with clock.stage("read"):
                matching.prepare_name_keys(con)
                run_sql(con, "ingest/formula_start", pattern=FORMULA_START)
                run_sql(con, "ingest/stored_dockets")
                run_sql(con, "ingest/vocab")
                run_sql(con, "ingest/touched_init")
            members_changed = False
            for path, name in zip(paths, names, strict=True):
                for file_report in _import_path(con, Path(path), name, options, Path(workdir)):
                    report.files.append(file_report)
                    members_changed |= file_report.kind == "members" and file_report.changed
                    if file_report.status in ("refused", "rejected"):
                        raise ImportRejected(report)
            changed = any(f.changed for f in report.files)
            if dry_run:
                raise _DryRun
            # links made with older name keys or matching rules: every defendant is matched again
            rematch = matching.rules_outdated(con)
            if changed or rematch:
                everything = members_changed or rematch
                with clock.stage("match") as shown:
                    report.matching = matching.match_touched(con, everything=everything)
                    shown.unit = "links"
                    shown.count(report.matching.get("auto", 0) + report.matching.get("review", 0))
                with clock.stage("keys"):
                    _refuse_keys_twice(con, everything=everything)
                with clock.stage("rebuild"):
                    # the outcomes a docket states (a dismissal of No. 2 is its outcome)
                    run_sql(con, "ingest/docket_outcomes")
                    # a member register or rules change reaches every defendant; anything else only its cases
                    report.data_version = bump_data_version(con, only_touched=not everything)
                with clock.stage("alerts"):
                    # the outbox is written in the import's transaction: an alert exists exactly when its data does
                    alert_rules.compute(con, options.today, report.data_version)
            if report.data_version:
                # the herding recompute for this version is on its way from the commit on
                held = herding.hold_refresh(db)
            with clock.stage("log"):
                for file_report in report.files:
                    _log(con, file_report, options.lang)
                if in_transaction is not None:
                    in_transaction(con, report)
            committing = time.perf_counter()
        clock.seconds["commit"] = time.perf_counter() - committing
    except _DryRun:
        return report
    except BaseException:
        if held:
            herding.release_refresh(db)
        raise
    report.committed = True
    if report.data_version:
        # herding results are cached per data version; recompute them for what was just committed
        if herding_in_background:
            threading.Thread(target=_refresh_herding, args=(db, held), name="casewatch-herding", daemon=True).start()
        else:
            _refresh_after_commit(db, held, report, clock)
    return report


def _refresh_after_commit(db: Database, held: bool, report: ImportReport, clock: Stopwatch) -> None:
    """The herding recompute after a committed import; Ctrl-C there raises ImportInterrupted with
    the report, so that the user learns the import stands and only the herding results wait."""
    try:
        with clock.stage("herding"):
            herding.refresh(db, held=held)
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not interrupted(exc):
            raise
        report.herding_interrupted = True
        raise ImportInterrupted(report) from exc


def _refuse_keys_twice(con: Cursor, everything: bool) -> None:
    """Raises KeyWrittenTwice (rolling the import back) when a case the import wrote holds a member
    link key twice: the check member_links' primary key made before schema version 6, here only
    over the cases written (all, ``everything``: after a register change)."""
    row = run_sql(con, "ingest/duplicate_keys", everything=everything).fetchone()
    if row:
        key = "/".join(str(part) for part in row)
        raise KeyWrittenTwice(f"the import would store member link {key} twice", table="member_links", key=key)


def _refresh_herding(db: Database, held: bool) -> None:
    try:
        herding.refresh(db, held=held)
    except Exception:  # a thread has no caller to raise to: the log says why, the page offers a recompute
        LOG.exception("herding recompute after an import failed")


def _log(con: Cursor, report: FileReport, lang: str) -> None:
    run_sql(
        con,
        "ingest/log_import",
        import_id=_scalar(con, "ingest/next_import_id"),
        source_name=report.source_name,
        sha256=report.sha256,
        kind=report.kind,
        rows_in=report.rows_in,
        rows_accepted=report.rows_accepted,
        rows_rejected=report.rows_rejected,
        status=report.status,
        message=" ".join([report.summary(lang), *report.notices(lang)])[:1000],
    )


def _import_path(con: Cursor, path: Path, name: str, options: Options, workdir: Path) -> list[FileReport]:
    """Reports for one file (a docket file gives one per docket); refusals become a refused report."""
    try:
        return _read_and_import(con, path, name, options, workdir)
    except FileRejected as exc:
        exc.source_name = name
        return [FileReport(source_name=name, kind=options.kind or "?", refused=exc)]


def _read_and_import(con: Cursor, path: Path, name: str, options: Options, workdir: Path) -> list[FileReport]:
    if not path.is_file():
        raise FileRejected("not_found", f"no such file: {path}", path=str(path))
    size = path.stat().st_size
    if size > options.max_bytes:
        raise FileRejected(
            "too_large",
            f"file is {size / 1048576:.1f} MB, above the {options.max_bytes / 1048576:.0f} MB limit",
            size_mb=f"{size / 1048576:.1f}",
            limit_mb=f"{options.max_bytes / 1048576:.0f}",
        )
    if size == 0:
        raise FileRejected("empty", "the file is empty")
    if options.skip_invalid:
        _check_writable(options.rejected_dir or path.parent)
    with options.clock.stage("read"):
        # a PDF, picture or workbook renamed .csv is named for what it is, before a reader trips on it
        sniff.check_upload(path, name)
        sha = readers.sha256_of(path)
    suffix = path.suffix.lower()
    if suffix == ".json" or options.kind == "docket":
        return _import_dockets(con, path, name, sha, options)
    if suffix == ".xls":
        raise FileRejected("xls", "old .xls workbooks are not read; save as .xlsx or CSV")
    if suffix in XLSX_SUFFIXES:
        with options.clock.stage("read"):
            frame_source = readers.open_xlsx(path, options.sheet)
            try:
                kind = options.kind or spec.detect_kind(frame_source.headers)
            except FileRejected as refused:
                if options.sheet is None and len(frame_source.sheets) > 1:
                    # the first sheet is often a cover or instructions: name the others
                    raise FileRejected(
                        "unknown_kind_sheets",
                        f"cannot tell what the first sheet holds; choose a sheet ({', '.join(frame_source.sheets)})",
                        sheets=", ".join(frame_source.sheets),
                    ) from refused
                raise
            header = spec.map_header(frame_source.headers, kind)
            spec.check_required(header)
            con.register("intake_frame", readers.frame_of(frame_source, header.staged_names()))
            try:
                run_sql(con, "ingest/stage_frame")
            finally:
                con.unregister("intake_frame")
        report = FileReport(source_name=name, kind=kind, sha256=sha, encoding="xlsx")
        report.unread_sheets = list(frame_source.unread)
        return [_import_staged(con, report, header, frame_source.first_row, options, source_dir=path.parent)]
    with options.clock.stage("read"):
        csv_source = readers.open_csv(path, workdir)
        kind = options.kind or spec.detect_kind(csv_source.headers)
        header = spec.map_header(csv_source.headers, kind)
        spec.check_required(header)
        stage_csv(con, csv_source, header)
    report = FileReport(source_name=name, kind=kind, sha256=sha, encoding=csv_source.encoding)
    return [_import_staged(con, report, header, 2, options, source_dir=path.parent)]


def _import_dockets(con: Cursor, path: Path, name: str, sha: str, options: Options) -> list[FileReport]:
    reports = []
    with options.clock.stage("read"):
        parsed_dockets = dockets.parse_dockets(readers.load_json(path))
    for parsed in parsed_dockets:
        label = f"{name} [{parsed.case_id}]"
        ((case_id,),) = run_sql(con, "ingest/case_id_of", court=parsed.court, docket=parsed.docket_number).fetchall()
        replaced = {str(v) for (v,) in run_sql(con, "ingest/replaced_aggregates", case_id=case_id).fetchall()}
        listed = bool(_scalar(con, "ingest/case_listed", case_id=case_id))
        report = FileReport(source_name=label, kind="docket", sha256=sha, encoding="json", case_id=case_id)
        report.undated_entries = list(parsed.undated)
        if parsed.terminated_given and parsed.closed_on is None:
            # no date of termination (any more): a case reopened loses the one an earlier reading stored
            run_sql(con, "ingest/docket_reopened", case_id=case_id)
        for kind in ("cases", "defendants", "events"):
            if kind == "cases":
                rows = dockets.case_rows(parsed)
            elif kind == "defendants":
                rows = dockets.defendant_rows(parsed, replaced, listed=listed)
                if parsed.defendants:
                    # the party list is the docket's current one: a party it no longer names (a
                    # misspelling corrected) goes, unless another file has named it
                    names = sorted({name.lower() for name, _ in parsed.defendants})
                    run_sql(con, "ingest/docket_parties_stale", case_id=case_id, names=names)
                    run_sql(con, "ingest/docket_parties_drop")
            else:  # after the defendants: entries naming stores are matched against those stored then
                rows = dockets.event_rows(parsed, _case_stores(con, case_id))
            if not rows["court"]:
                continue
            if kind == "cases":
                # what the docket does not say (no attorney: no law firm) leaves the stored value; an
                # empty date of termination it states is said (the case is open: reopened, if closed)
                rows = {
                    column: values
                    for column, values in rows.items()
                    if any(v is not None for v in values) or (column == "closed_on" and parsed.terminated_given)
                }
            with options.clock.stage("read"):
                stage_rows(con, kind, rows)
            header = spec.HeaderMap(kind, tuple(rows), tuple(rows))
            part = _import_staged(
                con,
                FileReport(source_name=label, kind=kind),
                header,
                1,
                options,
                source_dir=path.parent,
                replace_aggregates=False,
                fill_only=dockets.GUESSED_CASE_COLUMNS,
            )
            report.rows_in += part.rows_in
            report.rows_rejected += part.rows_rejected
            report.errors += part.errors
            for table, count in part.written.items():
                report.written[table] = report.written.get(table, 0) + count
            if part.status == "rejected":
                break
        reports.append(report)
    return reports


def _case_stores(con: Cursor, case_id: str) -> dict[int, str]:
    return {int(no): str(name) for no, name in run_sql(con, "ingest/case_stores", case_id=case_id).fetchall()}


def _import_staged(
    con: Cursor,
    report: FileReport,
    header: spec.HeaderMap,
    first_row: int,
    options: Options,
    *,
    source_dir: Path,
    replace_aggregates: bool = True,
    fill_only: tuple[str, ...] = (),
) -> FileReport:
    """Types, checks and (when clean or skipping) writes the staged rows of one kind; the columns
    in ``fill_only`` are written only where the stored case has none (a docket's guesses)."""
    report.ignored_columns = header.ignored
    with options.clock.stage("check") as shown:
        valid = _check_staged(con, report, header, first_row, options, source_dir, replace_aggregates)
        shown.count(report.rows_in)
        if not valid:
            return report
    with options.clock.stage("upsert") as shown:
        _upsert_staged(con, report, header, replace_aggregates, fill_only)
        shown.count(report.rows_in - report.rows_rejected)
    return report


def _check_staged(
    con: Cursor,
    report: FileReport,
    header: spec.HeaderMap,
    first_row: int,
    options: Options,
    source_dir: Path,
    replace_aggregates: bool,
) -> bool:
    """Types and checks the staged rows (keying defendants to their numbers); True when there are
    rows to write (all valid, or the valid ones when skipping invalid rows)."""
    kind = report.kind
    run_sql(con, f"ingest/typed_{kind}", first_row=first_row)
    if kind == "members":
        _resolve_addresses(con)
    run_sql(con, f"ingest/check_{kind}", min_date=FIRST_FILING, max_date=options.max_date, first_row=first_row)
    report.rows_in = _scalar(con, f"ingest/rows_in_{kind}")
    if report.rows_in == 0:
        raise FileRejected("no_rows", "the file has a header but no data rows")
    if options.preview_rows:
        report.preview = run_sql(con, f"ingest/preview_{kind}", limit=options.preview_rows).df()
    _collect_errors(con, report, header)
    if report.errors and not options.skip_invalid:
        return False
    if kind == "defendants":
        if replace_aggregates:
            run_sql(con, "ingest/drop_aggregates")
        run_sql(con, "ingest/keyed_numbers")
        run_sql(con, "ingest/keyed_defendants")
        if _scalar(con, "ingest/count_defendant_numbers"):
            # a looked-up or assigned number may name a defendant another row of the file names;
            # such rows become errors, which the keyed view leaves out from then on
            run_sql(con, "ingest/keyed_duplicates")
            found = len(report.errors)
            _collect_errors(con, report, header)
            if len(report.errors) > found and not options.skip_invalid:
                return False
    if report.rows_rejected:
        folder = options.rejected_dir or source_dir
        report.rejected_path = _write_rejected(con, report, header, first_row, folder, options.lang)
    return report.rows_accepted > 0


def _upsert_staged(
    con: Cursor,
    report: FileReport,
    header: spec.HeaderMap,
    replace_aggregates: bool,
    fill_only: tuple[str, ...] = (),
) -> None:
    """Writes the accepted rows that differ from what is stored; counts them in report.written."""
    present = header.present
    kind = report.kind
    if kind == "cases":
        run_sql(con, "ingest/changed_cases", present=present, fill=list(fill_only), source="import")
        report.written["cases"] = _scalar(con, "ingest/count_cases_changed")
        run_sql(con, "ingest/write_cases")
        if report.written["cases"]:
            run_sql(con, "ingest/stored_dockets")  # later files name these cases too
    elif kind == "defendants":
        run_sql(con, "ingest/changed_defendants", present=present)
        report.written["defendants"] = _scalar(con, "ingest/count_defendants_changed")
        run_sql(con, "ingest/write_defendants")
        run_sql(con, "ingest/touched_add")
        if replace_aggregates:  # a defendant list: what it names is no longer only a docket's party
            run_sql(con, "ingest/docket_parties_listed")
        else:  # a docket's party list
            run_sql(con, "ingest/register_aggregates")
            run_sql(con, "ingest/docket_parties_add")
    elif kind == "members":
        run_sql(con, "ingest/changed_members", present=present)
        report.written["members"] = _scalar(con, "ingest/count_members_changed")
        run_sql(con, "ingest/write_members")
        if {"store_name", "seller_id", "aliases", "platform"} & set(present):
            run_sql(con, "ingest/changed_member_stores")
            report.written["member_stores"] = _scalar(con, "ingest/count_member_store_changes")
            run_sql(con, "ingest/write_member_stores")
    else:
        run_sql(con, "ingest/changed_events")
        report.written["events"] = _scalar(con, "ingest/count_events_changed")
        run_sql(con, "ingest/write_events")


def _collect_errors(con: Cursor, report: FileReport, header: spec.HeaderMap) -> None:
    rows = run_sql(con, "ingest/errors").fetchall()
    report.errors = [
        RowError(int(row), column, header.label(column), value, reason, detail)
        for row, column, value, reason, detail in rows
    ]
    report.rows_rejected = len({e.row for e in report.errors})


def _resolve_addresses(con: Cursor) -> None:
    pending = run_sql(con, "ingest/member_addresses").fetchall()
    if not pending:
        return
    resolver = AddressResolver.from_connection(con)
    resolved = []
    for row_no, address in pending:
        place = resolver.resolve(address)
        resolved.append((row_no, place.city_code, place.district))
    con.register("intake_resolved", pd.DataFrame(resolved, columns=["row_no", "city_code", "district"], dtype=object))
    try:
        run_sql(con, "ingest/apply_addresses")
    finally:
        con.unregister("intake_resolved")


def _write_rejected(
    con: Cursor,
    report: FileReport,
    header: spec.HeaderMap,
    first_row: int,
    folder: Path,
    lang: str,
) -> str:
    """Writes the rejected rows as the file had them plus their reasons; returns the path."""
    raw = run_sql(con, "ingest/rejected_rows", first_row=first_row).df()
    keep = {n: h for n, h in zip(header.staged_names(), [*header.headers], strict=False)}
    raw = raw[["row_no", *keep]].rename(columns=keep)
    reasons: dict[int, list[str]] = {}
    for error in report.errors:
        reasons.setdefault(error.row, []).append(error.message(lang))
    raw[t("intake.col.reasons", lang)] = [" | ".join(reasons.get(int(r), [])) for r in raw["row_no"]]
    raw = raw.rename(columns={"row_no": t("intake.col.row", lang)})
    stem = Path(report.source_name).stem or "import"
    out = folder / f"{stem}.rejected.csv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        out.write_bytes(csv_bytes(raw))
    except OSError as exc:
        raise _unwritable(out, exc.strerror or str(exc)) from exc
    return str(out)


def _check_writable(folder: Path) -> None:
    """Refuses an import skipping invalid rows whose rejected-rows folder (or, when it is still to
    be made, its nearest existing parent) cannot be written, before any row is read."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise _unwritable(folder, "not a writable folder")


def _unwritable(path: Path, reason: str) -> FileRejected:
    return FileRejected(
        "rejected_dir",
        f"the rejected rows cannot be written to {path} ({reason}); choose a writable folder with --rejected-dir",
        path=str(path),
        reason=reason,
    )
