"""Routing every handoff of the canvas from scratch, as work that can leave the UI thread.

The scene gathers what the router starts from (the cards' boxes as drawn, the lanes'
walls, the handoffs routed at once and their texts) into a RoutingPlan; `route()` builds
the Router and the LabelPlacer from it with models/ code alone, so it runs in the UI
thread (opening a chain) or in a thread of its own while the canvas settles after an
auto-layout (ChainScene._settle), and gives the same routes either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.labels import HandoffTexts, LabelPlacer
from models.routing import Card, Link, Router


@dataclass
class RoutingPlan:
    walls: dict[str, Card]  # the bands around the lanes (ChainScene._walls)
    cards: dict[str, Card]  # every card, and the walls
    links: list[Link]  # the handoffs routed at once
    texts: dict[str, HandoffTexts]  # their texts, to be placed along their routes
    pending: list[str]  # the handoffs left to route in the background (a large chain)
    router: Router | None = field(default=None, init=False)
    label_placer: LabelPlacer | None = field(default=None, init=False)

    @property
    def background(self) -> bool:
        return bool(self.pending)

    @property
    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        return {id: card.box for id, card in self.cards.items()}

    def route(self) -> RoutingPlan:
        """Route `links` and place their texts (pure Python: any thread)."""
        self.router = Router(self.cards, self.links)
        routes = self.router.route_all()
        # The placer keeps its own index of the lines (models.labels.RouteLines): some
        # 10 MB at 20,000 touchpoints, for labels placed about twice as fast at that size as by
        # asking the router (RouterLines).
        self.label_placer = LabelPlacer(self.boxes, routes, self.texts)
        return self
