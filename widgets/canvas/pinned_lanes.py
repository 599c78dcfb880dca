"""The lane names pinned beside the canvas while the header column is out of sight.

Like frozen panes in a spreadsheet, the names get a column of their own to the left of
the viewport (a viewport margin) instead of being painted over it: the cards scroll out
of sight at the column's edge rather than sliding under the names, so a pinned name never
covers a card, a line or a label. The view decides when to pin (see
ChainView._update_pinned_names); this widget paints the names and says how wide it is.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from widgets.canvas.stage_band import band_fill
from widgets.canvas.style import HEADER_WIDTH, label_font

PADDING = 8.0  # around a name, in screen pixels
MAX_TEXT_WIDTH = 160.0  # a longer name wraps onto more lines
UNPIN_SLACK = 3  # screen pixels of header column that may show beside the pinned names
# Below this zoom the header column's names (11 pt at 100%) print smaller than about 7 pt:
# the pinned column shows them at a readable size.
READABLE_ZOOM = 0.65
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class PinnedLaneNames(QWidget):
    """A column of lane bands, each with its department's name, in step with the view."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.setObjectName("pinnedLaneNames")
        self.setAccessibleName(self.tr("Lane names"))
        self.name_font = label_font(9.0, bold=True)
        self._width_for: tuple[tuple[str, ...], int] | None = None  # (names, width) last measured
        self.hide()

    def needed_width(self) -> int:
        """How wide the column must be for the widest name (up to MAX_TEXT_WIDTH, then wrapped)."""
        names = tuple(department.name for department in self.view.document.chain.departments)
        if not names:
            return 0
        if self._width_for is None or self._width_for[0] != names:
            metrics = QFontMetricsF(self.name_font)
            widest = max(metrics.horizontalAdvance(name) for name in names)
            self._width_for = (names, round(min(widest + 1, MAX_TEXT_WIDTH) + 2 * PADDING))
        return self._width_for[1]

    def wanted_width(self, pinned: int) -> int:
        """How wide the column should be now, 0 for not pinned (`pinned`: its width now).

        Pinned while the header column is scrolled so far out of sight that what shows
        of it is narrower than the names need, or zoomed out so far that its names print
        too small to read. While the header column is all in sight it shows the names:
        pinning them too would show every name twice. A few pixels to spare before
        unpinning: scroll positions are whole pixels, so the column must not flicker in
        and out.
        """
        needed = self.needed_width()
        zoom = self.view.zoom()
        hidden = self.unpinned_left(pinned) * zoom  # screen pixels of the header column left of the viewport
        return needed if needed and self.pins(zoom, hidden, needed, pinned > 0) else 0

    @staticmethod
    def pins(zoom: float, header_hidden: float, needed: float, pinned: bool = False) -> bool:
        """Whether names `needed` screen pixels wide are pinned at `zoom` with this many
        screen pixels of the header column out of sight (none or less: all in sight).
        Names already pinned stay so until the header column is all in sight again, or
        shows UNPIN_SLACK wider than they need."""
        slack = UNPIN_SLACK if pinned else 0
        return zoom < READABLE_ZOOM or (
            header_hidden > UNPIN_SLACK - slack and HEADER_WIDTH * zoom - header_hidden < needed + slack)

    def unpinned_left(self, pinned: int) -> float:
        """The scene x at the viewport's left edge were the names not pinned: worked out
        from the scroll bar, so pinning (which narrows the viewport) cannot flip it."""
        view = self.view
        bar, zoom, rect = view.horizontalScrollBar(), view.zoom(), view.sceneRect()
        width = view.viewport().width() + pinned
        if rect.width() * zoom <= width:  # it all fits: the view centres it
            return rect.left() - (width - rect.width() * zoom) / 2 / zoom
        value = min(max(bar.value() - pinned, rect.left() * zoom), rect.right() * zoom - width)
        return value / zoom

    def paintEvent(self, event):
        view = self.view
        scene = view.chain_scene
        theme = scene.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), theme.base)
        band = scene.stage_band.band_rect()
        if not band.isEmpty():  # the stages' band runs on across the pinned column
            top, bottom = (view.mapFromScene(QPointF(0, y)).y() for y in (band.top(), band.bottom()))
            painter.fillRect(QRectF(0, top, self.width(), bottom - top), band_fill(theme))
        painter.setFont(self.name_font)
        width, height = self.width(), self.height()
        for department in view.document.chain.departments:
            lane_top = scene.lane_tops.get(department.id)
            if lane_top is None:
                continue  # the scene has not laid this lane out yet
            top = view.mapFromScene(QPointF(0, lane_top)).y()
            bottom = view.mapFromScene(QPointF(0, lane_top + scene.lane_heights[department.id])).y()
            if bottom < 0:
                continue
            if top > height:
                break  # the lanes are stacked in this order
            band = QRectF(0, top, width, bottom - top)
            painter.fillRect(band, theme.header_fill(department.role, department.color))
            painter.setPen(QPen(theme.lane_separator, 1))
            painter.drawLine(QPointF(0, bottom - 0.5), QPointF(width, bottom - 0.5))
            # The name stays at the top of the part of its lane in sight.
            text = QRectF(PADDING, max(top, 0) + 4, width - 2 * PADDING, bottom - max(top, 0) - 4)
            painter.save()
            painter.setClipRect(band)
            painter.setPen(theme.text)
            painter.drawText(text, WRAP, department.name)
            painter.restore()
        painter.setPen(QPen(theme.card_border, 1))
        painter.drawLine(QPointF(width - 0.5, 0), QPointF(width - 0.5, height))
        painter.end()
