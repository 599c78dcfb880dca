"""Routing every handoff of the canvas from scratch, as work that can leave the UI thread.

The scene gathers what the router starts from (the cards' boxes as drawn, the lanes'
walls, the handoffs and their texts) into a RoutingPlan; `route()` builds the Router and
the LabelPlacer from it with models/ code alone, so it runs in the UI thread (a small
chain) or in a thread of its own (a large one, or while the canvas settles after an
auto-layout), and gives the same routes either way: those of one route_all, the same as
an export from the command line draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.labels import HandoffTexts, LabelPlacer
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
        # The placer keeps its own index of the lines (models.labels.RouteLines): some
        # 10 MB at 20,000 touchpoints, for labels placed about twice as fast at that size as by
        # asking the router.
        self.label_placer = LabelPlacer(self.boxes, routes, self.texts)
        return self


@dataclass
class ChangesMeanwhile:
    """What the canvas changed while a plan was routed in a thread (cards moved or resized,
    handoffs added, removed or given new texts): routed again on the plan's router once it
    is done, the way any edit is (ChainScene._reroute). Dicts keep the order of the edits."""

    cards: dict[str, None] = field(default_factory=dict)
    added: dict[str, None] = field(default_factory=dict)
    removed: dict[str, None] = field(default_factory=dict)
    texts: dict[str, None] = field(default_factory=dict)

    def note(self, cards=(), added=(), removed=(), texts=()) -> None:
        self.cards.update(dict.fromkeys(cards))
        self.texts.update(dict.fromkeys(texts))
        for id in removed:
            if id in self.added:  # added meanwhile and removed again: never routed at all
                del self.added[id]
            else:
                self.removed[id] = None
            self.texts.pop(id, None)
        self.added.update(dict.fromkeys(added))
