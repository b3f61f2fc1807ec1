"""The server-rendered SVG charts: well-formed, accessible, escaped, scaled to the data."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fitcoach.web.charts import (
    DATE_LABEL_HALF_WIDTH,
    EMPTY_LINE_CHARS,
    HEIGHT,
    LEGEND_PER_ROW,
    LEGEND_ROW_HEIGHT,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    WIDTH,
    Bar,
    Series,
    bar_chart,
    line_chart,
    nice_range,
    nice_step,
)

SVG = "{http://www.w3.org/2000/svg}"
DAY = dt.date(2026, 11, 2)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def weights(n: int, start: float = 80.0) -> Series:
    return Series("Body weight", [(DAY + dt.timedelta(days=3 * i), start - 0.5 * i) for i in range(n)])


def test_line_chart_is_an_accessible_scalable_image() -> None:
    root = parse(line_chart([weights(5)], chart_id="bw", title="Body weight trend", unit="kg"))
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None  # the viewBox lets CSS size it to a phone screen
    assert root.get("aria-labelledby") == "bw-title bw-desc"
    assert root.find(f"{SVG}title").text == "Body weight trend"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert "80 kg on 2026-11-02" in desc and "78 kg on 2026-11-14" in desc


def test_line_chart_draws_one_point_per_value_with_a_tooltip() -> None:
    root = parse(line_chart([weights(4)], chart_id="c", title="t", unit="kg"))
    points = root.findall(f".//{SVG}circle")
    assert len(points) == 4
    assert points[0].find(f"{SVG}title").text == "Body weight: 80 kg on 2026-11-02"  # type: ignore[union-attr]
    assert len(root.findall(f".//{SVG}polyline")) == 1


def test_line_chart_puts_higher_values_higher_and_later_dates_further_right() -> None:
    root = parse(line_chart([weights(3)], chart_id="c", title="t"))
    cx = [float(p.get("cx", 0)) for p in root.iter(f"{SVG}circle")]
    cy = [float(p.get("cy", 0)) for p in root.iter(f"{SVG}circle")]
    assert cx == sorted(cx) and cx[0] < cx[-1]
    assert cy == sorted(cy)  # values fall, so y (downwards) rises


def test_line_chart_axis_ticks_cover_the_data() -> None:
    root = parse(line_chart([weights(6)], chart_id="c", title="t", unit="kg"))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    numbers = [float(t.replace(",", "")) for t in ticks if t and t[0].isdigit() and " " not in t]
    assert min(numbers) <= 77.5 and max(numbers) >= 80
    assert "02 Nov" in ticks and "17 Nov" in ticks


def test_several_series_get_a_legend_entry_and_colour_class_each() -> None:
    names = "ABCDE"[: LEGEND_PER_ROW + 1]  # one more than fits on a row
    lifts = [Series(name, [(DAY, 60.0 + i), (DAY + dt.timedelta(days=7), 62.5 + i)]) for i, name in enumerate(names)]
    root = parse(line_chart(lifts, chart_id="e1rm", title="e1RM", unit="kg"))
    legend = [g for g in root.iter(f"{SVG}g") if "chart-legend" in (g.get("class") or "")]
    assert [g.find(f"{SVG}text").text for g in legend] == list(names)  # type: ignore[union-attr]
    assert {g.get("class", "").split()[0] for g in legend} == {f"chart-series-{i}" for i in range(len(names))}
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT + LEGEND_ROW_HEIGHT}"  # a second legend row: one row taller


def test_labels_are_escaped() -> None:
    svg = line_chart([Series("<script>alert(1)</script>", [(DAY, 1.0)])], chart_id='x" onload="y', title="a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'onload="y"' not in svg
    parse(svg)
    bars = bar_chart([Bar("<b>legs</b>", 3)], chart_id="b", title="<i>")
    assert "<b>" not in bars and "&lt;b&gt;" in bars
    parse(bars)


@pytest.mark.parametrize("series", [[], [Series("Body weight", [])]])
def test_empty_line_chart_says_so(series: list[Series]) -> None:
    root = parse(line_chart(series, chart_id="c", title="Body weight", empty_message="Log a weight to see a trend."))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts == ["Log a weight to see a trend."]
    assert root.find(f"{SVG}desc").text == "Log a weight to see a trend."  # type: ignore[union-attr]


def test_single_point_is_drawn_in_the_middle() -> None:
    root = parse(line_chart([Series("w", [(DAY, 70.0)])], chart_id="c", title="t"))
    (point,) = root.iter(f"{SVG}circle")
    centre = (MARGIN_LEFT + 8 + WIDTH - max(MARGIN_RIGHT + 8, DATE_LABEL_HALF_WIDTH)) / 2
    assert float(point.get("cx", 0)) == pytest.approx(centre, abs=1)  # the centre of the plot area
    assert not root.findall(f".//{SVG}polyline")


def test_bar_chart_heights_are_proportional_and_start_at_zero() -> None:
    bars = [Bar("chest", 10), Bar("back", 5), Bar("legs", 0)]
    root = parse(bar_chart(bars, chart_id="v", title="Sets this week", unit="sets"))
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    heights = [float(r.get("height", 0)) for r in rects]
    assert heights[0] == pytest.approx(2 * heights[1], rel=0.01) and heights[2] == 0
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert values == ["10", "5", "0"]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc == "chest: 10 sets, back: 5 sets, legs: 0 sets"


def test_the_last_date_label_stays_inside_the_chart() -> None:
    """The weight chart's last date ("21 Nov") was centred on the right edge and cut in half."""
    points = [(DAY + dt.timedelta(days=d), 90.0 - d / 10) for d in (0, 4, 8, 11)]
    root = parse(line_chart([Series("w", points)], chart_id="c", title="t"))
    dates = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick" and " " in (t.text or "")]
    last = max(dates, key=lambda t: float(t.get("x", 0)))
    assert last.get("text-anchor") == "middle" and float(last.get("x", 0)) + DATE_LABEL_HALF_WIDTH <= WIDTH


def test_bar_chart_of_small_counts_has_whole_number_ticks() -> None:
    """One set this week drew y ticks at 0.2, 0.4, ... sets."""
    root = parse(bar_chart([Bar("chest", 1)], chart_id="v", title="Sets", unit="sets"))
    ticks = ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if "chart-tick" in (t.get("class") or "")]
    numbers = [t for t in ticks if t.replace(".", "").isdigit()]
    assert numbers and all("." not in t for t in numbers), ticks


def test_bar_chart_with_no_work_says_so() -> None:
    root = parse(bar_chart([Bar("chest", 0)], chart_id="v", title="t", empty_message="No sets yet."))
    assert ["".join(t.itertext()) for t in root.iter(f"{SVG}text")] == ["No sets yet."]


def test_long_empty_message_wraps_inside_the_chart() -> None:
    """A long message used to be one SVG line running off both edges (the dashboard's strength trend)."""
    message = "Log loaded sets of 10 reps or fewer to see your strength trend."
    root = parse(line_chart([], chart_id="s", title="Strength trend", empty_message=message))
    spans = list(root.iter(f"{SVG}tspan"))
    assert len(spans) >= 2
    assert " ".join(s.text or "" for s in spans) == message
    assert all(len(s.text or "") <= EMPTY_LINE_CHARS for s in spans)
    ys = [float(s.get("y", 0)) for s in spans]
    assert ys == sorted(ys) and ys[0] > 0 and ys[-1] < HEIGHT


def test_nice_range_covers_a_tiny_negative_low() -> None:
    """Found by hypothesis: -5e-324 / 2 underflows to -0.0, and the range started at 0, above the data."""
    start, stop, step = nice_range(-5e-324, 6.0)
    assert start <= -5e-324 and stop >= 6.0 and step > 0


@given(st.floats(-1e6, 1e6), st.floats(0, 1e6))
def test_nice_range_covers_any_span(low: float, extra: float) -> None:
    high = low + extra
    start, stop, step = nice_range(low, high)
    assert start <= low and stop >= high and step > 0
    assert (stop - start) / step <= 12  # a readable number of ticks


def test_nice_step_is_round() -> None:
    assert nice_step(10, 5) == 2
    assert nice_step(7, 5) == 2
    assert nice_step(0.3, 5) == pytest.approx(0.1)
    assert nice_step(0, 5) == 1
