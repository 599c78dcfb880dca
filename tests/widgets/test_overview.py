"""The overview (minimap), driven with the mouse against the main window's canvas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from widgets.overview import REFRESH_DELAY_MS, Overview


@pytest.fixture
def overview(window, qtbot):
    overview = Overview(window.view)
    qtbot.addWidget(overview)
    overview.resize(260, 160)
    overview.show()
    qtbot.waitExposed(overview)
    qtbot.waitUntil(lambda: overview.render_count > 0)
    settle(qtbot, overview)  # a refresh scheduled while showing runs now, not in a test
    return overview


def settle(qtbot, overview) -> None:
    """Deliver the signals queued so far (a scene announces its changes a moment later),
    then wait until no refresh of the miniature is pending: at once, when none is."""
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not overview._refresh_timer.isActive(), timeout=REFRESH_DELAY_MS + 2000)


def send_mouse(widget, kind, point: QPoint, buttons) -> None:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(point), QPointF(widget.mapToGlobal(point)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def view_centre(window) -> QPointF:
    view = window.view
    return view.mapToScene(view.viewport().rect().center())


def close_to(a: QPointF, b: QPointF, tolerance: float = 3.0) -> bool:
    return abs(a.x() - b.x()) <= tolerance and abs(a.y() - b.y()) <= tolerance


class PaintCounter(QObject):
    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_accessible_name_and_size(overview):
    assert overview.accessibleName() == "Overview"
    assert overview.minimumWidth() >= 220 and overview.minimumHeight() >= 140


def test_dragging_centres_the_canvas_there(window, overview):
    content = window.scene.content_rect()
    middle = overview.map_from_scene(content).center().toPoint()
    start = middle - QPoint(60, 10)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    send_mouse(overview, QEvent.Type.MouseButtonPress, start, left)
    assert close_to(view_centre(window), overview.map_to_scene(QPointF(start)))
    for step in range(1, 7):
        send_mouse(overview, QEvent.Type.MouseMove, start + (middle - start) * step / 6, left)
    send_mouse(overview, QEvent.Type.MouseButtonRelease, middle, none)

    target = overview.map_to_scene(QPointF(middle))
    assert content.contains(target)
    assert close_to(view_centre(window), target)

    # Moving without the button does nothing now.
    send_mouse(overview, QEvent.Type.MouseMove, start, none)
    assert close_to(view_centre(window), target)


def test_a_click_centres_the_canvas(window, qtbot, overview):
    point = overview.map_from_scene(window.scene.content_rect()).center().toPoint() + QPoint(20, 0)
    qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=point)
    assert close_to(view_centre(window), overview.map_to_scene(QPointF(point)))


def test_the_frame_follows_scrolling(window, qtbot, overview):
    bar = window.view.horizontalScrollBar()
    # Past the lane header column first: pinning the lane names narrows the viewport.
    bar.setValue(bar.value() + 600)
    paints = PaintCounter(overview)
    before = overview.visible_area()
    scale = overview.map_from_scene(window.scene.content_rect()).width() / window.scene.content_rect().width()

    bar.setValue(bar.value() + 600)

    after = overview.visible_area()
    assert after.left() - before.left() == pytest.approx(600 * scale, abs=0.5)
    assert after.width() == pytest.approx(before.width())
    qtbot.waitUntil(lambda: paints.count > 0)  # the frame is repainted where it now is


def test_the_frame_follows_zooming(window, qtbot, overview):
    paints = PaintCounter(overview)
    before, viewport = overview.visible_area(), window.view.viewport().width()
    window.view.set_zoom(0.5)
    # (zoomed out this far the lane names are pinned beside the canvas, which narrows it)
    narrowed = window.view.viewport().width() / viewport
    assert overview.visible_area().width() == pytest.approx(2 * before.width() * narrowed, rel=0.02)
    qtbot.waitUntil(lambda: paints.count > 0)


def test_repainting_and_scrolling_do_not_render_again(window, qtbot, overview):
    renders = overview.render_count
    for _ in range(5):
        overview.repaint()
    window.view.horizontalScrollBar().setValue(300)
    window.view.set_zoom(0.8)
    settle(qtbot, overview)
    overview.repaint()
    assert overview.render_count == renders


def test_edits_render_again_once_after_a_pause(window, qtbot, overview):
    renders = overview.render_count
    for label in ("One", "Two", "Three"):
        window.document.set_fields("tp-pay-balance", "Rename", label=label)
    assert overview.render_count == renders  # not at once
    qtbot.waitUntil(lambda: overview.render_count == renders + 1)
    overview.repaint()
    settle(qtbot, overview)
    assert overview.render_count == renders + 1  # rendering itself does not ask for more


def test_a_new_lane_makes_the_miniature_taller(window, qtbot, overview):
    before = overview.map_from_scene(window.scene.content_rect())
    renders = overview.render_count
    window.document.add_department("Warehouse", role="backoffice")
    qtbot.waitUntil(lambda: overview.render_count > renders)
    after = overview.map_from_scene(window.scene.content_rect())
    assert after.height() > before.height()
    assert QRectF(overview.rect()).contains(after)
