"""A new user's first hour (issue 15): the inspector's owner list, its labels and headings,
in the real window."""

from __future__ import annotations

import math
import re


from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from tests.widgets.conftest import card_centre, chain_bytes, click, viewport_point
from widgets.people_dialog import PeopleDialog


def owned_touchpoint(window):
    return next(t for t in window.document.chain.touchpoints if t.owner is not None)


def choose_new_person(qtbot, window, finish) -> None:
    """Pick "New person…" in the owner list with the keyboard; `finish(dialog)` runs in the
    roster that opens (it is modal: the pick returns when the roster closes)."""
    problems = []

    def in_the_roster():
        dialog = window.inspector.findChild(PeopleDialog)
        try:
            assert dialog is not None and dialog.isVisible()
            finish(dialog)
        except AssertionError as problem:  # reported after exec() returns
            problems.append(problem)
            if dialog is not None:
                dialog.reject()

    combo = window.inspector.owner
    QTimer.singleShot(0, in_the_roster)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # "New person…" is the last entry
    if problems:
        raise problems[0]


def type_a_name(qtbot, dialog, name: str) -> None:
    editor = dialog.table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.selectedText() == "New person"  # added, ready to type
    qtbot.keyClicks(editor, name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on Return through a queued call


# -- 1. "New person…" assigns the person -------------------------------------------------


def test_new_person_in_the_owner_list_becomes_the_owner(qtbot, window):
    document = window.document
    touchpoint = owned_touchpoint(window)
    click(window, card_centre(window, touchpoint.id))
    assert window.inspector.touchpoint_ids == [touchpoint.id]

    def name_and_confirm(dialog):
        type_a_name(qtbot, dialog, "Bram Jansen")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    choose_new_person(qtbot, window, name_and_confirm)
    person = document.chain.people[-1]
    assert person.name == "Bram Jansen"
    assert document.touchpoint(touchpoint.id).owner == person.id
    assert window.inspector.owner.currentData() == person.id
    assert window.inspector.owner.currentText() == "Bram Jansen"
    # Add, rename, assign: the assignment is its own step, undone on its own.
    assert document.undo_stack.undoText() == "Set owner"
    document.undo_stack.undo()
    assert document.touchpoint(touchpoint.id).owner == touchpoint.owner
    assert document.person(person.id).name == "Bram Jansen"


def test_cancel_in_the_roster_leaves_owner_and_roster_as_they_were(qtbot, window):
    document = window.document
    touchpoint = owned_touchpoint(window)
    click(window, card_centre(window, touchpoint.id))
    before = chain_bytes(window)

    def name_and_cancel(dialog):
        type_a_name(qtbot, dialog, "Bram Jansen")
        assert dialog.document.chain.people[-1].name == "Bram Jansen"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    choose_new_person(qtbot, window, name_and_cancel)
    assert chain_bytes(window) == before
    assert not document.is_modified()
    assert window.inspector.owner.currentData() == touchpoint.owner


# -- 2. labels and headings -----------------------------------------------------------------


def shown_labels(inspector) -> list[QLabel]:
    page = inspector.pages.currentWidget()
    return [label for label in page.findChildren(QLabel) if label.isVisibleTo(inspector)]


def assert_labels_read_well(window, shown_id: str | None) -> None:
    """No '&' shows: each label with a mnemonic has a buddy that takes it; the heading
    does not name the shown element by its id."""
    inspector = window.inspector
    for label in shown_labels(inspector):
        if re.search(r"&[^&]", label.text()):
            assert label.buddy() is not None, f"{label.text()!r} shows its '&'"
    assert shown_id is None or shown_id not in inspector.heading.text()


def route_point(item) -> QPointF:
    """The middle of the handoff's longest straight run."""
    (ax, ay), (bx, by) = max(zip(item.points, item.points[1:]), key=lambda s: math.dist(*s))
    return QPointF((ax + bx) / 2, (ay + by) / 2)


def test_every_inspector_page_has_working_labels_and_a_human_heading(qtbot, window):
    document, inspector = window.document, window.inspector
    touchpoint = next(t for t in document.chain.touchpoints if t.kind == "step")
    click(window, card_centre(window, touchpoint.id))
    assert inspector.heading.text() == f"Step: {touchpoint.label}"
    assert_labels_read_well(window, touchpoint.id)
    link = next(label for label in shown_labels(inspector) if label.text() == "Lin&k:")
    assert link.buddy() is inspector.procedure_link

    handoff = next(h for h in document.chain.handoffs if h.label)
    click(window, viewport_point(window, route_point(window.scene.handoff_items[handoff.id])))
    assert window.view.selected_handoffs() == [handoff.id]
    assert inspector.heading.text() == f"Handoff: {handoff.label}"
    assert_labels_read_well(window, handoff.id)

    department = document.chain.departments[1]
    header = window.scene.lane_items[department.id].header_rect()
    click(window, viewport_point(window, header.center()))
    assert inspector.heading.text() == f"Department: {department.name}"
    assert_labels_read_well(window, department.id)
    colour = next(label for label in shown_labels(inspector) if label.text() == "&Colour:")
    assert colour.buddy() is inspector.colour_button

    window.view.scene().clearSelection()
    assert inspector.heading.text() == f"Chain: {document.chain.title}"
    assert_labels_read_well(window, None)


def test_a_heading_shows_the_users_text_as_typed(qtbot, window):
    document = window.document
    department = document.chain.departments[1]
    document.set_fields(department.id, "Rename department", name="R&D <b>lab</b>")
    window.view.select([department.id])
    heading = window.inspector.heading
    assert heading.text() == "Department: R&D <b>lab</b>"
    assert heading.textFormat() == Qt.TextFormat.PlainText
