"""The roster editor: the chain's people, their departments, job titles and e-mail addresses.

Every edit goes through the Document, one undo step each; the table is refilled from the
chain whenever the document changes, so undo in the main window shows here at once.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from pydantic import ValidationError

from app.document import Document, EditRefused
from models.chain import Person

#: The column headings, marked for translation here and translated where shown.
COLUMNS = (
    QT_TRANSLATE_NOOP("PeopleDialog", "Name"), QT_TRANSLATE_NOOP("PeopleDialog", "Department"), QT_TRANSLATE_NOOP("PeopleDialog", "Job title"),
    QT_TRANSLATE_NOOP("PeopleDialog", "E-mail"), QT_TRANSLATE_NOOP("PeopleDialog", "Owns"),
)
NAME, DEPARTMENT, JOB_TITLE, EMAIL, OWNS = range(len(COLUMNS))
#: The editable text columns: column -> (Person field, undo text, translated where used).
TEXT_FIELDS = {
    NAME: ("name", QT_TRANSLATE_NOOP("PeopleDialog", "Rename person")),
    JOB_TITLE: ("role", QT_TRANSLATE_NOOP("PeopleDialog", "Set job title")),
    EMAIL: ("email", QT_TRANSLATE_NOOP("PeopleDialog", "Set e-mail")),
}
NO_DEPARTMENT = "—"
#: Every item of a row carries the id of the row's person under this role.
PERSON_ID = Qt.ItemDataRole.UserRole

#: What to do with a leaving person's touchpoints: ("reassign", person id), ("clear", None),
#: or None to cancel the removal.
OwnerHandling = tuple[str, str | None] | None


class ReassignDialog(QDialog):
    """Asks who takes over the touchpoints (and lanes) of a person being removed."""

    def __init__(self, leaving: Person, others: list[Person], department_names: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("reassignDialog")
        self.setWindowTitle(self.tr("Reassign Touchpoints"))
        self.setMinimumWidth(420)
        self.person_combo = QComboBox()
        self.person_combo.setObjectName("reassignTarget")
        self.person_combo.setAccessibleName(self.tr("New owner"))
        for person in others:
            # The department tells apart two people with the same name.
            department = department_names.get(person.department)
            text = self.tr("{person} ({department})").format(person=person.name, department=department) if department else person.name
            self.person_combo.addItem(text, person.id)
        # A colleague from the same department is the likeliest successor.
        colleagues = [p.id for p in others if leaving.department and p.department == leaving.department]
        if colleagues:
            self.person_combo.setCurrentIndex(self.person_combo.findData(colleagues[0]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Reassign"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        question = QLabel(self.tr("Who takes over what {person} owns and leads?").format(person=leaving.name))
        question.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(question)
        layout.addRow(self.tr("&New owner:"), self.person_combo)
        layout.addRow(buttons)

    def person_id(self) -> str:
        return self.person_combo.currentData()


class PeopleDialog(QDialog):
    """Add, rename, move between departments and remove the people who own touchpoints.

    With `choosing`, the roster is opened to pick an owner ("New person…" in the
    inspector): a new person is added and named at once, OK (Make Owner) closes with the
    selected person chosen, and Cancel takes back every change made in the dialog.
    """

    def __init__(self, document: Document, parent=None, choosing: bool = False):
        super().__init__(parent)
        self.document = document
        self.choosing = choosing
        #: Where the undo stack stood when the dialog opened: Cancel undoes back to it.
        self._undo_floor = document.undo_stack.index()
        # True while this dialog's own edit is going into the document; the refresh
        # waits until the edit is done, so a cell is never refilled in mid-edit.
        self._applying = False
        self.setObjectName("peopleDialog")
        self.setWindowTitle(self.tr("People"))
        self.resize(920, 460)
        self._build()
        document.changed.connect(self.refresh)
        self.refresh()
        if choosing:
            self.add_person()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Everyone who can own a touchpoint or lead a department. "
                "Double-click a cell (or press F2) to change it."
            )
        )
        intro.setWordWrap(True)
        self.table = self._build_table()
        self.add_button = QPushButton(self.tr("&Add Person"))
        self.add_button.setObjectName("addPersonButton")
        self.add_button.setAccessibleName(self.tr("Add person"))
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("removePersonButton")
        self.remove_button.setAccessibleName(self.tr("Remove person"))
        self.remove_button.clicked.connect(self.remove_person)
        self.status_label = QLabel()
        self.status_label.setObjectName("peopleStatus")
        self.status_label.setAccessibleName(self.tr("Status"))
        self.status_label.setWordWrap(True)
        if self.choosing:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
            self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
            self.ok_button.setText(self.tr("Make &Owner"))
            self.ok_button.setDefault(True)  # type the name, Enter, Enter: done
            for button in (self.add_button, self.remove_button):
                button.setAutoDefault(False)  # Enter means Make Owner, wherever the focus is
            self.ok_button.setToolTip(self.tr("Make the selected person the owner of the touchpoint"))
            buttons.accepted.connect(self.accept)
            intro.setText(self.tr("Type the new person's name (or select someone), then press Make Owner."))
        else:
            self.ok_button = None
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addSpacing(12)
        row.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

        # A modal dialog keeps the main window's Undo out of reach, so offer it here too.
        # A cell editor that has focus keeps Ctrl+Z for its own text.
        QShortcut(QKeySequence.StandardKey.Undo, self, self.document.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.document.undo_stack.redo)

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("peopleTable")
        table.setAccessibleName(self.tr("People"))
        table.setHorizontalHeaderLabels([self.tr(heading) for heading in COLUMNS])
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)  # long titles elide (full text in the tooltip), rows stay even
        table.horizontalHeaderItem(OWNS).setToolTip(self.tr("How many touchpoints this person owns"))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((NAME, 170), (DEPARTMENT, 160), (JOB_TITLE, 240)):
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(EMAIL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OWNS, QHeaderView.ResizeMode.ResizeToContents)
        table.itemChanged.connect(self._cell_edited)
        table.itemSelectionChanged.connect(self._update_buttons)
        return table

    # -- showing the roster --------------------------------------------------------------

    def refresh(self) -> None:
        """Fill the table from the chain, keeping the selected person selected."""
        if self._applying:
            return
        selected, column = self.current_person_id(), max(self.table.currentColumn(), 0)
        people = self.document.chain.people
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(people))
            for row, person in enumerate(people):
                self._fill_row(row, person)
        row = self.row_of(selected) if selected else -1
        if row >= 0:
            self.table.setCurrentCell(row, column)
        self._update_buttons()

    def _fill_row(self, row: int, person: Person) -> None:
        texts = {NAME: person.name, JOB_TITLE: person.role or "", EMAIL: person.email or ""}
        for column, text in texts.items():
            item = self._item(row, column, person.id)
            item.setText(text)
            item.setToolTip(text)
        owned = self.owned_touchpoints(person.id)
        owns = self._item(row, OWNS, person.id)
        owns.setFlags(owns.flags() & ~Qt.ItemFlag.ItemIsEditable)
        owns.setText(str(len(owned)))
        owns.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        owns.setToolTip("\n".join(t.label or t.id for t in owned) or self.tr("Owns no touchpoint"))
        combo = self._department_combo(row)
        combo.setAccessibleName(self.tr("Department of {person}").format(person=person.name))
        self._select_department(combo, person.department)

    def _item(self, row: int, column: int, person_id: str) -> QTableWidgetItem:
        """The item at (row, column), made if the row is new, tagged with the person's id."""
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, column, item)
        item.setData(PERSON_ID, person_id)
        return item

    def _department_combo(self, row: int) -> QComboBox:
        combo = self.table.cellWidget(row, DEPARTMENT)
        if combo is None:
            combo = QComboBox()
            combo.setObjectName("personDepartment")
            # A row's combo stays in that row; the row's person is looked up on each change.
            combo.currentIndexChanged.connect(lambda _index, row=row: self._department_chosen(row))
            self.table.setCellWidget(row, DEPARTMENT, combo)
        return combo

    def _select_department(self, combo: QComboBox, department_id: str | None) -> None:
        choices = [(None, NO_DEPARTMENT)] + [(d.id, d.name) for d in self.document.chain.departments]
        with QSignalBlocker(combo):
            # Rebuild only when the lanes changed: the combo may be the one being changed.
            if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] != choices:
                combo.clear()
                for id, name in choices:
                    combo.addItem(name, id)
            ids = [id for id, _name in choices]
            combo.setCurrentIndex(ids.index(department_id) if department_id in ids else 0)

    def _update_buttons(self) -> None:
        chosen = self.current_person_id() is not None
        self.remove_button.setEnabled(chosen)
        if self.ok_button is not None:
            self.ok_button.setEnabled(chosen)

    def reject(self) -> None:
        """Closed without choosing: take back what was changed here (it stays redoable)."""
        if self.choosing:
            self.table.setCurrentItem(None)  # an open cell editor commits now, so it is undone too
            stack = self.document.undo_stack
            while stack.index() > self._undo_floor and stack.canUndo():
                stack.undo()
        super().reject()

    # -- lookups ---------------------------------------------------------------------------

    def current_person_id(self) -> str | None:
        item = self.table.item(self.table.currentRow(), NAME)
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        return item.data(PERSON_ID)

    def row_of(self, person_id: str) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, NAME).data(PERSON_ID) == person_id:
                return row
        return -1

    def owned_touchpoints(self, person_id: str) -> list:
        return [t for t in self.document.chain.touchpoints if t.owner == person_id]

    def led_departments(self, person_id: str) -> list:
        return [d for d in self.document.chain.departments if d.lead == person_id]

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    # -- edits -----------------------------------------------------------------------------

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if item.column() not in TEXT_FIELDS:
            return
        field, undo_text = TEXT_FIELDS[item.column()]
        undo_text = self.tr(undo_text)
        person_id = item.data(PERSON_ID)
        text = item.text().strip()
        if field == "name" and not text:
            self._refuse(self.tr("A person needs a name, so the name was kept."))
        elif field == "email" and text and "@" not in text:
            self._refuse(
                self.tr("“{text}” is not an e-mail address (it has no @), so the address was kept.").format(text=text)
            )
        else:
            # An empty job title or e-mail means "not set", which the file leaves out.
            self._apply(person_id, undo_text, **{field: text or None})

    def _department_chosen(self, row: int) -> None:
        person_id = self.table.item(row, NAME).data(PERSON_ID)
        department = self.table.cellWidget(row, DEPARTMENT).currentData()
        self._apply(person_id, self.tr("Set department"), department=department)

    def _apply(self, person_id: str, undo_text: str, **fields) -> None:
        """Change a person through the document (one undo step), then show the result."""
        self._applying = True
        try:
            self.document.set_fields(person_id, undo_text, **fields)
            self.show_status("")
        except EditRefused as error:
            self.show_status(str(error))
        except ValidationError as error:  # one sentence, not pydantic's full report
            self.show_status(self.tr("That change was refused: {reason}.").format(reason=error.errors()[0]["msg"]))
        finally:
            self._applying = False
        self.refresh()  # shows the stored value: trimmed, or the old one after a refusal

    def _refuse(self, message: str) -> None:
        self.show_status(message)
        self.refresh()

    def add_person(self) -> None:
        """Add "New person" and start typing their real name."""
        person_id = self.document.add_person(self.tr("New person"))
        row = self.row_of(person_id)
        self.table.setCurrentCell(row, NAME)
        self.table.editItem(self.table.item(row, NAME))
        self.show_status(self.tr("Added a person; type their name."))

    def remove_person(self) -> None:
        """Remove the selected person, asking first who takes over what they own."""
        person = self.document.person(self.current_person_id() or "")
        if person is None:
            return
        reassign_to = None
        if self.owned_touchpoints(person.id) or self.led_departments(person.id):
            answer = self.ask_owner_handling(person)
            if answer is None:
                return
            _choice, reassign_to = answer
        self.document.remove_person(person.id, reassign_to)
        if reassign_to:
            self.show_status(
                self.tr("Removed {person}; {successor} took over.").format(
                    person=person.name, successor=self.document.person(reassign_to).name
                )
            )
        else:
            self.show_status(self.tr("Removed {person}.").format(person=person.name))

    def ask_owner_handling(self, person: Person) -> OwnerHandling:
        """Ask what happens to what `person` owns: ("reassign", id), ("clear", None) or None."""
        others = [p for p in self.document.chain.people if p.id != person.id]
        box = QMessageBox(self)
        box.setObjectName("ownerHandlingBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove Person"))
        box.setText(self.tr("{person} {summary}.").format(person=person.name, summary=self._ownership_summary(person)))
        box.setInformativeText(self.tr("Who should own them from now on?"))
        reassign = box.addButton(self.tr("Reassign to…"), QMessageBox.ButtonRole.AcceptRole)
        reassign.setObjectName("reassignButton")
        reassign.setEnabled(bool(others))
        clear = box.addButton(self.tr("Clear Owner"), QMessageBox.ButtonRole.DestructiveRole)
        clear.setObjectName("clearOwnerButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(reassign if others else clear)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is clear:
            return ("clear", None)
        if clicked is reassign:
            names = {d.id: d.name for d in self.document.chain.departments}
            dialog = ReassignDialog(person, others, names, self)
            chosen = dialog.exec() == QDialog.DialogCode.Accepted
            new_owner = dialog.person_id()
            dialog.deleteLater()
            return ("reassign", new_owner) if chosen else None
        return None

    def _ownership_summary(self, person: Person) -> str:
        """'owns 2 touchpoints (“A”, “B”) and leads Sales' — what removal would orphan."""
        parts = []
        owned = self.owned_touchpoints(person.id)
        if owned:
            labels = ", ".join(f"“{t.label or t.id}”" for t in owned[:4])
            more = ", …" if len(owned) > 4 else ""
            owns = self.tr("owns 1 touchpoint ({labels})") if len(owned) == 1 else self.tr("owns {count} touchpoints ({labels})")
            parts.append(owns.format(count=len(owned), labels=labels + more))
        led = self.led_departments(person.id)
        if led:
            parts.append(self.tr("leads {departments}").format(departments=", ".join(d.name for d in led)))
        return self.tr(" and ").join(parts)
