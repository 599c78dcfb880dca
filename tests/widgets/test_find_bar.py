"""The find bar, driven with keys and clicks against the main window on the retail sample."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from widgets.canvas.touchpoint_item import TouchpointItem
from widgets.find_bar import FindBar, fold


@pytest.fixture
def highlights(monkeypatch):
    """touchpoint id -> the last value the find bar passed to its card's set_find_match."""
    state: dict[str, bool] = {}

    def set_find_match(item, on: bool) -> None:
        state[item.touchpoint_id] = on

    monkeypatch.setattr(TouchpointItem, "set_find_match", set_find_match, raising=False)
    return state


def highlighted(state: dict[str, bool]) -> set[str]:
    return {id for id, on in state.items() if on}


@pytest.fixture
def bar(window, qtbot, highlights):
    bar = FindBar(window.view, window)
    bar.setGeometry(0, window.height() - 36, window.width(), 36)
    bar.open()
    qtbot.waitUntil(bar.isVisible)
    return bar


def type_query(qtbot, bar, text: str) -> None:
    bar.field.clear()
    for character in text:
        if character.isascii():
            qtbot.keyClick(bar.field, character)
        else:  # QTest types ASCII only: send the key event an accented key makes
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
                QApplication.sendEvent(bar.field, event)


def is_in_view(window, id: str) -> bool:
    view = window.view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    return visible.contains(window.scene.touchpoint_items[id].card_rect())


def test_fold_drops_case_and_accents():
    assert fold("Café Crème") == "cafe creme"
    assert fold("ÅNGSTRÖM") == fold("angstrom")


def test_the_bar_has_its_parts(bar):
    assert bar.field.placeholderText() == "Find touchpoints by label, owner, procedure or notes"
    for name in ("findField", "findPrevious", "findNext", "findClose"):
        assert bar.findChild(object, name) is not None, name
    assert bar.counter.text() == ""


def test_search_by_label_selects_and_highlights(window, qtbot, bar, highlights):
    type_query(qtbot, bar, "invoice")

    assert bar.matches == ["tp-send-invoice", "tp-reconcile-payment"]
    assert bar.current == 0
    assert bar.counter.text() == "1 of 2"
    assert window.view.selected_touchpoints() == ["tp-send-invoice"]
    assert is_in_view(window, "tp-send-invoice")
    assert highlighted(highlights) == {"tp-send-invoice", "tp-reconcile-payment"}


def test_search_by_owner_name(qtbot, bar):
    type_query(qtbot, bar, "fatima HADDAD")
    assert bar.matches == ["tp-refund-deposit", "tp-reconcile-payment"]


def test_search_by_procedure_title_and_notes(qtbot, bar):
    type_query(qtbot, bar, "runbook")  # "Web shop operations runbook"
    assert bar.matches == ["tp-webshop-checkout"]
    type_query(qtbot, bar, "deputy")  # only in the stock check's notes
    assert bar.matches == ["tp-item-in-stock"]


def test_search_ignores_accents_both_ways(window, qtbot, bar):
    window.document.set_fields("tp-pay-balance", "Rename", label="Pays the balance at the Café")
    type_query(qtbot, bar, "cafe")
    assert bar.matches == ["tp-pay-balance"]
    type_query(qtbot, bar, "CAFÉ")
    assert bar.matches == ["tp-pay-balance"]
    type_query(qtbot, bar, "bécker")  # the owner Tom Becker, typed with an accent
    assert bar.matches == ["tp-advise-and-write-order"]


def test_matches_are_in_reading_order(window, qtbot, bar):
    type_query(qtbot, bar, "order")
    lanes = [d.id for d in window.document.chain.departments]
    places = [
        (lanes.index(window.document.touchpoint(id).department), window.document.touchpoint(id).position.x)
        for id in bar.matches
    ]
    assert len(places) > 5
    assert places == sorted(places)
    assert bar.matches[:2] == ["tp-order-online", "tp-sign-order"]  # the customer lane first


def test_enter_and_shift_enter_step_and_wrap(window, qtbot, bar):
    type_query(qtbot, bar, "supplier")
    assert bar.matches == ["tp-offer-new-date", "tp-item-in-stock", "tp-order-from-supplier"]
    assert bar.counter.text() == "1 of 3"

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.counter.text() == "2 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Enter)
    assert bar.counter.text() == "3 of 3"
    assert window.view.selected_touchpoints() == ["tp-order-from-supplier"]
    assert is_in_view(window, "tp-order-from-supplier")

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # wraps to the first
    assert bar.counter.text() == "1 of 3"
    assert window.view.selected_touchpoints() == ["tp-offer-new-date"]

    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # wraps back
    assert bar.counter.text() == "3 of 3"
    assert window.view.selected_touchpoints() == ["tp-order-from-supplier"]


def test_previous_and_next_buttons(window, qtbot, bar):
    type_query(qtbot, bar, "fatima")
    qtbot.mouseClick(bar.previous_button, Qt.MouseButton.LeftButton)
    assert bar.current == 1
    assert window.view.selected_touchpoints() == ["tp-reconcile-payment"]
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert bar.current == 0
    assert window.view.selected_touchpoints() == ["tp-refund-deposit"]


def test_the_current_match_is_centred(window, qtbot, bar):
    type_query(qtbot, bar, "supplier")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # the stock check, in the middle of the chain
    view = window.view
    centre = view.mapToScene(view.viewport().rect().center())
    card = window.scene.touchpoint_items["tp-item-in-stock"].sceneBoundingRect().center()
    assert abs(centre.x() - card.x()) < 3 and abs(centre.y() - card.y()) < 3


def test_no_matches(qtbot, bar, highlights):
    type_query(qtbot, bar, "parcel")
    assert bar.matches == []
    assert bar.counter.text() == "No matches"
    assert not bar.next_button.isEnabled()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # nothing to go to: nothing happens
    assert bar.current == -1
    assert highlighted(highlights) == set()


def test_typing_on_keeps_the_current_match(qtbot, bar):
    type_query(qtbot, bar, "sto")  # "customer", "stock", "store"...
    for _ in range(bar.matches.index("tp-item-in-stock")):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.matches[bar.current] == "tp-item-in-stock"

    qtbot.keyClicks(bar.field, "ck")

    assert bar.matches == ["tp-offer-new-date", "tp-item-in-stock", "tp-webshop-checkout"]
    assert bar.current == 1  # still the stock check, not back to the first match


def test_escape_hides_the_bar_and_clears_highlights(window, qtbot, bar, highlights):
    type_query(qtbot, bar, "order")
    assert len(highlighted(highlights)) == len(bar.matches) > 0

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)

    assert not bar.isVisible()
    assert highlighted(highlights) == set()
    assert bar.matches == []
    assert bar.counter.text() == ""

    bar.open()  # the text is still there, selected, and its matches come back
    assert bar.field.text() == "order"
    assert bar.field.selectedText() == "order"
    assert len(highlighted(highlights)) == len(bar.matches) > 0


def test_close_button(qtbot, bar, highlights):
    type_query(qtbot, bar, "fatima")
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert highlighted(highlights) == set()


def test_results_follow_edits(window, qtbot, bar, highlights):
    type_query(qtbot, bar, "parcel")
    assert bar.counter.text() == "No matches"

    window.document.set_fields("tp-pay-balance", "Rename", label="Pays for the parcel")

    assert bar.matches == ["tp-pay-balance"]
    assert bar.counter.text() == "1 match"  # an edit does not move the selection
    assert highlighted(highlights) == {"tp-pay-balance"}

    window.document.undo_stack.undo()
    assert bar.matches == []
    assert highlighted(highlights) == set()


def test_an_edit_keeps_the_current_match_if_it_still_matches(window, qtbot, bar):
    type_query(qtbot, bar, "fatima")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.matches[bar.current] == "tp-reconcile-payment"

    window.document.set_fields("tp-refund-deposit", "Rename", label="Pays the deposit back")
    assert bar.matches[bar.current] == "tp-reconcile-payment"
    assert bar.counter.text() == "2 of 2"

    window.document.set_fields("tp-reconcile-payment", "Change owner", owner=None)
    assert bar.matches == ["tp-refund-deposit"]
    assert bar.current == -1
    assert bar.counter.text() == "1 match"


def test_a_hidden_bar_catches_up_when_opened(window, qtbot, bar):
    type_query(qtbot, bar, "parcel")
    bar.close_bar()
    window.document.set_fields("tp-pay-balance", "Rename", label="Pays for the parcel")
    assert bar.matches == []
    bar.open()
    assert bar.matches == ["tp-pay-balance"]


def test_find_sets_the_field(bar):
    bar.find("runbook")
    assert bar.field.text() == "runbook"
    assert bar.matches == ["tp-webshop-checkout"]
    assert bar.current == 0
