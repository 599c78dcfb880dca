"""The Actions dock: improvement actions by phase, made from the canvas selection, a
finding or a comment in one step, moved through plan-do-check-act, each change undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialog

from app.menus import review_menu
from tests.widgets.conftest import chain_bytes, unmeasured_sample
from widgets.actions_panel import ActionDialog

PAST, FUTURE = "2020-03-01", "2099-01-01"


@pytest.fixture
def sample_file(tmp_path):
    """The retail sample without its own actions and ratings: these tests count theirs."""
    return unmeasured_sample(tmp_path)


@pytest.fixture
def dialog_answers(monkeypatch):
    """The action dialog, made for real, filled in by the test and accepted; the dialogs
    it was shown as are in the list."""
    answers: dict = {}
    shown: list[ActionDialog] = []

    def answer(dialog: ActionDialog) -> int:
        shown.append(dialog)
        if "title" in answers:
            dialog.title_edit.setPlainText(answers["title"])
        if "owner" in answers:
            dialog.owner.setCurrentIndex(dialog.owner.findData(answers["owner"]))
        if "due" in answers:
            if answers["due"] is None:
                dialog.no_due.setChecked(True)
            else:
                dialog.no_due.setChecked(False)
                dialog.due.setDate(QDate.fromString(answers["due"], "yyyy-MM-dd"))
        if answers.get("use_selection"):
            dialog.use_selection.click()
        if "phase" in answers:
            dialog.phase.setCurrentIndex(dialog.phase.findData(answers["phase"]))
        return QDialog.DialogCode.Rejected if answers.get("cancel") else QDialog.DialogCode.Accepted

    monkeypatch.setattr(ActionDialog, "exec", answer)
    answers["shown"] = shown
    return answers


def panel_of(window):
    return window.actions_panel


def test_new_action_improves_the_canvas_selection_and_undo_takes_it_away(window, dialog_answers):
    document = window.document
    first, second = document.chain.touchpoints[1].id, document.chain.touchpoints[2].id
    owner = document.chain.people[0]
    window.view.select([first, second])
    before = chain_bytes(window)
    dialog_answers.update(title="Confirm web orders within the hour", owner=owner.id, due=FUTURE)
    panel_of(window).new_button.click()

    (action,) = document.chain.actions
    assert action.title == "Confirm web orders within the hour"
    assert action.elements == [first, second]
    assert (action.owner, action.phase, action.due) == (owner.id, "plan", FUTURE)
    card = panel_of(window).cards[action.id]
    assert card.title.text() == action.title
    assert owner.name in card.owner.text()
    assert panel_of(window).current_action() == action.id
    assert window.actions_by_id["edit.undo"].text() == f"&Undo Add the action {action.title}"
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before
    assert panel_of(window).cards == {}
    assert panel_of(window).empty_label.isVisibleTo(panel_of(window))


def test_cancelling_the_dialog_adds_nothing(window, dialog_answers):
    before = chain_bytes(window)
    dialog_answers.update(title="Never mind", cancel=True)
    window.actions_by_id["review.new_action"].trigger()
    assert chain_bytes(window) == before


def test_selecting_an_action_selects_its_elements_on_the_canvas(window):
    document = window.document
    touchpoint, handoff = document.chain.touchpoints[3].id, document.chain.handoffs[0].id
    lane = document.chain.departments[2].id
    id = document.add_action("Shorten the wait", [touchpoint, handoff, lane])
    window.view.select([])
    panel_of(window).select_action(id)
    assert window.view.selected_touchpoints() == [touchpoint]
    assert window.view.selected_handoffs() == [handoff]
    assert lane in [item.department_id for item in window.scene.lane_items.values() if item.isSelected()]
    assert "Shorten the wait" in panel_of(window).cards[id].title.text()


def test_next_phase_moves_an_action_through_the_cycle_one_undo_step_each(window):
    document = window.document
    id = document.add_action("Check the picking list", [document.chain.touchpoints[0].id])
    panel = panel_of(window)
    panel.select_action(id)
    phases = []
    for _ in range(4):
        panel.next_button.click()
        phases.append(document.element(id).phase)
    assert phases == ["do", "check", "act", "done"]
    assert panel.current_action() == id  # it stays selected as it moves between groups
    assert not panel.next_button.isEnabled()  # done is the end
    window.actions_by_id["edit.undo"].trigger()
    assert document.element(id).phase == "act"
    assert panel.next_button.text() == "Move to Done"


def test_edit_changes_title_owner_and_due_date_in_one_step(window, dialog_answers):
    document = window.document
    id = document.add_action("Draft", [document.chain.touchpoints[0].id], due=FUTURE)
    panel = panel_of(window)
    panel.select_action(id)
    steps = document.undo_stack.count()
    dialog_answers.update(title="Call back every complaint the same day", owner=document.chain.people[1].id, due=None)
    panel.edit_button.click()
    action = document.element(id)
    assert (action.title, action.owner, action.due) == ("Call back every complaint the same day", document.chain.people[1].id, None)
    assert action.elements == [document.chain.touchpoints[0].id]
    assert document.undo_stack.count() == steps + 1
    assert panel.cards[id].due.text() == "No due date"
    window.actions_by_id["edit.undo"].trigger()
    assert (document.element(id).title, document.element(id).due) == ("Draft", FUTURE)


def test_the_edit_dialog_shows_the_action_as_it_is(window):
    document = window.document
    id = document.add_action("Audit", [document.chain.touchpoints[0].id], owner=document.chain.people[0].id,
                             phase="check", due=FUTURE, notes="with the auditor")
    dialog = ActionDialog(document, window, action=document.element(id))
    assert dialog.values() == dict(title="Audit", phase="check", owner=document.chain.people[0].id, due=FUTURE,
                                   elements=[document.chain.touchpoints[0].id], comments=[], notes="with the auditor")
    dialog.title_edit.setPlainText("  \n ")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # a title is needed
    dialog.deleteLater()


def test_delete_removes_the_action_and_undo_brings_it_back(window):
    document = window.document
    id = document.add_action("Remove me", [])
    panel = panel_of(window)
    panel.select_action(id)
    panel.delete_button.click()
    assert document.chain.actions == []
    assert "Undo brings it back" in window.statusBar().currentMessage()
    window.actions_by_id["edit.undo"].trigger()
    assert [action.id for action in document.chain.actions] == [id]
    assert id in panel.cards


def test_an_overdue_action_says_so_in_words_and_an_icon_not_colour_alone(window):
    document = window.document
    late = document.add_action("Late", [], due=PAST)
    on_time = document.add_action("On time", [], due=FUTURE)
    finished = document.add_action("Finished late", [], due=PAST, phase="done")
    cards = panel_of(window).cards
    assert cards[late].overdue and "Overdue" in cards[late].due.text()
    assert cards[late].due_icon.isVisibleTo(cards[late])
    assert cards[late].due.palette().color(cards[late].due.foregroundRole()).name() == "#c62828"
    for quiet in (on_time, finished):
        assert not cards[quiet].overdue and "Overdue" not in cards[quiet].due.text()
        assert not cards[quiet].due_icon.isVisibleTo(cards[quiet])


def test_actions_are_grouped_by_phase_and_filtered_by_owner(window):
    document = window.document
    anna, tom = document.chain.people[0], document.chain.people[1]
    mine = document.add_action("Mine", [], owner=anna.id, phase="do")
    theirs = document.add_action("Theirs", [], owner=tom.id, phase="plan")
    nobodys = document.add_action("Nobody's", [], phase="done")
    panel = panel_of(window)
    headings = [panel.list.item(row).text() for row in range(panel.list.count()) if panel.list.item(row).text()]
    assert headings == ["Plan (1)", "Do (1)", "Done (1)"]
    panel.owner_filter.setCurrentIndex(panel.owner_filter.findData(anna.id))
    assert set(panel.cards) == {mine}
    panel.owner_filter.setCurrentIndex(panel.owner_filter.findText("Nobody yet"))
    assert set(panel.cards) == {nobodys}
    panel.show_done.setChecked(False)
    assert panel.cards == {}
    assert panel.select_action(theirs)  # selecting a hidden action shows every action again
    assert set(panel.cards) == {mine, theirs, nobodys}


def test_a_long_title_is_shown_whole_on_several_lines(window):
    title = "Confirm every web order by e-mail within the hour, with the delivery slot the customer chose and a number to call"
    id = window.document.add_action(title, [])
    window.docks["dock.actions"].raise_()
    QApplication.processEvents()
    panel = panel_of(window)
    card = panel.cards[id]
    assert card.title.text() == title
    row = next(panel.list.item(r) for r in range(panel.list.count()) if panel.list.item(r).data(Qt.ItemDataRole.UserRole) == id)
    line = card.title.fontMetrics().lineSpacing()
    assert card.title.heightForWidth(panel.list.viewport().width()) >= 2 * line  # it wraps
    assert row.sizeHint().height() >= 4 * line + card.title.heightForWidth(panel.list.viewport().width()) - line


def test_create_action_from_the_selected_finding(window, dialog_answers):
    document = window.document
    findings = window.findings_panel
    finding = next(f for f in window.lint.findings if f.rule == "measure-target-required")
    assert findings.select_finding(finding.rule, finding.element)
    window.actions_by_id["review.action_from_finding"].trigger()
    (action,) = document.chain.actions
    assert action.title == " ".join(finding.message.split())
    assert action.elements == [finding.element]
    assert window.actions_panel.current_action() == action.id
    assert document.undo_stack.undoText() == f"Add the action {action.title}"


def test_create_action_from_the_findings_context_menu(window, dialog_answers):
    findings = window.findings_panel
    finding = next(f for f in window.lint.findings if f.rule == "measure-target-required")
    findings.select_finding(finding.rule, finding.element)
    index = findings.table.selectionModel().selectedRows()[0]
    point = findings.table.visualRect(index).center()

    def choose_create():
        menu = QApplication.activePopupWidget()
        next(action for action in menu.actions() if action.text() == "Create Action…").trigger()
        menu.close()

    QTimer.singleShot(0, choose_create)
    viewport = findings.table.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)))
    (action,) = window.document.chain.actions
    assert action.elements == [finding.element]


def test_create_action_from_a_comment_answers_it(window, dialog_answers):
    document = window.document
    touchpoint = document.chain.touchpoints[2].id
    comment = document.add_comment(touchpoint, "Customers wait twenty minutes at the desk.", "Ana")
    reply = document.add_comment(None, "Agreed, mornings are worst.", "Tom", reply_to=comment)
    id = review_menu.new_action_for_comment(window, reply)
    action = document.element(id)
    assert (action.title, action.elements, action.comments) == ("Agreed, mornings are worst.", [touchpoint], [reply])
    assert "Agreed, mornings are worst." in dialog_answers["shown"][0].findChild(type(dialog_answers["shown"][0].improves), "actionComments").text()


def test_clicking_an_overdue_finding_selects_the_action_in_the_dock(window, qtbot):
    document = window.document
    touchpoint = document.chain.touchpoints[1].id
    id = document.add_action("Overdue one", [touchpoint], due=PAST)
    window.docks["dock.inspector"].raise_()
    findings = window.findings_panel
    QApplication.processEvents()
    assert findings.select_finding("action-overdue", id)
    index = findings.table.selectionModel().selectedRows()[0]
    with qtbot.waitSignal(findings.finding_activated):
        findings.table.activated.emit(index)
    assert window.actions_panel.current_action() == id
    assert window.actions_panel.isVisible()  # its tab came to the front
    assert window.view.selected_touchpoints() == [touchpoint]
    assert window.statusBar().currentMessage() == f"Due {PAST}, still in plan."


def test_create_action_from_comment_without_a_comment_says_what_to_do(window, dialog_answers):
    before = chain_bytes(window)
    window.actions_by_id["review.action_from_comment"].trigger()
    assert window.statusBar().currentMessage() == "Select a comment in the Comments panel first."
    assert dialog_answers["shown"] == [] and chain_bytes(window) == before


def test_renaming_an_element_renames_it_under_improves(window, qtbot):
    document = window.document
    touchpoint = document.chain.touchpoints[2].id
    id = document.add_action("Faster", [touchpoint])
    document.set_fields(touchpoint, "Rename", label="Greets every visitor")
    qtbot.waitUntil(lambda: window.actions_panel.cards[id].improves.text() == "Improves: Greets every visitor", timeout=2000)


def test_the_dock_stays_narrow_and_no_card_is_cut(window):
    document = window.document
    for phase in ("plan", "do", "check"):
        document.add_action(f"A long title for the {phase} phase that has to wrap over several lines in the dock",
                            [t.id for t in document.chain.touchpoints[:4]], owner=document.chain.people[0].id,
                            phase=phase, due=PAST)
    panel = window.actions_panel
    assert panel.minimumSizeHint().width() <= 300  # the canvas keeps a small window's width
    window.docks["dock.actions"].raise_()
    QApplication.processEvents()
    for card in panel.cards.values():
        assert card.width() <= panel.list.viewport().width()
        assert card.height() >= card.layout().heightForWidth(card.width())


def test_edit_can_take_the_canvas_selection_as_what_the_action_improves(window, dialog_answers):
    document = window.document
    first, second, third = (t.id for t in document.chain.touchpoints[:3])
    id = document.add_action("Faster", [first])
    panel = window.actions_panel
    panel.select_action(id)
    assert window.view.selected_touchpoints() == [first]
    window.view.select([first, third])  # Ctrl+click another card; the action stays selected
    assert panel.current_action() == id
    dialog_answers.update(use_selection=True)
    panel.edit_button.click()
    assert document.element(id).elements == [first, third]
    assert second not in document.element(id).elements


def test_a_batch_that_only_moves_cards_leaves_the_cards_be_and_a_batch_rename_shows(window):
    """An auto-layout of 20,000 cards with hundreds of actions used to rebuild every
    action card (seconds); a batch that renames an element an action improves still shows."""
    from models.chain import Position

    document = window.document
    touchpoints = document.chain.touchpoints
    id = document.add_action("Shorten the wait", [touchpoints[0].id])
    panel = panel_of(window)
    card = panel.cards[id]
    document.move_touchpoints(
        {t.id: (t.department, Position(x=t.position.x + 40, y=t.position.y)) for t in touchpoints}
    )
    assert panel.cards[id] is card
    document.set_fields([touchpoints[0].id, touchpoints[1].id], "Rename", label="Renamed in a batch")
    assert "Renamed in a batch" in panel.cards[id].improves.text()


def test_renaming_an_element_no_action_improves_leaves_the_cards_be(window, qtbot):
    """Typing in the label of a touchpoint that no action names must not rebuild every
    action card each time the typing pauses (seconds and tens of MB at 20,000)."""
    document = window.document
    named, other = (t.id for t in document.chain.touchpoints[2:4])
    id = document.add_action("Faster", [named])
    panel = window.actions_panel
    card = panel.cards[id]
    document.set_fields(other, "Rename", label="Nobody improves this one")
    qtbot.wait(450)  # longer than the rename timer
    assert panel.cards[id] is card
    document.set_fields(named, "Rename", label="Greets every visitor")
    qtbot.waitUntil(lambda: panel.cards[id].improves.text() == "Improves: Greets every visitor", timeout=2000)
