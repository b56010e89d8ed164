"""The monthly brief as an A4 PDF (fpdf2): embedded CJK font subset, page numbers, the filters and
data version printed, the trend as an image, then movers, waves and newly affected members."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode, XPos, YPos

from casewatch.i18n import name_of, t
from casewatch.report.brief import DIMENSIONS, MonthlyBrief
from casewatch.report.charts import MOVER_COLOURS, trend_png
from casewatch.report.fonts import cjk_font
from casewatch.report.kpi import Kpi, format_change, format_count
from casewatch.report.narrative import summary
from casewatch.report.tables import cell_text, new_member_city_rows, new_member_rows, wave_table

PAGE_W = 210.0
MARGIN = 15.0
BODY_W = PAGE_W - 2 * MARGIN
INK = (33, 37, 41)
MUTED = (108, 117, 125)
RULE = (222, 226, 230)
CARD = (244, 246, 248)
BAND = (31, 95, 139)  # casewatch.charts.PALETTE[0]
UP = (192, 57, 43)  # more litigation is bad news: red
DOWN = (46, 139, 87)
PARTIAL = (255, 244, 224)  # the month-to-date note's band, as in the HTML
PARTIAL_RULE = (232, 163, 61)
MEMBERS_SHOWN = 25  # rows of newly affected members in the PDF; the XLSX has them all


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class BriefPdf(FPDF):
    """An A4 page set with the brief's footer (title, page x of y) on every page."""

    def __init__(self, footer_text: str, page_text: str, font: Path, face: int) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.page_text = page_text
        self.add_font("cjk", "", str(font), collection_font_number=face)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_font("cjk", size=10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y() - 1.5, PAGE_W - MARGIN, self.get_y() - 1.5)
        self.set_font("cjk", size=7.5)
        self.set_text_color(*MUTED)
        self.cell(BODY_W / 2, 5, self.footer_text)
        self.cell(BODY_W / 2, 5, self.page_text.replace("{page}", str(self.page_no())), align="R")

    def heading(self, text: str, size: float = 12.5) -> None:
        """A section heading: stroked text stands in for bold (the CJK font has one weight)."""
        if self.get_y() > 250:
            self.add_page()
        self.ln(3)
        self.set_text_color(*INK)
        self.set_draw_color(*INK)
        self.set_line_width(0.18)
        self.set_font("cjk", size=size)
        self.text_mode = TextMode.FILL_STROKE
        self.cell(BODY_W, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.text_mode = TextMode.FILL
        self.set_line_width(0.2)
        self.ln(1)

    def muted(self, text: str, size: float = 8.5) -> None:
        self.set_font("cjk", size=size)
        self.set_text_color(*MUTED)
        self.multi_cell(BODY_W, 4.4, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(  # type: ignore[override]
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        aligns: Sequence[str],
        *,
        x: float | None = None,
        size: float = 8.5,
    ) -> None:
        """A plain table at x (the left margin by default), header repeated after a page break."""
        left = MARGIN if x is None else x
        line_h = 5.6

        def header() -> None:
            self.set_x(left)
            self.set_font("cjk", size=size - 0.5)
            self.set_text_color(*MUTED)
            self.set_fill_color(*CARD)
            for text, width, align in zip(headers, widths, aligns, strict=True):
                self.cell(width, line_h, _fit(self, text, width), align=align, fill=True)
            self.ln(line_h)

        header()
        self.set_font("cjk", size=size)
        for index, row in enumerate(rows):
            if self.will_page_break(line_h):
                self.add_page()
                header()
                self.set_font("cjk", size=size)
            self.set_x(left)
            self.set_text_color(*INK)
            for text, width, align in zip(row, widths, aligns, strict=True):
                self.cell(width, line_h, _fit(self, text, width), align=align)
            self.ln(line_h)
            if index < len(rows) - 1:
                self.set_draw_color(*RULE)
                self.line(left, self.get_y(), left + sum(widths), self.get_y())


# A token is a Latin word with its trailing spaces, a run of spaces, or one other character.
_TOKEN = re.compile(r"[^\s\u2e80-\uffef]+\s*|\s+|.")
_NO_LINE_START = set("，。、；：？！）》」』%,.;:?!)")
_NO_LINE_END = set("（《「『(")


def wrap_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """Lines of mixed Chinese and Latin text that fit the width at the current font: Chinese may
    break between any two characters, Latin words only at spaces, and closing punctuation never
    starts a line nor opening punctuation ends one."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        if tokens and (token[0] in _NO_LINE_START or tokens[-1][-1] in _NO_LINE_END):
            tokens[-1] += token
        else:
            tokens.append(token)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and pdf.get_string_width(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text, shortened with an ellipsis to fit the cell (cells do not wrap)."""
    if pdf.get_string_width(text) <= width - 2:
        return text
    while text and pdf.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text + "…"


def _fit_size(pdf: FPDF, text: str, width: float, size: float, smallest: float) -> float:
    """The largest font size from size down to smallest at which text fits the width."""
    while size > smallest:
        pdf.set_font_size(size)
        if pdf.get_string_width(text) <= width:
            break
        size -= 0.5
    return size


def _change_colour(change: float | None, now: float, before: float) -> tuple[int, int, int]:
    if (change is None and now > before) or (change is not None and change > 0):
        return UP
    if change is not None and change < 0:
        return DOWN
    return MUTED


def _title_band(pdf: BriefPdf, brief: MonthlyBrief, lang: str) -> None:
    pdf.set_fill_color(*BAND)
    pdf.rect(0, 0, PAGE_W, 34, style="F")
    pdf.set_xy(MARGIN, 8)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("cjk", size=9)
    pdf.cell(BODY_W, 5, t("app.subtitle", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.3)
    pdf.set_font("cjk", size=20)
    title = brief.title(lang)
    pdf.set_font_size(_fit_size(pdf, title, BODY_W, 20, 12))  # a month-to-date title is longer
    pdf.text_mode = TextMode.FILL_STROKE
    pdf.cell(BODY_W, 12, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.text_mode = TextMode.FILL
    pdf.set_line_width(0.2)
    pdf.set_y(38)
    for line in brief.meta_lines(lang):
        pdf.muted(line, size=8)
    note = brief.partial_note(lang)
    if note:
        _partial_note(pdf, note)


def _partial_note(pdf: BriefPdf, note: str) -> None:
    """Month to date: the note in a tinted band with a rule on its left, before the figures."""
    pdf.set_font("cjk", size=9)
    lines = wrap_lines(pdf, note, BODY_W - 6)
    top = pdf.get_y() + 1.5
    height = 5.0 * len(lines) + 3
    pdf.set_fill_color(*PARTIAL)
    pdf.rect(MARGIN, top, BODY_W, height, style="F")
    pdf.set_fill_color(*PARTIAL_RULE)
    pdf.rect(MARGIN, top, 1.2, height, style="F")
    pdf.set_text_color(*INK)
    pdf.set_y(top + 1.5)
    for line in lines:
        pdf.set_x(MARGIN + 4)
        pdf.cell(BODY_W - 6, 5.0, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(top + height)


def _kpi_cards(pdf: BriefPdf, kpis: Sequence[Kpi], lang: str) -> None:
    gap = 2.5
    width = (BODY_W - gap * (len(kpis) - 1)) / len(kpis)
    height = 29.0
    top = pdf.get_y() + 2
    for index, kpi in enumerate(kpis):
        left = MARGIN + index * (width + gap)
        pdf.set_fill_color(*CARD)
        pdf.rect(left, top, width, height, style="F")
        pdf.set_xy(left + 2.5, top + 2)
        pdf.set_font("cjk", size=7.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(width - 5, 4.5, _fit(pdf, t(f"report.kpi.{kpi.key}", lang), width - 3))
        pdf.set_xy(left + 2.5, top + 7.5)
        pdf.set_text_color(*INK)
        pdf.set_font("cjk", size=_fit_size(pdf, kpi.shown(), width - 5, 17, 10))
        pdf.cell(width - 5, 9, kpi.shown())
        for row, (label, ratio, before) in enumerate(
            ((t("report.mom", lang), kpi.mom, kpi.previous), (t("report.yoy", lang), kpi.yoy, kpi.year_ago))
        ):
            pdf.set_xy(left + 2.5, top + 18 + row * 4.8)
            pdf.set_font("cjk", size=7.5)
            pdf.set_text_color(*MUTED)
            pdf.cell(9, 4.5, label)
            pdf.set_text_color(*_change_colour(ratio, kpi.value, before))
            change = f"{format_change(ratio)}  ({kpi.shown_compact(before, lang)})"
            pdf.set_font_size(_fit_size(pdf, change, width - 14, 7.5, 5.5))
            pdf.cell(width - 14, 4.5, change)
    pdf.set_y(top + height + 2)


def _movers(pdf: BriefPdf, brief: MonthlyBrief, lang: str) -> None:
    pdf.heading(t(f"report.section.movers{brief.mtd_suffix}", lang))
    gap = 8.0
    width = (BODY_W - gap) / 2
    period = 19 if brief.month_to_date else 14  # "2月1–16日" rather than "2月"
    widths = (width - 2 * period - 14, period, period, 14)
    headers = [
        t("report.col.name", lang),
        brief.month_short(lang),
        brief.month_short(lang, brief.previous_month),
        t("report.col.increase", lang),
    ]
    for pair in (DIMENSIONS[:2], DIMENSIONS[2:]):
        if pdf.will_page_break(48):
            pdf.add_page()
        top = pdf.get_y()
        bottom = top
        for column, dimension in enumerate(pair):
            left = MARGIN + column * (width + gap)
            movers = brief.movers_of(dimension)
            dim_name = t(f"report.dimension.{dimension}", lang)
            pdf.set_xy(left, top)
            pdf.set_fill_color(*_rgb(MOVER_COLOURS[dimension]))
            pdf.rect(left, top + 1.2, 1.6, 4.2, style="F")
            pdf.set_x(left + 3)
            pdf.set_font("cjk", size=9.5)
            pdf.set_text_color(*INK)
            pdf.cell(width - 3, 6.5, t("report.movers.title", lang, dimension=dim_name), new_y=YPos.NEXT)
            if movers.empty:
                pdf.set_x(left)
                pdf.set_font("cjk", size=8.5)
                pdf.set_text_color(*MUTED)
                none = t(f"report.movers.none{brief.mtd_suffix}", lang, dimension=dim_name)
                pdf.cell(width, 6, _fit(pdf, none, width), new_y=YPos.NEXT)
            else:
                rows = [
                    (
                        name_of(row, lang),
                        format_count(row["current"]),
                        format_count(row["previous"]),
                        f"+{format_count(row['increase'])}",
                    )
                    for row in movers.to_dict("records")
                ]
                pdf.table(headers, rows, widths, ("L", "R", "R", "R"), x=left)
            bottom = max(bottom, pdf.get_y())
        pdf.set_y(bottom + 3)


def _waves(pdf: BriefPdf, brief: MonthlyBrief, lang: str) -> None:
    pdf.heading(t("report.section.waves", lang))
    if brief.waves is None:
        pdf.muted(t("report.waves.unavailable", lang), size=9)
        return
    if brief.waves.empty:
        pdf.muted(t("report.waves.none", lang), size=9)
        return
    table = wave_table(brief.waves, lang)
    rows = [[cell_text(value) for value in row] for row in table.itertuples(index=False, name=None)]
    widths = (14, 14, 34, 26, 46, 15, 16, 15)
    pdf.table(list(table.columns), rows, widths, ("L", "L", "L", "L", "L", "L", "R", "R"))


def _new_members(pdf: BriefPdf, brief: MonthlyBrief, lang: str) -> None:
    pdf.heading(t("report.section.new_members", lang))
    if not brief.names_members:  # the leadership brief counts them by city
        if brief.new_member_cities.empty:
            pdf.muted(t("report.new_members.none", lang), size=9)
            return
        headers, rows = new_member_city_rows(brief, lang)
        pdf.table(headers, rows, (60, 40), ("L", "R"))
        return
    members = brief.new_members
    if members.empty:
        pdf.muted(t("report.new_members.none", lang), size=9)
        return
    headers, rows = new_member_rows(brief, lang, MEMBERS_SHOWN)
    pdf.table(headers, rows, (57, 18, 29, 12, 22, 42), ("L", "L", "L", "R", "R", "L"))
    hidden = int(brief.kpi("members_new").value) - len(rows)
    if hidden > 0:
        pdf.ln(1)
        pdf.muted(t("report.new_members.more", lang, n=format_count(hidden)))


def render_pdf(brief: MonthlyBrief, lang: str) -> bytes:
    """The brief as PDF bytes (A4 portrait)."""
    font, face = cjk_font()
    pdf = BriefPdf(
        t("report.footer", lang, month=brief.period_label(lang)),
        t("report.page", lang, page="{page}", pages="{nb}"),
        font,
        face,
    )
    pdf.set_title(brief.title(lang))
    pdf.set_author("CaseWatch")
    pdf.set_creation_date(brief.generated_at.astimezone())
    pdf.add_page()
    _title_band(pdf, brief, lang)
    _kpi_cards(pdf, brief.kpis, lang)

    pdf.heading(t("report.section.summary", lang))
    pdf.set_font("cjk", size=10.5)
    pdf.set_text_color(*INK)
    for line in wrap_lines(pdf, summary(brief, lang), BODY_W):
        pdf.cell(BODY_W, 6.2, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.heading(t("report.section.trend", lang))
    chart_h = 68.0
    if pdf.will_page_break(chart_h):
        pdf.add_page()
    png = trend_png(brief, lang, font, width_mm=BODY_W, height_mm=chart_h)
    pdf.image(io.BytesIO(png), x=MARGIN, y=pdf.get_y(), w=BODY_W, h=chart_h)
    pdf.set_y(pdf.get_y() + chart_h + 2)

    _movers(pdf, brief, lang)
    _waves(pdf, brief, lang)
    _new_members(pdf, brief, lang)
    pdf.ln(4)
    pdf.muted(t("report.definitions", lang), size=7.5)
    return bytes(pdf.output())
