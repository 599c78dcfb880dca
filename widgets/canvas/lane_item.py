"""A department's swimlane: a full-width band with a header column.

Only the header takes clicks (select, drag to reorder, double-click to rename), so
presses on the band fall through to the canvas for rubber-band selection and
double-click-to-add.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyle

from models.geometry import LANE_NAME_PX, LANE_ROLE_PX, lane_header
from models.text import ascent, line_height
from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.comment_marker import CommentMarked, lane_marker_rect, marker_area, marker_tooltip, paint_marker
from widgets.canvas.scorecard import paint_lane_score
from widgets.canvas.style import ACCENT, DETAIL_THRESHOLD, HEADER_WIDTH, ROLE_NAMES, canvas_font, role_name


#: The room lane_header leaves under the role (its last term).
HEADER_BOTTOM_PADDING = 12
HEADER_TEXT_LEFT = 12.0  # the name and role, from the header's left edge
SEPARATOR_WIDTH = 1.0  # the lines under a lane and right of its header
CARDS_Z = 10  # the cards' layer: above the lanes (-10), the blueprint lines and the routes (0)
#: Round a lane's band, what its cards may paint outside it (their selection outline,
#: badge and comment marker: see touchpoint_item._bounds).
CARDS_MARGIN = 40.0


class HeaderText(NamedTuple):
    """A lane header's text, relative to the header's top-left corner: the name's lines in
    bold (LANE_NAME_PX) and the role under them in small capitals (LANE_ROLE_PX)."""

    left: float
    lines: tuple[str, ...]
    baselines: tuple[float, ...]
    role: str
    role_baseline: float


def header_text(department) -> HeaderText:
    """What a lane's header column says and where: the canvas and the SVG export draw it."""
    name = department.name or QCoreApplication.translate("LaneItem", "(unnamed)")
    lines, _height = lane_header(name)
    step = line_height(LANE_NAME_PX, bold=True)
    first = 10 + ascent(LANE_NAME_PX, bold=True)
    baselines = tuple(first + number * step for number in range(len(lines)))
    role_baseline = first + (len(lines) - 1) * step + 2 + line_height(LANE_ROLE_PX)  # under the last line
    # Upper case at a small size rather than Qt's small caps, which SVG cannot carry.
    role = role_name(department.role) if department.role in ROLE_NAMES else department.role
    return HeaderText(HEADER_TEXT_LEFT, lines, baselines, role.upper(), role_baseline)


def badge_centre(header: QRectF) -> QPointF:
    """Where a lane's finding badge goes: the header's top-right corner."""
    return QPointF(header.right() - 14, header.top() + 14)


class LaneItem(QGraphicsItem, CommentMarked):
    def __init__(self, department_id: str):
        super().__init__()
        self.department_id = department_id
        self.rect = QRectF()
        self.alternate = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-10)
        self._drag_start: QPointF | None = None
        self.findings: Sequence[tuple[str, str]] = ()  # (severity, message), not ignored
        self.score_words_shown = False  # the scorecard's "3 of 4 on target" fitted, last paint
        #: The parent of the lane's cards, at the lane's top: when lanes are stacked again,
        #: a lane that moves takes its cards along in one call (placing the 9,000 cards
        #: below a lane that grew, one by one, held a 20,000-card editor 60 ms). Its rect
        #: holds what they paint, so Qt's spatial index keeps the lane's cards as one
        #: entry, and looks for them only within it (moving 9,000 cards in the index took
        #: about 4 ms more). It draws nothing and takes no click, and lies above the routes
        #: as the cards do (the lane lies below them). The scene adds it and takes it out
        #: with the lane, and makes it hold a card dragged out of the lane (hold_card).
        self.cards = QGraphicsRectItem()
        self.cards.setPen(Qt.PenStyle.NoPen)
        self.cards.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.cards.setFlag(QGraphicsItem.GraphicsItemFlag.ItemContainsChildrenInShape)
        self.cards.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.cards.setZValue(CARDS_Z)

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.update()

    def marker_rect(self) -> QRectF:
        """Where its comment marker goes, in scene coordinates (see CommentMarked)."""
        return lane_marker_rect(self.header_rect(), self.open_comments)

    def tooltip(self) -> str:
        """Built when the pointer rests on the header (see ChainScene.helpEvent)."""
        tip = QCoreApplication.translate(
            "LaneItem", "{department}: drag the header to reorder, double-click to rename"
        ).format(department=self.department.name)
        scene = self.scene()
        score = scene.lane_score(self.department_id) if scene.scorecard else None
        if score is not None:
            tip += "\n" + score.summary()
        if self.findings:
            tip += "\n\n" + findings_tooltip(self.findings)
        if self.open_comments:
            tip += "\n\n" + marker_tooltip(self.open_comments)
        return tip

    @property
    def department(self):
        return self.scene().document.department(self.department_id)

    def set_geometry(self, rect: QRectF, alternate: bool) -> None:
        """Its band (in the scene) and shade; a lane that keeps both is not painted again."""
        if rect == self.rect and alternate == self.alternate:
            return
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = QRectF(rect)
            if self.cards.y() != rect.top():
                self.cards.setPos(0, rect.top())
            margin = CARDS_MARGIN
            self.cards.setRect(rect.left() - margin, -margin, rect.width() + 2 * margin, rect.height() + 2 * margin)
        self.alternate = alternate
        self.update()

    def hold_card(self, card: QGraphicsItem) -> None:
        """Grow the carrier's rect to hold all of `card`, one of its cards, which is
        dragged or resized beyond it: else Qt would neither paint nor find it there. It
        stays so until the lane's band changes (a larger rect only has Qt look a little
        further for the lane's cards)."""
        needed = card.mapRectToParent(card.boundingRect())
        if not self.cards.rect().contains(needed):
            self.cards.setRect(self.cards.rect().united(needed))

    def header_rect(self) -> QRectF:
        return QRectF(self.rect.left(), self.rect.top(), HEADER_WIDTH, self.rect.height())

    def boundingRect(self) -> QRectF:
        return self.rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.header_rect())
        return path

    def paint(self, painter: QPainter, option, widget=None):
        scene = self.scene()
        theme = scene.theme
        department = self.department
        band = QRectF(self.rect)
        painter.fillRect(band, theme.lane_fill(department.role, department.color, self.alternate))
        header = self.header_rect()
        painter.fillRect(header, theme.header_fill(department.role, department.color))

        painter.setPen(QPen(theme.lane_separator, SEPARATOR_WIDTH))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        painter.drawLine(header.topRight(), header.bottomRight())

        # Zoomed far out the view draws the lane names itself, at a readable size.
        if option.levelOfDetailFromTransform(painter.worldTransform()) >= DETAIL_THRESHOLD:
            self._paint_header_text(painter, theme, department, header)
            score = scene.lane_score(self.department_id) if scene.scorecard else None
            if score is not None:
                text_bottom = header.top() + lane_header(department.name)[1] - HEADER_BOTTOM_PADDING
                marker = self.comment_marker_rect() if not scene.exporting else None
                self.score_words_shown = paint_lane_score(
                    painter, theme, header, text_bottom, score, marker_area(marker) if marker is not None else None)
        if self.findings and scene.show_badges:
            severities = [severity for severity, _message in self.findings]
            severity = most_severe(severities)
            paint_badge(painter, badge_centre(header), severity, 1)
        if self.open_comments and not scene.exporting:
            paint_marker(painter, lane_marker_rect(header, self.open_comments), self.open_comments)
        if option.state & QStyle.StateFlag.State_Selected and not scene.exporting:
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(header.adjusted(1, 1, -1, -1))

    def _paint_header_text(self, painter: QPainter, theme, department, header: QRectF) -> None:
        """The name, wrapped to the header column (the lane is tall enough for all of it),
        and the role under it."""
        text = header_text(department)
        painter.setFont(canvas_font(LANE_NAME_PX, bold=True))
        painter.setPen(theme.text)
        for line, baseline in zip(text.lines, text.baselines):
            painter.drawText(QPointF(header.left() + text.left, header.top() + baseline), line)
        painter.setFont(canvas_font(LANE_ROLE_PX))
        painter.setPen(theme.muted_text)
        painter.drawText(QPointF(header.left() + text.left, header.top() + text.role_baseline), text.role)

    # -- drag the header to reorder -----------------------------------------------------

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = event.scenePos()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._drag_start is not None:
            self.scene().show_lane_drop_marker(self.department_id, event.scenePos().y())
        event.accept()

    def mouseReleaseEvent(self, event):
        start, self._drag_start = self._drag_start, None
        self.unsetCursor()
        scene = self.scene()
        scene.hide_lane_drop_marker()
        super().mouseReleaseEvent(event)
        if start is not None and abs(event.scenePos().y() - start.y()) > 6:
            scene.request_lane_move(self.department_id, event.scenePos().y())

    def mouseDoubleClickEvent(self, event):
        self.scene().request_lane_rename(self.department_id)
        event.accept()
