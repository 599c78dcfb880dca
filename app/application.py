"""Starting the editor: the Qt application, its windows, and the first-start sample."""

from __future__ import annotations

import linecache
import sys
import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import install_crash_handler, show_error
from app.document import Document, content_hash
from app.files import acquire_quietly
from app.main_window import MainWindow
from app.menus.edit_menu import FRAGMENT_MIME
from app.recovery import RecoveryStore
from models.chain_file import ChainFileError, load_chain
from resources.icons import icon

APPLICATION_NAME = "Chain Designer"  # also the settings' organisation: never translated


def hand_over_clipboard() -> None:
    """Swap our clipboard data for a plain Qt copy of its text before Python stops.

    Qt deletes the clipboard's data after the interpreter is gone, and deleting a
    QMimeData made in Python then crashes the process on exit.
    """
    clipboard = QApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasFormat(FRAGMENT_MIME):
        clipboard.setText(data.text())


def create_application() -> QApplication:
    # shiboken reads the source of every module imported after PySide6 (looking for its
    # feature switches) through linecache, which keeps it: 12 MB of text no one reads
    # again. A traceback reads what it needs anew.
    linecache.clearcache()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.aboutToQuit.connect(hand_over_clipboard)
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(APPLICATION_NAME)
    app.setApplicationDisplayName(QCoreApplication.translate("application", "Chain Designer"))
    app.setWindowIcon(icon("app"))
    return app


def open_windows(paths: list[str]) -> list[MainWindow]:
    """Recovered chains, then a window per file; with none, the sample as an untitled copy."""
    windows = offer_recovery(RecoveryStore())
    windows += [window for path in paths if (window := MainWindow.open_window_for_path(path))]
    if not windows:
        windows.append(MainWindow.open_first_start())
    return windows


def ask_about_recovery(entry) -> str:
    """"recover", "discard" or "later" for a copy left behind by a crash."""
    where = (
        str(entry.original_path)
        if entry.original_path else QCoreApplication.translate("application", "not saved yet")
    )
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.saved_at))
    box = QMessageBox()
    box.setObjectName("recoveryDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("application", "Recover Unsaved Work"))
    box.setText(
        QCoreApplication.translate("application", "Chain Designer stopped before “{title}” was saved.").format(title=entry.title)
    )
    box.setInformativeText(
        QCoreApplication.translate("application", "A copy from {when} can be recovered ({where}).").format(when=when, where=where)
    )
    recover = box.addButton(QCoreApplication.translate("application", "Recover"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("application", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QCoreApplication.translate("application", "Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.exec()
    return {recover: "recover", discard: "discard"}.get(box.clickedButton(), "later")


def offer_recovery(store: RecoveryStore) -> list[MainWindow]:
    """A window for each recovery copy the user chooses to recover."""
    windows = []
    for entry in store.entries():
        choice = ask_about_recovery(entry)
        if choice == "discard":
            store.discard(entry.key)
        elif choice == "recover":
            try:
                chain = load_chain(store.recover(entry), name=entry.title)
            except ChainFileError as error:
                show_error(
                    None,
                    QCoreApplication.translate("application", "The recovery copy could not be read. {error}").format(error=error),
                )
                continue
            # Attached to the file it came from, and unsaved until the user saves it.
            document = Document(chain, entry.original_path)
            document.recovered = True
            if entry.original_path is not None and entry.original_path.exists():
                # Saving goes over the file as it is now, after the user chose to recover.
                document.disk_hash = content_hash(entry.original_path.read_bytes())
            lock = None
            if entry.original_path is not None and entry.original_path.exists():
                lock = acquire_quietly(entry.original_path)
            window = MainWindow(document, lock)
            window.recovery_key = entry.key  # its copy stays until the chain is saved
            window.show()
            windows.append(window)
    return windows


def run_editor(paths: list[str]) -> int:
    app = create_application()
    install_crash_handler()
    try:
        open_windows(paths)
    except Exception as error:  # the sample itself failed: say so instead of vanishing
        show_error(None, QCoreApplication.translate("application", "Chain Designer could not start: {error}").format(error=error))
        return 1
    return app.exec()
