"""Stages, RACI, marks, times and the glossary through the Document: undo steps, checks
and cascades (format version 2)."""

from __future__ import annotations

import pytest

from app.edit_checks import EditRefused
from models.chain import Term
from models.integrity import find_integrity_problem
from tests.undo_redo import snapshot, undo_redo_round_trip


def test_stages_are_added_moved_and_removed_as_undo_steps(document, qtbot):
    before = snapshot(document)
    with qtbot.waitSignal(document.stages_changed):
        order = document.add_stage("Order")
    undo_redo_round_trip(document, before)
    delivery = document.add_stage("Delivery")
    payment = document.add_stage("Payment", index=1)
    assert [s.name for s in document.chain.stages] == ["Order", "Payment", "Delivery"]
    before = snapshot(document)
    document.move_stage(delivery, 0)
    assert [s.name for s in document.chain.stages] == ["Delivery", "Order", "Payment"]
    undo_redo_round_trip(document, before)
    document.set_fields("confirm-order", "Stage", stage=order)
    before = snapshot(document)
    document.remove_stage(order)
    assert document.touchpoint("confirm-order").stage is None
    undo_redo_round_trip(document, before)
    with pytest.raises(EditRefused):
        document.set_fields("confirm-order", "Stage", stage="anna")  # a person, not a stage
    with pytest.raises(EditRefused):
        document.add_stage("  ")
    assert payment in {s.id for s in document.chain.stages}


def test_raci_marks_and_times_are_checked_fields(document):
    before = snapshot(document)
    document.set_fields("confirm-order", "RACI", consulted=["anna"], informed=["anna"], duration_minutes=15,
                        marks=["moment_of_truth"])
    undo_redo_round_trip(document, before)
    for fields in ({"consulted": ["nobody"]}, {"duration_minutes": -1}, {"marks": ["moment"]},
                   {"marks": ["fail_point", "fail_point"]}):
        with pytest.raises(EditRefused):
            document.set_fields("confirm-order", "Bad", **fields)
    document.set_fields("h-pick", "Wait", wait_minutes=90)
    before = snapshot(document)
    document.remove_person("anna")
    touchpoint = document.touchpoint("confirm-order")
    assert touchpoint.consulted == [] and touchpoint.informed == []
    undo_redo_round_trip(document, before)


def test_the_glossary_is_one_list_of_unique_terms(document, qtbot):
    before = snapshot(document)
    with qtbot.waitSignal(document.glossary_changed):
        document.set_term(Term(term="Order", definition="What a customer asked for", avoid=["booking"]))
    undo_redo_round_trip(document, before)
    document.set_term(Term(term="  order ", definition="Changed"), replacing="Order")
    assert [(t.term, t.definition) for t in document.chain.glossary] == [("  order ", "Changed")]
    with pytest.raises(EditRefused):
        document.set_term(Term(term="", definition="x"))
    before = snapshot(document)
    document.remove_term("ORDER")
    assert document.chain.glossary == []
    undo_redo_round_trip(document, before)
    assert find_integrity_problem(document.chain) is None
