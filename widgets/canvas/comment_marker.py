"""Comment markers: a speech bubble with the number of open comments on an element.

Where a marker goes, so that it never covers text:
- a card: above its top edge at the left (a diamond: above its upper-left edge), the
  mirror of where finding badges sit at the right; the label starts lower (PAD);
- a handoff: on the top-right corner of its "passes" pill or branch label, else beside
  the middle of its route;
- a lane: the bottom-right corner of its header, right of the role line.

Markers are drawn on screen only, never in exports (ChainScene.exporting): they are
notes about the picture, not part of it. A click on one opens the Comments dock.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from models.labels import point_along, route_length
from widgets.canvas.style import label_font

HEIGHT = 13.0
TAIL = 4.0  # the bubble's tail below its box
FILL = "#6a1b9a"  # a deep violet: no finding badge, review or role colour uses it


def marker_size(count: int) -> tuple[float, float]:
    """(width, height) of a marker's box (the tail below it not counted)."""
    text = count_text(count)
    return 12.0 + 6.0 * len(text), HEIGHT


def count_text(count: int) -> str:
    return str(count) if count < 100 else "99+"


def card_marker_rect(kind: str, width: float, count: int) -> QRectF:
    """Item coordinates of the marker on a card of `kind` and `width`: above the label,
    which never starts higher than PAD (6) below the card's top."""
    marker_width, height = marker_size(count)
    left = width * 0.25 - marker_width / 2 if kind == "decision" else 10.0
    bottom = 4.0 - TAIL if kind == "decision" else 2.0 - TAIL
    return QRectF(left, bottom - height, marker_width, height)


def handoff_marker_rect(points, labels, count: int) -> QRectF | None:
    """Scene coordinates of a handoff's marker: on its pill's (or branch label's) top-right
    corner, else up and right of the middle of its route."""
    if len(points) < 2:
        return None
    width, height = marker_size(count)
    for kind in ("passes", "branch"):
        for label in labels:
            if label.kind == kind:
                right, top = label.rect[2], label.rect[1]
                return QRectF(right - 4, top - height - TAIL + 4, width, height)
    (x, y), _end = point_along(points, route_length(points) / 2)
    return QRectF(x + 3, y - height - TAIL - 1, width, height)


def lane_marker_rect(header: QRectF, count: int) -> QRectF:
    """Scene coordinates of a lane's marker: the bottom-right corner of its header."""
    width, height = marker_size(count)
    return QRectF(header.right() - width - 8, header.bottom() - height - TAIL - 4, width, height)


def marker_area(rect: QRectF) -> QRectF:
    """The marker's box with its tail: what it covers, and where a click opens it."""
    return rect.adjusted(-1, -1, 1, TAIL + 1)


def paint_marker(painter: QPainter, rect: QRectF, count: int) -> None:
    """A filled speech bubble over `rect`, its tail pointing down-left at the element."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    bubble = QPainterPath()
    bubble.addRoundedRect(rect, 4, 4)
    tail = QPainterPath()
    left, bottom = rect.left() + 4, rect.bottom() - 1
    tail.moveTo(left, bottom)
    tail.lineTo(left, bottom + TAIL + 1)
    tail.lineTo(left + 5, bottom)
    tail.closeSubpath()
    painter.setPen(QPen(QColor("#ffffff"), 1.2))
    painter.setBrush(QColor(FILL))
    painter.drawPath(bubble.united(tail))
    painter.setFont(label_font(6.5, bold=True))
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, count_text(count))
    painter.restore()


def marker_tooltip(count: int) -> str:
    tr = QCoreApplication.translate
    if count == 1:
        return tr("CommentMarker", "1 open comment: click to read it")
    return tr("CommentMarker", "{count} open comments: click to read them").format(count=count)


class CommentMarked:
    """What a card, a handoff and a lane share about their comment marker: the count of
    open comments it shows, and its box. The item gives `marker_rect()`."""

    open_comments = 0

    def set_open_comments(self, count: int) -> None:
        if count != self.open_comments:
            self.open_comments = count
            self.update()

    def comment_marker_rect(self):
        """The comment marker's box in scene coordinates; None without open comments."""
        return self.marker_rect() if self.open_comments else None
