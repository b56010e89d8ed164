"""Sections of the Herding page. Everything shown comes from the herding cache (casewatch.herding);
when the cache is stale or missing the page says so and offers analysts a recompute button."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from casewatch import herding
from casewatch.charts import herding as charts_herding
from casewatch.errors import CaseWatchError
from casewatch.export import MIME, csv_bytes, file_name, write_xlsx
from casewatch.i18n import t
from casewatch.ui import blocks, failures, page_links
from casewatch.ui.context import PageContext, rerun_on_change
from casewatch.ui.literal import literal
from casewatch.ui.progress import StatusProgress

NETWORK_MEMBERS = 80
# how long a page without previous results waits for the computation under way (about 20-50 s at
# 10M defendant rows) before it says the results are not there yet
REFRESH_WAIT_SECONDS = 120.0
NETWORK_PAIRS = 400
# case_list: the roster's cases column, a list of case ids (not a count as in the waves' "cases")
ROSTER_COLUMNS = ("member_id", "name", "city", "district", "sector", "stores", "case_list", "outcomes", "email")
WAVE_COLUMNS = (
    "wave_id",
    "entity",
    "shape",
    "trigger",
    "start_month",
    "end_month",
    "months",
    "members_hit",
    "peak_members",
    "cases",
    "cities",
    "sectors",
    "baseline_mean",
    "p_value",
    "burst_start",
    "burst_end",
    "active",
)


def labels(lang: str, names: Sequence[str]) -> dict[str, str]:
    return {name: t(f"herding.col.{name}", lang) for name in names}


def show(frame: pd.DataFrame, lang: str, columns: Sequence[str], *, key: str | None = None) -> None:
    """A table of the given columns with translated headers; month columns written as 2026-09, not
    as the midnight timestamp of the month's first day."""
    shown = frame[list(columns)].copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m")
    st.dataframe(shown.rename(columns=labels(lang, columns)), hide_index=True, key=key)


def cache_gate(ctx: PageContext) -> herding.CacheStatus | None:
    """The cache state at the page's data version; a notice (and for analysts a recompute button)
    when it does not match the data. Returns None when there is nothing to show yet.

    A page at data version V shows the results computed for V, or the previous results labelled
    stale, never a mix: the state is read in the snapshot of V (the page reruns when an import
    committed since), every query names the run it read, and a replaced run stays whole until the
    next one is stored. Without previous results, a page that finds the computation for V under way
    waits for it instead of saying "not computed" at a version whose results are on their way."""
    lang = ctx.lang
    status = rerun_on_change(herding.cache_status, ctx.db, ctx.data_version)
    if status.missing and herding.refreshing(ctx.db):
        with st.spinner(t("herding.cache.computing", lang)):
            herding.wait_for_refresh(ctx.db, REFRESH_WAIT_SECONDS)
        status = rerun_on_change(herding.cache_status, ctx.db, ctx.data_version)
    if status.fresh and status.computed_at is not None:
        st.caption(
            t("herding.cache.fresh", lang, at=f"{status.computed_at:%Y-%m-%d %H:%M}", seconds=f"{status.seconds:.1f}")
        )
        return status
    if status.missing:
        st.warning(t("herding.cache.missing", lang), icon=":material/hourglass_empty:")
    elif status.earlier_method:
        st.warning(t("herding.cache.old_method", lang), icon=":material/update:")
    else:
        st.warning(
            t("herding.cache.stale", lang, computed=status.computed_version, current=status.current_version),
            icon=":material/update:",
        )
    if herding.refreshing(ctx.db):
        st.info(t("herding.cache.recomputing", lang, version=status.current_version), icon=":material/sync:")
    elif ctx.scope.role == "analyst":
        if st.button(
            t("herding.cache.recompute", lang), icon=":material/refresh:", key="herding_recompute", type="primary"
        ):
            progress = StatusProgress(t("progress.herding", lang), lang)
            try:
                herding.refresh(ctx.db, progress=progress)
            except CaseWatchError as exc:
                progress.fail()
                failures.show_error(exc, lang)
                return None
            progress.close()
            st.rerun()
    else:
        st.info(t("herding.cache.ask_analyst", lang))
    return None if status.missing else status


def place(frame: pd.DataFrame, ctx: PageContext, code: str, into: str, domain: str) -> pd.DataFrame:
    named = frame.copy()
    named[into] = [ctx.vocabulary.label(domain, str(c), ctx.lang) if isinstance(c, str) else "" for c in frame[code]]
    return named


def places(frame: pd.DataFrame, ctx: PageContext, column: str, domain: str) -> list[str]:
    """Lists of codes (e.g. a wave's top cities) as one text of names."""
    separator = t("filters.separator", ctx.lang)
    return [
        separator.join(ctx.vocabulary.label(domain, str(c), ctx.lang) for c in (codes if codes is not None else []))
        for codes in frame[column]
    ]


def member_names(frame: pd.DataFrame, lang: str) -> list[str]:
    primary, other = ("name_zh", "name_en") if lang == "zh" else ("name_en", "name_zh")
    return [str(a if isinstance(a, str) and a else b or "") for a, b in zip(frame[primary], frame[other], strict=True)]


def roster(ctx: PageContext, frame: pd.DataFrame, *, key: str, title: str) -> None:
    """The coordination roster: members affected with stores, place, outcome and contact, and its
    CSV and XLSX downloads (text neutralised so that no cell runs as a formula)."""
    lang = ctx.lang
    if frame.empty:
        st.info(t("herding.roster.empty", lang))
        return
    shown = place(place(frame, ctx, "city_code", "city", "city"), ctx, "sector_code", "sector", "sector")
    shown["name"] = member_names(shown, lang)
    shown = shown.rename(columns={"cases": "case_list"})[list(ROSTER_COLUMNS)]
    shown = shown.rename(columns=labels(lang, ROSTER_COLUMNS))
    st.caption(t("herding.roster.count", lang, title=literal(title), members=len(shown)))
    st.dataframe(shown, hide_index=True, key=f"{key}_table")
    left, right = st.columns(2)
    # both files are written when clicked (on a server thread), from the frame shown now; a roster
    # lists every member of its wave, cohort or case (the page filters do not narrow it), as the
    # XLSX's About sheet says
    left.download_button(
        t("herding.roster.csv", lang),
        data=functools.partial(csv_bytes, shown),
        file_name=file_name(key, "csv", version=ctx.data_version),
        mime=MIME["csv"],
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("herding.roster.xlsx", lang),
        data=functools.partial(_xlsx, shown, ctx, title),
        file_name=file_name(key, "xlsx", version=ctx.data_version),
        mime=MIME["xlsx"],
        key=f"{key}_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )


def _xlsx(frame: pd.DataFrame, ctx: PageContext, title: str) -> bytes:
    lang = ctx.lang
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    def about(rows: int) -> list[tuple[str, str]]:
        return [
            (t("herding.roster.about.title", lang), title),
            (t("herding.roster.about.filters", lang), t("herding.roster.unfiltered", lang)),
            (t("herding.roster.about.exported_at", lang), at),
            (t("herding.roster.about.data_version", lang), str(ctx.data_version)),
            (t("herding.roster.about.rows", lang), f"{rows:,}"),
        ]

    buffer = io.BytesIO()
    write_xlsx(
        [frame], buffer, about, sheet=t("herding.roster.sheet", lang), about_sheet=t("herding.roster.about_sheet", lang)
    )
    return buffer.getvalue()


def window(ctx: PageContext) -> dict[str, Any]:
    return {"date_from": ctx.filters.date_from, "date_to": ctx.filters.date_to}


def waves_section(ctx: PageContext, run: int, settings: herding.Settings) -> None:
    """The wave list of ``run``, with how its waves were found (``settings``, the run's own)."""
    lang = ctx.lang
    kind = st.segmented_control(
        t("herding.waves.kind", lang),
        ["brand", "firm"],
        format_func=lambda k: t(f"herding.kind.{k}", lang),
        default="brand",
        required=True,
        key="herding_kind",
    )
    st.caption(
        t(
            "herding.waves.method",
            lang,
            windows=settings.windows,
            debut=settings.debut_months,
            fdr=f"{settings.wave_fdr:.0%}",
            newfdr=f"{settings.newcomer_fdr:.1%}",
            firmfdr=f"{settings.firm_fdr:.1%}",
            share=f"{settings.threshold_city_share:.0%}",
            new=settings.new_entity_members,
            members=settings.min_members,
            quiet=settings.dormant_members,
            years=settings.baseline_months // 12,
            sparse=settings.sparse_months,
            tail=f"{settings.sparse_tail:.1%}",
            qweight=f"{settings.quiet_weight:.0%}",
            sweight=f"{settings.sparse_weight:.0%}",
            history=settings.min_history,
            year=settings.population_months,
            ytail=f"{settings.first_year_tail * 100:.2g}%",
        )
    )
    waves = ctx.query(
        "herding/waves",
        run=run,
        kinds=[kind or "brand"],
        patterns=["wave"],
        brands=list(ctx.filters.brands),
        firms=list(ctx.filters.firms),
        cities=list(ctx.filters.cities),
        sectors=list(ctx.filters.sectors),
        **window(ctx),
    )
    if waves.empty:
        st.info(t("herding.waves.none", lang))
        return
    waves["cities"] = places(waves, ctx, "top_cities", "city")
    waves["sectors"] = places(waves, ctx, "top_sectors", "sector")
    waves["trigger"] = [t(f"herding.trigger.{v}", lang) for v in waves["trigger"]]
    waves["shape"] = [t(f"herding.shape.{v or 'sudden'}", lang) for v in waves["shape"]]
    waves["label"] = [
        f"{e} · {s:%Y-%m}" for e, s in zip(waves["entity"], pd.to_datetime(waves["start_month"]), strict=True)
    ]
    active = waves[waves["active"]]
    st.subheader(t("herding.waves.active", lang, count=len(active)))
    if active.empty:
        st.caption(t("herding.waves.no_active", lang))
    else:
        show(active, lang, WAVE_COLUMNS, key="herding_active_waves")
    st.subheader(t("herding.waves.past", lang, count=len(waves) - len(active)))
    show(waves[~waves["active"]], lang, WAVE_COLUMNS, key="herding_past_waves")
    blocks.chart_block(
        ctx,
        charts_herding.wave_timeline(waves.head(60), lang, t("herding.waves.timeline", lang)),
        waves[list(WAVE_COLUMNS)],
        key="herding_timeline",
        columns=labels(lang, WAVE_COLUMNS),
    )
    wave_labels = {str(w): str(label) for w, label in zip(waves["wave_id"], waves["label"], strict=True)}
    choice = st.selectbox(
        t("herding.roster.pick_wave", lang),
        list(wave_labels),
        format_func=wave_labels.__getitem__,
        key="herding_roster_wave",
    )
    if choice:
        title = t("herding.roster.wave_title", lang, wave=wave_labels[choice])
        roster(ctx, ctx.query("herding/roster_wave", run=run, wave=choice), key=f"roster_{choice}", title=title)


def heat_section(ctx: PageContext, run: int) -> None:
    lang = ctx.lang
    left, right = st.columns(2)
    dimension = (
        left.segmented_control(
            t("herding.heat.dimension", lang),
            ["city", "sector"],
            format_func=lambda d: t(f"herding.dimension.{d}", lang),
            default="city",
            required=True,
            key="herding_dimension",
        )
        or "city"
    )
    value = (
        right.segmented_control(
            t("herding.heat.value", lang),
            ["mean_h", "alerts", "members_sued"],
            format_func=lambda v: t(f"herding.col.{v}", lang),
            default="mean_h",
            required=True,
            key="herding_heat_value",
        )
        or "mean_h"
    )
    st.caption(t(f"herding.heat.help.{value}", lang))
    cells = list(ctx.filters.cities if dimension == "city" else ctx.filters.sectors)
    heat = place(
        ctx.query("herding/heat", run=run, dimension=dimension, cells=cells, **window(ctx)),
        ctx,
        "cell",
        "name",
        dimension,
    )
    columns = ["cell", "name", "month", "members_sued", "brands", "mean_h", "alerts"]
    blocks.chart_block(
        ctx,
        charts_herding.heat_map(heat, value=value, lang=lang, title=t(f"herding.heat.title.{dimension}", lang)),
        heat[columns] if not heat.empty else heat,
        key=f"herding_heat_{dimension}",
        columns=labels(lang, columns),
    )
    alerts = ctx.query(
        "herding/lsv_alerts",
        run=run,
        dimension=dimension,
        cells=cells,
        brands=list(ctx.filters.brands),
        limit=200,
        **window(ctx),
    )
    st.subheader(t("herding.lsv.title", lang, count=len(alerts)))
    st.caption(t("herding.lsv.help", lang))
    if not alerts.empty:
        show(
            place(alerts, ctx, "cell", "name", dimension),
            lang,
            ["name", "brand", "month", "k", "n", "p_bar", "h", "p_value"],
        )
    quotients = place(
        ctx.query("herding/location_quotients", run=run, dimension=dimension), ctx, "cell", "name", dimension
    )
    lq_columns = ["cell", "name", "members", "members_sued", "lq"]
    blocks.chart_block(
        ctx,
        charts_herding.bars(
            quotients.dropna(subset=["lq"]).head(25),
            label="name",
            value="lq",
            lang=lang,
            title=t(f"herding.lq.title.{dimension}", lang),
            reference=1.0,
        ),
        quotients[lq_columns],
        key=f"herding_lq_{dimension}",
        columns=labels(lang, lq_columns),
    )
    st.caption(t("herding.lq.help", lang))
    if dimension == "sector":
        concentration = place(ctx.query("herding/concentration", run=run), ctx, "sector_code", "name", "sector")
        st.subheader(t("herding.hhi.title", lang))
        st.caption(t("herding.hhi.help", lang))
        show(
            concentration,
            lang,
            ["name", "defendant_instances", "brands", "hhi", "hhi_norm", "gini", "top_brand", "top_share"],
        )


def cohorts_section(ctx: PageContext, run: int) -> None:
    lang = ctx.lang
    cohorts = ctx.query("herding/cohorts", run=run)
    st.caption(t("herding.cohorts.help", lang))
    if cohorts.empty:
        st.info(t("herding.cohorts.none", lang))
        return
    cohorts = place(cohorts, ctx, "top_city", "top_city_named", "city")
    cohorts["cities_named"] = places(cohorts, ctx, "cities", "city")
    cohorts["sectors_named"] = places(cohorts, ctx, "sectors", "sector")
    cohorts["brands_named"] = [t("filters.separator", lang).join(b) for b in cohorts["top_brands"]]
    columns = [
        "cohort_id",
        "size",
        "cases",
        "brands",
        "first_sued",
        "last_sued",
        "top_city_named",
        "local_share",
        "cities_named",
        "sectors_named",
        "brands_named",
    ]
    show(cohorts, lang, columns, key="herding_cohorts_table")
    sizes = {int(c): int(size) for c, size in zip(cohorts["cohort_id"], cohorts["size"], strict=True)}
    choice = st.selectbox(
        t("herding.cohorts.pick", lang),
        list(sizes),
        format_func=lambda c: t("herding.cohorts.option", lang, cohort=c, size=sizes[c]),
        key="herding_cohort",
    )
    cohort = int(choice if choice is not None else cohorts["cohort_id"].iloc[0])
    # a picture of more than about 80 members and 400 pairs is a hairball: the strongest are drawn
    drawn = ctx.query("herding/cohort_members", run=run, cohort=cohort, limit=NETWORK_MEMBERS)
    members = place(drawn, ctx, "city_code", "city", "city")
    members["name"] = member_names(members, lang)
    edges = ctx.query("herding/cohort_edges", run=run, cohort=cohort, members=NETWORK_MEMBERS, limit=NETWORK_PAIRS)
    if sizes[cohort] > len(members):
        st.caption(t("herding.cohorts.drawn", lang, drawn=len(members), size=sizes[cohort], pairs=len(edges)))
    blocks.chart_block(
        ctx,
        charts_herding.cohort_network(
            members, edges, lang=lang, title=t("herding.cohorts.network", lang, cohort=cohort)
        ),
        edges,
        key=f"herding_network_{cohort}",
        columns=labels(lang, list(edges.columns)),
    )
    title = t("herding.roster.cohort_title", lang, cohort=cohort)
    roster(ctx, ctx.query("herding/roster_cohort", run=run, cohort=cohort), key=f"roster_cohort_{cohort}", title=title)
    resuits = ctx.query(
        "herding/waves",
        run=run,
        kinds=["brand"],
        patterns=["cohort"],
        brands=list(ctx.filters.brands),
        firms=[],
        cities=list(ctx.filters.cities),
        sectors=list(ctx.filters.sectors),
        **window(ctx),
    )
    st.subheader(t("herding.cohorts.resuits", lang, count=len(resuits)))
    st.caption(t("herding.cohorts.resuits_help", lang))
    if not resuits.empty:
        resuits["cities"] = places(resuits, ctx, "top_cities", "city")
        show(resuits, lang, ["wave_id", "entity", "start_month", "members_hit", "overlap", "cities"])


def late_section(ctx: PageContext, run: int) -> None:
    lang = ctx.lang
    st.caption(t("herding.late.help", lang))
    late = ctx.query("herding/late_follower_list", run=run, brands=list(ctx.filters.brands), limit=1000, **window(ctx))
    if late.empty:
        st.info(t("herding.late.none", lang))
        return
    late = place(late, ctx, "city_code", "city", "city")
    late["name"] = member_names(late, lang)
    st.caption(t("herding.late.count", lang, rows=len(late)))
    show(late, lang, ["brand", "member_id", "name", "city", "first_sued_on", "brand_first_on", "days_after", "case_id"])


def risk_section(ctx: PageContext, run: int) -> None:
    lang = ctx.lang
    st.caption(t("herding.risk.help", lang))
    search = st.text_input(t("herding.risk.search", lang), key="herding_risk_search", max_chars=120)
    terms = [term for term in search.split() if term][:8]
    brands = ctx.query("herding/risk_brands", run=run, terms=terms, limit=500)
    if brands.empty:
        st.info(t("herding.risk.none", lang))
        return
    separator = t("filters.separator", lang)
    for column in ("plaintiffs", "law_firms"):
        brands[column] = [separator.join(v) for v in brands[column]]
    brands["sectors"] = places(brands, ctx, "sectors", "sector")
    show(
        brands,
        lang,
        [
            "brand",
            "plaintiffs",
            "law_firms",
            "sectors",
            "first_suit",
            "last_suit",
            "cases",
            "members_sued",
            "members_last_12m",
            "late_followers",
            "waves",
            "active_wave",
        ],
    )


def case_section(ctx: PageContext) -> None:
    lang = ctx.lang
    # ?case= links the roster of a case (as on the Cases page); at most the box's 120 characters
    page_links.seed("case", [], "", free_text=True)
    st.session_state["case"] = str(st.session_state.get("case") or "")[:120]
    case_id = st.text_input(t("herding.roster.case_id", lang), key="case", max_chars=120).strip()
    page_links.mirror("case", case_id or None, None)
    if case_id:
        title = t("herding.roster.case_title", lang, case=case_id)
        roster(ctx, ctx.query("herding/roster_case", case_id=case_id), key="roster_case", title=title)
