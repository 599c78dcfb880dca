"""The chain drawn small: lanes as bands, cards as blocks, handoffs as thin lines.

Zoomed out below DETAIL_THRESHOLD a card is a few dozen pixels wide or less, and
painting thousands of cards one item at a time (a Python call each) costs far more
than a frame. The canvas then turns the items' own painting off (they stay clickable
and selectable) and paints this instead: every lane, card and line in a few calls that
take whole lists. The overview dock draws its miniature with it too.

The lists are built once and kept until the scene says what changed (every card,
the lanes, one lane's cards, one card's marks or the lines): each lane's cards are
kept in the lane's own coordinates and painted where the lane is now, so an edit that
grows a lane gathers that lane's cards again, not those of the hundreds of lanes it
moved. Selection is read at paint time, as it changes without an edit, and shows
dragged cards where they are while the rest of the miniature still shows where they
were.
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
class _Lanes:
    """The lanes' bands and headers, in scene coordinates."""

    bounds: QRectF = field(default_factory=QRectF)
    bands: list[tuple[QRectF, QColor, QRectF, QColor]] = field(default_factory=list)


@dataclass
class _LaneCards:
    """The cards of one lane, in its carrier's coordinates (LaneItem.cards), grouped by
    fill: when the lane moves, its cards move with it and are not gathered again."""

    cards: dict[int, tuple[QColor, list[QRectF]]] = field(default_factory=dict)  # by fill
    diamonds: list[tuple[QPolygonF, QColor]] = field(default_factory=list)
    corners: dict[str, QPointF] = field(default_factory=dict)  # card id -> its top-right corner
    badges: dict[str, list[QPointF]] | None = None  # severity -> corners; gathered when painted


def _diamond(left: float, top: float, right: float, bottom: float) -> QPolygonF:
    x, y = (left + right) / 2, (top + bottom) / 2
    return QPolygonF([QPointF(x, top), QPointF(right, y), QPointF(x, bottom), QPointF(left, y)])


#: The group of the cards that lie in no lane (their department has none): at the scene's top.
_LOOSE = None


class Miniature:
    """Kept in parts, so that an edit gathers only what it changed: the lanes' bands
    (800 at 20,000 cards), each lane's cards in the lane's own coordinates (an edit that
    grows a lane moves the lanes below, not their cards within them), each lane's
    finding badges (most edits change only findings), the handoff lines."""

    def __init__(self, scene):
        self.scene = scene
        self._lanes: _Lanes | None = None
        self._cards: dict[str | None, _LaneCards] = {}  # by lane id (_LOOSE: in no lane)
        self._stale_cards: set[str | None] = set()  # lanes whose cards are gathered again when painted
        self._stale_lanes = False  # the lanes' bands to be gathered again when painted
        self._badge_of: dict[str, str] | None = None  # card id -> its most severe finding
        self._matched: set[str] = set()  # cards that match the find bar
        self._matches: list[QRectF] | None = None
        self._lines: list[QLineF] | None = None  # prepared when first drawn
        self._picture: QPixmap | None = None
        self._picture_scale = 0.0
        self._stale = False  # all of the above to be gathered again (see invalidate)
        #: How many times a lane's cards were gathered: tests check that painting reuses them.
        self.lanes_gathered = 0

    def invalidate(self) -> None:
        """After what changes every card: their colours (scorecard, review, timing), or
        lanes that came or went. What was gathered is let go of when the miniature is
        next painted, not now (so too below): freeing the 100,000 shapes of a large
        chain held an edit that moved its lanes 16 ms, freeing the 800 lanes' bands 2 ms,
        and zoomed in, the miniature is not painted at all."""
        self._stale = True

    def invalidate_lanes(self) -> None:
        """After lanes moved or changed size: their cards move with them."""
        self._stale_lanes = True

    def invalidate_cards(self, *lanes: str | None) -> None:
        """After cards of these lanes came, went, moved, or changed size, kind or colour
        (a lane id of no lane: the cards in no lane)."""
        self._stale_cards.update(lanes)

    def _let_go_of_stale(self) -> None:
        if self._stale:
            self._stale = self._stale_lanes = False
            self._lanes = self._badge_of = self._matches = self._lines = self._picture = None
            self._cards = {}
            self._stale_cards.clear()

    def mark(self, item) -> None:
        """After one card's findings or its find-bar match changed."""
        if self._badge_of is not None:
            self._note_badge(item)
            kept = self._cards.get(self._group_of(item))
            if kept is not None:
                kept.badges = None
        if item.find_match:
            self._matched.add(item.touchpoint_id)
        else:
            self._matched.discard(item.touchpoint_id)
        self._matches = self._picture = None

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

    def _group_of(self, item) -> str | None:
        lane = self.scene.lane_items.get(item.lane)
        return item.lane if lane is not None and item.parentItem() is lane.cards else _LOOSE

    # -- gathering ------------------------------------------------------------------------

    def _gather(self) -> None:
        """Gather what is stale, for the next paint."""
        self._let_go_of_stale()
        scene = self.scene
        if self._stale_lanes or self._stale_cards:
            self._matches = self._picture = None
        if self._stale_lanes:
            self._stale_lanes = False
            self._lanes = None
        if self._lanes is None:
            self._lanes = self._gather_lanes()
            for lane in set(self._cards) - set(scene.lane_items) - {_LOOSE}:
                del self._cards[lane]  # a lane gone
        lanes = scene.lane_items
        stale = {lane if lane in lanes else _LOOSE for lane in self._stale_cards}
        stale.update(lane for lane in (*lanes, _LOOSE) if lane not in self._cards)
        self._stale_cards.clear()
        for lane in stale:
            if lane is _LOOSE:
                items = [item for item in scene.touchpoint_items.values() if item.parentItem() is None]
            else:
                items = lanes[lane].cards.childItems()
            self._cards[lane] = self._gather_cards(items)
        if self._badge_of is None:
            self._badge_of = {}
            for item in scene.touchpoint_items.values():
                self._note_badge(item)
            for kept in self._cards.values():
                kept.badges = None
        if self._matches is None:
            items = scene.touchpoint_items
            self._matches = [item.card_rect() for id in self._matched if (item := items.get(id)) is not None]

    def _gather_lanes(self) -> _Lanes:
        theme, document = self.scene.theme, self.scene.document
        lanes = _Lanes()
        for item in self.scene.lane_items.values():
            lanes.bounds = lanes.bounds.united(item.rect)
            department = document.department(item.department_id)
            lanes.bands.append(
                (QRectF(item.rect), theme.lane_fill(department.role, department.color, item.alternate),
                 item.header_rect(), theme.header_fill(department.role, department.color))
            )
        return lanes

    def _gather_cards(self, items) -> _LaneCards:
        """The cards `items` (of one lane's carrier, or in no lane), where they are in it."""
        scene = self.scene
        theme, document = scene.theme, scene.document
        kept = _LaneCards()
        fills = {kind: theme.card_fill(kind) for kind in CARD_LIMITS}
        for item in items:
            id = item.touchpoint_id
            left, top = item.pos().toTuple()
            width, height = item.size()
            right, bottom = left + width, top + height
            kept.corners[id] = QPointF(right, top)
            fill = fills[item.kind]
            if scene.scorecard:
                fill = tinted(fill, document.touchpoint(id))
            elif scene.review_mode:
                fill = mix(fill, REVIEW_COLOURS[document.touchpoint(id).review.status], 0.38)
            elif scene.timing.marks(id):  # the timing overlay's critical path, zoomed out
                fill = mix(fill, CRITICAL_COLOUR, 0.45)
            if item.kind == "decision":
                kept.diamonds.append((_diamond(left, top, right, bottom), fill))
            else:
                kept.cards.setdefault(fill.rgba(), (fill, []))[1].append(QRectF(left, top, width, height))
        self.lanes_gathered += 1
        return kept

    def _badges(self, kept: _LaneCards) -> dict[str, list[QPointF]]:
        if kept.badges is None:
            kept.badges = {}
            badge_of = self._badge_of
            for id, corner in kept.corners.items():
                severity = badge_of.get(id)
                if severity is not None:
                    kept.badges.setdefault(severity, []).append(corner)
        return kept.badges

    def _placed_groups(self):
        """(vertical offset, the lane's cards) of each group of cards (no two overlap: in
        any order)."""
        lanes = self.scene.lane_items
        for lane, kept in self._cards.items():
            yield (0.0 if lane is _LOOSE else lanes[lane].cards.y()), kept

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
        with collector_paused():  # tens of thousands of rectangles, all kept
            self._gather()
        bounds = self._lanes.bounds
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
        painter.translate(-self._lanes.bounds.topLeft())
        self._paint_drawing(painter, pixels_per_unit / ratio, badges=True)
        painter.end()
        return picture

    def _paint_drawing(self, painter: QPainter, scale: float, badges: bool) -> None:
        lanes, theme = self._lanes, self.scene.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for band, fill, header, header_fill in lanes.bands:
            painter.fillRect(band, fill)
            painter.fillRect(header, header_fill)
        # Separators only where lanes are a few pixels tall: closer, they would grey it all.
        separated = [band for band, *_ in lanes.bands if band.height() * scale >= SEPARATED_ABOVE_PX]
        painter.setPen(QPen(theme.lane_separator, 0))  # 0: one screen pixel at any zoom
        painter.drawLines([QLineF(band.bottomLeft(), band.bottomRight()) for band in separated])

        if scale >= LINES_MIN_SCALE:
            painter.setPen(QPen(mix(theme.base, theme.line, 0.7), 0))
            painter.drawLines(self._handoff_lines())

        groups = list(self._placed_groups())
        solid = min(least_card_size("step")) * scale < SOLID_BELOW_PX
        if solid:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(theme.base, theme.text, 0.4))
        else:
            painter.setPen(QPen(theme.card_border, 0))
        for offset, kept in groups:
            painter.translate(0, offset)
            for fill, rects in kept.cards.values():
                if not solid:
                    painter.setBrush(fill)
                painter.drawRects(rects)
            for polygon, fill in kept.diamonds:
                if not solid:
                    painter.setBrush(fill)
                painter.drawPolygon(polygon)
            painter.translate(0, -offset)

        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(FIND_HIGHLIGHT), 3 / scale))
        painter.drawRects(self._matches)
        if badges:
            self._paint_badges(painter, scale, groups)
        painter.restore()

    def _paint_badges(self, painter: QPainter, scale: float, groups) -> None:
        side = max(2.0, min(BADGE_PX, min(least_card_size("step")) * scale / 3))
        for severity in reversed(("error", "warning", "info")):  # the most severe on top
            pen = QPen(QColor(SEVERITY_COLOURS[severity]), side)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            for offset, kept in groups:
                corners = self._badges(kept).get(severity)
                if corners:
                    painter.translate(0, offset)
                    painter.drawPoints(corners)
                    painter.translate(0, -offset)

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

