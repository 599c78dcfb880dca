"""The Comments dock, the comment markers and review sessions, driven through the window.

Every verb is one undo step taken back by Ctrl+Z; the markers on the canvas follow the
open comments; a session made current tags what is said and signed while it lasts.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.review_author import has_chosen_author, review_author, set_review_author
from models.chain_file import chain_to_bytes
from tests.widgets.conftest import click, viewport_point
from widgets.canvas.comment_marker import card_marker_rect, marker_area
from widgets.comment_dialog import CommentDialog
from widgets.sessions_dialog import SessionEditor, SessionsDialog
from widgets.signoff_dialog import SignOffDialog

CARD = "tp-order-online"  # "Orders in the web shop", in the retail sample


def chain_bytes(window) -> bytes:
    return chain_to_bytes(window.document.chain)


def undo(qtbot, window, where=None) -> None:
    """Ctrl+Z, typed where the user is: in the Comments dock (or in `where`)."""
    where = where or window.comments_panel.tree
    where.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is where.window())
    qtbot.keyClick(where, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def answer_dialog(qtbot, text: str, kind: str | None = None, author: str | None = None, replace: bool = False):
    """Fill the comment dialog that the next action opens, and press OK."""
    seen = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CommentDialog)
        seen["about"] = dialog.findChild(type(dialog.error_label), "commentAbout").text()
        seen["asked_author"] = dialog.author_edit is not None
        if replace:
            dialog.text_edit.selectAll()
        qtbot.keyClicks(dialog.text_edit, text)
        if kind is not None:
            dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
        if author is not None:
            dialog.author_edit.clear()
            qtbot.keyClicks(dialog.author_edit, author)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    return seen


def add_via_action(qtbot, window, text: str, **answers) -> dict:
    seen = answer_dialog(qtbot, text, **answers)
    window.actions_by_id["review.add_comment"].trigger()
    return seen


def marker_count(window, id: str) -> int:
    scene = window.scene
    return (scene.touchpoint_items.get(id) or scene.handoff_items.get(id) or scene.lane_items[id]).open_comments


def comments(window):
    return {c.id: c for c in window.document.chain.comments}


def test_add_reply_resolve_reopen_edit_delete_each_undone_by_ctrl_z(qtbot, window):
    panel = window.comments_panel
    window.view.select([CARD])
    assert not has_chosen_author()
    before_add = chain_bytes(window)
    seen = add_via_action(qtbot, window, "Customers wait too long here at lunch time", kind="critique", author="Ana  Ruiz")
    assert seen == {"about": "On: Orders in the web shop", "asked_author": True}
    (first,) = window.document.chain.comments
    assert (first.element, first.author, first.kind, first.status) == (CARD, "Ana Ruiz", "critique", "open")
    assert has_chosen_author() and review_author() == "Ana Ruiz"
    assert window.docks["dock.comments"].isVisible()
    assert panel.selected_comment() == first.id
    assert marker_count(window, CARD) == 1

    # Reply: not asked for the name again; the reply joins the thread, indented under it.
    before_reply = chain_bytes(window)
    seen = answer_dialog(qtbot, "Agreed: a second till at noon", kind="idea")
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    assert seen["asked_author"] is False and seen["about"].startswith("Reply to Ana Ruiz")
    reply = window.document.chain.comments[-1]
    assert (reply.reply_to, reply.kind, reply.author) == (first.id, "idea", "Ana Ruiz")
    assert panel.tree.topLevelItem(0).child(0).data(0, Qt.ItemDataRole.UserRole) == reply.id
    assert marker_count(window, CARD) == 2

    # Resolve the thread: gone from the default (open) filter and from the marker.
    panel.select_comment(first.id)
    before_resolve = chain_bytes(window)
    qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
    assert {c.status for c in window.document.chain.comments} == {"resolved"}
    assert marker_count(window, CARD) == 0 and panel.tree.topLevelItemCount() == 0
    assert window.document.undo_stack.undoText() == "Resolve comment"
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("resolved"))
    panel.select_comment(first.id)
    assert panel.resolve_button.text() == "Re&open"
    qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)  # reopen
    assert {c.status for c in window.document.chain.comments} == {"open"}
    assert window.document.undo_stack.undoText() == "Reopen comment"
    undo(qtbot, window)
    assert {c.status for c in window.document.chain.comments} == {"resolved"}
    undo(qtbot, window)
    assert chain_bytes(window) == before_resolve and marker_count(window, CARD) == 2

    # Edit the first comment's text and kind.
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("open"))
    panel.select_comment(first.id)
    answer_dialog(qtbot, "Customers queue for ten minutes", kind="question", replace=True)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    edited = comments(window)[first.id]
    assert (edited.text, edited.kind) == ("Customers queue for ten minutes", "question")
    assert window.document.undo_stack.undoText() == "Edit comment"
    undo(qtbot, window)
    assert chain_bytes(window) == before_resolve

    # Delete with the Delete key: it has a reply, so it asks first.
    panel.select_comment(first.id)
    panel.tree.setFocus()
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert window.document.chain.comments == [] and marker_count(window, CARD) == 0
    assert window.document.has(CARD)  # the card itself stays: Delete was the comment's
    undo(qtbot, window)
    assert chain_bytes(window) == before_resolve
    undo(qtbot, window)
    assert chain_bytes(window) == before_reply
    undo(qtbot, window)
    assert chain_bytes(window) == before_add and marker_count(window, CARD) == 0


def test_filters_by_kind_status_element_and_session(qtbot, window):
    document, panel = window.document, window.comments_panel
    session = document.add_session("2026-12-01", "Front desk walkthrough")
    on_card = document.add_comment(CARD, "Slow", "Ana", "critique", session=session)
    on_chain = document.add_comment(None, "Where are returns?", "Bo", "question")
    handoff = document.chain.handoffs[0].id
    on_handoff = document.add_comment(handoff, "Address gets lost", "Cy", "critique")
    done = document.add_comment(CARD, "Nice", "Dee", "praise")
    document.set_fields(done, "Resolve", status="resolved")

    def shown():
        return {item.data(0, Qt.ItemDataRole.UserRole) for item in panel._items()}

    assert shown() == {on_card, on_chain, on_handoff}  # open only, at first
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(None))
    assert shown() == {on_card, on_chain, on_handoff, done}
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("critique"))
    assert shown() == {on_card, on_handoff}
    panel.session_filter.setCurrentIndex(panel.session_filter.findData(session))
    assert shown() == {on_card}
    panel.kind_filter.setCurrentIndex(0)
    panel.session_filter.setCurrentIndex(0)
    panel.element_filter.setCurrentIndex(panel.element_filter.findData("selection"))
    assert shown() == {on_chain}  # nothing selected: the chain's own comments
    window.view.select([handoff])
    assert shown() == {on_handoff}  # follows the selection
    window.view.select([CARD])
    assert shown() == {on_card, done}
    # What each thread is pinned to, and its session, are written on it.
    texts = {item.data(0, Qt.ItemDataRole.UserRole): item.data(0, Qt.ItemDataRole.UserRole + 1) for item in panel._items()}
    assert "On: Orders in the web shop" in texts[on_card] and "session: Front desk walkthrough" in texts[on_card]


def test_clicking_a_comment_selects_its_card_and_a_marker_opens_the_dock(qtbot, window):
    document, panel = window.document, window.comments_panel
    card = document.chain.touchpoints[-1].id  # far right: not in view at first
    id = document.add_comment(card, "Late", "Ana")
    assert marker_count(window, card) == 1
    item = panel.tree.topLevelItem(0)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_touchpoints() == [card]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.touchpoint_items[card].sceneBoundingRect().center())

    # A click on another element's marker: that element is selected, its comments shown.
    other = document.add_comment(CARD, "Too many clicks", "Bo")
    window.docks["dock.inspector"].raise_()
    item = window.scene.touchpoint_items[CARD]
    marker = card_marker_rect(item.kind, item.size()[0], 1).translated(item.scenePos())
    assert marker_area(marker).intersects(item.card_rect()) and not marker.intersects(label_box(item))
    click(window, viewport_point(window, marker.center()))
    assert window.view.selected_touchpoints() == [CARD]
    assert panel.element_filter.currentData() == "selection"
    assert panel.selected_comment() == other and {i.data(0, Qt.ItemDataRole.UserRole) for i in panel._items()} == {other}
    assert not window.docks["dock.comments"].visibleRegion().isEmpty()  # in front of its tabs
    assert id in comments(window)


def label_box(item) -> "QRectF":
    """The scene box of a card's label lines."""
    from PySide6.QtCore import QRectF

    layout = item.layout
    top = layout.label_top
    return QRectF(item.scenePos() + QPointF(0, top), item.scenePos() + QPointF(layout.width, top + len(layout.lines) * layout.line_height))


def test_markers_keep_clear_of_every_label_in_the_samples(window):
    """On every card of the sample, the marker stays above the label, and on screen only."""
    scene = window.scene
    for id, item in scene.touchpoint_items.items():
        marker = card_marker_rect(item.kind, item.size()[0], 120).translated(item.scenePos())  # "99+"
        assert not marker_area(marker).intersects(label_box(item)), id
        assert item.mapRectToScene(item.boundingRect()).contains(marker_area(marker)), id


def test_lane_and_handoff_markers(qtbot, window):
    document = window.document
    lane = document.chain.departments[1].id
    handoff = document.chain.handoffs[0].id
    document.add_comment(lane, "Training on returns", "Ana")
    document.add_comment(handoff, "Address gets lost", "Ana")
    document.add_comment(handoff, "And the phone number", "Bo")
    assert marker_count(window, lane) == 1 and marker_count(window, handoff) == 2
    assert window.scene.comment_marker_at(window.scene.lane_items[lane].comment_marker_rect().center()) == lane
    assert window.scene.comment_marker_at(window.scene.handoff_items[handoff].comment_marker_rect().center()) == handoff
    window.actions_by_id["edit.undo"].trigger()
    assert marker_count(window, handoff) == 1


def test_a_current_session_tags_new_comments_and_signoffs(qtbot, window, monkeypatch):
    document, panel = window.document, window.comments_panel
    set_review_author("Ana Ruiz")
    session = document.add_session("2026-12-01", "Front desk walkthrough")
    window.session.set_review_session(session)
    assert window._review_session_label.text() == "Session: Front desk walkthrough"
    assert "Front desk walkthrough" in panel.session_label.text()
    window.view.select([CARD])
    add_via_action(qtbot, window, "Slow at noon")
    assert document.chain.comments[-1].session == session

    def sign(dialog):
        qtbot.keyClicks(dialog.name_edit, "Bea Smit")
        dialog.accept()

    monkeypatch.setattr(SignOffDialog, "exec", sign)
    window.actions_by_id["review.sign_off"].trigger()
    assert document.touchpoint(CARD).review.signoffs[-1].session == session

    # Removing the session ends it; undoing brings the session back, not as current.
    document.remove_session(session)
    assert window.session.review_session is None and window._review_session_label.text() == ""
    window.view.select([])
    add_via_action(qtbot, window, "About the whole chain")
    assert document.chain.comments[-1].session is None and document.chain.comments[-1].element is None


def test_sessions_dialog_new_edit_remove_and_current_each_undone(qtbot, window):
    document = window.document
    people = [p.id for p in document.chain.people]
    before = chain_bytes(window)

    def new_session():
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, SessionEditor)
        assert editor.date_edit.date() == QDate.currentDate()
        editor.date_edit.setDate(QDate(2026, 12, 1))
        qtbot.keyClicks(editor.title_edit, "Walkthrough")
        editor.attendees.item(0).setCheckState(Qt.CheckState.Checked)
        editor.attendees.item(2).setCheckState(Qt.CheckState.Checked)
        qtbot.keyClicks(editor.notes_edit, "The order path")
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)

    def edit_session():
        editor = QApplication.activeModalWidget()
        editor.title_edit.selectAll()
        qtbot.keyClicks(editor.title_edit, "Walkthrough with the front desk")
        editor.attendees.item(0).setCheckState(Qt.CheckState.Unchecked)
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)

    dialog = SessionsDialog(document, None, window)
    qtbot.addWidget(dialog)
    dialog.current_changed.connect(window.session.set_review_session)
    dialog.show()
    QTimer.singleShot(0, new_session)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    (session,) = document.chain.sessions
    assert (session.date, session.title, session.attendees, session.notes) == (
        "2026-12-01", "Walkthrough", [people[0], people[2]], "The order path")
    assert dialog.list.count() == 1 and dialog.selected_session() == session.id
    after_new = chain_bytes(window)

    QTimer.singleShot(0, edit_session)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    session = document.chain.sessions[0]
    assert (session.title, session.attendees) == ("Walkthrough with the front desk", [people[2]])
    assert "Walkthrough with the front desk" in dialog.list.item(0).text()

    qtbot.mouseClick(dialog.current_button, Qt.MouseButton.LeftButton)
    assert window.session.review_session == session.id and dialog.current_button.text() == "&End Session"
    assert "(current)" in dialog.list.item(0).text()
    qtbot.mouseClick(dialog.current_button, Qt.MouseButton.LeftButton)
    assert window.session.review_session is None
    qtbot.mouseClick(dialog.current_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert document.chain.sessions == [] and dialog.list.count() == 0
    assert window.session.review_session is None  # a removed session is no longer current
    undo(qtbot, window)
    assert dialog.list.count() == 1 and document.chain.sessions[0].title == "Walkthrough with the front desk"
    undo(qtbot, window, dialog.list)
    assert chain_bytes(window) == after_new and "Walkthrough" in dialog.list.item(0).text()
    undo(qtbot, window, dialog.list)
    assert chain_bytes(window) == before and dialog.list.count() == 0


def test_the_review_menu_offers_comments_and_sessions(window):
    actions = window.actions_by_id
    assert actions["review.add_comment"].shortcut().toString() == "Ctrl+Alt+M"
    assert actions["review.sessions"] in window.menus["Review"].actions()
    assert window.docks["dock.comments"].toggleViewAction() in window.menus["View"].actions()


def test_exports_leave_the_markers_out(window, tmp_path):
    """The markers are the editor's: a PNG with open comments is the PNG without them."""
    from dataclasses import replace

    from app.export import ExportOptions, write_export

    chain = window.document.chain
    options = replace(ExportOptions(), badges=True, scale=1.0)
    write_export(chain, "png", tmp_path / "before.png", options)
    # Ideas: a critique on an approved card would add a finding badge, rightly.
    window.document.add_comment(CARD, "Slow", "Ana", "idea")
    window.document.add_comment(chain.departments[0].id, "Training", "Ana", "idea")
    window.document.add_comment(chain.handoffs[0].id, "Address", "Ana", "idea")
    write_export(window.document.chain, "png", tmp_path / "after.png", options)
    assert (tmp_path / "before.png").read_bytes() == (tmp_path / "after.png").read_bytes()


def test_a_batch_that_only_moves_cards_keeps_the_list_and_a_batch_rename_shows(qtbot, window):
    """An auto-layout moves every card: the threads pinned to them are not listed again
    (a quarter of a second with a thousand threads); a batch rename shows at once."""
    from models.chain import Position

    document = window.document
    panel = window.comments_panel
    touchpoints = document.chain.touchpoints
    document.add_comment(touchpoints[0].id, "Too slow", "Ann")
    refreshes = []
    real = panel.refresh
    panel.refresh = lambda: (refreshes.append(1), real())
    document.move_touchpoints(
        {t.id: (t.department, Position(x=t.position.x + 40, y=t.position.y)) for t in touchpoints}
    )
    assert refreshes == []
    document.set_fields([touchpoints[0].id, touchpoints[1].id], "Rename", label="Renamed in a batch")
    assert refreshes
    assert panel._pinned_names[touchpoints[0].id] == "Renamed in a batch"
