"""Comments and review sessions through the Document: every edit one undo step, checked
first, with cascades (a deleted touchpoint takes its comments with it)."""

from __future__ import annotations

import pytest

from app.edit_checks import EditRefused
from models.chain import SignOff
from tests.undo_redo import snapshot, undo_redo_round_trip


def test_a_comment_and_a_reply_are_undo_steps_pinned_to_the_thread(document, qtbot):
    before = snapshot(document)
    with qtbot.waitSignal(document.comments_changed):
        first = document.add_comment("confirm-order", "Customers wait a day", "Ana", session=None)
    undo_redo_round_trip(document, before)
    before = snapshot(document)
    reply = document.add_comment(None, "Which customers?", "Bo", kind="question", reply_to=first)
    undo_redo_round_trip(document, before)
    comments = {c.id: c for c in document.chain.comments}
    assert comments[reply].element == "confirm-order" and comments[reply].reply_to == first
    assert first.startswith("c-") and len(first) == len("c-") + 8  # random: merges keep both sides' comments
    assert comments[first].date and comments[first].status == "open"


def test_resolving_and_editing_go_through_set_fields(document):
    id = document.add_comment("confirm-order", "Slow", "Ana")
    before = snapshot(document)
    document.set_fields(id, "Resolve", status="resolved")
    undo_redo_round_trip(document, before)
    with pytest.raises(EditRefused):
        document.set_fields(id, "Edit", status="closed")
    with pytest.raises(EditRefused):
        document.set_fields(id, "Pin", element="anna")  # a person: not something to pin to


def test_bad_comments_are_refused_and_change_nothing(document):
    before = snapshot(document)
    for call in (
        lambda: document.add_comment("confirm-order", "   ", "Ana"),
        lambda: document.add_comment("nowhere", "Text", "Ana"),
        lambda: document.add_comment("confirm-order", "Text", "Ana", kind="rant"),
        lambda: document.add_comment(None, "Text", "Ana", reply_to="c-missing"),
        lambda: document.add_comment(None, "Text", "Ana", session="s-missing"),
        lambda: document.add_session("2026-13-01", "Review"),
        lambda: document.add_session("2026-12-01", " "),
        lambda: document.add_session("2026-12-01", "Review", attendees=["nobody"]),
    ):
        with pytest.raises(EditRefused):
            call()
    assert snapshot(document) == before and document.undo_stack.count() == 0


def test_deleting_a_touchpoint_deletes_its_threads_and_undo_brings_them_back(document):
    kept = document.add_comment(None, "About the whole chain", "Ana")
    first = document.add_comment("confirm-order", "Slow", "Ana")
    document.add_comment(None, "Agreed", "Bo", reply_to=first)
    before = snapshot(document)
    document.remove("confirm-order")
    assert [c.id for c in document.chain.comments] == [kept]
    undo_redo_round_trip(document, before)


def test_removing_a_department_or_person_keeps_the_chain_whole(document):
    session = document.add_session("2026-12-01", "Review", attendees=["anna"])
    document.add_comment("sales", "Lane needs a lead", "Ana", session=session)
    before = snapshot(document)
    document.remove_person("anna")
    assert document.element(session).attendees == []
    undo_redo_round_trip(document, before)
    before = snapshot(document)
    document.remove_department("sales")
    assert document.chain.comments == []
    undo_redo_round_trip(document, before)


def test_removing_a_session_keeps_what_was_said_and_signed_in_it(document):
    session = document.add_session("2026-12-01", "Review", attendees=["anna"], notes="Walked it")
    comment = document.add_comment("confirm-order", "Slow", "Ana", session=session)
    document.add_signoff("confirm-order", SignOff(name="Ana", role="management", date="2026-12-01", session=session))
    before = snapshot(document)
    document.remove_session(session)
    assert document.element(comment).session is None
    assert document.touchpoint("confirm-order").review.signoffs[-1].session is None
    undo_redo_round_trip(document, before)


def test_a_sign_off_in_a_missing_session_is_refused(document):
    with pytest.raises(EditRefused):
        document.add_signoff("confirm-order", SignOff(name="Ana", role="management", date="2026-12-01", session="s-x"))
