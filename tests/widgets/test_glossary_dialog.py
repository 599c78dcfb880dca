"""Review > Glossary… (issue 19): terms added, changed and removed one undo step each, bad
input refused with one sentence; a card whose label uses a term shows its definition."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from models.chain import Term
from tests.widgets.conftest import chain_bytes, viewport_point
from widgets.canvas.touchpoint_item import terms_in
from widgets.glossary_dialog import GlossaryDialog, avoided_words


def fill(qtbot, dialog, term: str, definition: str, avoid: str = "") -> None:
    for field, text in ((dialog.term, term), (dialog.avoid, avoid)):
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
        qtbot.keyClicks(field, text)
    dialog.definition.selectAll()
    qtbot.keyClick(dialog.definition, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.definition, definition)


def save_with_enter(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.term, Qt.Key.Key_Return)  # the default button: Save Term


def open_dialog(qtbot, window) -> GlossaryDialog:
    dialog = GlossaryDialog(window.document, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_terms_are_added_changed_and_removed_one_undo_step_each(qtbot, window):
    document = window.document
    dialog = open_dialog(qtbot, window)
    assert dialog.empty_label.isVisible() and not dialog.remove_button.isEnabled()
    before = chain_bytes(window)
    fill(qtbot, dialog, "Delivery  slot", "The two hours in which the crew arrives.", "time window, window, ")
    save_with_enter(qtbot, dialog)
    assert document.chain.glossary == [
        Term(term="Delivery slot", definition="The two hours in which the crew arrives.", avoid=["time window", "window"])
    ]
    assert dialog.terms.count() == 1 and not dialog.empty_label.isVisible()
    after_adding = chain_bytes(window)

    fill(qtbot, dialog, "Arrival slot", "The two hours in which the crew arrives at the door.")
    dialog.save_button.click()  # a rename: replaces the term selected, one step
    assert [t.term for t in document.chain.glossary] == ["Arrival slot"]
    assert document.chain.glossary[0].avoid == []
    document.undo_stack.undo()
    assert chain_bytes(window) == after_adding
    assert dialog.terms.count() == 1
    assert dialog.terms.item(0).text().startswith("Delivery slot — ")

    dialog.terms.setCurrentRow(0)
    assert dialog.term.text() == "Delivery slot" and dialog.avoid.text() == "time window, window"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert document.chain.glossary == []
    assert dialog.term.text() == "" and dialog.terms.count() == 0
    dialog.terms.setFocus()
    qtbot.keyClick(dialog.terms, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo, in the dialog
    assert chain_bytes(window) == after_adding
    assert dialog.terms.item(0).text() == ("Delivery slot — The two hours in which the crew arrives.\n"
                                           "Avoid: time window, window")
    document.undo_stack.undo()
    assert chain_bytes(window) == before
    assert dialog.terms.count() == 0
    dialog.close()


def test_bad_input_gets_one_sentence_and_changes_nothing(qtbot, window):
    document = window.document
    document.set_term(Term(term="Deposit", definition="What the customer pays when ordering."))
    dialog = open_dialog(qtbot, window)
    before, steps = chain_bytes(window), document.undo_stack.count()
    for term, definition, avoid, sentence in (
        ("", "A meaning without a word.", "", "A glossary term needs a term and a definition."),
        ("Balance", "   ", "", "A glossary term needs a term and a definition."),
        ("deposit", "Defined again, in other words.", "", "“Deposit” is already in the glossary: select it in the list to change it."),
        ("Receipt", "Proof of payment.", "bill, receipt", "A term cannot be one of its own words to avoid."),
    ):
        fill(qtbot, dialog, term, definition, avoid)
        save_with_enter(qtbot, dialog)
        assert dialog.problem.isVisible() and dialog.problem.text() == sentence
        assert chain_bytes(window) == before and document.undo_stack.count() == steps
    qtbot.keyClicks(dialog.term, "s")  # typing on hides the sentence
    assert not dialog.problem.isVisible()
    dialog.close()


def test_review_menu_opens_the_glossary(qtbot, window):
    seen = []

    def look_and_close():
        dialog = window.findChild(GlossaryDialog)
        seen.append(dialog is not None and dialog.isVisible())
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(0, look_and_close)
    window.actions_by_id["review.glossary"].trigger()
    assert seen == [True]


def test_avoided_words_are_split_at_commas_without_blanks_or_repeats():
    assert avoided_words(" grab ,, hand   over, Grab, ") == ["grab", "hand over"]


def test_terms_are_found_as_whole_words_case_aside():
    glossary = [Term(term="Delivery slot", definition="d"), Term(term="Slot", definition="s"),
                Term(term="Deliver", definition="x"), Term(term="C++", definition="c")]
    assert [t.term for t in terms_in("Books the DELIVERY\nslot with the customer", glossary)] == ["Delivery slot", "Slot"]
    assert terms_in("Slots and deliveries", glossary) == []
    assert [t.term for t in terms_in("Writes C++ code", glossary)] == ["C++"]


def tooltip_of(window, touchpoint_id: str) -> str:
    point = viewport_point(window, window.scene.touchpoint_items[touchpoint_id].card_rect().center())
    viewport = window.view.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    return QToolTip.text()


def test_a_card_whose_label_uses_a_term_shows_its_definition(qtbot, window):
    document = window.document
    document.set_term(Term(term="Delivery slot", definition="The two hours in which the crew arrives."))
    document.set_term(Term(term="Deposit", definition="What the customer pays when ordering."))
    book = "tp-book-delivery-slot"  # "Books the delivery slot with the customer"
    tip = tooltip_of(window, book).splitlines()
    assert "Delivery slot: The two hours in which the crew arrives." in tip
    assert not any(line.startswith("Deposit:") for line in tip)
    refund = "tp-refund-deposit"  # "Refunds the deposit"
    assert "Deposit: What the customer pays when ordering." in tooltip_of(window, refund).splitlines()
    document.remove_term("Deposit")
    assert "Deposit:" not in tooltip_of(window, refund)
