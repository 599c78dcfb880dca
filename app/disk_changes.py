"""The open file changed on disk: reload it, or say so and let the user choose."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.errors import show_error
from app.menus.file_menu import compare_with
from models.chain_file import ChainFileError

#: Saves replace a file in steps; the file is looked at this long after it changed.
SETTLE_MS = 200


class DiskBanner(QFrame):
    """A bar above the canvas: the file changed on disk while the user has unsaved edits."""

    def __init__(self, window):
        super().__init__()
        self.main_window = window
        self.setObjectName("diskBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#diskBanner { background: #fff4d6; color: #3e2c00; }")
        row = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        for text, name, slot in (
            (self.tr("Reload (Drop Mine)"), "bannerReload",
             lambda: reload_from_disk(window, self.tr("Reloaded the version on disk."))),
            (self.tr("Keep Mine"), "bannerKeep", self.keep_mine),
            (self.tr("Compare"), "bannerCompare", lambda: compare_with(window, window.document.path)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.hide()

    def keep_mine(self) -> None:
        self.hide()
        self.main_window.show_status(self.tr("Kept your version; saving will ask before it overwrites theirs."))


def file_changed(window) -> None:
    QTimer.singleShot(SETTLE_MS, window.check_disk)


def check_disk(window) -> None:
    """React to the open file changing on disk (by us, a colleague or git)."""
    document = window.document
    state = document.disk_state()
    window.session.watch_file()  # an atomic replace ends the old watch
    name = document.display_name
    if state == "gone":
        window.show_status(window.tr("{name} was deleted or moved; saving will ask first.").format(name=name))
    elif state == "changed" and not document.is_modified():
        reload_from_disk(window, window.tr("{name} changed on disk and was reloaded.").format(name=name))
    elif state == "changed":
        window.banner.text.setText(
            window.tr("{name} was changed on disk by someone else, and you have unsaved edits.").format(name=name)
        )
        window.banner.show()


def reload_from_disk(window, message: str) -> None:
    window.banner.hide()
    try:
        window.document.revert()
    except ChainFileError as error:
        show_error(
            window,
            window.tr("The new version on disk could not be read; your chain is unchanged. {error}").format(error=error),
        )
        return
    window.show_status(message)
