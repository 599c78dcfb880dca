"""A handoff arrow: an orthogonal route with rounded corners, arrowhead and labels."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyle

from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.routing import decision_route, orthogonal_route, rounded_path
from widgets.canvas.style import ACCENT, DETAIL_THRESHOLD, label_font

ARROW_LENGTH = 10.0
ARROW_WIDTH = 7.0


class HandoffItem(QGraphicsItem):
    """Holds a handoff id; its route follows the two cards it joins."""

    def __init__(self, handoff_id: str):
        super().__init__()
        self.handoff_id = handoff_id
        self.points: list[QPointF] = []
        self.path = QPainterPath()
        self.cross_lane = False
        self._bounds = QRectF()
        self.findings: list[tuple[str, str]] = []  # (severity, message), not ignored
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0)

    @property
    def handoff(self):
        return self.scene().document.handoff(self.handoff_id)

    def update_route(self) -> None:
        """Recompute the route from the current card positions."""
        scene = self.scene()
        handoff = self.handoff
        source = scene.touchpoint_items[handoff.source]
        target = scene.touchpoint_items[handoff.target]
        self.cross_lane = (
            scene.document.touchpoint(handoff.source).department
            != scene.document.touchpoint(handoff.target).department
        )
        if source is target:
            rect = source.card_rect()
            # A self-handoff (refused by the editor, possible in a file): a small loop on top.
            self.points = [
                QPointF(rect.center().x() + 20, rect.top()),
                QPointF(rect.center().x() + 20, rect.top() - 18),
                QPointF(rect.center().x() - 20, rect.top() - 18),
                QPointF(rect.center().x() - 20, rect.top()),
            ]
        elif source.kind == "decision":
            self.points = decision_route(source.card_rect(), target.card_rect())
        else:
            self.points = orthogonal_route(source.card_rect(), target.card_rect())
        self.prepareGeometryChange()
        self.path = rounded_path(self.points)
        self._bounds = self.path.boundingRect().adjusted(-60, -30, 60, 30)
        self.setToolTip(self._tooltip())
        self.update()

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.setToolTip(self._tooltip())
        self.update()

    def _tooltip(self) -> str:
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
        if len(self.points) < 2:
            return
        scene = self.scene()
        theme = scene.theme
        selected = bool(option.state & QStyle.StateFlag.State_Selected) and not scene.exporting
        colour = QColor(ACCENT) if selected else theme.line
        width = 2.25 if self.cross_lane else 1.5
        if selected:
            width += 0.75
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path_without_arrow_tip())
        self._paint_arrowhead(painter, colour)
        if option.levelOfDetailFromTransform(painter.worldTransform()) >= DETAIL_THRESHOLD:
            handoff = self.handoff
            if handoff.label:
                self._paint_branch_label(painter, theme, handoff.label)
            if handoff.passes:
                self._paint_passes_pill(painter, theme, handoff.passes)
        if self.findings and scene.show_badges:
            # On the line, a little before the arrowhead: where the reader's eye arrives.
            before, end = self.points[-2], self.points[-1]
            length = max(1.0, math.hypot(end.x() - before.x(), end.y() - before.y()))
            back = min(24.0, length / 2) / length
            centre = QPointF(end.x() - (end.x() - before.x()) * back, end.y() - (end.y() - before.y()) * back)
            severities = [severity for severity, _message in self.findings]
            severity = most_severe(severities)
            paint_badge(painter, centre, severity, severities.count(severity))

    def _path_without_arrow_tip(self) -> QPainterPath:
        # Stop the line at the arrowhead's base so a thick line does not poke through its tip.
        *rest, before, end = self.points
        dx, dy = end.x() - before.x(), end.y() - before.y()
        length = math.hypot(dx, dy) or 1.0
        shortened = QPointF(end.x() - dx / length * ARROW_LENGTH * 0.8, end.y() - dy / length * ARROW_LENGTH * 0.8)
        return rounded_path([*rest, before, shortened])

    def _paint_arrowhead(self, painter: QPainter, colour: QColor):
        before, end = self.points[-2], self.points[-1]
        angle = math.atan2(end.y() - before.y(), end.x() - before.x())
        back = QPointF(end.x() - ARROW_LENGTH * math.cos(angle), end.y() - ARROW_LENGTH * math.sin(angle))
        normal = QPointF(-math.sin(angle) * ARROW_WIDTH / 2, math.cos(angle) * ARROW_WIDTH / 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([end, back + normal, back - normal]))

    def _paint_branch_label(self, painter: QPainter, theme, text: str):
        # Branch labels ("Yes", "No") sit at the start of the branch, just off the line.
        start, after = self.points[0], self.points[1]
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

    def _paint_passes_pill(self, painter: QPainter, theme, text: str):
        # The "passes" text sits on the longest segment, in a small pill.
        segments = list(zip(self.points, self.points[1:]))
        a, b = max(segments, key=lambda s: abs(s[1].x() - s[0].x()) + abs(s[1].y() - s[0].y()))
        centre = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
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
