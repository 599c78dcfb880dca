"""What the Document tells about large edits: a batch names its changed touchpoints once,
an edit is announced before it changes anything (about_to_change), the revision counts
changes, and moves checked on a snapshot at the current revision are not checked again."""

from __future__ import annotations

import pytest

from app import commands
from app.document import EditRefused
from models.chain import Position


def moved(document, dx: float = 40.0) -> dict:
    return {t.id: (t.department, Position(x=t.position.x + dx, y=t.position.y)) for t in document.chain.touchpoints}


def test_a_batch_names_its_changed_touchpoints_once_as_it_ends(qtbot, document):
    one_by_one, at_once, order = [], [], []
    document.touchpoint_changed.connect(one_by_one.append)
    document.touchpoints_changed.connect(lambda ids: (at_once.append(ids), order.append("touchpoints")))
    document.batch_finished.connect(lambda: order.append("batch"))
    document.move_touchpoints(moved(document))
    assert one_by_one == []
    assert at_once == [[t.id for t in document.chain.touchpoints]]
    assert order == ["touchpoints", "batch"]
    first = document.chain.touchpoints[0]
    document.set_fields(first.id, "Rename", label="One edit")  # not a batch: said at once
    assert one_by_one == [first.id]


def test_about_to_change_comes_before_the_chain_changes(qtbot, document):
    seen = []
    first = document.chain.touchpoints[0]
    before = first.label
    document.about_to_change.connect(lambda: seen.append(document.touchpoint(first.id).label))
    document.set_fields(first.id, "Rename", label="After")
    document.undo_stack.undo()
    assert seen == [before, "After"]


def test_the_revision_counts_every_change_undo_included(qtbot, document):
    start = document.revision
    document.move_touchpoints(moved(document))
    after_move = document.revision
    assert after_move > start
    document.undo_stack.undo()
    assert document.revision > after_move


def test_moves_checked_at_the_current_revision_are_not_checked_again(qtbot, document, monkeypatch):
    checks = []
    real = commands.Command.check
    monkeypatch.setattr(commands.Command, "check", lambda self: (checks.append(self), real(self)))
    document.move_touchpoints(moved(document), checked_at=document.revision)
    assert checks == []
    document.move_touchpoints(moved(document), checked_at=document.revision - 1)  # stale: checked
    assert len(checks) == 1


def test_a_stale_check_does_not_let_a_bad_move_through(qtbot, document):
    first = document.chain.touchpoints[0]
    stale = document.revision
    document.set_fields(first.id, "Rename", label="Changed meanwhile")
    with pytest.raises(EditRefused):
        document.move_touchpoints({first.id: ("no-such-lane", first.position)}, checked_at=stale)
