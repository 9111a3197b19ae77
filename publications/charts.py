"""Server-rendered SVG for the scorecard: one stacked bar per year.

Only geometry is computed here; ``templates/publications/includes/
scorecard_chart.html`` draws it. The chart is never the only carrier of the
figures: the same numbers stand in a data table beside it, and every segment
carries its count as text and a <title>.
"""

import dataclasses

from advice.consultations.verdicts import ConsultationVerdict

# One colour per verdict, each at least 3:1 against white (WCAG 1.4.11) and
# told apart by the legend, the labels and the table as well, never by colour alone.
COLOURS = {
    ConsultationVerdict.CONSULTED_IN_TIME: "#1d6b32",
    ConsultationVerdict.CONSULTED_LATE: "#8a4b00",
    ConsultationVerdict.RESPONSE_OVERDUE: "#6b3fa0",
    ConsultationVerdict.DECIDED_BEFORE_ADVICE: "#a4161a",
    ConsultationVerdict.NOT_CONSULTED: "#1b1b1b",
    ConsultationVerdict.PENDING: "#5c6670",
}

# Bars read best when the good news is on the left and the worst on the right.
STACK_ORDER = [
    ConsultationVerdict.CONSULTED_IN_TIME,
    ConsultationVerdict.PENDING,
    ConsultationVerdict.RESPONSE_OVERDUE,
    ConsultationVerdict.CONSULTED_LATE,
    ConsultationVerdict.DECIDED_BEFORE_ADVICE,
    ConsultationVerdict.NOT_CONSULTED,
]

# The chart is drawn at its own size (CSS only shrinks it, never stretches it),
# about the width of a phone's screen: on a 390 px phone its 16 px labels stay
# about 15 px, and at 320 px about 12 px. A wider drawing shrunk to fit made
# them about 9 px (issue 18).
LABEL_WIDTH = 140  # "jaar onbekend" at 16 px, also in a wide fallback font (DejaVu Sans)
BAR_AREA = 200
RIGHT_MARGIN = 40  # room for the total after the longest bar
BAR_HEIGHT = 30
GAP = 12
TOP = 8
MIN_WIDTH_FOR_TEXT = 24


@dataclasses.dataclass(frozen=True)
class Segment:
    verdict: ConsultationVerdict
    count: int
    x: float
    width: float
    colour: str

    @property
    def label(self):
        return self.verdict.label

    @property
    def text_x(self):
        return self.x + self.width / 2

    @property
    def show_count(self):
        return self.width >= MIN_WIDTH_FOR_TEXT


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: float
    segments: list

    @property
    def text_y(self):
        # An int: a float would render as "22,0" in Dutch and break the SVG.
        return self.y + BAR_HEIGHT // 2

    @property
    def total_x(self):
        end = self.segments[-1].x + self.segments[-1].width if self.segments else LABEL_WIDTH
        return end + 6


@dataclasses.dataclass(frozen=True)
class Chart:
    bars: list
    width: int
    height: int
    bar_height: int = BAR_HEIGHT
    label_width: int = LABEL_WIDTH

    @property
    def legend(self):
        return [(verdict.label, COLOURS[verdict]) for verdict in STACK_ORDER]


def stacked_bars(years, *, unknown_year_label):
    """Geometry for ``Scorecard.years``: [(year or None, {ConsultationVerdict: count})]."""
    largest = max((sum(counts.values()) for _, counts in years), default=0)
    scale = BAR_AREA / largest if largest else 0
    bars = []
    for index, (year, counts) in enumerate(years):
        x = float(LABEL_WIDTH)
        segments = []
        for verdict in STACK_ORDER:
            count = counts.get(verdict, 0)
            if not count:
                continue
            width = count * scale
            segments.append(Segment(verdict, count, x, width, COLOURS[verdict]))
            x += width
        bars.append(
            Bar(
                label=str(year) if year is not None else str(unknown_year_label),
                total=sum(counts.values()),
                y=TOP + index * (BAR_HEIGHT + GAP),
                segments=segments,
            )
        )
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)
    return Chart(bars=bars, width=LABEL_WIDTH + BAR_AREA + RIGHT_MARGIN, height=height)
