"""What an import reports: file-level refusals, row errors and the per-file / per-import report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casewatch.errors import CaseWatchError
from casewatch.i18n import t


class FileRejected(CaseWatchError):
    """A whole file refused before any row is read (encoding, shape, size ...).

    ``code`` names the locale string ``intake.file.<code>``; ``fmt`` fills it.
    """

    def __init__(self, code: str, message: str, **fmt: object) -> None:
        super().__init__(message, **fmt)
        self.code = code
        self.key = f"intake.file.{code}"
        self.source_name = ""

    def describe(self, lang: str) -> str:
        return t(self.key, lang, **{"file": self.source_name, **self.fmt})


@dataclass(frozen=True)
class RowError:
    """One invalid cell: spreadsheet row number, column (contract name and the file's header),
    the value as written, a reason code (``intake.reason.<code>``) and its detail."""

    row: int
    column: str
    header: str
    value: str | None
    reason: str
    detail: str | None = None

    def reason_text(self, lang: str) -> str:
        return t(f"intake.reason.{self.reason}", lang, detail=self.detail or "")

    def message(self, lang: str) -> str:
        column = self.header if self.header == self.column else f"{self.header} ({self.column})"
        return t(
            "intake.row_error",
            lang,
            row=self.row,
            column=column,
            value="" if self.value is None else self.value,
            reason=self.reason_text(lang),
        )


@dataclass
class FileReport:
    """What happened to one file (or one docket) of an import."""

    source_name: str
    kind: str
    sha256: str = ""
    encoding: str | None = None
    rows_in: int = 0
    rows_rejected: int = 0
    written: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    unread_sheets: list[str] = field(default_factory=list)  # an XLSX's other sheets that hold something
    undated_entries: list[str] = field(default_factory=list)  # a docket's milestone entries with no date
    case_id: str | None = None  # a docket's case as stored (its number as PACER writes it, no judge's initials)
    rejected_path: str | None = None
    refused: FileRejected | None = None
    preview: Any = None  # a DataFrame of the first parsed rows when asked for

    @property
    def rows_accepted(self) -> int:
        return self.rows_in - self.rows_rejected

    @property
    def changed(self) -> bool:
        return any(self.written.values())

    @property
    def status(self) -> str:
        """refused | rejected | partial (some rows skipped) | ok | unchanged."""
        if self.refused is not None:
            return "refused"
        if self.rows_rejected and (self.rejected_path is None or self.rows_accepted == 0):
            return "rejected"
        if self.rows_rejected:
            return "partial"
        return "ok" if self.changed else "unchanged"

    def notices(self, lang: str) -> list[str]:
        """What the file held that was not imported without being an error (a docket's undated
        milestone entries), one line each."""
        if not self.undated_entries:
            return []
        entries = " | ".join(self.undated_entries)
        return [t("intake.undated_entries", lang, count=len(self.undated_entries), entries=entries)]

    def summary(self, lang: str, held: str | None = None) -> str:
        """One line on the file. ``held``: why what it would write was not written - "validated"
        (a validation run) or "rolled_back" (another file of the import was rejected)."""
        if self.refused is not None:
            return self.refused.describe(lang)
        written = ", ".join(f"{table} {count}" for table, count in self.written.items() if count) or "—"
        status = self.status
        if held and status in ("ok", "partial"):
            status = held
        return t(
            "intake.file_summary" if held is None else "intake.file_summary_held",
            lang,
            file=self.source_name,
            kind=t(f"intake.kind.{self.kind}", lang),
            rows=self.rows_in,
            accepted=self.rows_accepted,
            rejected=self.rows_rejected,
            written=written,
            status=t(f"intake.status.{status}", lang),
        )


@dataclass
class ImportReport:
    """The files of one import, whether it was committed, what matching did and the seconds each
    stage took (read, check, upsert, match, rebuild, log, commit, herding)."""

    files: list[FileReport] = field(default_factory=list)
    committed: bool = False
    data_version: int | None = None
    matching: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    herding_interrupted: bool = False  # Ctrl-C after the commit, before the herding results were recomputed

    @property
    def ok(self) -> bool:
        return all(f.status in ("ok", "unchanged", "partial") for f in self.files)

    @property
    def errors(self) -> list[RowError]:
        return [e for f in self.files for e in f.errors]

    def lines(self, lang: str, max_errors: int = 50) -> list[str]:
        """The report as text lines: one summary per file, then its first row errors."""
        out: list[str] = []
        held = None
        if not self.committed:  # nothing of it was written: validated only, or rolled back
            held = "validated" if self.ok else "rolled_back"
        for report in self.files:
            out.append(report.summary(lang, held))
            if report.unread_sheets:
                out.append(t("intake.unread_sheets", lang, sheets=", ".join(report.unread_sheets)))
            if report.ignored_columns:
                out.append(t("intake.ignored_columns", lang, columns=", ".join(report.ignored_columns)))
            out.extend(report.notices(lang))
            for error in report.errors[:max_errors]:
                out.append("  " + error.message(lang))
            if len(report.errors) > max_errors:
                out.append("  " + t("intake.more_errors", lang, count=len(report.errors) - max_errors))
            if report.rejected_path:
                out.append(t("intake.rejected_file", lang, path=report.rejected_path))
        if any(self.matching.values()):
            out.append(t("intake.matching_summary", lang, **self.matching))
        if self.herding_interrupted:
            out.append(t("intake.herding_interrupted", lang))
        return out


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl-C after the import committed, while the herding results were being recomputed: the
    import stands and ``report`` says what it wrote. A KeyboardInterrupt, so that a caller not
    asking for the report stops as it would for any Ctrl-C."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("interrupted after the import was committed")
        self.report = report


class ImportRejected(CaseWatchError):
    """An import with refused files or invalid rows: nothing was written. ``report`` says why."""

    key = "intake.rejected"

    def __init__(self, report: ImportReport) -> None:
        bad = [f for f in report.files if f.status in ("refused", "rejected")]
        names = ", ".join(f.source_name for f in bad)
        super().__init__(f"import rejected, nothing written: {names}", files=names)
        self.report = report
