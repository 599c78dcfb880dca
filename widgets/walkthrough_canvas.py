"""The walkthrough's canvas: a second, read-only view on the editor's scene.

It shows exactly what the editor draws, centred on the current card and enlarged, the
rest dimmed (painted over in the foreground, so the scene and the editor's view are not
touched); at a choice it frames the card with its branches, numbered as the panel numbers
them. It glides from card to card. Clicks and double-clicks are signalled to the
walkthrough (widgets/walkthrough.py), which decides what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPalette, QPen, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsView

from widgets.canvas.active_scene import ActiveSceneView
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import ACCENT
from widgets.canvas.touchpoint_item import TouchpointItem

#: The current card is enlarged to at least this zoom (and at most the next).
LEAST_ZOOM, MOST_ZOOM = 1.25, 2.5
#: The current card takes about this share of the canvas's width or height.
CARD_SHARE = 0.3
#: How long the canvas takes to glide to the next card, in milliseconds.
GLIDE_MS = 300
#: At a choice the canvas may zoom out this far, so that the branches show with their numbers.
LEAST_CHOICE_ZOOM = 0.6
#: Room round a card and its branches when they are framed together, in scene pixels.
BRANCH_MARGIN = 40


class PresenterCanvas(ActiveSceneView):
    """A second, read-only view on the editor's scene, centred on one card and dimming the rest."""

    #: A card was clicked; carries its touchpoint id.
    card_clicked = Signal(str)
    #: The canvas was double-clicked (full screen on or off).
    double_clicked = Signal()

    def __init__(self, scene: ChainScene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("walkthroughCanvas")
        self.setAccessibleName(self.tr("Walkthrough canvas"))
        self.setInteractive(False)  # nothing on it can be moved or selected
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)  # the dimming spans it all
        self.focus_id: str | None = None
        self.targets: list[str] = []  # the ways on, numbered on the canvas
        self._branches: list[str] = []
        self._centre = QPointF()
        self._zoom = 1.0
        self._glide = QVariantAnimation(self)
        self._glide.setDuration(GLIDE_MS)
        self._glide.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._glide.setStartValue(0.0)
        self._glide.setEndValue(1.0)
        self._glide.valueChanged.connect(self._glide_step)
        self._glide_from = (QPointF(), 1.0)

    @property
    def chain_scene(self) -> ChainScene:
        return self.scene()

    def zoom(self) -> float:
        return self.transform().m11()

    def focus(self, touchpoint_id: str, targets: list[str], branches: list[str] = (), glide: bool = True) -> None:
        """Light the card among the dimmed rest, with its ways on (`targets`) outlined.

        Without `branches` the card is centred and enlarged; with them (a choice), the
        card and its branches are framed together, so the room sees where each leads.
        """
        self.focus_id, self.targets, self._branches = touchpoint_id, list(targets), list(branches)
        card = self._card_rect(touchpoint_id)
        if card is None:
            return
        viewport = self.viewport().rect()
        zoom = min(CARD_SHARE * viewport.width() / card.width(), CARD_SHARE * viewport.height() / card.height())
        zoom = max(LEAST_ZOOM, min(MOST_ZOOM, zoom))
        centre = card.center()
        group = card
        for target in branches:
            rect = self._card_rect(target)
            if rect is not None:
                group = group.united(rect)
        if group != card:
            group = group.adjusted(-BRANCH_MARGIN, -BRANCH_MARGIN, BRANCH_MARGIN, BRANCH_MARGIN)
            fit = min(viewport.width() / group.width(), viewport.height() / group.height())
            zoom = max(LEAST_CHOICE_ZOOM, min(zoom, fit))
            centre = group.center()
        # Room round the chain, so that a card at its edge can be centred too.
        margin = max(viewport.width(), viewport.height()) / LEAST_ZOOM
        self.setSceneRect(self.chain_scene.content_rect().adjusted(-margin, -margin, margin, margin))
        self._glide.stop()
        if glide and self.isVisible() and GLIDE_MS > 0:
            self._glide_from = (self._centre, self._zoom)
            self._centre, self._zoom = centre, zoom
            self._glide.start()
        else:
            self._centre, self._zoom = centre, zoom
            self._show(centre, zoom)

    def finish_glide(self) -> None:
        if self._glide.state() == QVariantAnimation.State.Running:
            self._glide.stop()
        self._show(self._centre, self._zoom)

    def gliding(self) -> bool:
        return self._glide.state() == QVariantAnimation.State.Running

    def _glide_step(self, progress: float) -> None:
        start, start_zoom = self._glide_from
        centre = start + (self._centre - start) * progress
        self._show(centre, start_zoom + (self._zoom - start_zoom) * progress)

    def _show(self, centre: QPointF, zoom: float) -> None:
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(centre)
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.focus_id is not None:
            self.focus(self.focus_id, self.targets, self._branches, glide=False)

    def _card_rect(self, touchpoint_id: str) -> QRectF | None:
        item = self.chain_scene.touchpoint_items.get(touchpoint_id)
        return item.card_rect() if item is not None else None

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        card = self._card_rect(self.focus_id) if self.focus_id else None
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        targets = [(number, self._card_rect(id)) for number, id in enumerate(self.targets, 1)]
        targets = [(number, target) for number, target in targets if target is not None]
        lit = QPainterPath()
        for shown in [card] + [target for _number, target in targets]:
            lit.addRoundedRect(shown.adjusted(-10, -10, 10, 10), 12, 12)
        dim = QPainterPath()
        dim.addRect(rect.adjusted(-2, -2, 2, 2))
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillPath(dim.subtracted(lit.simplified()), QColor(base.red(), base.green(), base.blue(), 150))
        accent = QColor(ACCENT)
        outline = QPen(accent, 5)
        outline.setCosmetic(True)  # as thick at any zoom
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(card.adjusted(-8, -8, 8, 8), 12, 12)
        if len(targets) > 1:  # the numbers the room chooses by
            dashed = QPen(accent, 3, Qt.PenStyle.DashLine)
            dashed.setCosmetic(True)
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(18)
            painter.setFont(font)
            for number, target in targets:
                painter.setPen(dashed)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(target.adjusted(-8, -8, 8, 8), 12, 12)
                badge = QRectF(target.left() - 22, target.top() - 22, 30, 30)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(accent))
                painter.drawEllipse(badge)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(number))
        painter.restore()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            for item in self.items(event.position().toPoint()):
                if isinstance(item, TouchpointItem):
                    self.card_clicked.emit(item.touchpoint_id)
                    break
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:
        self.double_clicked.emit()
        event.accept()

    def wheelEvent(self, event) -> None:
        event.accept()  # the walk places the canvas; scrolling it away would lose the card
