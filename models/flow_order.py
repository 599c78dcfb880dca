"""Flow order: the order in which a printed page walks through a chain's elements.

Touchpoints go left to right as drawn (position x), then top to bottom (lane, then
position y in it): on
the canvas x is time along the lanes, so this is the order in which the customer meets
them. A topological order of the handoffs is not always defined, since handoffs can loop
back (rework), so the drawing decides.

For pages that speak of every kind of element (the minutes, the handout's open
critiques) the order is: the chain itself first, then each touchpoint followed by the
handoffs that leave it (in their targets' flow order), then the departments in lane
order, top to bottom.
"""

from __future__ import annotations

from models.chain import Chain, Touchpoint


def touchpoints_in_flow_order(chain: Chain) -> list[Touchpoint]:
    """The touchpoints left to right, then top to bottom, as drawn."""
    lane = {d.id: number for number, d in enumerate(chain.departments)}  # lanes stack in file order
    return sorted(chain.touchpoints, key=lambda t: (t.position.x, lane.get(t.department, len(lane)), t.position.y))


def elements_in_flow_order(chain: Chain) -> list[str | None]:
    """Every element id a page may speak of, in flow order; None (the chain) first.

    Handoffs whose source is not a touchpoint of the chain (a damaged file) come after
    the last touchpoint's, so none is left out.
    """
    touchpoints = touchpoints_in_flow_order(chain)
    place = {t.id: number for number, t in enumerate(touchpoints)}
    leaving: dict[str, list] = {}
    for handoff in chain.handoffs:
        leaving.setdefault(handoff.source, []).append(handoff)
    order: list[str | None] = [None]
    for touchpoint in touchpoints:
        order.append(touchpoint.id)
        handoffs = sorted(leaving.pop(touchpoint.id, []), key=lambda h: place.get(h.target, len(place)))
        order += [h.id for h in handoffs]
    order += [h.id for handoffs in leaving.values() for h in handoffs]
    order += [d.id for d in chain.departments]
    return order
