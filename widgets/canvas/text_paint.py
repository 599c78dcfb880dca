"""Centred lines of text, measured with the shipped font.

A line is drawn from its left end, worked out from the shipped font's widths
(models.text), so it is centred wherever that font draws it; the SVG export writes the
same lines anchored on their centre instead (app.export.svg).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter

from models.text import text_width


def paint_centred_text(painter: QPainter, centre_x: float, baseline: float, line: str, size: int, bold: bool = False) -> None:
    """One line centred on `centre_x`, in the painter's current font (the shipped font at
    `size` pixels). Drawn at a point, not into a box, so it is never clipped or elided."""
    left = centre_x - text_width(line, size, bold) / 2
    painter.drawText(QPointF(left, baseline), line)
