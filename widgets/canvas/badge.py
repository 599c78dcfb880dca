"""Finding badges: a red circle with "!", an amber triangle, a blue "i" circle.

Shape and glyph differ as well as colour, so the badges read without colour vision and
in grey print.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from widgets.canvas.style import label_font

SEVERITY_COLOURS = {"error": "#d32f2f", "warning": "#f9a825", "info": "#1e88e5"}
SEVERITY_ORDER = ("error", "warning", "info")
RADIUS = 8.0


def most_severe(severities) -> str | None:
    for severity in SEVERITY_ORDER:
        if severity in severities:
            return severity
    return None


Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, width, height

GLYPH_POINTS = 7.5  # the "!" or "i", bold
COUNT_POINTS = 6.5  # the count beside a badge, bold
OUTLINE = "#ffffff"  # around the badge, so it stands out on any fill
OUTLINE_WIDTH = 1.5
COUNT_FILL = "#37474f"
COUNT_RADIUS = 6.0


class BadgeParts(NamedTuple):
    """What a badge is drawn of, in the painter's coordinates (see badge_parts)."""

    triangle: tuple[Point, Point, Point] | None  # a warning's; None: a circle of RADIUS round the centre
    colour: str
    glyph: str
    glyph_rect: Rect  # the glyph is centred in it
    ink: str  # the glyph's colour
    count: str  # beside the badge when above one, else ""
    count_rect: Rect  # the count's pill, the text centred in it


def badge_parts(centre: Point, severity: str, count: int) -> BadgeParts:
    """A badge for `severity` centred on `centre`, with `count` beside it when above one:
    the canvas (paint_badge) and the SVG export draw these."""
    x, y = centre
    if severity == "warning":
        triangle = ((x, y - RADIUS - 1), (x + RADIUS + 1, y + RADIUS - 1), (x - RADIUS - 1, y + RADIUS - 1))
        glyph, glyph_rect, ink = "!", (x - 6, y - 5, 12.0, 13.0), "#1f1f1f"
    else:
        triangle = None
        glyph = "!" if severity == "error" else "i"
        glyph_rect, ink = (x - 6, y - 7, 12.0, 14.0), "#ffffff"
    text = "" if count <= 1 else str(count) if count < 100 else "99+"
    count_rect = (x + RADIUS - 2, y - RADIUS - 4, 8.0 + 6 * len(text), 12.0)
    return BadgeParts(triangle, SEVERITY_COLOURS[severity], glyph, glyph_rect, ink, text, count_rect)


def paint_badge(painter: QPainter, centre: QPointF, severity: str, count: int) -> None:
    """A badge for `severity` centred on `centre`, with `count` beside it when above one."""
    parts = badge_parts((centre.x(), centre.y()), severity, count)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(OUTLINE), OUTLINE_WIDTH))
    painter.setBrush(QColor(parts.colour))
    if parts.triangle is not None:
        painter.drawPolygon(QPolygonF([QPointF(*corner) for corner in parts.triangle]))
    else:
        painter.drawEllipse(centre, RADIUS, RADIUS)
    painter.setFont(label_font(GLYPH_POINTS, bold=True))
    painter.setPen(QColor(parts.ink))
    painter.drawText(QRectF(*parts.glyph_rect), Qt.AlignmentFlag.AlignCenter, parts.glyph)
    if parts.count:
        pill = QRectF(*parts.count_rect)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COUNT_FILL))
        painter.drawRoundedRect(pill, COUNT_RADIUS, COUNT_RADIUS)
        painter.setFont(label_font(COUNT_POINTS, bold=True))
        painter.setPen(QColor(OUTLINE))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, parts.count)
    painter.restore()


def findings_tooltip(findings) -> str:
    """Tooltip lines for an element's findings, most severe first."""
    names = {
        "error": QT_TRANSLATE_NOOP("badge", "Error"),
        "warning": QT_TRANSLATE_NOOP("badge", "Warning"),
        "info": QT_TRANSLATE_NOOP("badge", "Info"),
    }
    ordered = sorted(findings, key=lambda f: SEVERITY_ORDER.index(f[0]))
    line = QCoreApplication.translate("badge", "{severity}: {message}")
    return "\n".join(
        line.format(severity=QCoreApplication.translate("badge", names[severity]), message=message)
        for severity, message in ordered
    )
