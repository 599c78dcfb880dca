"""What the rules read of each touchpoint and handoff, read once per lint into rows
(touchpoints) and columns (handoffs).

Why: on a large chain each touchpoint's fields lie scattered in memory (the model, its
field dict, its review and procedure), so a rule that reads a field of every touchpoint
waits on memory at each one, and twenty rules doing so cost twenty slow passes: lint
grew 7x from 5,000 to 20,000 touchpoints. Reading every field any rule needs in one
pass, into a small tuple per touchpoint, pays that wait once; the tuples lie side by
side, and most values they hold (kinds, statuses, lanes) are shared, so the rules' own
passes over them stay in the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import NamedTuple

from models.chain import Handoff, Measure, Position, Procedure, Review, Size, Touchpoint
from models.field_reading import field_rows


class TouchpointRow(NamedTuple):
    """A touchpoint's fields that rules read, its review's status brought up a level."""

    id: str
    label: str
    department: str
    kind: str
    serves: str
    owner: str | None
    procedure: Procedure | None
    expectation: str | None
    objective: str | None
    review_status: str
    review: Review
    marks: list[str]
    measure: Measure | None
    position: Position
    size: Size | None
    touchpoint: Touchpoint  # for what a rule reads of a few touchpoints only (results)


class HandoffColumns(NamedTuple):
    """The handoffs' fields that rules read, a list per field in file order; their ends
    by touchpoint number. Columns, not a row per handoff: a rule over the handoffs reads
    two or three of these short lists, which stay in the cache, where rows of a large
    chain (more handoffs than touchpoints) did not, and lint grew faster than the chain."""

    ids: list[str]
    sources: list[int]
    targets: list[int]
    labels: list[str | None]
    passes: list[str | None]


# The fields of TouchpointRow but the last, read by one C call per touchpoint.
_FIELDS = tuple("review.status" if name == "review_status" else name for name in TouchpointRow._fields[:-1])
_read_fields = attrgetter(*_FIELDS)


def touchpoint_rows(touchpoints: Iterable[Touchpoint]) -> list[TouchpointRow]:
    """One row per touchpoint, in the order given."""
    make, fields = TouchpointRow._make, _read_fields
    return [make((*fields(touchpoint), touchpoint)) for touchpoint in touchpoints]


def handoff_columns(handoffs: Iterable[Handoff], number: dict[str, int]) -> HandoffColumns:
    """The handoffs' columns, in file order; `number` numbers the touchpoints."""
    fields = list(field_rows(handoffs, "id", "source", "target", "label", "passes"))  # (one pass, in C)
    if not fields:
        return HandoffColumns([], [], [], [], [])
    ids, sources, targets, labels, passes = zip(*fields)
    number_of = number.__getitem__
    return HandoffColumns(list(ids), list(map(number_of, sources)), list(map(number_of, targets)), list(labels), list(passes))
