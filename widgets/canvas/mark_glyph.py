"""The service blueprint's marks on a card, as small glyphs in its footer row: a gold star
for a moment of truth, a red lightning bolt for a fail point, an orange drop for a pain point.

Where they go (`mark_rects`): in the footer row, right of the owner's chip (or name), left of
the channel icon when there is room, else right of it; never over the label, the chip, the
name or the icon, and wholly inside the card's outline (a diamond's or a pill's too). When
the row has no room for all of them at full size they are drawn smaller, down to
SMALLEST; a card too small even for that shows those that fit (the tooltip names them all).
The legend draws the same glyphs (paint_mark).
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

from models.chain import MARKS
from models.geometry import CHIP_RADIUS, ICON, LABEL_PX, OWNER_PX, CardLayout, icon_top_left
from models.text import ascent, text_width

GLYPH = 11.0  # a glyph's square, at full size
SMALLEST = 7.0
GAP = 2.0  # between glyphs, and around the chip, the name and the icon
STEP = 0.5  # how finely a place is looked for along the row

#: mark -> its name, for tooltips and the legend (context "marks").
MARK_NAMES = {
    "moment_of_truth": QT_TRANSLATE_NOOP("marks", "Moment of truth"),
    "fail_point": QT_TRANSLATE_NOOP("marks", "Fail point"),
    "pain_point": QT_TRANSLATE_NOOP("marks", "Pain point"),
}
COLOURS = {"moment_of_truth": "#f9a825", "fail_point": "#c62828", "pain_point": "#ef6c00"}
OUTLINE = "#37474f"
OUTLINE_WIDTH = 0.7


def mark_name(mark: str) -> str:
    return QCoreApplication.translate("marks", MARK_NAMES[mark])


def marks_used(chain) -> list[str]:
    """The marks any touchpoint of `chain` has, in MARKS order (the legend shows these)."""
    used = {mark for touchpoint in chain.touchpoints for mark in touchpoint.marks}
    return [mark for mark in MARKS if mark in used]


def label_rect(layout: CardLayout) -> QRectF:
    """The label's lines' box, in item coordinates (one line's room when there is none)."""
    lines = layout.lines or (QCoreApplication.translate("TouchpointItem", "No label"),)  # as the card says
    widest = max(text_width(line, LABEL_PX) for line in lines)
    return QRectF(layout.label_centre - widest / 2, layout.label_top, widest, len(lines) * layout.line_height)


def owner_rect(layout: CardLayout, owner_text: str | None) -> QRectF:
    """The chip's box, or, when the owner is shown by name, the name's."""
    if owner_text:
        left, baseline, _room = layout.owner
        return QRectF(left, baseline - ascent(OWNER_PX), text_width(owner_text, OWNER_PX), OWNER_PX * 1.3)
    x, y = layout.chip
    return QRectF(x - CHIP_RADIUS, y - CHIP_RADIUS, 2 * CHIP_RADIUS, 2 * CHIP_RADIUS)


def icon_rect(layout: CardLayout, owner_text: str | None) -> QRectF:
    """The channel icon's box (see models.geometry.icon_top_left)."""
    return QRectF(QPointF(*icon_top_left(layout, bool(owner_text))), QSizeF(ICON, ICON))


def _outline(layout: CardLayout) -> QPainterPath:
    from widgets.canvas.touchpoint_item import card_path  # the card's own outline; imported late: it imports us

    return card_path(layout.kind, layout.width, layout.height)


@lru_cache(maxsize=4096)
def mark_rects(layout: CardLayout, marks: tuple[str, ...], owner_text: str | None,
               channel: bool) -> tuple[QRectF, ...]:
    """Where each of `marks` is drawn on a card with `layout`, in item coordinates, in the
    order given; fewer rectangles than marks only on a card too small for them all."""
    if not marks:
        return ()
    outline = _outline(layout)
    inside = outline.boundingRect().adjusted(1, 1, -1, -1)
    blocked = [label_rect(layout), owner_rect(layout, owner_text)]
    if channel:
        blocked.append(icon_rect(layout, owner_text))
    blocked = [rect.adjusted(-GAP, -GAP, GAP, GAP) for rect in blocked]
    row_centre = layout.chip[1]
    start = owner_rect(layout, owner_text).right() + GAP
    best: tuple[QRectF, ...] = ()
    size = GLYPH
    while size >= SMALLEST:
        placed = _place(outline, inside, blocked, row_centre, start, layout.width, size, len(marks))
        if len(placed) == len(marks):
            return placed
        if len(placed) > len(best):
            best = placed
        size -= 1.0
    return best


def _place(outline: QPainterPath, inside: QRectF, blocked: list[QRectF], row_centre: float,
           start: float, right: float, size: float, count: int) -> tuple[QRectF, ...]:
    """Glyphs of `size` from `start` rightwards along the row, each at the first free place."""
    top = min(max(row_centre - size / 2, inside.top()), inside.bottom() - size)
    placed: list[QRectF] = []
    x = start
    while len(placed) < count and x + size <= right:
        rect = QRectF(x, top, size, size)
        if (inside.contains(rect) and outline.contains(rect.adjusted(-1, -1, 1, 1))
                and not any(rect.intersects(other) for other in blocked + placed)):
            placed.append(rect)
            x += size + GAP
        else:
            x += STEP
    return tuple(placed)


def mark_path(mark: str, rect: QRectF) -> QPainterPath:
    """The glyph of `mark` filling `rect`."""
    path = QPainterPath()
    cx, cy, r = rect.center().x(), rect.center().y(), rect.width() / 2
    if mark == "moment_of_truth":  # a five-pointed star
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(QPointF(cx + radius * math.cos(angle), cy + r * 0.08 + radius * math.sin(angle)))
        path.addPolygon(QPolygonF(points + points[:1]))
    elif mark == "fail_point":  # a lightning bolt
        x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
        path.addPolygon(QPolygonF([QPointF(x + w * px, y + h * py) for px, py in (
            (0.62, 0.0), (0.12, 0.58), (0.46, 0.58), (0.36, 1.0), (0.88, 0.38), (0.54, 0.38), (0.62, 0.0))]))
    else:  # a drop: round at the bottom, pointed at the top
        bottom_radius = r * 0.72
        centre = QPointF(cx, rect.bottom() - bottom_radius)
        path.moveTo(cx, rect.top())
        path.cubicTo(QPointF(cx + r * 0.35, rect.top() + r * 0.6), QPointF(cx + bottom_radius, centre.y() - r * 0.3),
                     QPointF(cx + bottom_radius, centre.y()))
        path.arcTo(QRectF(centre.x() - bottom_radius, centre.y() - bottom_radius, 2 * bottom_radius, 2 * bottom_radius),
                   0, -180)
        path.cubicTo(QPointF(cx - bottom_radius, centre.y() - r * 0.3), QPointF(cx - r * 0.35, rect.top() + r * 0.6),
                     QPointF(cx, rect.top()))
        path.closeSubpath()
    return path


def paint_mark(painter: QPainter, mark: str, rect: QRectF) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(OUTLINE), OUTLINE_WIDTH))
    painter.setBrush(QColor(COLOURS[mark]))
    painter.drawPath(mark_path(mark, rect))
    painter.restore()

