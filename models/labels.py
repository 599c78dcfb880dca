"""Where handoff texts go: each on its own route, covering no card, label or other route.

A handoff can show two texts: its `label` (a decision's branch, "Yes", "No"), just off
the line near the start of its route, and what it `passes`, wrapped in a pill that sits
on the line. Each is tried at places along its own route, nearest the preferred one first,
and takes the first place that covers no card, no label placed before it and no other
route; a pill the user dragged (`label_at`, a fraction of the route's length) stays there.
Only when no place along the route is free does a text take the least covered one.

Everything is in scene coordinates and pure Python, so the canvas, the exports and the
tests place labels the same way.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from models.geometry import branch_layout, pill_layout
from models.spatial import Rect, SpatialGrid

Point = tuple[float, float]

LINE_HALF_WIDTH = 1.5  # a route counts as this thick either side of its centre line
GAP = 3.0  # between a text and what it avoids
END_ROOM = 14.0  # a pill keeps this far from the ends of its route (ports and arrowhead)
#: Fractions of the route's length tried for a pill, the middle first.
PILL_FRACTIONS = (0.5,) + tuple(f for step in range(1, 20) for f in (0.5 - step * 0.025, 0.5 + step * 0.025))
#: Distances from the start of a route tried for a branch label, nearest first.
BRANCH_DISTANCES = (6.0, 16.0, 28.0, 44.0, 64.0, 90.0, 120.0)
FAR_STEP, FAR_STEPS = 30.0, 8  # how far out a pill may go beside a crowded line
# What a covered place costs: a card worst, then another text, then a line.
COST = {"card": 100.0, "label": 40.0}
LINE_COST = 1.0


@dataclass(frozen=True, slots=True)
class HandoffTexts:
    label: str | None = None
    passes: str | None = None
    label_at: float | None = None  # where the user put the pill, a fraction of the route


@dataclass(frozen=True, slots=True)
class Label:
    handoff: str
    kind: str  # "branch" or "passes"
    rect: Rect
    lines: tuple[str, ...]


def route_length(route: list[Point]) -> float:
    return sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in zip(route, route[1:]))


def point_along(route: list[Point], distance: float) -> tuple[Point, bool]:
    """The point `distance` along the route, and whether its segment is horizontal."""
    for a, b in zip(route, route[1:]):
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        horizontal = abs(b[1] - a[1]) < abs(b[0] - a[0])
        if distance <= length or b is route[-1]:
            t = 0.0 if length == 0 else min(1.0, max(0.0, distance / length))
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), horizontal
        distance -= length
    return route[-1], True


def fraction_at(route: list[Point], point: Point) -> float:
    """The fraction of the route's length at the route's point nearest `point`."""
    best, best_distance, walked = 0.0, math.inf, 0.0
    for a, b in zip(route, route[1:]):
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        t = 0.0
        if length:
            t = ((point[0] - a[0]) * (b[0] - a[0]) + (point[1] - a[1]) * (b[1] - a[1])) / (length * length)
            t = min(1.0, max(0.0, t))
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        distance = math.hypot(point[0] - x, point[1] - y)
        if distance < best_distance:
            best, best_distance = walked + length * t, distance
        walked += length
    total = route_length(route)
    return best / total if total else 0.5


def segment_rects(route: list[Point]) -> list[Rect]:
    """A route's segments as thin rectangles, as thick as the line is drawn."""
    w = LINE_HALF_WIDTH
    return [
        (min(a[0], b[0]) - w, min(a[1], b[1]) - w, max(a[0], b[0]) + w, max(a[1], b[1]) + w)
        for a, b in zip(route, route[1:])
    ]


def _centred(centre: Point, width: float, height: float) -> Rect:
    return (centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2)


def _grown(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


class RouteLines:
    """Which handoffs' lines cross a place: the routes' segments in a grid of their own."""

    def __init__(self) -> None:
        self._grid = SpatialGrid()
        self._segments: dict[str, int] = {}  # handoff -> how many segments it has in the grid

    def update(self, id: str, route: list[Point] | None) -> None:
        for number in range(self._segments.pop(id, 0)):
            self._grid.remove((id, number))
        if route:
            rects = segment_rects(route)
            for number, rect in enumerate(rects):
                self._grid.insert((id, number), rect)
            self._segments[id] = len(rects)

    def crossing(self, rect: Rect) -> list[str]:
        """The handoff of each segment that crosses `rect`."""
        return [key[0] for key in self._grid.overlapping(rect)]


class RouterLines:
    """Which handoffs' lines cross a place, from the router's own index of its routes
    (the canvas: a large chain's segments are not indexed twice)."""

    def __init__(self, router) -> None:
        self.router = router

    def update(self, id: str, route: list[Point] | None) -> None:
        pass  # the router has indexed its routes already

    def crossing(self, rect: Rect) -> list[str]:
        return self.router.links_crossing(rect, LINE_HALF_WIDTH)


class LabelPlacer:
    """The labels of every handoff, kept up to date one edit at a time."""

    def __init__(self, cards: dict[str, Rect], routes: dict[str, list[Point]], texts: dict[str, HandoffTexts],
                 lines: RouteLines | RouterLines | None = None):
        self.routes = dict(routes)
        self.texts = dict(texts)
        self.labels: dict[str, tuple[Label, ...]] = {}
        self._grid = SpatialGrid()  # cards and labels
        self._lines = lines if lines is not None else RouteLines()
        for id, box in cards.items():
            self._grid.insert(("card", id), box)
        for id, route in self.routes.items():
            self._lines.update(id, route)
        self._place(self._order(self.routes))

    # -- the index of what a text must not cover -------------------------------------------

    def _unplace(self, id: str) -> None:
        for label in self.labels.pop(id, ()):
            self._grid.remove(("label", id, label.kind))

    def _order(self, ids: Iterable[str]) -> list[str]:
        """`ids` in the order of the routes (the chain's handoff order): deterministic."""
        wanted = set(ids)
        return [id for id in self.routes if id in wanted]

    # -- editing ------------------------------------------------------------------------------

    def update(
        self,
        cards: dict[str, Rect | None] | None = None,
        routes: dict[str, list[Point] | None] | None = None,
        texts: dict[str, HandoffTexts | None] | None = None,
    ) -> set[str]:
        """Take changed cards, routes and texts (None: removed); re-place the labels they
        affect. Returns the handoffs whose labels changed."""
        cards, routes, texts = cards or {}, routes or {}, texts or {}
        touched: set[str] = set(routes) | set(texts)
        changed_areas: list[Rect] = []
        for id, box in cards.items():
            if box is None:
                self._grid.remove(("card", id))
            else:
                self._grid.insert(("card", id), box)
                changed_areas.append(box)
        for id, route in routes.items():
            if route is None:
                self.routes.pop(id, None)
            else:
                self.routes[id] = route
                changed_areas.extend(segment_rects(route))
            self._lines.update(id, route)
        for id, value in texts.items():
            if value is None:
                self.texts.pop(id, None)
            else:
                self.texts[id] = value
        # Labels that what changed now covers must move too.
        for area in changed_areas:
            for key in self._grid.overlapping(area):
                if key[0] == "label":
                    touched.add(key[1])
        before = {id: self.labels.get(id, ()) for id in touched}
        for id in touched:
            self._unplace(id)
        self._place(self._order(touched))
        return {id for id in touched if self.labels.get(id, ()) != before[id]}

    # -- placing ------------------------------------------------------------------------------

    def _place(self, ids: list[str]) -> None:
        for id in ids:
            self._place_texts(id)
        # A text placed early can take the only free place of a later one, which then
        # has to cover it. Place the two again, the crowded one first.
        crowded = [id for id in ids if self._covered_labels(id)]
        if crowded:
            others = {other for id in crowded for other in self._covered_labels(id)} - set(crowded)
            for id in (*crowded, *others):
                self._unplace(id)
            for id in (*crowded, *self._order(others)):
                self._place_texts(id)

    def _covered_labels(self, id: str) -> set[str]:
        """The handoffs whose labels a label of `id` covers (`id` itself when its two do)."""
        covered = set()
        for label in self.labels.get(id, ()):
            for key in self._grid.overlapping(label.rect):
                if key[0] == "label" and key != ("label", id, label.kind):
                    covered.add(key[1])
        return covered

    def _place_texts(self, id: str) -> None:
        texts, route = self.texts.get(id), self.routes.get(id)
        if texts is None or not route or len(route) < 2:
            return
        placed: list[Label] = []
        if texts.label and texts.label.strip():
            placed.append(self._place_one(id, "branch", texts.label, route, None))
        if texts.passes and texts.passes.strip():
            placed.append(self._place_one(id, "passes", texts.passes, route, texts.label_at))
        if placed:
            self.labels[id] = tuple(placed)

    def _place_one(self, id: str, kind: str, text: str, route: list[Point], label_at: float | None) -> Label:
        width, height, lines = (branch_layout if kind == "branch" else pill_layout)(text)
        if label_at is not None and kind == "passes":
            point, _horizontal = point_along(route, label_at * route_length(route))
            best = _centred(point, width, height)
        else:
            candidates = self._branch_places if kind == "branch" else self._pill_places
            best, best_cost = None, math.inf
            for rect in candidates(route, width, height):
                cost = self._cost(rect, id, best_cost)
                if cost < best_cost:
                    best, best_cost = rect, cost
                    if cost == 0:
                        break
        label = Label(id, kind, best, lines)
        self._grid.insert(("label", id, kind), best)
        return label

    def _cost(self, rect: Rect, own: str, enough: float = math.inf) -> float:
        """How badly `rect` covers cards, other texts and other routes (0: not at all);
        counting stops at `enough`, the cost of the best place so far."""
        cost = 0.0
        grown = _grown(rect, GAP)
        for key in self._grid.overlapping(grown):
            cost += COST[key[0]]
            if cost >= enough:
                return cost
        for handoff in self._lines.crossing(grown):
            if handoff != own:  # a pill sits on its own line
                cost += LINE_COST
                if cost >= enough:
                    return cost
        return cost

    def _pill_places(self, route: list[Point], width: float, height: float):
        """On the line, middle of the route first; then just beside it."""
        length = route_length(route)
        beside = []
        for fraction in PILL_FRACTIONS:
            distance = fraction * length
            point, horizontal = point_along(route, distance)
            reach = (width if horizontal else height) / 2 + END_ROOM
            if distance >= reach and length - distance >= reach:
                yield _centred(point, width, height)
            # Beside the line even where the run is too short to sit on: between two
            # cards stacked close, the pill goes next to its line.
            x, y = point
            if horizontal:
                beside += [_centred((x, y - height / 2 - GAP - 1), width, height),
                           _centred((x, y + height / 2 + GAP + 1), width, height)]
            else:
                beside += [_centred((x + width / 2 + GAP + 1, y), width, height),
                           _centred((x - width / 2 - GAP - 1, y), width, height)]
        yield from beside
        # Still no room (cards stacked close): further out to either side, nearest first.
        for step in range(1, FAR_STEPS + 1):
            for fraction in (0.5, 0.3, 0.7):
                (x, y), horizontal = point_along(route, fraction * length)
                shift = step * FAR_STEP
                if horizontal:
                    yield _centred((x, y - height / 2 - GAP - shift), width, height)
                    yield _centred((x, y + height / 2 + GAP + shift), width, height)
                else:
                    yield _centred((x + width / 2 + GAP + shift, y), width, height)
                    yield _centred((x - width / 2 - GAP - shift, y), width, height)
        if length:  # nowhere free: the middle of its own line
            yield _centred(point_along(route, length / 2)[0], width, height)

    def _branch_places(self, route: list[Point], width: float, height: float):
        """Just off the line near the start of the branch, either side; then like a pill."""
        length = route_length(route)
        for distance in BRANCH_DISTANCES:
            if distance > max(length - END_ROOM, BRANCH_DISTANCES[0]):
                break
            (x, y), horizontal = point_along(route, distance)
            ahead, _ = point_along(route, distance + 1)
            if horizontal:
                left = x if ahead[0] >= x else x - width
                yield (left, y - height - GAP, left + width, y - GAP)
                yield (left, y + GAP, left + width, y + height + GAP)
            else:
                top = y if ahead[1] >= y else y - height
                yield (x + GAP + 1, top, x + GAP + 1 + width, top + height)
                yield (x - GAP - 1 - width, top, x - GAP - 1, top + height)
        yield from self._pill_places(route, width, height)


def label_rects(labels: dict[str, tuple[Label, ...]]) -> dict[Hashable, Rect]:
    """Every placed label's rectangle, keyed by (handoff, kind)."""
    return {(label.handoff, label.kind): label.rect for group in labels.values() for label in group}
