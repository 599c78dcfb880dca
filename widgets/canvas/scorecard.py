"""The scorecard overlay (View > Scorecard): how the canvas shows which steps meet their targets.

A measured card is tinted green when its latest result meets the target, red when it misses
it, and grey while it has no result yet; a card without a measure keeps its own fill. Each
lane header shows its share on target as a bar along its foot and, where the header has
room under the role, as words ("3 of 4 on target"). Statuses come from models.measures, as
the `scorecard` command and the handout report them.

The bar stands along the header's right edge, right of the wrapped name (which keeps to
the header's first 140 px) and below the findings badge in the top right corner; the
words keep clear of the header's foot, where the front line's last lane prints "line of
visibility".
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QColor, QPainter

from models.chain import Chain, Touchpoint
from models.measures import latest_result, status
from models.text import ascent, line_height, text_width
from widgets.canvas.style import Theme, canvas_font, mix

#: status -> the tint of a measured card; both read on light and dark fills once mixed.
STATUS_COLOURS = {"on": "#43a047", "off": "#e53935", "none": "#9e9e9e"}
TINT = 0.38  # as much as review mode mixes in: the label stays readable
SUMMARY_PX = 10
BAR_WIDTH = 4.0
BAR_INSET = 4.0  # from the header's right edge and foot
BAR_TOP = 26.0  # below the findings badge (centred 14 px down, 8 px radius, its count above)
FOOT_CLEAR = 17.0  # the header's foot: the line of visibility's label sits in its last 16 px


def card_status(touchpoint: Touchpoint) -> str | None:
    """"on", "off" or "none" for a measured touchpoint; None when nothing is measured."""
    return status(touchpoint) if touchpoint.measure is not None else None


def tinted(fill: QColor, touchpoint: Touchpoint) -> QColor:
    """A card's fill in the scorecard: mixed with its status colour when it is measured."""
    found = card_status(touchpoint)
    return fill if found is None else mix(fill, STATUS_COLOURS[found], TINT)


_STATUS_LINES = {
    "on": QT_TRANSLATE_NOOP("Scorecard", "On target: {value} {unit} in {period}, target {direction} {target} {unit}"),
    "off": QT_TRANSLATE_NOOP("Scorecard", "Off target: {value} {unit} in {period}, target {direction} {target} {unit}"),
}
_DIRECTIONS = {"at_least": QT_TRANSLATE_NOOP("Scorecard", "at least"), "at_most": QT_TRANSLATE_NOOP("Scorecard", "at most")}


def status_line(touchpoint: Touchpoint) -> str | None:
    """The card tooltip's line on its measure: "Off target: 91 % in 2026-10, target at least
    95 %"; None when nothing is measured."""
    measure = touchpoint.measure
    if measure is None:
        return None
    tr = QCoreApplication.translate
    found, result = status(touchpoint), latest_result(touchpoint)
    if found == "none" or result is None:
        return tr("Scorecard", "No result yet for {metric}").format(metric=measure.metric)
    return tr("Scorecard", _STATUS_LINES[found]).format(
        value=f"{result.value:g}", unit=measure.unit, period=result.period,
        direction=tr("Scorecard", _DIRECTIONS[measure.direction]), target=f"{measure.target:g}",
    ).replace("  ", " ")


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


def share_bar(header: QRectF, avoid: QRectF | None = None) -> QRectF:
    """Where a lane header's share bar goes: up its right edge, below the badge, and ending
    above `avoid` (the comment marker in the header's bottom right corner) when given."""
    bottom = header.bottom() - BAR_INSET
    if avoid is not None and not avoid.isEmpty():
        bottom = min(bottom, avoid.top() - 2)
    return QRectF(
        header.right() - BAR_INSET - BAR_WIDTH, header.top() + BAR_TOP,
        BAR_WIDTH, max(0.0, bottom - header.top() - BAR_TOP),
    )


def paint_lane_score(
    painter: QPainter, theme: Theme, header: QRectF, text_bottom: float, score: LaneScore, avoid: QRectF | None = None
) -> bool:
    """The share bar (on target from the bottom up in green, then off in red, the rest
    grey), and the summary in words when it fits between `text_bottom` (the foot of the
    header's name and role) and the header's foot, clear of `avoid` (the comment marker).
    Returns whether the words were drawn."""
    bar = share_bar(header, avoid)
    painter.save()
    painter.fillRect(bar, mix(theme.base, STATUS_COLOURS["none"], 0.6))
    bottom = bar.bottom()
    for count, colour in ((score.on, "on"), (score.off, "off")):
        height = bar.height() * count / score.measured
        painter.fillRect(QRectF(bar.left(), bottom - height, bar.width(), height), QColor(STATUS_COLOURS[colour]))
        bottom -= height
    summary = score.summary()
    words = text_bottom + 3 + line_height(SUMMARY_PX) <= header.bottom() - FOOT_CLEAR
    words = words and 12 + text_width(summary, SUMMARY_PX) <= bar.left() - header.left() - 2
    box = QRectF(header.left() + 12, text_bottom + 3, text_width(summary, SUMMARY_PX), line_height(SUMMARY_PX))
    words = words and (avoid is None or not box.intersects(avoid.adjusted(-2, -2, 2, 2)))
    if words:
        painter.setFont(canvas_font(SUMMARY_PX))
        painter.setPen(theme.text)
        painter.drawText(QPointF(header.left() + 12, text_bottom + 3 + ascent(SUMMARY_PX)), summary)
    painter.restore()
    return words
