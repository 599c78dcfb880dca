"""Changes on disk: reload when clean, a banner when not, no silent overwrite on save."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from models.chain_file import chain_to_bytes, load_chain
from tests.widgets.conftest import chain_bytes


def someone_else_saves(path, title="Changed by a colleague"):
    chain = load_chain(path)
    chain.title = title
    path.write_bytes(chain_to_bytes(chain))


def staff(window):
    return next(t for t in window.document.chain.touchpoints if t.owner)


def test_a_clean_chain_reloads_when_the_file_changes(qtbot, window):
    path = window.document.path
    someone_else_saves(path)
    window.check_disk()
    assert window.document.chain.title == "Changed by a colleague"
    assert "changed on disk and was reloaded" in window.statusBar().currentMessage()
    assert not window.isWindowModified()


def test_the_watcher_notices_a_change(qtbot, window):
    path = window.document.path
    someone_else_saves(path)
    qtbot.waitUntil(lambda: window.document.chain.title == "Changed by a colleague", timeout=5000)


def test_unsaved_edits_get_a_banner_with_reload_and_keep_mine(qtbot, window):
    window.document.set_fields(staff(window).id, "Rename", label="My edit")
    someone_else_saves(window.document.path)
    window.check_disk()
    assert window.banner.isVisible()
    assert window.document.touchpoint(staff(window).id).label == "My edit"
    from PySide6.QtWidgets import QPushButton

    window.banner.findChild(QPushButton, "bannerKeep").click()
    assert not window.banner.isVisible() and window.isWindowModified()
    someone_else_saves(window.document.path, "Second change")
    window.check_disk()
    window.banner.findChild(QPushButton, "bannerReload").click()
    assert window.document.chain.title == "Second change" and not window.isWindowModified()


def test_saving_over_a_colleagues_version_asks_first(qtbot, window):
    path = window.document.path
    window.document.set_fields(staff(window).id, "Rename", label="My edit")
    someone_else_saves(path)
    theirs = path.read_bytes()

    def cancel():
        box = QApplication.activeModalWidget()
        assert box.objectName() == "saveConflictDialog"
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, cancel)
    window.actions_by_id["file.save"].trigger()
    assert path.read_bytes() == theirs and window.isWindowModified()

    def overwrite():
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() == "Overwrite Theirs").click()

    QTimer.singleShot(0, overwrite)
    window.actions_by_id["file.save"].trigger()
    assert load_chain(path).touchpoints == window.document.chain.touchpoints
    assert not window.isWindowModified()


def test_a_touch_is_not_a_conflict(qtbot, window):
    path = window.document.path
    window.document.set_fields(staff(window).id, "Rename", label="My edit")
    later = time.time() + 60
    os.utime(path, (later, later))
    window.actions_by_id["file.save"].trigger()  # no dialog: the content is the same
    assert load_chain(path).touchpoints == window.document.chain.touchpoints


def test_a_deleted_file_is_recreated_after_asking(qtbot, window, monkeypatch):
    path = window.document.path
    window.document.set_fields(staff(window).id, "Rename", label="My edit")
    path.unlink()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Save)
    window.actions_by_id["file.save"].trigger()
    assert path.exists() and load_chain(path).touchpoints == window.document.chain.touchpoints


def test_a_full_disk_keeps_the_original_and_the_unsaved_mark(qtbot, window, monkeypatch):
    import errno

    from app import files

    path = window.document.path
    original = path.read_bytes()
    window.document.set_fields(staff(window).id, "Rename", label="My edit")
    shown = []
    monkeypatch.setattr(files, "show_error", lambda parent, sentence, details=None: shown.append(sentence))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("models.chain_file.os.fsync", full)
    window.actions_by_id["file.save"].trigger()
    assert len(shown) == 1 and "disk is full" in shown[0]
    assert path.read_bytes() == original
    assert window.isWindowModified()
    assert chain_bytes(window) != original


def test_compare_with_lists_differences_and_selects_what_changed(qtbot, window, tmp_path):
    other = tmp_path / "theirs.chain"
    other.write_bytes(window.document.path.read_bytes())
    touchpoint = staff(window)
    window.document.set_fields(touchpoint.id, "Rename", label="Renamed here")
    difference = window.compare_with(other)
    assert not difference.is_empty()
    assert window.view.selected_touchpoints() == [touchpoint.id]
    from PySide6.QtWidgets import QListWidget

    items = window._compare_dialog.findChild(QListWidget, "differences")
    assert any("Renamed here" in items.item(i).text() for i in range(items.count()))
    window._compare_dialog.close()
