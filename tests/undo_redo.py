"""The undo/redo check every edit of a Document gets: back exactly, forward exactly."""

from __future__ import annotations

from models.chain_file import chain_to_bytes
from models.integrity import find_integrity_problem


def snapshot(document) -> bytes:
    """The document's chain as it would be saved: equal bytes, equal chains."""
    return chain_to_bytes(document.chain)


def undo_redo_round_trip(document, before: bytes, steps: int = 1) -> None:
    """The edit made since `snapshot` gave `before` (`steps` undo steps) changed the chain;
    undoing it gives `before` back exactly, redoing it the edited chain exactly, and the
    chain is whole (models.integrity) at both ends."""
    after = snapshot(document)
    assert after != before
    assert find_integrity_problem(document.chain) is None
    for _ in range(steps):
        document.undo_stack.undo()
    assert snapshot(document) == before
    for _ in range(steps):
        document.undo_stack.redo()
    assert snapshot(document) == after
    assert find_integrity_problem(document.chain) is None
