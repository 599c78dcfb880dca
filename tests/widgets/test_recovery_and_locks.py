"""Shared files without lost work: crash recovery and lock files, across real processes."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import application
from app.autosave import AUTOSAVE_WITHIN_MS
from app.main_window import MainWindow
from app.recovery import RecoveryStore
from models.chain_file import chain_to_bytes, load_chain
from resources.samples import FIRST_START_SAMPLE
from tests.widgets.conftest import close_without_asking

ROOT = Path(__file__).resolve().parents[2]

EDIT_THEN_WAIT = """
import sys
from app.application import create_application
from app.main_window import MainWindow
app = create_application()
window = MainWindow.open_window_for_path(sys.argv[1])
touchpoint = next(t for t in window.document.chain.touchpoints if t.owner)
window.document.set_fields(touchpoint.id, "Rename", label="Edited before the crash")
window.autosave_now()
window.finish_autosave()
print(window.recovery.folder, flush=True)
app.exec()
"""

HOLD_LOCK = """
import sys, time
from app.locks import acquire
lock = acquire(sys.argv[1])
print("locked", flush=True)
time.sleep(120)  # holds the lock until the test kills this process
"""


def child(script: str, *args: str, data_home: Path) -> subprocess.Popen:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(data_home))
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True
    )


@contextmanager
def lock_held_by_another_process(chain_path: Path, data_home: Path):
    """A second process holds the lock on `chain_path` until the block ends."""
    holder = child(HOLD_LOCK, str(chain_path), data_home=data_home)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait(10)


def test_a_killed_editor_is_recovered_at_the_next_start(qtbot, qapp, tmp_path, monkeypatch):
    assert AUTOSAVE_WITHIN_MS <= 10_000
    data_home = tmp_path / "data"
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    editor = child(EDIT_THEN_WAIT, str(chain_path), data_home=data_home)
    folder = Path(editor.stdout.readline().strip())
    editor.send_signal(signal.SIGKILL)
    editor.wait(30)
    assert chain_path.read_bytes() == FIRST_START_SAMPLE.read_bytes()  # never over the real file

    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    application.create_application()  # the same application name, so the same folder
    asked = []
    monkeypatch.setattr(application, "ask_about_recovery", lambda entry: asked.append(entry) or "recover")
    windows = application.open_windows([])
    try:
        assert len(asked) == 1 and asked[0].original_path == chain_path
        window = windows[0]
        assert window.document.path == chain_path
        assert any(t.label == "Edited before the crash" for t in window.document.chain.touchpoints)
        assert window.isWindowModified()
        window.actions_by_id["file.save"].trigger()
        assert any(t.label == "Edited before the crash" for t in load_chain(chain_path).touchpoints)
        assert RecoveryStore(folder).entries() == [] and not list(folder.glob("*.chain"))
    finally:
        for window in windows:
            close_without_asking(window)


def test_discard_removes_the_copy_and_later_keeps_it(qtbot, qapp, tmp_path, monkeypatch):
    data_home = tmp_path / "data"
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    editor = child(EDIT_THEN_WAIT, str(chain_path), data_home=data_home)
    folder = Path(editor.stdout.readline().strip())
    editor.send_signal(signal.SIGKILL)
    editor.wait(30)
    store = RecoveryStore(folder)
    monkeypatch.setattr(application, "ask_about_recovery", lambda entry: "later")
    assert application.offer_recovery(store) == [] and len(store.entries()) == 1
    monkeypatch.setattr(application, "ask_about_recovery", lambda entry: "discard")
    application.offer_recovery(store)
    assert store.entries() == []


def test_a_second_editor_sees_the_lock_and_can_open_read_only(qtbot, qapp, tmp_path):
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    with lock_held_by_another_process(chain_path, tmp_path / "data"):

        def open_read_only():
            box = QApplication.activeModalWidget()
            assert box.objectName() == "lockedDialog" and "is editing this chain" in box.text()
            next(b for b in box.buttons() if b.text() == "Open Read-Only").click()

        QTimer.singleShot(0, open_read_only)
        window = MainWindow.open_window_for_path(chain_path)
        try:
            assert window.document.read_only and "(read-only)" in window.windowTitle()
            assert window.read_only_banner.isVisible()
            saved_as = tmp_path / "mine.chain"
            from PySide6.QtWidgets import QFileDialog

            original = QFileDialog.getSaveFileName
            QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(saved_as), ""))
            try:
                window.actions_by_id["file.save"].trigger()  # Save leads to Save As
            finally:
                QFileDialog.getSaveFileName = original
            assert saved_as.exists() and not window.document.read_only
            assert chain_path.read_bytes() == FIRST_START_SAMPLE.read_bytes()
        finally:
            close_without_asking(window)


def test_open_anyway_then_a_save_does_not_overwrite_the_other_silently(qtbot, qapp, tmp_path):
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    with lock_held_by_another_process(chain_path, tmp_path / "data"):

        def open_anyway():
            box = QApplication.activeModalWidget()
            next(b for b in box.buttons() if b.text() == "Open Anyway").click()

        QTimer.singleShot(0, open_anyway)
        window = MainWindow.open_window_for_path(chain_path)
        try:
            assert window.lock is not None  # taken over, as asked
            # The other editor saves its version meanwhile.
            theirs = load_chain(chain_path)
            theirs.title = "Saved by the other editor"
            chain_path.write_bytes(chain_to_bytes(theirs))
            touchpoint = next(t for t in window.document.chain.touchpoints if t.owner)
            window.document.set_fields(touchpoint.id, "Rename", label="Second editor")

            def cancel():
                box = QApplication.activeModalWidget()
                assert box.objectName() == "saveConflictDialog"
                box.button(QMessageBox.StandardButton.Cancel).click()

            QTimer.singleShot(0, cancel)
            window.actions_by_id["file.save"].trigger()
            assert load_chain(chain_path).title == "Saved by the other editor"
        finally:
            close_without_asking(window)


def test_a_folder_where_no_lock_can_be_written_still_opens(qtbot, qapp, tmp_path, monkeypatch):
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    monkeypatch.setattr("app.files.acquire", lambda path, force=False: None)
    window = MainWindow.open_window_for_path(chain_path)
    try:
        assert window.document.path == chain_path and window.lock is None
        assert "could not be locked" in window.statusBar().currentMessage()
    finally:
        close_without_asking(window)


def test_the_lock_goes_when_the_file_is_closed(qtbot, qapp, tmp_path):
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    window = MainWindow.open_window_for_path(chain_path)
    lock_file = tmp_path / ".~lock.shared.chain#"
    assert lock_file.exists()
    close_without_asking(window)
    assert not lock_file.exists()


def test_a_file_without_write_permission_opens_read_only_and_says_why(qtbot, qapp, tmp_path, monkeypatch):
    chain_path = tmp_path / "shared.chain"
    shutil.copy(FIRST_START_SAMPLE, chain_path)
    chain_path.chmod(0o444)
    # No question is asked: a modal dialog here would block the test.
    window = MainWindow.open_window_for_path(chain_path)
    try:
        assert window.document.read_only and "(read-only)" in window.windowTitle()
        assert window.read_only_banner.isVisible()
        assert window.read_only_banner.text().startswith("Read-only: shared.chain has no write permission")
        assert window.lock is None and names_in(tmp_path) == ["shared.chain"]  # nothing to lock
        touchpoint = next(t for t in window.document.chain.touchpoints if t.owner)
        window.document.set_fields(touchpoint.id, "Rename", label="My edit")

        # Save leads to Save As; choosing the read-only file itself is refused in one sentence.
        from PySide6.QtWidgets import QFileDialog

        chosen = [str(chain_path), str(tmp_path / "mine.chain")]
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (chosen.pop(0), "")))
        errors = []
        monkeypatch.setattr("app.files.show_error", lambda parent, text: errors.append(text))
        assert not window.save()
        assert len(errors) == 1 and "\n" not in errors[0] and "read-only" in errors[0], errors
        assert chain_path.read_bytes() == FIRST_START_SAMPLE.read_bytes()
        assert window.save()
        assert "My edit" in [t.label for t in load_chain(tmp_path / "mine.chain").touchpoints]
        assert not window.document.read_only and not window.read_only_banner.isVisible()
        assert chain_path.read_bytes() == FIRST_START_SAMPLE.read_bytes()
        assert stat.S_IMODE(chain_path.stat().st_mode) == 0o444
    finally:
        close_without_asking(window)


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())
