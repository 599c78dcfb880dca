"""Drive the real editor window with mouse and keyboard; every edit undoes and redoes exactly."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.document import Document
from app.main_window import MainWindow
from models.chain import MAX_COORDINATE, Position
from models.chain_file import chain_to_bytes, load_chain
from tests.widgets.conftest import (
    card_centre,
    card_right_edge,
    chain_bytes,
    click,
    close_without_asking,
    double_click,
    drag,
    viewport_point,
)
from widgets.canvas.inline_editor import InlineEditor
from widgets.canvas.style import HEADER_WIDTH


def undo_redo_restores(qtbot, window, before: bytes, steps: int = 1) -> None:
    """Undo `steps` times gives `before` back; redo as often gives the edited chain again."""
    after = chain_bytes(window)
    assert after != before
    for _ in range(steps):
        window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before
    for _ in range(steps):
        window.actions_by_id["edit.redo"].trigger()
    assert chain_bytes(window) == after


def empty_spot_in_lane(window, department_id: str) -> QPointF:
    """A scene point in a lane, right of everything in it."""
    scene = window.scene
    right = max(
        (item.card_rect().right() for id, item in scene.touchpoint_items.items()
         if window.document.touchpoint(id).department == department_id),
        default=HEADER_WIDTH,
    )
    top = scene.lane_tops[department_id]
    return QPointF(right + 160, top + scene.lane_heights[department_id] / 2)


def staff_touchpoints(window):
    document = window.document
    return [t for t in document.chain.touchpoints if document.department(t.department).role != "customer"]


def test_double_click_in_a_lane_adds_a_touchpoint_there_and_edits_its_label(qtbot, window):
    before = chain_bytes(window)
    lane = window.document.chain.departments[1]
    double_click(window, viewport_point(window, empty_spot_in_lane(window, lane.id)))
    added = window.document.chain.touchpoints[-1]
    assert added.department == lane.id and added.kind == "step"
    editor = window.view.viewport().findChild(InlineEditor)
    assert editor is not None and editor.hasFocus()
    qtbot.keyClicks(editor, "Greets the caller")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.touchpoint(added.id).label == "Greets the caller"
    assert window.document.undo_stack.undoText() == "Rename touchpoint"
    undo_redo_restores(qtbot, window, before, steps=2)


def test_the_toolbar_kind_chooses_what_a_double_click_adds(qtbot, window):
    before = chain_bytes(window)
    button = window.toolbar.widgetForAction(window.actions_by_id["insert.decision"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chain_bytes(window) == before  # choosing the kind adds nothing
    assert window.actions_by_id["insert.decision"].isChecked()
    assert not window.actions_by_id["insert.step"].isChecked()
    assert window.view.insert_kind == "decision"
    window.view.setFocus()
    lane = window.document.chain.departments[2]
    double_click(window, viewport_point(window, empty_spot_in_lane(window, lane.id)))
    assert window.document.chain.touchpoints[-1].kind == "decision"
    assert window.document.chain.touchpoints[-1].department == lane.id


def nearest_unconnected_pair(window):
    """Two staff touchpoints close to each other with no handoff between them, both in view."""
    document = window.document
    source = staff_touchpoints(window)[0]
    joined = {(h.source, h.target) for h in document.chain.handoffs}
    centre = window.scene.touchpoint_items[source.id].card_rect().center()

    def distance(touchpoint):
        other = window.scene.touchpoint_items[touchpoint.id].card_rect().center()
        return (other - centre).manhattanLength()

    candidates = [t for t in staff_touchpoints(window)[1:] if (source.id, t.id) not in joined]
    target = min(candidates, key=distance)
    middle = (centre + window.scene.touchpoint_items[target.id].card_rect().center()) / 2
    window.view.centerOn(middle)
    return source, target


def test_connect_two_touchpoints_by_dragging_from_the_edge(qtbot, window):
    document = window.document
    source, target = nearest_unconnected_pair(window)
    before = chain_bytes(window)
    drag(window, card_right_edge(window, source.id), card_centre(window, target.id))
    handoff = document.chain.handoffs[-1]
    assert (handoff.source, handoff.target) == (source.id, target.id)
    assert handoff.id in window.scene.handoff_items
    assert document.undo_stack.undoText().startswith("Connect ")
    undo_redo_restores(qtbot, window, before)


def test_self_and_duplicate_handoffs_are_refused_with_a_message(qtbot, window):
    document = window.document
    before = chain_bytes(window)
    handoff = next(
        h for h in document.chain.handoffs
        if document.touchpoint(h.source).department != "customer"
    )
    window.actions_by_id["insert.connect"].trigger()  # connect mode: drag from anywhere on a card
    drag(window, card_centre(window, handoff.source), card_centre(window, handoff.source))
    assert window.statusBar().currentMessage() == "A touchpoint cannot hand off to itself."
    drag(window, card_centre(window, handoff.source), card_centre(window, handoff.target))
    assert "already hands off to" in window.statusBar().currentMessage()
    assert chain_bytes(window) == before


def test_drag_a_touchpoint_into_another_lane_changes_its_department(qtbot, window):
    document = window.document
    touchpoint = staff_touchpoints(window)[0]
    other_lane = next(d for d in document.chain.departments if d.id != touchpoint.department and d.role != "customer")
    before = chain_bytes(window)
    start = card_centre(window, touchpoint.id)
    scene_target = QPointF(
        window.scene.touchpoint_items[touchpoint.id].card_rect().center().x() + 40,
        window.scene.lane_tops[other_lane.id] + 50,
    )
    drag(window, start, viewport_point(window, scene_target))
    moved = document.touchpoint(touchpoint.id)
    assert moved.department == other_lane.id
    assert document.undo_stack.undoText() == "Move 1 touchpoint"
    # The card sits where the model says: in the new lane, inside its band.
    card = window.scene.touchpoint_items[touchpoint.id].card_rect()
    assert window.scene.lane_tops[other_lane.id] <= card.top()
    undo_redo_restores(qtbot, window, before)


def test_arrow_keys_nudge_and_consecutive_nudges_are_one_step(qtbot, window):
    touchpoint = staff_touchpoints(window)[0]
    before = chain_bytes(window)
    click(window, card_centre(window, touchpoint.id))
    x = touchpoint.position.x
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.document.touchpoint(touchpoint.id).position.x == x + 30
    undo_redo_restores(qtbot, window, before, steps=1)


def test_nudging_stops_at_the_formats_bound(qtbot, window):
    # A card pushed to the edge stays inside what a chain file may hold, so saving and
    # opening the chain again still work.
    touchpoint = staff_touchpoints(window)[0]
    edge = Position(x=MAX_COORDINATE - 5, y=touchpoint.position.y)
    window.document.move_touchpoints({touchpoint.id: (touchpoint.department, edge)})
    window.view.centerOn(window.scene.touchpoint_items[touchpoint.id])
    click(window, card_centre(window, touchpoint.id))
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.document.touchpoint(touchpoint.id).position.x == MAX_COORDINATE
    reopened = {t.id: t for t in load_chain(chain_bytes(window)).touchpoints}
    assert reopened[touchpoint.id].position.x == MAX_COORDINATE


def test_rename_in_place_with_f2_and_escape_cancels(qtbot, window):
    touchpoint = staff_touchpoints(window)[1]
    before = chain_bytes(window)
    click(window, card_centre(window, touchpoint.id))
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.view.viewport().findChild(InlineEditor)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Thrown away")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert chain_bytes(window) == before

    click(window, card_centre(window, touchpoint.id))
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = [e for e in window.view.viewport().findChildren(InlineEditor) if e.isVisible()][0]
    qtbot.keyClicks(editor, "Calls the customer back")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.touchpoint(touchpoint.id).label == "Calls the customer back"
    undo_redo_restores(qtbot, window, before)


def test_delete_removes_the_touchpoint_and_its_handoffs(qtbot, window):
    document = window.document
    touchpoint = staff_touchpoints(window)[0]
    touching = [h.id for h in document.handoffs_of(touchpoint.id)]
    assert touching
    before = chain_bytes(window)
    click(window, card_centre(window, touchpoint.id))
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not document.has(touchpoint.id)
    assert not any(document.has(id) for id in touching)
    assert not any(id in window.scene.handoff_items for id in touching)
    assert document.undo_stack.undoText() == "Delete 1 touchpoint"
    undo_redo_restores(qtbot, window, before)


def test_rubber_band_and_shift_click_select_several(qtbot, window):
    first, second, third = staff_touchpoints(window)[:3]
    click(window, card_centre(window, first.id))
    click(window, card_centre(window, second.id), Qt.KeyboardModifier.ControlModifier)
    assert set(window.view.selected_touchpoints()) == {first.id, second.id}
    window.actions_by_id["edit.select_all"].trigger()
    assert len(window.view.selected_touchpoints()) == len(window.document.chain.touchpoints)


def test_copy_and_paste_give_fresh_ids(qtbot, window):
    document = window.document
    first, second = staff_touchpoints(window)[:2]
    before = chain_bytes(window)
    window.view.select([first.id, second.id])
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = window.view.selected_touchpoints()
    assert len(pasted) == 2 and not {first.id, second.id} & set(pasted)
    assert [document.touchpoint(id).label for id in pasted] == [first.label, second.label]
    copy = document.touchpoint(pasted[0])
    assert copy.position.x == first.position.x + 20 and copy.department == first.department
    assert document.undo_stack.undoText() == "Paste 2 touchpoints"
    undo_redo_restores(qtbot, window, before)


def test_paste_into_another_window_adds_missing_lanes_and_owners(qtbot, window):
    touchpoint = staff_touchpoints(window)[0]
    window.view.select([touchpoint.id])
    window.actions_by_id["edit.copy"].trigger()
    other = MainWindow(Document(load_chain(chain_to_bytes(_blank_chain()))))
    try:
        other.actions_by_id["edit.paste"].trigger()
        chain = other.document.chain
        assert [t.label for t in chain.touchpoints] == [touchpoint.label]
        lane_name = window.document.department(touchpoint.department).name
        assert lane_name in [d.name for d in chain.departments]
        owner = window.document.person(touchpoint.owner)
        assert [p.name for p in chain.people] == [owner.name]
    finally:
        close_without_asking(other)


def _blank_chain():
    from app.files import new_chain

    return new_chain()


def test_cut_then_paste_puts_it_back(qtbot, window):
    touchpoint = staff_touchpoints(window)[0]
    window.view.select([touchpoint.id])
    window.actions_by_id["edit.cut"].trigger()
    assert not window.document.has(touchpoint.id)
    assert window.document.undo_stack.undoText() == "Cut 1 touchpoint"
    window.actions_by_id["edit.paste"].trigger()
    pasted = window.document.touchpoint(window.view.selected_touchpoints()[0])
    assert (pasted.label, pasted.position, pasted.department) == (
        touchpoint.label, touchpoint.position, touchpoint.department,
    )


def test_duplicate(qtbot, window):
    touchpoint = staff_touchpoints(window)[0]
    before = chain_bytes(window)
    window.view.select([touchpoint.id])
    window.actions_by_id["edit.duplicate"].trigger()
    assert len(window.document.chain.touchpoints) == len(load_chain(before).touchpoints) + 1
    undo_redo_restores(qtbot, window, before)


def test_departments_add_rename_reorder_and_remove(qtbot, window, monkeypatch):
    document = window.document
    before = chain_bytes(window)
    names = [d.name for d in document.chain.departments]

    # Reorder by dragging the header of the second lane below the third.
    second = document.chain.departments[1]
    header = window.scene.lane_items[second.id].header_rect()
    third = document.chain.departments[2]
    below_third = QPointF(header.center().x(), window.scene.lane_tops[third.id] + window.scene.lane_heights[third.id] - 5)
    drag(window, viewport_point(window, header.center()), viewport_point(window, below_third))
    assert [d.name for d in document.chain.departments][:3] == [names[0], names[2], names[1]]
    undo_redo_restores(qtbot, window, before)
    window.actions_by_id["edit.undo"].trigger()

    # Move up and down from the Arrange menu.
    window.view.select([second.id])
    window.actions_by_id["arrange.lane_down"].trigger()
    assert document.department_index(second.id) == 2
    window.actions_by_id["arrange.lane_up"].trigger()
    assert chain_bytes(window) == before

    # Rename by double-clicking the header.
    double_click(window, viewport_point(window, header.center()))
    editor = window.view.viewport().findChild(InlineEditor)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Sales and Service")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert document.department(second.id).name == "Sales and Service"
    window.actions_by_id["edit.undo"].trigger()

    # Removing a lane that holds touchpoints asks first; Cancel keeps it.
    window.view.select([second.id])
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: next(answers))
    window.actions_by_id["arrange.remove_lane"].trigger()
    assert document.has(second.id)
    window.actions_by_id["arrange.remove_lane"].trigger()
    assert not document.has(second.id)
    assert all(t.department != second.id for t in document.chain.touchpoints)
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before


def test_add_department_from_the_insert_menu(qtbot, window):
    document = window.document
    count = len(document.chain.departments)

    def fill_dialog():
        dialog = QApplication.activeModalWidget()
        dialog.name_edit.setText("Legal")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("support"))
        dialog.accept()

    QTimer.singleShot(0, fill_dialog)
    window.actions_by_id["insert.department"].trigger()
    assert len(document.chain.departments) == count + 1
    added = document.chain.departments[-1]
    assert (added.name, added.role) == ("Legal", "support")
    assert added.id in window.scene.lane_items


def test_zoom_with_keys_and_ctrl_wheel(qtbot, window):
    view = window.view
    view.set_zoom(1.0)
    window.actions_by_id["view.zoom_in"].trigger()
    assert view.zoom() > 1.0
    assert window.findChild(type(window._zoom_label), "zoomLabel").text() == f"{view.zoom():.0%}"
    window.actions_by_id["view.zoom_100"].trigger()
    assert view.zoom() == 1.0
    window.actions_by_id["view.zoom_fit"].trigger()
    assert view.zoom() < 1.0  # the retail sample is larger than the window
    content = window.scene.content_rect()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(content.adjusted(10, 10, -10, -10))


def test_save_and_reopen_compare_equal(qtbot, window, tmp_path):
    double_click(window, viewport_point(window, empty_spot_in_lane(window, window.document.chain.departments[1].id)))
    editor = window.view.viewport().findChild(InlineEditor)
    qtbot.keyClicks(editor, "Sends a thank-you note")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.isWindowModified()
    window.actions_by_id["file.save"].trigger()
    assert not window.isWindowModified()
    reopened = load_chain(window.document.path)
    assert reopened == window.document.chain


def test_save_as_untitled_asks_where_and_adds_the_extension(qtbot, qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = MainWindow.open_first_start()
    assert window.document.path is None and "(unsaved)" in window.windowTitle()
    target = tmp_path / "my chain"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.actions_by_id["file.save"].trigger()
    assert window.document.path == tmp_path / "my chain.chain"
    assert load_chain(window.document.path) == window.document.chain
    assert window.windowTitle().startswith("my chain.chain")
    close_without_asking(window)


def test_unsaved_changes_prompt_cancel_discard_and_save(qtbot, window):
    path = window.document.path
    original = path.read_bytes()
    window.view.select([staff_touchpoints(window)[0].id])
    window.actions_by_id["edit.delete"].trigger()
    assert window.isWindowModified()

    def answer(button):
        def press():
            box = QApplication.activeModalWidget()
            assert box.objectName() == "unsavedChangesDialog"
            box.button(button).click()
        QTimer.singleShot(0, press)

    answer(QMessageBox.StandardButton.Cancel)
    assert window.close() is False and window.isVisible()
    answer(QMessageBox.StandardButton.Save)
    window.actions_by_id["file.new"].trigger()  # opening over unsaved changes asks too
    assert path.read_bytes() != original  # saved first
    assert window.document.path is None and len(window.document.chain.departments) == 1

    window.actions_by_id["insert.touchpoint"].trigger()
    QApplication.processEvents()
    answer(QMessageBox.StandardButton.Discard)
    assert window.close() is True


def test_a_bad_file_is_refused_with_the_loaders_reason_and_nothing_changes(qtbot, window, tmp_path, monkeypatch):
    from app import files

    bad = tmp_path / "bad.chain"
    bad.write_text('{"format": "service-chain", "version": 3}', encoding="utf-8")
    shown = []
    monkeypatch.setattr(files, "show_error", lambda parent, sentence, details=None: shown.append(sentence))
    before = chain_bytes(window)
    assert window.open_path(bad) is False
    assert len(shown) == 1 and "format version 3" in shown[0] and "\n" not in shown[0]
    assert chain_bytes(window) == before


def test_open_recent_remembers_files(qtbot, window, tmp_path):
    from app.files import recent_files

    other = tmp_path / "second.chain"
    other.write_bytes(window.document.path.read_bytes())
    window.open_path(other)
    assert recent_files()[0] == str(other.resolve())
    window._recent_menu.fill()
    entries = [a.text() for a in window._recent_menu.actions() if a.text()]
    assert entries[0] == "&1 second.chain" and entries[-1] == "Clear Menu"


def test_revert_reloads_from_disk(qtbot, window, monkeypatch):
    before = chain_bytes(window)
    window.view.select([staff_touchpoints(window)[0].id])
    window.actions_by_id["edit.delete"].trigger()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
    window.actions_by_id["file.revert"].trigger()
    assert chain_bytes(window) == before and not window.isWindowModified()
    assert len(window.scene.touchpoint_items) == len(window.document.chain.touchpoints)


def test_title_shows_name_and_modified_marker(qtbot, window):
    assert window.windowTitle() == "retail.chain[*] — Chain Designer"
    assert not window.isWindowModified()
    window.view.select([staff_touchpoints(window)[0].id])
    window.actions_by_id["edit.delete"].trigger()
    assert window.isWindowModified()
    window.actions_by_id["edit.undo"].trigger()
    assert not window.isWindowModified()


def test_start_up_without_files_opens_the_sample_as_an_untitled_copy(qtbot, qapp):
    from app.application import open_windows
    from resources.samples import FIRST_START_SAMPLE

    [window] = open_windows([])
    try:
        assert window.document.path is None
        assert window.document.chain == load_chain(FIRST_START_SAMPLE)
        assert not window.isWindowModified()
        assert len(window.scene.touchpoint_items) == len(window.document.chain.touchpoints)
    finally:
        close_without_asking(window)


def test_start_up_with_a_bad_file_says_why_and_still_opens_a_window(qtbot, qapp, tmp_path, monkeypatch):
    from app import files
    from app.application import open_windows

    bad = tmp_path / "broken.chain"
    bad.write_bytes(b"\x00garbage")
    shown = []
    monkeypatch.setattr(files, "show_error", lambda parent, sentence, details=None: shown.append(sentence))
    [window] = open_windows([str(bad)])
    try:
        assert len(shown) == 1 and "broken.chain" in shown[0]
        assert window.isVisible()
    finally:
        close_without_asking(window)


def test_ctrl_wheel_zooms_around_the_mouse(qtbot, window):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent

    view = window.view
    point = QPoint(400, 300)
    under_mouse = view.mapToScene(point)
    event = QWheelEvent(
        QPointF(point), QPointF(view.viewport().mapToGlobal(point)), QPoint(), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() > 1.0
    after = view.mapToScene(point)
    assert abs(after.x() - under_mouse.x()) < 2 and abs(after.y() - under_mouse.y()) < 2


def test_middle_button_pans(qtbot, window):
    from PySide6.QtCore import QPoint

    view = window.view
    view.horizontalScrollBar().setValue(200)
    before = view.horizontalScrollBar().value()
    drag(window, QPoint(600, 400), QPoint(500, 400), button=Qt.MouseButton.MiddleButton)
    assert view.horizontalScrollBar().value() == before + 100
    assert window.document.undo_stack.count() == 0  # panning edits nothing


def test_snap_to_grid_rounds_a_dropped_card(qtbot, window):
    touchpoint = staff_touchpoints(window)[0]
    window.actions_by_id["view.snap"].trigger()
    assert window.view.snap_to_grid
    start = card_centre(window, touchpoint.id)
    drag(window, start, start + type(start)(33, 7))
    moved = window.document.touchpoint(touchpoint.id).position
    assert moved.x % 20 == 0 and moved.y % 20 == 0
    window.actions_by_id["view.snap"].trigger()


def test_dropping_a_chain_file_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    other = tmp_path / "dropped.chain"
    other.write_bytes(window.document.path.read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.view.dropEvent(event)
    assert window.document.path == other


def test_a_chain_can_be_built_with_the_keyboard_alone(qtbot, qapp):
    """New chain, a start, two next steps, each named by typing, connected in order."""
    from app.document import Document
    from app.files import new_chain

    window = MainWindow(Document(new_chain()))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    try:
        window.view.setFocus()
        QApplication.processEvents()
        qtbot.keyClick(window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Insert > Start
        assert window.document.chain.touchpoints == []  # chosen, not added yet
        qtbot.keyClick(window.view, Qt.Key.Key_Insert)  # Insert > Add Touchpoint
        for label in ("Calls the help desk", None, None):
            if label is None:
                qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
                label = f"Step {len(window.document.chain.touchpoints)}"
            editor = [e for e in window.view.viewport().findChildren(InlineEditor) if e.isVisible()][-1]
            qtbot.keyClicks(editor, label)
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        chain = window.document.chain
        assert [t.label for t in chain.touchpoints] == ["Calls the help desk", "Step 2", "Step 3"]
        assert chain.touchpoints[0].kind == "start"
        assert [(h.source, h.target) for h in chain.handoffs] == [
            (chain.touchpoints[0].id, chain.touchpoints[1].id),
            (chain.touchpoints[1].id, chain.touchpoints[2].id),
        ]
        window.actions_by_id["edit.undo"].trigger()  # the label
        window.actions_by_id["edit.undo"].trigger()  # add-and-connect, one step
        assert len(window.document.chain.touchpoints) == 2 and len(window.document.chain.handoffs) == 1
    finally:
        close_without_asking(window)
