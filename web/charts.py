"""Horizontal bar charts drawn on the server as SVG: no chart library, a few KB each.

A chart is laid out here (positions and sizes in the units of its viewBox) and drawn by
``templates/dashboard/_chart.html``, which gives it its title and description for screen
readers; the page puts the same numbers in an HTML table beside it, which is also what
prints. Each row has a label and one or more bars (e.g. median and 90th percentile), each
bar one or more stacked segments (e.g. a status at each level); series are told apart by
a CSS class and named in a legend, never by colour alone (the table has the numbers).

Laid out phone first: the viewBox is about as wide as a phone's content (``WIDTH``), so
its text is drawn at about its own size there (at least 12 px); on a wider screen the
chart grows to at most twice that (app.css)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

WIDTH = 320
LABEL_HEIGHT = 20   # the row's label, above its bars
BAR_HEIGHT = 14
BAR_GAP = 4
ROW_GAP = 10
LEGEND_ROW = 24     # a line of the legend
VALUE_ROOM = 84     # right of the longest bar, for its value
CHARACTER = 7.6     # the width of a character of the charts' text, in viewBox units


@dataclass(frozen=True)
class Segment:
    series: int
    value: float
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    y: float
    segments: list[Segment]
    value_text: str
    end: float  # where the bar ends, for its value


@dataclass(frozen=True)
class Row:
    label: str
    y: float  # the label's baseline
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    rows: list[Row]
    # series, label, x, y; a series' class names what it means (``late``, ``on-time``)
    legend: list[tuple[int, str, float, float]] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    width: int = WIDTH
    height: float = 0


def bar_chart(chart_id: str, title: str, description: str,
              rows: list[tuple[str, list[list[float]]]],
              value_text: Callable[[list[float]], str],
              series: list[str] | None = None, classes: list[str] | None = None) -> Chart:
    """``rows``: (label, bars), each bar a list of segment values, stacked in series order;
    ``value_text`` writes a bar's values as shown at its end; ``series`` names the
    segments' series (a legend is drawn when there are several); ``classes`` the CSS
    class of each series when its colour has a meaning (late, on time), else
    ``series-N``."""
    series = series or []
    largest = max((sum(bar) for _, bars in rows for bar in bars), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    legend = _legend(series) if len(series) > 1 else []
    y = legend[-1][3] + LEGEND_ROW if legend else 0
    laid_out = []
    for label, bars in rows:
        baseline = y + LABEL_HEIGHT - 5
        y += LABEL_HEIGHT
        drawn = []
        for index, values in enumerate(bars):
            x, segments = 0.0, []
            for position, value in enumerate(values):
                width = value * scale
                if width > 0:
                    segments.append(Segment(position if len(values) > 1 else index, value,
                                            round(x, 1), round(max(width, 1.5), 1)))
                x += width
            drawn.append(Bar(y, segments, value_text(values), round(x, 1)))
            y += BAR_HEIGHT + BAR_GAP
        laid_out.append(Row(label, baseline, drawn))
        y += ROW_GAP
    names = classes or [f"series-{index}" for index in range(max(len(series), 3))]
    return Chart(chart_id, title, description, laid_out, legend, names, WIDTH, round(y, 1))


def _legend(series: list[str]) -> list[tuple[int, str, float, float]]:
    """Each series' swatch and name, on as many lines as the width needs."""
    legend, x, y = [], 0.0, 4.0
    for index, name in enumerate(series):
        room = 18 + CHARACTER * len(name) + 12
        if x and x + room > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        legend.append((index, name, x, y))
        x += room
    return legend
