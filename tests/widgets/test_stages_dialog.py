"""Arrange > Stages… (issue 19): stages added, renamed, described, moved and removed, one
undo step each, undone with the keys inside the dialog; an empty name is refused with one
sentence; the canvas's stage band follows."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.widgets.conftest import chain_bytes
from widgets.stages_dialog import StagesDialog


def open_dialog(qtbot, window) -> StagesDialog:
    dialog = StagesDialog(window.document, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as a modal dialog is: its fields get the focus and the keys
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_into(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def names(window) -> list[str]:
    return [stage.name for stage in window.document.chain.stages]


def band_names(window) -> list[str]:
    band = window.view.scene().stage_band
    return [band.names[column.stage] for column in band.columns]


def add(qtbot, dialog, name: str) -> None:
    type_into(qtbot, dialog.name, name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Add is the default button


def test_stages_are_added_renamed_described_and_moved_one_undo_step_each(qtbot, window):
    document = window.document
    document.chain.stages.clear()  # start from none, whatever the sample has
    document.stages_changed.emit()
    dialog = open_dialog(qtbot, window)
    assert dialog.empty_label.isVisible()
    steps = document.undo_stack.count()

    add(qtbot, dialog, "Order")
    dialog.stages.setCurrentRow(-1)
    add(qtbot, dialog, "Delivery")
    assert names(window) == ["Order", "Delivery"] and not dialog.empty_label.isVisible()
    assert document.undo_stack.count() == steps + 2
    assert band_names(window) == ["Order", "Delivery"]  # the band on the canvas follows

    dialog.stages.setCurrentRow(0)
    type_into(qtbot, dialog.name, "Ordering")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    dialog.description.setFocus()
    type_into(qtbot, dialog.description, "The customer chooses and pays")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)  # Enter in the description describes
    assert document.chain.stages[0].name == "Ordering"
    assert document.chain.stages[0].description == "The customer chooses and pays"
    assert "The customer chooses and pays" in dialog.stages.item(0).text()
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()

    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert names(window) == ["Delivery", "Ordering"]
    assert dialog.stages.currentRow() == 1  # the stage moved stays selected
    assert band_names(window) == ["Delivery", "Ordering"]
    assert document.undo_stack.count() == steps + 5

    qtbot.keyClick(dialog.stages, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(window) == ["Ordering", "Delivery"] and band_names(window) == ["Ordering", "Delivery"]
    qtbot.keyClick(dialog.stages, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.chain.stages[0].description is None
    qtbot.keyClick(dialog.stages, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert document.chain.stages[0].description == "The customer chooses and pays"


def test_an_empty_name_is_refused_with_one_sentence_and_nothing_changes(qtbot, window):
    document = window.document
    dialog = open_dialog(qtbot, window)
    before, steps = chain_bytes(window), document.undo_stack.count()
    add(qtbot, dialog, "   ")
    assert dialog.problem.isVisible() and dialog.problem.text() == "A stage needs a name."
    if document.chain.stages:
        dialog.stages.setCurrentRow(0)
        type_into(qtbot, dialog.name, "")
        qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
        assert dialog.problem.text() == "A stage needs a name."
    assert chain_bytes(window) == before and document.undo_stack.count() == steps
    qtbot.keyClicks(dialog.name, "x")
    assert not dialog.problem.isVisible()  # typing again takes the sentence away


def test_removing_a_stage_with_touchpoints_asks_and_they_stay_in_no_stage(qtbot, window):
    document = window.document
    document.chain.stages.clear()
    document.stages_changed.emit()
    dialog = open_dialog(qtbot, window)
    add(qtbot, dialog, "Order")
    stage = document.chain.stages[0]
    touchpoint = document.chain.touchpoints[0]
    document.set_fields(touchpoint.id, "Stage", stage=stage.id)
    position = touchpoint.position.model_copy()
    dialog.stages.setCurrentRow(0)

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().button(QMessageBox.StandardButton.Cancel).click())
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert names(window) == ["Order"]  # cancelled: nothing changes

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert names(window) == [] and dialog.empty_label.isVisible() and band_names(window) == []
    kept = document.touchpoint(touchpoint.id)
    assert kept.stage is None and kept.position == position
    assert document.undo_stack.undoText() == "Remove the stage Order"  # one step
    dialog.activateWindow()  # the question is answered: the dialog has the keys again
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.stages, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(window) == ["Order"] and document.touchpoint(touchpoint.id).stage == stage.id


def test_the_arrange_menu_opens_the_dialog(qtbot, window):
    opened = []

    def close_it():
        opened.append(QApplication.activeModalWidget())
        opened[0].reject()

    QTimer.singleShot(0, close_it)
    window.actions_by_id["arrange.stages"].trigger()
    assert isinstance(opened[0], StagesDialog)
