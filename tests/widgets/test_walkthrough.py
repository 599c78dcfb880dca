"""The walkthrough (View > Walkthrough, F5), driven by keys and clicks as a meeting room would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from app.document import Document
from app.review_author import set_review_author
from models.chain import Chain, Department
from widgets.signoff_dialog import SignOffDialog
from widgets.walkthrough import CritiqueDialog, Walkthrough

DECISION = "tp-item-in-stock"


def open_walkthrough(qtbot, window) -> Walkthrough:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    presenter = window.findChild(Walkthrough)
    assert presenter is not None and presenter.isVisible()
    presenter.canvas.finish_glide()
    return presenter


def press(qtbot, presenter: Walkthrough, *keys) -> None:
    for key in keys:
        qtbot.keyClick(presenter, key)
    presenter.canvas.finish_glide()


def walk_to(qtbot, presenter: Walkthrough, touchpoint_id: str) -> None:
    for _ in range(30):
        if presenter.walk.current == touchpoint_id:
            return
        press(qtbot, presenter, Qt.Key.Key_Right)
    raise AssertionError(f"the walk did not reach {touchpoint_id}")


def test_f5_opens_it_on_the_first_start_over_the_whole_window(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    assert presenter.walk.current == "tp-visit-showroom"
    assert presenter.geometry() == window.rect()
    assert "Visits the showroom" in presenter.title_label.text()
    assert "Step 1" in presenter.step_label.text()
    assert "Customer expects" in presenter.details_label.text()
    assert "Grace Mensah" in presenter.details_label.text()  # its sign-offs
    assert QApplication.focusWidget() is presenter
    assert not window.actions_by_id["view.walkthrough"].shortcuts()[0].isEmpty()


def test_the_current_card_is_centred_and_enlarged(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    canvas = presenter.canvas
    assert canvas.zoom() > 1.0
    card = window.scene.touchpoint_items["tp-visit-showroom"].card_rect()
    centre = canvas.mapFromScene(card.center())
    middle = canvas.viewport().rect().center()
    assert abs(centre.x() - middle.x()) <= 2 and abs(centre.y() - middle.y()) <= 2
    assert canvas.viewport().rect().contains(canvas.mapFromScene(card).boundingRect())


def test_right_goes_on_and_left_goes_back(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_Right)
    assert presenter.walk.current == "tp-welcome-visitor"
    assert "Lena Okafor" in presenter.details_label.text()  # its owner
    press(qtbot, presenter, Qt.Key.Key_Space, Qt.Key.Key_Return)
    assert presenter.walk.path == ["tp-visit-showroom", "tp-welcome-visitor", "tp-advise-and-write-order", "tp-sign-order"]
    press(qtbot, presenter, Qt.Key.Key_Left, Qt.Key.Key_Backspace)
    assert presenter.walk.current == "tp-welcome-visitor"
    press(qtbot, presenter, Qt.Key.Key_Home)
    assert presenter.walk.path == ["tp-visit-showroom"]
    press(qtbot, presenter, Qt.Key.Key_Home)  # at a start already: the next start
    assert presenter.walk.path == ["tp-order-online"]


def test_a_decision_shows_its_branches_and_down_enter_takes_the_second(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    walk_to(qtbot, presenter, DECISION)
    rows = [row for row in presenter.rows if row.isVisible()]
    assert len(rows) == 2
    assert "No" in rows[0].text() and "Offers a new date" in rows[0].text()
    assert "Yes" in rows[1].text() and "Picks and packs" in rows[1].text()
    assert "Choose" in presenter.next_heading.text()
    assert presenter.canvas.targets == ["tp-offer-new-date", "tp-pick-and-pack"]
    press(qtbot, presenter, Qt.Key.Key_Down, Qt.Key.Key_Return)
    assert presenter.walk.current == "tp-pick-and-pack"
    press(qtbot, presenter, Qt.Key.Key_Left)
    assert presenter.walk.current == DECISION
    assert presenter.highlight == 1  # the way just walked, so going on retraces it
    press(qtbot, presenter, Qt.Key.Key_1, Qt.Key.Key_Right)
    assert presenter.walk.current == "tp-offer-new-date"


def test_clicks_take_a_way_on_and_go_to_a_card(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    walk_to(qtbot, presenter, DECISION)
    qtbot.mouseClick(presenter.rows[1], Qt.MouseButton.LeftButton)
    assert presenter.walk.current == "tp-pick-and-pack"
    presenter.canvas.finish_glide()
    canvas = presenter.canvas
    card = window.scene.touchpoint_items[DECISION].card_rect()
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(card.center()))
    assert presenter.walk.current == DECISION
    assert presenter.walk.path[-2:] == ["tp-pick-and-pack", DECISION]


def test_c_adds_a_critique_in_the_current_session_and_shows_it_at_once(qtbot, window):
    set_review_author("Ana Ruiz")
    document = window.document
    session = document.add_session("2026-12-01", "Walkthrough with the warehouse")
    window.session.review_session = session
    presenter = open_walkthrough(qtbot, window)
    walk_to(qtbot, presenter, DECISION)
    assert "Walkthrough with the warehouse" in presenter.step_label.text()
    press(qtbot, presenter, Qt.Key.Key_C)
    dialog = presenter.findChild(CritiqueDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.author_edit.text() == "Ana Ruiz"
    assert not dialog.add_button.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "Nobody tells Sales when the stock count is wrong")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("critique"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    comment = document.chain.comments[-1]
    assert (comment.element, comment.kind, comment.author, comment.session, comment.status) == (
        DECISION, "critique", "Ana Ruiz", session, "open"
    )
    assert comment.text == "Nobody tells Sales when the stock count is wrong"
    assert "Nobody tells Sales" in presenter.comments_label.text()
    assert "Open comments (1)" in presenter.comments_label.text()
    assert QApplication.focusWidget() is presenter
    document.undo_stack.undo()  # Undo reaches the chain from the walkthrough too
    assert "Open comments (0)" in presenter.comments_label.text()


def test_a_critique_without_a_session_and_a_question_from_the_keyboard(qtbot, window):
    set_review_author("Ana Ruiz")
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_C)
    dialog = presenter.findChild(CritiqueDialog)
    qtbot.keyClicks(dialog.text_edit, "Who greets a visitor at lunch time?")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("question"))
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    comment = window.document.chain.comments[-1]
    assert (comment.element, comment.kind, comment.session) == ("tp-visit-showroom", "question", None)
    assert "Question" in presenter.comments_label.text()


def test_comments_made_elsewhere_show_and_resolved_ones_do_not(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    document = window.document
    open_id = document.add_comment("tp-visit-showroom", "The entrance is hard to find", "Ana")
    resolved = document.add_comment("tp-visit-showroom", "Signs were old", "Ana")
    document.set_fields(resolved, "Resolve comment", status="resolved")
    text = presenter.comments_label.text()
    assert "The entrance is hard to find" in text and "Signs were old" not in text
    document.add_comment(None, "A reply", "Lena", reply_to=open_id)
    assert "A reply" in presenter.comments_label.text()


def test_s_signs_off_in_the_current_session(qtbot, window):
    document = window.document
    session = document.add_session("2026-12-01", "Review")
    window.session.review_session = session
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_Right)  # Welcomes the visitor: examined, not approved
    before = len(document.touchpoint("tp-welcome-visitor").review.signoffs)
    press(qtbot, presenter, Qt.Key.Key_S)
    dialog = presenter.findChild(SignOffDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Lena Okafor")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    signoffs = document.touchpoint("tp-welcome-visitor").review.signoffs
    assert len(signoffs) == before + 1
    assert (signoffs[-1].name, signoffs[-1].session) == ("Lena Okafor", session)
    assert presenter.details_label.text().count("Lena Okafor") >= 2  # owner and sign-off


def test_g_goes_to_a_touchpoint_by_number(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_G)
    dialog = presenter.findChild(QInputDialog, "walkGoTo")
    assert dialog is not None and dialog.isVisible()
    dialog.setIntValue(presenter.walk.number("tp-pay-balance"))
    dialog.accept()
    assert presenter.walk.current == "tp-pay-balance"


def test_escape_leaves_the_editor_as_it_was(qtbot, window):
    view = window.view
    view.set_zoom(0.8)
    view.horizontalScrollBar().setValue(120)
    view.verticalScrollBar().setValue(60)
    view.select(["tp-sign-order"])
    zoom, scroll = view.zoom(), (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_F11)
    assert presenter.is_full_screen() and window.isFullScreen()
    press(qtbot, presenter, Qt.Key.Key_Delete)  # the window's Delete does not act behind it
    assert window.document.has("tp-sign-order")
    press(qtbot, presenter, Qt.Key.Key_Escape)
    assert not presenter.isVisible()
    assert not window.isFullScreen()
    assert view.zoom() == pytest.approx(zoom)
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == scroll
    assert view.selected_touchpoints() == ["tp-sign-order"]
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_F5)  # and it opens again
    assert any(p.isVisible() for p in window.findChildren(Walkthrough))


def test_a_double_click_on_the_canvas_toggles_full_screen(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    qtbot.mouseDClick(presenter.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.isFullScreen()
    qtbot.mouseDClick(presenter.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not window.isFullScreen()


def test_removing_the_current_touchpoint_keeps_the_walk_going(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_Right)
    window.document.remove(["tp-welcome-visitor"])
    assert presenter.walk.current == "tp-visit-showroom"
    assert "Visits the showroom" in presenter.title_label.text()


def test_the_walkthrough_needs_a_touchpoint(qtbot, window):
    empty = Chain(title="Empty", departments=[Department(id="d", name="Desk")], touchpoints=[])
    window.set_document(Document(empty))
    window.window_actions.update()
    assert not window.actions_by_id["view.walkthrough"].isEnabled()


def test_long_words_wrap_instead_of_widening_the_panel(qtbot, window):
    from models.chain import Procedure

    link = "https://intranet.example.com/" + "/".join(["a-very-long-folder-name-for-procedures"] * 8) + ".pdf"
    window.document.set_fields("tp-welcome-visitor", "Set procedure", procedure=Procedure(title="W" * 120, link=link))
    presenter = open_walkthrough(qtbot, window)
    press(qtbot, presenter, Qt.Key.Key_Right)
    assert link in presenter.details_label.text()  # the link itself is whole
    area = presenter.details_area
    assert area.widget().minimumSizeHint().width() <= area.viewport().width()
    assert area.widget().width() <= area.viewport().width()


def test_going_on_shows_every_touchpoint_then_says_the_walk_is_over(qtbot, window):
    presenter = open_walkthrough(qtbot, window)
    for _ in range(30):
        press(qtbot, presenter, Qt.Key.Key_Right)
    assert len(set(presenter.walk.path)) == len(window.document.chain.touchpoints) == 23
    heading = presenter.next_heading.text()
    assert "End of the walk: 23 of 23 touchpoints shown" in heading
    assert "already seen at step" in presenter.rows[0].text()  # the handoff back, offered
    assert presenter.highlight is None  # and not taken by going on
    path = list(presenter.walk.path)
    press(qtbot, presenter, Qt.Key.Key_Return)
    assert presenter.walk.path == path
