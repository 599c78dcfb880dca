"""A new user's first hour (issue 15): the inspector's owner list, its labels and headings,
hitting a handoff, the pinned lane names and the review key, in the real window."""

from __future__ import annotations

import math
import re

import pytest

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtWidgets import QAbstractSlider, QApplication, QLabel, QLineEdit, QWidget

from tests.widgets.conftest import card_centre, chain_bytes, click, viewport_point
from widgets.canvas.style import HEADER_WIDTH
from widgets.canvas.touchpoint_item import TouchpointItem
from widgets.people_dialog import PeopleDialog


def owned_touchpoint(window):
    return next(t for t in window.document.chain.touchpoints if t.owner is not None)


def choose_new_person(qtbot, window, finish, combo=None) -> None:
    """Pick "New person…" in the owner list with the keyboard; `finish(dialog)` runs in the
    roster that opens (it is modal: the pick returns when the roster closes)."""
    problems = []

    def in_the_roster():
        dialog = window.inspector.findChild(PeopleDialog)
        try:
            assert dialog is not None and dialog.isVisible()
            finish(dialog)
            assert not dialog.isVisible(), "the roster is still open"
        except AssertionError as problem:  # reported after exec() returns
            problems.append(problem)
            if dialog is not None:
                dialog.reject()

    combo = combo or window.inspector.owner
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


def test_new_person_for_several_touchpoints_owns_them_all_in_one_step(qtbot, window):
    document = window.document
    ids = [t.id for t in document.chain.touchpoints if t.owner is not None][:3]
    window.view.select(ids)
    before = chain_bytes(window)

    def name_and_confirm(dialog):
        type_a_name(qtbot, dialog, "Bram Jansen")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Make Owner is the default button

    choose_new_person(qtbot, window, name_and_confirm, combo=window.inspector.multi_owner)
    person = document.chain.people[-1]
    assert person.name == "Bram Jansen"
    assert {document.touchpoint(id).owner for id in ids} == {person.id}
    assert window.inspector.multi_owner.currentData() == person.id
    for _step in range(3):  # assign, rename, add
        document.undo_stack.undo()
    assert chain_bytes(window) == before


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
    link = next(label for label in shown_labels(inspector) if label.text() == "Lo&cation:")
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


# -- 3. a handoff is easy to hit ---------------------------------------------------------


def spot_beside_a_handoff(window, screen_px: float):
    """A handoff and a scene point `screen_px` screen pixels beside the middle of one of its
    straight runs, with no card, label or other handoff anywhere near."""
    scene, zoom = window.scene, window.view.zoom()
    offset, room = screen_px / zoom, 16 / zoom
    cards = [item.card_rect().adjusted(-room, -room, room, room) for item in scene.touchpoint_items.values()]
    for item in scene.handoff_items.values():
        labels = [QPointF(label.rect[0], label.rect[1]) for label in item.labels]
        for (ax, ay), (bx, by) in zip(item.points, item.points[1:]):
            if math.dist((ax, ay), (bx, by)) < 4 * room:
                continue
            middle = QPointF((ax + bx) / 2, (ay + by) / 2)
            normal = QPointF(0, offset) if ay == by else QPointF(offset, 0)
            for spot in (middle + normal, middle - normal):
                if any(card.contains(spot) for card in cards):
                    continue
                if any(math.dist((p.x(), p.y()), (spot.x(), spot.y())) < 8 * room for p in labels):
                    continue
                if any(other is not item and other.distance_to(spot) < room for other in scene.handoff_items.values()):
                    continue
                return item, spot
    raise AssertionError("no clear run in the sample")


@pytest.mark.parametrize(("zoom", "screen_px"), [(1.0, 5), (1.0, 6.5), (0.5, 5)])
def test_a_click_a_few_pixels_beside_a_handoff_selects_it(qtbot, window, zoom, screen_px):
    window.view.set_zoom(zoom)
    item, spot = spot_beside_a_handoff(window, screen_px)
    point = viewport_point(window, spot)
    assert abs(item.distance_to(window.view.mapToScene(point)) * zoom - screen_px) < 1.5
    click(window, point)
    assert window.view.selected_handoffs() == [item.handoff_id]
    assert window.inspector.handoff_id == item.handoff_id


def test_a_card_under_the_pointer_wins_over_a_handoff_beside_it(qtbot, window):
    item = next(iter(window.scene.handoff_items.values()))
    target = window.scene.touchpoint_items[item.ends[1]].card_rect()
    end = QPointF(*item.points[-1])  # on the target card's edge
    towards_centre = target.center() - end
    inside = end + towards_centre * (4 / math.hypot(towards_centre.x(), towards_centre.y()))
    point = viewport_point(window, inside)
    assert item.distance_to(window.view.mapToScene(point)) < 6  # near enough to pick the line...
    assert any(isinstance(other, TouchpointItem) for other in window.view.items(point))
    click(window, point)  # ...but the press is the card's (its edge starts a connection)
    assert window.view.selected_handoffs() == []


def test_a_click_well_away_from_every_line_selects_no_handoff(qtbot, window):
    item, spot = spot_beside_a_handoff(window, 15)
    click(window, viewport_point(window, spot))
    assert window.view.selected_handoffs() == []


# -- 4. the pinned lane names cover no card ------------------------------------------------


def on_the_view(window, scene_rect) -> QRectF:
    """Where `scene_rect` is drawn, in the view's own coordinates (outside its viewport too)."""
    view = window.view
    return view.mapFromScene(scene_rect).boundingRect().toRectF().translated(view.viewport().pos().toPointF())


def leftmost_card(window):
    items = window.scene.touchpoint_items.values()
    return min(items, key=lambda item: item.card_rect().left())


def test_pinned_lane_names_sit_beside_the_cards_not_over_them(qtbot, window):
    view = window.view
    names = view.findChild(QWidget, "pinnedLaneNames")
    bar = view.horizontalScrollBar()
    bar.setValue(bar.minimum())
    assert not names.isVisible() and view.viewport().x() < 5  # the header column is in sight
    card = leftmost_card(window)
    # Scroll right a step at a time, as the scroll bar's arrow does, until the names pin.
    while not names.isVisible():
        before, step = on_the_view(window, card.card_rect()).left(), bar.singleStep()
        bar.triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
        QApplication.processEvents()
        moved = before - on_the_view(window, card.card_rect()).left()
        assert abs(moved - step) <= 1  # pinning does not make the cards jump
    assert names.width() >= names.needed_width()
    # Scrolling back a pixel at a time: the names never lie over the canvas, and there is a
    # place where they are pinned and the first card is wholly in sight beside them.
    whole_beside_the_names = False
    while names.isVisible():
        assert not names.geometry().intersects(view.viewport().geometry())
        card_box = on_the_view(window, card.card_rect())
        whole_beside_the_names |= card_box.left() >= names.geometry().right() + 1
        bar.setValue(bar.value() - 1)
    assert whole_beside_the_names
    assert view.viewport().x() < 5  # the header column is back, the names unpinned


def test_with_the_header_column_in_sight_no_lane_name_is_shown_twice(qtbot, window):
    view = window.view
    names = view.findChild(QWidget, "pinnedLaneNames")
    bar = view.horizontalScrollBar()
    department = window.document.chain.departments[0]
    window.document.set_fields(department.id, "Rename", name="Customer service and complaints desk")
    assert names.needed_width() > HEADER_WIDTH  # the header column is narrower than the pinned names
    for zoom in (0.7, 1.0, 2.0):
        view.set_zoom(zoom)
        bar.setValue(bar.minimum())
        QApplication.processEvents()
        assert not names.isVisible(), zoom
    # Scrolled right a pixel at a time: the names pin once and stay pinned (no flicker
    # where pinning and unpinning would each call for the other).
    view.set_zoom(1.0)
    bar.setValue(bar.minimum())
    QApplication.processEvents()
    states = []
    for _ in range(60):  # (the canvas has a margin left of the header column)
        bar.setValue(bar.value() + 1)
        QApplication.processEvents()
        states.append(names.isVisible())
        view._update_pinned_names()
        QApplication.processEvents()
        assert names.isVisible() == states[-1]
    assert states[0] is False and states[-1] is True and states == sorted(states)
    view.set_zoom(0.5)  # the header column's names too small to read: pinned at a readable size
    bar.setValue(bar.minimum())
    QApplication.processEvents()
    assert names.isVisible()


def test_zoomed_out_the_lane_names_keep_a_column_of_their_own(qtbot, window):
    view = window.view
    view.set_zoom(0.25)
    names = view.findChild(QWidget, "pinnedLaneNames")
    assert names.isVisible()
    assert not names.geometry().intersects(view.viewport().geometry())
    view.zoom_to_fit()
    content = on_the_view(window, window.scene.content_rect())
    viewport = QRectF(view.viewport().geometry())
    # The whole chain fits beside the names (the header column is behind them).
    assert viewport.left() - 1 <= content.left() + HEADER_WIDTH * view.zoom() and content.right() <= viewport.right() + 1


# -- 5. the review key covers no card -------------------------------------------------------


def test_the_review_key_sits_below_the_canvas_not_on_a_card(qtbot, window):
    view = window.view
    bar_x, bar_y = view.horizontalScrollBar(), view.verticalScrollBar()
    corner = max(window.scene.touchpoint_items.values(), key=lambda item: item.card_rect().right() + item.card_rect().bottom())
    # Scroll a card into the viewport's bottom-right corner, where the key used to be painted.
    viewport = QRectF(view.viewport().geometry())
    shown = on_the_view(window, corner.card_rect())
    bar_x.setValue(bar_x.value() + round(shown.right() - (viewport.right() - 40)))
    bar_y.setValue(bar_y.value() + round(shown.bottom() - (viewport.bottom() - 30)))
    old_key = QRectF(viewport.right() - 150, viewport.bottom() - 130, 134, 114)
    assert on_the_view(window, corner.card_rect()).intersects(old_key)

    window.actions_by_id["review.mode"].trigger()
    key = view.findChild(QWidget, "reviewKey")
    assert key.isVisible()
    viewport = QRectF(view.viewport().geometry())
    assert not QRectF(key.geometry()).intersects(viewport)
    assert key.geometry().top() >= viewport.bottom()
    title, rects, height = key.layout_rects(key.width())
    assert height <= key.height()
    for rect in [title] + [r for pair in rects for r in pair]:  # every word in the strip
        assert QRectF(key.rect()).contains(rect)
    for item in window.scene.touchpoint_items.values():
        shown = on_the_view(window, item.card_rect()).intersected(QRectF(view.viewport().geometry()))
        assert not shown.intersects(QRectF(key.geometry()))


    window.actions_by_id["review.mode"].trigger()
    assert not key.isVisible()
    assert view.viewport().geometry().bottom() >= key.geometry().bottom()  # the room is given back


def mnemonics(window) -> list[str]:
    """The underlined letters of the inspector page shown, lower case."""
    letters = []
    for label in shown_labels(window.inspector):
        match = re.search(r"&([^&])", label.text())
        if match:
            letters.append(match.group(1).lower())
    return letters


def test_alt_and_the_underlined_letter_goes_to_the_field(qtbot, window):
    touchpoint = next(t for t in window.document.chain.touchpoints if t.kind == "step")
    click(window, card_centre(window, touchpoint.id))
    letters = mnemonics(window)
    assert len(letters) == len(set(letters)) > 10  # each letter leads to one field
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # "Lo&cation:"
    qtbot.waitUntil(lambda: window.inspector.procedure_link.hasFocus())
    department = window.document.chain.departments[1]
    click(window, viewport_point(window, window.scene.lane_items[department.id].header_rect().center()))
    letters = mnemonics(window)
    assert len(letters) == len(set(letters)) == 4
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # "&Colour:"
    qtbot.waitUntil(lambda: window.inspector.colour_button.hasFocus())
