"""Finding badges: a red circle with "!", an amber triangle, a blue "i" circle.

Shape and glyph differ as well as colour, so the badges read without colour vision and
in grey print.
"""

from __future__ import annotations

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


def paint_badge(painter: QPainter, centre: QPointF, severity: str, count: int) -> None:
    """A badge for `severity` centred on `centre`, with `count` beside it when above one."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(SEVERITY_COLOURS[severity])
    painter.setPen(QPen(QColor("#ffffff"), 1.5))
    painter.setBrush(colour)
    if severity == "warning":
        top = QPointF(centre.x(), centre.y() - RADIUS - 1)
        painter.drawPolygon(
            QPolygonF(
                [top, QPointF(centre.x() + RADIUS + 1, centre.y() + RADIUS - 1),
                 QPointF(centre.x() - RADIUS - 1, centre.y() + RADIUS - 1)]
            )
        )
        glyph, glyph_rect, ink = "!", QRectF(centre.x() - 6, centre.y() - 5, 12, 13), QColor("#1f1f1f")
    else:
        painter.drawEllipse(centre, RADIUS, RADIUS)
        glyph = "!" if severity == "error" else "i"
        glyph_rect, ink = QRectF(centre.x() - 6, centre.y() - 7, 12, 14), QColor("#ffffff")
    font = label_font(7.5, bold=True)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(glyph_rect, Qt.AlignmentFlag.AlignCenter, glyph)
    if count > 1:
        text = str(count) if count < 100 else "99+"
        pill = QRectF(centre.x() + RADIUS - 2, centre.y() - RADIUS - 4, 8 + 6 * len(text), 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#37474f"))
        painter.drawRoundedRect(pill, 6, 6)
        painter.setFont(label_font(6.5, bold=True))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
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
