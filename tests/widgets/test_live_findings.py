"""Findings live in the window: inspector edits, badges, the findings dock, rules, ignores."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from models.chain_file import load_chain
from tests.widgets.conftest import chain_bytes, click, card_centre


def staff_touchpoint(window):
    document = window.document
    return next(t for t in document.chain.touchpoints if t.owner and document.department(t.department).role != "customer")


def owner_findings(window, id):
    return [f for f in window.lint.findings if f.rule == "touchpoint-owner-required" and f.element == id]


def settle(window):
    """Let the zero-delay lint timer run."""
    QApplication.processEvents()
    window.lint.flush()


def test_editing_the_owner_in_the_inspector_clears_the_finding_and_its_badge(qtbot, window):
    touchpoint = staff_touchpoint(window)
    owner = touchpoint.owner
    click(window, card_centre(window, touchpoint.id))
    inspector = window.inspector
    combo = inspector.owner
    # Clear the owner from the inspector, as a user would: pick "—" in the combo.
    combo.setCurrentIndex(combo.findData(None))
    combo.activated.emit(combo.currentIndex())
    settle(window)
    assert window.document.touchpoint(touchpoint.id).owner is None
    assert owner_findings(window, touchpoint.id)
    item = window.scene.touchpoint_items[touchpoint.id]
    assert ("error", "Nobody owns this touchpoint.") in item.findings
    assert "Error: Nobody owns this touchpoint." in item.tooltip()
    assert "1 error" in window.findChild(type(window._findings_label), "findingsLabel").text()

    window.actions_by_id["edit.undo"].trigger()
    settle(window)
    assert window.document.touchpoint(touchpoint.id).owner == owner
    assert not owner_findings(window, touchpoint.id)
    assert not any(severity == "error" for severity, _ in item.findings)

    window.actions_by_id["edit.redo"].trigger()
    settle(window)
    assert owner_findings(window, touchpoint.id) and item.findings


def test_typing_in_an_inspector_field_is_one_undo_step(qtbot, window):
    touchpoint = staff_touchpoint(window)
    before = chain_bytes(window)
    click(window, card_centre(window, touchpoint.id))
    field = window.inspector.objective
    field.selectAll()
    qtbot.keyClicks(field, "Within 2 hours")
    assert window.document.touchpoint(touchpoint.id).objective == "Within 2 hours"
    assert window.document.undo_stack.count() == 1
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before


def test_several_touchpoints_share_one_step(qtbot, window):
    document = window.document
    ids = [t.id for t in document.chain.touchpoints if document.department(t.department).role != "customer"][:3]
    window.view.select(ids)
    combo = window.inspector.multi_channel
    assert combo.currentText() in ("(mixed)",) or combo.currentData() is not None
    combo.setCurrentIndex(combo.findData("chat"))
    combo.activated.emit(combo.currentIndex())
    assert {document.touchpoint(id).channel for id in ids} == {"chat"}
    assert document.undo_stack.count() == 1


def test_clicking_a_finding_selects_and_centres_its_element(qtbot, window):
    touchpoint = staff_touchpoint(window)
    window.document.set_fields(touchpoint.id, "Clear owner", owner=None)
    settle(window)
    window.view.centerOn(0, 0)
    panel = window.findings_panel
    assert panel.select_finding("touchpoint-owner-required", touchpoint.id)
    table = panel.findChild(type(panel.table), "findingsTable")
    index = table.currentIndex()
    with qtbot.waitSignal(panel.finding_activated):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert window.view.selected_touchpoints() == [touchpoint.id]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.touchpoint_items[touchpoint.id].card_rect().center())


def test_rules_dialog_changes_findings_and_the_saved_file(qtbot, window):
    from widgets.rules_dialog import RulesDialog

    assert any(f.rule == "review-not-approved" for f in window.lint.findings)
    dialog = RulesDialog(window.document, window)
    combo = dialog.combos["review-not-approved"]
    combo.setCurrentIndex(combo.findText("Off"))
    combo.activated.emit(combo.currentIndex())
    settle(window)
    assert not any(f.rule == "review-not-approved" for f in window.lint.findings)
    window.actions_by_id["file.save"].trigger()
    assert load_chain(window.document.path).lint.rules == {"review-not-approved": "off"}
    dialog.close()


def test_ignore_with_a_reason_round_trips_through_save_and_load(qtbot, window, monkeypatch):
    touchpoint = staff_touchpoint(window)
    window.document.set_fields(touchpoint.id, "Clear owner", owner=None)
    settle(window)
    panel = window.findings_panel
    panel.select_finding("touchpoint-owner-required", touchpoint.id)
    monkeypatch.setattr(panel, "ask_reason", lambda finding: "Outsourced to the courier")
    qtbot.mouseClick(panel.findChild(type(panel.ignore_button), "ignoreFindingButton"), Qt.MouseButton.LeftButton)
    settle(window)
    assert not window.scene.touchpoint_items[touchpoint.id].findings or all(
        severity != "error" for severity, _ in window.scene.touchpoint_items[touchpoint.id].findings
    )
    window.actions_by_id["file.save"].trigger()
    saved = load_chain(window.document.path)
    assert [(i.rule, i.element, i.reason) for i in saved.lint.ignore] == [
        ("touchpoint-owner-required", touchpoint.id, "Outsourced to the courier")
    ]
    ignored = [f for f in window.lint.findings if f.ignored]
    assert [f.ignored for f in ignored] == ["Outsourced to the courier"]


def test_f8_walks_through_the_findings(qtbot, window):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    first = (window.view.selected_touchpoints() + window.view.selected_handoffs())
    assert first and any(f.element == first[0] for f in window.lint.findings)


def test_review_mode_and_sign_off(qtbot, window, monkeypatch):
    from widgets.signoff_dialog import SignOffDialog

    window.actions_by_id["review.mode"].trigger()
    assert window.scene.review_mode
    touchpoint = next(t for t in window.document.chain.touchpoints if t.review.status != "approved")
    window.view.select([touchpoint.id])
    count = len(touchpoint.review.signoffs)

    def sign(dialog):
        dialog.name_edit.setText("Grace Hopper")
        dialog.accept()

    monkeypatch.setattr(SignOffDialog, "exec", lambda dialog: sign(dialog))
    window.actions_by_id["review.sign_off"].trigger()
    review = window.document.touchpoint(touchpoint.id).review
    assert len(review.signoffs) == count + 1 and review.signoffs[-1].name == "Grace Hopper"
    window.actions_by_id["review.mode"].trigger()


def test_find_bar_opens_with_ctrl_f(qtbot, window):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    touchpoint = staff_touchpoint(window)
    window.find_bar.find(touchpoint.label)
    assert touchpoint.id in window.find_bar.matches


def test_align_left_is_one_step_and_keeps_lanes(qtbot, window):
    document = window.document
    first, second = document.chain.departments[1].id, document.chain.departments[2].id
    ids = [document.touchpoints_in(first)[0].id, document.touchpoints_in(second)[0].id]
    assert document.touchpoint(ids[0]).position.x != document.touchpoint(ids[1]).position.x
    before = chain_bytes(window)
    window.view.select(ids)
    window.actions_by_id["arrange.align_left"].trigger()
    assert len({document.touchpoint(id).position.x for id in ids}) == 1
    assert [document.touchpoint(id).department for id in ids] == [first, second]
    assert document.undo_stack.undoText() == "Align left"
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before


def test_file_export_writes_the_chosen_format_and_remembers_it(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QFileDialog

    from widgets.export_dialog import ExportDialog

    target = tmp_path / "deck"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))

    def choose_png():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.format.setCurrentIndex(dialog.format.findData("png"))
        dialog.scale.setCurrentIndex(dialog.scale.findData(1.0))
        dialog.accept()

    QTimer.singleShot(0, choose_png)
    window.actions_by_id["file.export"].trigger()
    written = tmp_path / "deck.png"
    assert written.read_bytes().startswith(b"\x89PNG")
    assert QSettings().value("export/format") == "png"
    assert "Exported to deck.png" in window.statusBar().currentMessage()


def test_the_canvas_describes_the_selection_for_screen_readers(qtbot, window):
    touchpoint = staff_touchpoint(window)
    window.view.select([touchpoint.id])
    description = window.view.accessibleDescription()
    assert description.startswith(f"Touchpoint {touchpoint.label}") and "owner " in description
    assert window.view.accessibleName() == "Chain canvas"


def test_a_renamed_card_shows_its_new_name_in_the_findings_its_rows_keep(qtbot, window):
    """The Element column is looked up as rows are painted; a rename that leaves the
    card's findings as they were has the rows painted again (they kept its old name)."""
    from PySide6.QtCore import QEvent, QObject

    panel, document = window.findings_panel, window.document
    finding = next(f for f in window.lint.findings if f.element and document.has(f.element)
                   and f.element in {t.id for t in document.chain.touchpoints})
    assert panel.select_finding(finding.rule, finding.element)
    settle(window)
    qtbot.wait(50)

    class Paints(QObject):
        count = 0

        def eventFilter(self, _watched, event) -> bool:
            self.count += event.type() == QEvent.Type.Paint
            return False

    paints = Paints()
    panel.table.viewport().installEventFilter(paints)
    touchpoint = document.touchpoint(finding.element)
    findings = list(window.lint.findings)
    document.set_fields(touchpoint.id, "Rename", label="Greets the visitor by name")
    settle(window)
    assert window.lint.findings == findings  # the same findings: no row added or taken
    qtbot.waitUntil(lambda: paints.count > 0)
    row = panel.table.currentIndex()
    assert panel.proxy.index(row.row(), 2).data() == "Greets the visitor by name"
    panel.table.viewport().removeEventFilter(paints)
