"""Freeing a large structure a few pieces at a time, instead of all at once.

Dropping the last reference to a structure of millions of objects (the router's indexes
and the label placer of a large chain, when a layout makes them out of date) frees them
all within one step of the interpreter, which holds its lock throughout: at 20,000 cards
the editor stood still for most of a second. `letting_go` takes such a structure apart
instead, a few entries per `yield`, for a StepRunner to spread over event-loop turns.

Only what the structure alone holds is taken apart: a part that anything else still
refers to (a route a handoff's line also draws, a card's box) is merely let go of, so the
structure must no longer be in use. Tuples and other immutable parts are freed whole.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

ENTRIES_PER_STEP = 64
#: A container with more entries than this is taken apart in turn; a smaller one is freed whole.
LARGE = 64


def letting_go(parts: list) -> Iterator[None]:
    """Take apart what `parts` holds, a few entries per step; `parts` is emptied, and the
    caller must keep no other reference to what it held."""
    pending = [parts.pop() for _ in range(len(parts))]
    freed = 0
    while pending:
        part = pending.pop()
        # Held here and by getrefcount's argument alone: nothing else refers to it.
        entries = _entries(part) if sys.getrefcount(part) == 2 else None
        del part
        while entries:
            value = _pop(entries)
            if _worth_taking_apart(value):
                pending.append(value)
            del value  # freed now, unless it is pending or held elsewhere
            freed += 1
            if freed % ENTRIES_PER_STEP == 0:
                yield


def _entries(part):
    """The container to empty for `part`: itself, or its attributes' dict; None if it has none."""
    if isinstance(part, (dict, list, set)):
        return part
    table = getattr(part, "__dict__", None)
    return table if isinstance(table, dict) else None


def _pop(entries):
    if isinstance(entries, dict):
        return entries.popitem()[1]
    return entries.pop()


def _worth_taking_apart(value) -> bool:
    if isinstance(value, (dict, list, set)):
        return len(value) > LARGE
    return isinstance(getattr(value, "__dict__", None), dict) and not isinstance(value, type)
