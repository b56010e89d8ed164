"""Widgets of the Data page: uploads kept across reruns, the validation report, commit, review
decisions. The import itself is casewatch.ingest; this only moves bytes and renders results."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from casewatch import matching
from casewatch.errors import CaseWatchError
from casewatch.i18n import t
from casewatch.ingest import ImportRejected, ImportReport, import_files
from casewatch.ui import failures
from casewatch.ui.context import PageContext
from casewatch.ui.literal import literal
from casewatch.ui.progress import StatusProgress

_UPLOADS = "intake_uploads"
_OUTCOME = "intake_outcome"
_STAGES = "intake_stages"


def keep_uploads(files: list[object] | None) -> list[tuple[str, bytes]]:
    """The uploaded files as (name, bytes), kept in session state until replaced."""
    if files:
        st.session_state[_UPLOADS] = [(f.name, f.getvalue()) for f in files]  # type: ignore[attr-defined]
    return list(st.session_state.get(_UPLOADS, []))


def run_import(ctx: PageContext, uploads: list[tuple[str, bytes]], *, commit: bool, **options: object) -> None:
    """Validates (or commits) the uploads; the report goes to session state for render_outcome()."""
    with tempfile.TemporaryDirectory(prefix="casewatch-upload-") as folder:
        paths = []
        for index, (name, data) in enumerate(uploads):
            path = Path(folder) / f"{index}_{Path(name).name}"
            path.write_bytes(data)
            paths.append(path)
        progress = StatusProgress(t("progress.import" if commit else "progress.validate", ctx.lang), ctx.lang)
        try:
            report = import_files(
                ctx.db,
                paths,
                source_names=[name for name, _ in uploads],
                dry_run=not commit,
                preview_rows=20,
                rejected_dir=Path(tempfile.gettempdir()) / "casewatch-rejected",
                lang=ctx.lang,
                herding_in_background=True,  # the page answers at once; herding pages wait for it
                progress=progress,
                **options,  # type: ignore[arg-type]
            )
        except ImportRejected as exc:
            report = exc.report
        except CaseWatchError as exc:
            progress.fail()
            st.session_state[_OUTCOME] = ("error", failures.message(exc, ctx.lang), None)
            return
        progress.close()
    st.session_state[_STAGES] = progress.lines
    st.session_state[_OUTCOME] = ("committed" if report.committed else "checked", "", report)


def render_outcome(lang: str) -> bool:
    """Shows the last validation or import; True when it was a clean validation ready to commit."""
    state, text, report = st.session_state.get(_OUTCOME, (None, "", None))
    if state == "error":
        st.error(text)
        return False
    if not isinstance(report, ImportReport):
        return False
    good = report.ok and bool(report.files)
    stages = st.session_state.get(_STAGES)
    if stages:
        with st.status(t("progress.stages", lang), state="complete", expanded=False):
            st.text("\n".join(stages))
    if state == "committed":
        st.success(t("intake.page.committed", lang, version=report.data_version or "—"))
    elif good:
        st.info(t("intake.page.valid", lang))
    else:
        st.error(t("intake.page.invalid", lang))
    st.text("\n".join(report.lines(lang, max_errors=10)))
    if report.errors:
        st.dataframe(error_table(report, lang), hide_index=True)
    for file_report in report.files:
        if file_report.rejected_path and Path(file_report.rejected_path).is_file():
            st.download_button(
                t("intake.page.download_rejected", lang, file=literal(file_report.source_name)),
                data=Path(file_report.rejected_path).read_bytes(),
                file_name=Path(file_report.rejected_path).name,
                mime="text/csv",
                key=f"rejected_{file_report.source_name}",
                on_click="ignore",
            )
        if state == "checked" and file_report.preview is not None and not file_report.preview.empty:
            st.caption(t("intake.page.preview", lang, file=literal(file_report.source_name)))
            st.dataframe(file_report.preview, hide_index=True)
    return state == "checked" and good


def error_table(report: ImportReport, lang: str) -> pd.DataFrame:
    rows = [(f.source_name, e.row, e.header, e.value, e.reason_text(lang)) for f in report.files for e in f.errors]
    columns = [t(f"intake.page.col.{c}", lang) for c in ("file", "row", "column", "value", "reason")]
    return pd.DataFrame(rows[:2000], columns=columns)


def decide(ctx: PageContext, subject: str, member_id: str, decision: str) -> None:
    matching.decide(ctx.db, subject, member_id, decision, decided_by=ctx.scope.email)
