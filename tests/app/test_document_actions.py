"""Improvement actions and internal ratings through the Document: undo steps, checks,
and cascades when what they name is removed."""

from __future__ import annotations

import pytest

from app.edit_checks import EditRefused
from models.chain import Rating
from tests.undo_redo import snapshot, undo_redo_round_trip


def test_an_action_is_one_undo_step_and_its_fields_are_checked(document, qtbot):
    before = snapshot(document)
    with qtbot.waitSignal(document.actions_changed):
        id = document.add_action("Staff the desk before nine", elements=["confirm-order"], owner="anna",
                                 due="2026-12-15")
    undo_redo_round_trip(document, before)
    assert id.startswith("a-")
    before = snapshot(document)
    document.set_fields(id, "Move on", phase="do")
    undo_redo_round_trip(document, before)
    for call in (
        lambda: document.add_action(" "),
        lambda: document.add_action("X", elements=["anna"]),  # a person is not improved
        lambda: document.add_action("X", owner="nobody"),
        lambda: document.add_action("X", due="2026-02-30"),
        lambda: document.set_fields(id, "Phase", phase="later"),
    ):
        with pytest.raises(EditRefused):
            call()


def test_removing_what_an_action_names_keeps_the_action(document):
    comment = document.add_comment("confirm-order", "Slow", "Ana")
    id = document.add_action("Faster", elements=["confirm-order", "sales"], owner="anna", comments=[comment])
    before = snapshot(document)
    document.remove("confirm-order")  # takes the comment thread with it
    action = document.element(id)
    assert action.elements == ["sales"] and action.comments == []
    undo_redo_round_trip(document, before)
    before = snapshot(document)
    document.remove_person("anna")
    assert document.element(id).owner is None
    undo_redo_round_trip(document, before)


def test_a_rating_replaces_the_one_of_its_period_and_goes_with_its_department(document, qtbot):
    before = snapshot(document)
    with qtbot.waitSignal(document.ratings_changed):
        document.set_rating(Rating(customer="warehouse", provider="sales", period="2026-Q3", score=2.5))
    undo_redo_round_trip(document, before)
    document.set_rating(Rating(customer="warehouse", provider="sales", period="2026-Q3", score=4))
    assert [r.score for r in document.chain.ratings] == [4.0]
    with pytest.raises(EditRefused):
        document.set_rating(Rating(customer="sales", provider="sales", period="2026-Q3", score=4))
    with pytest.raises(EditRefused):
        document.set_rating(Rating(customer="nowhere", provider="sales", period="2026-Q3", score=4))
    before = snapshot(document)
    document.remove_department("warehouse")
    assert document.chain.ratings == []
    undo_redo_round_trip(document, before)
    document.undo_stack.undo()  # the lane and its rating back
    before = snapshot(document)
    document.remove_rating("warehouse/sales/2026-Q3")
    undo_redo_round_trip(document, before)
