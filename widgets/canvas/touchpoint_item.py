"""A touchpoint card on the canvas: shape by kind, wrapped label, owner chip, channel icon."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem

from models.geometry import card_size
from resources.icons import svg_data
from widgets.canvas.badge import findings_tooltip, most_severe, paint_badge
from widgets.canvas.style import (
    ACCENT,
    FIND_HIGHLIGHT,
    DETAIL_THRESHOLD,
    REVIEW_COLOURS,
    label_font,
    mix,
    review_status_name,
)

MAX_LABEL_LINES = 3
HANDLE_RADIUS = 4.5
CONNECT_ZONE = 9.0  # how close to a card's edge a press starts a connection
FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable


@lru_cache(maxsize=None)
def card_path(kind: str) -> QPainterPath:
    """The outline of a card of `kind` with its top-left corner at (0, 0); shared, so
    copy it before changing it."""
    width, height = card_size(kind)
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
    elif kind in ("start", "end"):
        path.addRoundedRect(QRectF(0, 0, width, height), height / 2, height / 2)
    else:
        path.addRoundedRect(QRectF(0, 0, width, height), 8, 8)
    return path


def initials(name: str) -> str:
    parts = [part for part in name.replace("-", " ").split() if part[:1].isalnum()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


def wrap_label(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Word-wrap `text` into at most `max_lines` lines; the last one elided if it overflows."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


@lru_cache(maxsize=None)
def _label_font(kind: str) -> QFont:
    """Shared: copy it before changing it."""
    return label_font(9.0 if kind == "decision" else 10.0)


@lru_cache(maxsize=None)
def _label_metrics(kind: str) -> QFontMetricsF:
    return QFontMetricsF(_label_font(kind))


@lru_cache(maxsize=None)
def _channel_renderer(channel: str, ink: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(svg_data(f"channel-{channel}", ink)))


class TouchpointItem(QGraphicsItem):
    """Holds a touchpoint id; reads the data it paints from the scene's document."""

    def __init__(self, touchpoint_id: str):
        super().__init__()
        self.touchpoint_id = touchpoint_id
        self.kind = "step"
        self.lane = ""  # the department it is placed in, set by the scene
        self._hovered = False
        self._drop_target = False  # a handoff being dragged would land here
        self.find_match = False  # matches the text in the find bar
        self._wrapped: tuple[tuple[str, str], list[str]] | None = None  # see _label_lines
        self.findings: list[tuple[str, str]] = []  # (severity, message), not ignored
        self.setFlags(FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(10)

    # -- data --------------------------------------------------------------------------

    @property
    def touchpoint(self):
        return self.scene().document.touchpoint(self.touchpoint_id)

    def sync(self) -> None:
        """Take the kind from the model and repaint."""
        kind = self.touchpoint.kind
        if kind != self.kind:
            self.prepareGeometryChange()
            self.kind = kind
            self.scene().miniature.invalidate()
        self.update()

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
        if self.findings:
            tip += ["", findings_tooltip(self.findings)]
        return "\n".join(tip)

    # -- geometry ----------------------------------------------------------------------

    def size(self) -> tuple[float, float]:
        return card_size(self.kind)

    def boundingRect(self) -> QRectF:
        width, height = self.size()
        margin = 6.0  # selection outline, hover glow and connect handles
        # The badge sticks out at the top right, with its count.
        return QRectF(-margin, -12, width + margin + 30, height + margin + 12)

    def shape(self) -> QPainterPath:
        path = QPainterPath(card_path(self.kind))
        if self._hovered:  # the connect handles stick out of the card
            for point in self.connect_handles():
                path.addEllipse(point, HANDLE_RADIUS + 2, HANDLE_RADIUS + 2)
        return path

    def card_rect(self) -> QRectF:
        """The card's rectangle in scene coordinates."""
        width, height = self.size()
        return QRectF(self.pos(), QSizeF(width, height))

    def box(self) -> tuple[float, float, float, float]:
        """The card's (left, top, right, bottom) in scene coordinates, as plain floats."""
        width, height = card_size(self.kind)
        position = self.pos()
        x, y = position.x(), position.y()
        return x, y, x + width, y + height

    def connect_handles(self) -> list[QPointF]:
        width, height = self.size()
        return [
            QPointF(width / 2, 0),
            QPointF(width, height / 2),
            QPointF(width / 2, height),
            QPointF(0, height / 2),
        ]

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
        return card_path(self.kind).contains(local) and not inner.contains(local)

    def set_find_match(self, on: bool) -> None:
        if on != self.find_match:
            self.find_match = on
            self.scene().miniature.mark(self)
            self.update()

    def set_findings(self, findings: list[tuple[str, str]]) -> None:
        self.findings = findings
        self.scene().miniature.mark(self)
        self.update()

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
        if self.is_connect_zone(event.scenePos()):
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.setCursor(Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    # -- painting ----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None):
        scene = self.scene()
        theme = scene.theme
        touchpoint = self.touchpoint
        path = card_path(self.kind)
        selected = bool(option.state & QStyle.StateFlag.State_Selected) and not scene.exporting
        detail = option.levelOfDetailFromTransform(painter.worldTransform())

        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if (self._hovered or self._drop_target) and not scene.exporting:
            glow = QColor(ACCENT)
            glow.setAlpha(150 if self._drop_target else 60)
            painter.strokePath(path, QPen(glow, 6))
        if self.find_match and not scene.exporting:
            painter.strokePath(path, QPen(QColor(FIND_HIGHLIGHT), 8))
        if scene.review_mode:
            fill = mix(theme.card_fill(self.kind), REVIEW_COLOURS[touchpoint.review.status], 0.38)
        else:
            fill = theme.card_fill(self.kind)
        painter.fillPath(path, fill)

        if detail >= DETAIL_THRESHOLD:
            self._paint_review_stripe(painter, path, touchpoint.review.status)
            self._paint_label(painter, theme, touchpoint.label)
            self._paint_owner_chip(painter, theme, touchpoint)
            if touchpoint.channel:
                self._paint_channel(painter, touchpoint.channel, theme.muted_text.name())

        painter.setBrush(Qt.BrushStyle.NoBrush)
        if selected:
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.drawPath(path)
            self._paint_selection_handles(painter)
        else:
            painter.setPen(QPen(theme.card_border, 1))
            painter.drawPath(path)
        if self._hovered and not scene.exporting and detail >= DETAIL_THRESHOLD:
            self._paint_connect_handles(painter, theme)
        if self.findings and scene.show_badges:
            self._paint_badge(painter)

    def _paint_badge(self, painter: QPainter):
        width, _height = self.size()
        corner = QPointF(width * 0.75, 4) if self.kind == "decision" else QPointF(width - 4, 2)
        severities = [severity for severity, _message in self.findings]
        severity = most_severe(severities)
        paint_badge(painter, corner, severity, severities.count(severity))

    def _paint_review_stripe(self, painter: QPainter, path: QPainterPath, status: str):
        width, height = self.size()
        painter.save()
        painter.setClipPath(path)
        stripe = 4.0 if self.kind != "decision" else 14.0
        painter.fillRect(QRectF(0, 0, stripe, height), QColor(REVIEW_COLOURS.get(status, "#9e9e9e")))
        painter.restore()

    def _label_rect(self) -> QRectF:
        width, height = self.size()
        if self.kind == "decision":
            return QRectF(width * 0.2, height * 0.18, width * 0.6, height * 0.5)
        if self.kind in ("start", "end"):
            return QRectF(height / 2 - 6, 4, width - height + 12, height - 20)
        return QRectF(12, 5, width - 22, height - 24)

    def _label_lines(self, label: str) -> list[str]:
        """The label wrapped to the card, kept until the label or the kind changes."""
        key = (label, self.kind)
        if self._wrapped is None or self._wrapped[0] != key:
            rect = self._label_rect()
            metrics = _label_metrics(self.kind)
            max_lines = max(1, min(MAX_LABEL_LINES, int(rect.height() // metrics.lineSpacing())))
            lines = wrap_label(label, metrics, rect.width(), max_lines) if label.strip() else []
            self._wrapped = (key, lines)
        return self._wrapped[1]

    def _paint_label(self, painter: QPainter, theme, label: str):
        rect = self._label_rect()
        font = QFont(_label_font(self.kind))
        metrics = _label_metrics(self.kind)
        lines = self._label_lines(label)
        painter.setFont(font)
        if not lines:
            painter.setPen(theme.muted_text)
            font.setItalic(True)
            painter.setFont(font)
            lines = [QCoreApplication.translate("TouchpointItem", "No label")]
        else:
            painter.setPen(theme.text)
        block = len(lines) * metrics.lineSpacing()
        top = rect.top() + max(0.0, (rect.height() - block) / 2)
        for number, line in enumerate(lines):
            line_rect = QRectF(rect.left(), top + number * metrics.lineSpacing(), rect.width(), metrics.lineSpacing())
            painter.drawText(line_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, line)

    def _chip_centre(self) -> QPointF:
        width, height = self.size()
        if self.kind == "decision":
            return QPointF(width / 2 - 11, height - 19)
        if self.kind in ("start", "end"):
            return QPointF(height / 2 - 2, height - 13)
        return QPointF(17, height - 12)

    def _paint_owner_chip(self, painter: QPainter, theme, touchpoint):
        scene = self.scene()
        if scene.in_customer_lane(touchpoint):
            return  # the customer's own actions have no owner
        centre = self._chip_centre()
        radius = 8.5
        owner = scene.document.person(touchpoint.owner) if touchpoint.owner else None
        if owner is None:
            pen = QPen(theme.muted_text, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius, radius)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor("#455a64")))
        painter.drawEllipse(centre, radius, radius)
        font = label_font(6.5, bold=True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
            Qt.AlignmentFlag.AlignCenter,
            initials(owner.name),
        )

    def _paint_channel(self, painter: QPainter, channel: str, ink: str):
        width, height = self.size()
        size = 13.0
        if self.kind == "decision":
            rect = QRectF(width / 2 + 3, height - 26, size, size)
        elif self.kind in ("start", "end"):
            rect = QRectF(width - height / 2 - size + 2, height - 19, size, size)
        else:
            rect = QRectF(width - size - 8, height - size - 5, size, size)
        try:
            _channel_renderer(channel, ink).render(painter, rect)
        except KeyError:
            pass  # a channel without an icon still shows in the tooltip

    def _paint_selection_handles(self, painter: QPainter):
        width, height = self.size()
        painter.setPen(QPen(QColor(ACCENT), 1))
        painter.setBrush(QColor("#ffffff"))
        for x, y in ((0, 0), (width, 0), (0, height), (width, height)):
            painter.drawRect(QRectF(x - 3, y - 3, 6, 6))

    def _paint_connect_handles(self, painter: QPainter, theme):
        painter.setPen(QPen(QColor(ACCENT), 1.2))
        painter.setBrush(theme.base)
        for point in self.connect_handles():
            painter.drawEllipse(point, HANDLE_RADIUS, HANDLE_RADIUS)
