"""The canvas view: zoom, pan, selection, drag to move or connect, in-place editing."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsView

from app.document import EditRefused
from models.arrange import free_spot
from models.chain import MAX_CARD_SIDE, MAX_COORDINATE, Position, Size
from models.labels import fraction_at, point_along, route_length
from widgets.canvas.active_scene import ActiveSceneView
from widgets.canvas.handoff_item import HandoffItem
from widgets.canvas.inline_editor import InlineEditor
from widgets.canvas.lane_item import LaneItem
from widgets.canvas.pinned_lanes import PinnedLaneNames
from widgets.canvas.review_key import ReviewKey
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import (
    ACCENT,
    DETAIL_THRESHOLD,
    GRID,
    HEADER_WIDTH,
    NUDGE,
)
from models.geometry import least_card_size
from widgets.canvas.timing_overlay import TimingBanner
from widgets.canvas.touchpoint_item import TouchpointItem

MIN_ZOOM, MAX_ZOOM = 0.05, 4.0
ZOOM_STEP = 1.2
MAX_FIT_ZOOM = 1.5  # fitting a tiny chain does not blow it up beyond this
MINIATURE_ABOVE = 400  # touchpoints: painted one by one, more of them would miss the frame
FREE_SPOT_GAP = 40.0
HANDOFF_REACH = 7  # screen pixels: a click this near a handoff's line picks the handoff


class ChainView(ActiveSceneView):
    #: A sentence for the status bar: what just happened or why an edit was refused.
    status_message = Signal(str)
    #: The zoom factor changed (1.0 is 100%).
    zoom_changed = Signal(float)
    #: `.chain` files were dropped on the canvas; carries their paths.
    files_dropped = Signal(list)
    #: A comment marker was clicked; carries the id of the element it marks.
    comment_marker_clicked = Signal(str)

    def __init__(self, scene: ChainScene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("canvas")
        self.setAccessibleName(self.tr("Chain canvas"))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        # Every item's paint sets the pen, brush and hints it uses, so Qt need not save
        # and restore the painter around each of the hundreds painted in a frame.
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setAcceptDrops(True)
        self.insert_kind = "step"
        self.connect_mode = False
        self.snap_to_grid = False
        self._press_positions: dict[str, QPointF] = {}
        self._connect_source: str | None = None
        self._connect_target: TouchpointItem | None = None
        self._connect_line: QGraphicsPathItem | None = None
        self._pan_from: QPoint | None = None
        self._space_held = False
        self._resizing: tuple[TouchpointItem, tuple[float, float]] | None = None  # item, size at press
        self._label_drag: HandoffItem | None = None  # a "passes" pill being dragged along its route
        self._label_fraction: float | None = None
        scene.lane_rename_requested.connect(self.edit_lane_name)
        # The view scrolls over the canvas's extent, not the scene's own rect, which
        # stays larger and rarely changes (see scene.INDEX_ROOM).
        self.setSceneRect(scene.scroll_rect())
        scene.scroll_rect_changed.connect(self.setSceneRect)
        self.zoom_changed.connect(self._choose_detail)
        self._lane_names = PinnedLaneNames(self)
        self._review_key = ReviewKey(self)
        self._timing_banner = TimingBanner(self)
        self._pinned_width = 0  # screen pixels left of the viewport taken by the pinned names
        self._adjusting_margins = False
        self.zoom_changed.connect(self._update_pinned_names)
        self.horizontalScrollBar().valueChanged.connect(self._update_pinned_names)
        self.horizontalScrollBar().rangeChanged.connect(self._update_pinned_names)
        self.verticalScrollBar().valueChanged.connect(self._lane_names.update)
        self.zoom_changed.connect(self._lane_names.update)
        scene.review_mode_changed.connect(self._refit_margins)
        scene.timing.changed.connect(self._refit_margins)
        scene.document.departments_changed.connect(self._update_pinned_names)
        if scene.review_mode:
            self._refit_margins()

    @property
    def chain_scene(self) -> ChainScene:
        return self.scene()

    @property
    def document(self):
        return self.chain_scene.document

    # -- selection ---------------------------------------------------------------------

    def selected_touchpoints(self) -> list[str]:
        """The selected touchpoints, in file order."""
        ids = [i.touchpoint_id for i in self.scene().selectedItems() if isinstance(i, TouchpointItem)]
        if len(ids) < 2:
            return ids
        order = {t.id: i for i, t in enumerate(self.document.chain.touchpoints)}
        return sorted(ids, key=order.get)

    def selected_handoffs(self) -> list[str]:
        return [i.handoff_id for i in self.scene().selectedItems() if isinstance(i, HandoffItem)]

    def selected_lane(self) -> str | None:
        """The selected lane, or the lane of the first selected touchpoint."""
        for item in self.scene().selectedItems():
            if isinstance(item, LaneItem):
                return item.department_id
        touchpoints = self.selected_touchpoints()
        return self.document.touchpoint(touchpoints[0]).department if touchpoints else None

    def select(self, ids: list[str]) -> None:
        scene = self.chain_scene
        scene.clearSelection()
        for id in ids:
            item = scene.touchpoint_items.get(id) or scene.handoff_items.get(id) or scene.lane_items.get(id)
            if item is not None:
                item.setSelected(True)
        if ids and ids[0] in scene.touchpoint_items:
            scene.place_due_lanes()
            self.ensureVisible(scene.touchpoint_items[ids[0]].sceneBoundingRect(), 40, 40)

    # -- zoom and pan ------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float, anchor: QPoint | None = None) -> None:
        """Zoom to `zoom`, keeping the scene point under `anchor` (viewport) in place."""
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if anchor is None:
            anchor = self.viewport().rect().center()
        before = self.mapToScene(anchor)
        with self._margins_held():  # pinning waits for the new scroll position
            self.setTransform(QTransform.fromScale(zoom, zoom))
            after = self.mapFromScene(before)
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + after.x() - anchor.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + after.y() - anchor.y())
        self.zoom_changed.emit(self.zoom())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # Lanes far off screen that an edit moved may still wait to be placed over the
        # next turns (ChainScene._follow_lanes): place them before they come into view
        # (zooming scrolls too).
        self.chain_scene.place_due_lanes()
        super().scrollContentsBy(dx, dy)

    def centerOn(self, *target) -> None:
        """Centre on `target`; if that pins or unpins the lane names (which moves the
        viewport's edge), centre once more so the target really is in the middle."""
        pinned = self._pinned_width
        super().centerOn(*target)
        if self._pinned_width != pinned:
            with self._margins_held():  # the next scroll settles the names, without a jump
                super().centerOn(*target)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit_zoom(self) -> float:
        """The zoom at which the whole chain fits the canvas (pinned lane names, when the
        fit needs them, make it a little smaller); 1.0 for an empty chain."""
        rect = self.chain_scene.content_rect().adjusted(-20, -20, 20, 20)
        if rect.isEmpty():
            return 1.0
        width, height = self.viewport().width() + self._pinned_width, self.viewport().height()
        # 2% to spare: at a small zoom a scroll-bar step is several scene pixels, so the
        # centre may land a little off.
        return min(width / rect.width(), height / rect.height(), MAX_FIT_ZOOM / 0.98) * 0.98

    def zoom_to_fit(self) -> None:
        rect = self.chain_scene.content_rect().adjusted(-20, -20, 20, 20)
        if rect.isEmpty():
            return
        width, height = self.viewport().width() + self._pinned_width, self.viewport().height()
        zoom = self.fit_zoom()
        names = self._lane_names.needed_width()
        pinned = names and self._lane_names.pins(zoom, 0, names)  # the header column in sight
        if pinned:  # the names will sit beside the canvas: fit the lanes' content in the rest
            rect.setLeft(HEADER_WIDTH)
            zoom = min((width - names) / rect.width(), height / rect.height(), MAX_FIT_ZOOM / 0.98) * 0.98
        with self._margins_held():
            self.setTransform(QTransform.fromScale(zoom, zoom))
        self._update_pinned_names()
        self.centerOn(rect.center())
        if pinned and self._pinned_width:  # start at the lanes' content, right of the names
            self.horizontalScrollBar().setValue(math.ceil(HEADER_WIDTH * zoom))
        self.zoom_changed.emit(self.zoom())

    def wheelEvent(self, event):
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps, event.position().toPoint())
            event.accept()
        else:
            super().wheelEvent(event)

    def _choose_detail(self) -> None:
        """Zoomed out on a large chain, the scene is painted as a miniature (see
        canvas/miniature.py); a small chain keeps its card shapes and badges."""
        scene = self.chain_scene
        scene.set_miniature_mode(self.zoom() < DETAIL_THRESHOLD and len(scene.touchpoint_items) > MINIATURE_ABOVE)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        if self.chain_scene.miniature_mode:
            self.chain_scene.miniature.paint(painter, self.zoom())

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        if self._lane_names.isVisible():
            self._lane_names.update()  # lane heights and vertical scrolling move its bands

    # -- the pinned lane names and the review key, beside the viewport -------------------

    def _update_pinned_names(self, *_args) -> None:
        """Pin the lane names beside the canvas while the header column shows narrower
        than they need (scrolled away or zoomed out); unpin when it is back."""
        if self._adjusting_margins or self.scene() is None:  # None: the window is closing
            return
        width = self._lane_names.wanted_width(self._pinned_width)
        if width == self._pinned_width:
            return
        bar = self.horizontalScrollBar()
        unpinned_value = bar.value() - self._pinned_width
        with self._margins_held():
            self._pinned_width = width
            self._place_margins()
            bar.setValue(unpinned_value + width)  # the cards stay where they were on screen
        self.viewport().update()

    @contextlib.contextmanager
    def _margins_held(self):
        """No pinning or unpinning inside: the geometry is changing in several steps."""
        held, self._adjusting_margins = self._adjusting_margins, True
        try:
            yield
        finally:
            self._adjusting_margins = held

    def _place_margins(self) -> None:
        """Room beside the viewport for the pinned names (left) and the review key (below)."""
        review = self.chain_scene.review_mode
        key_height = self._review_key.needed_height(self.viewport().width() + self._pinned_width) if review else 0
        timing = self.chain_scene.timing.on
        banner_height = self._timing_banner.needed_height(self.viewport().width() + self._pinned_width) if timing else 0
        self.setViewportMargins(self._pinned_width, banner_height, 0, key_height)
        viewport = self.viewport().geometry()
        self._timing_banner.setVisible(timing)
        self._timing_banner.setGeometry(viewport.left() - self._pinned_width, viewport.top() - banner_height,
                                        viewport.width() + self._pinned_width, banner_height)
        self._timing_banner.update()
        self._lane_names.setVisible(self._pinned_width > 0)
        self._lane_names.setGeometry(viewport.left() - self._pinned_width, viewport.top(), self._pinned_width, viewport.height())
        self._review_key.setVisible(review)
        self._review_key.setGeometry(viewport.left() - self._pinned_width, viewport.bottom() + 1, viewport.width() + self._pinned_width, key_height)

    def _refit_margins(self, *_args) -> None:
        if self.scene() is None:
            return
        with self._margins_held():
            self._place_margins()
        self._update_pinned_names()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if not self._adjusting_margins:
            self._refit_margins()

    # -- mouse -------------------------------------------------------------------------

    def _touchpoint_at(self, point: QPoint) -> TouchpointItem | None:
        for item in self.items(point):
            if isinstance(item, TouchpointItem):
                return item
        return None

    def _handoff_near(self, point: QPoint) -> HandoffItem | None:
        """The handoff whose line passes nearest `point` (viewport), if within HANDOFF_REACH
        screen pixels at any zoom; None when a card is under the pointer (the card wins)."""
        if self._touchpoint_at(point) is not None:
            return None
        reach = HANDOFF_REACH
        area = QRect(point.x() - reach, point.y() - reach, 2 * reach + 1, 2 * reach + 1)
        scene_point = self.mapToScene(point)
        nearest, best = None, reach / self.zoom()
        for item in self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, HandoffItem):
                distance = item.distance_to(scene_point)
                if distance <= best:
                    nearest, best = item, distance
        return nearest

    def _pick_handoff(self, item: HandoffItem, modifiers) -> None:
        """Select a handoff clicked near its line, as a click on the line would."""
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            item.setSelected(not item.isSelected())
        else:
            self.scene().clearSelection()
            item.setSelected(True)

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.MiddleButton:
            self._start_pan(event.position().toPoint())
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and not self._space_held:
            item = self._touchpoint_at(event.position().toPoint())
            scene_point = self.mapToScene(event.position().toPoint())
            marked = self.chain_scene.comment_marker_at(scene_point)
            if marked is not None:
                self.comment_marker_clicked.emit(marked)
                event.accept()
                return
            grip = self._resize_grip_at(scene_point)
            if grip is not None:
                self._resizing = (grip, grip.size())
                event.accept()
                return
            pill = self._pill_at(scene_point)
            if pill is not None:
                self._label_drag = pill
                self.scene().clearSelection()
                pill.setSelected(True)
                event.accept()
                return
            if item is not None and (self.connect_mode or item.is_connect_zone(scene_point)):
                self._start_connection(item, scene_point)
                event.accept()
                return
            handoff = self._handoff_near(event.position().toPoint())
            if handoff is not None:
                self._pick_handoff(handoff, event.modifiers())
                event.accept()
                return
        super().mousePressEvent(event)
        self._press_positions = {
            item.touchpoint_id: item.scenePos()
            for item in self.scene().selectedItems()
            if isinstance(item, TouchpointItem)
        }

    def mouseMoveEvent(self, event):
        if self._pan_from is not None:
            self._pan_to(event.position().toPoint())
            event.accept()
            return
        if self._connect_source is not None:
            self._update_connection(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        if self._resizing is not None:
            item, _size = self._resizing
            corner = item.mapFromScene(self.mapToScene(event.position().toPoint()))
            item.sync(preview_size=(max(1.0, corner.x()), max(1.0, corner.y())))
            self.chain_scene.follow_cards([item.touchpoint_id])
            event.accept()
            return
        if self._label_drag is not None:
            item = self._label_drag
            point = self.mapToScene(event.position().toPoint())
            self._label_fraction = round(fraction_at(item.points, (point.x(), point.y())), 3)
            item.preview_pill_at(point_along(item.points, self._label_fraction * route_length(item.points))[0])
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._press_positions and event.buttons() & Qt.MouseButton.LeftButton:
            self.chain_scene.follow_cards(self._press_positions)  # the arrows follow a drag

    def mouseReleaseEvent(self, event):
        if self._pan_from is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        if self._connect_source is not None:
            self._finish_connection(event.position().toPoint())
            event.accept()
            return
        if self._resizing is not None:
            self._commit_resize()
            event.accept()
            return
        if self._label_drag is not None:
            self._commit_label_drag()
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._commit_drag()

    def mouseDoubleClickEvent(self, event):
        point = event.position().toPoint()
        item = self._touchpoint_at(point)
        if item is not None:
            self.edit_label(item.touchpoint_id)
            event.accept()
            return
        if self._handoff_near(point) is not None:
            event.accept()  # a double click near a line is a click on it, not a new card
            return
        for other in self.items(point):
            if isinstance(other, (LaneItem, HandoffItem)):
                super().mouseDoubleClickEvent(event)
                return
        self.add_touchpoint_at(self.mapToScene(point), self.insert_kind)
        event.accept()

    def _start_pan(self, point: QPoint) -> None:
        self._pan_from = point
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _pan_to(self, point: QPoint) -> None:
        delta = point - self._pan_from
        self._pan_from = point
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())

    # -- resizing cards and moving labels ------------------------------------------------

    def _resize_grip_at(self, scene_point: QPointF) -> TouchpointItem | None:
        """The selected card whose resize handle is at `scene_point` (the handle sits on
        the card's corner, partly outside its rounded outline)."""
        for item in self.scene().selectedItems():
            if isinstance(item, TouchpointItem) and item.is_resize_grip(scene_point):
                return item
        return None

    def _pill_at(self, scene_point: QPointF) -> HandoffItem | None:
        """The handoff whose "passes" pill is under `scene_point`, if any."""
        for item in self.scene().items(scene_point):
            if isinstance(item, HandoffItem):
                rect = item.label_rect("passes")
                if rect is not None and rect.contains(scene_point):
                    return item
            elif isinstance(item, TouchpointItem):
                return None
        return None

    def _commit_resize(self) -> None:
        """One undo step; the card keeps the size its text needs at least."""
        item, before = self._resizing
        self._resizing = None
        after = item.size()
        item.sync()  # back to what the model says until the command lands
        if max(abs(after[0] - before[0]), abs(after[1] - before[1])) < 1:
            self.chain_scene.follow_cards([item.touchpoint_id])
            return
        size = Size(w=min(MAX_CARD_SIDE, after[0]), h=min(MAX_CARD_SIDE, after[1]))
        self.document.set_fields(item.touchpoint_id, self.tr("Resize touchpoint"), size=size)
        self.status_message.emit(self.tr("Resized the card to {w} × {h}.").format(w=round(after[0]), h=round(after[1])))

    def _commit_label_drag(self) -> None:
        item, fraction = self._label_drag, self._label_fraction
        self._label_drag = self._label_fraction = None
        if fraction is None:
            return  # a click on the pill: it selected the handoff
        self.document.set_fields(item.handoff_id, self.tr("Move label"), label_at=fraction)
        self.status_message.emit(self.tr("Moved the label; it stays there along its arrow."))

    # -- moving ------------------------------------------------------------------------

    def _commit_drag(self) -> None:
        """After a drag: one move command for every card that moved, lane changes included."""
        pressed, self._press_positions = self._press_positions, {}
        items = self.chain_scene.touchpoint_items
        moved = [id for id, pos in pressed.items() if id in items and items[id].scenePos() != pos]
        if not moved:
            return
        moves = {}
        for id in moved:
            item = items[id]
            point = item.scenePos()
            if self.snap_to_grid:
                point = QPointF(
                    HEADER_WIDTH + round((point.x() - HEADER_WIDTH) / GRID) * GRID,
                    point.y(),
                )
            department, position = self.chain_scene.model_position(point, item.kind)
            if self.snap_to_grid:
                position = Position(x=position.x, y=max(0.0, round(position.y / GRID) * GRID))
            moves[id] = (department, position)
        self._move_into_stages(moves)
        self.chain_scene.place_touchpoints(moved)  # exactly where the model says
        lanes = {self.document.touchpoint(id).department for id in moved}
        names = ", ".join(sorted(self.document.department(d).name for d in lanes))
        self.status_message.emit(
            (self.tr("Moved 1 touchpoint (in {lanes}).") if len(moved) == 1 else self.tr("Moved {count} touchpoints (in {lanes}).")).format(
                count=len(moved), lanes=names
            )
        )

    def _move_into_stages(self, moves: dict[str, tuple[str, Position]]) -> None:
        """Move the cards; each joins the stage whose column its centre was dropped in, in the
        same undo step. A card dropped outside every column keeps its stage."""
        scene = self.chain_scene
        if not self.document.chain.stages:
            self.document.move_touchpoints(moves)
            return
        joins: dict[str, list[str]] = {}  # stage id -> cards that join it
        for id, (_department, position) in moves.items():
            stage = scene.stage_at(HEADER_WIDTH + position.x + scene.touchpoint_items[id].size()[0] / 2)
            if stage is not None and stage != self.document.touchpoint(id).stage:
                joins.setdefault(stage, []).append(id)
        if not joins:
            self.document.move_touchpoints(moves)
            return
        text = self.tr("Move 1 touchpoint") if len(moves) == 1 else self.tr("Move {count} touchpoints").format(count=len(moves))
        with self.document.one_step(text):
            self.document.move_touchpoints(moves)
            for stage, ids in joins.items():
                self.document.set_fields(ids, text, stage=stage)

    def nudge(self, dx: float, dy: float) -> None:
        ids = self.selected_touchpoints()
        if not ids:
            return
        moves = {}
        for id in ids:
            touchpoint = self.document.touchpoint(id)
            position = Position(
                x=min(MAX_COORDINATE, max(0.0, touchpoint.position.x + dx)),
                y=min(MAX_COORDINATE, max(0.0, touchpoint.position.y + dy)),
            )
            moves[id] = (touchpoint.department, position)
        self.document.move_touchpoints(moves, merge_key="nudge:" + ",".join(ids))

    # -- connecting --------------------------------------------------------------------

    def _start_connection(self, item: TouchpointItem, scene_point: QPointF) -> None:
        self._connect_source = item.touchpoint_id
        line = QGraphicsPathItem()
        line.setPen(QPen(QColor(ACCENT), 2, Qt.PenStyle.DashLine))
        line.setZValue(100)
        self.scene().addItem(line)
        self._connect_line = line
        self._update_connection(scene_point)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def _update_connection(self, scene_point: QPointF) -> None:
        target = self._touchpoint_at(self.mapFromScene(scene_point))
        if target is not None and target.touchpoint_id == self._connect_source:
            target = None
        if target is not self._connect_target:
            if self._connect_target is not None:
                self._connect_target.set_drop_target(False)
            if target is not None:
                target.set_drop_target(True)
            self._connect_target = target
        source = self.chain_scene.touchpoint_items[self._connect_source].card_rect()
        start = QPointF(source.right(), source.center().y())
        if scene_point.x() < source.center().x():
            start = QPointF(source.left(), source.center().y())
        path = QPainterPath(start)
        path.lineTo(scene_point)
        # A small arrowhead at the cursor, so the rubber band reads as a handoff.
        direction = scene_point - start
        length = max(1.0, (direction.x() ** 2 + direction.y() ** 2) ** 0.5)
        unit = QPointF(direction.x() / length, direction.y() / length)
        normal = QPointF(-unit.y(), unit.x())
        back = scene_point - unit * 10
        path.moveTo(back + normal * 4)
        path.lineTo(scene_point)
        path.lineTo(back - normal * 4)
        self._connect_line.setPath(path)

    def _end_connection_drag(self) -> None:
        self._connect_source = None
        self.scene().removeItem(self._connect_line)
        self._connect_line = None
        if self._connect_target is not None:
            self._connect_target.set_drop_target(False)
            self._connect_target = None
        self.viewport().unsetCursor()

    def _finish_connection(self, point: QPoint) -> None:
        source = self._connect_source
        self._end_connection_drag()
        target = self._touchpoint_at(point)
        if target is None:
            self.status_message.emit(self.tr("Drop the handoff on another touchpoint to connect them."))
            return
        try:
            id = self.document.connect(source, target.touchpoint_id)
        except EditRefused as refusal:
            self.status_message.emit(str(refusal))
            return
        self.select([id])
        self.status_message.emit(self.document.undo_stack.undoText() + ".")

    def cancel_connection(self) -> None:
        if self._connect_source is not None:
            self._end_connection_drag()
            self.status_message.emit(self.tr("Connection cancelled."))

    # -- adding ------------------------------------------------------------------------

    def add_touchpoint_at(self, scene_point: QPointF, kind: str, edit: bool = True) -> str | None:
        """Add a touchpoint centred on `scene_point`, in the lane there, and edit its label."""
        scene = self.chain_scene
        if not self.document.chain.departments:
            self.status_message.emit(self.tr("Add a department first: touchpoints live in lanes."))
            return None
        width, height = least_card_size(kind)
        top_left = QPointF(scene_point.x() - width / 2, scene_point.y() - height / 2)
        department, position = scene.model_position(top_left, kind)
        id = self.document.add_touchpoint(department, kind, position)
        self.select([id])
        if edit:
            self.edit_label(id)
        return id

    def free_spot(self, department: str, kind: str, x: float) -> Position:
        """The first place at or right of `x` in a lane where a new card overlaps nothing."""
        width, height = least_card_size(kind)
        items = self.chain_scene.touchpoint_items
        taken = [
            (t.position.x, items[t.id].size()[0])
            for t in self.document.touchpoints_in(department)
        ]
        x = free_spot(taken, width, max(0.0, x), FREE_SPOT_GAP)
        lane_height = self.chain_scene.lane_heights.get(department, 120.0)
        return Position(x=x, y=round(max(4.0, min(16.0, (lane_height - height) / 2)), 2))

    # -- editing text in place -----------------------------------------------------------

    def edit_label(self, touchpoint_id: str) -> InlineEditor:
        rect = self.mapFromScene(self.chain_scene.touchpoint_items[touchpoint_id].card_rect()).boundingRect()

        def commit(text: str) -> None:
            if self.document.has(touchpoint_id):
                self.document.set_fields(touchpoint_id, self.tr("Rename touchpoint"), label=text.strip())

        geometry = (rect.left(), rect.center().y() - 14, max(rect.width(), 160), 28)
        return self._open_editor(self.document.touchpoint(touchpoint_id).label, geometry, commit)

    def edit_lane_name(self, department_id: str) -> InlineEditor:
        rect = self.mapFromScene(self.chain_scene.lane_items[department_id].header_rect()).boundingRect()

        def commit(text: str) -> None:
            text = text.strip()
            if not text:
                self.status_message.emit(self.tr("A department needs a name; the old one was kept."))
            elif self.document.has(department_id):
                self.document.set_fields(department_id, self.tr("Rename department"), name=text)

        geometry = (rect.left() + 4, rect.top() + 6, max(rect.width() - 8, 140), 28)
        return self._open_editor(self.document.department(department_id).name, geometry, commit)

    def _open_editor(self, text: str, geometry: tuple, commit) -> InlineEditor:
        """An in-place editor over the canvas; focus comes back here when it closes."""
        editor = InlineEditor(text, self.viewport())
        editor.setGeometry(*geometry)
        editor.committed.connect(commit)
        editor.committed.connect(self.setFocus)
        editor.cancelled.connect(self.setFocus)
        editor.show()
        editor.setFocus()
        return editor

    # -- keys --------------------------------------------------------------------------

    def keyPressEvent(self, event):
        key = event.key()
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in arrows and self.selected_touchpoints():
            step = 1.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
            dx, dy = arrows[key]
            self.nudge(dx * step, dy * step)
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and len(self.selected_touchpoints()) == 1:
            self.edit_label(self.selected_touchpoints()[0])
            event.accept()
        elif key == Qt.Key.Key_Escape and self._connect_source is not None:
            self.cancel_connection()
            event.accept()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            self.setInteractive(False)
            event.accept()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event):
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            self.setInteractive(True)
            event.accept()
        else:
            super().keyReleaseEvent(event)

    # -- dropping files ----------------------------------------------------------------

    @staticmethod
    def _chain_paths(mime) -> list[str]:
        if not mime.hasUrls():
            return []
        return [
            url.toLocalFile()
            for url in mime.urls()
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() == ".chain"
        ]

    def dragEnterEvent(self, event):
        if self._chain_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event):
        if self._chain_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event):
        paths = self._chain_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)

