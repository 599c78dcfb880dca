"""Fixtures for driving the real editor window with pytest-qt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.application import create_application, hand_over_clipboard
from app.document import Document
from app.main_window import MainWindow
from models.chain_file import chain_to_bytes, load_chain
from resources.samples import FIRST_START_SAMPLE
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import Theme


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory):
    """Keep tests away from the user's real settings (recent files, geometry)."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield
    QSettings().clear()


@pytest.fixture
def sample_file(tmp_path):
    path = tmp_path / "retail.chain"
    shutil.copy(FIRST_START_SAMPLE, path)
    return path


def unmeasured_sample(folder) -> Path:
    """A copy of the retail sample without its measures, results, actions and ratings, for
    tests that count their own (a module overrides `sample_file` with it)."""
    chain = load_chain(FIRST_START_SAMPLE)
    for touchpoint in chain.touchpoints:
        touchpoint.results = []  # first: results need a measure
        touchpoint.measure = None
    chain.actions, chain.ratings = [], []
    path = Path(folder) / "retail.chain"
    path.write_bytes(chain_to_bytes(chain))
    return path


@pytest.fixture
def scene(document):
    """The canvas's scene of the `document` fixture, in the light theme, with no view."""
    return ChainScene(document, Theme.light())


@pytest.fixture
def window(qtbot, qapp, sample_file):
    """The main window on a copy of the retail sample, shown at 100% zoom from its
    top-left corner."""
    create_application()
    window = MainWindow(Document.open(sample_file))
    # Not qtbot.addWidget: pytest-qt would close it before this fixture's teardown,
    # and closing a modified window asks about unsaved changes.
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.view.set_zoom(1.0)
    for bar in (window.view.horizontalScrollBar(), window.view.verticalScrollBar()):
        bar.setValue(bar.minimum())
    yield window
    close_without_asking(window)
    hand_over_clipboard()  # what the application does on quit; see its docstring


def close_without_asking(window) -> None:
    if shiboken6.isValid(window):  # a test may have closed (and so deleted) it already
        window.maybe_save = lambda: True
        window.close()
    if window in MainWindow.windows:
        MainWindow.windows.remove(window)


def chain_bytes(window) -> bytes:
    return chain_to_bytes(window.document.chain)


def viewport_point(window, scene_point) -> QPoint:
    """Where `scene_point` is on the view's viewport, scrolling it into view first."""
    window.view.ensureVisible(scene_point.x() - 5, scene_point.y() - 5, 10, 10, 80, 80)
    return window.view.mapFromScene(scene_point)


def _send(widget, kind, point: QPoint, button, buttons, modifiers=Qt.KeyboardModifier.NoModifier):
    global_point = widget.mapToGlobal(point)
    event = QMouseEvent(kind, QPointF(point), QPointF(global_point), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(window, start: QPoint, end: QPoint, steps: int = 8, button=Qt.MouseButton.LeftButton, release=True):
    """Press at `start`, move in steps to `end` with the button held, release there
    (unless `release` is False: still held)."""
    viewport = window.view.viewport()
    _send(viewport, QEvent.Type.MouseButtonPress, start, button, button)
    for step in range(1, steps + 1):
        point = start + (end - start) * step / steps
        _send(viewport, QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton, button)
    if release:
        _send(viewport, QEvent.Type.MouseButtonRelease, end, button, Qt.MouseButton.NoButton)
    QApplication.processEvents()


def click(window, point: QPoint, modifiers=Qt.KeyboardModifier.NoModifier):
    viewport = window.view.viewport()
    left = Qt.MouseButton.LeftButton
    _send(viewport, QEvent.Type.MouseButtonPress, point, left, left, modifiers)
    _send(viewport, QEvent.Type.MouseButtonRelease, point, left, Qt.MouseButton.NoButton, modifiers)
    QApplication.processEvents()


def double_click(window, point: QPoint):
    viewport = window.view.viewport()
    left = Qt.MouseButton.LeftButton
    _send(viewport, QEvent.Type.MouseButtonPress, point, left, left)
    _send(viewport, QEvent.Type.MouseButtonRelease, point, left, Qt.MouseButton.NoButton)
    _send(viewport, QEvent.Type.MouseButtonDblClick, point, left, left)
    _send(viewport, QEvent.Type.MouseButtonRelease, point, left, Qt.MouseButton.NoButton)
    QApplication.processEvents()


def card_centre(window, touchpoint_id: str) -> QPoint:
    rect = window.scene.touchpoint_items[touchpoint_id].card_rect()
    return viewport_point(window, rect.center())


def card_right_edge(window, touchpoint_id: str) -> QPoint:
    rect = window.scene.touchpoint_items[touchpoint_id].card_rect()
    return viewport_point(window, QPointF(rect.right() - 2, rect.center().y()))
