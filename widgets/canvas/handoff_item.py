"""A handoff arrow: an orthogonal route with rounded corners, arrowhead and labels."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from models.geometry import BRANCH_PX, PILL_PAD_Y, PILL_PX
from models.labels import Label
from models.text import ascent, line_height
from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.comment_marker import CommentMarked, handoff_marker_rect, marker_tooltip, paint_marker
from widgets.canvas.routing import CLEARANCE, Box, orthogonal_route, rounded_path
from widgets.canvas.style import ACCENT, DETAIL_THRESHOLD, canvas_font
from widgets.canvas.text_paint import paint_centred_text
from widgets.canvas.timing_overlay import CRITICAL_COLOUR

ARROW_LENGTH = 10.0
ARROW_WIDTH = 7.0
LINE_WIDTH = 1.5  # a handoff within one lane
CROSS_LANE_WIDTH = 2.25  # a handoff that crosses lanes, a little heavier
PILL_BORDER = 0.8  # the "passes" pill's outline
PILL_MOST_RADIUS = 9.0
BADGE_ROOM = 30.0  # how far a badge and the arrowhead reach beyond the route
# A long route is drawn clamped into the part of the canvas painted, widened to whole
# tiles of this size: the paints of one view (each update repaints a part of it) share it.
CLAMP_TILE = 256.0
FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption
# Looked up once: a frame at 100% paints hundreds of handoffs, and each lookup of a Qt
# enum member or a new pen costs about a microsecond.
ANTIALIASING = QPainter.RenderHint.Antialiasing
NO_BRUSH = Qt.BrushStyle.NoBrush
NO_PEN = Qt.PenStyle.NoPen


@functools.cache
def line_pen(colour: str, width: float) -> QPen:
    return QPen(QColor(colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


@functools.cache
def arrow_brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


class Draft(NamedTuple):
    """The boxes of the two cards a draft route joins (see HandoffItem.set_draft)."""

    source: Box
    target: Box


class DraftRoute(list):
    """A draft's corners, once worked out (see HandoffItem.points): a list, told from a
    route's by its type."""

    __slots__ = ()


class HandoffItem(QGraphicsItem, CommentMarked):
    """Holds a handoff id; its route follows the two cards it joins."""

    # What most handoffs keep as it is, as class attributes: an item sets its own only when
    # it differs. A Qt item's attributes are a dict of its own (no key sharing), which at
    # twelve entries took 464 bytes a handoff, at five 184: 7 MB at 26,000 handoffs.
    _points: Sequence[tuple[float, float]] | Draft = ()  # the route's corners, scene (x, y)
    _path: QPainterPath | None = None  # built from `points` when first needed
    _line: QPainterPath | None = None  # the painted line, short of the arrow's tip
    _clipped: tuple[tuple, QPainterPath] | None = None  # (area, part of the line in it)
    _arrow: QPolygonF | None = None  # the arrowhead, its tip first
    labels: tuple[Label, ...] = ()  # branch label and "passes" pill, placed by the scene
    cross_lane = False
    _bounds = QRectF()  # replaced, never changed in place
    findings: Sequence[tuple[str, str]] = ()  # (severity, message), not ignored

    def __init__(self, handoff_id: str, source: str, target: str):
        super().__init__()
        self.handoff_id = handoff_id
        self.ends = (source, target)  # the touchpoints it joins, kept for removal
        self.setFlags(FLAGS)  # the extended option carries the exposed rectangle

    @property
    def handoff(self):
        return self.scene().document.handoff(self.handoff_id)

    @property
    def points(self) -> Sequence[tuple[float, float]]:
        """The route's corners in scene coordinates (a draft's, worked out when first asked)."""
        points = self._points
        if type(points) is Draft:
            self._points = points = DraftRoute(orthogonal_route(*points))
        return points

    @property
    def drafted(self) -> bool:
        """Whether it shows a draft (or nothing yet) rather than a route."""
        return not self._points or type(self._points) in (Draft, DraftRoute)

    def _show(self, points: Sequence[tuple[float, float]] | Draft, labels: tuple[Label, ...], cross_lane: bool) -> None:
        """Take a route (or a draft) and forget what was drawn of the last; attributes at
        their class's value are not set, so the item's dict stays small."""
        self.prepareGeometryChange()
        self._points = points
        if labels or self.labels:
            self.labels = labels
        if cross_lane != self.cross_lane:
            self.cross_lane = cross_lane
        if self._path is not None:
            self._path = None
        if self._line is not None:
            self._line = None
        if self._clipped is not None:
            self._clipped = None
        if self._arrow is not None:
            self._arrow = None

    @property
    def path(self) -> QPainterPath:
        """The route with rounded corners, in scene coordinates."""
        if self._path is None:
            self._path = rounded_path(self.points) if self.points else QPainterPath()
        return self._path

    def set_route(self, points: list[tuple[float, float]], labels: tuple[Label, ...], cross_lane: bool) -> None:
        """Take the route and the placed labels (models.routing, models.labels).

        Only the corner points and the bounds are kept here; the painted path is built on
        the first paint, so opening a large chain does not build paths never on screen.
        """
        self._show(points, labels, cross_lane)
        if points:
            xs, ys = zip(*points)
            left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        else:
            left = top = right = bottom = 0.0
        for label in labels:
            left, top = min(left, label.rect[0]), min(top, label.rect[1])
            right, bottom = max(right, label.rect[2]), max(bottom, label.rect[3])
        # Room for the arrowhead and the badge.
        room = BADGE_ROOM
        self._bounds = QRectF(left - room, top - room, right - left + 2 * room, bottom - top + 2 * room)
        self.update()

    def set_draft(self, source: Box, target: Box, cross_lane: bool) -> None:
        """A draft route between the boxes of its two cards (orthogonal_route), shown while
        the router works. Its corners are worked out when first needed: a large chain shows
        tens of thousands of drafts at once, most of them off screen until replaced."""
        self._show(Draft(source, target), (), cross_lane)
        room = CLEARANCE + BADGE_ROOM  # a draft keeps within CLEARANCE of its cards' boxes
        left, top = min(source[0], target[0]) - room, min(source[1], target[1]) - room
        right, bottom = max(source[2], target[2]) + room, max(source[3], target[3]) + room
        self._bounds = QRectF(left, top, right - left, bottom - top)
        self.update()

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.update()

    def marker_rect(self) -> QRectF:
        """Where its comment marker goes, in scene coordinates (see CommentMarked)."""
        return handoff_marker_rect(self.points, self.labels, self.open_comments)

    def tooltip(self) -> str:
        """Built when the pointer rests on the arrow (see ChainScene.helpEvent)."""
        handoff = self.handoff
        document = self.scene().document
        tr = QCoreApplication.translate  # a QGraphicsItem is no QObject: no self.tr
        lines = [
            tr("HandoffItem", "{source} → {target}").format(
                source=document.touchpoint(handoff.source).label or handoff.source,
                target=document.touchpoint(handoff.target).label or handoff.target,
            )
        ]
        if handoff.label:
            lines.append(tr("HandoffItem", "Label: {label}").format(label=handoff.label))
        if handoff.passes:
            lines.append(tr("HandoffItem", "Passes: {passes}").format(passes=handoff.passes))
        if handoff.expectation:
            lines.append(tr("HandoffItem", "Expected: {expectation}").format(expectation=handoff.expectation))
        if self.findings:
            lines += ["", findings_tooltip(self.findings)]
        if self.open_comments:
            lines += ["", marker_tooltip(self.open_comments)]
        return "\n".join(lines)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        """The line, widened to be easy to hit, and its labels (which can be dragged)."""
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self.path)
        for label in self.labels:
            shape.addRect(QRectF(QPointF(label.rect[0], label.rect[1]), QPointF(label.rect[2], label.rect[3])))
        return shape.simplified()

    def distance_to(self, point: QPointF) -> float:
        """How far `point` (scene) is from the route's line, in scene units."""
        x, y = point.x(), point.y()
        nearest = math.inf
        for (ax, ay), (bx, by) in zip(self.points, self.points[1:]):
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            share = 0.0 if length == 0 else min(1.0, max(0.0, ((x - ax) * dx + (y - ay) * dy) / length))
            nearest = min(nearest, math.hypot(x - ax - share * dx, y - ay - share * dy))
        return nearest

    def preview_pill_at(self, centre: tuple[float, float]) -> None:
        """Show the "passes" pill centred on `centre` while the user drags it."""
        labels = []
        for label in self.labels:
            if label.kind == "passes":
                width, height = label.rect[2] - label.rect[0], label.rect[3] - label.rect[1]
                x, y = centre
                label = Label(label.handoff, label.kind, (x - width / 2, y - height / 2, x + width / 2, y + height / 2), label.lines)
            labels.append(label)
        self.set_route(self.points, tuple(labels), self.cross_lane)

    def paint(self, painter: QPainter, option, widget=None):
        # Kept lean: a frame at 100% on a large chain paints hundreds of these.
        if len(self.points) < 2:
            return
        scene = self.scene()
        theme = scene.theme
        # What needs painting, widened by what sticks out of a line: arrowhead, labels.
        exposed = option.exposedRect.adjusted(-BADGE_ROOM, -BADGE_ROOM, BADGE_ROOM, BADGE_ROOM)
        selected = self.isSelected() and not scene.exporting
        critical = scene.timing.marks(self.handoff_id) and not scene.exporting
        colour = ACCENT if selected else CRITICAL_COLOUR if critical else theme.line_name
        width = line_width(self.cross_lane)
        if selected:
            width += 0.75
        elif critical:
            width += 1.5
        # On screen the right-angled lines are drawn crisp, without antialiasing, which
        # also costs a quarter of the time; exports keep smooth corners.
        painter.setRenderHint(ANTIALIASING, scene.exporting)
        painter.setPen(line_pen(colour, width))
        painter.setBrush(NO_BRUSH)
        painter.drawPath(self._line_within(exposed))
        painter.setRenderHint(ANTIALIASING)
        if self._arrow is None:
            self._arrow = QPolygonF([QPointF(*point) for point in arrowhead(self.points[-2], self.points[-1])])
        if exposed.contains(self._arrow[0]):
            painter.setPen(NO_PEN)
            painter.setBrush(arrow_brush(colour))
            painter.drawPolygon(self._arrow)
        if self.labels and painter.worldTransform().m11() >= DETAIL_THRESHOLD:
            # (the view never rotates or stretches, so m11 is the zoom)
            for label in self.labels:
                rect = QRectF(QPointF(label.rect[0], label.rect[1]), QPointF(label.rect[2], label.rect[3]))
                if exposed.intersects(rect):
                    self._paint_label(painter, theme, label, rect)
        if self.findings and scene.show_badges:
            self._paint_badge(painter, exposed)
        if self.open_comments and not scene.exporting:
            marker = self.comment_marker_rect()
            if marker is not None and exposed.intersects(marker):
                paint_marker(painter, marker, self.open_comments)

    def _paint_badge(self, painter: QPainter, area: QRectF) -> None:
        centre = QPointF(*badge_centre(self.points))
        if area.contains(centre):
            severities = [severity for severity, _message in self.findings]
            severity = most_severe(severities)
            paint_badge(painter, centre, severity, severities.count(severity))

    def _line_within(self, area: QRectF) -> QPainterPath:
        """The painted line, or, when most of a long route lies outside `area` (what is
        painted), only the part near it: stroking a line many screens long costs more
        than the whole card beside it. The route's corners are clamped into `area`
        widened to whole CLAMP_TILEs; segments outside collapse onto its edge, which lies
        outside what is painted. Each path is made when first painted (after an edit,
        the hundred handoffs on screen took 6 ms a frame to make both)."""
        tile = CLAMP_TILE  # (`area` reaches past what is painted: see paint)
        left, top = math.floor(area.left() / tile) * tile, math.floor(area.top() / tile) * tile
        right, bottom = math.ceil(area.right() / tile) * tile, math.ceil(area.bottom() / tile) * tile
        bounds = self._bounds
        if left <= bounds.left() and top <= bounds.top() and bounds.right() <= right and bounds.bottom() <= bottom:
            if self._line is None:
                self._line = rounded_path(line_points(self.points))
            return self._line
        key = (left, top, right, bottom)
        if self._clipped is None or self._clipped[0] != key:  # the same view paints it again
            clamped = [(min(max(x, left), right), min(max(y, top), bottom)) for x, y in line_points(self.points)]
            self._clipped = (key, rounded_path(clamped))
        return self._clipped[1]

    def label_rect(self, kind: str) -> QRectF | None:
        """The scene rectangle of the label of `kind` ("branch" or "passes"), if shown."""
        for label in self.labels:
            if label.kind == kind:
                return QRectF(QPointF(label.rect[0], label.rect[1]), QPointF(label.rect[2], label.rect[3]))
        return None

    def _paint_label(self, painter: QPainter, theme, label: Label, rect: QRectF) -> None:
        """A branch label in bold just off the line; what is passed in a pill on the line.
        Every line of the text is shown: the placement made room for all of it."""
        if label.kind == "passes":
            painter.setPen(QPen(theme.card_border, PILL_BORDER))
            painter.setBrush(theme.base)
            radius = pill_radius(rect.height())
            painter.drawRoundedRect(rect, radius, radius)
        size, bold, centre, baseline, step = label_text(label)
        painter.setFont(canvas_font(size, bold))
        painter.setPen(theme.text)
        for number, line in enumerate(label.lines):
            paint_centred_text(painter, centre, baseline + number * step, line, size, bold)


# -- the geometry of a drawn handoff, shared by the canvas and the SVG export ----------------

Point = tuple[float, float]


def line_width(cross_lane: bool) -> float:
    return CROSS_LANE_WIDTH if cross_lane else LINE_WIDTH


def line_points(points: list[Point]) -> list[Point]:
    """The route's corners with the line stopped at the arrowhead's base, so a thick line
    does not poke through its tip."""
    *rest, before, end = points
    dx, dy = end[0] - before[0], end[1] - before[1]
    length = math.hypot(dx, dy) or 1.0
    shortened = (end[0] - dx / length * ARROW_LENGTH * 0.8, end[1] - dy / length * ARROW_LENGTH * 0.8)
    return [*rest, before, shortened]


def arrowhead(before: Point, end: Point) -> tuple[Point, Point, Point]:
    """The arrowhead at `end` of the segment from `before`: its tip first."""
    angle = math.atan2(end[1] - before[1], end[0] - before[0])
    back_x, back_y = end[0] - ARROW_LENGTH * math.cos(angle), end[1] - ARROW_LENGTH * math.sin(angle)
    normal_x, normal_y = -math.sin(angle) * ARROW_WIDTH / 2, math.cos(angle) * ARROW_WIDTH / 2
    return end, (back_x + normal_x, back_y + normal_y), (back_x - normal_x, back_y - normal_y)


def badge_centre(points: list[Point]) -> Point:
    """Where a handoff's finding badge goes: on the line, a little before the arrowhead,
    where the reader's eye arrives."""
    (before_x, before_y), (end_x, end_y) = points[-2], points[-1]
    length = max(1.0, math.hypot(end_x - before_x, end_y - before_y))
    back = min(24.0, length / 2) / length
    return end_x - (end_x - before_x) * back, end_y - (end_y - before_y) * back


def pill_radius(height: float) -> float:
    """The corner radius of a "passes" pill `height` tall."""
    return min(height / 2, PILL_MOST_RADIUS)


def label_text(label: Label) -> tuple[int, bool, float, float, float]:
    """How a placed label's lines are drawn: (pixel size, bold, centre x, first baseline,
    baseline step). A branch label is bold, just off the line; a pill's text sits inside
    its padding."""
    left, top, right, _bottom = label.rect
    if label.kind == "passes":
        size, bold, top = PILL_PX, False, top + PILL_PAD_Y
    else:
        size, bold, top = BRANCH_PX, True, top + 1
    return size, bold, (left + right) / 2, top + ascent(size, bold), line_height(size, bold)
