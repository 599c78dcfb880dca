"""Chain files for the window: opening (load, then lock), saving, the recent files, and
the questions these ask (who else has the file, unsaved changes, a save conflict)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMessageBox

from app.document import ChangedOnDisk, Document, GoneFromDisk
from app.errors import show_error
from app.locks import Lock, LockHeld, acquire
from models.chain import Chain, Department
from models.chain_file import ChainFileError

CHAIN_PATTERNS = ("*.chain", "*")  # the file dialogs' filter; only its descriptions are translated
MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings()


def new_chain() -> Chain:
    """A blank chain: a Customer lane on top, ready for the first touchpoint."""
    return Chain(
        title=QCoreApplication.translate("main_window", "Untitled chain"),
        departments=[
            Department(id="customer", name=QCoreApplication.translate("main_window", "Customer"), role="customer")
        ],
        touchpoints=[],
    )


def chain_filter() -> str:
    """The file dialogs' filter for chains: translated descriptions, fixed patterns."""
    chains = QCoreApplication.translate("main_window", "Service chains")
    everything = QCoreApplication.translate("main_window", "All files")
    return f"{chains} ({CHAIN_PATTERNS[0]});;{everything} ({CHAIN_PATTERNS[1]})"


def lock_or_ask(path: Path, parent) -> tuple[Lock | None, str]:
    """Lock `path` for editing; when another editor holds it, ask how to open it.

    Returns the lock (None when it could not be written) and "edit", "read-only", "copy"
    or "cancel".
    """
    try:
        return acquire(path), "edit"
    except LockHeld as held:
        box = QMessageBox(parent)
        box.setObjectName("lockedDialog")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("main_window", "Chain in Use"))
        box.setText(QCoreApplication.translate("main_window", "{reason}.").format(reason=held))
        box.setInformativeText(
            QCoreApplication.translate(
                "main_window",
                "Open it read-only, open a copy of your own, or open it anyway (your saves and "
                "theirs will each ask before overwriting the other).",
            )
        )
        Role = QMessageBox.ButtonRole
        read_only = box.addButton(QCoreApplication.translate("main_window", "Open Read-Only"), Role.AcceptRole)
        copy = box.addButton(QCoreApplication.translate("main_window", "Open a Copy"), Role.AcceptRole)
        anyway = box.addButton(QCoreApplication.translate("main_window", "Open Anyway"), Role.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        if clicked is anyway:
            return acquire(path, force=True), "edit"
        if clicked is read_only:
            return None, "read-only"
        if clicked is copy:
            return None, "copy"
        return None, "cancel"


def open_document(path: str | Path, parent) -> tuple[Document | None, Lock | None]:
    """Load and validate `path`, then lock it (asking when someone else has it).

    (None, None) when it cannot be opened (said in one sentence) or the user cancelled;
    nothing shown in any window has changed then.
    """
    try:
        document = Document.open(path)
    except ChainFileError as error:
        show_error(
            parent,
            QCoreApplication.translate("main_window", "The file could not be opened. {error}").format(error=error),
        )
        return None, None
    if document.write_protected:
        return document, None  # nobody edits it, so there is nothing to lock
    lock, mode = lock_or_ask(document.path, parent)
    if mode == "cancel":
        document.deleteLater()
        return None, None
    if mode == "read-only":
        document.read_only = True
    elif mode == "copy":
        document.path, document.disk_hash = None, None
        document.chain.title = QCoreApplication.translate("main_window", "Copy of {title}").format(
            title=document.chain.title
        )
    return document, lock


def acquire_quietly(path: Path) -> Lock | None:
    """A lock for a file just saved under a new name; None if someone else has it."""
    try:
        return acquire(path)
    except LockHeld:
        return None


def ask_to_save(parent, name: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel for the unsaved changes of the chain called `name`."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedChangesDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("main_window", "Unsaved Changes"))
    box.setText(
        QCoreApplication.translate("main_window", "Save the changes to {name} before closing it?").format(name=name)
    )
    box.setInformativeText(QCoreApplication.translate("main_window", "If you don't save, your changes will be lost."))
    Button = QMessageBox.StandardButton
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    # Every button can be pressed with Alt and its underlined letter.
    box.button(Button.Save).setText(QCoreApplication.translate("main_window", "&Save"))
    box.button(Button.Discard).setText(QCoreApplication.translate("main_window", "&Discard"))
    box.button(Button.Cancel).setText(QCoreApplication.translate("main_window", "&Cancel"))
    box.setDefaultButton(Button.Save)
    return Button(box.exec())


def save_document(window, document: Document, path: Path, overwrite: bool = False) -> bool:
    """Write `document` to `path`; a conflict or a deleted file asks first. True when saved."""
    try:
        document.save(path, overwrite=overwrite)
    except ChainFileError as error:
        show_error(window, QCoreApplication.translate(
            "main_window", "The chain was not saved, and the file on disk is unchanged. {error}"
        ).format(error=error))
        return False
    except ChangedOnDisk as conflict:
        return resolve_save_conflict(window, document, path, str(conflict))
    except GoneFromDisk as gone:
        answer = QMessageBox.question(
            window,
            QCoreApplication.translate("main_window", "File Deleted"),
            QCoreApplication.translate("main_window", "{reason} Save your chain there again?").format(reason=gone),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save and save_document(window, document, path, overwrite=True)
    return True


def resolve_save_conflict(window, document: Document, path: Path, sentence: str) -> bool:
    """Someone else saved the file meanwhile: never overwrite them silently."""
    box = QMessageBox(window)
    box.setObjectName("saveConflictDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("main_window", "Changed by Someone Else"))
    box.setText(sentence)
    box.setInformativeText(QCoreApplication.translate(
        "main_window", "Save yours under another name to compare them, or overwrite their version."
    ))
    save_as = box.addButton(QCoreApplication.translate("main_window", "Save As…"), QMessageBox.ButtonRole.AcceptRole)
    overwrite = box.addButton(
        QCoreApplication.translate("main_window", "Overwrite Theirs"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save_as)
    box.exec()
    if box.clickedButton() is save_as:
        return window.save_as()
    if box.clickedButton() is overwrite:
        return save_document(window, document, path, overwrite=True)
    return False


def recent_files() -> list[str]:
    files = settings().value("recent_files", [], type=list) or []
    return [str(path) for path in files][:MAX_RECENT]


def add_recent_file(path: Path | None) -> None:
    if path is None:
        return
    path = str(Path(path).resolve())
    files = [path] + [other for other in recent_files() if other != path]
    settings().setValue("recent_files", files[:MAX_RECENT])
