"""A chain fragment: selected touchpoints with what they need, for copy and paste."""

from __future__ import annotations

from collections.abc import Iterable

from models.chain import Chain


def extract_fragment(chain: Chain, touchpoint_ids: Iterable[str]) -> Chain:
    """A valid chain holding the touchpoints, the handoffs between them, their lanes and owners."""
    wanted = set(touchpoint_ids)
    touchpoints = [t for t in chain.touchpoints if t.id in wanted]
    lanes = {t.department for t in touchpoints}
    owners = {t.owner for t in touchpoints if t.owner}
    departments = [d.model_copy(update={"lead": None}) for d in chain.departments if d.id in lanes]
    people = [
        p.model_copy(update={"department": p.department if p.department in lanes else None})
        for p in chain.people
        if p.id in owners
    ]
    handoffs = [h for h in chain.handoffs if h.source in wanted and h.target in wanted]
    return Chain(
        title=chain.title,
        departments=departments,
        people=people,
        touchpoints=[t.model_copy(deep=True) for t in touchpoints],
        handoffs=[h.model_copy() for h in handoffs],
    )
