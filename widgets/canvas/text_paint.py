"""Centred lines of text, measured with the shipped font, and a record of them for SVG.

Qt's SVG generator writes each line with the left end Qt computed for its own font. A
viewer without that font would then show the line off centre, so while an SVG is made
the centre of every centred line is recorded, and the export rewrites those lines with
`text-anchor="middle"` on their centre (app.export.svg).
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter

from models.text import text_width

#: (left, baseline, text) -> centre x, in the painter's coordinates, while recording.
_recorded: dict[tuple[float, float, str], float] | None = None


def paint_centred_text(painter: QPainter, centre_x: float, baseline: float, line: str, size: int, bold: bool = False) -> None:
    """One line centred on `centre_x`, in the painter's current font (the shipped font at
    `size` pixels). Drawn at a point, not into a box, so it is never clipped or elided."""
    left = centre_x - text_width(line, size, bold) / 2
    painter.drawText(QPointF(left, baseline), line)
    if _recorded is not None:
        _recorded[(round(left, 2), round(baseline, 2), line)] = centre_x


@contextmanager
def recording_centred_text():
    """Record the centred lines painted inside the block; yields the record."""
    global _recorded
    _recorded = record = {}
    try:
        yield record
    finally:
        _recorded = None
