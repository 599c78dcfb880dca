"""The overview: the whole chain in miniature, with the canvas's visible area on it.

The miniature (canvas/miniature.py, the same drawing the canvas uses zoomed far out)
is rendered into a cached pixmap, refreshed at most every 200 ms while the
chain or the scene changes; painting only draws that pixmap and the visible-area frame,
so scrolling the canvas costs next to nothing. Click or drag to move the canvas there.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.canvas.style import ACCENT

REFRESH_DELAY_MS = 200
MARGIN = 6.0  # around the miniature, inside the widget


class Overview(QWidget):
    def __init__(self, view, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("overview")
        self.setAccessibleName(self.tr("Overview"))
        self.setToolTip(self.tr("The whole chain; click or drag to move the canvas there."))
        self.setMinimumSize(220, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.view = None
        #: How many times the miniature was rendered (a repaint does not render).
        self.render_count = 0
        self._pixmap: QPixmap | None = None
        self._source = QRectF()  # the scene rectangle the pixmap shows
        self._dragging = False
        self._connections = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_due)
        self.set_view(view)

    def sizeHint(self) -> QSize:
        return QSize(260, 160)

    def set_view(self, view) -> None:
        """Show the chain of `view` (a ChainView); call when the window's view is replaced."""
        for connection in self._connections:
            QObject.disconnect(connection)
        self.view = view
        self._connections = [
            view.document.changed.connect(self.schedule_refresh),
            view.chain_scene.changed.connect(self.schedule_refresh),
            view.horizontalScrollBar().valueChanged.connect(self._on_view_moved),
            view.verticalScrollBar().valueChanged.connect(self._on_view_moved),
            view.horizontalScrollBar().rangeChanged.connect(self._on_view_moved),
            view.verticalScrollBar().rangeChanged.connect(self._on_view_moved),
            view.zoom_changed.connect(self._on_view_moved),
        ]
        self._pixmap = None  # rendered on the next paint

    # -- the miniature -----------------------------------------------------------------

    def schedule_refresh(self, *_args) -> None:
        """Render again soon: at most once per REFRESH_DELAY_MS however often this is called."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _on_refresh_due(self) -> None:
        if self.view.chain_scene.settler.running:
            # The canvas is still catching up (after an auto-layout): render once it has,
            # not meanwhile, when the router's thread would make rendering ten times slower.
            self._refresh_timer.start()
            return
        if self.isVisible():
            self.refresh()
        else:
            self._pixmap = None  # a closed dock renders when it is shown again

    def refresh(self) -> None:
        """Render the chain into the cached pixmap now, at the widget's current size."""
        self._render()
        self.update()

    def _render(self) -> None:
        self._refresh_timer.stop()
        scene = self.view.chain_scene
        source = scene.content_rect()
        if source.isEmpty():
            source = scene.scroll_rect()
        self._source = source
        target = self._target_rect()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, math.ceil(target.width() * ratio)), max(1, math.ceil(target.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(scene.theme.base)
        painter = QPainter(pixmap)
        scale = target.width() / source.width()
        painter.scale(scale, scale)
        painter.translate(-source.topLeft())
        # No badges: on a map this small they would cover the cards. It keeps its own picture.
        scene.miniature.paint(painter, scale, keep_picture=False, badges=False)
        painter.end()
        self._pixmap = pixmap
        self.render_count += 1

    def _target_rect(self) -> QRectF:
        """Where the miniature sits in the widget: scaled to fit, centred, aspect kept."""
        available = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        if self._source.isEmpty() or available.isEmpty():
            return available
        scale = min(available.width() / self._source.width(), available.height() / self._source.height())
        width, height = self._source.width() * scale, self._source.height() * scale
        return QRectF(
            available.left() + (available.width() - width) / 2,
            available.top() + (available.height() - height) / 2,
            width,
            height,
        )

    # -- mapping between the widget and the scene ----------------------------------------

    def _scale(self) -> float:
        return self._target_rect().width() / self._source.width() if self._source.width() else 1.0

    def map_to_scene(self, point: QPointF) -> QPointF:
        target, scale = self._target_rect(), self._scale()
        return self._source.topLeft() + (point - target.topLeft()) / scale

    def map_from_scene(self, rect: QRectF) -> QRectF:
        target, scale = self._target_rect(), self._scale()
        top_left = target.topLeft() + (rect.topLeft() - self._source.topLeft()) * scale
        return QRectF(top_left.x(), top_left.y(), rect.width() * scale, rect.height() * scale)

    def visible_area(self) -> QRectF:
        """The canvas's visible part, in this widget's coordinates."""
        viewport = self.view.viewport().rect()
        return self.map_from_scene(self.view.mapToScene(viewport).boundingRect())

    # -- painting ----------------------------------------------------------------------

    def _on_view_moved(self, *_args) -> None:
        self.update()  # only the frame moves: no new rendering

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.schedule_refresh()  # meanwhile the old pixmap is drawn stretched

    def paintEvent(self, event):
        if self._pixmap is None:
            self._render()  # the first paint, or after set_view
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window))
        target = self._target_rect()
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5))

        # The visible area, clipped to the miniature: zoomed far out, the canvas shows
        # more than the chain, and the frame then outlines all of it.
        frame = self.visible_area().intersected(target)
        if frame.isEmpty():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(ACCENT)
        fill.setAlpha(40)
        painter.setPen(QPen(QColor(ACCENT), 1.5))
        painter.setBrush(fill)
        painter.drawRect(frame)

    # -- mouse -------------------------------------------------------------------------

    def _centre_view_at(self, point: QPointF) -> None:
        scene_point = self.map_to_scene(point)
        # Clamped to the chain, so a click in the margin goes to the nearest edge.
        x = min(max(scene_point.x(), self._source.left()), self._source.right())
        y = min(max(scene_point.y(), self._source.top()), self._source.bottom())
        self.view.centerOn(QPointF(x, y))

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self._centre_view_at(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._dragging:
            self._centre_view_at(event.position())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            event.accept()
        else:
            super().mouseReleaseEvent(event)
