"""Data intake: CSV / XLSX / docket JSON -> validated, all-or-nothing, idempotent upserts.

``import_files(db, paths, kind=None, skip_invalid=False) -> ImportReport`` is the one entry
point (the CLI ``import`` command and the Data page call it). It raises ImportRejected (carrying
the report) when anything is refused; nothing is written then.
"""

from casewatch.ingest.errors import FileRejected, FileReport, ImportInterrupted, ImportRejected, ImportReport, RowError
from casewatch.ingest.pipeline import DEFAULT_MAX_MB, import_files, max_import_bytes
from casewatch.ingest.spec import KINDS

__all__ = [
    "DEFAULT_MAX_MB",
    "KINDS",
    "FileRejected",
    "FileReport",
    "ImportInterrupted",
    "ImportRejected",
    "ImportReport",
    "RowError",
    "import_files",
    "max_import_bytes",
]
