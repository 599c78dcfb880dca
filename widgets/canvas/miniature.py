"""The chain drawn small: lanes as bands, cards as blocks, handoffs as thin lines.

Zoomed out below DETAIL_THRESHOLD a card is a few dozen pixels wide or less, and
painting thousands of cards one item at a time (a Python call each) costs far more
than a frame. The canvas then turns the items' own painting off (they stay clickable
and selectable) and paints this instead: every lane, card and line in a few calls that
take whole lists. The overview dock draws its miniature with it too.

The lists are built once and kept until the scene says something changed
(`invalidate`, or just the marks or the lines); selection is read at paint time, as it
changes without an edit, and shows dragged cards where they are while the rest of the
miniature still shows where they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF

from models.collector import collector_paused
from models.geometry import CARD_LIMITS, least_card_size
from widgets.canvas.badge import SEVERITY_COLOURS, most_severe
from widgets.canvas.scorecard import tinted
from widgets.canvas.style import ACCENT, FIND_HIGHLIGHT, REVIEW_COLOURS, mix
from widgets.canvas.timing_overlay import CRITICAL_COLOUR

#: Below this many screen pixels across, a card is a solid mark: a 1 px border would
#: cover it, and a white card on a pale lane would not show at all.
SOLID_BELOW_PX = 12.0
SEPARATED_ABOVE_PX = 6.0  # lanes at least this tall on screen get a separator line
BADGE_PX = 5.0  # the side of a finding's square, in screen pixels, at most a third of a card
#: A picture of the whole chain is kept when it takes at most this many pixels: at
#: fit-all a frame then only copies it. Zoomed in further, the lists are drawn each time.
PICTURE_MAX_PIXELS = 8_000_000
#: Below this scale the handoffs are left out: their segments would be a pixel or two
#: long, a grey haze over the cards (and tens of thousands of lines to prepare).
LINES_MIN_SCALE = 0.015


@dataclass
class _Shapes:
    """Lanes and cards, in scene coordinates, cards grouped by fill colour."""

    bounds: QRectF = field(default_factory=QRectF)  # the lanes
    lanes: list[tuple[QRectF, QColor, QRectF, QColor]] = field(default_factory=list)
    cards: dict[str, tuple[QColor, list[QRectF]]] = field(default_factory=dict)  # by fill
    diamonds: list[tuple[QPolygonF, QColor]] = field(default_factory=list)


@dataclass
class _Marks:
    """What lies on the cards: finding badges and find-bar matches."""

    badges: dict[str, list[QPointF]] = field(default_factory=dict)  # severity -> corners
    matches: list[QRectF] = field(default_factory=list)


def _diamond(left: float, top: float, right: float, bottom: float) -> QPolygonF:
    x, y = (left + right) / 2, (top + bottom) / 2
    return QPolygonF([QPointF(x, top), QPointF(right, y), QPointF(x, bottom), QPointF(left, y)])


class Miniature:
    """Kept in parts, so that an edit that changes only findings (most edits) updates one
    card's mark instead of gathering every card again: shapes, marks and handoff lines."""

    def __init__(self, scene):
        self.scene = scene
        self._shapes: _Shapes | None = None
        self._corners: dict[str, QPointF] = {}  # card id -> its top-right corner
        self._badge_of: dict[str, str] | None = None  # card id -> its most severe finding
        self._matched: set[str] = set()  # cards that match the find bar
        self._marks: _Marks | None = None
        self._lines: list[QLineF] | None = None  # prepared when first drawn
        self._picture: QPixmap | None = None
        self._picture_scale = 0.0
        self._stale = False  # all of the above to be gathered again (see invalidate)
        #: How many times the shapes were gathered: tests check that painting reuses them.
        self.builds = 0

    def invalidate(self) -> None:
        """After cards or lanes moved, came or went, or changed kind or colour. What was
        gathered is let go of when the miniature is next painted, not now: freeing the
        100,000 shapes of a large chain held an edit that moved its lanes 16 ms, and
        zoomed in, the miniature is not painted at all."""
        self._stale = True

    def _let_go_of_stale(self) -> None:
        if self._stale:
            self._stale = False
            self._shapes = self._badge_of = self._marks = self._lines = self._picture = None

    def mark(self, item) -> None:
        """After one card's findings or its find-bar match changed."""
        if self._badge_of is not None:
            self._note_badge(item)
        if item.find_match:
            self._matched.add(item.touchpoint_id)
        else:
            self._matched.discard(item.touchpoint_id)
        self._marks = self._picture = None

    def let_go_of_picture(self) -> None:
        """The canvas paints its items again (zoomed in): the kept picture, up to
        PICTURE_MAX_PIXELS (8 MB at fit-all in a 1920 x 1080 view), is not held meanwhile;
        zoomed out again, the first frame paints it anew, as at any new scale."""
        self._picture = None

    def invalidate_lines(self) -> None:
        """After a handoff came, went or was re-routed by an edit."""
        self._lines = self._picture = None

    def _note_badge(self, item) -> None:
        if item.findings and self.scene.show_badges:
            self._badge_of[item.touchpoint_id] = most_severe([severity for severity, _ in item.findings])
        else:
            self._badge_of.pop(item.touchpoint_id, None)

    def _build_shapes(self) -> _Shapes:
        scene = self.scene
        theme, document = scene.theme, scene.document
        shapes = _Shapes()
        for item in scene.lane_items.values():
            shapes.bounds = shapes.bounds.united(item.rect)
            department = document.department(item.department_id)
            shapes.lanes.append(
                (QRectF(item.rect), theme.lane_fill(department.role, department.color, item.alternate),
                 item.header_rect(), theme.header_fill(department.role, department.color))
            )
        self._corners = {}
        fills = {kind: theme.card_fill(kind) for kind in CARD_LIMITS}
        for id, item in scene.touchpoint_items.items():
            left, top, right, bottom = item.box()
            rect = QRectF(left, top, right - left, bottom - top)
            self._corners[id] = QPointF(right, top)
            fill = fills[item.kind]
            if scene.scorecard:
                fill = tinted(fill, document.touchpoint(id))
            elif scene.review_mode:
                fill = mix(fill, REVIEW_COLOURS[document.touchpoint(id).review.status], 0.38)
            elif scene.timing.marks(id):  # the timing overlay's critical path, zoomed out
                fill = mix(fill, CRITICAL_COLOUR, 0.45)
            if item.kind == "decision":
                shapes.diamonds.append((_diamond(left, top, right, bottom), fill))
            else:
                shapes.cards.setdefault(fill.rgba(), (fill, []))[1].append(rect)
        self.builds += 1
        return shapes

    def _build_marks(self) -> _Marks:
        items = self.scene.touchpoint_items
        if self._badge_of is None:
            self._badge_of = {}
            for item in items.values():
                self._note_badge(item)
        marks = _Marks()
        for id, severity in self._badge_of.items():
            marks.badges.setdefault(severity, []).append(self._corners[id])
        marks.matches = [item.card_rect() for id in self._matched if (item := items.get(id)) is not None]
        return marks

    def _handoff_lines(self) -> list[QLineF]:
        if self._lines is None:
            with collector_paused():
                self._lines = [
                    QLineF(*a, *b)
                    for item in self.scene.handoff_items.values()
                    for a, b in zip(item.points, item.points[1:])
                ]
        return self._lines

    def paint(self, painter: QPainter, scale: float, keep_picture: bool = True, badges: bool = True) -> None:
        """Paint the chain; `scale` is screen pixels per scene unit (the zoom).

        With `keep_picture`, a small enough chain is painted into a kept picture at
        this scale, and later calls at the same scale only copy it. Without `badges`,
        findings are not marked.
        """
        self._let_go_of_stale()
        with collector_paused():  # tens of thousands of rectangles, all kept
            if self._shapes is None:
                self._shapes = self._build_shapes()  # before the marks: they use its corners
            if self._marks is None:
                self._marks = self._build_marks()
        bounds = self._shapes.bounds
        ratio = painter.device().devicePixelRatioF()
        width, height = math.ceil(bounds.width() * scale * ratio), math.ceil(bounds.height() * scale * ratio)
        if keep_picture and 0 < width * height <= PICTURE_MAX_PIXELS:
            if self._picture is None or self._picture_scale != scale:
                self._picture = self._paint_picture(width, height, scale * ratio, ratio)
                self._picture_scale = scale
            painter.drawPixmap(bounds, self._picture, QRectF(self._picture.rect()))
        else:
            self._paint_drawing(painter, scale, badges)
        self._paint_selection(painter, scale)

    def _paint_picture(self, width: int, height: int, pixels_per_unit: float, ratio: float) -> QPixmap:
        picture = QPixmap(width, height)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.scale(pixels_per_unit, pixels_per_unit)
        painter.translate(-self._shapes.bounds.topLeft())
        self._paint_drawing(painter, pixels_per_unit / ratio, badges=True)
        painter.end()
        return picture

    def _paint_drawing(self, painter: QPainter, scale: float, badges: bool) -> None:
        shapes, marks, theme = self._shapes, self._marks, self.scene.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for band, fill, header, header_fill in shapes.lanes:
            painter.fillRect(band, fill)
            painter.fillRect(header, header_fill)
        # Separators only where lanes are a few pixels tall: closer, they would grey it all.
        separated = [band for band, *_ in shapes.lanes if band.height() * scale >= SEPARATED_ABOVE_PX]
        painter.setPen(QPen(theme.lane_separator, 0))  # 0: one screen pixel at any zoom
        painter.drawLines([QLineF(band.bottomLeft(), band.bottomRight()) for band in separated])

        if scale >= LINES_MIN_SCALE:
            painter.setPen(QPen(mix(theme.base, theme.line, 0.7), 0))
            painter.drawLines(self._handoff_lines())

        solid = min(least_card_size("step")) * scale < SOLID_BELOW_PX
        if solid:
            ink = mix(theme.base, theme.text, 0.4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            for _fill, rects in shapes.cards.values():
                painter.drawRects(rects)
            for polygon, _fill in shapes.diamonds:
                painter.drawPolygon(polygon)
        else:
            painter.setPen(QPen(theme.card_border, 0))
            for fill, rects in shapes.cards.values():
                painter.setBrush(fill)
                painter.drawRects(rects)
            for polygon, fill in shapes.diamonds:
                painter.setBrush(fill)
                painter.drawPolygon(polygon)

        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(FIND_HIGHLIGHT), 3 / scale))
        painter.drawRects(marks.matches)
        badge = max(2.0, min(BADGE_PX, min(least_card_size("step")) * scale / 3))
        for severity in reversed(("error", "warning", "info")):  # the most severe on top
            corners = marks.badges.get(severity) if badges else None
            if corners:
                pen = QPen(QColor(SEVERITY_COLOURS[severity]), badge)
                pen.setCosmetic(True)
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                painter.setPen(pen)
                painter.drawPoints(corners)
        painter.restore()

    def _paint_selection(self, painter: QPainter, scale: float) -> None:
        selected = self.scene.selectedItems()
        if not selected:
            return
        accent = QColor(ACCENT)
        cards = [item.card_rect() for item in selected if hasattr(item, "touchpoint_id")]
        painter.setPen(QPen(accent, max(2.0 / scale, 1.0)))
        painter.setBrush(accent if min(least_card_size("step")) * scale < SOLID_BELOW_PX else Qt.BrushStyle.NoBrush)
        painter.drawRects(cards)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for item in selected:
            if hasattr(item, "handoff_id") and len(item.points) > 1:
                points = [QPointF(x, y) for x, y in item.points]
                painter.drawPolyline(points)
            elif hasattr(item, "department_id"):
                painter.drawRect(item.header_rect())

