"""One session per open chain: New, Open and Revert swap everything made for a chain,
and the window's layout leaves the canvas most of the window."""

from __future__ import annotations

import gc
import shutil
from collections import Counter

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QMessageBox

from app.document import Document
from app.live_lint import LintController
from app.main_window import MainWindow
from app.session import READABLE_ZOOM, EditorSession
from models.chain_file import load_chain
from models.collector import unsettle_heap
from resources.samples import FIRST_START_SAMPLE
from tests.widgets.conftest import chain_bytes, close_without_asking
from widgets.canvas.scene import ChainScene
from widgets.canvas.view import ChainView
from widgets.findings_panel import FindingsPanel
from widgets.inspector import Inspector
from widgets.overview import Overview
from widgets.serves_panel import ServesPanel

SESSION_OBJECTS = (EditorSession, Document, ChainScene, LintController)
SESSION_WIDGETS = (ChainView, Inspector, FindingsPanel, ServesPanel, Overview, QDockWidget)


def alive() -> Counter:
    """How many objects of each kind made for a chain exist now (deleted ones gone)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    unsettle_heap()  # frozen objects (see models/collector.py) are not in gc.get_objects()
    gc.collect()
    counts = Counter(
        type(o).__name__ for o in gc.get_objects() if isinstance(o, SESSION_OBJECTS) and shiboken6.isValid(o)
    )
    counts.update(type(w).__name__ for w in QApplication.allWidgets() if isinstance(w, SESSION_WIDGETS))
    return counts


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def test_six_new_and_six_open_leave_as_many_objects_alive_as_one(qtbot, window, sample_file, monkeypatch):
    choose_file(monkeypatch, sample_file)
    window.actions_by_id["file.new"].trigger()
    window.actions_by_id["file.open"].trigger()
    after_one = alive()
    assert after_one[ChainScene.__name__] >= 1 and after_one[Inspector.__name__] >= 1
    docks = len(window.findChildren(QDockWidget))
    dock_contents = [dock.widget() for dock in window.findChildren(QDockWidget)]
    for _ in range(6):
        window.actions_by_id["file.new"].trigger()
        assert window.document.path is None and not window.actions_by_id["file.revert"].isEnabled()
        window.actions_by_id["file.open"].trigger()
        assert window.document.path == sample_file and window.actions_by_id["file.revert"].isEnabled()
    assert alive() == after_one
    assert len(window.findChildren(QDockWidget)) == docks
    assert all(not shiboken6.isValid(widget) for widget in dock_contents)  # made for a chain now closed
    # The one left works: an edit reaches the canvas, the findings and the docks.
    touchpoint = window.document.chain.touchpoints[0]
    window.view.select([touchpoint.id])
    assert window.inspector.isVisibleTo(window) and window.actions_by_id["edit.copy"].isEnabled()


def test_revert_swaps_the_session_and_keeps_the_lock(qtbot, qapp, sample_file, monkeypatch):
    window = MainWindow.open_window_for_path(sample_file)
    try:
        lock = window.lock
        assert lock is not None and lock.path.exists()
        old_scene = window.scene
        before = chain_bytes(window)
        window.view.select([window.document.chain.touchpoints[-1].id])
        window.actions_by_id["edit.delete"].trigger()
        monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
        window.actions_by_id["file.revert"].trigger()
        assert chain_bytes(window) == before and not window.isWindowModified()
        assert window.scene is not old_scene and window.lock is lock and lock.path.exists()
    finally:
        close_without_asking(window)


def canvas_shows_the_chain(window) -> bool:
    """The whole chain is in view, or a readable part of it with its first lane."""
    view = window.view
    content = window.scene.content_rect()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    if visible.contains(content.adjusted(2, 2, -2, -2)):
        return True
    return view.zoom() >= READABLE_ZOOM and visible.intersects(content) and visible.top() <= content.top() + 2


def test_the_canvas_has_most_of_a_1600_by_1000_window_at_first_start_after_new_and_open(
        qtbot, qapp, sample_file, monkeypatch):
    window = MainWindow.open_first_start()
    try:
        window.resize(1600, 1000)
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.width() == 1600)
        assert window.canvas_share() > 0.5 and canvas_shows_the_chain(window)
        choose_file(monkeypatch, sample_file)
        for id in ("file.new", "file.open", "file.new"):
            window.actions_by_id[id].trigger()
            assert window.canvas_share() > 0.5, id
            assert window.view.width() > 800 and window.view.height() > 500, id
            assert canvas_shows_the_chain(window), id
    finally:
        close_without_asking(window)


def test_first_start_shows_the_chain_not_its_corner(qtbot, qapp):
    window = MainWindow.open_first_start()
    try:
        qtbot.waitExposed(window)
        assert canvas_shows_the_chain(window)
        assert window.findChild(type(window._zoom_label), "zoomLabel").text() == f"{window.view.zoom():.0%}"
    finally:
        close_without_asking(window)


def squeeze_the_canvas(window) -> None:
    window.resizeDocks([window.docks["dock.inspector"]], [1300], Qt.Orientation.Horizontal)
    window.resizeDocks([window.docks["dock.findings"]], [800], Qt.Orientation.Vertical)
    window.layout().activate()


def test_a_remembered_layout_that_squeezes_the_canvas_is_not_restored(qtbot, qapp, sample_file):
    window = MainWindow.open_window_for_path(sample_file)
    window.resize(1600, 1000)
    qtbot.waitExposed(window)
    squeeze_the_canvas(window)
    assert window.canvas_share() < 0.5
    close_without_asking(window)  # remembers the layout
    again = MainWindow(Document.open(sample_file))
    try:
        again.resize(1600, 1000)  # as remembered (the small offscreen screen may clip it)
        again.show()
        qtbot.waitExposed(again)
        assert again.canvas_share() > 0.5
    finally:
        close_without_asking(again)


def test_reset_layout_gives_the_canvas_most_of_the_window_and_every_dock_back(qtbot, window):
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.width() == 1600)
    squeeze_the_canvas(window)
    window.docks["dock.overview"].close()
    assert window.canvas_share() < 0.5
    view_menu = window.menus["View"]
    reset = window.actions_by_id["view.reset_layout"]
    assert reset in view_menu.actions()
    reset.trigger()
    window.layout().activate()
    assert window.canvas_share() > 0.5
    assert all(dock.isVisible() for id, dock in window.docks.items() if id != "dock.serves")  # tabbed behind


def test_the_zoom_label_shows_the_views_zoom_after_new(qtbot, window):
    window.view.set_zoom(0.65)
    window.actions_by_id["file.new"].trigger()
    label = window.findChild(type(window._zoom_label), "zoomLabel")
    assert label.text() == f"{window.view.zoom():.0%}"
    window.actions_by_id["view.zoom_100"].trigger()
    assert label.text() == "100%"


def watch_for_question(answer: QMessageBox.StandardButton) -> list[str]:
    """Answer the unsaved-changes question (if it comes) with `answer`; lists who asked."""
    asked = []

    def look(tries: int = 500) -> None:
        box = QApplication.activeModalWidget()
        if box is not None and box.objectName() == "unsavedChangesDialog":
            asked.append(box.objectName())
            box.button(answer).click()
        elif tries:
            QTimer.singleShot(10, lambda: look(tries - 1))

    QTimer.singleShot(0, look)
    return asked


def test_a_file_that_cannot_be_opened_asks_nothing_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    from app import files

    window.view.select([window.document.chain.touchpoints[-1].id])
    window.actions_by_id["edit.delete"].trigger()
    before = chain_bytes(window)
    bad = tmp_path / "bad.chain"
    bad.write_text('{"format": "service-chain", "version": 3}', encoding="utf-8")
    shown = []
    monkeypatch.setattr(files, "show_error", lambda parent, sentence, details=None: shown.append(sentence))
    choose_file(monkeypatch, bad)
    scene = window.scene
    window.actions_by_id["file.open"].trigger()
    assert len(shown) == 1 and "\n" not in shown[0] and "version 3" in shown[0]
    assert chain_bytes(window) == before and window.isWindowModified() and window.scene is scene


def test_opening_asks_about_unsaved_changes_only_once_the_file_opened(qtbot, window, tmp_path, monkeypatch):
    window.view.select([window.document.chain.touchpoints[-1].id])
    window.actions_by_id["edit.delete"].trigger()
    before = chain_bytes(window)
    other = tmp_path / "other.chain"
    shutil.copy(FIRST_START_SAMPLE, other)
    choose_file(monkeypatch, other)
    asked = watch_for_question(QMessageBox.StandardButton.Cancel)
    window.actions_by_id["file.open"].trigger()
    assert asked  # the file opened, so the question came
    assert chain_bytes(window) == before and window.isWindowModified()
    assert not (tmp_path / ".~lock.other.chain#").exists()  # the lock taken to open it is gone
    asked = watch_for_question(QMessageBox.StandardButton.Discard)
    window.actions_by_id["file.open"].trigger()
    assert asked and window.document.path == other
    assert window.document.chain == load_chain(other)


def test_discard_has_a_keyboard_mnemonic(qtbot, window):
    window.view.select([window.document.chain.touchpoints[-1].id])
    window.actions_by_id["edit.delete"].trigger()
    texts = {}

    def press_alt_d() -> None:
        box = QApplication.activeModalWidget()
        for button in (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                       QMessageBox.StandardButton.Cancel):
            texts[button] = box.button(button).text()
        box.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
        qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        try:  # a mnemonic presses its button with a short animation
            qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)
        except qtbot.TimeoutError:  # not pressed: say so instead of waiting for ever
            texts["unanswered"] = True
            box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, press_alt_d)
    window.actions_by_id["file.new"].trigger()
    assert "unanswered" not in texts, "Alt+D did not press Discard"
    assert texts[QMessageBox.StandardButton.Discard] == "&Discard"
    assert all("&" in text for text in texts.values()), texts
    assert window.document.path is None and not window.isWindowModified()  # discarded
