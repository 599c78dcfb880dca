"""What the Document tells about large edits: a batch names its changed touchpoints once,
an edit is announced before it changes anything (about_to_change), the revision counts
changes, and a move command checked on a snapshot at the current revision is not
checked again."""

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


def checked_on_a_copy(document, moves: dict) -> commands.MoveTouchpointsCommand:
    """What an auto-layout's worker makes: the command checked on a copy of the chain."""
    from app.document import Document
    from models.chain_snapshot import ChainSnapshot

    copy = Document(ChainSnapshot.take(document.chain).chain())
    command = commands.MoveTouchpointsCommand(copy, moves, text="Layout")
    command.check()
    command.drop_unchanged()
    return command.prepared_for(document)


def test_a_command_checked_at_the_current_revision_runs_unchecked_and_undoes_whole(qtbot, document, monkeypatch):
    before = {t.id: (t.department, t.position) for t in document.chain.touchpoints}
    command = checked_on_a_copy(document, moved(document))
    checks = []
    real = commands.Command.check
    monkeypatch.setattr(commands.Command, "check", lambda self: (checks.append(self), real(self)))
    assert document.push_checked(command, checked_at=document.revision)
    assert checks == []
    assert {t.id: t.position.x for t in document.chain.touchpoints} == {
        id: position.x + 40.0 for id, (_lane, position) in before.items()
    }
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert {t.id: (t.department, t.position) for t in document.chain.touchpoints} == before
    document.undo_stack.redo()
    assert document.chain.touchpoints[0].position.x == before[document.chain.touchpoints[0].id][1].x + 40.0


def test_a_command_checked_before_an_edit_is_not_run(qtbot, document):
    before = {t.id: t.position for t in document.chain.touchpoints}
    command = checked_on_a_copy(document, moved(document))
    stale = document.revision
    first = document.chain.touchpoints[0]
    document.set_fields(first.id, "Rename", label="Changed meanwhile")
    assert not document.push_checked(command, checked_at=stale)
    assert document.undo_stack.count() == 1  # the rename alone
    assert {t.id: t.position for t in document.chain.touchpoints} == before


def test_many_moves_assign_all_or_none(qtbot, document):
    """The moves of a layout are assigned at once (Document.assign_touchpoint_fields): a bad
    one among them leaves every touchpoint where it was."""
    before = {t.id: t.position for t in document.chain.touchpoints}
    changes = [(t.id, {"position": Position(x=1.0, y=1.0)}) for t in document.chain.touchpoints]
    changes[-1] = ("no-such-touchpoint", {"position": Position(x=1.0, y=1.0)})
    document.begin_batch()
    try:
        with pytest.raises(KeyError):
            document.assign_touchpoint_fields(changes)
    finally:
        document.end_batch()
    assert {t.id: t.position for t in document.chain.touchpoints} == before
