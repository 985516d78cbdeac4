"""The story's timeline as a picture: its events by day, stacked by type, laid out for SVG.

Geometry is computed here and drawn by the template (``story.html``), so the page needs no
script. Days run left to right without gaps, so a quiet day shows as one; a story spread over
more than ``MAX_CONTINUOUS_DAYS`` shows only the days that have events. Undated events cannot
be placed on the axis: they are counted beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline_projector.query.views import TimelineEntry

WIDTH = 880
PLOT_HEIGHT = 150
LEFT, TOP, BOTTOM = 36, 10, 46
MAX_BAR_WIDTH = 44
MAX_CONTINUOUS_DAYS = 62
# Incidents warm, statements cool, figures neutral: the legend follows the same order.
COLOURS = {
    "strike_reported": "#cf222e",
    "attack_reported": "#bc4c00",
    "interception_reported": "#e16f24",
    "casualties_reported": "#8250df",
    "accusation_made": "#0969da",
    "denial_issued": "#1a7f37",
    "threat_issued": "#9a6700",
    "skepticism_expressed": "#57606a",
    "responsibility_claimed": "#bf3989",
    "pledge_made": "#1b7c83",
    "sanction_imposed": "#6e7781",
    "participation_reported": "#953800",
    "statistic_reported": "#8c959f",
}
OTHER_COLOUR = "#afb8c1"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    day: date
    event_type: str
    count: int


@dataclass(frozen=True)
class DayLabel:
    x: float
    text: str


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    plot_bottom: float
    bars: list[Bar]
    labels: list[DayLabel]
    legend: list[tuple[str, str, int]]  # event type, colour, how many events
    busiest: int  # the tallest day's count, the axis' top
    undated: int

    @property
    def empty(self) -> bool:
        return not self.bars


def timeline_chart(entries: Sequence[TimelineEntry]) -> TimelineChart:
    dated = [entry for entry in entries if entry.when.start is not None]
    per_day: dict[date, Counter[str]] = {}
    for entry in dated:
        assert entry.when.start is not None
        per_day.setdefault(entry.when.start, Counter())[entry.event_type] += 1
    days = _axis(sorted(per_day))
    busiest = max((sum(counts.values()) for counts in per_day.values()), default=0)
    slot = (WIDTH - LEFT) / max(len(days), 1)
    bar_width = min(MAX_BAR_WIDTH, slot * 0.7)
    unit = PLOT_HEIGHT / busiest if busiest else 0.0
    plot_bottom = float(TOP + PLOT_HEIGHT)
    bars, labels = [], []
    every = max(1, len(days) // 12)  # at most a dozen day labels, so they never overlap
    for index, day in enumerate(days):
        x = LEFT + index * slot + (slot - bar_width) / 2
        y = plot_bottom
        for event_type, count in sorted((per_day.get(day) or Counter()).items()):
            height = count * unit
            y -= height
            colour = COLOURS.get(event_type, OTHER_COLOUR)
            bars.append(Bar(x, y, bar_width, height, colour, day, event_type, count))
        if index % every == 0:
            labels.append(DayLabel(x + bar_width / 2, day.strftime("%d %b")))
    kinds = Counter(entry.event_type for entry in dated)
    legend = [
        (kind, COLOURS.get(kind, OTHER_COLOUR), kinds[kind])
        for kind in sorted(kinds, key=lambda k: list(COLOURS).index(k) if k in COLOURS else 99)
    ]
    return TimelineChart(
        width=WIDTH,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        plot_bottom=plot_bottom,
        bars=bars,
        labels=labels,
        legend=legend,
        busiest=busiest,
        undated=len(entries) - len(dated),
    )


def _axis(days: list[date]) -> list[date]:
    if not days:
        return []
    span = (days[-1] - days[0]).days + 1
    if span > MAX_CONTINUOUS_DAYS:
        return days
    return [days[0] + timedelta(days=offset) for offset in range(span)]
