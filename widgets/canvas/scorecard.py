"""The scorecard overlay (View > Scorecard): how the canvas shows which steps meet their targets.

A measured card is tinted green when its latest result meets the target, red when it misses
it, and grey while it has no result yet; a card without a measure keeps its own fill. Each
lane header shows its share on target as a bar along its foot and, where the header has
room under the role, as words ("3 of 4 on target"). Statuses come from models.measures, as
the `scorecard` command and the handout report them.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QColor, QPainter

from models.chain import Chain, Touchpoint
from models.measures import status
from models.text import ascent, line_height, text_width
from widgets.canvas.style import Theme, canvas_font, mix

#: status -> the tint of a measured card; both read on light and dark fills once mixed.
STATUS_COLOURS = {"on": "#43a047", "off": "#e53935", "none": "#9e9e9e"}
TINT = 0.38  # as much as review mode mixes in: the label stays readable
SUMMARY_PX = 10
BAR_HEIGHT = 4.0
BAR_INSET = 4.0  # from the header's sides and foot, inside the header's bottom padding


def card_status(touchpoint: Touchpoint) -> str | None:
    """"on", "off" or "none" for a measured touchpoint; None when nothing is measured."""
    return status(touchpoint) if touchpoint.measure is not None else None


def tinted(fill: QColor, touchpoint: Touchpoint) -> QColor:
    """A card's fill in the scorecard: mixed with its status colour when it is measured."""
    found = card_status(touchpoint)
    return fill if found is None else mix(fill, STATUS_COLOURS[found], TINT)


class LaneScore(NamedTuple):
    on: int
    off: int
    measured: int  # with a measure, with or without results

    def summary(self) -> str:
        return QCoreApplication.translate("Scorecard", "{on} of {count} on target").format(
            on=self.on, count=self.measured
        )


def lane_scores(chain: Chain) -> dict[str, LaneScore]:
    """Department id -> its measured touchpoints' statuses (departments measuring nothing are left out)."""
    counts: dict[str, list[int]] = {}
    for touchpoint in chain.touchpoints:
        found = card_status(touchpoint)
        if found is None:
            continue
        on_off = counts.setdefault(touchpoint.department, [0, 0, 0])
        on_off[0] += found == "on"
        on_off[1] += found == "off"
        on_off[2] += 1
    return {department: LaneScore(*values) for department, values in counts.items()}


def share_bar(header: QRectF) -> QRectF:
    """Where a lane header's share bar goes: along its foot, in its bottom padding."""
    return QRectF(
        header.left() + BAR_INSET, header.bottom() - BAR_INSET - BAR_HEIGHT, header.width() - 2 * BAR_INSET, BAR_HEIGHT
    )


def paint_lane_score(painter: QPainter, theme: Theme, header: QRectF, text_bottom: float, score: LaneScore) -> bool:
    """The share bar, and the summary in words when it fits between `text_bottom` (the foot
    of the header's name and role) and the bar. Returns whether the words were drawn."""
    bar = share_bar(header)
    painter.save()
    painter.fillRect(bar, mix(theme.base, STATUS_COLOURS["none"], 0.6))
    left = bar.left()
    for count, colour in ((score.on, "on"), (score.off, "off")):
        width = bar.width() * count / score.measured
        painter.fillRect(QRectF(left, bar.top(), width, bar.height()), QColor(STATUS_COLOURS[colour]))
        left += width
    summary = score.summary()
    words = text_bottom + 3 + line_height(SUMMARY_PX) <= bar.top() - 1
    words = words and text_width(summary, SUMMARY_PX) <= header.width() - 2 * 12
    if words:
        painter.setFont(canvas_font(SUMMARY_PX))
        painter.setPen(theme.text)
        painter.drawText(QPointF(header.left() + 12, text_bottom + 3 + ascent(SUMMARY_PX)), summary)
    painter.restore()
    return words
