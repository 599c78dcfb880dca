"""The inspector's Blueprint fields (issue 19): stage, consulted, informed, working time and
marks of a touchpoint, a handoff's waiting time; each change one undo step, the fields
follow undo and redo, every field reached by the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from app.edit_checks import EditRefused
from tests.widgets.conftest import card_centre, chain_bytes, click


def undo(qtbot, window) -> None:
    """Ctrl+Z on the canvas, sent to an active window: after a popup menu closes, the
    offscreen platform does not always give the activation back (a busy CI machine lost it
    for more than 5 s), and a shortcut sent to an inactive window is lost."""
    stack = window.document.undo_stack
    index = stack.index()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == index - 1


def select_step(window):
    touchpoint = next(t for t in window.document.chain.touchpoints if t.kind == "step")
    click(window, card_centre(window, touchpoint.id))
    assert window.inspector.touchpoint_ids == [touchpoint.id]
    return touchpoint.id


def test_the_stage_is_chosen_from_the_chains_stages_and_undone(qtbot, window):
    document, fields = window.document, window.inspector.blueprint
    order = document.add_stage("Order")
    delivery = document.add_stage("Delivery")
    id = select_step(window)
    assert [fields.stage.itemText(i) for i in range(fields.stage.count())] == ["(none)", "Order", "Delivery"]
    before = chain_bytes(window)
    fields.stage.setFocus()
    qtbot.keyClick(fields.stage, Qt.Key.Key_End)
    assert document.touchpoint(id).stage == delivery
    qtbot.keyClick(fields.stage, Qt.Key.Key_Up)
    assert document.touchpoint(id).stage == order
    undo(qtbot, window)
    assert document.touchpoint(id).stage == delivery
    assert fields.stage.currentText() == "Delivery"  # the field follows the undo
    undo(qtbot, window)
    assert chain_bytes(window) == before
    assert fields.stage.currentText() == "(none)"
    document.set_fields(order, "Rename", name="Buying")
    assert fields.stage.itemText(1) == "Buying"  # renamed stages show at once


def tick_in_menu(qtbot, button, downs: int) -> None:
    """Open the button's menu with the space bar, go down `downs` entries, tick with Return."""
    def in_the_menu():
        menu = QApplication.activePopupWidget()
        try:
            assert isinstance(menu, QMenu) and menu is button.menu()
            for _ in range(downs):
                qtbot.keyClick(menu, Qt.Key.Key_Down)
            qtbot.keyClick(menu, Qt.Key.Key_Return)
        finally:
            if menu is not None and menu.isVisible():
                menu.close()

    QTimer.singleShot(50, in_the_menu)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def test_consulted_and_informed_are_ticked_in_the_roster_and_named_on_the_button(qtbot, window):
    document, fields = window.document, window.inspector.blueprint
    people = document.chain.people
    id = select_step(window)
    before = chain_bytes(window)
    assert fields.consulted.text() == "nobody"
    tick_in_menu(qtbot, fields.consulted, 1)  # the first person
    assert document.touchpoint(id).consulted == [people[0].id]
    tick_in_menu(qtbot, fields.consulted, 2)  # and the second
    assert document.touchpoint(id).consulted == [people[0].id, people[1].id]
    assert fields.consulted.names == f"{people[0].name}, {people[1].name}"
    tick_in_menu(qtbot, fields.informed, 3)
    assert document.touchpoint(id).informed == [people[2].id]
    assert fields.informed.names == people[2].name
    tick_in_menu(qtbot, fields.consulted, 1)  # unticks the first
    assert document.touchpoint(id).consulted == [people[1].id]
    for _ in range(4):  # one step each
        undo(qtbot, window)
    assert chain_bytes(window) == before
    assert (fields.consulted.text(), fields.informed.text()) == ("nobody", "nobody")


def test_the_ticks_follow_undo_and_a_refused_tick_is_taken_back(qtbot, window, monkeypatch):
    document, fields = window.document, window.inspector.blueprint
    people = document.chain.people
    id = select_step(window)

    def ticked() -> list[bool]:
        return [action.isChecked() for action in fields.consulted.menu().actions()]

    tick_in_menu(qtbot, fields.consulted, 2)  # the second person
    assert ticked() == [False, True] + [False] * (len(people) - 2)
    document.set_fields(id, "Consult", consulted=[people[0].id, people[1].id])
    assert ticked()[:2] == [True, True]
    undo(qtbot, window)
    undo(qtbot, window)
    assert not any(ticked())

    def refuse(*_args, **_fields):
        raise EditRefused("That edit is not allowed.")

    monkeypatch.setattr(document, "set_fields", refuse)
    tick_in_menu(qtbot, fields.consulted, 1)
    assert document.touchpoint(id).consulted == []
    assert not any(ticked())  # the menu ticked it; the refusal took the tick back
    assert window.statusBar().currentMessage() == "That edit is not allowed."


def test_a_name_with_an_ampersand_shows_as_typed(qtbot, window):
    document, fields = window.document, window.inspector.blueprint
    person = document.chain.people[0]
    document.set_fields(person.id, "Rename", name="R&D lab")
    id = select_step(window)
    document.set_fields(id, "Consult", consulted=[person.id])
    assert fields.consulted.names == "R&D lab" and fields.consulted.text().startswith("R&&D")  # "&&" draws one "&"
    assert fields.consulted.menu().actions()[0].text() == "R&&D lab"


def test_working_time_is_typed_stepped_and_cleared_to_not_set(qtbot, window):
    document, fields = window.document, window.inspector.blueprint
    id = select_step(window)
    before = chain_bytes(window)
    box = fields.duration
    assert box.text() == "not set"
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "120")
    assert document.touchpoint(id).duration_minutes == 120
    index = document.undo_stack.index()
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert document.touchpoint(id).duration_minutes == 125
    assert document.undo_stack.index() == index  # typing and stepping the field: one step
    undo(qtbot, window)
    assert chain_bytes(window) == before
    assert box.text() == "not set"
    document.set_fields(id, "Time", duration_minutes=12.5)
    assert box.text() == "12.5 min"
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert document.touchpoint(id).duration_minutes is None  # emptied: not set, not 0
    document.set_fields(id, "Time", duration_minutes=0)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # below 0 is "not set"
    assert document.touchpoint(id).duration_minutes is None
    assert box.text() == "not set"
    qtbot.keyClick(box, Qt.Key.Key_Up)  # and up from "not set" is 0
    assert document.touchpoint(id).duration_minutes == 0
    assert box.text() == "0 min"


def test_marks_are_ticked_with_their_letters_one_step_each(qtbot, window):
    document, fields = window.document, window.inspector.blueprint
    id = select_step(window)
    before = chain_bytes(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    fields.marks["pain_point"].setFocus()
    qtbot.keyClick(fields.marks["pain_point"], Qt.Key.Key_Space)
    assert document.touchpoint(id).marks == ["pain_point"]
    qtbot.keyClick(window.view, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "Moment of &truth" ticks it
    qtbot.waitUntil(lambda: document.touchpoint(id).marks == ["moment_of_truth", "pain_point"])
    assert fields.marks["moment_of_truth"].hasFocus()
    fail_point = fields.marks["fail_point"]
    qtbot.mouseClick(fail_point, Qt.MouseButton.LeftButton, pos=QPoint(8, fail_point.height() // 2))  # its box
    assert document.touchpoint(id).marks == ["moment_of_truth", "fail_point", "pain_point"]
    undo(qtbot, window)
    assert document.touchpoint(id).marks == ["moment_of_truth", "pain_point"]
    assert not fields.marks["fail_point"].isChecked()
    undo(qtbot, window)
    undo(qtbot, window)
    assert chain_bytes(window) == before
    assert not any(box.isChecked() for box in fields.marks.values())


def test_the_blueprint_letters_clash_with_no_other_field(qtbot, window):
    select_step(window)
    inspector = window.inspector
    from tests.widgets.test_first_hour import mnemonics

    letters = mnemonics(window) + [
        box.text().split("&")[1][0].lower() for box in inspector.blueprint.marks.values()
    ]
    assert len(letters) == len(set(letters))
    for letter, field in (("g", inspector.blueprint.stage), ("o", inspector.blueprint.duration)):
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(field.hasFocus)


def test_a_handoffs_waiting_time_is_one_undo_step(qtbot, window):
    document, inspector = window.document, window.inspector
    handoff = document.chain.handoffs[0]
    window.view.select([handoff.id])
    assert inspector.handoff_id == handoff.id
    before = chain_bytes(window)
    box = inspector.handoff_wait
    assert box.text() == "not set"
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "90")
    assert document.handoff(handoff.id).wait_minutes == 90
    undo(qtbot, window)
    assert chain_bytes(window) == before
    assert box.text() == "not set"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert box.text() == "90 min"  # and redo


def test_the_roster_follows_people_added_and_renamed(qtbot, window):
    """The roster is read again only when the people change (a large chain has thousands
    of them, and every edit shows the touchpoint again); then at once."""
    document, fields = window.document, window.inspector.blueprint
    select_step(window)
    person = document.chain.people[0]
    old_name = person.name
    document.add_person("Noor Haddad")
    document.set_fields(person.id, "Rename", name="Ines Okafor")
    names = [action.text() for action in fields.consulted.menu().actions()]
    assert "Noor Haddad" in names and "Ines Okafor" in names and old_name not in names
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [action.text() for action in fields.consulted.menu().actions()] == [
        person.name for person in document.chain.people]
