"""The monthly brief as one self-contained HTML file: plotly.js is inlined once, the charts are
plotly figures, there are no external requests, so the file opens offline and can be forwarded."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from casewatch.charts import inert
from casewatch.i18n import t
from casewatch.report.brief import DIMENSIONS, MonthlyBrief
from casewatch.report.charts import MOVER_COLOURS, movers_figure, trend_figure
from casewatch.report.kpi import format_change, format_count
from casewatch.report.narrative import summary
from casewatch.report.tables import cell_text, new_member_city_rows, new_member_rows, wave_table

MEMBERS_SHOWN = 200

STYLE = """
:root { --ink:#212529; --muted:#6c757d; --rule:#dee2e6; --card:#f4f6f8; --band:#1f5f8b;
        --up:#c0392b; --down:#2e8b57; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff;
       font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
                    "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif; font-size:15px; line-height:1.6; }
header { background:var(--band); color:#fff; padding:22px 40px 20px; }
header .org { font-size:13px; opacity:.9; }
header h1 { margin:4px 0 0; font-size:28px; font-weight:700; letter-spacing:.5px; }
main { max-width:1080px; margin:0 auto; padding:16px 40px 40px; }
.meta { color:var(--muted); font-size:12.5px; margin:0 0 14px; }
.meta div { margin:1px 0; }
.kpis { display:grid; grid-template-columns:repeat(5, 1fr); gap:10px; }
.kpi { background:var(--card); border-radius:6px; padding:10px 12px; }
.kpi .label { color:var(--muted); font-size:12.5px; }
.kpi .value { font-size:28px; font-weight:600; line-height:1.3; margin:2px 0 4px; }
.kpi .change { font-size:12.5px; color:var(--muted); white-space:nowrap; }
.kpi .change b { font-weight:600; margin:0 4px; }
.up { color:var(--up); } .down { color:var(--down); } .flat { color:var(--muted); }
h2 { font-size:19px; margin:26px 0 8px; padding-bottom:4px; border-bottom:1px solid var(--rule); }
.summary { font-size:16px; line-height:1.8; margin:0; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:6px 24px; }
.empty { color:var(--muted); margin:4px 0; }
table { border-collapse:collapse; width:100%; font-size:13.5px; }
th { text-align:left; color:var(--muted); font-weight:500; background:var(--card); padding:5px 8px; }
td { padding:5px 8px; border-bottom:1px solid var(--rule); }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.partial { background:#fff4e0; border-left:4px solid #e8a33d; padding:8px 12px; margin:0 0 14px; }
.note { color:var(--muted); font-size:12px; margin-top:22px; }
footer { color:var(--muted); font-size:12px; border-top:1px solid var(--rule); margin-top:24px; padding-top:8px; }
@media print { header { -webkit-print-color-adjust:exact; print-color-adjust:exact; } }
@page { size:A4; margin:12mm; }
"""


def _change_class(ratio: float | None, now: float, before: float) -> str:
    if ratio is None:
        return "up" if now > before else "flat"
    return "up" if ratio > 0 else "down" if ratio < 0 else "flat"


def _kpi_cards(brief: MonthlyBrief, lang: str) -> str:
    cards = []
    for kpi in brief.kpis:
        changes = "".join(
            f'<div class="change">{escape(label)}<b class="{_change_class(ratio, kpi.value, before)}">'
            f"{escape(format_change(ratio))}</b>({escape(kpi.shown_compact(before, lang))})</div>"
            for label, ratio, before in (
                (t("report.mom", lang), kpi.mom, kpi.previous),
                (t("report.yoy", lang), kpi.yoy, kpi.year_ago),
            )
        )
        cards.append(
            f'<div class="kpi" data-kpi="{kpi.key}"><div class="label">{escape(t(f"report.kpi.{kpi.key}", lang))}'
            f'</div><div class="value">{escape(kpi.shown())}</div>{changes}</div>'
        )
    return f'<div class="kpis">{"".join(cards)}</div>'


def _table(headers: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>" for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>" for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Figures:
    """Figure HTML snippets; the first one carries plotly.js inline, the rest reuse it."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, figure: go.Figure) -> str:
        self.count += 1
        # text from the data shows as typed: plotly reads <a href>, <b> ... in labels as markup
        return str(
            inert(figure).to_html(
                full_html=False,
                include_plotlyjs=self.count == 1,
                config={"displaylogo": False, "responsive": True},
                div_id=f"brief-chart-{self.count}",
            )
        )


def _movers(brief: MonthlyBrief, lang: str, figures: _Figures) -> str:
    blocks = []
    for dimension in DIMENSIONS:
        movers = brief.movers_of(dimension)
        dim_name = t(f"report.dimension.{dimension}", lang)
        title = t("report.movers.title", lang, dimension=dim_name)
        if movers.empty:
            none = t(f"report.movers.none{brief.mtd_suffix}", lang, dimension=dim_name)
            blocks.append(f'<div><h3>{escape(title)}</h3><p class="empty">{escape(none)}</p></div>')
        else:
            figure = movers_figure(movers, lang, title, MOVER_COLOURS[dimension], month_to_date=brief.month_to_date)
            blocks.append(f"<div>{figures.html(figure)}</div>")
    return f'<div class="grid2">{"".join(blocks)}</div>'


def _waves(brief: MonthlyBrief, lang: str) -> str:
    if brief.waves is None:
        return f'<p class="empty">{escape(t("report.waves.unavailable", lang))}</p>'
    if brief.waves.empty:
        return f'<p class="empty">{escape(t("report.waves.none", lang))}</p>'
    table = wave_table(brief.waves, lang)
    rows = [[cell_text(value) for value in row] for row in table.itertuples(index=False, name=None)]
    return _table(list(table.columns), rows, {5, 6})


def _new_members(brief: MonthlyBrief, lang: str) -> str:
    if not brief.names_members:  # the leadership brief counts them by city
        if brief.new_member_cities.empty:
            return f'<p class="empty">{escape(t("report.new_members.none", lang))}</p>'
        headers, rows = new_member_city_rows(brief, lang)
        return _table(headers, rows, {1})
    members = brief.new_members
    if members.empty:
        return f'<p class="empty">{escape(t("report.new_members.none", lang))}</p>'
    headers, rows = new_member_rows(brief, lang, MEMBERS_SHOWN)
    html = _table(headers, rows, {3, 4})
    hidden = int(brief.kpi("members_new").value) - len(rows)
    if hidden > 0:
        html += f'<p class="empty">{escape(t("report.new_members.more", lang, n=format_count(hidden)))}</p>'
    return html


def render_html(brief: MonthlyBrief, lang: str) -> str:
    """The whole brief as one HTML document (a few MB: plotly.js is inside)."""
    figures = _Figures()
    title = brief.title(lang)
    meta = "".join(f"<div>{escape(line)}</div>" for line in brief.meta_lines(lang))
    note = brief.partial_note(lang)
    sections = [
        f'<p class="partial" data-period="month-to-date">{escape(note)}</p>' if note else "",
        _kpi_cards(brief, lang),
        f'<h2>{escape(t("report.section.summary", lang))}</h2><p class="summary">{escape(summary(brief, lang))}</p>',
        f"<h2>{escape(t('report.section.trend', lang))}</h2>{figures.html(trend_figure(brief, lang))}",
        f"<h2>{escape(t(f'report.section.movers{brief.mtd_suffix}', lang))}</h2>{_movers(brief, lang, figures)}",
        f"<h2>{escape(t('report.section.waves', lang))}</h2>{_waves(brief, lang)}",
        f"<h2>{escape(t('report.section.new_members', lang))}</h2>{_new_members(brief, lang)}",
        f'<p class="note">{escape(t("report.definitions", lang))}</p>',
        f"<footer>{escape(t('report.footer', lang, month=brief.period_label(lang)))}</footer>",
    ]
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header><div class="org">{escape(t("app.subtitle", lang))}</div><h1>{escape(title)}</h1></header>\n'
        f'<main>\n<div class="meta">{meta}</div>\n' + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
    )
