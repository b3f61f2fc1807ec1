"""Server-rendered SVG charts: a line chart for trends over dates and a bar chart for totals by label.

Pure functions from numbers to SVG text, so pages need no chart library and no script, and tests can
read the output. Every chart is an accessible image (``role="img"`` with ``<title>`` and ``<desc>``),
scales to its container through its ``viewBox``, escapes every label, and says so plainly when there is
nothing to draw yet. Colours come from CSS classes (``chart-series-N``) set in the stylesheet.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Drawing area, in viewBox units; the SVG scales to the width of its container. A narrow box keeps 12-unit
# text readable on a 390 px phone (about 10 px there) without getting large on a desktop column.
WIDTH = 420
HEIGHT = 260
MARGIN_LEFT = 44
MARGIN_RIGHT = 12
MARGIN_TOP = 18
MARGIN_BOTTOM = 46
DATE_LABEL_HALF_WIDTH = 26  # half of "21 Nov" at the 14px tick font (fitness.css), in chart units
# Series beyond this many share the last colour class: charts here show at most a handful.
SERIES_CLASSES = 6
Y_TICKS = 5
X_TICKS = 6
LEGEND_PER_ROW = 2
LEGEND_ROW_HEIGHT = 16


@dataclass(frozen=True)
class Series:
    """One line: a name for the legend and (date, value) points in any order."""

    name: str
    points: Sequence[tuple[dt.date, float]]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def _fmt(value: float) -> str:
    """A number for a label: whole numbers without decimals, others with one."""
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 or abs(value) >= 100 else f"{value:,.1f}"


def _amount(value: float, unit: str) -> str:
    return f"{_fmt(value)} {unit}" if unit else _fmt(value)


def nice_step(span: float, ticks: int) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(ticks, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def nice_range(low: float, high: float, ticks: int = Y_TICKS) -> tuple[float, float, float]:
    """(start, stop, step) on round numbers covering low-high; a flat series gets some room around it."""
    if high - low < 1e-9:
        pad = max(abs(high) * 0.05, 1.0)
        low, high = low - pad, high + pad
    step = nice_step(high - low, ticks)
    start = math.floor(low / step) * step
    stop = math.ceil(high / step) * step
    # low / step can underflow to 0 for tiny values (-5e-324 / 2 == -0.0): one more step keeps low covered.
    if start > low:
        start -= step
    if stop < high:
        stop += step
    return start, stop, step


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [start + i * step for i in range(count + 1)]


def _open_svg(chart_id: str, title: str, desc: str, height: int = HEIGHT) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg class="chart" id="{cid}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMidYMid meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


EMPTY_LINE_CHARS = 36  # at the empty message's 16px font, about what fits between the chart's edges
EMPTY_LINE_HEIGHT = 22


def _empty(chart_id: str, title: str, message: str) -> str:
    """The chart's frame with a message in place of data. SVG text does not wrap by itself, so the message is
    broken into lines that fit the chart's width (a long one used to run off both sides)."""
    parts = _open_svg(chart_id, title, message)
    lines = textwrap.wrap(message, EMPTY_LINE_CHARS) or [""]
    top = HEIGHT / 2 - (len(lines) - 1) * EMPTY_LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{WIDTH / 2:g}" y="{top + i * EMPTY_LINE_HEIGHT:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    parts.append(f'<text class="chart-empty" text-anchor="middle">{spans}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _y_axis(lo: float, hi: float, step: float, unit: str, y_of: _Scale) -> list[str]:
    parts = []
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    for tick in _frange(lo, hi, step):
        y = y_of(tick)
        parts.append(f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="chart-tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(tick))}</text>'
        )
    if unit:
        parts.append(f'<text class="chart-unit" x="4" y="{MARGIN_TOP - 8}">{escape(unit)}</text>')
    bottom = HEIGHT - MARGIN_BOTTOM
    parts.append(f'<line class="chart-axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>')
    parts.append(f'<line class="chart-axis" x1="{left}" x2="{left}" y1="{MARGIN_TOP}" y2="{bottom}"/>')
    return parts


class _Scale:
    """Linear map from data values onto a pixel span (``flip`` for y, which grows downwards)."""

    def __init__(self, lo: float, hi: float, px_lo: float, px_hi: float) -> None:
        self.lo, self.hi, self.px_lo, self.px_hi = lo, hi, px_lo, px_hi

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo
        frac = (value - self.lo) / span if span else 0.5
        return self.px_lo + frac * (self.px_hi - self.px_lo)


def _date_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (last - first).days
    if days <= 0:
        return [first]
    count = min(X_TICKS, days + 1)
    picked = [first + dt.timedelta(days=round(i * days / (count - 1))) for i in range(count)]
    return sorted(set(picked))


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    empty_message: str = "Nothing logged yet.",
) -> str:
    """A line chart of values over dates, one line per series, with axes, tick labels, points and a legend.

    The description lists each series' first and latest values, so a screen reader gets the trend.
    """
    drawn = [Series(s.name, sorted(s.points)) for s in series if s.points]
    if not drawn:
        return _empty(chart_id, title, empty_message)
    dates = [d for s in drawn for d, _ in s.points]
    values = [v for s in drawn for _, v in s.points]
    first, last = min(dates), max(dates)
    lo, hi, step = nice_range(min(values), max(values))
    x_span = max((last - first).days, 1)
    # The last date's label is centred on it: the plot stops early enough for "21 Nov" to fit (it was cut).
    x_of = _Scale(0, x_span, MARGIN_LEFT + 8, WIDTH - max(MARGIN_RIGHT + 8, DATE_LABEL_HALF_WIDTH))
    y_of = _Scale(lo, hi, HEIGHT - MARGIN_BOTTOM, MARGIN_TOP)
    summary = "; ".join(
        f"{s.name}: {_amount(s.points[0][1], unit)} on {s.points[0][0].isoformat()}, "
        f"{_amount(s.points[-1][1], unit)} on {s.points[-1][0].isoformat()}"
        for s in drawn
    )
    rows = math.ceil(len(drawn) / LEGEND_PER_ROW)
    parts = _open_svg(chart_id, title, summary, HEIGHT + (rows - 1) * LEGEND_ROW_HEIGHT)
    parts += _y_axis(lo, hi, step, unit, y_of)
    for tick in _date_ticks(first, last):
        x = x_of((tick - first).days if last > first else x_span / 2)
        label_y = HEIGHT - MARGIN_BOTTOM + 16
        parts.append(f'<text class="chart-tick" x="{x:.1f}" y="{label_y}" text-anchor="middle">{tick:%d %b}</text>')
    for index, s in enumerate(drawn):
        css = f"chart-series-{min(index, SERIES_CLASSES - 1)}"
        coords = [(x_of((d - first).days if last > first else x_span / 2), y_of(v), d, v) for d, v in s.points]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
        parts.append(f'<g class="{css}">')
        if len(coords) > 1:
            parts.append(f'<polyline class="chart-line" fill="none" points="{path}"/>')
        for x, y, d, value in coords:
            tip = escape(f"{s.name}: {_amount(value, unit)} on {d.isoformat()}")
            parts.append(f'<circle class="chart-point" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{tip}</title></circle>')
        parts.append("</g>")
    parts += _legend([s.name for s in drawn])
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(names: Sequence[str]) -> list[str]:
    """Rows of swatches under the plot (the SVG grows by a row height for each extra row)."""
    parts = []
    col_width = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / LEGEND_PER_ROW
    for index, name in enumerate(names):
        row, col = divmod(index, LEGEND_PER_ROW)
        x = MARGIN_LEFT + col * col_width
        y = HEIGHT - 6 + row * LEGEND_ROW_HEIGHT
        css = f"chart-series-{min(index, SERIES_CLASSES - 1)}"
        label = name if len(name) <= 22 else name[:21] + "…"
        parts.append(
            f'<g class="{css} chart-legend"><rect x="{x:.1f}" y="{y - 9}" width="10" height="10"/>'
            f'<text x="{x + 14:.1f}" y="{y}">{escape(label)}</text></g>'
        )
    return parts


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    empty_message: str = "Nothing logged yet.",
) -> str:
    """Vertical bars with their values on top, labels under them and a y axis from zero."""
    if not bars or all(b.value == 0 for b in bars):
        return _empty(chart_id, title, empty_message)
    top = max(b.value for b in bars)
    lo, hi, step = nice_range(0.0, top)
    lo = 0.0
    if all(float(b.value).is_integer() for b in bars) and step < 1:
        # Counts (sets this week) have no fractions: 1 set drew ticks at 0.2, 0.4, ... sets.
        step, hi = 1.0, float(math.ceil(hi))
    y_of = _Scale(lo, hi, HEIGHT - MARGIN_BOTTOM, MARGIN_TOP)
    summary = ", ".join(f"{b.label}: {_amount(b.value, unit)}" for b in bars)
    parts = _open_svg(chart_id, title, summary)
    parts += _y_axis(lo, hi, step, unit, y_of)
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / len(bars)
    bar_width = slot * 0.6
    for index, b in enumerate(bars):
        x = MARGIN_LEFT + index * slot + (slot - bar_width) / 2
        y = y_of(b.value)
        height = HEIGHT - MARGIN_BOTTOM - y
        label = escape(b.label if len(b.label) <= 10 else b.label[:9] + "…")
        tip = escape(f"{b.label}: {_amount(b.value, unit)}")
        centre = x + bar_width / 2
        parts.append(
            f'<g class="chart-series-0"><rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
            f'height="{max(height, 0):.1f}"><title>{tip}</title></rect></g>'
        )
        parts.append(
            f'<text class="chart-value" x="{centre:.1f}" y="{y - 4:.1f}" text-anchor="middle">{_fmt(b.value)}</text>'
        )
        parts.append(
            f'<text class="chart-tick chart-bar-label" x="{centre:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" '
            f'text-anchor="middle">{label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
