"""The benchmark chart: two strips, cost per participant and goal achievement, with a dot per
peer, the peers' median as a line and this intervention as a large diamond. Drawn with
matplotlib's ``Figure`` (never pyplot) in the neighbourhood charts' style, Dutch number format
when the page is Dutch."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from wwidw.neighbourhoods.charts import COLOURS, _figure, _png

# Part of the cache key: bump when the drawing changes, so old pictures are not served.
CHART_VERSION = 3
OWN_COLOUR = COLOURS[1]
PEER_COLOUR = COLOURS[0]
MEDIAN_COLOUR = COLOURS[2]


def _format(value: float, decimals: int, decimal_comma: bool) -> str:
    text = f"{value:,.{decimals}f}"
    if decimal_comma:
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _jitter(count: int) -> list[float]:
    # Fixed offsets instead of random ones: the same data draws the same picture (and hits the
    # cache), and dots with equal values still do not hide each other.
    pattern = (0.0, 0.18, -0.18, 0.09, -0.09, 0.27, -0.27)
    return [pattern[i % len(pattern)] for i in range(count)]


def _strip(axes, *, title: str, values: Sequence[float], own: float | None, own_label: str,
           median_label: str, empty_label: str, formatter, limits: tuple[float, float] | None
           ) -> None:
    from matplotlib.ticker import FuncFormatter

    axes.set_title(title, fontsize=11, loc="left")
    axes.set_yticks([])
    axes.set_ylim(-0.5, 0.5)
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.grid(axis="x", color="#dddddd")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: formatter(value)))
    axes.tick_params(axis="x", labelsize=9)
    if values:
        axes.scatter(list(values), _jitter(len(values)), s=46, color=PEER_COLOUR, alpha=0.75,
                     edgecolors="white", linewidths=0.6, zorder=3)
        axes.axvline(median(values), color=MEDIAN_COLOUR, linestyle="--", linewidth=1.2, zorder=2,
                     label=median_label)
    if own is not None:
        axes.scatter([own], [0], s=150, marker="D", color=OWN_COLOUR, edgecolors="black",
                     linewidths=0.8, zorder=4, label=own_label)
    if not values and own is None:
        axes.text(0.5, 0.5, empty_label, transform=axes.transAxes, ha="center", va="center",
                  fontsize=9, color="#555555")
        axes.set_xticks([])
        return
    if limits is not None:
        axes.set_xlim(*limits)
    else:
        everything = list(values) + ([own] if own is not None else [])
        low, high = min(everything), max(everything)
        room = (high - low) * 0.1 or max(abs(high) * 0.1, 1)
        axes.set_xlim(max(0, low - room), high + room)


def benchmark_png(*, title: str, source: str, cost_title: str, achievement_title: str,
                  cost_values: Sequence[float], own_cost: float | None,
                  achievement_values: Sequence[float], own_achievement: float | None,
                  own_label: str, median_label: str, empty_label: str, locale: str) -> bytes:
    """Costs in cents, achievement as shares (0..1); both drawn as people read them."""
    comma = locale == "nl"
    figure = _figure(7.2, 4.2)
    figure.suptitle(title, fontsize=13, x=0.01, ha="left")
    cost_axes, achievement_axes = figure.subplots(2, 1)
    _strip(cost_axes, title=cost_title, values=[v / 100 for v in cost_values],
           own=None if own_cost is None else own_cost / 100, own_label=own_label,
           median_label=median_label, empty_label=empty_label,
           formatter=lambda v: "€ " + _format(v, 0, comma), limits=None)
    _strip(achievement_axes, title=achievement_title, values=[v * 100 for v in achievement_values],
           own=None if own_achievement is None else own_achievement * 100, own_label=own_label,
           median_label=median_label, empty_label=empty_label,
           formatter=lambda v: _format(v, 0, comma) + "%", limits=(-5, 105))
    # One legend for both strips, beside the title, so it never covers a dot; the source below
    # (``supxlabel`` takes part in the layout, plain figure text would overlap the ticks).
    handles, labels = [], []
    for axes in (cost_axes, achievement_axes):
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    if handles:
        figure.legend(handles, labels, loc="outside upper right", ncols=len(handles),
                      frameon=False, fontsize=9)
    figure.supxlabel(source, fontsize=8, color="#555555", x=0.01, ha="left")
    return _png(figure)
