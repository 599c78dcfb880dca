"""The Rules dialog: each rule's severity for this chain, applied at once and undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton

from models.lint import RULES, lint_chain
from widgets.rules_dialog import RulesDialog


@pytest.fixture
def dialog(qtbot, document):
    dialog = RulesDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(qtbot, dialog: RulesDialog, rule: str, text: str) -> None:
    """Open the rule's combo and click `text` in its list, as a user would."""
    combo = dialog.combos[rule]
    combo.showPopup()
    view = combo.view()
    qtbot.waitExposed(view)
    rect = view.visualRect(combo.model().index(combo.findText(text), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert combo.currentText() == text


def rules_of(findings) -> dict[str, str]:
    return {finding.rule: finding.severity for finding in findings}


def test_lists_every_rule_with_its_default_and_this_chains_setting(dialog):
    table = dialog.table
    assert table.rowCount() == len(RULES)
    assert [table.item(row, 0).text() for row in range(table.rowCount())] == list(RULES)
    row = list(RULES).index("weak-link")
    assert table.item(row, 1).text() == RULES["weak-link"].summary
    assert table.item(row, 2).text() == "Info"
    assert dialog.combos["weak-link"].currentText() == "Default (Info)"
    assert [dialog.combos["weak-link"].itemText(i) for i in range(5)] == [
        "Default (Info)", "Off", "Info", "Warning", "Error"
    ]
    assert not dialog.reset_button.isEnabled()  # nothing to reset yet


def test_selecting_a_rule_shows_why_it_matters_and_how_to_fix(qtbot, dialog):
    row = list(RULES).index("handoff-passes-required")
    rect = dialog.table.visualRect(dialog.table.model().index(row, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = dialog.details.toPlainText()
    assert RULES["handoff-passes-required"].rationale in text
    assert RULES["handoff-passes-required"].hint in text
    assert dialog.details.isReadOnly()


def test_turning_a_rule_off_changes_the_chain_and_its_findings(qtbot, dialog, document):
    assert "weak-link" in rules_of(lint_chain(document.chain))
    choose(qtbot, dialog, "weak-link", "Off")
    assert document.chain.lint.rules == {"weak-link": "off"}
    assert "weak-link" not in rules_of(lint_chain(document.chain))
    assert document.undo_stack.count() == 1
    assert dialog.reset_button.isEnabled()


def test_raising_a_rule_makes_its_findings_errors(qtbot, dialog, document):
    assert rules_of(lint_chain(document.chain))["expectation-required"] == "warning"
    choose(qtbot, dialog, "expectation-required", "Error")
    assert document.chain.lint.rules == {"expectation-required": "error"}
    assert rules_of(lint_chain(document.chain))["expectation-required"] == "error"
    # Back to the default through the combo, not by undo.
    choose(qtbot, dialog, "expectation-required", "Default (Warning)")
    assert document.chain.lint.rules == {}
    assert document.undo_stack.count() == 2


def test_undo_while_open_updates_the_combos(qtbot, dialog, document):
    choose(qtbot, dialog, "weak-link", "Off")
    document.undo_stack.undo()
    assert document.chain.lint.rules == {}
    assert dialog.combos["weak-link"].currentText() == "Default (Info)"
    assert not dialog.reset_button.isEnabled()
    document.undo_stack.redo()
    assert dialog.combos["weak-link"].currentText() == "Off"
    assert document.undo_stack.count() == 1  # refreshing the combo pushed nothing


def test_reset_all_to_defaults_is_one_undo_step(qtbot, dialog, document):
    default_findings = lint_chain(document.chain)
    for rule, text in (("weak-link", "Off"), ("expectation-required", "Error"),
                       ("review-not-approved", "Warning")):
        choose(qtbot, dialog, rule, text)
    settings = dict(document.chain.lint.rules)
    assert len(settings) == 3
    steps = document.undo_stack.count()

    button = dialog.findChild(QPushButton, "resetRulesButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert document.chain.lint.rules == {}
    assert all(combo.currentIndex() == 0 for combo in dialog.combos.values())
    assert document.undo_stack.count() == steps + 1
    assert lint_chain(document.chain) == default_findings

    document.undo_stack.undo()
    assert document.chain.lint.rules == settings
    assert dialog.combos["expectation-required"].currentText() == "Error"


def test_every_control_has_an_accessible_name(dialog):
    assert dialog.table.accessibleName()
    assert dialog.details.accessibleName()
    assert dialog.reset_button.accessibleName()
    assert all(combo.accessibleName() for combo in dialog.combos.values())


def test_the_mouse_wheel_does_not_change_a_rule(qtbot, dialog, document):
    combo = dialog.combos["start-required"]
    centre = QPointF(combo.rect().center())
    event = QWheelEvent(
        centre, QPointF(combo.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(combo, event)
    assert combo.currentIndex() == 0
    assert not event.isAccepted()  # left to the table, which scrolls
    assert document.chain.lint.rules == {}
