"""Review > Sessions…: the chain's review sessions, and the one in progress.

A session has a date, a title, attendees from the roster and notes. New, Edit and Remove
are one undo step each (Document.add_session, set_fields, remove_session), undone by
Ctrl+Z in the dialog too; the list follows the document. "Make Current"
chooses the session comments and sign-offs made now belong to; "End Session" ends it.
Which session is current is the editor's, not the file's (see `current_changed`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.document import Document, EditRefused
from models.chain import Session

DATE_FORMAT = "yyyy-MM-dd"  # the file's date format
SESSION_ID = Qt.ItemDataRole.UserRole


class SessionEditor(QDialog):
    """The fields of one session: date (today for a new one), title, attendees, notes."""

    def __init__(self, document: Document, session: Session | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("sessionEditor")
        self.setWindowTitle(self.tr("Edit Session") if session else self.tr("New Session"))
        self.setMinimumWidth(440)
        self.date_edit = QDateEdit(QDate.fromString(session.date, DATE_FORMAT) if session else QDate.currentDate())
        self.date_edit.setObjectName("sessionDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setAccessibleName(self.tr("Date of the session"))
        self.title_edit = QLineEdit(session.title if session else "")
        self.title_edit.setObjectName("sessionTitle")
        self.title_edit.setPlaceholderText(self.tr("e.g. Walkthrough with the front desk"))
        self.title_edit.setAccessibleName(self.tr("Title of the session"))
        self.title_edit.textChanged.connect(self._update_ok)
        self.attendees = QListWidget()
        self.attendees.setObjectName("sessionAttendees")
        self.attendees.setAccessibleName(self.tr("Attendees"))
        chosen = set(session.attendees) if session else set()
        departments = {d.id: d.name for d in document.chain.departments}
        for person in document.chain.people:
            department = departments.get(person.department)
            text = self.tr("{person} ({department})").format(person=person.name, department=department) if department else person.name
            item = QListWidgetItem(text, self.attendees)
            item.setData(SESSION_ID, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.id in chosen else Qt.CheckState.Unchecked)
        self.attendees.setMinimumHeight(140)
        self.notes_edit = QPlainTextEdit(session.notes or "" if session else "")
        self.notes_edit.setObjectName("sessionNotes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setAccessibleName(self.tr("Notes"))
        self.notes_edit.setPlaceholderText(self.tr("Agenda, decisions, who takes what on (optional)"))
        self.notes_edit.setFixedHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("&Date:"), self.date_edit)
        form.addRow(self.tr("&Title:"), self.title_edit)
        if document.chain.people:
            form.addRow(self.tr("&Attendees:"), self.attendees)
        else:
            self.attendees.hide()
            form.addRow(self.tr("Attendees:"), QLabel(self.tr("The roster is empty: add people with Review > People….")))
        form.addRow(self.tr("&Notes:"), self.notes_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.error_label = QLabel()
        self.error_label.setObjectName("sessionError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.title_edit.setFocus()
        self._update_ok()

    def values(self) -> dict:
        """The fields as the Document takes them."""
        return dict(
            date=self.date_edit.date().toString(DATE_FORMAT),
            title=" ".join(self.title_edit.text().split()),
            attendees=[
                self.attendees.item(row).data(SESSION_ID) for row in range(self.attendees.count())
                if self.attendees.item(row).checkState() == Qt.CheckState.Checked
            ],
            notes=self.notes_edit.toPlainText().strip() or None,
        )

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.title_edit.text().strip()))


class SessionsDialog(QDialog):
    """The sessions, newest first; the current one is marked and can be ended."""

    #: The session in progress was chosen (its id) or ended (None).
    current_changed = Signal(object)

    def __init__(self, document: Document, current: str | None = None, parent=None):
        super().__init__(parent)
        self.document = document
        self.current = current
        self.setObjectName("sessionsDialog")
        self.setWindowTitle(self.tr("Review Sessions"))
        self.setMinimumSize(560, 380)
        intro = QLabel(self.tr("A session is a meeting where the chain is walked through together. While one is "
                               "current, the comments and sign-offs you make belong to it."))
        intro.setWordWrap(True)
        self.current_label = QLabel()
        self.current_label.setObjectName("sessionsCurrent")
        self.current_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("sessionsList")
        self.list.setAccessibleName(self.tr("Sessions"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.new_button = self._button("sessionsNew", self.tr("&New…"), self.new_session)
        self.edit_button = self._button("sessionsEdit", self.tr("&Edit…"), self.edit_selected)
        self.remove_button = self._button("sessionsRemove", self.tr("&Remove"), self.remove_selected)
        self.current_button = self._button("sessionsMakeCurrent", self.tr("&Make Current"), self.toggle_current)
        side = QVBoxLayout()
        for button in (self.new_button, self.edit_button, self.remove_button):
            side.addWidget(button)
        side.addSpacing(12)
        side.addWidget(self.current_button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current_label)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        document.sessions_changed.connect(self.refresh)
        document.chain_reset.connect(self.refresh)
        # The dialog is modal: undo and redo work here too, and show in the list at once.
        QShortcut(QKeySequence.StandardKey.Undo, self, document.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, document.undo_stack.redo)
        self.refresh()

    def _button(self, name: str, text: str, run) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(run)
        return button

    # -- the list --------------------------------------------------------------------------

    def _sessions(self) -> dict[str, Session]:
        return {session.id: session for session in self.document.chain.sessions}

    def refresh(self) -> None:
        sessions = self._sessions()
        if self.current not in sessions:
            self._set_current(None)
        chosen = self.selected_session()
        self.list.clear()
        names = {person.id: person.name for person in self.document.chain.people}
        for session in sorted(sessions.values(), key=lambda s: (s.date, s.title), reverse=True):
            text = self.tr("{date}  {title}").format(date=session.date, title=session.title)
            if session.id == self.current:
                text = self.tr("{session}  (current)").format(session=text)
            people = [names.get(id, id) for id in session.attendees]
            if people:
                text += "\n" + self.tr("Attendees: {names}").format(names=", ".join(people))
            item = QListWidgetItem(text, self.list)
            item.setData(SESSION_ID, session.id)
            if session.notes:
                item.setToolTip(session.notes)
            if session.id == self.current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if session.id == chosen:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        current = sessions.get(self.current)
        self.current_label.setText(
            self.tr("In progress: <b>{title}</b> ({date})").format(title=html.escape(current.title), date=current.date)
            if current else self.tr("No session in progress.")
        )
        self._update_buttons()

    def selected_session(self) -> str | None:
        item = self.list.currentItem()
        return item.data(SESSION_ID) if item is not None else None

    def _update_buttons(self) -> None:
        selected = self.selected_session()
        for button in (self.edit_button, self.remove_button, self.current_button):
            button.setEnabled(selected is not None)
        self.current_button.setText(
            self.tr("&End Session") if selected is not None and selected == self.current else self.tr("&Make Current")
        )

    def _set_current(self, id: str | None) -> None:
        if id != self.current:
            self.current = id
            self.current_changed.emit(id)

    # -- verbs ---------------------------------------------------------------------------------

    def _edit(self, session: Session | None) -> str | None:
        """Run the session editor until the Document takes its values; the session's id."""
        editor = SessionEditor(self.document, session, self)
        while editor.exec():
            values = editor.values()
            try:
                if session is None:
                    return self.document.add_session(**values)
                self.document.set_fields(session.id, self.tr("Edit session {title}").format(title=values["title"]), **values)
                return session.id
            except EditRefused as refusal:
                editor.show_error(str(refusal))
        return None

    def new_session(self) -> None:
        id = self._edit(None)
        if id is not None:
            self._select(id)

    def edit_selected(self) -> None:
        session = self._sessions().get(self.selected_session())
        if session is not None:
            self._edit(session)

    def remove_selected(self) -> None:
        session = self._sessions().get(self.selected_session())
        if session is None:
            return
        used = sum(1 for c in self.document.chain.comments if c.session == session.id)
        if used:
            answer = QMessageBox.question(
                self, self.tr("Remove Session"),
                self.tr("Remove “{title}”? Its {count} comments stay, without the session.").format(title=session.title, count=used))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.document.remove_session(session.id)

    def toggle_current(self) -> None:
        """Make the selected session current, or end it when it is."""
        selected = self.selected_session()
        self._set_current(None if selected == self.current else selected)
        self.refresh()

    def _select(self, id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(SESSION_ID) == id:
                self.list.setCurrentRow(row)
