"""letting_go frees a large structure over many steps, and only what it alone holds."""

from __future__ import annotations

import weakref

from models.letting_go import ENTRIES_PER_STEP, letting_go


class Node:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def structure(shared: list) -> Node:
    return Node(
        by_id={i: [i, i + 1] for i in range(2000)},
        rows=[Node(cells=list(range(100))) for _ in range(300)],
        members=set(range(1000)),
        shared=shared,
    )


def test_it_is_freed_whole_over_many_steps():
    parts = [structure([])]
    freed = weakref.ref(parts[0])
    steps = sum(1 for _ in letting_go(parts))
    assert parts == []
    assert freed() is None
    assert steps >= (2000 + 300 + 1000) // ENTRIES_PER_STEP  # a few entries a step, not all at once


def test_what_something_else_holds_is_left_whole():
    shared = list(range(500))
    root = structure(shared)
    rows = root.rows  # still in use elsewhere
    first = rows[0]
    for _ in letting_go([root]):
        pass
    assert shared == list(range(500))
    assert len(rows) == 300 and first.cells == list(range(100))
