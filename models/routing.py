"""Handoff routes that go around cards: right-angled lines from card outline to outline.

Pure Python (no Qt), so the canvas, the exports and the tests share one router.

How a chain is routed (`Router.route_all`):

1. Each handoff picks the side it leaves its source by and the side it enters its
   target by (`_sides`): forward to the right, up or down when the cards are stacked, a
   loop over the top or under the bottom when it returns to a card in the same band.
   A decision's branches leave from different vertices of the diamond. A side with a
   card right in front of it gives way to the next best.
2. The handoffs meeting one side of a card get their own port each, spread over the
   side and ordered so that they do not cross near the card (`_place_card`); a crowded
   side spills ports onto its neighbours. Ports that can face each other across a clear
   straight line take the same coordinate, for a straight line.
3. Each port's line is reserved out to RESERVE past its card (`_reserve`): no other
   route may run along it there, so every link can get out of its card and turn.
4. Handoffs are routed one by one, shortest first (`_route`). A fast path tries the
   straight, L, Z, U and double-Z shapes, their free coordinates pushed past the cards
   and routes in the way (`_lift`); only when none fits does an A* search run over a
   sparse orthogonal visibility graph of the cards near the two ends (`_search`), in a
   window that grows while the search runs into its edge, then with more lines, then
   allowed to run over other routes, which are ripped up and routed again afterwards.
   Routes already placed are obstacles for collinear runs (an index of segments, see
   `_conflict`), never for crossings, so no two routes share a line.

An edit (`Router.update`) places the ports of the cards it touches again and re-routes
the handoffs whose ports moved, whose cards moved, or whose routes the edit now blocks.

Limits: a search gives up after MAX_POPS steps and a pass after BUDGET steps; a link
left without a route then gets a plain one that may cross cards. That happens only when
hundreds of long handoffs crowd through the same gaps, or a card has far more handoffs
than its sides hold (beyond some 40 link ends on one card), or cards overlap.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass

from models.geometry import PILL_RADIUS, STEP_RADIUS

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom, scene coordinates, y grows downwards

CLEARANCE = 12.0  # how far a route keeps from the cards it passes
SEPARATION = 8.0  # between parallel runs of different routes
TOUCH = 2.5  # collinear runs nearer than this would read as one line: never allowed
HARD = 1.0  # no run comes nearer than this to a card (bar the port's own)
MIN_STUB = 8.0  # the least straight run out of (or into) a card before a bend
RESERVE = 3 * CLEARANCE  # how far out a port's line is kept for its own link
PORT_GAP = 5.0  # the least distance between two ports on one side
PORT_SPACING = 12.0  # between ports, when a straight line moves one off the even spread
PORT_PITCH = 10.0  # between ports gathered around a diamond's vertex
DIAMOND_NEAR, DIAMOND_FULL = 0.3, 0.45  # share of a diamond's half-side its ports may use
LOOP_HEIGHT = 18.0  # how far a self-handoff's loop rises above its card
BEND = 30.0  # what a bend costs in the search, in pixels of length
NEAR = 1.0  # extra cost per pixel run inside a card's clearance or next to another route
SHORT = 5.0  # extra cost per pixel a first or last run falls short of MIN_STUB
GREED = 2.0  # the search trusts its estimate this much more than plain A*: far quicker, rarely worse
CROSSING = 6.0  # cost per pixel of running along another route's line, when ripping it up
RIPS = 2  # how often one link's route may be ripped up for others
FREE, NEAR_CARD, ON_ROUTE, BLOCKED = range(4)  # what a search edge runs through, by rank
RUN_COST = (1.0, 1.0 + NEAR, CROSSING, math.inf)  # cost per pixel of each
CELL = 256.0  # spatial hash cell, about one card and a gap
RUN_CELL = 1024.0  # stretch of a line a run index bucket covers: long routes take few buckets
RUN_BUCKET = 32.0  # the band of lines across (a few separations) a run index bucket covers
REACH = 120.0  # the first search window reaches this far around the two ends...
MAX_REACH = 2000.0  # ...and grows up to this while the search runs into its edge
MAX_NODES = 400_000  # nor beyond this many crossings of lines
MAX_POPS = 150_000  # one search gives up after this many steps...
BUDGET = 2_000_000  # ...and all searches of one pass after this many (or 100 a link, if more):
# beyond, a link gets a plain route. Only chains with hundreds of long handoffs crowding
# through the same gaps come near it.
OPEN_LINES = 4  # search lines a separation apart beyond the outermost cards (8 times as many dense)
AREA_QUERY = 2000  # fine buckets a query of runs in an area looks at before it uses cells
EPS = 1e-6

RIGHT, DOWN, LEFT, UP = range(4)
DX = (1, 0, -1, 0)
DY = (0, 1, 0, -1)


@dataclass(frozen=True, slots=True)
class Card:
    box: Box
    kind: str  # "step" (rounded rectangle), "decision" (diamond in the box), "start"/"end" (pill)


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    source: str  # card id
    target: str  # card id


class Router:
    """Routes every link; keeps what it needs to re-route only what an edit affects."""

    def __init__(self, cards: dict[str, Card], links: list[Link]):
        self.cards: dict[str, Card] = dict(cards)
        self.links: dict[str, Link] = {link.id: link for link in links}
        self.routes: dict[str, list[Point]] = {}
        self._order: dict[str, int] = {}  # link id -> position, for ties that must not depend on hashing
        self._serial = 0
        for link_id in self.links:
            self._order[link_id] = self._serial
            self._serial += 1
        self._at: dict[str, list[str]] = {}  # card id -> ids of the links that end at it
        for link in self.links.values():
            self._attach(link)
        self._cells: dict[tuple[int, int], list[tuple]] = {}  # card hash, boxes grown by CLEARANCE
        for card_id, card in self.cards.items():
            self._hash_card(card_id, card.box, add=True)
        self._sides_of: dict[str, tuple[int, int]] = {}  # link id -> the sides it prefers
        self._wish: dict[str, float | None] = {}  # link id -> where a straight line would run
        self._open_memo: dict[tuple[str, int], bool] = {}  # (card id, side) -> _open, for one pass
        self._side: dict[tuple[str, int], int] = {}  # (link id, 0 source / 1 target) -> side it has
        self._base: dict[tuple[str, int], Point] = {}  # its place among the side's ports...
        self._port: dict[tuple[str, int], Point] = {}  # ...and where it is, once lined up
        self._count: dict[str, list[int]] = {}  # card id -> ports on each side
        self._reach: dict[tuple[str, int], float] = {}  # (link id, end) -> how far its port line is reserved
        # Segments of routes and reserved port stubs, for "no two routes share a line":
        # (bucket of the fixed coordinate, cell along) -> [(coordinate, low, high, link id,
        # stub)], for horizontal and vertical runs. The same runs by (cell, cell), to find
        # those in a large area, once a search needs that (see _runs_in).
        self._runs = ({}, {})
        self._areas: tuple[dict, dict] | None = None
        self._placed: dict[str, list[tuple]] = {}  # link id -> where its route sits in _runs
        self._stubs: dict[str, list[tuple]] = {}  # link id -> where its stubs sit in _runs
        self._lined_up: set[str] = set()  # links that keep their whole straight line (see _reserve)
        self._routed = False
        self._budget = BUDGET  # search steps left in this pass
        self._pass_open = False  # a pass spread over several updates (begin_pass) holds the budget
        self._previous: dict[str, list[Point] | None] | None = None  # routes before this update

    # -- the public API ---------------------------------------------------------------

    def route_all(self) -> dict[str, list[Point]]:
        """Route every link from scratch; returns `routes`."""
        for entries in self._placed.values():
            self._unindex(entries)
        for entries in self._stubs.values():
            self._unindex(entries)
        self._placed.clear()
        self._stubs.clear()
        self._lined_up.clear()
        self.routes = {}
        for table in (self._sides_of, self._wish, self._side, self._base, self._port, self._count, self._reach):
            table.clear()
        routable = [link for link in self.links.values() if self._routable(link)]
        self._open_memo.clear()
        for link in routable:
            self._plan(link)
        for card_id in self.cards:
            self._place_card(card_id)
        self._align(routable)
        for link in routable:
            self._reserve(link.id)
        self._route_in_turn(sorted(routable, key=self._priority))
        self._routed = True
        return self.routes

    def begin_pass(self, link_count: int) -> None:
        """The next updates add `link_count` links a few at a time (a large chain routed in
        the background): they share the search budget one route_all of them would have,
        instead of each update getting a fresh one, which let a pass of thousands of small
        updates search without end."""
        self._budget = max(BUDGET, 100 * link_count)
        self._pass_open = True

    def end_pass(self) -> None:
        """Updates get their own budget again."""
        self._pass_open = False

    def update(self, cards: dict[str, Card | None] = {}, added: list[Link] = [], removed: list[str] = []) -> set[str]:
        """Cards moved/resized/added (Card) or removed (None), links added or removed;
        re-route what that affects; return the ids of links whose route changed
        (including added ones)."""
        if not self._routed:
            old_routes = dict(self.routes)
            self._apply(cards, added, removed)
            self.route_all()
            return {id for id in set(old_routes) | set(self.routes) if old_routes.get(id) != self.routes.get(id)}
        self._previous = {}
        try:
            return self._update(cards, added, removed)
        finally:
            self._previous = None

    def _update(self, cards, added, removed) -> set[str]:
        touched: dict[str, None] = {}  # cards whose ports are placed again
        affected: dict[str, None] = {}  # links routed again
        self._open_memo.clear()
        for link_id in removed:
            link = self.links.get(link_id)
            if link is not None:
                touched[link.source] = touched[link.target] = None
        moved = [card_id for card_id, card in cards.items() if self.cards.get(card_id) != card]
        self._apply(cards, added, removed)
        for card_id in moved:
            touched[card_id] = None
            for link_id in self._at.get(card_id, ()):
                affected[link_id] = None
            card = self.cards.get(card_id)
            if card is not None:  # routes that now run through (or too near) it
                for link_id in self._runs_near(card.box):
                    affected[link_id] = None
        for link in added:
            affected[link.id] = None
        for link_id in affected:
            link = self.links.get(link_id)
            if link is not None:
                touched[link.source] = touched[link.target] = None
        # Sides, then ports, of every link at a touched card; a link whose side at an
        # untouched card changes touches that card too.
        before: dict[tuple[str, int], tuple] = {}
        here: dict[str, Link] = {}
        queue = list(touched)
        while queue:
            card_id = queue.pop()
            for link_id in self._at.get(card_id, ()):
                if link_id in here:
                    continue
                link = here[link_id] = self.links[link_id]
                for end in (0, 1):
                    before[(link_id, end)] = (self._side.get((link_id, end)), self._port.get((link_id, end)))
                if not self._routable(link):
                    self._forget_ports(link_id)
                    continue
                old = self._sides_of.get(link_id)
                self._plan(link)
                new = self._sides_of[link_id]
                for end, other in ((0, link.source), (1, link.target)):
                    if (old is None or old[end] != new[end]) and other not in touched and other in self.cards:
                        touched[other] = None
                        queue.append(other)
        for card_id in touched:
            if card_id in self.cards:
                self._place_card(card_id)
            else:
                self._count.pop(card_id, None)
        routable = [link for link in here.values() if self._routable(link)]
        self._align(routable)
        for link_id, link in here.items():
            if not self._routable(link):
                affected[link_id] = None
            elif any(before[(link_id, end)] != (self._side[(link_id, end)], self._port[(link_id, end)]) for end in (0, 1)):
                affected[link_id] = None
        for link_id in affected:
            self._unroute(link_id)
            if link_id in self._stubs:
                self._unindex(self._stubs.pop(link_id))
        # A new port stub may lie on a route that stays: route that one again too.
        for link_id in list(affected):
            link = self.links.get(link_id)
            if link is not None and self._routable(link):
                self._reserve(link_id)
                for other in self._stub_conflicts(link_id):
                    if other not in affected:
                        affected[other] = None
                        self._unroute(other)
        self._route_in_turn(sorted(
            (self.links[id] for id in affected if id in self.links and self._routable(self.links[id])),
            key=self._priority,
        ))
        gone = set(removed)
        changed = {id for id, route in self._previous.items() if id not in gone and route != self.routes.get(id)}
        changed.update(link.id for link in added if link.id in self.routes)
        return changed

    # -- bookkeeping ------------------------------------------------------------------

    def _apply(self, cards, added, removed) -> None:
        for link_id in removed:
            link = self.links.pop(link_id, None)
            if link is None:
                continue
            self._unroute(link_id)
            if link_id in self._stubs:
                self._unindex(self._stubs.pop(link_id))
            self._forget_ports(link_id)
            for card_id in (link.source, link.target):
                ids = self._at.get(card_id)
                if ids and link_id in ids:
                    ids.remove(link_id)
        for card_id, card in cards.items():
            old = self.cards.get(card_id)
            if old is not None:
                self._hash_card(card_id, old.box, add=False)
                del self.cards[card_id]
            if card is not None:
                self.cards[card_id] = card
                self._hash_card(card_id, card.box, add=True)
        for link in added:
            if link.id in self.links:
                continue
            self.links[link.id] = link
            self._order[link.id] = self._serial
            self._serial += 1
            self._attach(link)

    def _attach(self, link: Link) -> None:
        self._at.setdefault(link.source, []).append(link.id)
        if link.target != link.source:
            self._at.setdefault(link.target, []).append(link.id)

    def _routable(self, link: Link) -> bool:
        return link.source in self.cards and link.target in self.cards

    def _priority(self, link: Link) -> tuple[float, int]:
        """Short links first: they take the straight lines and the middles of the gaps."""
        s, t = self.cards[link.source].box, self.cards[link.target].box
        length = abs(s[0] + s[2] - t[0] - t[2]) + abs(s[1] + s[3] - t[1] - t[3])
        return length, self._order[link.id]

    def _hash_card(self, card_id: str, box: Box, add: bool) -> None:
        left, top, right, bottom = box
        entry = (card_id, left, top, right, bottom)
        for key in _cells(left - CLEARANCE, top - CLEARANCE, right + CLEARANCE, bottom + CLEARANCE):
            if add:
                self._cells.setdefault(key, []).append(entry)
            else:
                bucket = self._cells.get(key)
                if bucket is not None:
                    bucket.remove(entry)
                    if not bucket:
                        del self._cells[key]

    # -- sides and ports ----------------------------------------------------------------

    def _plan(self, link: Link) -> None:
        """Choose the link's sides, and where a straight line between them would run."""
        sides = self._sides_of[link.id] = self._sides(link)
        source, target = self.cards[link.source], self.cards[link.target]
        wish = _straight_wish(source, sides[0], target, sides[1]) if link.source != link.target else None
        if wish is not None and not self._clear_between(source.box, sides[0], target.box, wish, (link.source, link.target)):
            wish = None
        self._wish[link.id] = wish

    def _sides(self, link: Link) -> tuple[int, int]:
        """The side the link leaves its source by and the side it enters its target by
        (each given as the direction the side faces); a side with a card right in front
        of it gives way to the next best."""
        if link.source == link.target:
            return UP, UP
        source, target = self.cards[link.source], self.cards[link.target]
        out, into = self._preferred_sides(link, source, target)
        if not self._open(link.source, source.box, out):
            out = self._other_side(link.source, source.box, out, target.box)
        if not self._open(link.target, target.box, into):
            into = self._other_side(link.target, target.box, into, source.box)
        return out, into

    def _preferred_sides(self, link: Link, source: Card, target: Card) -> tuple[int, int]:
        sl, st, sr, sb = source.box
        tl, tt, tr, tb = target.box
        room = 2 * CLEARANCE
        if tl - sr >= room:
            if source.kind == "decision":
                middle = (tt + tb) / 2
                if middle < st:
                    return UP, LEFT
                if middle > sb:
                    return DOWN, LEFT
            return RIGHT, LEFT
        if tt - sb >= room:
            return DOWN, UP
        if st - tb >= room:
            return UP, DOWN
        if tl - sr > 0:
            return RIGHT, LEFT
        if tt - sb > 0:
            return DOWN, UP
        if st - tb > 0:
            return UP, DOWN
        return self._loop_sides(link, source.box, target.box)

    def _open(self, card_id: str, box: Box, side: int) -> bool:
        """Whether no other card lies within MIN_STUB of the side's middle part."""
        known = self._open_memo.get((card_id, side))
        if known is None:
            known = self._open_memo[(card_id, side)] = self._find_open(card_id, box, side)
        return known

    def _find_open(self, card_id: str, box: Box, side: int) -> bool:
        left, top, right, bottom = box
        reach = MIN_STUB + 1.0
        if side in (RIGHT, LEFT):
            inset = (bottom - top) / 4
            x0, x1 = (right, right + reach) if side == RIGHT else (left - reach, left)
            y0, y1 = top + inset, bottom - inset
        else:
            inset = (right - left) / 4
            x0, x1 = left + inset, right - inset
            y0, y1 = (bottom, bottom + reach) if side == DOWN else (top - reach, top)
        cells = self._cells
        for column in range(math.floor(x0 / CELL), math.floor(x1 / CELL) + 1):
            for row in range(math.floor(y0 / CELL), math.floor(y1 / CELL) + 1):
                for other, l, t, r, b in cells.get((column, row), ()):
                    if l < x1 and r > x0 and t < y1 and b > y0 and other != card_id:
                        return False
        return True

    def _other_side(self, card_id: str, box: Box, side: int, other: Box) -> int:
        """The open side nearest in direction to `other`, after `side`."""
        dx = (other[0] + other[2] - box[0] - box[2]) / 2
        dy = (other[1] + other[3] - box[1] - box[3]) / 2
        if side in (RIGHT, LEFT):
            choices = (DOWN, UP) if dy > 0 else (UP, DOWN)
        else:
            choices = (RIGHT, LEFT) if dx > 0 else (LEFT, RIGHT)
        for choice in choices + ((side + 2) % 4,):
            if self._open(card_id, box, choice):
                return choice
        return side

    def _loop_sides(self, link: Link, s: Box, t: Box) -> tuple[int, int]:
        """Over the top or under the bottom of the cards between, whichever is shorter."""
        low, high = min(s[0] + s[2], t[0] + t[2]) / 2, max(s[0] + s[2], t[0] + t[2]) / 2
        skip = (link.source, link.target)
        over = self._lift(True, min(s[1], t[1]) - CLEARANCE, low, high, -1, skip, None)
        under = self._lift(True, max(s[3], t[3]) + CLEARANCE, low, high, 1, skip, None)
        over_cost = (s[1] - over) + (t[1] - over) if over is not None else math.inf
        under_cost = (under - s[3]) + (under - t[3]) if under is not None else math.inf
        return (DOWN, DOWN) if under_cost < over_cost else (UP, UP)

    def _place_card(self, card_id: str) -> None:
        """Give every link end at this card a side and a port of its own."""
        if card_id not in self._at:  # no link ends here (most cards while a pass starts)
            self._count[card_id] = [0, 0, 0, 0]
            return
        card = self.cards[card_id]
        box = card.box
        groups: list[list[tuple]] = [[], [], [], []]
        sides_of, order, links, cards, wishes = self._sides_of, self._order, self.links, self.cards, self._wish
        diamond = card.kind == "decision"
        for link_id in self._at.get(card_id, ()):
            sides = sides_of.get(link_id)
            if sides is None:
                continue
            link = links[link_id]
            if link.source == link.target:  # in on the left, out on the right
                groups[UP].append(((3, 0.0, 0.0), order[link_id], link_id, 1, None))
                groups[UP].append(((3, 0.0, 1.0), order[link_id], link_id, 0, None))
                continue
            end, other = (0, link.target) if link.source == card_id else (1, link.source)
            side = sides[end]
            wish = wishes.get(link_id)
            if wish is not None:
                groups[side].append(((1, wish, 0.0), order[link_id], link_id, end, None if diamond else wish))
            else:
                key = _port_key(box, side, cards[other].box, sides[1 - end])
                groups[side].append((key, order[link_id], link_id, end, None))
        if len(groups[0]) > 3 or len(groups[1]) > 3 or len(groups[2]) > 3 or len(groups[3]) > 3:
            for group in groups:
                group.sort()
            _spill(card, groups)
        counts = self._count[card_id] = [len(groups[0]), len(groups[1]), len(groups[2]), len(groups[3])]
        side_of, base, port = self._side, self._base, self._port
        for side in range(4):
            group = groups[side]
            if not group:
                continue
            if counts[side] == 1:
                _key, _order, link_id, end, wish = group[0]
                if wish is None:
                    point = _port_points(card, side, 1)[0]
                else:
                    low, high = _along_range(card, side)
                    point = _outline_point(card, side, low if wish < low else high if wish > high else wish)
                side_of[(link_id, end)] = side
                base[(link_id, end)] = port[(link_id, end)] = point
                continue
            group.sort()
            points = _port_places(card, side, [entry[4] for entry in group])
            for index, entry in enumerate(group):
                key = (entry[2], entry[3])
                side_of[key] = side
                base[key] = port[key] = points[index]

    def _clear_between(self, box: Box, side: int, other: Box, at: float, skip) -> bool:
        """Whether a straight line at `at` from this side to the facing one keeps clear
        of every other card."""
        if side in (RIGHT, LEFT):
            low, high = (box[2], other[0]) if side == RIGHT else (other[2], box[0])
            return low < high and not self._blocked(True, at, low, high, CLEARANCE, skip)
        low, high = (box[3], other[1]) if side == DOWN else (other[3], box[1])
        return low < high and not self._blocked(False, at, low, high, CLEARANCE, skip)

    def _forget_ports(self, link_id: str) -> None:
        self._lined_up.discard(link_id)
        self._sides_of.pop(link_id, None)
        self._wish.pop(link_id, None)
        for end in (0, 1):
            for table in (self._side, self._base, self._port, self._reach):
                table.pop((link_id, end), None)

    def _align(self, links: list[Link]) -> None:
        """A port alone on its side moves to face the link's other end: a straight line."""
        side, base, port, count, cards = self._side, self._base, self._port, self._count, self.cards
        for link in links:
            key0, key1 = (link.id, 0), (link.id, 1)
            p0, p1 = base[key0], base[key1]
            out, into = side[key0], side[key1]
            if (out + 2) % 4 != into or link.source == link.target:
                port[key0], port[key1] = p0, p1
                continue
            alone_out = count[link.source][out] == 1
            alone_in = count[link.target][into] == 1
            if alone_out or alone_in:
                source, target = cards[link.source], cards[link.target]
                along = 1 if out in (RIGHT, LEFT) else 0
                range_out = _along_range(source, out) if alone_out and source.kind != "decision" else None
                range_in = _along_range(target, into) if alone_in and target.kind != "decision" else None
                low, high = 1.0, 0.0
                if range_out and range_in:
                    low, high = max(range_out[0], range_in[0]), min(range_out[1], range_in[1])
                if low <= high:
                    value = min(max((p0[along] + p1[along]) / 2, low), high)
                    p0, p1 = _outline_point(source, out, value), _outline_point(target, into, value)
                elif range_out and range_out[0] <= p1[along] <= range_out[1]:
                    p0 = _outline_point(source, out, p1[along])
                elif range_in and range_in[0] <= p0[along] <= range_in[1]:
                    p1 = _outline_point(target, into, p0[along])
            port[key0], port[key1] = p0, p1

    # -- the segment index --------------------------------------------------------------

    def _index(self, link_id: str, points: list[Point], entries: list[tuple]) -> None:
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if y0 == y1:
                self._index_run(0, y0, min(x0, x1), max(x0, x1), link_id, entries)
            else:
                self._index_run(1, x0, min(y0, y1), max(y0, y1), link_id, entries)

    def _index_run(self, axis: int, at: float, low: float, high: float, link_id: str, entries: list,
                   stub: bool = False) -> None:
        """Put a run into the index, and (axis, run) into `entries`, the link's list of
        what to take out again."""
        table = self._runs[axis]
        entry = (at, low, high, link_id, stub)
        bucket = math.floor(at / RUN_BUCKET)
        for cell in _run_cells(low, high):
            key = (bucket, cell)
            runs = table.get(key)
            if runs is None:
                table[key] = [entry]
            else:
                runs.append(entry)
        entries.append((axis, entry))
        if self._areas is not None:
            area, row = self._areas[axis], math.floor(at / RUN_CELL)
            for cell in _run_cells(low, high):
                area.setdefault((row, cell), []).append(entry)

    def _unindex(self, entries: list[tuple]) -> None:
        areas = self._areas
        for axis, entry in entries:
            at, low, high = entry[0], entry[1], entry[2]
            table, bucket = self._runs[axis], math.floor(at / RUN_BUCKET)
            for cell in _run_cells(low, high):
                runs = table[(bucket, cell)]
                runs.remove(entry)
                if not runs:
                    del table[(bucket, cell)]
                if areas is not None:
                    area_key = (math.floor(at / RUN_CELL), cell)
                    runs = areas[axis][area_key]
                    runs.remove(entry)
                    if not runs:
                        del areas[axis][area_key]

    def _unroute(self, link_id: str) -> None:
        route = self.routes.pop(link_id, None)
        if self._previous is not None and link_id not in self._previous:
            self._previous[link_id] = route
        entries = self._placed.pop(link_id, None)
        if entries:
            self._unindex(entries)

    def _reserve(self, link_id: str) -> None:
        """Keep each port's line, out to RESERVE past the card, for its own link: no
        other route may run along it there, so the link can always get out and turn.
        It stops halfway to a card in front (whose ports need room too) and short of
        another port's line."""
        link = self.links[link_id]
        entries: list[tuple] = []
        self._lined_up.discard(link_id)
        if self._wish.get(link_id) is not None and self._reserve_straight(link_id, entries):
            return
        for end, card_id in ((0, link.source), (1, link.target)):
            side = self._side[(link_id, end)]
            x, y = self._port[(link_id, end)]
            box = self.cards[card_id].box
            face = box[(2, 3, 0, 1)[side]]
            sign = 1 if side in (RIGHT, DOWN) else -1
            horizontal = side in (RIGHT, LEFT)
            at, start = (y, x) if horizontal else (x, y)
            reach = face + sign * min(RESERVE, self._front(card_id, box, side) / 2)
            axis = 0 if horizontal else 1
            low, high = min(start, reach), max(start, reach)
            for other_at, other_low, other_high, _owner, _stub in self._stub_runs(axis, at, low, high, link_id):
                cut = (other_low if sign > 0 else other_high) - sign * 1.5
                if (cut - face) * sign >= 1.0 and (reach - cut) * sign > 0:
                    reach = cut
            low, high = min(start, reach), max(start, reach)
            self._index_run(axis, at, low, high, link_id, entries, stub=True)
            self._reach[(link_id, end)] = high - low
        self._stubs[link_id] = entries

    def _reserve_straight(self, link_id: str, entries: list) -> bool:
        """A link whose ports face each other on its clear straight line keeps the whole
        line, if no other port's line runs along it."""
        wish = self._wish.get(link_id)
        if wish is None:
            return False
        (x0, y0), (x1, y1) = self._port[(link_id, 0)], self._port[(link_id, 1)]
        side = self._side[(link_id, 0)]
        if side in (RIGHT, LEFT):
            if not (y0 == y1 == wish) or (x1 - x0) * DX[side] <= 0:
                return False
            axis, at, low, high = 0, wish, min(x0, x1), max(x0, x1)
        else:
            if not (x0 == x1 == wish) or (y1 - y0) * DY[side] <= 0:
                return False
            axis, at, low, high = 1, wish, min(y0, y1), max(y0, y1)
        if self._stub_runs(axis, at, low, high, link_id):
            return False
        self._index_run(axis, at, low, high, link_id, entries, stub=True)
        self._reach[(link_id, 0)] = self._reach[(link_id, 1)] = high - low
        self._stubs[link_id] = entries
        self._lined_up.add(link_id)
        return True

    def _front(self, card_id: str, box: Box, side: int) -> float:
        """How far the nearest other card lies in front of a side (up to 2 RESERVE)."""
        key = (card_id, side + 4)
        known = self._open_memo.get(key)
        if known is not None:
            return known
        left, top, right, bottom = box
        far, near = 2 * RESERVE, TOUCH + 1.0
        if side == RIGHT:
            area = (right, top - near, right + far, bottom + near)
        elif side == LEFT:
            area = (left - far, top - near, left, bottom + near)
        elif side == DOWN:
            area = (left - near, bottom, right + near, bottom + far)
        else:
            area = (left - near, top - far, right + near, top)
        x0, y0, x1, y1 = area
        found = far
        for cell in _cells(x0, y0, x1, y1):
            for other, l, t, r, b in self._cells.get(cell, ()):
                if l < x1 and r > x0 and t < y1 and b > y0 and other != card_id:
                    gap = (l - right, t - bottom, left - r, top - b)[side]
                    if 0 <= gap < found:
                        found = gap
        self._open_memo[key] = found
        return found

    def _stub_runs(self, axis: int, at: float, low: float, high: float, link_id: str) -> list[tuple]:
        """Other links' reserved port lines along this run (within TOUCH)."""
        found = []
        table = self._runs[axis]
        for bucket in range(math.floor((at - TOUCH) / RUN_BUCKET), math.floor((at + TOUCH) / RUN_BUCKET) + 1):
            for cell in range(math.floor((low - 1) / RUN_CELL), math.floor((high + 1) / RUN_CELL) + 1):
                for entry in table.get((bucket, cell), ()):
                    if (entry[4] and entry[3] != link_id and abs(entry[0] - at) < TOUCH
                            and entry[1] < high + 1 and entry[2] > low - 1):
                        found.append(entry)
        return found

    def _stub_conflicts(self, link_id: str) -> list[str]:
        """Links whose routes run along one of this link's reserved stubs."""
        found: dict[str, None] = {}
        for axis, (at, low, high, _owner, _stub) in self._stubs.get(link_id, ()):
            for other in self._sharing(axis, at, low, high, TOUCH, link_id):
                if other in self.routes:
                    found[other] = None
        return list(found)

    def _sharing(self, axis: int, at: float, low: float, high: float, gap: float, link_id: str | None):
        """Yield (link id) of runs of other links along the same line within `gap` that
        overlap [low, high] (or end less than a pixel from it)."""
        table = self._runs[axis]
        first, last = math.floor((low - 1) / RUN_CELL), math.floor((high + 1) / RUN_CELL)
        for bucket in range(math.floor((at - gap) / RUN_BUCKET), math.floor((at + gap) / RUN_BUCKET) + 1):
            for cell in range(first, last + 1):
                entries = table.get((bucket, cell))
                if entries is None:
                    continue
                for other_at, other_low, other_high, owner, _stub in entries:
                    if owner != link_id and abs(other_at - at) < gap and other_low < high + 1 and other_high > low - 1:
                        yield owner

    def _conflict(self, axis: int, at: float, low: float, high: float, gap: float, link_id: str) -> float | None:
        """The coordinate of a run of another link too near this one, or None."""
        table = self._runs[axis]
        first, last = math.floor((low - 1) / RUN_CELL), math.floor((high + 1) / RUN_CELL)
        cells = range(first, last + 1) if last > first else (first,)
        lowest, highest = low - 1, high + 1
        for bucket in range(math.floor((at - gap) / RUN_BUCKET), math.floor((at + gap) / RUN_BUCKET) + 1):
            for cell in cells:
                entries = table.get((bucket, cell))
                if entries is None:
                    continue
                for other_at, other_low, other_high, owner, _stub in entries:
                    if other_low < highest and other_high > lowest and -gap < other_at - at < gap and owner != link_id:
                        return other_at
        return None

    def links_crossing(self, box: Box, half_width: float) -> list[str]:
        """The link of each route segment that crosses `box`, a segment counting as
        `half_width` thick either side of its line (for the label placer)."""
        left, top, right, bottom = box
        routes, lined_up = self.routes, self._lined_up
        found = []
        grown = (left - half_width, top - half_width, right + half_width, bottom + half_width)
        for axis, (at, low, high, owner, stub) in self._runs_in(*grown, 0.0):
            # A stub is a port's reserved line, drawn only as part of its route, but a
            # lined-up link's stub is its whole straight route.
            if (stub and owner not in lined_up) or owner not in routes:
                continue
            if axis == 0:
                crosses = top < at + half_width and at - half_width < bottom and low - half_width < right and left < high + half_width
            else:
                crosses = left < at + half_width and at - half_width < right and low - half_width < bottom and top < high + half_width
            if crosses:
                found.append(owner)
        return found

    def _runs_near(self, box: Box) -> list[str]:
        """Links with a route segment through the box grown by the clearance."""
        left, top, right, bottom = box
        left, top, right, bottom = left - CLEARANCE, top - CLEARANCE, right + CLEARANCE, bottom + CLEARANCE
        found: dict[str, None] = {}
        for axis, entry in self._runs_in(left, top, right, bottom, 0.0):
            at, low, high, owner, _stub = entry
            if axis == 0:
                inside = top < at < bottom and low < right and high > left
            else:
                inside = left < at < right and low < bottom and high > top
            if inside and owner in self.routes:
                found[owner] = None
        return list(found)

    # -- obstacles ----------------------------------------------------------------------

    def _blocked(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip) -> bool:
        """Whether the run comes nearer than `clear` to a card (those in `skip` aside)."""
        return next(self._blocking(horizontal, at, low, high, clear, skip), None) is not None

    def _blockers(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip) -> list[tuple]:
        """The cards (id, left, top, right, bottom) the run comes nearer to than `clear`."""
        return list(self._blocking(horizontal, at, low, high, clear, skip))

    def _blocking(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip):
        if horizontal:
            row = math.floor(at / CELL)
            for column in range(math.floor(low / CELL), math.floor(high / CELL) + 1):
                for entry in self._cells.get((column, row), ()):
                    card_id, left, top, right, bottom = entry
                    if (top - clear + EPS < at < bottom + clear - EPS and left - clear + EPS < high
                            and low < right + clear - EPS and card_id not in skip):
                        yield entry
        else:
            column = math.floor(at / CELL)
            for row in range(math.floor(low / CELL), math.floor(high / CELL) + 1):
                for entry in self._cells.get((column, row), ()):
                    card_id, left, top, right, bottom = entry
                    if (left - clear + EPS < at < right + clear - EPS and top - clear + EPS < high
                            and low < bottom + clear - EPS and card_id not in skip):
                        yield entry

    def _lift(self, horizontal: bool, at: float, low: float, high: float, sign: int, skip, link_id) -> float | None:
        """Move a run at `at` (spanning low..high) in direction `sign` until no card is
        within the clearance and no other route (than `link_id`'s) runs alongside; None
        when that takes too many steps."""
        for _ in range(12):
            found = self._blockers(horizontal, at, low, high, CLEARANCE, skip)
            if found:
                if horizontal:
                    edges = [(e[4] if sign > 0 else e[2]) for e in found]
                else:
                    edges = [(e[3] if sign > 0 else e[1]) for e in found]
                at = (max(edges) + CLEARANCE) if sign > 0 else (min(edges) - CLEARANCE)
                continue
            if link_id is not None:
                other = self._conflict(0 if horizontal else 1, at, low, high, SEPARATION, link_id)
                if other is not None:
                    at = other + sign * (SEPARATION + 0.01)
                    continue
            return at
        return None

    # -- routing one link -------------------------------------------------------------------

    def _route_in_turn(self, links: list[Link]) -> None:
        """Route the links in this order; a link that finds no free way pushes the routes
        in its way aside (rip-up and re-route): they are routed again after it, each at
        most RIPS times."""
        if not self._pass_open:
            self._budget = max(BUDGET, 100 * len(links))
        queue = deque(links)
        ripped: dict[str, int] = {}
        protected: set[str] = set()
        while queue:
            link = queue.popleft()
            for victim in self._route(link, protected):
                ripped[victim] = ripped.get(victim, 0) + 1
                if ripped[victim] >= RIPS:
                    protected.add(victim)
                self._unroute(victim)
                queue.append(self.links[victim])

    def _route(self, link: Link, protected=frozenset()) -> list[str]:
        """Route one link; returns the links whose routes it had to cross (now unrouted)."""
        link_id = link.id
        p0, p1 = self._port[(link_id, 0)], self._port[(link_id, 1)]
        if link_id in self._lined_up:
            # its reserved line is its route: no card near it, no other route along it
            self.routes[link_id] = [p0, p1]
            self._placed[link_id] = []
            return []
        d0, d1 = self._side[(link_id, 0)], self._side[(link_id, 1)]
        skip0, skip1 = (link.source,), (link.target,)
        points = None
        victims: list[str] = []
        if (d0 + 2) % 4 == d1 and (p0[1] == p1[1] if d0 in (RIGHT, LEFT) else p0[0] == p1[0]):
            # lined up: a straight line when nothing is in the way (most handoffs)
            if (p1[0] - p0[0]) * DX[d0] + (p1[1] - p0[1]) * DY[d0] > 0:
                straight = [p0, p1]
                horizontal = d0 in (RIGHT, LEFT)
                at, low, high = (p0[1], min(p0[0], p1[0]), max(p0[0], p1[0])) if horizontal else \
                    (p0[0], min(p0[1], p1[1]), max(p0[1], p1[1]))
                if at == self._wish.get(link_id):  # clear of cards: see _plan
                    if self._conflict(0 if horizontal else 1, at, low, high, TOUCH, link_id) is None:
                        points = straight
                elif self._fits(link_id, straight, skip0, skip1):
                    points = straight
        if points is None:
            source, target = self.cards[link.source], self.cards[link.target]
            points = self._fast(link_id, p0, d0, p1, d1, source.box, target.box, skip0, skip1)
            if points is None:
                points, victims = self._search_route(link_id, p0, d0, p1, d1, source.box, target.box,
                                                     skip0, skip1, protected)
        self.routes[link_id] = points
        entries: list[tuple] = []
        self._index(link_id, points, entries)
        self._placed[link_id] = entries
        return victims

    def _fits(self, link_id: str, points: list[Point], skip0, skip1) -> bool:
        """Whether the route keeps clear of cards and of other routes' lines."""
        last = len(points) - 2
        for index in range(last + 1):
            (x0, y0), (x1, y1) = points[index], points[index + 1]
            if y0 == y1:
                horizontal, at, low, high = True, y0, min(x0, x1), max(x0, x1)
            else:
                horizontal, at, low, high = False, x0, min(y0, y1), max(y0, y1)
            if index == 0:
                skip = skip0 + skip1 if last == 0 else skip0
            else:
                skip = skip1 if index == last else ()
            if self._blocked(horizontal, at, low, high, CLEARANCE, skip):
                return False
            gap = TOUCH if index == 0 or index == last else SEPARATION
            if self._conflict(0 if horizontal else 1, at, low, high, gap, link_id) is not None:
                return False
        return True

    def _fast(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1) -> list[Point] | None:
        """The straight, L, Z, U and double-Z shapes, in the frame where the route
        leaves along +u; the first that fits, or None."""
        u0, v0 = _to_frame(d0, *p0)
        u1, v1 = _to_frame(d0, *p1)
        e = _FRAME_DIR[d0][(d1 + 2) % 4]  # the direction the last run travels, in the frame
        sb, tb = _box_to_frame(d0, s_box), _box_to_frame(d0, t_box)
        first = sb[2] + MIN_STUB  # the earliest bend after leaving the source
        horizontal_u = d0 in (RIGHT, LEFT)  # runs along u are horizontal in the scene
        flip = -1 if d0 in (LEFT, UP) else 1  # u is the scene coordinate times this

        def fits(points):
            route = _tidy([_from_frame(d0, u, v) for u, v in points])
            if not _valid_shape(route, d0, d1) or not self._fits(link_id, route, skip0, skip1):
                return None
            return route

        def lift_v(at, low, high, sign):  # move a run along u, at v = at, along v
            low, high = sorted((flip * low, flip * high))
            return self._lift(horizontal_u, at, low, high, sign, (), link_id)

        def lift_u(at, low, high, sign):  # move a run along v, at u = at, along u
            low, high = sorted((low, high))
            found = self._lift(not horizontal_u, flip * at, low, high, flip * sign, (), link_id)
            return None if found is None else flip * found

        def reach(u, v, sign, skip, limit):  # how far a run from (u, v) along sign * u stays clear
            low, high = sorted((flip * u, flip * limit))
            for entry in self._blockers(horizontal_u, v, low, high, CLEARANCE, skip):
                box = _box_to_frame(d0, entry[1:])
                if sign > 0:
                    limit = min(limit, box[0] - CLEARANCE)
                else:
                    limit = max(limit, box[2] + CLEARANCE)
            return limit

        if e == RIGHT:  # the target faces back at the source: Z or double Z
            last = tb[0] - MIN_STUB  # the latest bend before the target
            reach0 = reach(u0, v0, 1, skip0, max(u1, first + CLEARANCE))
            reach1 = reach(u1, v1, -1, skip1, min(u0, last - CLEARANCE))
            low, high = max(first, reach1), min(last, reach0)
            if low <= high and v0 != v1:
                # The runs out and in are clear of cards (see reach); try the middle run
                # at a few places, then the routes along the port lines.
                middle = min(max((sb[2] + tb[0]) / 2, low), high)
                across, v_low, v_high = not horizontal_u, min(v0, v1), max(v0, v1)
                axis_u, axis_v = (0 if horizontal_u else 1), (1 if horizontal_u else 0)
                for m in _around(middle, low, high):
                    at = flip * m
                    if (self._blocked(across, at, v_low, v_high, CLEARANCE, ())
                            or self._conflict(axis_v, at, v_low, v_high, SEPARATION, link_id) is not None):
                        continue
                    a, b = sorted((flip * u0, at))
                    if self._conflict(axis_u, v0, a, b, TOUCH, link_id) is not None:
                        continue
                    a, b = sorted((at, flip * u1))
                    if self._conflict(axis_u, v1, a, b, TOUCH, link_id) is not None:
                        continue
                    return [p0, _from_frame(d0, m, v0), _from_frame(d0, m, v1), p1]
            if reach0 < first or reach1 > last:
                return None
            # out into the first gap, along a free channel past the cards between, in
            a = min(max((sb[2] + reach0 + CLEARANCE) / 2, first), reach0)
            b = max(min((tb[0] + reach1 - CLEARANCE) / 2, last), reach1)
            channels = set()
            for start in (v0, v1):
                for sign in (-1, 1):
                    channel = lift_v(start, a, b, sign)
                    if channel is not None:
                        channels.add(channel)
            outs = list(_around(a, first, reach0))[:3]
            ins = list(_around(b, reach1, last))[:3]
            for channel in sorted(channels, key=lambda c: (abs(c - v0) + abs(c - v1), c)):
                for a, b in ((a, b) for a in outs for b in ins):
                    route = fits([(u0, v0), (a, v0), (a, channel), (b, channel), (b, v1), (u1, v1)])
                    if route:
                        return route
            return None
        if e == LEFT:  # both ends face the same way: a U round the far one (a self-handoff's loop)
            at = lift_u(max(sb[2], tb[2]) + (LOOP_HEIGHT if skip0 == skip1 else CLEARANCE), v0, v1, 1)
            if at is not None:
                return fits([(u0, v0), (at, v0), (at, v1), (u1, v1)])
            return None
        # The target is entered across the frame (e == DOWN: along +v, UP: along -v).
        sign = 1 if e == DOWN else -1
        face = tb[1] if sign > 0 else tb[3]  # the side of the target the route enters by
        last = face - sign * MIN_STUB
        if u1 >= first and (last - v0) * sign >= 0:
            route = fits([(u0, v0), (u1, v0), (u1, v1)])
            if route:
                return route
        # out, across to a channel before the target, along it, and in
        reach0 = reach(u0, v0, 1, skip0, max(u1, first) + CLEARANCE)
        if reach0 < first:
            return None
        a = min(max((sb[2] + reach0 + CLEARANCE) / 2, first), reach0)
        channel = lift_v(face - sign * CLEARANCE, a, u1, -sign)
        if channel is not None:
            return fits([(u0, v0), (a, v0), (a, channel), (u1, channel), (u1, v1)])
        return None

    # -- the search ----------------------------------------------------------------------------

    def _search_route(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1, protected):
        """An A* route between the two ports, in a window that grows while the search
        reaches its edge, then with more lines through crowded gaps, then running over
        other routes (not `protected` ones), which it returns to be routed again; a plain
        route when nothing fits (cards that overlap leave no way around)."""
        first = self._port_line(link_id, 0, p0, d0, s_box, skip0)
        last = self._port_line(link_id, 1, p1, d1, t_box, skip1)
        e = (d1 + 2) % 4
        if first is not None and last is not None and self._budget > 0:
            link = self.links[link_id]
            backwards = self._count[link.target][d1] > self._count[link.source][d0]
            # the window grows while the search runs into its edge; then more lines, then
            # over other routes, then both
            reach, modes = REACH, [(True, None), (False, protected), (True, protected)]
            dense, crossing = False, None
            for _ in range(10):
                if self._budget <= 0:
                    break
                # from the more crowded end: its few ways in are found first
                if backwards:
                    path, cramped = self._search(link_id, last, first, reach, dense, crossing)
                    path = path[::-1] if path is not None else None
                else:
                    path, cramped = self._search(link_id, first, last, reach, dense, crossing)
                if path is not None:
                    route = _tidy([p0] + path + [p1])
                    if _valid_shape(route, d0, d1):
                        victims = self._crossed(link_id, route) if crossing is not None else []
                        return route, victims
                if cramped and reach < MAX_REACH:
                    reach *= 4
                elif modes:
                    dense, crossing = modes.pop(0)
                else:
                    break
        s0 = (p0[0] + DX[d0] * MIN_STUB, p0[1] + DY[d0] * MIN_STUB)
        s1 = (p1[0] + DX[d1] * MIN_STUB, p1[1] + DY[d1] * MIN_STUB)
        return _tidy([p0, s0] + _plain(s0, d0, s1, e) + [s1, p1]), []

    def _crossed(self, link_id: str, route: list[Point]) -> list[str]:
        """The routed links that run along this route's lines."""
        found: dict[str, None] = {}
        for (x0, y0), (x1, y1) in zip(route, route[1:]):
            if y0 == y1:
                owners = self._sharing(0, y0, min(x0, x1), max(x0, x1), TOUCH, link_id)
            else:
                owners = self._sharing(1, x0, min(y0, y1), max(y0, y1), TOUCH, link_id)
            for owner in owners:
                if owner in self.routes:
                    found[owner] = None
        return list(found)

    def _port_line(self, link_id, end, port, side, box, skip):
        """Where on its port's line a route may bend: (port, side, distance of the face,
        nearest and farthest distance from the port), or None when a card sits flush in
        front of the port."""
        x, y = port
        face = _face_distance(box, side, x, y)
        far = self._reach.get((link_id, end), face + MIN_STUB)
        near = face + 2.0
        if far < near:
            near = far = face + (far - face) / 2
        bend = (x + DX[side] * near, y + DY[side] * near)
        if far - face < 0.5 or self._inside_card(bend):
            return None
        return port, side, face, near, far

    def _inside_card(self, point: Point) -> bool:
        x, y = point
        return self._blocked(True, y, x, x, 0.0, ())

    def _search(self, link_id, first, last, reach, dense, crossing=None) -> tuple[list[Point] | None, bool]:
        """A* over the orthogonal visibility graph of the cards within `reach` of the
        two ends: states are (crossing, heading), costs length plus bends plus runs
        near cards or alongside other routes; no run through a card or on another
        route's line, unless `crossing` is a set of links (then runs along the lines of
        other links' routes cost CROSSING a pixel). A route may leave its port's line (and come onto the other's)
        anywhere in the stretch reserved for it, best MIN_STUB or more from the card.
        Returns the corners from that first bend to the last (or None) and whether
        the search reached the window's edge; `dense` lays more lines through gaps."""
        (p0, d0, face0, near0, far0), (p1, d1, face1, near1, far1) = first, last
        e = (d1 + 2) % 4
        aim0 = min(max(face0 + MIN_STUB, near0), far0)
        aim1 = min(max(face1 + MIN_STUB, near1), far1)
        s0 = (p0[0] + DX[d0] * aim0, p0[1] + DY[d0] * aim0)
        s1 = (p1[0] + DX[d1] * aim1, p1[1] + DY[d1] * aim1)
        x_lo, x_hi = min(s0[0], s1[0]) - reach, max(s0[0], s1[0]) + reach
        y_lo, y_hi = min(s0[1], s1[1]) - reach, max(s0[1], s1[1]) + reach
        boxes: dict[str, tuple] = {}
        for key in _cells(x_lo, y_lo, x_hi, y_hi):
            for entry in self._cells.get(key, ()):
                boxes[entry[0]] = entry
        obstacles = sorted(boxes.values())
        fixed_x, fixed_y = [s0[0], s1[0]], [s0[1], s1[1]]
        for (px, py), d, face, near, far in (first, last):
            steps = [near, far] + [value for value in (face + MIN_STUB, face + CLEARANCE) if near < value < far]
            if d in (RIGHT, LEFT):
                fixed_x.extend(px + DX[d] * step for step in steps)
            else:
                fixed_y.extend(py + DY[d] * step for step in steps)
        xs = _lines([(entry[1], entry[3]) for entry in obstacles], fixed_x, x_lo, x_hi, dense)
        ys = _lines([(entry[2], entry[4]) for entry in obstacles], fixed_y, y_lo, y_hi, dense)
        nx, ny = len(xs), len(ys)
        if nx * ny > MAX_NODES:
            return None, False
        # what each edge runs through: free, near a card or route, on a route, blocked
        h_cost = bytearray((nx - 1) * ny)  # edge (i, j) -> (i + 1, j): index j * (nx - 1) + i
        v_cost = bytearray(nx * (ny - 1))  # edge (i, j) -> (i, j + 1): index i * (ny - 1) + j
        for _id, left, top, right, bottom in obstacles:
            for grow, level in ((CLEARANCE, NEAR_CARD), (HARD, BLOCKED)):
                l, t, r, b = left - grow, top - grow, right + grow, bottom + grow
                _mark(h_cost, xs, ys, nx - 1, l, t, r, b, level)
                _mark(v_cost, ys, xs, ny - 1, t, l, b, r, level)
        for axis, entry in self._runs_in(x_lo, y_lo, x_hi, y_hi):
            at, low, high, owner, stub = entry
            if owner == link_id:
                continue
            rigid = crossing is None or stub or owner in crossing
            fixed, along = (ys, xs) if axis == 0 else (xs, ys)
            costs, stride = (h_cost, nx - 1) if axis == 0 else (v_cost, ny - 1)
            line_lo = bisect_left(fixed, at - SEPARATION + EPS)
            line_hi = bisect_right(fixed, at + SEPARATION - EPS)
            if line_lo >= line_hi:
                continue
            i_lo = max(bisect_right(along, low - 1) - 1, 0)
            i_hi = min(bisect_left(along, high + 1), len(along) - 1)
            for line in range(line_lo, line_hi):
                level = (BLOCKED if rigid else ON_ROUTE) if abs(fixed[line] - at) < TOUCH else NEAR_CARD
                base = line * stride
                for i in range(i_lo, i_hi):
                    if costs[base + i] < level:
                        costs[base + i] = level
        starts = self._line_nodes(xs, ys, first)
        goals = dict(self._line_nodes(xs, ys, last))
        if not starts or not goals:
            return None, False
        gx, gy = s1
        best: dict[int, float] = {}
        parent: dict[int, int] = {}
        heap = []
        counter = 0
        for node, extra in starts:
            state = node * 4 + d0
            best[state] = extra
            estimate = GREED * _estimate(gx - xs[node % nx], gy - ys[node // nx], d0, e)
            counter += 1
            heap.append((extra + estimate, estimate, counter, state))
        heapq.heapify(heap)
        start_states = {node * 4 + d0 for node, _extra in starts}
        cramped = False
        done = None
        goal_state = -1
        back = (e + 2) % 4
        pop, push = heapq.heappop, heapq.heappush
        steps = min(MAX_POPS, self._budget)
        while heap:
            steps -= 1
            if steps < 0:
                break
            f, h, _n, state = pop(heap)
            if state == goal_state:
                done = parent[goal_state]
                break
            node, heading = divmod(state, 4)
            g = best[state]
            if f - h > g + EPS:
                continue  # reached more cheaply since
            extra = goals.get(node)
            if extra is not None and heading != back:
                total = g + extra + (0.0 if heading == e else BEND)
                if total < best.get(goal_state, math.inf):
                    best[goal_state] = total
                    parent[goal_state] = state
                    counter += 1
                    push(heap, (total, 0.0, counter, goal_state))
            i, j = node % nx, node // nx
            if i == 0 or j == 0 or i == nx - 1 or j == ny - 1:
                cramped = True
            for direction in range(4):
                if direction == (heading + 2) % 4:
                    continue
                if direction == RIGHT:
                    if i + 1 >= nx:
                        continue
                    level = h_cost[j * (nx - 1) + i]
                    nxt, length = node + 1, xs[i + 1] - xs[i]
                elif direction == LEFT:
                    if i == 0:
                        continue
                    level = h_cost[j * (nx - 1) + i - 1]
                    nxt, length = node - 1, xs[i] - xs[i - 1]
                elif direction == DOWN:
                    if j + 1 >= ny:
                        continue
                    level = v_cost[i * (ny - 1) + j]
                    nxt, length = node + nx, ys[j + 1] - ys[j]
                else:
                    if j == 0:
                        continue
                    level = v_cost[i * (ny - 1) + j - 1]
                    nxt, length = node - nx, ys[j] - ys[j - 1]
                if level == BLOCKED:
                    continue
                cost = g + length * RUN_COST[level] + (BEND if direction != heading else 0.0)
                new_state = nxt * 4 + direction
                if cost < best.get(new_state, math.inf) - EPS:
                    best[new_state] = cost
                    parent[new_state] = state
                    counter += 1
                    estimate = GREED * _estimate(gx - xs[nxt % nx], gy - ys[nxt // nx], direction, e)
                    push(heap, (cost + estimate, estimate, counter, new_state))
        self._budget -= min(MAX_POPS, self._budget) - max(steps, 0)
        if done is None:
            return None, cramped
        path = []
        state = done
        while True:
            node = state // 4
            path.append((xs[node % nx], ys[node // nx]))
            if state in start_states and state not in parent:
                break
            state = parent[state]
        path.reverse()
        return path, cramped

    def _line_nodes(self, xs, ys, end) -> list[tuple[int, float]]:
        """The crossings on a port's line where the route may bend, each with the cost
        of the run between it and the port (more when nearer than MIN_STUB)."""
        (px, py), side, face, near, far = end
        found = []
        if side in (RIGHT, LEFT):
            j = bisect_left(ys, py)
            if j == len(ys) or ys[j] != py:
                return found
            low, high = sorted((px + DX[side] * near, px + DX[side] * far))
            for i in range(bisect_left(xs, low - EPS), bisect_right(xs, high + EPS)):
                found.append((i, j, abs(xs[i] - px)))
        else:
            i = bisect_left(xs, px)
            if i == len(xs) or xs[i] != px:
                return found
            low, high = sorted((py + DY[side] * near, py + DY[side] * far))
            for j in range(bisect_left(ys, low - EPS), bisect_right(ys, high + EPS)):
                found.append((i, j, abs(ys[j] - py)))
        nx = len(xs)
        return [(j * nx + i, run + max(0.0, face + MIN_STUB - run) * SHORT) for i, j, run in found]

    def _runs_in(self, x_lo, y_lo, x_hi, y_hi, margin: float = SEPARATION):
        """(axis, run) for the runs of routes and stubs that may lie within `margin` of
        the area, each once: from the fine buckets for a small area, from the cells
        (made on first need, then kept) for a large one."""
        for axis in (0, 1):
            a_lo, a_hi, b_lo, b_hi = (y_lo, y_hi, x_lo, x_hi) if axis == 0 else (x_lo, x_hi, y_lo, y_hi)
            first_cell, last_cell = math.floor(b_lo / RUN_CELL), math.floor(b_hi / RUN_CELL)
            seen = set()
            if (a_hi - a_lo + 2 * margin) / RUN_BUCKET * (last_cell - first_cell + 1) < AREA_QUERY:
                table = self._runs[axis]
                rows = range(math.floor((a_lo - margin) / RUN_BUCKET), math.floor((a_hi + margin) / RUN_BUCKET) + 1)
            else:
                table = self._area_index()[axis]
                rows = range(math.floor((a_lo - margin) / RUN_CELL), math.floor((a_hi + margin) / RUN_CELL) + 1)
            for row in rows:
                for cell in range(first_cell, last_cell + 1):
                    for entry in table.get((row, cell), ()):
                        if entry not in seen:
                            seen.add(entry)
                            yield axis, entry

    def _area_index(self) -> tuple[dict, dict]:
        if self._areas is None:
            self._areas = ({}, {})
            for axis in (0, 1):
                area = self._areas[axis]
                for (_bucket, cell), entries in self._runs[axis].items():
                    for entry in entries:
                        area.setdefault((math.floor(entry[0] / RUN_CELL), cell), []).append(entry)
        return self._areas


# -- geometry of cards and ports ----------------------------------------------------------


def _cells(left: float, top: float, right: float, bottom: float):
    for column in range(math.floor(left / CELL), math.floor(right / CELL) + 1):
        for row in range(math.floor(top / CELL), math.floor(bottom / CELL) + 1):
            yield (column, row)


def _run_cells(low: float, high: float) -> range:
    """The stretches of RUN_CELL along its line that a run from `low` to `high` lies in."""
    return range(math.floor(low / RUN_CELL), math.floor(high / RUN_CELL) + 1)


def _radius(card: Card) -> float:
    """The radius of the card's rounded corners (0 for a diamond)."""
    kind = card.kind
    if kind == "step":
        left, top, right, bottom = card.box
        half = min(right - left, bottom - top) / 2
        return half if half < STEP_RADIUS else STEP_RADIUS
    if kind == "decision":
        return 0.0
    left, top, right, bottom = card.box
    width, height = right - left, bottom - top
    limit = PILL_RADIUS if kind in ("start", "end") else STEP_RADIUS
    half = (width if width < height else height) / 2
    return half if half < limit else limit


def _along_range(card: Card, side: int, full: bool = False) -> tuple[float, float]:
    """Where ports may sit along a side: its straight part (for a pill's round end, its
    middle; for a diamond, around the vertex); `full` also allows the rounded corners
    up to their middle, for crowded sides. Neighbouring sides' ranges never meet."""
    left, top, right, bottom = card.box
    low, high = (top, bottom) if side in (RIGHT, LEFT) else (left, right)
    if card.kind == "decision":
        centre, half = (low + high) / 2, (high - low) / 2
        share = DIAMOND_FULL if full else DIAMOND_NEAR
        return centre - half * share, centre + half * share
    radius = _radius(card)
    if full:
        margin = radius * (1 - math.sqrt(0.5)) + 3.0
    elif card.kind in ("start", "end") and side in (RIGHT, LEFT):
        margin = 0.4 * radius
    else:
        margin = radius + 2.0
    return low + margin, high - margin


def _outline_point(card: Card, side: int, along: float) -> Point:
    """The point of the card's outline on `side` at `along` (y for left and right, x for
    top and bottom)."""
    left, top, right, bottom = card.box
    if card.kind == "decision":
        cx, cy = (left + right) / 2, (top + bottom) / 2
        hw, hh = (right - left) / 2, (bottom - top) / 2
        if side in (RIGHT, LEFT):
            inset = hw * min(abs(along - cy) / hh, 1.0) if hh > 0 else 0.0
            return (right - inset, along) if side == RIGHT else (left + inset, along)
        inset = hh * min(abs(along - cx) / hw, 1.0) if hw > 0 else 0.0
        return (along, bottom - inset) if side == DOWN else (along, top + inset)
    radius = _radius(card)
    if side in (RIGHT, LEFT):
        low, high = top + radius, bottom - radius
    else:
        low, high = left + radius, right - radius
    into = (low - along) if along < low else (along - high) if along > high else 0.0
    inset = radius - math.sqrt(max(radius * radius - into * into, 0.0)) if into > 0 else 0.0
    if side == RIGHT:
        return (right - inset, along)
    if side == LEFT:
        return (left + inset, along)
    if side == DOWN:
        return (along, bottom - inset)
    return (along, top + inset)


def _port_points(card: Card, side: int, count: int) -> list[Point]:
    """`count` ports spread over a side; around the vertex on a diamond."""
    if count == 0:
        return []
    left, top, right, bottom = card.box
    if card.kind == "decision":
        centre = (top + bottom) / 2 if side in (RIGHT, LEFT) else (left + right) / 2
        if count == 1:
            along = [centre]
        else:
            low, high = _along_range(card, side, full=True)
            pitch = min(PORT_PITCH, (high - low) / (count - 1))
            along = [centre + (index - (count - 1) / 2) * pitch for index in range(count)]
    else:
        low, high = _along_range(card, side)
        if (high - low) / (count + 1) < PORT_GAP:
            low, high = _along_range(card, side, full=True)
        along = [low + (high - low) * (index + 1) / (count + 1) for index in range(count)]
    return [_outline_point(card, side, value) for value in along]


def _port_places(card: Card, side: int, wishes: list[float | None]) -> list[Point]:
    """Ports for the ends of one side, in order: those with a wish (a straight line)
    where they wish when the others keep PORT_SPACING (or less, if crowded) from them,
    the rest spread evenly between."""
    count = len(wishes)
    if card.kind == "decision" or wishes.count(None) == count:
        return _port_points(card, side, count)
    low, high = _along_range(card, side)
    if (high - low) / (count + 1) < PORT_GAP:
        low, high = _along_range(card, side, full=True)
    gap = min(PORT_SPACING, (high - low) / (count + 1))
    anchors = [(-1, low)]
    for index, wish in enumerate(wishes):
        if wish is None:
            continue
        last_index, last = anchors[-1]
        room = max(PORT_GAP + 1.0, gap / 2)  # the least the ports between may keep apart
        place = max(wish, low + (index + 1) * room, last + (index - last_index) * room)
        place = min(place, high - (count - index) * room)
        if place >= last + (index - last_index) * room - EPS:
            anchors.append((index, place))
    anchors.append((count, high))
    along = [0.0] * count
    for (first, start), (last, end) in zip(anchors, anchors[1:]):
        between = last - first
        for step in range(1, between):
            along[first + step] = start + (end - start) * step / between
        if last < count:
            along[last] = end
    return [_outline_point(card, side, value) for value in along]


def _capacity(card: Card, side: int, gap: float = SEPARATION) -> int:
    """How many ports a side takes before the rest spill onto its neighbours: room for
    `gap` between them (SEPARATION lets the routes fan out)."""
    low, high = _along_range(card, side, full=True)
    if card.kind == "decision":
        return int((high - low) / gap) + 1
    return max(1, int((high - low) / gap) - 1)


def _spill(card: Card, groups: list[list[tuple]]) -> None:
    """Move ports a crowded side cannot hold to its neighbouring sides: those at either
    end of its order, towards the side they lie nearest to. A self-handoff's two ends
    move together, to the side with the most room. A card with more ends than its sides
    hold at SEPARATION packs them closer, down to PORT_GAP."""
    ends = sum(len(group) for group in groups)
    gap = SEPARATION if ends <= sum(_capacity(card, side) for side in range(4)) else PORT_GAP
    for _ in range(12):
        moved = False
        for side in range(4):
            group = groups[side]
            extra = len(group) - _capacity(card, side, gap)
            if extra <= 0:
                continue
            loops = [entry for entry in group if entry[0][0] == 3]
            movable = [entry for entry in group if entry[0][0] != 3]
            if movable:
                extra = min(extra, len(movable))
                # sorted along the side: the first ports lie towards the lower coordinate
                low_side = UP if side in (RIGHT, LEFT) else LEFT
                high_side = DOWN if side in (RIGHT, LEFT) else RIGHT
                head = (extra + 1) // 2
                tail = len(movable) - (extra - head)
                groups[low_side].extend(movable[:head])
                groups[high_side].extend(movable[tail:])
                groups[side] = movable[head:tail] + loops
            else:
                roomiest = max((other for other in range(4) if other != side),
                               key=lambda other: (_capacity(card, other, gap) - len(groups[other]), -other))
                if _capacity(card, roomiest, gap) - len(groups[roomiest]) < 2:
                    continue
                link_id = loops[-1][2]
                groups[roomiest].extend(entry for entry in loops if entry[2] == link_id)
                groups[side] = [entry for entry in loops if entry[2] != link_id]
            moved = True
        for group in groups:
            group.sort()
        if not moved:
            return


def _straight_wish(card: Card, side: int, other: Card, other_side: int) -> float | None:
    """Where a straight line between two facing sides would like its ports: the same
    coordinate on both cards (None when the sides do not overlap enough). A diamond's
    is its vertex."""
    if other_side != (side + 2) % 4:
        return None
    if card.kind == "decision" and other.kind == "decision":
        return None
    along = 1 if side in (RIGHT, LEFT) else 0
    if card.kind == "decision" or other.kind == "decision":
        diamond, plain, plain_side = (card, other, other_side) if card.kind == "decision" else (other, card, side)
        vertex = (diamond.box[along] + diamond.box[along + 2]) / 2
        low, high = _along_range(plain, plain_side)
        return vertex if low <= vertex <= high else None
    low_a, high_a = _along_range(card, side)
    low_b, high_b = _along_range(other, other_side)
    low, high = max(low_a, low_b), min(high_a, high_b)
    if low > high:
        return None
    middle = (card.box[along] + card.box[along + 2] + other.box[along] + other.box[along + 2]) / 4
    return min(max(middle, low), high)


def _port_key(own: Box, side: int, other: Box, other_side: int) -> tuple:
    """Sort key of a port along its side (top to bottom, or left to right) such that
    routes fanning out from the side do not cross: those turning towards the low end
    first, the lowest turn outermost; straight ones; then those turning the other way.
    """
    along = 1 if side in (RIGHT, LEFT) else 0
    own_c = (own[along] + own[along + 2]) / 2
    other_c = (other[along] + other[along + 2]) / 2
    normal = 0 if along == 1 else 1
    sign = 1 if side in (RIGHT, DOWN) else -1
    face = own[normal + 2] if sign > 0 else own[normal]
    if other_side == (side + 2) % 4:  # facing: a Z
        other_face = other[normal] if sign > 0 else other[normal + 2]
        level = max((other_face - face) * sign, 0.0) / 2
        turn = 0 if abs(other_c - own_c) < 0.5 else (1 if other_c > own_c else -1)
    elif other_side == side:  # a U round the cards between
        other_face = other[normal + 2] if sign > 0 else other[normal]
        level = max((other_face - face) * sign, 0.0) + CLEARANCE + abs(other_c - own_c) / 1000
        turn = 1 if other_c >= own_c else -1
    else:  # an L
        centre = (other[normal] + other[normal + 2]) / 2
        level = max((centre - face) * sign, 0.0)
        turn = 1 if other_c >= own_c else -1
    if turn < 0:
        return (0, level, other_c)
    if turn == 0:
        return (1, other_c, 0.0)
    return (2, -level, other_c)


def _face_distance(box: Box, side: int, x: float, y: float) -> float:
    """How far `side`'s face of the bounding box lies ahead of the port (x, y)."""
    left, top, right, bottom = box
    return (right - x, bottom - y, x - left, y - top)[side]


# -- frames: every shape is written once, for a route that leaves along +u ---------------


def _to_frame(d: int, x: float, y: float) -> Point:
    if d == RIGHT:
        return x, y
    if d == LEFT:
        return -x, y
    if d == DOWN:
        return y, x
    return -y, x


def _from_frame(d: int, u: float, v: float) -> Point:
    if d == RIGHT:
        return u, v
    if d == LEFT:
        return -u, v
    if d == DOWN:
        return v, u
    return v, -u


def _box_to_frame(d: int, box) -> Box:
    left, top, right, bottom = box
    if d == RIGHT:
        return left, top, right, bottom
    if d == LEFT:
        return -right, top, -left, bottom
    if d == DOWN:
        return top, left, bottom, right
    return -bottom, left, -top, right


def _frame_dirs(d: int) -> list[int]:
    result = []
    for direction in range(4):
        u, v = _to_frame(d, DX[direction], DY[direction])
        result.append(_direction(0.0, 0.0, u, v))
    return result


def _direction(x0: float, y0: float, x1: float, y1: float) -> int:
    if y0 == y1:
        return RIGHT if x1 > x0 else LEFT
    return DOWN if y1 > y0 else UP


_FRAME_DIR = [_frame_dirs(d) for d in range(4)]  # frame of d -> real direction -> frame direction


def _around(centre: float, low: float, high: float):
    """`centre`, then steps of SEPARATION to either side, within [low, high]."""
    if low > high:
        return
    yield centre
    for step in range(1, 5):
        for value in (centre - step * SEPARATION, centre + step * SEPARATION):
            if low <= value <= high:
                yield value


def _lines(spans: list[tuple[float, float]], fixed: list[float], low: float, high: float,
           dense: bool = False) -> list[float]:
    """Candidate lines of the search across one axis: a clearance outside every card,
    the middles of the gaps between cards, the `fixed` ones (the ends' lines) and the
    window's edges; `dense` adds lines a separation further out and either side of the
    middles, and every few pixels across each gap, for routes crowded into it. Lines less than a pixel from a
    fixed one are dropped: they would only make tiny jogs."""
    values = {low, high}
    edges = set()
    for a, b in spans:
        values.add(a - CLEARANCE)
        values.add(b + CLEARANCE)
        if dense:
            values.add(a - CLEARANCE - SEPARATION)
            values.add(b + CLEARANCE + SEPARATION)
        edges.add(a)
        edges.add(b)
    ordered = sorted(edges)
    if ordered:  # lanes for parallel routes in the open beyond the outermost cards
        for step in range(OPEN_LINES * (8 if dense else 1)):
            values.add(ordered[0] - CLEARANCE - step * SEPARATION)
            values.add(ordered[-1] + CLEARANCE + step * SEPARATION)
    for a, b in zip(ordered, ordered[1:]):
        gap = b - a
        if gap > 6.0:
            middle = (a + b) / 2
            values.add(middle)
            if dense and gap >= 2 * SEPARATION + 6.0:
                values.add(middle - SEPARATION)
                values.add(middle + SEPARATION)
            if dense:
                count = min(12, int((gap - 6.0) / (TOUCH + 1.5)))
                for index in range(count):
                    values.add(a + 3.0 + (gap - 6.0) * (index + 0.5) / count)
    keep = sorted(set(fixed))
    lines = []
    for value in sorted(values):
        if low <= value <= high:
            index = bisect_left(keep, value)
            if (index == len(keep) or keep[index] - value >= 1.0) and (index == 0 or value - keep[index - 1] >= 1.0):
                lines.append(value)
    lines.extend(value for value in keep if low <= value <= high)
    lines.sort()
    return lines


def _mark(costs: bytearray, along: list[float], across: list[float], stride: int,
          a0: float, c0: float, a1: float, c1: float, level: int) -> None:
    """Raise to `level` the edges along lines of `across` strictly inside (c0, c1) whose
    span meets the open interval (a0, a1)."""
    first = bisect_right(across, c0 + EPS)
    last = bisect_left(across, c1 - EPS)
    if first >= last:
        return
    i_lo = max(bisect_right(along, a0 + EPS) - 1, 0)
    i_hi = min(bisect_left(along, a1 - EPS), len(along) - 1)
    for line in range(first, last):
        base = line * stride
        for i in range(i_lo, i_hi):
            if costs[base + i] < level:
                costs[base + i] = level


def _plain(s0: Point, d0: int, s1: Point, e: int) -> list[Point]:
    """Corners of the simplest orthogonal line from s0 (heading d0) to s1 (arriving
    heading e), regardless of what is in the way."""
    (x0, y0), (x1, y1) = s0, s1
    if d0 in (RIGHT, LEFT):
        if e in (RIGHT, LEFT):
            middle = (x0 + x1) / 2
            return [(middle, y0), (middle, y1)]
        return [(x1, y0)]
    if e in (UP, DOWN):
        middle = (y0 + y1) / 2
        return [(x0, middle), (x1, middle)]
    return [(x0, y1)]


def _estimate(dx: float, dy: float, heading: int, final: int) -> float:
    """A lower bound of the cost from a point heading `heading` to a goal (dx, dy) away
    that must be reached heading `final`: the distance plus the bends no route avoids."""
    distance = abs(dx) + abs(dy)
    if distance < EPS:
        return 0.0 if heading == final else BEND
    ahead = dx * DX[heading] + dy * DY[heading]
    lateral = abs(dx * DY[heading] - dy * DX[heading])
    if heading == final:
        if lateral < EPS:
            bends = 0 if ahead > 0 else 4
        else:
            bends = 2 if ahead > EPS else 4
    elif heading == (final + 2) % 4:
        bends = 2 if lateral > EPS else 4
    else:
        bends = 1 if ahead > -EPS and dx * DX[final] + dy * DY[final] > EPS else 3
    return distance + bends * BEND


def _valid_shape(route: list[Point], d0: int, d1: int) -> bool:
    """Whether the route leaves along d0 and enters against d1 (the sides' directions)."""
    if len(route) < 2:
        return False
    (x0, y0), (x1, y1) = route[0], route[1]
    if _direction(x0, y0, x1, y1) != d0:
        return False
    (x0, y0), (x1, y1) = route[-2], route[-1]
    return _direction(x0, y0, x1, y1) == (d1 + 2) % 4


def _tidy(points: list[Point]) -> list[Point]:
    """Drop repeated points and merge runs that continue in the same direction."""
    out = [points[0]]
    for point in points[1:]:
        if point == out[-1]:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (ax == bx == point[0]) or (ay == by == point[1]):
                out[-1] = point
                continue
        out.append(point)
    return out
