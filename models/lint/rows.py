"""What the rules read of each touchpoint and handoff, read once per lint into rows.

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


class HandoffRow(NamedTuple):
    """A handoff's fields that rules read; its ends by their number in file order."""

    id: str
    source: int
    target: int
    label: str | None
    passes: str | None


# The fields of TouchpointRow but the last, read by one C call per touchpoint.
_FIELDS = tuple("review.status" if name == "review_status" else name for name in TouchpointRow._fields[:-1])
_read_fields = attrgetter(*_FIELDS)


def touchpoint_rows(touchpoints: Iterable[Touchpoint]) -> list[TouchpointRow]:
    """One row per touchpoint, in the order given."""
    make, fields = TouchpointRow._make, _read_fields
    return [make((*fields(touchpoint), touchpoint)) for touchpoint in touchpoints]


def handoff_rows(handoffs: Iterable[Handoff], number: dict[str, int]) -> list[HandoffRow]:
    """One row per handoff, in file order; `number` numbers the touchpoints."""
    return [
        HandoffRow(handoff.id, number[handoff.source], number[handoff.target], handoff.label, handoff.passes)
        for handoff in handoffs
    ]
