"""The sign-off dialog: one sign-off and its status move are one undo step."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from app.document import Document
from models.chain import Review, SignOff
from models.chain_file import chain_to_bytes
from tests.undo_redo import snapshot, undo_redo_round_trip
from widgets.signoff_dialog import NAME_SETTING, SignOffDialog, next_status


def open_dialog(qtbot, document, touchpoint_id: str = "confirm-order") -> SignOffDialog:
    dialog = SignOffDialog(document, touchpoint_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def with_review(chain, touchpoint_id: str, status: str, *roles: str) -> None:
    """Give a touchpoint of the fixture chain a review, before a Document is made of it."""
    touchpoint = next(t for t in chain.touchpoints if t.id == touchpoint_id)
    signoffs = [SignOff(name=f"Signer {i}", role=role, date="2025-01-0" + str(i + 1)) for i, role in enumerate(roles)]
    touchpoint.review = Review(status=status, signoffs=signoffs)


def test_next_status():
    assert [next_status(s) for s in ("identified", "examined", "critiqued", "approved")] == [
        "examined", "critiqued", "approved", None,
    ]


def test_adds_a_signoff_and_moves_the_status_in_one_step(qtbot, document):
    before = snapshot(document)
    dialog = open_dialog(qtbot, document)
    assert dialog.findChild(QLabel, "signOffTouchpoint").text() == "Confirms the order"
    assert "Identified" in dialog.findChild(QLabel, "signOffStatus").text()
    qtbot.keyClicks(dialog.name_edit, "Bea Smit")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("service_provider"))
    dialog.date_edit.setDate(QDate(2025, 3, 14))
    qtbot.keyClicks(dialog.note_edit, "Checklist walked through")
    assert dialog.status_combo.currentData() == "examined"  # the next status by default
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    review = document.touchpoint("confirm-order").review
    assert review.status == "examined"
    assert review.signoffs == [
        SignOff(name="Bea Smit", role="service_provider", date="2025-03-14", note="Checklist walked through")
    ]
    assert dialog.result() == SignOffDialog.DialogCode.Accepted
    stack = document.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Sign off by Bea Smit"
    undo_redo_round_trip(document, before)


def test_keep_the_status(qtbot, document):
    dialog = open_dialog(qtbot, document)
    dialog.name_edit.setText("Bea Smit")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(None))
    dialog.ok_button.click()
    review = document.touchpoint("confirm-order").review
    assert review.status == "identified" and len(review.signoffs) == 1
    assert review.signoffs[0].note is None  # an empty note is left out of the file


def test_ok_needs_a_name(qtbot, document):
    dialog = open_dialog(qtbot, document)
    assert dialog.name_edit.text() == ""
    assert not dialog.ok_button.isEnabled()
    dialog.name_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.name_edit.setText("Bea")
    assert dialog.ok_button.isEnabled()


def test_defaults_date_today_and_format(qtbot, document):
    dialog = open_dialog(qtbot, document)
    assert dialog.date_edit.date() == QDate.currentDate()
    assert dialog.date_edit.displayFormat() == "yyyy-MM-dd"
    assert dialog.date_edit.calendarPopup()


def test_name_is_remembered(qtbot, document):
    QSettings().setValue(NAME_SETTING, "Anna de Vries")
    dialog = open_dialog(qtbot, document)
    assert dialog.name_edit.text() == "Anna de Vries"
    dialog.name_edit.setText("Bea Smit")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("service_provider"))
    dialog.accept()
    again = open_dialog(qtbot, document, "pick-and-pack")
    assert again.name_edit.text() == "Bea Smit"
    assert again.role_combo.currentData() == "service_provider"


def test_cancel_changes_nothing(qtbot, document):
    before = chain_to_bytes(document.chain)
    dialog = open_dialog(qtbot, document)
    dialog.name_edit.setText("Bea Smit")
    dialog.reject()
    assert chain_to_bytes(document.chain) == before
    assert QSettings().value(NAME_SETTING) is None


def test_hint_when_approving_without_both_roles(qtbot, qapp, chain):
    with_review(chain, "confirm-order", "critiqued", "management")
    dialog = open_dialog(qtbot, Document(chain))
    assert dialog.status_combo.currentData() == "approved"
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("management"))
    assert dialog.hint_label.isVisible()
    assert dialog.hint_label.text().endswith(
        "Approval needs a sign-off from management and from a service provider; "
        "still missing: a service provider."
    )
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("service_provider"))
    assert not dialog.hint_label.isVisible()  # this sign-off completes the pair
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("management"))
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(None))
    assert not dialog.hint_label.isVisible()  # not approving: nothing to warn about


def test_hint_names_management_when_it_is_missing(qtbot, qapp, chain):
    with_review(chain, "confirm-order", "critiqued", "service_provider")
    dialog = open_dialog(qtbot, Document(chain))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("service_provider"))
    assert dialog.hint_label.text().endswith("still missing: management.")


def test_approved_touchpoint_keeps_its_status_and_lists_signoffs(qtbot, qapp, chain):
    with_review(chain, "confirm-order", "approved", "management", "service_provider")
    document = Document(chain)
    dialog = open_dialog(qtbot, document)
    assert dialog.status_combo.count() == 1 and dialog.status_combo.currentData() is None
    table = dialog.findChild(QTableWidget, "signOffTable")
    assert table.rowCount() == 2
    assert [table.item(1, column).text() for column in range(3)] == ["Signer 1", "Service provider", "2025-01-02"]
    assert not dialog.hint_label.isVisible()
    dialog.name_edit.setText("Bea Smit")
    dialog.accept()
    review = document.touchpoint("confirm-order").review
    assert review.status == "approved" and len(review.signoffs) == 3
