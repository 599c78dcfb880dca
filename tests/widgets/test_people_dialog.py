"""The roster editor: every edit is one undo step, refusals are messages, removal asks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton

from tests.undo_redo import snapshot, undo_redo_round_trip
from widgets.people_dialog import DEPARTMENT, EMAIL, JOB_TITLE, NAME, OWNS, PeopleDialog, ReassignDialog


@pytest.fixture
def dialog(qtbot, document):
    dialog = PeopleDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def select_person(dialog, person_id: str) -> int:
    row = dialog.row_of(person_id)
    dialog.table.selectRow(row)
    return row


def test_lists_people_with_department_and_owned_count(dialog):
    table = dialog.table
    assert table.objectName() == "peopleTable" and table.accessibleName() == "People"
    assert table.rowCount() == 1
    assert table.item(0, NAME).text() == "Anna de Vries"
    assert table.cellWidget(0, DEPARTMENT).currentText() == "Sales desk"
    assert table.item(0, JOB_TITLE).text() == "Sales lead"
    assert table.item(0, EMAIL).text() == ""
    assert table.item(0, OWNS).text() == "1"
    assert not table.item(0, OWNS).flags() & Qt.ItemFlag.ItemIsEditable
    assert dialog.findChild(QPushButton, "addPersonButton").accessibleName() == "Add person"


def test_add_person_then_type_the_name(qtbot, dialog, document):
    before = snapshot(document)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert document.undo_stack.undoText() == "Add New person"
    editor = dialog.table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.selectedText() == "New person"
    qtbot.keyClicks(editor, "Bram Jansen")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on Return through a queued call
    person = document.chain.people[-1]
    assert person.name == "Bram Jansen"
    assert dialog.table.item(dialog.row_of(person.id), NAME).text() == "Bram Jansen"
    assert document.undo_stack.count() == 2  # add, then rename: one step each
    assert document.undo_stack.undoText() == "Rename person"
    document.undo_stack.undo()
    assert document.person(person.id).name == "New person"
    assert dialog.table.item(dialog.row_of(person.id), NAME).text() == "New person"  # refreshed
    document.undo_stack.undo()
    assert snapshot(document) == before
    assert dialog.table.rowCount() == 1


def test_rename_is_one_undo_step_and_trimmed(dialog, document):
    before = snapshot(document)
    dialog.table.item(0, NAME).setText("  Anna Visser ")
    assert document.person("anna").name == "Anna Visser"
    assert dialog.table.item(0, NAME).text() == "Anna Visser"
    assert document.undo_stack.count() == 1
    undo_redo_round_trip(document, before)


def test_empty_name_is_refused_with_a_message(dialog, document):
    before = snapshot(document)
    dialog.table.item(0, NAME).setText("   ")
    assert snapshot(document) == before
    assert document.undo_stack.count() == 0
    assert dialog.table.item(0, NAME).text() == "Anna de Vries"  # the cell shows the kept name
    assert "needs a name" in dialog.status_label.text()


def test_job_title_and_email(dialog, document):
    before = snapshot(document)
    dialog.table.item(0, EMAIL).setText("anna@greenleaf.example")
    assert document.person("anna").email == "anna@greenleaf.example"
    assert document.undo_stack.undoText() == "Set e-mail"
    undo_redo_round_trip(document, before)
    dialog.table.item(0, EMAIL).setText("not an address")
    assert document.person("anna").email == "anna@greenleaf.example"
    assert "not an e-mail address" in dialog.status_label.text()
    dialog.table.item(0, JOB_TITLE).setText("")
    assert document.person("anna").role is None  # empty means "not set"
    assert document.undo_stack.undoText() == "Set job title"
    assert dialog.status_label.text() == ""  # a good edit clears the old refusal


def test_set_department(dialog, document):
    before = snapshot(document)
    combo = dialog.table.cellWidget(0, DEPARTMENT)
    assert combo.accessibleName() == "Department of Anna de Vries"
    combo.setCurrentIndex(combo.findData("warehouse"))
    assert document.person("anna").department == "warehouse"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Set department"
    undo_redo_round_trip(document, before)
    combo = dialog.table.cellWidget(0, DEPARTMENT)
    combo.setCurrentIndex(combo.findText("—"))
    assert document.person("anna").department is None
    document.undo_stack.undo()
    assert combo.currentData() == "warehouse"  # undo shows in the combo too


def test_new_lanes_show_in_the_department_combo(dialog, document):
    document.add_department("Legal", "support")
    assert "Legal" in [dialog.table.cellWidget(0, DEPARTMENT).itemText(i) for i in range(5)]


def with_second_person(document) -> str:
    return document.add_person("Bram Jansen", department="warehouse")


def test_remove_owner_and_reassign(dialog, document, monkeypatch):
    bram = with_second_person(document)
    before = snapshot(document)
    asked = []
    monkeypatch.setattr(dialog, "ask_owner_handling", lambda person: asked.append(person.id) or ("reassign", bram))
    select_person(dialog, "anna")
    dialog.remove_button.click()
    assert asked == ["anna"]
    assert document.person("anna") is None
    assert document.touchpoint("confirm-order").owner == bram
    assert document.department("sales").lead == bram  # the lane's lead passes on too
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, OWNS).text() == "1"
    assert "Bram Jansen took over" in dialog.status_label.text()
    undo_redo_round_trip(document, before)


def test_remove_owner_and_clear(dialog, document, monkeypatch):
    before = snapshot(document)
    monkeypatch.setattr(dialog, "ask_owner_handling", lambda person: ("clear", None))
    select_person(dialog, "anna")
    dialog.remove_button.click()
    assert document.person("anna") is None
    assert document.touchpoint("confirm-order").owner is None
    assert document.department("sales").lead is None
    assert document.undo_stack.count() == 1
    undo_redo_round_trip(document, before)


def test_cancelling_the_question_keeps_the_person(dialog, document, monkeypatch):
    before = snapshot(document)
    monkeypatch.setattr(dialog, "ask_owner_handling", lambda person: None)
    select_person(dialog, "anna")
    dialog.remove_button.click()
    assert snapshot(document) == before


def test_removing_someone_who_owns_nothing_does_not_ask(dialog, document, monkeypatch):
    bram = with_second_person(document)
    before = snapshot(document)
    monkeypatch.setattr(dialog, "ask_owner_handling", lambda person: pytest.fail("asked"))
    select_person(dialog, bram)
    dialog.remove_button.click()
    assert document.person(bram) is None
    undo_redo_round_trip(document, before)


def test_remove_needs_a_selection(dialog):
    dialog.table.clearSelection()
    assert not dialog.remove_button.isEnabled()
    select_person(dialog, "anna")
    assert dialog.remove_button.isEnabled()


def when_modal(kind, action, tries: int = 200) -> None:
    """Run `action(widget)` once the active modal widget is a `kind`, polling for it."""

    def poll():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            action(widget)
        elif tries:
            when_modal(kind, action, tries - 1)

    QTimer.singleShot(10, poll)


def test_reassign_through_the_real_dialogs(dialog, document):
    bram = with_second_person(document)
    before = snapshot(document)
    seen = {}

    def choose_bram(reassign_dialog):
        combo = reassign_dialog.person_combo
        seen["choices"] = [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(combo.findData(bram))
        reassign_dialog.accept()

    def press_reassign(box):
        seen["question"] = box.text()
        when_modal(ReassignDialog, choose_bram)
        box.findChild(QPushButton, "reassignButton").click()

    when_modal(QMessageBox, press_reassign)
    select_person(dialog, "anna")
    dialog.remove_button.click()
    assert seen["question"] == (
        "Anna de Vries owns 1 touchpoint (“Confirms the order”) and leads Sales desk."
    )
    assert seen["choices"] == ["Bram Jansen (Warehouse)"]  # everyone but the leaving person
    assert document.touchpoint("confirm-order").owner == bram
    assert document.undo_stack.count() == 2  # adding Bram, then the removal
    undo_redo_round_trip(document, before)


def test_clear_owner_through_the_real_box(dialog, document):
    when_modal(QMessageBox, lambda box: box.findChild(QPushButton, "clearOwnerButton").click())
    select_person(dialog, "anna")
    dialog.remove_button.click()
    assert document.person("anna") is None
    assert document.touchpoint("confirm-order").owner is None


def test_reassign_is_offered_only_when_someone_is_left(dialog, document):
    seen = {}

    def look_and_cancel(box):
        seen["enabled"] = box.findChild(QPushButton, "reassignButton").isEnabled()
        box.button(QMessageBox.StandardButton.Cancel).click()

    when_modal(QMessageBox, look_and_cancel)
    select_person(dialog, "anna")
    dialog.remove_button.click()
    assert seen == {"enabled": False}
    assert document.person("anna") is not None
