"""Review mode's key: what each stripe colour means, in a strip below the canvas.

It sits in a viewport margin of the view, not on the canvas, so it never covers a card,
a line or a label however the chain is scrolled or zoomed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from widgets.canvas.style import REVIEW_COLOURS, label_font, mix, review_status_name

SWATCH = 12.0
GAP = 8.0  # between a swatch and its name
ENTRY_GAP = 18.0  # between one entry and the next
PADDING = 10.0


class ReviewKey(QWidget):
    """One row: "Review status" and a swatch with each status's name."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.setObjectName("reviewKey")
        self.setAccessibleName(self.tr("Review status key"))
        self.font_, self.bold = label_font(9.0), label_font(9.0, bold=True)
        self.hide()

    def entries(self) -> list[tuple[str, str]]:
        """(name, colour) of each review status, names translated and capitalised."""
        return [(review_status_name(status).capitalize(), colour) for status, colour in REVIEW_COLOURS.items()]

    def title(self) -> str:
        return self.tr("Review status:")

    def needed_height(self, width: float) -> int:
        """The strip's height at `width`: the entries wrap onto more rows when narrow."""
        return math.ceil(self.layout_rects(width)[2])

    def layout_rects(self, width: float) -> tuple[QRectF, list[tuple[QRectF, QRectF]], float]:
        """The title's rectangle, each entry's (swatch, name) rectangles and the height
        they need, flowing left to right within `width`."""
        metrics, bold = QFontMetricsF(self.font_), QFontMetricsF(self.bold)
        line = metrics.height() + 4
        title = QRectF(PADDING, PADDING, bold.horizontalAdvance(self.title()) + 1, line)
        x, top = title.right() + ENTRY_GAP, PADDING
        rects = []
        for text, _colour in self.entries():
            entry_width = SWATCH + GAP + metrics.horizontalAdvance(text) + 1
            if x + entry_width > width - PADDING and x > title.right() + ENTRY_GAP:
                x, top = title.right() + ENTRY_GAP, top + line  # on under the previous row
            swatch = QRectF(x, top + (line - SWATCH) / 2, SWATCH, SWATCH)
            name = QRectF(swatch.right() + GAP, top, entry_width - SWATCH - GAP, line)
            rects.append((swatch, name))
            x = name.right() + ENTRY_GAP
        return title, rects, top + line + PADDING

    def paintEvent(self, event):
        theme = self.view.chain_scene.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), theme.base)
        painter.setPen(QPen(theme.lane_separator, 1))
        painter.drawLine(0, 0, self.width(), 0)
        title, rects, _height = self.layout_rects(self.width())
        painter.setFont(self.bold)
        painter.setPen(theme.text)
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title())
        painter.setFont(self.font_)
        for (text, colour), (swatch, name) in zip(self.entries(), rects):
            painter.setPen(QPen(theme.card_border, 1))
            painter.setBrush(mix(theme.card_fill("step"), colour, 0.38))
            painter.drawRect(swatch)
            painter.fillRect(QRectF(swatch.left(), swatch.top(), 3, SWATCH), QColor(colour))
            painter.setPen(theme.text)
            painter.drawText(name, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
