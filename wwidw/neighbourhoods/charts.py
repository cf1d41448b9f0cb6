"""Charts of neighbourhood figures as PNG, drawn with matplotlib's object API (``Figure``; never
pyplot, whose global state is not safe in a web process) and cached on disk by their content.

The cache key is a hash of everything drawn (data, labels, language), so a new import or a new
translation simply makes new files; nothing needs invalidating. Files live in the instance
folder so that every gunicorn worker shares them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

# Bump when the drawing changes, so old cached pictures are not served.
STYLE_VERSION = 4
COLOURS = ("#0b5c7a", "#d9822b", "#6c757d", "#2e8540", "#8e44ad", "#c0392b")


@dataclass(frozen=True)
class Line:
    label: str
    points: Sequence[tuple[int, float | None]]


@dataclass(frozen=True)
class Bar:
    label: str
    parts: Sequence[float]


def cache_dir() -> Path:
    path = Path(current_app.instance_path) / "cache" / "charts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cached_png(key_data: object, render: Callable[[], bytes]) -> tuple[bytes, bool]:
    """The picture for ``key_data``, drawn by ``render`` only when not cached yet.
    Returns the bytes and whether they came from the cache."""
    key = hashlib.sha256(
        json.dumps([STYLE_VERSION, key_data], sort_keys=True, default=str).encode()
    ).hexdigest()
    path = cache_dir() / f"{key}.png"
    try:
        return path.read_bytes(), True
    except FileNotFoundError:
        pass
    data = render()
    # Written under a temporary name and renamed, so a concurrent reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    return data, False


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def trend_chart(title: str, y_label: str, x_label: str, lines: Sequence[Line],
                source: str, decimal_comma: bool) -> bytes:
    """Lines over the years; a missing year is a gap in the line, never a drop to 0."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = _figure(7.2, 3.6)
    axes = figure.add_subplot()
    for index, line in enumerate(lines):
        years = [year for year, _ in line.points]
        values = [float("nan") if value is None else value for _, value in line.points]
        axes.plot(years, values, marker="o", linewidth=2.4 if index == 0 else 1.6,
                  color=COLOURS[index % len(COLOURS)], label=line.label,
                  linestyle="-" if index == 0 else "--")
    _title(axes, title, source)
    axes.set_ylabel(y_label)
    axes.set_xlabel(x_label)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    # From zero, so that 370 → 375 does not look like a leap (all figures here are ≥ 0).
    values = [v for line in lines for _, v in line.points if v is not None]
    if values and min(values) >= 0:
        axes.set_ylim(bottom=0, top=max(values) * 1.08 or 1)
    axes.yaxis.set_major_formatter(FuncFormatter(_number_formatter(decimal_comma)))
    axes.grid(axis="y", color="#dddddd")
    axes.spines[["top", "right"]].set_visible(False)
    if len(lines) > 1:
        axes.legend(frameon=False, fontsize=9)
    return _png(figure)


def contribution_chart(title: str, x_label: str, bars: Sequence[Bar], part_labels: Sequence[str],
                       source: str, decimal_comma: bool) -> bytes:
    """Horizontal stacked bars: each area's score built from its indicators' contributions,
    highest score at the top."""
    from matplotlib.ticker import FuncFormatter

    height = max(2.6, 0.34 * len(bars) + 1.8 + 0.22 * len(part_labels))
    figure = _figure(7.6, height)
    axes = figure.add_subplot()
    labels = [bar.label for bar in bars][::-1]
    left = [0.0] * len(bars)
    for index, part_label in enumerate(part_labels):
        widths = [bar.parts[index] for bar in bars][::-1]
        axes.barh(labels, widths, left=left, color=COLOURS[index % len(COLOURS)],
                  label=part_label, height=0.7)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    _title(axes, title, source)
    axes.set_xlabel(x_label)
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(FuncFormatter(_number_formatter(decimal_comma)))
    axes.grid(axis="x", color="#dddddd")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=9)
    # Below the plot, so the legend never hides a bar; long labels get fewer columns.
    longest = max((len(label) for label in part_labels), default=0)
    columns = 1 if longest > 38 else 2 if longest > 24 else 3
    figure.legend(loc="outside lower center", ncols=min(columns, len(part_labels)),
                  frameon=False, fontsize=8)
    return _png(figure)


def _title(axes, title: str, source: str) -> None:
    """The title, with the source in small print between it and the plot."""
    axes.set_title(title, fontsize=12, loc="left", pad=16)
    axes.text(0, 1.01, source, transform=axes.transAxes, fontsize=7, color="#555555",
              ha="left", va="bottom")


def _number_formatter(decimal_comma: bool) -> Callable[[float, int], str]:
    def format_tick(value: float, _position: int) -> str:
        # As many decimals as the tick needs (0,85 stays 0,85), at most two.
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        if decimal_comma:
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    return format_tick
