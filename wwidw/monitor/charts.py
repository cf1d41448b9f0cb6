"""Monitor charts: a goal's measurements against its baseline and targets over time, reach per
period, and cumulative cost against the budget.

Each chart is drawn onto given axes (``draw_*``), so the PDF report can put several on one A4
page, and also comes as a PNG (``*_png``) for web pages, with the neighbourhood charts' style,
``Figure`` only (never pyplot) and Dutch number and month formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from flask_babel import gettext as _

from wwidw.monitor import calc
from wwidw.neighbourhoods.charts import COLOURS, _figure, _number_formatter, _png, _title

TARGET_COLOUR = COLOURS[1]
BASELINE_COLOUR = COLOURS[2]
BUDGET_COLOUR = COLOURS[5]


@dataclass(frozen=True)
class TargetBand:
    start: date
    end: date
    value: float


def _date_axis(axes, locale: str) -> None:
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter

    locator = AutoDateLocator(minticks=3, maxticks=7)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(FuncFormatter(
        lambda value, _pos: format_date(num2date(value).date(), "MMM yyyy", locale=locale)))
    axes.tick_params(axis="x", labelsize=8)


def _style(axes, locale: str, y_label: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axes.set_ylabel(y_label, fontsize=9)
    axes.yaxis.set_major_formatter(FuncFormatter(_number_formatter(locale == "nl")))
    axes.tick_params(axis="y", labelsize=8)
    axes.grid(axis="y", color="#dddddd")
    axes.spines[["top", "right"]].set_visible(False)


def draw_goal(axes, *, title: str, source: str, y_label: str,
              points: Sequence[tuple[date, float]], baseline: float | None,
              baseline_on: date | None, targets: Sequence[TargetBand], start: date | None,
              end: date | None, locale: str, summed: bool = False) -> None:
    """Measurements as a line, the baseline as a dotted level and each target as a level over
    its period, so one can see at a glance whether the line heads for the target."""
    gaps: list[date] = []
    if summed:
        periods = [(t.start, t.end) for t in targets]
        points = calc.running_totals(points, periods)
        # A new period starts counting from zero: break the line there instead of drawing a
        # plunge that looks like a collapse.
        gaps = [t.start for t in targets]
    days = [day for day, _v in points] + [t.start for t in targets] + [t.end for t in targets]
    days += [d for d in (start, end, baseline_on) if d is not None]
    if not days:
        days = [date.today()]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - timedelta(days=15), last + timedelta(days=15)
    if baseline is not None:
        axes.hlines(baseline, baseline_on or first, last, colors=BASELINE_COLOUR,
                    linestyles=":", linewidth=1.6, label=_("Baseline"))
    for index, target in enumerate(targets):
        axes.hlines(target.value, target.start, target.end, colors=TARGET_COLOUR,
                    linestyles="--", linewidth=2, label=_("Target") if index == 0 else None)
        axes.plot([target.end], [target.value], marker="D", color=TARGET_COLOUR, markersize=5)
    if points:
        xs: list = []
        ys: list = []
        for day, value in points:
            if xs and any(xs[-1] < gap <= day for gap in gaps):
                xs.append(day)
                ys.append(float("nan"))
            xs.append(day)
            ys.append(value)
        axes.plot(xs, ys, marker="o", markersize=3, linewidth=1.8, color=COLOURS[0],
                  label=_("Measured"))
    else:
        axes.text(0.5, 0.5, _("No measurements yet"), transform=axes.transAxes, ha="center",
                  va="center", fontsize=9, color="#555555")
    # A little room on the right, so the last target's marker is not cut in half.
    axes.set_xlim(first, last + (last - first) * 0.02)
    values = [v for _d, v in points] + [t.value for t in targets] + (
        [baseline] if baseline is not None else [])
    if values and min(values) >= 0:
        axes.set_ylim(bottom=0, top=max(values) * 1.12 or 1)
    _title_small(axes, title, source)
    _style(axes, locale, y_label)
    _date_axis(axes, locale)
    _legend(axes)


def draw_reach(axes, *, title: str, source: str, periods: Sequence[tuple[date, date, int]],
               locale: str) -> None:
    """Bars of the people reached per recorded period."""
    if periods:
        widths = [max((end - start).days * 0.8, 1) for start, end, _n in periods]
        axes.bar([start for start, _e, _n in periods], [n for _s, _e, n in periods],
                 width=widths, align="edge", color=COLOURS[0])
        axes.set_ylim(bottom=0, top=max(n for _s, _e, n in periods) * 1.12 or 1)
        _date_axis(axes, locale)
    else:
        axes.text(0.5, 0.5, _("No activities recorded yet"), transform=axes.transAxes,
                  ha="center", va="center", fontsize=9, color="#555555")
        axes.set_xticks([])
        axes.set_yticks([])
    _title_small(axes, title, source)
    _style(axes, locale, _("People reached"))


def draw_cost(axes, *, title: str, source: str, cumulative: Sequence[tuple[date, int]],
              budget_cents: int | None, start: date | None, end: date | None,
              locale: str) -> None:
    """Money spent so far as a rising step line, against the budget as a level."""
    days = [d for d, _c in cumulative] + [d for d in (start, end) if d is not None]
    if cumulative:
        axes.step([d for d, _c in cumulative], [c / 100 for _d, c in cumulative], where="post",
                  linewidth=2, color=COLOURS[0], label=_("Spent (cumulative)"))
    else:
        axes.text(0.5, 0.5, _("No costs recorded yet"), transform=axes.transAxes, ha="center",
                  va="center", fontsize=9, color="#555555")
    if budget_cents is not None and days:
        axes.hlines(budget_cents / 100, min(days), max(days), colors=BUDGET_COLOUR,
                    linestyles="--", linewidth=1.6, label=_("Budget"))
    if days:
        first, last = min(days), max(days)
        if first == last:
            first, last = first - timedelta(days=15), last + timedelta(days=15)
        axes.set_xlim(first, last)
        _date_axis(axes, locale)
    else:
        axes.set_xticks([])
    if not cumulative and budget_cents is None:
        axes.set_yticks([])
    top = max([c / 100 for _d, c in cumulative] + (
        [budget_cents / 100] if budget_cents is not None else []) + [0])
    axes.set_ylim(bottom=0, top=top * 1.12 or 1)
    _title_small(axes, title, source)
    _style(axes, locale, _("Euro"))
    if cumulative or budget_cents is not None:
        _legend(axes)


def _legend(axes) -> None:
    # Under the date labels, so it never hides a line or a level whatever the data does.
    axes.legend(frameon=False, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                ncols=3)


def _title_small(axes, title: str, source: str) -> None:
    _title(axes, title, source)
    axes.title.set_fontsize(10)


def _single(width: float, height: float, draw, **kwargs) -> bytes:
    figure = _figure(width, height)
    draw(figure.add_subplot(), **kwargs)
    return _png(figure)


def goal_png(**kwargs) -> bytes:
    return _single(7.2, 3.4, draw_goal, **kwargs)


def reach_png(**kwargs) -> bytes:
    return _single(7.2, 3.2, draw_reach, **kwargs)


def cost_png(**kwargs) -> bytes:
    return _single(7.2, 3.2, draw_cost, **kwargs)
