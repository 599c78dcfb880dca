"""The "who serves whom" panel on the retail sample: rows, live updates, the hint, clicks."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget

from app.document import Document
from models.chain_file import load_chain
from resources.samples import FIRST_START_SAMPLE
from models.relations import department_relations
from widgets import serves_panel
from widgets.serves_panel import HINT, ServesPanel


def settle(panel) -> None:
    """The panel refreshes a moment after an edit; make that moment now."""
    panel._refresh_timer.timeout.emit()


@pytest.fixture
def panel(qtbot, window):
    panel = ServesPanel(window.document)
    qtbot.addWidget(panel)
    panel.resize(340, 520)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def rows(tree: QTreeWidget) -> list[tuple[str, list[str]]]:
    """(department row, [handoff rows]) for each top-level row."""
    return [
        (item.text(0), [item.child(i).text(0) for i in range(item.childCount())])
        for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    ]


def handoff_item(tree: QTreeWidget, handoff_id: str):
    for i in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(i)
        for j in range(parent.childCount()):
            if parent.child(j).data(0, Qt.ItemDataRole.UserRole) == handoff_id:
                return parent.child(j)
    raise LookupError(handoff_id)


def showing_hint(panel) -> bool:
    return panel.pages.currentIndex() == 0 and panel.hint.text() == HINT


def test_it_starts_with_the_hint(panel):
    assert panel.objectName() == "servesPanel"
    assert showing_hint(panel)


def test_sales_receives_from_three_departments_and_hands_to_two(panel):
    panel.show_department("sales")
    assert panel.pages.currentIndex() == 1
    assert panel.heading.text() == "Sales"
    assert rows(panel.suppliers) == [
        ("Reception — 1 handoff", ["visitor's name and what they are looking for"]),
        ("Operations — 1 handoff", ["supplier's expected delivery date"]),
        ("IT — 1 handoff", ["web order with the deposit reference"]),
    ]
    assert rows(panel.customers) == [
        ("Customer — 2 handoffs", ["written order form to check and sign", "new delivery date and a similar item in stock"]),
        ("Operations — 1 handoff", ["confirmed web order"]),
    ]
    assert panel.reaches.text() == "Reaches the external customer: yes, it serves them directly."
    assert panel.reaches_why.isHidden()
    assert panel.suppliers.accessibleName() == "Departments that hand work to Sales"
    assert panel.customers.accessibleName() == "Departments Sales hands work to"


def test_a_handoff_row_falls_back_to_its_label_then_its_route(panel, window):
    document = window.document
    panel.show_department("operations")
    assert rows(panel.customers)[0] == ("Sales — 1 handoff", ["supplier's expected delivery date"])
    document.set_fields("h-not-in-stock", "Clear", passes=None)
    settle(panel)
    assert rows(panel.customers)[0] == ("Sales — 1 handoff", ["No"])
    document.set_fields("h-not-in-stock", "Clear", label=None)
    settle(panel)
    assert rows(panel.customers)[0] == (
        "Sales — 1 handoff", ["Item in stock? → Offers a new date from the supplier"],
    )


def test_a_handoff_row_tells_the_route_and_the_expectation_in_its_tooltip(panel):
    panel.show_department("sales")
    item = handoff_item(panel.suppliers, "h-webshop-to-sales")
    assert item.toolTip(0) == (
        "web order with the deposit reference\n"
        "Web shop takes the order and the deposit → Checks and confirms the web order\n"
        "Expected: in the Sales queue within 5 minutes"
    )


def test_the_rows_follow_edits_and_undo(panel, window):
    document = window.document
    panel.show_department("sales")
    document.remove(["h-new-date-to-customer"])
    settle(panel)
    assert rows(panel.customers)[0] == ("Customer — 1 handoff", ["written order form to check and sign"])
    document.set_fields("reception", "Rename", name="Front desk")
    settle(panel)
    assert rows(panel.suppliers)[0][0] == "Front desk — 1 handoff"
    document.set_fields("sales", "Rename", name="Showroom sales")
    settle(panel)
    assert panel.heading.text() == "Showroom sales"
    document.undo_stack.undo()
    settle(panel)
    document.undo_stack.undo()
    settle(panel)
    document.undo_stack.undo()
    settle(panel)
    assert rows(panel.customers)[0][0] == "Customer — 2 handoffs"
    assert panel.heading.text() == "Sales"


def test_an_empty_list_says_so_in_words(panel, window):
    document = window.document
    panel.show_department("finance")
    assert panel.customers.isVisibleTo(panel) and panel.no_customers.isHidden()
    document.remove(["h-matched-payment-to-invoicing", "h-refund-to-customer"])
    settle(panel)
    assert panel.customers.isHidden()
    assert panel.no_customers.isVisibleTo(panel)
    assert panel.no_customers.text() == "Finance hands no work to another department."


def test_a_department_cut_off_from_the_customer_is_told_why(panel, window):
    document = window.document
    panel.show_department("finance")
    assert panel.reaches.text().startswith("Reaches the external customer: yes")
    document.remove(["h-matched-payment-to-invoicing", "h-refund-to-customer"])
    settle(panel)
    document.set_fields("tp-refund-deposit", "Serves colleagues", serves="internal")
    settle(panel)
    assert panel.reaches.text() == "Reaches the external customer: no"
    assert panel.reaches.font().bold()
    assert panel.reaches_why.isVisibleTo(panel)
    assert "None of Finance’s touchpoints serves the external customer" in panel.reaches_why.text()


def test_an_internal_department_reaches_the_customer_through_colleagues(panel, window):
    panel.show_department("operations")
    assert panel.reaches.text() == "Reaches the external customer: yes, through its handoffs to colleagues."
    assert not panel.reaches.font().bold()


def test_the_customer_lane_and_an_empty_lane(panel, window):
    panel.show_department("customer")
    assert panel.reaches.text() == "This lane is the customer: the chain ends here."
    new = window.document.add_department("Legal", role="support")
    panel.show_department(new)
    assert panel.reaches.text() == "Reaches the external customer: no"
    assert panel.reaches_why.text() == "Legal has no touchpoints yet."
    assert panel.no_suppliers.text() == "No other department hands work to Legal."


def test_removing_the_shown_department_falls_back_to_the_hint(panel, window):
    panel.show_department("finance")
    window.document.remove_department("finance")
    settle(panel)
    assert showing_hint(panel)
    window.document.undo_stack.undo()
    settle(panel)
    assert showing_hint(panel)  # the selection decides what is shown next
    panel.show_department("no-such-department")
    assert showing_hint(panel)


def test_clicking_a_handoff_row_emits_its_id(qtbot, panel):
    panel.show_department("sales")
    tree = panel.customers
    item = handoff_item(tree, "h-new-date-to-customer")
    with qtbot.waitSignal(panel.handoff_activated, timeout=1000) as blocker:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert blocker.args == ["h-new-date-to-customer"]


def test_clicking_a_department_row_emits_nothing(qtbot, panel):
    panel.show_department("sales")
    tree = panel.customers
    with qtbot.assertNotEmitted(panel.handoff_activated):
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(tree.topLevelItem(0)).center())


def test_the_clicked_handoff_stays_current_through_a_refresh(qtbot, panel, window):
    panel.show_department("sales")
    tree = panel.suppliers
    tree.setCurrentItem(handoff_item(tree, "h-not-in-stock"))
    window.document.remove(["h-webshop-to-sales"])
    settle(panel)
    assert tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == "h-not-in-stock"


def test_set_document_shows_the_other_chain_and_forgets_the_first(qtbot, panel, window):
    panel.show_department("sales")
    other = Document(load_chain(FIRST_START_SAMPLE))
    panel.set_document(other)
    assert showing_hint(panel)
    panel.show_department("sales")
    window.document.remove(["h-new-date-to-customer"])  # the old document: no effect
    assert rows(panel.customers)[0][0] == "Customer — 2 handoffs"
    other.remove(["h-new-date-to-customer"])
    settle(panel)
    assert rows(panel.customers)[0][0] == "Customer — 1 handoff"


def test_grab_of_the_sales_department(panel, tmp_path):
    """The panel paints without error; the picture is for looking at by hand."""
    panel.show_department("sales")
    path = tmp_path / "serves.png"
    assert panel.grab().save(str(path))
    assert path.stat().st_size > 0


def test_cards_moved_leave_the_rows_as_they_are_without_rebuilding_them(panel, window):
    """Rebuilding thousands of rows after every edit (an auto-layout moving every card)
    held the editor for most of a second at 20,000 touchpoints."""
    panel.show_department("sales")
    shown, first = rows(panel.suppliers), panel.suppliers.topLevelItem(0)
    document = window.document
    moves = {t.id: (t.department, t.position.model_copy(update={"x": t.position.x + 80}))
             for t in document.chain.touchpoints}
    document.move_touchpoints(moves)
    settle(panel)
    assert shiboken6.isValid(first) and panel.suppliers.topLevelItem(0) is first
    assert rows(panel.suppliers) == shown
    document.set_fields(first.child(0).data(0, Qt.ItemDataRole.UserRole), "Rename", passes="Signed order")
    settle(panel)
    assert not shiboken6.isValid(first)  # its rows changed: built anew
    assert "Signed order" in [text for _department, texts in rows(panel.suppliers) for text in texts]


def test_only_edits_to_what_it_shows_make_it_read_the_chain_again(panel, window, monkeypatch):
    """A refresh walks the whole chain (40 ms at 20,000 touchpoints): not after a card
    moved or a note was written, nor for a card renamed whose name shows in a row (its
    rows are written again), but after a lane or whom a card serves changed."""
    walks = []
    monkeypatch.setattr(serves_panel, "department_relations",
                        lambda *args, **options: walks.append(args[1]) or department_relations(*args, **options))
    panel.show_department("sales")
    document = window.document
    card = document.touchpoint("tp-webshop-checkout")
    document.move_touchpoints({card.id: (card.department, card.position.model_copy(update={"x": card.position.x + 40}))})
    document.set_fields(card.id, "Note", notes="Checked by IT")
    assert not panel._refresh_timer.isActive()
    document.set_fields(card.id, "Rename", label="Web shop takes the order")
    assert panel._refresh_timer.isActive()
    settle(panel)
    assert handoff_item(panel.suppliers, "h-webshop-to-sales").toolTip(0).splitlines()[1] == (
        "Web shop takes the order → Checks and confirms the web order")
    assert walks == ["sales"]
    document.set_fields(card.id, "Serve the customer", serves="external")
    assert panel._refresh_timer.isActive()
    settle(panel)
    assert walks == ["sales", "sales"]
    panel.show_department("it")
    assert panel.reaches.text() == "Reaches the external customer: yes, it serves them directly."
    moves = {t.id: (t.department, t.position.model_copy(update={"y": t.position.y + 10}))
             for t in document.chain.touchpoints}
    document.move_touchpoints(moves)  # every card, in one batch
    assert not panel._refresh_timer.isActive()
    document.move_touchpoints({card.id: ("sales", card.position)})  # into another lane
    assert panel._refresh_timer.isActive()


def test_a_card_renamed_away_from_the_handoffs_shown_leaves_the_panel_be(panel, window):
    panel.show_department("sales")
    document = window.document
    shown = {end for tree in (panel.suppliers, panel.customers) for index in range(tree.topLevelItemCount())
             for child in range(tree.topLevelItem(index).childCount())
             for handoff in [document.handoff(tree.topLevelItem(index).child(child).data(0, Qt.ItemDataRole.UserRole))]
             for end in (handoff.source, handoff.target)}
    elsewhere = next(t for t in document.chain.touchpoints if t.id not in shown)
    document.set_fields(elsewhere.id, "Rename", label=elsewhere.label + " again")
    assert not panel._refresh_timer.isActive()
