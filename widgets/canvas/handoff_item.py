"""A handoff arrow: an orthogonal route with rounded corners, arrowhead and labels."""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.routing import decision_route, orthogonal_route, rounded_path
from widgets.canvas.style import ACCENT, DETAIL_THRESHOLD, label_font

ARROW_LENGTH = 10.0
ARROW_WIDTH = 7.0
LABEL_ROOM = 90.0  # how far labels, pills and badges reach from the point they belong to
FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption
# Looked up once: a frame at 100% paints hundreds of handoffs, and each lookup of a Qt
# enum member or a new pen costs about a microsecond.
ANTIALIASING = QPainter.RenderHint.Antialiasing
NO_BRUSH = Qt.BrushStyle.NoBrush
NO_PEN = Qt.PenStyle.NoPen


@functools.cache
def line_pen(colour: str, width: float) -> QPen:
    return QPen(QColor(colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


@functools.cache
def arrow_brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


class HandoffItem(QGraphicsItem):
    """Holds a handoff id; its route follows the two cards it joins."""

    def __init__(self, handoff_id: str, source: str, target: str):
        super().__init__()
        self.handoff_id = handoff_id
        self.ends = (source, target)  # the touchpoints it joins, kept for removal
        self.points: list[tuple[float, float]] = []  # the route's corners, scene (x, y)
        self._path: QPainterPath | None = None  # built from `points` when first needed
        self._line: QPainterPath | None = None  # the painted line, short of the arrow's tip
        self._clipped: tuple[tuple, QPainterPath] | None = None  # (area, part of the line in it)
        self._arrow: QPolygonF | None = None  # the arrowhead, its tip first
        self.texts: tuple[str | None, str | None] = (None, None)  # label, passes
        self._pill_at: tuple[QPointF, QPointF, QPointF] | None = None  # see _longest_segment
        self.cross_lane = False
        self._bounds = QRectF()
        self.findings: list[tuple[str, str]] = []  # (severity, message), not ignored
        self.setFlags(FLAGS)  # the extended option carries the exposed rectangle

    @property
    def handoff(self):
        return self.scene().document.handoff(self.handoff_id)

    @property
    def path(self) -> QPainterPath:
        """The route with rounded corners, in scene coordinates."""
        if self._path is None:
            self._path = rounded_path(self.points) if self.points else QPainterPath()
        return self._path

    def update_route(self) -> None:
        """Recompute the route from the current card positions.

        Only the corner points and the bounds are computed here; the painted path is
        built on the first paint, so opening a large chain does not build paths that
        are never on screen.
        """
        scene = self.scene()
        handoff = self.handoff
        source = scene.touchpoint_items[handoff.source]
        target = scene.touchpoint_items[handoff.target]
        self.ends = (handoff.source, handoff.target)
        self.cross_lane = source.lane != target.lane
        if source is target:
            left, top, right, _bottom = source.box()
            middle = (left + right) / 2
            # A self-handoff (refused by the editor, possible in a file): a small loop on top.
            self.points = [(middle + 20, top), (middle + 20, top - 18), (middle - 20, top - 18), (middle - 20, top)]
        elif source.kind == "decision":
            self.points = decision_route(source.box(), target.box())
        else:
            self.points = orthogonal_route(source.box(), target.box())
        xs, ys = zip(*self.points)
        self.prepareGeometryChange()
        self._path = self._line = self._clipped = self._pill_at = None
        self._arrow = None  # made on the first paint
        self.texts = (handoff.label, handoff.passes)  # painting reads no model
        # Room for the arrowhead, the labels beside the line and the badge.
        self._bounds = QRectF(min(xs) - 60, min(ys) - 30, max(xs) - min(xs) + 120, max(ys) - min(ys) + 60)
        self.update()

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.update()

    def tooltip(self) -> str:
        """Built when the pointer rests on the arrow (see ChainScene.helpEvent)."""
        handoff = self.handoff
        document = self.scene().document
        tr = QCoreApplication.translate  # a QGraphicsItem is no QObject: no self.tr
        lines = [
            tr("HandoffItem", "{source} → {target}").format(
                source=document.touchpoint(handoff.source).label or handoff.source,
                target=document.touchpoint(handoff.target).label or handoff.target,
            )
        ]
        if handoff.label:
            lines.append(tr("HandoffItem", "Label: {label}").format(label=handoff.label))
        if handoff.passes:
            lines.append(tr("HandoffItem", "Passes: {passes}").format(passes=handoff.passes))
        if handoff.expectation:
            lines.append(tr("HandoffItem", "Expected: {expectation}").format(expectation=handoff.expectation))
        if self.findings:
            lines += ["", findings_tooltip(self.findings)]
        return "\n".join(lines)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self.path)

    def paint(self, painter: QPainter, option, widget=None):
        # Kept lean: a frame at 100% on a large chain paints hundreds of these.
        if len(self.points) < 2:
            return
        scene = self.scene()
        theme = scene.theme
        # What needs painting, widened by what sticks out of a line: arrowhead, labels.
        exposed = option.exposedRect.adjusted(-LABEL_ROOM, -LABEL_ROOM, LABEL_ROOM, LABEL_ROOM)
        selected = self.isSelected() and not scene.exporting
        colour = ACCENT if selected else theme.line_name
        width = 2.25 if self.cross_lane else 1.5
        if selected:
            width += 0.75
        # On screen the right-angled lines are drawn crisp, without antialiasing, which
        # also costs a quarter of the time; exports keep smooth corners.
        painter.setRenderHint(ANTIALIASING, scene.exporting)
        painter.setPen(line_pen(colour, width))
        painter.setBrush(NO_BRUSH)
        painter.drawPath(self._line_within(exposed))
        painter.setRenderHint(ANTIALIASING)
        if self._arrow is None:
            self._arrow = _arrowhead(self.points[-2], self.points[-1])
        if exposed.contains(self._arrow[0]):
            painter.setPen(NO_PEN)
            painter.setBrush(arrow_brush(colour))
            painter.drawPolygon(self._arrow)
        label, passes = self.texts
        if (label or passes) and painter.worldTransform().m11() >= DETAIL_THRESHOLD:
            # (the view never rotates or stretches, so m11 is the zoom)
            if label and exposed.contains(QPointF(*self.points[0])):
                self._paint_branch_label(painter, theme, label)
            if passes:
                self._paint_passes_pill(painter, theme, passes, exposed)
        if self.findings and scene.show_badges:
            self._paint_badge(painter, exposed)

    def _paint_badge(self, painter: QPainter, area: QRectF) -> None:
        # On the line, a little before the arrowhead: where the reader's eye arrives.
        (before_x, before_y), (end_x, end_y) = self.points[-2], self.points[-1]
        length = max(1.0, math.hypot(end_x - before_x, end_y - before_y))
        back = min(24.0, length / 2) / length
        centre = QPointF(end_x - (end_x - before_x) * back, end_y - (end_y - before_y) * back)
        if area.contains(centre):
            severities = [severity for severity, _message in self.findings]
            severity = most_severe(severities)
            paint_badge(painter, centre, severity, severities.count(severity))

    def _line_within(self, area: QRectF) -> QPainterPath:
        """The painted line, or, when most of a long route is off screen, only the part in
        `area`: stroking a line many screens long costs more than the whole card beside it.
        The route's corners are clamped into `area`; segments outside collapse onto its
        edge, which lies outside what is painted."""
        if self._line is None:
            self._line = self._path_without_arrow_tip()
        if area.contains(self._bounds):
            return self._line
        left, top, right, bottom = key = area.left(), area.top(), area.right(), area.bottom()
        if self._clipped is None or self._clipped[0] != key:  # the same view paints it again
            clamped = [(min(max(x, left), right), min(max(y, top), bottom)) for x, y in self._tipless_points()]
            self._clipped = (key, rounded_path(clamped))
        return self._clipped[1]

    def _tipless_points(self) -> list[tuple[float, float]]:
        # Stop the line at the arrowhead's base so a thick line does not poke through its tip.
        *rest, before, end = self.points
        dx, dy = end[0] - before[0], end[1] - before[1]
        length = math.hypot(dx, dy) or 1.0
        shortened = (end[0] - dx / length * ARROW_LENGTH * 0.8, end[1] - dy / length * ARROW_LENGTH * 0.8)
        return [*rest, before, shortened]

    def _path_without_arrow_tip(self) -> QPainterPath:
        return rounded_path(self._tipless_points())

    def _paint_branch_label(self, painter: QPainter, theme, text: str):
        # Branch labels ("Yes", "No") sit at the start of the branch, just off the line.
        start, after = QPointF(*self.points[0]), QPointF(*self.points[1])
        font = label_font(8.5, bold=True)
        metrics = QFontMetricsF(font)
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, 110)
        width = metrics.horizontalAdvance(text) + 8
        height = metrics.height() + 2
        horizontal = abs(after.x() - start.x()) >= abs(after.y() - start.y())
        if horizontal:
            direction = 1 if after.x() >= start.x() else -1
            left = start.x() + 4 if direction > 0 else start.x() - 4 - width
            rect = QRectF(left, start.y() - height - 2, width, height)
        else:
            direction = 1 if after.y() >= start.y() else -1
            top = start.y() + 3 if direction > 0 else start.y() - 3 - height
            rect = QRectF(start.x() + 5, top, width, height)
        painter.setFont(font)
        painter.setPen(theme.text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _longest_segment(self) -> tuple[QPointF, QPointF, QPointF]:
        """The longest segment's ends and centre: where the "passes" pill sits."""
        segments = list(zip(self.points, self.points[1:]))
        a, b = max(segments, key=lambda s: abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1]))
        return QPointF(*a), QPointF(*b), QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)

    def _paint_passes_pill(self, painter: QPainter, theme, text: str, area: QRectF):
        # The "passes" text sits on the longest segment, in a small pill.
        if self._pill_at is None:
            self._pill_at = self._longest_segment()
        a, b, centre = self._pill_at
        if not area.contains(centre):
            return
        font = label_font(8.0)
        metrics = QFontMetricsF(font)
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, 150)
        width = metrics.horizontalAdvance(text) + 12
        height = metrics.height() + 4
        rect = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
        horizontal = abs(b.y() - a.y()) < 0.5
        if horizontal and abs(b.x() - a.x()) < width + 60:
            # Too short to sit on: hang the pill below the line, clear of a branch label above.
            rect.moveTop(centre.y() + 3)
        painter.setPen(QPen(theme.card_border, 0.8))
        painter.setBrush(theme.base)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(theme.text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _arrowhead(before: tuple[float, float], end: tuple[float, float]) -> QPolygonF:
    """The arrowhead at `end` of the segment from `before`: its tip first."""
    angle = math.atan2(end[1] - before[1], end[0] - before[0])
    back_x, back_y = end[0] - ARROW_LENGTH * math.cos(angle), end[1] - ARROW_LENGTH * math.sin(angle)
    normal_x, normal_y = -math.sin(angle) * ARROW_WIDTH / 2, math.cos(angle) * ARROW_WIDTH / 2
    return QPolygonF(
        [QPointF(*end), QPointF(back_x + normal_x, back_y + normal_y), QPointF(back_x - normal_x, back_y - normal_y)]
    )
