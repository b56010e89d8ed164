"""Widgets of the Cases page: search and sort (mirrored in the URL as ``q`` and ``sort``), the
server-side paged table, its downloads, and the detail of one case (``?case=``).

Every row comes from queries/cases/*.sql run with the viewer's scope, so what a member sees and
downloads is already masked by the data layer.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from casewatch import cases, export
from casewatch.charts import cases as charts_cases
from casewatch.i18n import column_labels, t
from casewatch.ui import blocks
from casewatch.ui.context import PageContext
from casewatch.ui.literal import literal

PAGE_KEY = "cases_page"
SORT_KEY = "cases_sort"
TABLE_KEY = "cases_table_round"
# Beyond these the CLI export is the tool: a browser download is held in memory, and only a table
# sorted by filing date is exported month by month (cases.export_slices); other sorts sort it whole.
MAX_DOWNLOAD_ROWS = 1_000_000
MAX_DOWNLOAD_ROWS_OTHER_SORT = 250_000


def download_limit(request: cases.TableRequest) -> int:
    return MAX_DOWNLOAD_ROWS if request.sort == "filed_on" else MAX_DOWNLOAD_ROWS_OTHER_SORT


SORT_OPTIONS = [option for name in cases.SORTABLE for option in (f"-{name}", name)]


def _first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def table_request(lang: str) -> cases.TableRequest:
    """The search box and the sort picker; both live in the URL (q=, sort=)."""
    if SORT_KEY not in st.session_state:
        # seeded from the link once; a bound selectbox would put its translated label in the URL
        seeded, notices = cases.TableRequest.from_query({"sort": st.query_params.get("sort", "")})
        st.session_state[SORT_KEY] = seeded.sort_param()
        for name, value in notices:
            st.warning(t("filters.notice_bad_value", lang, name=name, value=literal(value)), icon=":material/link_off:")
    left, right = st.columns([3, 1])
    text = left.text_input(
        t("cases.search", lang),
        key="q",
        bind="query-params",
        max_chars=200,
        placeholder=t("cases.search_placeholder", lang),
        help=t("cases.search_help", lang),
        on_change=_first_page,
        icon=":material/search:",
    )
    sort = right.selectbox(
        t("cases.sort", lang),
        SORT_OPTIONS,
        key=SORT_KEY,
        format_func=lambda option: _sort_label(option, lang),
        on_change=_first_page,
    )
    request, _ = cases.TableRequest.from_query({"q": text or "", "sort": sort or ""})
    if request.sort_param() == cases.TableRequest().sort_param():
        st.query_params.pop("sort", None)
    else:
        st.query_params["sort"] = request.sort_param()
    return request


def _sort_label(option: str, lang: str) -> str:
    arrow = "↓" if option.startswith("-") else "↑"
    return f"{cases.column_label(option.lstrip('-'), lang)} {arrow}"


def paged_table(ctx: PageContext, request: cases.TableRequest) -> tuple[pd.DataFrame, int]:
    """One page of the case table (LIMIT/OFFSET in DuckDB) and the page picker; returns the rows
    shown (as displayed) and the number of rows matched."""
    size = cases.PAGE_SIZE
    wanted = int(st.session_state.get(PAGE_KEY, 1) or 1)
    frame = ctx.filtered("cases/table", **request.params(limit=size, offset=(wanted - 1) * size))
    total_rows, total_cases = cases.totals(frame)
    page = cases.clamp_page(wanted, total_rows, size)
    if page != wanted:
        frame = ctx.filtered("cases/table", **request.params(limit=size, offset=(page - 1) * size))
    st.session_state[PAGE_KEY] = page
    shown = cases.display_frame(frame, ctx.lang, ctx.vocabulary)
    if total_rows:
        first = (page - 1) * size + 1
        last = first + len(shown) - 1
        counts = t("cases.count", ctx.lang, rows=f"{total_rows:,}", cases=f"{total_cases:,}", first=first, last=last)
    else:
        counts = t("cases.count_none", ctx.lang)
    st.caption(f"{counts} · {literal(request.caption(ctx.lang))}")  # the search words as typed
    if shown.empty:
        st.info(t("block.no_data", ctx.lang))
        return shown, total_rows
    event = st.dataframe(
        shown,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=f"cases_table_{st.session_state.get(TABLE_KEY, 0)}",
        column_config=_column_config(ctx.lang),
    )
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if rows:
        open_case(str(frame[frame["case_id"].notna()].iloc[rows[0]]["case_id"]))
        st.rerun()
    st.number_input(
        t("cases.page", ctx.lang, pages=cases.page_count(total_rows, size)),
        min_value=1,
        max_value=cases.page_count(total_rows, size),
        step=1,
        key=PAGE_KEY,
        width=220,
    )
    return shown, total_rows


def _column_config(lang: str) -> dict[str, ColumnConfig]:
    money = {
        cases.column_label(name, lang): st.column_config.NumberColumn(format="dollar")
        for name in ("frozen_usd", "settlement_usd", "judgment_usd")
    }
    dates = {
        cases.column_label(name, lang): st.column_config.DateColumn(format="YYYY-MM-DD") for name in cases.DATE_COLUMNS
    }
    return {**money, **dates}


def open_case(case_id: str) -> None:
    st.query_params["case"] = case_id


def close_case() -> None:
    st.query_params.pop("case", None)
    st.session_state[TABLE_KEY] = int(st.session_state.get(TABLE_KEY, 0)) + 1  # a fresh, unselected table


def download_payload(ctx: PageContext, request: cases.TableRequest, fmt: str) -> Callable[[], bytes]:
    """A function building the download of every matching row (scoped, filtered, sorted as shown);
    Streamlit calls it only when the button is clicked, on another thread. The file names the data
    version it holds, and the page's when an import committed in between."""
    db, scope, filters, lang, vocabulary = ctx.db, ctx.scope, ctx.filters, ctx.lang, ctx.vocabulary
    version = ctx.data_version

    def build() -> bytes:
        buffer = io.BytesIO()
        export.write_case_table(
            db, scope, filters, request, fmt, buffer, lang=lang, vocabulary=vocabulary, page_version=version
        )
        return buffer.getvalue()

    return build


def downloads(ctx: PageContext, request: cases.TableRequest, total_rows: int) -> None:
    """CSV, XLSX and Parquet of all matching rows, not just the page shown."""
    limit = download_limit(request)
    too_many = total_rows > limit
    columns = st.columns(3)
    for column, fmt in zip(columns, export.FORMATS, strict=True):
        column.download_button(
            t(f"export.download_{fmt}", ctx.lang),
            data=download_payload(ctx, request, fmt),
            file_name=export.file_name(
                "cases", fmt, filters=ctx.filters, version=ctx.data_version, member_id=ctx.scope.member_id
            ),
            mime=export.MIME[fmt],
            key=f"cases_download_{fmt}",
            icon=":material/download:",
            on_click="ignore",
            disabled=too_many or total_rows == 0,
        )
    if too_many:
        st.caption(t("export.too_many", ctx.lang, rows=f"{total_rows:,}", limit=f"{limit:,}"))


def case_detail(ctx: PageContext, case_id: str) -> bool:
    """The detail of one case; False when no such case exists."""
    lang = ctx.lang
    found = ctx.query("cases/detail", case_id=case_id)
    if found.empty:
        return False
    case = found.iloc[0]
    st.button(t("cases.back", lang), on_click=close_case, icon=":material/arrow_back:", key="cases_back")
    st.subheader(literal(case["case_name"] or case["case_id"]))
    court = case[f"court_name_{lang}"] if pd.notna(case[f"court_name_{lang}"]) else case["court"]
    st.caption(literal(f"{court} · {case['docket_number']} · {case['case_id']}"))
    members = case["members_affected"]
    figures = (
        (t("cases.col.filed_on", lang), _day(case["filed_on"])),
        (t("cases.col.closed_on", lang), _day(case["closed_on"])),
        (t("cases.detail.defendants", lang), f"{int(case['defendants']):,}"),
        (t("cases.detail.members_affected", lang), "—" if pd.isna(members) else f"{int(members):,}"),
    )
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value, border=True)
    parties = {
        t("cases.col.plaintiff", lang): case["plaintiff"],
        t("cases.col.brand", lang): case["brand"],
        t("cases.col.law_firm", lang): case["law_firm"],
        t("cases.col.ip_type", lang): ctx.vocabulary.label("ip_type", str(case["ip_type"]), lang),
        t("cases.col.case_kind", lang): ctx.vocabulary.label("case_kind", str(case["case_kind"]), lang),
        t("cases.detail.nature_of_suit", lang): case["nature_of_suit"],
    }
    st.markdown(f"#### {t('cases.detail.parties', lang)}")
    lines = [f"- **{label}**: {literal(value) if pd.notna(value) else '—'}" for label, value in parties.items()]
    st.markdown("\n".join(lines))
    _defendants(ctx, case_id, int(case["viewer_defendants"]))
    _timeline(ctx, case_id)
    _source(case, lang)
    return True


def _day(value: object) -> str:
    return "—" if value is None or value is pd.NaT or not isinstance(value, dt.date) else str(value)[:10]


def _defendants(ctx: PageContext, case_id: str, own_rows: int) -> None:
    lang = ctx.lang
    st.markdown(f"#### {t('cases.detail.defendants', lang)}")
    if ctx.scope.role == "member":
        st.caption(t("cases.detail.member_note", lang, rows=own_rows))
    defendants = ctx.query("cases/defendants", case_id=case_id)
    if defendants.empty:
        st.info(t("cases.detail.no_defendants", lang))
        return
    shown = defendants.assign(member_name=defendants[f"member_name_{lang}"]).drop(
        columns=["member_name_zh", "member_name_en"]
    )
    for name, domain in (("platform", "platform"), ("city_code", "city"), ("outcome", "outcome")):
        shown[name] = shown[name].map(lambda code, d=domain: ctx.vocabulary.label(d, code, lang), na_action="ignore")
    labels = column_labels(lang, shown.columns, "cases")
    st.dataframe(shown.rename(columns=labels), hide_index=True, column_config=_column_config(lang))
    if ctx.scope.role == "analyst":
        affected = shown[shown["member_id"].notna()]
        st.markdown(f"#### {t('cases.detail.members', lang)}")
        if affected.empty:
            st.caption(t("cases.detail.no_members", lang))
        else:
            st.dataframe(
                affected[["member_id", "member_name", "store_name", "outcome"]].rename(columns=labels), hide_index=True
            )


def _timeline(ctx: PageContext, case_id: str) -> None:
    lang = ctx.lang
    events = ctx.query("cases/events", case_id=case_id)
    st.markdown(f"#### {t('cases.timeline', lang)}")
    if events.empty:
        st.info(t("cases.detail.no_events", lang))
        return
    events["kind_label"] = events["kind"].map(lambda kind: ctx.vocabulary.label("event_kind", kind, lang))
    table = events[["event_on", "kind_label", "defendant_no", "detail"]].assign(event_on=events["event_on"].dt.date)
    blocks.chart_block(
        ctx,
        charts_cases.milestone_timeline(events, lang, t("cases.timeline", lang)),
        table,
        key=f"case_timeline_{case_id}",
        columns=column_labels(lang, table.columns, "cases"),
    )


def _source(case: pd.Series, lang: str) -> None:
    reference = str(case["source_ref"]) if pd.notna(case["source_ref"]) else ""
    source = str(case["source"]) if pd.notna(case["source"]) else "—"
    if reference.startswith(("https://", "http://")):
        label = t("cases.detail.source_link", lang, source=literal(source))
        st.link_button(label, reference, icon=":material/open_in_new:")
    else:
        st.caption(t("cases.detail.source", lang, source=literal(source), reference=literal(reference or "—")))
