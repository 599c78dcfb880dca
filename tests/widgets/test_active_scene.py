"""The canvas's scene stays active: a dialog taking the focus, the window going to the
background, or a second view on the scene (the walkthrough) makes Qt visit none of its
items (it used to visit all of them twice, half a second at 20,000 cards)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog, QGraphicsRectItem

from widgets.canvas.scene import ChainScene
from widgets.canvas.style import Theme
from widgets.walkthrough_canvas import PresenterCanvas

ACTIVATION = (QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate)


class ActivationCounter(QGraphicsRectItem):
    """An item that counts the activation events Qt sends it."""

    def __init__(self):
        super().__init__(0, 0, 10, 10)
        self.activations = 0

    def sceneEvent(self, event) -> bool:
        self.activations += event.type() in ACTIVATION
        return super().sceneEvent(event)


def test_a_new_scene_is_active_without_a_view(document):
    assert ChainScene(document, Theme.light()).isActive()


def _activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def _counting(scene) -> ActivationCounter:
    counter = ActivationCounter()
    scene.addItem(counter)
    return counter


def test_a_dialog_taking_the_focus_visits_no_item(qtbot, window):
    scene = window.scene
    counter = _counting(scene)
    dialog = QDialog(window)
    dialog.show()
    _activate(qtbot, dialog)
    dialog.close()
    _activate(qtbot, window)
    assert counter.activations == 0
    assert scene.isActive()


def test_the_walkthrough_canvas_shown_and_hidden_visits_no_item(qtbot, window):
    scene = window.scene
    counter = _counting(scene)
    canvas = PresenterCanvas(scene)
    canvas.show()
    qtbot.waitExposed(canvas)
    _activate(qtbot, canvas)
    canvas.hide()
    canvas.deleteLater()
    _activate(qtbot, window)
    assert counter.activations == 0
    assert scene.isActive()
