"""Orthogonal routes for handoffs: right-angled polylines between two cards."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

GAP = 24.0  # the least horizontal room for a forward route
CLEARANCE = 16.0  # how far a route keeps from the cards it goes around


def decision_route(source: QRectF, target: QRectF) -> list[QPointF]:
    """A decision's branch: out of the top or bottom vertex when the target lies above or
    below, so that its branches (and their labels) leave from different corners."""
    centre_y = target.center().y()
    if target.left() >= source.center().x() + GAP:
        if centre_y < source.top():
            start = QPointF(source.center().x(), source.top())
        elif centre_y > source.bottom():
            start = QPointF(source.center().x(), source.bottom())
        else:
            return orthogonal_route(source, target)
        return [start, QPointF(start.x(), centre_y), QPointF(target.left(), centre_y)]
    return orthogonal_route(source, target)


def orthogonal_route(source: QRectF, target: QRectF) -> list[QPointF]:
    """Corner points from `source` to `target`, leaving and entering at edge midpoints.

    Forward (target to the right): right edge to left edge with one vertical run.
    Stacked (no room sideways, but vertical room): bottom or top edge, one horizontal run.
    Otherwise (backward in the same band): out right, over the top of both, in from the left.
    """
    if target.left() >= source.right() + GAP:
        start = QPointF(source.right(), source.center().y())
        end = QPointF(target.left(), target.center().y())
        if abs(start.y() - end.y()) < 0.5:
            return [start, end]
        middle = (start.x() + end.x()) / 2
        return [start, QPointF(middle, start.y()), QPointF(middle, end.y()), end]
    if target.top() >= source.bottom() + GAP or target.bottom() <= source.top() - GAP:
        downwards = target.top() >= source.bottom()
        start = QPointF(source.center().x(), source.bottom() if downwards else source.top())
        end = QPointF(target.center().x(), target.top() if downwards else target.bottom())
        if abs(start.x() - end.x()) < 0.5:
            return [start, end]
        middle = (start.y() + end.y()) / 2
        return [start, QPointF(start.x(), middle), QPointF(end.x(), middle), end]
    top = min(source.top(), target.top()) - CLEARANCE
    out_x = source.right() + CLEARANCE
    in_x = target.left() - CLEARANCE
    return [
        QPointF(source.right(), source.center().y()),
        QPointF(out_x, source.center().y()),
        QPointF(out_x, top),
        QPointF(in_x, top),
        QPointF(in_x, target.center().y()),
        QPointF(target.left(), target.center().y()),
    ]


def rounded_path(points: list[QPointF], radius: float = 7.0) -> QPainterPath:
    """A polyline through `points` with its corners rounded."""
    path = QPainterPath(points[0])
    for index in range(1, len(points) - 1):
        before, corner, after = points[index - 1], points[index], points[index + 1]
        into = _towards(corner, before, radius)
        out = _towards(corner, after, radius)
        path.lineTo(into)
        path.quadTo(corner, out)
    path.lineTo(points[-1])
    return path


def _towards(corner: QPointF, other: QPointF, radius: float) -> QPointF:
    """The point `radius` from `corner` along the segment to `other` (at most half of it)."""
    dx, dy = other.x() - corner.x(), other.y() - corner.y()
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return QPointF(corner)
    step = min(radius, length / 2) / length
    return QPointF(corner.x() + dx * step, corner.y() + dy * step)
