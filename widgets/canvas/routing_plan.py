"""Routing every handoff of the canvas from scratch.

The scene gathers what the router starts from (the cards' boxes as drawn, the lanes'
walls, the handoffs and their texts) into a RoutingPlan; `route()` builds the Router and
the LabelPlacer from it with models/ code alone, so it runs in the UI thread or in a
thread of its own (while the canvas settles after an auto-layout of a mid-sized chain).
`routing()` does the same a small step at a time, which the canvas spreads over turns of
its event loop for a large chain: a thread would slow the canvas's painting several fold
for as long as it runs, the two taking turns at the interpreter lock. Either way the
routes are those of one route_all, the ones an export from the command line draws.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field

from models.labels import HandoffTexts, LabelPlacer
from models.lane_shift import Carry, one_after_another
from models.routing import Card, Link, Router


@dataclass
class RoutingPlan:
    walls: dict[str, Card]  # the bands around the lanes (ChainScene._walls)
    cards: dict[str, Card]  # every card, and the walls
    links: list[Link]  # every handoff
    texts: dict[str, HandoffTexts]  # their texts, to be placed along their routes
    background: bool  # too many handoffs to route while the window waits (ChainScene)
    router: Router | None = field(default=None, init=False)
    label_placer: LabelPlacer | None = field(default=None, init=False)

    @property
    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        return {id: card.box for id, card in self.cards.items()}

    def route(self) -> RoutingPlan:
        """Route `links` and place their texts (pure Python: any thread, as it reads
        only the plan)."""
        self.router = Router(self.cards, self.links)
        routes = self.router.route_all()
        self.label_placer = LabelPlacer(self.boxes, routes, self.texts)
        return self

    def routing(self) -> Generator[None, None, RoutingPlan]:
        """route(), a link, a card or a label per `yield` (see ChainScene._routing_in_steps)."""
        self.router = yield from Router.building(self.cards, self.links)
        yield from self.router.routing_all()
        self.label_placer = yield from LabelPlacer.placing(self.boxes, self.router.routes, self.texts)
        return self


@dataclass
class ChangesMeanwhile:
    """What the canvas changed during a routing pass (cards moved or resized, handoffs
    added, removed or given new texts, lanes moved): routed again on the plan's router
    once the pass is done, the way any edit is (ChainScene._reroute). Dicts keep the
    order of the edits."""

    cards: dict[str, None] = field(default_factory=dict)
    added: dict[str, None] = field(default_factory=dict)
    removed: dict[str, None] = field(default_factory=dict)
    texts: dict[str, None] = field(default_factory=dict)
    shifts: list[Carry] = field(default_factory=list)  # where lanes that moved took points, in turn

    def __bool__(self) -> bool:
        return bool(self.cards or self.added or self.removed or self.texts)

    def note(self, cards=(), added=(), removed=(), texts=(), carry: Carry | None = None) -> None:
        if carry is not None:
            self.shifts.append(carry)
        self.cards.update(dict.fromkeys(cards))
        self.texts.update(dict.fromkeys(texts))
        for id in removed:
            if id in self.added:  # added meanwhile and removed again: never routed at all
                del self.added[id]
            else:
                self.removed[id] = None
            self.texts.pop(id, None)
        self.added.update(dict.fromkeys(added))

    def carry(self) -> Carry | None:
        """Where the lanes that moved meanwhile took the points of the picture the pass
        started from (see models.lane_shift), or None when none moved."""
        return one_after_another(self.shifts) if self.shifts else None
