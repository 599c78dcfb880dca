"""A department's swimlane: a full-width band with a header column.

Only the header takes clicks (select, drag to reorder, double-click to rename), so
presses on the band fall through to the canvas for rubber-band selection and
double-click-to-add.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle

from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.style import ACCENT, DETAIL_THRESHOLD, HEADER_WIDTH, ROLE_NAMES, label_font, role_name


class LaneItem(QGraphicsItem):
    def __init__(self, department_id: str):
        super().__init__()
        self.department_id = department_id
        self.rect = QRectF()
        self.alternate = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-10)
        self._drag_start: QPointF | None = None
        self.findings: list[tuple[str, str]] = []  # (severity, message), not ignored

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.update()

    def tooltip(self) -> str:
        """Built when the pointer rests on the header (see ChainScene.helpEvent)."""
        tip = QCoreApplication.translate(
            "LaneItem", "{department}: drag the header to reorder, double-click to rename"
        ).format(department=self.department.name)
        if self.findings:
            tip += "\n\n" + findings_tooltip(self.findings)
        return tip

    @property
    def department(self):
        return self.scene().document.department(self.department_id)

    def set_geometry(self, rect: QRectF, alternate: bool) -> None:
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = QRectF(rect)
        self.alternate = alternate
        self.update()

    def header_rect(self) -> QRectF:
        return QRectF(self.rect.left(), self.rect.top(), HEADER_WIDTH, self.rect.height())

    def boundingRect(self) -> QRectF:
        return self.rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.header_rect())
        return path

    def paint(self, painter: QPainter, option, widget=None):
        scene = self.scene()
        theme = scene.theme
        department = self.department
        band = QRectF(self.rect)
        painter.fillRect(band, theme.lane_fill(department.role, department.color, self.alternate))
        header = self.header_rect()
        painter.fillRect(header, theme.header_fill(department.role, department.color))

        painter.setPen(QPen(theme.lane_separator, 1))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        painter.drawLine(header.topRight(), header.bottomRight())

        # Zoomed far out the view draws the lane names itself, at a readable size.
        if option.levelOfDetailFromTransform(painter.worldTransform()) >= DETAIL_THRESHOLD:
            self._paint_header_text(painter, theme, department, header)
        if self.findings and scene.show_badges:
            severities = [severity for severity, _message in self.findings]
            severity = most_severe(severities)
            paint_badge(painter, QPointF(header.right() - 14, header.top() + 14), severity, 1)
        if option.state & QStyle.StateFlag.State_Selected and not scene.exporting:
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(header.adjusted(1, 1, -1, -1))

    def _paint_header_text(self, painter: QPainter, theme, department, header: QRectF) -> None:
        name = department.name or QCoreApplication.translate("LaneItem", "(unnamed)")
        name_font = label_font(11.0, bold=True)
        # Upper case at a small size rather than Qt's small caps, which SVG cannot carry.
        role_font = label_font(7.0)
        text_rect = header.adjusted(12, 10, -10, -10)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        metrics = QFontMetricsF(name_font)
        name_height = min(text_rect.height() - 14, metrics.lineSpacing() * 3)
        name_rect = QRectF(text_rect.left(), text_rect.top(), text_rect.width(), name_height)
        used = metrics.boundingRect(name_rect, flags, name).height()
        painter.setFont(name_font)
        painter.setPen(theme.text)
        painter.drawText(name_rect, flags, name)
        painter.setFont(role_font)
        painter.setPen(theme.muted_text)
        painter.drawText(
            QRectF(text_rect.left(), text_rect.top() + min(used, name_height) + 2, text_rect.width(), 20),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            (role_name(department.role) if department.role in ROLE_NAMES else department.role).upper(),
        )

    # -- drag the header to reorder -----------------------------------------------------

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = event.scenePos()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._drag_start is not None:
            self.scene().show_lane_drop_marker(self.department_id, event.scenePos().y())
        event.accept()

    def mouseReleaseEvent(self, event):
        start, self._drag_start = self._drag_start, None
        self.unsetCursor()
        scene = self.scene()
        scene.hide_lane_drop_marker()
        super().mouseReleaseEvent(event)
        if start is not None and abs(event.scenePos().y() - start.y()) > 6:
            scene.request_lane_move(self.department_id, event.scenePos().y())

    def mouseDoubleClickEvent(self, event):
        self.scene().request_lane_rename(self.department_id)
        event.accept()
