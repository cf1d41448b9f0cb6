"""The SMART effect report as a PDF: A4 portrait pages drawn with matplotlib (``Figure`` pages in
``PdfPages``), so the report needs no extra PDF library and its charts are the same drawings as
on the web pages.

Text flows down the page and onto a new one when it is full; long cells wrap within their
column. Widths are estimated from the font size (DejaVu Sans, about 0.58 em a character), which
errs on the side of wrapping early rather than running into the next column.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from wwidw.monitor import calc, charts
from wwidw.monitor.money import format_cents
from wwidw.monitor.report import (
    GoalLine,
    InterventionReport,
    category_label,
    format_number,
    format_value,
    status_label,
)

A4 = (8.27, 11.69)
LEFT, RIGHT, TOP, BOTTOM = 0.75, 0.75, 0.75, 0.85
WIDTH = A4[0] - LEFT - RIGHT
CHAR_EM = 0.58
CHART_HEIGHT = 2.1  # inches of plot: three charts with their titles fit on a page
CHART_TOP = 0.55  # room for the title and its "Bron" line above the plot
CHART_GAP = 1.05  # the title room plus the date labels and the legend below the plot
# Short kinds for the goals table's narrow column; the web page shows the full labels.
SHORT_KINDS = {"activity": _l("Activity"), "economic": _l("Economic"), "effect": _l("Effect")}


def _chars(width_inches: float, size: float, bold: bool = False) -> int:
    # Bold letters are about a tenth wider.
    return max(8, int(width_inches * 72 / (size * CHAR_EM * (1.12 if bold else 1))))


def _day(day: date | None, locale: str) -> str:
    return format_date(day, "d MMM yyyy", locale=locale) if day else "…"


def plain(markdown_text: str) -> str:
    """Markdown as readable plain text: the PDF shows the words, not the markup."""
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", markdown_text or "")
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"^(\s*)[*+]\s+", r"\1• ", text, flags=re.M)
    return re.sub(r"^(\s*)-\s+", r"\1• ", text, flags=re.M)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # share of the text width
    align: str = "left"


class Pages:
    """A4 pages filled from the top; ``y`` is the writing position in inches from the bottom."""

    def __init__(self, pdf, footer: str) -> None:
        self.pdf, self.footer = pdf, footer
        self.figure = None
        self.number = 0
        self.y = 0.0

    def new_page(self) -> None:
        from matplotlib.figure import Figure

        if self.figure is not None:
            self._finish()
        self.figure = Figure(figsize=A4, dpi=72)
        self.number += 1
        self.y = A4[1] - TOP

    def close(self) -> None:
        if self.figure is not None:
            self._finish()

    def _finish(self) -> None:
        self.figure.text(LEFT / A4[0], 0.45 / A4[1], self.footer, fontsize=7, color="#666666",
                         ha="left", va="bottom")
        self.figure.text(1 - RIGHT / A4[0], 0.45 / A4[1], str(self.number), fontsize=7,
                         color="#666666", ha="right", va="bottom")
        self.pdf.savefig(self.figure)
        self.figure = None

    def need(self, inches: float) -> None:
        if self.figure is None or self.y - inches < BOTTOM:
            self.new_page()

    def _put(self, x: float, text: str, size: float, **kwargs) -> None:
        self.figure.text(x / A4[0], self.y / A4[1], text, fontsize=size, va="top", **kwargs)

    def space(self, inches: float) -> None:
        self.y -= inches

    def text(self, text: str, size: float = 10, weight: str = "normal", color: str = "#000000",
             indent: float = 0.0, keep: float = 0.0, hang: str = "") -> None:
        """Paragraphs (split on newlines), wrapped to the text width; ``hang`` indents the
        continuation lines (under a bullet's text)."""
        height = size * 1.4 / 72
        lines: list[str] = []
        for paragraph in (text or "").split("\n"):
            wrapped = textwrap.wrap(paragraph, _chars(WIDTH - indent, size, weight == "bold"),
                                    subsequent_indent=hang) or [""]
            lines.extend(wrapped)
        self.need(height + keep)
        for line in lines:
            self.need(height)
            self._put(LEFT + indent, line, size, fontweight=weight, color=color)
            self.y -= height

    def heading(self, text: str, size: float = 13, keep: float = 0.9) -> None:
        # Kept with at least a few lines of what follows, never alone at a page's foot.
        self.need(size * 1.6 / 72 + 0.12 + keep)
        self.space(0.12)
        self._put(LEFT, text, size, fontweight="bold", color="#0b5c7a")
        self.y -= size * 1.6 / 72

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]],
              size: float = 8.5) -> None:
        line = size * 1.35 / 72
        widths = [c.width * WIDTH for c in columns]

        def cells(values: Sequence[str]) -> list[list[str]]:
            return [textwrap.wrap(str(v), _chars(w - 0.08, size)) or [""]
                    for v, w in zip(values, widths, strict=True)]

        def draw(values: list[list[str]], weight: str) -> None:
            x = LEFT
            for lines, width, column in zip(values, widths, columns, strict=True):
                right = column.align == "right"
                for index, text in enumerate(lines):
                    self.figure.text((x + width - 0.08 if right else x) / A4[0],
                                     (self.y - index * line) / A4[1], text, fontsize=size,
                                     va="top", ha="right" if right else "left",
                                     fontweight=weight)
                x += width
            self.y -= max(len(lines) for lines in values) * line + 0.05
            self.figure.add_artist(_rule(self.y + 0.025))

        header = cells([c.header for c in columns])
        header_height = max(len(h) for h in header) * line + 0.05
        self.need(header_height + line * 2)
        draw(header, "bold")
        for row in rows:
            wrapped = cells(row)
            height = max(len(c) for c in wrapped) * line + 0.05
            if self.y - height < BOTTOM:
                self.new_page()
                draw(header, "bold")
            draw(wrapped, "normal")

    def chart(self, draw: Callable[..., None], **kwargs) -> None:
        self.need(CHART_HEIGHT + CHART_GAP)
        self.y -= CHART_TOP
        bottom = self.y - CHART_HEIGHT
        axes = self.figure.add_axes([(LEFT + 0.55) / A4[0], bottom / A4[1],
                                     (WIDTH - 0.6) / A4[0], CHART_HEIGHT / A4[1]])
        draw(axes, **kwargs)
        self.y = bottom - (CHART_GAP - CHART_TOP)


def _rule(y: float):
    from matplotlib.lines import Line2D

    return Line2D([LEFT / A4[0], 1 - RIGHT / A4[0]], [y / A4[1], y / A4[1]], linewidth=0.4,
                  color="#cccccc")


def _letters(line: GoalLine) -> str:
    return " ".join(c.letter if c.ok else "–" for c in line.letters)


def _title_block(pages: Pages, report: InterventionReport) -> None:
    intervention, locale = report.intervention, report.locale
    pages.new_page()
    pages.text(_("SMART effect report"), size=10, color="#555555")
    pages.space(0.05)
    pages.text(intervention.title, size=20, weight="bold")
    pages.space(0.08)
    start, end = report.period
    period = (_("%(start)s – %(end)s", start=_day(start, locale), end=_day(end, locale))
              if start or end else _("No period given yet"))
    pages.text(f"{report.organisation} · {period}", size=11)
    pages.space(0.12)
    if report.areas:
        pages.text(_("Areas: %(areas)s", areas=", ".join(report.areas)), size=9.5)
    if report.target_groups:
        pages.text(_("Target groups: %(groups)s", groups=", ".join(report.target_groups)),
                   size=9.5)
    pages.text(_("Situation on %(day)s", day=_day(report.today, locale)), size=9.5,
               color="#555555")
    if intervention.summary:
        pages.space(0.15)
        pages.text(plain(intervention.summary), size=10)


def _goals(pages: Pages, report: InterventionReport) -> None:
    locale = report.locale
    pages.heading(_("Goals"))
    if not report.goals:
        pages.text(_("No goals have been set for this intervention yet."))
        return
    columns = [Column(_("Goal"), 0.36), Column(_("Kind"), 0.12), Column("SMART", 0.12),
               Column(_("Target"), 0.14, "right"), Column(_("Latest"), 0.12, "right"),
               Column(_("Status"), 0.14)]
    rows = []
    for line in report.goals:
        goal = line.goal
        rows.append([
            f"{goal.description} ({goal.indicator_name})",
            str(SHORT_KINDS[goal.result_type]), _letters(line),
            (format_value(line.target.value, goal.measure, locale) + " "
             + _("by %(day)s", day=_day(line.target.period_end, locale))) if line.target else "–",
            format_value(line.latest.value, goal.measure, locale) if line.latest else "–",
            status_label(line.status_code)
            + (f" ({format_number(round(line.status.progress * 100), locale)}%)"
               if line.status and line.status.progress is not None else "")])
    pages.table(columns, rows)
    pages.text(_("SMART: a dash marks a letter the goal does not meet yet.") + " " + _(
        "In brackets after the status: the share of the way from baseline to target."), size=7.5,
               color="#555555")
    hints = [(line, check) for line in report.goals for check in line.letters if not check.ok]
    if hints:
        pages.space(0.1)
        pages.text(_("What would make the goals SMART"), size=10, weight="bold", keep=0.3)
        for line, check in hints:
            for hint in check.hints:
                pages.text(f"• {_shorten(line.goal.description, 60)} — {check.letter} "
                           f"({check.name}): {hint}", size=8.5, indent=0.1, hang="   ")


def _results(pages: Pages, report: InterventionReport) -> None:
    results, locale = report.results, report.locale
    pages.heading(_("Results"))
    pages.table([Column(_("Result"), 0.6), Column(_("Total"), 0.4, "right")], [
        [_("People reached"), format_number(results.reach, locale)],
        [_("Sessions"), format_number(results.sessions, locale)],
        [_("Volunteer hours"), format_number(results.volunteer_hours, locale)],
        [_("Professional hours"), format_number(results.professional_hours, locale)],
    ], size=9)
    pages.text(_("Source: activity records of %(organisation)s in wwidw. People reached counts "
                 "new participants; without those, the busiest period's participants.",
                 organisation=report.organisation), size=7.5, color="#555555")


def _costs(pages: Pages, report: InterventionReport) -> None:
    costs, locale = report.costs, report.locale
    pages.heading(_("Costs"))
    rows = [[_("Total spent"), format_cents(costs.total_cents, locale)]]
    if costs.budget_cents is not None:
        rows.append([_("Budget"), format_cents(costs.budget_cents, locale)])
    rows += [[category_label(c), format_cents(cents, locale)] for c, cents in costs.by_category]
    rows.append([_("Cost per person reached"),
                 format_cents(costs.per_participant_cents, locale)
                 if costs.per_participant_cents is not None
                 else _("undefined: nobody reached yet")])
    pages.table([Column(_("Costs"), 0.6), Column(_("Amount"), 0.4, "right")], rows, size=9)
    if costs.by_funder:
        pages.space(0.1)
        pages.table([Column(_("Funder"), 0.4), Column(_("Budget"), 0.2, "right"),
                     Column(_("Spent"), 0.2, "right"), Column(_("Remaining"), 0.2, "right")],
                    [[f.funder or _("(no funder)"),
                      format_cents(f.budget_cents, locale) if f.budget_cents is not None else "–",
                      format_cents(f.spent_cents, locale),
                      format_cents(f.remaining_cents, locale)
                      if f.remaining_cents is not None else "–"] for f in costs.by_funder],
                    size=9)
    effect_lines = [line for line in report.goals if line.is_effect]
    if effect_lines:
        pages.space(0.1)
        pages.table([Column(_("Cost per unit of effect"), 0.55), Column("", 0.45, "right")],
                    [[f"{line.goal.description} ({line.goal.indicator_name})",
                      format_cents(line.cost_per_unit_cents, locale)
                      if line.cost_per_unit_cents is not None else (line.cost_reason or "")]
                     for line in effect_lines], size=9)
    pages.text(_("Source: cost records and budgets of %(organisation)s in wwidw.",
                 organisation=report.organisation), size=7.5, color="#555555")


def _conclusions(pages: Pages, report: InterventionReport) -> None:
    pages.heading(_("Conclusions"))
    if report.conclusions:
        pages.text(plain(report.conclusions), size=10)
    else:
        pages.text(_("No conclusions have been written yet."), color="#555555")


def _charts(pages: Pages, report: InterventionReport) -> None:
    locale, intervention = report.locale, report.intervention
    pages.heading(_("Charts"), keep=CHART_HEIGHT + CHART_GAP)
    for line in report.goals:
        goal = line.goal
        source = (_("Source: measurements and neighbourhood figures (CBS or own figures); "
                    "targets from the monitoring plan")
                  if goal.linked else _("Source: measurements of %(organisation)s; targets "
                                        "from the monitoring plan",
                                        organisation=report.organisation))
        pages.chart(charts.draw_goal, title=_shorten(goal.description, 64), source=source,
                    y_label=_shorten(goal.indicator_name, 40),
                    points=[(o.on, o.value) for o in line.series],
                    baseline=goal.baseline_value, baseline_on=goal.baseline_date,
                    targets=[charts.TargetBand(t.period_start, t.period_end, t.value)
                             for t in goal.targets],
                    start=intervention.start_date, end=intervention.end_date, locale=locale,
                    summed=calc.adds_up(goal.cumulative, goal.measure))
    pages.chart(charts.draw_reach, title=_("People reached per period"),
                source=_("Source: activity records of %(organisation)s",
                         organisation=report.organisation),
                periods=[(p.start, p.end, p.reach) for p in report.results.per_period],
                locale=locale)
    pages.chart(charts.draw_cost, title=_("Cumulative cost against budget"),
                source=_("Source: cost records and budget of %(organisation)s",
                         organisation=report.organisation),
                cumulative=report.costs.cumulative, budget_cents=report.costs.budget_cents,
                start=intervention.start_date, end=intervention.end_date, locale=locale)


def _shorten(text: str, length: int) -> str:
    return textwrap.shorten(text, length, placeholder="…")


def render(report: InterventionReport) -> bytes:
    """The whole report as PDF bytes, with the intervention's title in the PDF metadata."""
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    intervention = report.intervention
    metadata = {"Title": intervention.title, "Author": report.organisation,
                "Subject": _("SMART effect report"), "Creator": "wwidw"}
    footer = _shorten(_("%(title)s · SMART effect report · %(day)s", title=intervention.title,
                        day=_day(report.today, report.locale)), 110)
    with PdfPages(buffer, metadata=metadata) as pdf:
        pages = Pages(pdf, footer)
        _title_block(pages, report)
        _goals(pages, report)
        _results(pages, report)
        _costs(pages, report)
        _conclusions(pages, report)
        _charts(pages, report)
        pages.close()
    return buffer.getvalue()
