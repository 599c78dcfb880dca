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
from bisect import bisect_left, bisect_right
from collections.abc import Generator, Hashable, Iterable, Iterator
from dataclasses import dataclass

from models.geometry import branch_layout, pill_layout
from models.lane_shift import Carry, moved_rect
from models.spatial import Rect, SpatialGrid
from models.steps import at_once

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
LEAST_COST = min(LINE_COST, *COST.values())  # of a place something covers
BAND = 64.0  # the lines a band of the line index holds lie within this much across
LONG_RUN = 8192.0  # a run longer than this is kept in each stretch of it it passes (see RouteLines)
RECENT = 8  # what covered the last places tried, kept while looking for a free place
BLOCKERS = 64  # what covered the last places tried, kept to rule out the next ones
ROW = 8  # places along the line made together (see LabelPlacer._pill_places)


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


def new_runs(old: list[Point] | None, new: list[Point]) -> list[Rect]:
    """segment_rects of the parts of route `new` that route `old` did not run along: a
    route carried along where a lane grew only stretched its run across that lane, and a
    label beside the rest of the run is covered as it was."""
    if not old:
        return segment_rects(new)
    along: dict[tuple[int, float], list[tuple[float, float]]] = {}  # (axis, line) -> old runs on it
    for a, b in zip(old, old[1:]):
        axis = _axis(a, b)
        if axis is not None:
            along.setdefault((axis, a[1 - axis]), []).append(tuple(sorted((a[axis], b[axis]))))
    w, rects = LINE_HALF_WIDTH, []
    for a, b in zip(new, new[1:]):
        if a == b:
            continue  # (its ends are its neighbours')
        axis = _axis(a, b)
        if axis is None:
            rects += segment_rects([a, b])
            continue
        line = a[1 - axis]
        low, high = sorted((a[axis], b[axis]))
        for start, end in _uncovered(low, high, along.get((axis, line), ())):
            rects.append((start - w, line - w, end + w, line + w) if axis == 0 else (line - w, start - w, line + w, end + w))
    return rects


def _axis(a: Point, b: Point) -> int | None:
    """0 for a horizontal run, 1 for a vertical one, None for a slanted segment."""
    return 0 if a[1] == b[1] else 1 if a[0] == b[0] else None


def _uncovered(low: float, high: float, runs) -> list[tuple[float, float]]:
    """The parts of [low, high] (low < high) that none of `runs` (each (start, end)) covers."""
    parts, start = [], low
    for run_start, run_end in sorted(runs):
        if run_start > start:
            if run_start >= high:
                break
            parts.append((start, run_start))
        start = max(start, run_end)
        if start >= high:
            return parts
    if start < high:
        parts.append((start, high))
    return parts


def _centred(centre: Point, width: float, height: float) -> Rect:
    return (centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2)


def _grown(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


class RouteLines:
    """Which handoffs' lines cross a place, from an index of the routes' runs of its own.

    A run (a horizontal or vertical segment) is kept once, in the band of BAND its line
    lies in, sorted along the line: a question about a label-sized place looks in a few
    bands and, by bisection, only at the runs that reach it. A run longer than LONG_RUN
    (a line across many lanes) is kept in each stretch of LONG_RUN along its band that
    it passes, so the sorted window stays short. The index holds the routes' own
    coordinates (no new rectangles), so it costs little memory.
    """

    def __init__(self) -> None:
        # axis 0: horizontal runs by the band of their y; axis 1: vertical runs by the band
        # of their x. A band: [starts along the line, (start, end, at, handoff) runs in that
        # order, {stretch: long runs through it}].
        self._bands: tuple[dict[int, list], dict[int, list]] = ({}, {})
        self._slanted = SpatialGrid()  # a segment neither horizontal nor vertical (rare)
        self._slanted_count = 0
        self._routes: dict[str, list[Point]] = {}

    @staticmethod
    def _runs(route: list[Point]):
        """(axis, start, end, at) of each straight segment; axis None for a slanted one."""
        for a, b in zip(route, route[1:]):
            if a[1] == b[1]:
                yield 0, min(a[0], b[0]), max(a[0], b[0]), a[1]
            elif a[0] == b[0]:
                yield 1, min(a[1], b[1]), max(a[1], b[1]), a[0]
            else:
                yield None, None, None, None

    def update(self, id: str, route: list[Point] | None) -> None:
        old = self._routes.pop(id, None)
        if old:
            self._index(id, old, remove=True)
        if route:
            self._routes[id] = route
            self._index(id, route, remove=False)

    def _index(self, id: str, route: list[Point], remove: bool) -> None:
        for number, (axis, start, end, at) in enumerate(self._runs(route)):
            if axis is None:
                if remove:
                    self._slanted.remove((id, number))
                    self._slanted_count -= 1
                else:
                    self._slanted.insert((id, number), segment_rects(route[number:number + 2])[0])
                    self._slanted_count += 1
                continue
            bands = self._bands[axis]
            band = math.floor(at / BAND)
            run = (start, end, at, id)
            starts, runs, longs = bands.setdefault(band, [[], [], {}])
            if end - start > LONG_RUN:
                for stretch in range(int(start // LONG_RUN), int(end // LONG_RUN) + 1):
                    if remove:
                        longs[stretch].remove(run)
                        if not longs[stretch]:
                            del longs[stretch]
                    else:
                        longs.setdefault(stretch, []).append(run)
            elif remove:
                index = bisect_left(starts, start)
                index += runs[index:].index(run)
                del starts[index], runs[index]
            else:
                index = bisect_right(starts, start)
                starts.insert(index, start)
                runs.insert(index, run)
            if remove and not runs and not longs:
                del bands[band]

    def crossing(self, rect: Rect) -> list[str]:
        """The handoff of each segment that crosses `rect`."""
        return self._crossing(rect, None, math.inf, False)

    def segments_near(self, rect: Rect, own: str, enough: float = math.inf) -> list[Rect]:
        """The rectangles (as segment_rects draws them) of the segments of other handoffs
        than `own` that cross `rect`, until `enough` are found."""
        return self._crossing(rect, own, enough, True)

    def first_crossing(self, rect: Rect, own: str) -> Rect | None:
        """The rectangle of a segment of another handoff than `own` that crosses `rect`,
        or None: segments_near(rect, own, 1) without its list and its care for order,
        as it runs for nearly every place a text tries. Long runs first: in a crowded
        channel they are what covers most places."""
        left, top, right, bottom = rect
        w = LINE_HALF_WIDTH
        for axis, across_low, across_high, along_low, along_high in (
            (1, left, right, top, bottom), (0, top, bottom, left, right)
        ):
            bands = self._bands[axis]
            window_low, window_high = along_low - w - LONG_RUN - 1, along_high + w
            stretches = range(int((along_low - w) // LONG_RUN), int((along_high + w) // LONG_RUN) + 1)
            for band in range(int((across_low - w) // BAND), int((across_high + w) // BAND) + 1):
                entry = bands.get(band)
                if entry is None:
                    continue
                starts, runs, longs = entry
                if longs:
                    for stretch in stretches:
                        for start, end, at, owner in longs.get(stretch, ()):
                            if (along_low < end + w and start - w < along_high and at - w < across_high
                                    and across_low < at + w and owner != own):
                                return ((start - w, at - w, end + w, at + w) if axis == 0
                                        else (at - w, start - w, at + w, end + w))
                for index in range(bisect_left(starts, window_low), bisect_right(starts, window_high)):
                    start, end, at, owner = runs[index]
                    if (along_low < end + w and start - w < along_high and at - w < across_high
                            and across_low < at + w and owner != own):
                        return ((start - w, at - w, end + w, at + w) if axis == 0
                                else (at - w, start - w, at + w, end + w))
        if self._slanted_count:
            for key in self._slanted.overlapping(rect):
                if key[0] != own:
                    return self._slanted.rect(key)
        return None

    def _crossing(self, rect: Rect, own: str | None, enough: float, rects: bool) -> list:
        """The handoff (or with `rects` the rectangle) of each run other than `own`'s that
        crosses `rect` (a run counts as LINE_HALF_WIDTH thick either side of its line, as in
        segment_rects), until `enough` are found. It runs for every place a text tries."""
        left, top, right, bottom = rect
        w = LINE_HALF_WIDTH
        found: list = []
        # Horizontal runs lie across y and along x; vertical ones the other way round.
        for axis, across_low, across_high, along_low, along_high in (
            (0, top, bottom, left, right), (1, left, right, top, bottom)
        ):
            bands = self._bands[axis]
            window_low, window_high = along_low - w - LONG_RUN - 1, along_high + w
            first_stretch = int((along_low - w) // LONG_RUN)
            stretches = range(first_stretch, int((along_high + w) // LONG_RUN) + 1)
            for band in range(int((across_low - w) // BAND), int((across_high + w) // BAND) + 1):
                entry = bands.get(band)
                if entry is None:
                    continue
                starts, runs, longs = entry
                lists = [runs[bisect_left(starts, window_low):bisect_right(starts, window_high)]]
                if longs:
                    lists += [longs.get(stretch, ()) for stretch in stretches]
                for number, window in enumerate(lists):
                    stretch = first_stretch + number - 1  # of a list of long runs
                    for start, end, at, owner in window:
                        if (along_low < end + w and start - w < along_high and at - w < across_high
                                and across_low < at + w and owner != own
                                # A long run is met in each stretch it shares with the place:
                                # take it in the first of those only.
                                and (number == 0 or stretch == max(int(start // LONG_RUN), first_stretch))):
                            if rects:
                                found.append((start - w, at - w, end + w, at + w) if axis == 0
                                             else (at - w, start - w, at + w, end + w))
                            else:
                                found.append(owner)
                            if len(found) >= enough:
                                return found
        if self._slanted_count:
            found.extend(self._slanted.rect(key) if rects else key[0]
                         for key in self._slanted.overlapping(rect) if key[0] != own)
        return found


CarriedLabels = tuple[tuple[Label, float], ...]  # a handoff's labels carried along, each with its cost


class LabelPlacer:
    """The labels of every handoff, kept up to date one edit at a time."""

    def __init__(self, cards: dict[str, Rect], routes: dict[str, list[Point]], texts: dict[str, HandoffTexts],
                 lines: RouteLines | None = None):
        self.routes = dict(routes)
        self.texts = dict(texts)
        self.labels: dict[str, tuple[Label, ...]] = {}
        #: What each label that found no free place costs where it lies (see _covered), by
        #: its key in the grids; a label that covers nothing, or a pill the user put, is not here.
        self._costs: dict[tuple, float] = {}
        self._grid = SpatialGrid()  # cards and labels
        # The labels again, alone: which labels a changed route now covers is asked along
        # every segment of it, and in a column gap the cells of a long one hold hundreds
        # of cards (see updating).
        self._label_grid = SpatialGrid()
        self._lines = lines if lines is not None else RouteLines()  # (tests count its look-ups)
        for id, box in cards.items():
            self._grid.insert(("card", id), box)
        for id, route in self.routes.items():
            self._lines.update(id, route)
        self._place(self._order(self.routes))

    @classmethod
    def placing(cls, cards: dict[str, Rect], routes: dict[str, list[Point]],
                texts: dict[str, HandoffTexts]) -> Generator[None, None, LabelPlacer]:
        """LabelPlacer(cards, routes, texts), a card, a route or a label per `yield`, for a
        caller that spreads it over turns of an event loop; returns the placer. (Filing
        20,000 cards at once would hold the loop some 60 ms.)"""
        placer = cls({}, {}, {})
        for id, box in cards.items():
            placer._grid.insert(("card", id), box)
            yield
        placer.routes, placer.texts = dict(routes), dict(texts)
        for id, route in placer.routes.items():
            placer._lines.update(id, route)
            yield
        yield from placer._placing(placer._order(placer.routes))
        return placer

    # -- the index of what a text must not cover -------------------------------------------

    def _unplace(self, id: str) -> None:
        for label in self.labels.pop(id, ()):
            self._unfile(("label", id, label.kind))

    def _file(self, key: tuple, rect: Rect, cost: float = 0.0) -> None:
        """Put a label into both grids; `cost`: what it covers there costs."""
        self._grid.insert(key, rect)
        self._label_grid.insert(key, rect)
        if cost:
            self._costs[key] = cost

    def _unfile(self, key: tuple) -> None:
        self._grid.remove(key)
        self._label_grid.remove(key)
        self._costs.pop(key, None)

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
        carry: Carry | None = None,
    ) -> set[str]:
        """Take changed cards, routes and texts (None: removed); re-place the labels they
        affect. Returns the handoffs whose labels changed.

        `carry`: where each point of the picture before the edit lies now, when the edit
        moved whole parts of it (see Router.update). The labels of a route carried so
        move with it, where they cover nothing, or no more than where they were (a label
        that found no free place; see _keeping_carried)."""
        return at_once(self.updating(cards, routes, texts, carry))

    def updating(
        self,
        cards: dict[str, Rect | None] | None = None,
        routes: dict[str, list[Point] | None] | None = None,
        texts: dict[str, HandoffTexts | None] | None = None,
        carry: Carry | None = None,
    ) -> Generator[None, None, set[str]]:
        """update, a card, a route or a label per `yield`, for a caller that spreads it
        over turns of an event loop; returns what update returns."""
        cards, routes, texts = cards or {}, routes or {}, texts or {}
        carried = (yield from self._carrying(routes, texts, carry)) if carry is not None else {}
        touched: set[str] = set(routes) | set(texts)
        changed_areas: list[Rect] = []
        for id, box in cards.items():
            if box is None:
                self._grid.remove(("card", id))
            else:
                self._grid.insert(("card", id), box)
                changed_areas.append(box)
            yield
        for id, route in routes.items():
            if route is None:
                self.routes.pop(id, None)
            else:
                changed_areas.extend(new_runs(self.routes.get(id), route))
                self.routes[id] = route
            self._lines.update(id, route)
            yield
        for id, value in texts.items():
            if value is None:
                self.texts.pop(id, None)
            else:
                self.texts[id] = value
        # Labels that what changed now covers must move too.
        for area in changed_areas:
            for key in self._label_grid.overlapping(area):
                touched.add(key[1])
            yield
        before = {id: self.labels.get(id, ()) for id in touched}
        for id in touched:
            self._unplace(id)
            yield
        kept = yield from self._keeping_carried(carried)
        yield from self._placing(self._order(touched - kept))
        return {id for id in touched if self.labels.get(id, ()) != before[id]}

    def _carrying(self, routes, texts, carry: Carry) -> Generator[None, None, dict[str, CarriedLabels]]:
        """The labels of the routes in `routes` that are their old routes carried along
        (point by point), moved with them, each with what it covered cost where it was:
        where a label lay in one lane, it moved as its route did there. Not for a text
        that changed, nor for a pill the user dragged (its place follows the route's
        length, which a carried route may change). A route per `yield`."""
        found = {}
        for id, route in routes.items():
            yield
            old, labels = self.routes.get(id), self.labels.get(id)
            if not route or not old or not labels or id in texts or len(old) != len(route):
                continue
            if self.texts[id].label_at is not None or any(carry(a) != b for a, b in zip(old, route)):
                continue
            moved = [(label, moved_rect(carry, label.rect)) for label in labels]
            if all(rect is not None for _label, rect in moved):
                costs = self._costs
                found[id] = tuple((Label(id, label.kind, rect, label.lines), costs.get(("label", id, label.kind), 0.0))
                                  for label, rect in moved)
        return found

    def _keeping_carried(self, carried: dict[str, CarriedLabels]) -> Generator[None, None, set[str]]:
        """Place the carried labels that cover nothing, or that found no free place and
        cover no more than they did (their lane moved with what was around them: looking
        again would mostly find the same place, at a cost of hundreds of places tried
        each, and a label that stays put while the user types is easier to follow), in
        the routes' order, a handoff per `yield`; returns the ids of the handoffs whose
        labels were all so placed."""
        kept = set()
        for id in self._order(carried):
            yield
            placed = []
            for label, was in carried[id]:  # one at a time, as _place_texts places them
                grown = _grown(label.rect, GAP)
                if not was:
                    cost = 0.0 if self._first_cover(grown, id) is None else math.inf
                else:  # (counting stops once it costs more: the weights are whole numbers)
                    cost = self._covered(grown, id, was + LEAST_COST)[0]
                if cost > was:
                    break
                self._file(("label", id, label.kind), label.rect, cost)
                placed.append(label)
            else:
                self.labels[id] = tuple(placed)
                kept.add(id)
                continue
            for label in placed:
                self._unfile(("label", id, label.kind))
        return kept

    # -- placing ------------------------------------------------------------------------------

    def _place(self, ids: list[str]) -> None:
        for _step in self._placing(ids):
            pass

    def _placing(self, ids: list[str]) -> Iterator[None]:
        """Place the texts of `ids` in this order, one handoff per `yield`."""
        for id in ids:
            self._place_texts(id)
            yield
        # A text placed early can take the only free place of a later one, which then
        # has to cover it. Place the two again, the crowded one first.
        crowded = []
        for id in ids:
            if self._covered_labels(id):
                crowded.append(id)
            yield
        if crowded:
            others = {other for id in crowded for other in self._covered_labels(id)} - set(crowded)
            for id in (*crowded, *others):
                self._unplace(id)
            for id in (*crowded, *self._order(others)):
                self._place_texts(id)
                yield

    def _covered_labels(self, id: str) -> set[str]:
        """The handoffs whose labels a label of `id` covers (`id` itself when its two do)."""
        covered = set()
        for label in self.labels.get(id, ()):
            for key in self._label_grid.overlapping(label.rect):
                if key != ("label", id, label.kind):
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
            best, cost = _centred(point, width, height), 0.0  # (where the user put it, whatever it covers)
        else:
            candidates = self._branch_places if kind == "branch" else self._pill_places
            best, cost = self._best_place(id, candidates(_Walk(route), width, height))
        label = Label(id, kind, best, lines)
        self._file(("label", id, kind), best, cost)
        return label

    def _best_place(self, id: str, candidates) -> tuple[Rect, float]:
        """The first place that covers nothing, or else the first of the least covered,
        and what it covers costs. `candidates` gives the places in order, a few at a time.

        Most texts have a free place: looking for it needs only whether something covers
        a place, not what it all costs (see _first_free). Only a text with no free place
        weighs every place (_least_covered)."""
        tried: list[list[Rect]] = []
        free = self._first_free(id, candidates, tried)
        return (free, 0.0) if free is not None else self._least_covered(id, tried)

    def _first_free(self, id: str, candidates, tried: list) -> Rect | None:
        """The first place of `candidates` that nothing covers, or None; each batch of
        places looked at is added to `tried`. What covered the places tried last is kept
        (`recent`, latest first): a neighbouring place is mostly covered by the same thing."""
        recent: list[Rect] = []
        for rects in candidates:
            tried.append(rects)
            for rect in rects:
                left, top, right, bottom = rect
                left, top, right, bottom = left - GAP, top - GAP, right + GAP, bottom + GAP  # _grown
                for other in recent:
                    if other[0] < right and left < other[2] and other[1] < bottom and top < other[3]:
                        break
                else:
                    blocker = self._first_cover((left, top, right, bottom), id)
                    if blocker is None:
                        return rect
                    recent.insert(0, blocker)
                    if len(recent) > RECENT:
                        recent.pop()
        return None

    def _first_cover(self, grown: Rect, own: str) -> Rect | None:
        """Something that covers `grown` (a line of another handoff, a card, a label), or None."""
        line = self._lines.first_crossing(grown, own)
        if line is not None:
            return line
        keys = self._grid.overlapping(grown)
        return self._grid.rect(keys[0]) if keys else None

    def _least_covered(self, id: str, candidates) -> tuple[Rect, float]:
        """The first of the least covered places of `candidates`, batches of places in
        order (see _best_place), none of them free, and what it covers costs (counted
        whole, see _covered). What covered the places tried last
        is kept (`blockers`): when those already cost a place as much as the best so far,
        it is passed over without looking up what covers it, which spares most look-ups in
        a crowded channel and never changes the choice."""
        best, best_cost = None, math.inf
        blockers: dict[Rect, float] = {}  # what covers, and what covering it costs
        for rects in candidates:
            for rect in rects:
                left, top, right, bottom = rect
                grown = (left - GAP, top - GAP, right + GAP, bottom + GAP)  # _grown, without the call
                if blockers and _cost_of(blockers, grown, best_cost) >= best_cost:
                    continue
                cost, covered = self._covered(grown, id, best_cost)
                if cost < best_cost:
                    best, best_cost = rect, cost
                    if cost <= LEAST_COST:  # nothing covered costs less: no later place is better
                        return best, best_cost
                # Each thing once (its cost counted once towards a place), the latest last.
                for blocker, weight in covered:
                    blockers.pop(blocker, None)
                    blockers[blocker] = weight
                while len(blockers) > BLOCKERS:
                    del blockers[next(iter(blockers))]
        return best, best_cost

    def _cost(self, rect: Rect, own: str, enough: float = math.inf) -> float:
        """How badly `rect` covers cards, other texts and other routes (0: not at all);
        counting stops at `enough`, the cost of the best place so far."""
        return self._covered(_grown(rect, GAP), own, enough)[0]

    def _covered(self, grown: Rect, own: str, enough: float) -> tuple[float, list[tuple[Rect, float]]]:
        """What covering `grown` costs, and what covers it (each with its cost), until the
        cost reaches `enough`."""
        # Lines first: they are what most places cover. A pill sits on its own line.
        covered = [(segment, LINE_COST) for segment in self._lines.segments_near(grown, own, enough / LINE_COST)]
        cost = len(covered) * LINE_COST
        if cost < enough:
            grid = self._grid
            for key in grid.overlapping(grown):
                weight = COST[key[0]]
                covered.append((grid.rect(key), weight))
                cost += weight
                if cost >= enough:
                    break
        return cost, covered

    def _pill_places(self, walk: _Walk, width: float, height: float):
        """On the line, middle of the route first; then just beside it. Yields the places
        a few at a time (see _best_place). (Each place is _centred on its point,
        written out with the same sums: this runs for every place a text tries.)"""
        length = walk.length
        half_width, half_height = width / 2, height / 2
        on_line, beside = [], []
        for fraction in PILL_FRACTIONS:
            distance = fraction * length
            (x, y), horizontal = point = walk.at(distance)
            reach = (half_width if horizontal else half_height) + END_ROOM
            if distance >= reach and length - distance >= reach:
                on_line.append((x - half_width, y - half_height, x + half_width, y + half_height))
                if len(on_line) == ROW:
                    yield on_line
                    on_line = []
            # Beside the line even where the run is too short to sit on: between two
            # cards stacked close, the pill goes next to its line.
            beside.append(point)
        if on_line:
            yield on_line
        for start in range(0, len(beside), ROW):
            places = []
            for (x, y), horizontal in beside[start:start + ROW]:
                if horizontal:
                    above, below = y - half_height - GAP - 1, y + half_height + GAP + 1
                    places += [(x - half_width, above - half_height, x + half_width, above + half_height),
                               (x - half_width, below - half_height, x + half_width, below + half_height)]
                else:
                    right, left = x + half_width + GAP + 1, x - half_width - GAP - 1
                    places += [(right - half_width, y - half_height, right + half_width, y + half_height),
                               (left - half_width, y - half_height, left + half_width, y + half_height)]
            yield places  # one side, the other side
        # Still no room (cards stacked close): further out to either side, nearest first.
        middle = [walk.at(fraction * length) for fraction in (0.5, 0.3, 0.7)]
        for step in range(1, FAR_STEPS + 1):
            shift = step * FAR_STEP
            places = []
            for (x, y), horizontal in middle:
                if horizontal:
                    places += [_centred((x, y - height / 2 - GAP - shift), width, height),
                               _centred((x, y + height / 2 + GAP + shift), width, height)]
                else:
                    places += [_centred((x + width / 2 + GAP + shift, y), width, height),
                               _centred((x - width / 2 - GAP - shift, y), width, height)]
            yield places
        if length:  # nowhere free: the middle of its own line
            yield [_centred(walk.at(length / 2)[0], width, height)]

    def _branch_places(self, walk: _Walk, width: float, height: float):
        """Just off the line near the start of the branch, either side; then like a pill."""
        length = walk.length
        places = []
        for distance in BRANCH_DISTANCES:
            if distance > max(length - END_ROOM, BRANCH_DISTANCES[0]):
                break
            (x, y), horizontal = walk.at(distance)
            ahead = walk.at(distance + 1)[0]
            if horizontal:
                left = x if ahead[0] >= x else x - width
                places += [(left, y - height - GAP, left + width, y - GAP),
                           (left, y + GAP, left + width, y + height + GAP)]
            else:
                top = y if ahead[1] >= y else y - height
                places += [(x + GAP + 1, top, x + GAP + 1 + width, top + height),
                           (x - GAP - 1 - width, top, x - GAP - 1, top + height)]
        yield places
        yield from self._pill_places(walk, width, height)


def _cost_of(covering: dict[Rect, float], rect: Rect, enough: float) -> float:
    """What the things of `covering` that cover `rect` cost together; stops at `enough`."""
    left, top, right, bottom = rect
    cost = 0.0
    for (other_left, other_top, other_right, other_bottom), weight in reversed(covering.items()):  # the latest first
        if other_left < right and left < other_right and other_top < bottom and top < other_bottom:
            cost += weight
            if cost >= enough:
                return cost
    return cost


class _Walk:
    """A route measured once, for the many places tried along it: the point at a distance
    along it, exactly as point_along finds it."""

    __slots__ = ("route", "length", "_segments", "_passed")

    def __init__(self, route: list[Point]):
        self.route = route
        end = route[-1]
        # Each segment's length, start, extent across and down and whether it is
        # horizontal: what at() asks of each, worked out once. It stops at the first
        # segment that ends where the route does (point_along goes no further).
        self._segments = []
        for a, b in zip(route, route[1:]):
            self._segments.append((abs(b[0] - a[0]) + abs(b[1] - a[1]), a[0], a[1], b[0] - a[0], b[1] - a[1],
                                   abs(b[1] - a[1]) < abs(b[0] - a[0])))
            if b is end:
                break
        # The lengths of the segments a point may lie past, for at() to count off alone.
        self._passed = [segment[0] for segment in self._segments[:-1]]
        self.length = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in zip(route, route[1:]))

    def at(self, distance: float) -> tuple[Point, bool]:
        if not self._segments:
            return self.route[-1], True
        number = len(self._passed)  # the last segment, if the point lies past the others
        for index, length in enumerate(self._passed):
            if distance <= length:
                number = index
                break
            distance -= length
        length, x, y, across, down, horizontal = self._segments[number]
        if length == 0:
            t = 0.0
        else:  # min(1.0, max(0.0, distance / length)), without the calls
            t = distance / length
            t = 0.0 if t <= 0.0 else 1.0 if t >= 1.0 else t
        return (x + across * t, y + down * t), horizontal


def label_rects(labels: dict[str, tuple[Label, ...]]) -> dict[Hashable, Rect]:
    """Every placed label's rectangle, keyed by (handoff, kind)."""
    return {(label.handoff, label.kind): label.rect for group in labels.values() for label in group}
