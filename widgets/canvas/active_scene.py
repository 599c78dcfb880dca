"""The canvas's scene stays active for good, and the views on it leave it so.

Qt makes a scene active while a window showing it is the active window: each time it
becomes active or inactive, it sorts and visits every item (QGraphicsScene::event), half
a second at 20,000 cards, so the editor stalled whenever the window or a dialog over it
(the auto-layout's progress, a message box) took the focus. Nothing on the canvas looks
or behaves differently in an inactive window (no item takes the keyboard focus; the
inline editor is a widget), so the scene is made active once, while it holds no item, and
its views pass no activation on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QGraphicsScene, QGraphicsView

#: The viewport's events that QGraphicsView turns into its scene's activation or deactivation.
ACTIVATION_EVENTS = frozenset({QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate,
                               QEvent.Type.Show, QEvent.Type.Hide})


def make_active(scene: QGraphicsScene) -> None:
    """Make `scene` active; cheap only while it holds no item (Qt visits every one)."""
    QApplication.sendEvent(scene, QEvent(QEvent.Type.WindowActivate))


class ActiveSceneView(QGraphicsView):
    """A view that never activates or deactivates its scene."""

    def viewportEvent(self, event) -> bool:
        if event.type() in ACTIVATION_EVENTS:
            return QAbstractScrollArea.viewportEvent(self, event)  # QGraphicsView's, less the scene's part
        return super().viewportEvent(event)
