"""A touchpoint card on the canvas: shape by kind, wrapped label, owner chip, channel icon."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtCore import QByteArray, QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyle, QStyleOptionGraphicsItem

from models.geometry import CHIP_RADIUS, ICON, LABEL_PX, OWNER_PX, PILL_RADIUS, STEP_RADIUS, CardLayout, card_layout, icon_top_left, least_card_size, touchpoint_layout
from models.text import ascent, text_width
from resources.icons import svg_data
from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.mark_glyph import GAP as MARK_GAP, GLYPH as MARK_GLYPH, mark_name, mark_rects, paint_mark
from widgets.canvas.comment_marker import CommentMarked, card_marker_rect, marker_tooltip, paint_marker
from widgets.canvas.scorecard import status_line, tinted
from widgets.canvas.timing_overlay import CRITICAL_COLOUR
from widgets.canvas.text_paint import paint_centred_text
from widgets.canvas.style import (
    ACCENT,
    FIND_HIGHLIGHT,
    DETAIL_THRESHOLD,
    REVIEW_COLOURS,
    canvas_font,
    mix,
    review_status_name,
)

HANDLE_RADIUS = 4.5
RESIZE_GRIP = 7.0  # how close to the bottom-right handle of a selected card a press resizes it
CONNECT_ZONE = 9.0  # how close to a card's edge a press starts a connection
FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable


def card_path(kind: str, width: float, height: float) -> QPainterPath:
    """The outline of a card of `kind` and size with its top-left corner at (0, 0)."""
    path = QPainterPath()
    if kind == "decision":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(width / 2, 0),
                    QPointF(width, height / 2),
                    QPointF(width / 2, height),
                    QPointF(0, height / 2),
                    QPointF(width / 2, 0),
                ]
            )
        )
    else:
        radius = card_corner_radius(kind, height)
        path.addRoundedRect(QRectF(0, 0, width, height), radius, radius)
    return path


def card_corner_radius(kind: str, height: float) -> float | None:
    """The corner radius of a card's rounded rectangle: pill-shaped ends for start and
    end, gently rounded steps; None for a decision, which is a diamond."""
    if kind == "decision":
        return None
    if kind in ("start", "end"):
        return min(height / 2, PILL_RADIUS)
    return STEP_RADIUS


def stripe_width(kind: str, width: float) -> float:
    """The review stripe along a card's left edge (clipped to the card's outline)."""
    return 4.0 if kind != "decision" else width * 0.1


def stripe_colour(status: str) -> str:
    return REVIEW_COLOURS.get(status, "#9e9e9e")


def card_badge_centre(kind: str, width: float) -> tuple[float, float]:
    """Where a card's finding badge goes, in item coordinates: the top-right corner."""
    return (width * 0.75, 4.0) if kind == "decision" else (width - 4, 2.0)


def no_label_text() -> str:
    """What a card without a label says, in italics."""
    return QCoreApplication.translate("TouchpointItem", "No label")


#: The owner's initials chip: its fill, the initials' size (bold, white) and how far their
#: baseline sits below the chip's centre.
CHIP_FILL = "#455a64"
INITIALS_PX = 9
INITIALS_DROP = 3.2
HOLLOW_CHIP_DASHES = Qt.PenStyle.DashLine  # the chip of a card without an owner, 1 px


def initials(name: str) -> str:
    parts = [part for part in name.replace("-", " ").split() if part[:1].isalnum()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


def owner_line(name: str, role: str | None, room: float) -> str:
    """The owner's name, with the job title when both fit in `room` pixels."""
    if role:
        both = f"{name} · {role}"
        if text_width(both, OWNER_PX) <= room:
            return both
    return name


def owner_row_text(owner, marks: int, room: float) -> str | None:
    """The owner's name as a card's footer row shows it when cards name their owners, or
    None for the initials chip. The card's `marks` share the row: the job title goes
    first, and when even the name leaves them no room the row shows the chip (the tooltip
    names the owner)."""
    if not marks:
        return owner_line(owner.name, owner.role, room)
    room -= marks * (MARK_GLYPH + MARK_GAP) + MARK_GAP
    line = owner_line(owner.name, owner.role, room)
    return line if text_width(line, OWNER_PX) <= room else None


@lru_cache(maxsize=None)
def _channel_renderer(channel: str, ink: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(svg_data(f"channel-{channel}", ink)))


def owner_name(document, touchpoint) -> str | None:
    """The name of the touchpoint's owner, which its card keeps room for."""
    owner = document.person(touchpoint.owner) if touchpoint.owner else None
    return owner.name if owner else None


def terms_in(text: str, glossary) -> list:
    """The glossary's terms that `text` uses as whole words, case aside, in glossary order:
    "Books the delivery slot" uses "Delivery slot", not "Slot machine" nor "Deliver"."""
    return [
        term for term in glossary
        if term.term.split() and re.search(
            r"(?<!\w)" + r"\s+".join(re.escape(word) for word in term.term.split()) + r"(?!\w)", text, re.IGNORECASE)
    ]


NO_PEN = QPen(Qt.PenStyle.NoPen)


def _bounds(width: float, height: float) -> QRectF:
    """What a card of this size paints, in item coordinates: the card, and round it the
    selection outline, hover glow and connect handles (6 px), the badge with its count at
    the top right and the comment marker at the top left."""
    margin = 6.0
    return QRectF(-margin, -18, width + margin + 30, height + margin + 18)


class TouchpointItem(QGraphicsRectItem, CommentMarked):
    """Holds a touchpoint id; reads the data it paints from the scene's document.

    A rect item only for its bounding rect, which Qt then reads without calling Python:
    it does three times a card each time a card moves (an edit that grows a lane moves
    half the cards of a large chain), and for every card it paints or looks up."""

    # What most cards keep as it is, as class attributes: an item sets its own only when it
    # differs. A Qt item's attributes are a dict of its own (no key sharing), which at ten
    # entries took 464 bytes a card, at four 184: 5 MB at 20,000 cards.
    kind = "step"
    lane = ""  # the department it is placed in, set by the scene
    _hovered = False
    _drop_target = False  # a handoff being dragged would land here
    find_match = False  # matches the text in the find bar
    _layout: CardLayout | None = None  # size and parts, see sync()
    _outline: QPainterPath | None = None
    findings: Sequence[tuple[str, str]] = ()  # (severity, message), not ignored

    def __init__(self, touchpoint_id: str):
        super().__init__(_bounds(*least_card_size(self.kind)))
        self.setPen(NO_PEN)  # (a pen would widen the bounding rect by half its width)
        self.touchpoint_id = touchpoint_id
        self.setFlags(FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(10)

    # -- data --------------------------------------------------------------------------

    @property
    def touchpoint(self):
        return self.scene().document.touchpoint(self.touchpoint_id)

    def sync(self, preview_size: tuple[float, float] | None = None) -> None:
        """Take the kind and the size (which follows the label) from the model, and repaint.

        `preview_size` shows the card at that size while the user drags its resize handle.
        """
        touchpoint = self.touchpoint
        owner = owner_name(self.scene().document, touchpoint)
        if preview_size is None:
            layout = touchpoint_layout(touchpoint, owner)
        else:
            layout = card_layout(touchpoint.kind, touchpoint.label, preview_size, owner)
        self.show_layout(layout, touchpoint.kind)

    def show_layout(self, layout: CardLayout, kind: str) -> None:
        """Take the card's layout and kind (see sync). A new card gets its first before it
        joins the scene, so Qt indexes it once, at its real size."""
        if layout != self._layout:
            resized = self._layout is None or (layout.width, layout.height, layout.kind) != (
                self._layout.width, self._layout.height, self._layout.kind)
            if resized:
                self.setRect(_bounds(layout.width, layout.height))
                if self._outline is not None:
                    self._outline = None
            self._layout = layout
            if resized or kind != self.kind:
                self.kind = kind
                if self.scene() is not None:
                    self.scene().miniature.invalidate_cards(self.lane)
        self.update()

    @property
    def layout(self) -> CardLayout:
        return self._layout

    @property
    def outline(self) -> QPainterPath:
        """The card's outline in item coordinates."""
        if self._outline is None:
            self._outline = card_path(self.kind, *self.size())
        return self._outline

    def tooltip(self) -> str:
        """Built when the pointer rests on the card (see ChainScene.helpEvent)."""
        touchpoint = self.touchpoint
        owner = self.scene().document.person(touchpoint.owner) if touchpoint.owner else None
        tr = QCoreApplication.translate  # a QGraphicsItem is no QObject: no self.tr
        tip = [
            touchpoint.label or tr("TouchpointItem", "(no label)"),
            tr("TouchpointItem", "Kind: {kind}").format(kind=touchpoint.kind),
        ]
        tip.append(
            tr("TouchpointItem", "Owner: {owner}").format(owner=owner.name) if owner else tr("TouchpointItem", "Owner: none")
        )
        if touchpoint.channel:
            tip.append(tr("TouchpointItem", "Channel: {channel}").format(channel=touchpoint.channel.replace("_", " ")))
        tip.append(tr("TouchpointItem", "Review: {status}").format(status=review_status_name(touchpoint.review.status)))
        if touchpoint.marks:
            tip.append(tr("TouchpointItem", "Marks: {marks}").format(
                marks=", ".join(mark_name(mark) for mark in touchpoint.marks)))
        measured = status_line(touchpoint)
        if measured:
            tip.append(measured)
        used = terms_in(touchpoint.label, self.scene().document.chain.glossary)
        if used:
            tip += [""] + [tr("TouchpointItem", "{term}: {definition}").format(term=t.term, definition=t.definition)
                           for t in used]
        if self.findings:
            tip += ["", findings_tooltip(self.findings)]
        if self.open_comments:
            tip += ["", marker_tooltip(self.open_comments)]
        return "\n".join(tip)

    # -- geometry ----------------------------------------------------------------------

    def size(self) -> tuple[float, float]:
        if self._layout is None:  # asked by Qt while the card is added, before sync()
            return least_card_size(self.kind)
        return self._layout.width, self._layout.height

    def shape(self) -> QPainterPath:
        path = QPainterPath(self.outline)
        if self._hovered:  # the connect handles stick out of the card
            for point in self.connect_handles():
                path.addEllipse(point, HANDLE_RADIUS + 2, HANDLE_RADIUS + 2)
        return path

    def card_rect(self) -> QRectF:
        """The card's rectangle in scene coordinates."""
        width, height = self.size()
        return QRectF(self.scenePos(), QSizeF(width, height))

    def box(self) -> tuple[float, float, float, float]:
        """The card's (left, top, right, bottom) in scene coordinates, as plain floats."""
        width, height = self.size()
        x, y = self.scenePos().toTuple()  # (its own pos is in its lane: see LaneItem.cards)
        return x, y, x + width, y + height

    def connect_handles(self) -> list[QPointF]:
        width, height = self.size()
        return [
            QPointF(width / 2, 0),
            QPointF(width, height / 2),
            QPointF(width / 2, height),
            QPointF(0, height / 2),
        ]

    def is_resize_grip(self, scene_point: QPointF) -> bool:
        """True on the bottom-right handle of a selected card: a drag there resizes it."""
        if not self.isSelected():
            return False
        width, height = self.size()
        return (self.mapFromScene(scene_point) - QPointF(width, height)).manhattanLength() <= RESIZE_GRIP

    def is_connect_zone(self, scene_point: QPointF) -> bool:
        """True near a connect handle or the card's edge: a press there starts a handoff."""
        local = self.mapFromScene(scene_point)
        for handle in self.connect_handles():
            if (handle - local).manhattanLength() <= CONNECT_ZONE + HANDLE_RADIUS:
                return True
        width, height = self.size()
        if self.kind == "decision":
            return False  # a diamond's edges are slanted: only its handles connect
        inner = QRectF(CONNECT_ZONE, CONNECT_ZONE, width - 2 * CONNECT_ZONE, height - 2 * CONNECT_ZONE)
        return self.outline.contains(local) and not inner.contains(local)

    def set_find_match(self, on: bool) -> None:
        if on != self.find_match:
            self.find_match = on
            self.scene().miniature.mark(self)
            self.update()

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.scene().miniature.mark(self)
        self.update()

    def marker_rect(self) -> QRectF:
        """Where its comment marker goes, in scene coordinates (see CommentMarked)."""
        return card_marker_rect(self.kind, self.size()[0], self.open_comments).translated(self.scenePos())

    def set_drop_target(self, on: bool) -> None:
        if on != self._drop_target:
            self._drop_target = on
            self.update()

    # -- events ------------------------------------------------------------------------

    def hoverEnterEvent(self, event):
        self.prepareGeometryChange()
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event):
        self.prepareGeometryChange()
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def hoverMoveEvent(self, event):
        if self.is_resize_grip(event.scenePos()):
            self.setCursor(Qt.CursorShape.SizeFDiagCursor)
        elif self.is_connect_zone(event.scenePos()):
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.setCursor(Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    # -- painting ----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None):
        scene = self.scene()
        theme = scene.theme
        touchpoint = self.touchpoint
        path = self.outline
        layout = self._layout
        selected = bool(option.state & QStyle.StateFlag.State_Selected) and not scene.exporting
        detail = option.levelOfDetailFromTransform(painter.worldTransform())

        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if (self._hovered or self._drop_target) and not scene.exporting:
            glow = QColor(ACCENT)
            glow.setAlpha(150 if self._drop_target else 60)
            painter.strokePath(path, QPen(glow, 6))
        if self.find_match and not scene.exporting:
            painter.strokePath(path, QPen(QColor(FIND_HIGHLIGHT), 8))
        critical = scene.timing.marks(self.touchpoint_id) and not scene.exporting
        painter.fillPath(path, self.fill(critical))

        if detail >= DETAIL_THRESHOLD:
            self._paint_review_stripe(painter, path, touchpoint.review.status)
            self._paint_label(painter, theme, layout, option.exposedRect)
            owner_shown = self.owner_text(touchpoint)
            self._paint_owner(painter, theme, touchpoint, layout, owner_shown)
            if touchpoint.channel:
                self._paint_channel(painter, touchpoint.channel, theme.muted_text.name(),
                                    icon_top_left(layout, bool(owner_shown)))
            for mark, rect in zip(touchpoint.marks, self.mark_rects()):
                paint_mark(painter, mark, rect)

        painter.setBrush(Qt.BrushStyle.NoBrush)
        if selected:
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.drawPath(path)
            self._paint_selection_handles(painter)
        elif critical:
            painter.setPen(QPen(QColor(CRITICAL_COLOUR), 3))
            painter.drawPath(path)
        else:
            painter.setPen(QPen(theme.card_border, 1))
            painter.drawPath(path)
        if self._hovered and not scene.exporting and detail >= DETAIL_THRESHOLD:
            self._paint_connect_handles(painter, theme)
        if self.findings and scene.show_badges:
            self._paint_badge(painter)
        if self.open_comments and not scene.exporting:
            paint_marker(painter, card_marker_rect(self.kind, self.size()[0], self.open_comments), self.open_comments)

    def fill(self, critical: bool = False) -> QColor:
        """The card's fill: its kind's, tinted by the scorecard, by review status, or as on
        the critical path (`critical`), the first of these that is on. The scorecard wins: a
        green of "approved" beside a green of "on target" would mislead; the review status
        still shows in the stripe, the critical path in the border."""
        scene = self.scene()
        fill = scene.theme.card_fill(self.kind)
        if scene.scorecard:
            return tinted(fill, self.touchpoint)
        if scene.review_mode:
            return mix(fill, REVIEW_COLOURS[self.touchpoint.review.status], 0.38)
        if critical:
            return mix(fill, CRITICAL_COLOUR, 0.16)
        return fill

    def _paint_badge(self, painter: QPainter):
        corner = QPointF(*card_badge_centre(self.kind, self.size()[0]))
        severities = [severity for severity, _message in self.findings]
        severity = most_severe(severities)
        paint_badge(painter, corner, severity, severities.count(severity))

    def _paint_review_stripe(self, painter: QPainter, path: QPainterPath, status: str):
        width, height = self.size()
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(QRectF(0, 0, stripe_width(self.kind, width), height), QColor(stripe_colour(status)))
        painter.restore()

    def _paint_label(self, painter: QPainter, theme, layout: CardLayout, exposed: QRectF):
        """Every line of the label, each centred: nothing is cut or elided. Lines wholly
        outside `exposed` are left out: a tile of a card with a 100 kB label draws its part."""
        lines = layout.lines
        font = canvas_font(LABEL_PX)
        if lines:
            painter.setPen(theme.text)
        else:
            lines = (no_label_text(),)
            font.setItalic(True)
            painter.setPen(theme.muted_text)
        painter.setFont(font)
        baseline = layout.label_top + ascent(LABEL_PX)
        first, last = 0, len(lines)
        if not exposed.isEmpty():
            first = max(first, math.floor((exposed.top() - layout.label_top) / layout.line_height) - 1)
            last = min(last, math.ceil((exposed.bottom() - layout.label_top) / layout.line_height) + 1)
        for number in range(first, last):
            baseline_here = baseline + number * layout.line_height
            paint_centred_text(painter, layout.label_centre, baseline_here, lines[number], LABEL_PX)

    def owner_text(self, touchpoint) -> str | None:
        """The owner's name as the footer row shows it; None when it shows the chip (see
        owner_row_text)."""
        scene = self.scene()
        owner = scene.document.person(touchpoint.owner) if touchpoint.owner else None
        if owner is None or not scene.owner_names or scene.in_customer_lane(touchpoint):
            return None
        return owner_row_text(owner, len(touchpoint.marks), self._layout.owner[2])

    def mark_rects(self) -> tuple[QRectF, ...]:
        """Where the card's marks are drawn, in item coordinates (see mark_glyph)."""
        touchpoint = self.touchpoint
        return mark_rects(self._layout, tuple(touchpoint.marks), self.owner_text(touchpoint), bool(touchpoint.channel))

    def _paint_owner(self, painter: QPainter, theme, touchpoint, layout: CardLayout, shown: str | None):
        """The owner's name when the row `shown` names them, else the initials chip."""
        scene = self.scene()
        if scene.in_customer_lane(touchpoint):
            return  # the customer's own actions have no owner
        owner = scene.document.person(touchpoint.owner) if touchpoint.owner else None
        if shown is not None:
            left, baseline, _room = layout.owner
            painter.setFont(canvas_font(OWNER_PX))
            painter.setPen(theme.muted_text)
            painter.drawText(QPointF(left, baseline), shown)
            return
        centre = QPointF(*layout.chip)
        radius = CHIP_RADIUS
        if owner is None:
            pen = QPen(theme.muted_text, 1, HOLLOW_CHIP_DASHES)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius, radius)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(CHIP_FILL)))
        painter.drawEllipse(centre, radius, radius)
        painter.setFont(canvas_font(INITIALS_PX, bold=True))
        painter.setPen(QColor("#ffffff"))
        paint_centred_text(painter, centre.x(), centre.y() + INITIALS_DROP, initials(owner.name), INITIALS_PX, bold=True)

    def _paint_channel(self, painter: QPainter, channel: str, ink: str, top_left: tuple[float, float]):
        rect = QRectF(QPointF(*top_left), QSizeF(ICON, ICON))
        try:
            _channel_renderer(channel, ink).render(painter, rect)
        except KeyError:
            pass  # a channel without an icon still shows in the tooltip

    def _paint_selection_handles(self, painter: QPainter):
        width, height = self.size()
        painter.setPen(QPen(QColor(ACCENT), 1))
        painter.setBrush(QColor("#ffffff"))
        for x, y in ((0, 0), (width, 0), (0, height)):
            painter.drawRect(QRectF(x - 3, y - 3, 6, 6))
        # The resize handle, larger and filled: drag it to make the card larger.
        painter.setBrush(QColor(ACCENT))
        painter.drawRect(QRectF(width - 4, height - 4, 8, 8))

    def _paint_connect_handles(self, painter: QPainter, theme):
        painter.setPen(QPen(QColor(ACCENT), 1.2))
        painter.setBrush(theme.base)
        for point in self.connect_handles():
            painter.drawEllipse(point, HANDLE_RADIUS, HANDLE_RADIUS)

