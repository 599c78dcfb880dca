"""Starting the editor: the Qt application, its windows, and the first-start sample."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app.errors import install_crash_handler, show_error
from app.main_window import FRAGMENT_MIME, MainWindow
from resources.icons import icon

APPLICATION_NAME = "Chain Designer"


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
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.aboutToQuit.connect(hand_over_clipboard)
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setWindowIcon(icon("app"))
    return app


def open_windows(paths: list[str]) -> list[MainWindow]:
    """A window per file; with no file (or none that opens) the sample as an untitled copy."""
    windows = [window for path in paths if (window := MainWindow.open_window_for_path(path))]
    if not windows:
        windows.append(MainWindow.open_first_start())
    return windows


def run_editor(paths: list[str]) -> int:
    app = create_application()
    install_crash_handler()
    try:
        open_windows(paths)
    except Exception as error:  # the sample itself failed: say so instead of vanishing
        show_error(None, f"Chain Designer could not start: {error}")
        return 1
    return app.exec()
