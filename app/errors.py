"""Errors the user sees: one plain sentence, details behind a button, never a traceback."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def show_error(parent: QWidget | None, sentence: str, details: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("errors", "Chain Designer"))
    box.setText(sentence)
    if details:
        box.setDetailedText(details)
    box.exec()


def install_crash_handler() -> None:
    """Show unexpected errors as a dialog and keep running, instead of dying in a slot."""

    def handle(kind, error, trace):
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        print(details, file=sys.stderr)
        show_error(
            QApplication.activeWindow(),
            QCoreApplication.translate(
                "errors",
                "Something went wrong inside Chain Designer, and the last action may not have "
                "finished. Your files on disk are unchanged; save your work under a new name to "
                "be safe.",
            ),
            details,
        )

    sys.excepthook = handle
