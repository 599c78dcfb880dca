"""The Router: the routes of a chain's handoffs, and what it keeps to re-route only what
an edit affects. `route_all` and `update` show the order of the work; the parts live in
its mixins: Ports (sides and ports), Obstacles (cards in the way), RunIndex (placed
runs), Shapes (the fast path), Search (A*) and Repair (mending a long route near an
edit)."""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterator
from operator import itemgetter

from models.collector import collector_paused
from models.lane_shift import SAME_MOVE, Carry
from models.steps import at_once

from models.routing.cards import Card, Link
from models.routing.channels import Channels
from models.routing.constants import BUDGET, CROWDED, DX, DY, FAR_BUDGET, LEFT, LONG_RUN, RIGHT, RIPS, TOUCH, Point
from models.routing.legs import Legs
from models.routing.obstacles import Obstacles
from models.routing.ports import Ports
from models.routing.repair import Repair
from models.routing.run_index import RunIndex
from models.routing.search import Search
from models.spatial import LastingTable
from models.routing.shapes import Shapes, _valid_shape


# Work done a step at a time by `building`, `routing_all` and `updating`, so that no step
# of a large chain holds the event loop long (each of these took 30 to 140 ms at 20,000
# touchpoints as one step).
ALIGN_STEP = 256  # links lined up a step (each on its own)
ATTACH_STEP = 1024  # links filed by their cards a step
STRIP_STEP = 512  # cards filed by strips a step


class Router(Ports, Shapes, Channels, Legs, Search, Repair, Obstacles, RunIndex):
    """Routes every link; keeps what it needs to re-route only what an edit affects."""

    def __init__(self, cards: dict[str, Card], links: list[Link]):
        for _step in self._building(cards, links):
            pass

    @classmethod
    def building(cls, cards: dict[str, Card], links: list[Link]) -> Generator[None, None, Router]:
        """Router(cards, links), a card or a few links per `yield`, for a caller that
        spreads it over turns of an event loop (hashing 20,000 cards takes a third of a
        second); returns the router."""
        router = cls.__new__(cls)
        yield from router._building(cards, links)
        return router

    def _building(self, cards: dict[str, Card], links: list[Link]) -> Iterator[None]:
        self.cards: dict[str, Card] = dict(cards)
        self.links: dict[str, Link] = {link.id: link for link in links}
        self.routes: dict[str, list[Point]] = {}
        self._order: dict[str, int] = LastingTable()  # link id -> position, for ties that must not depend on hashing
        self._serial = 0
        for link_id in self.links:
            self._order[link_id] = self._serial
            self._serial += 1
        self._at: dict[str, list[str]] = {}  # card id -> ids of the links that end at it
        for number, link in enumerate(self.links.values(), start=1):
            self._attach(link)
            if number % ATTACH_STEP == 0:
                yield
        yield
        self._cells: dict[int, tuple[tuple, ...]] = LastingTable()  # card hash, boxes grown by CLEARANCE (see obstacles._cells)
        self._strips = None  # the same cards by strips, for long runs (see _card_strips)
        self._extent = None  # the box around them all (see _card_extent)
        for card_id, card in self.cards.items():
            self._hash_card(card_id, card.box, add=True)
            yield
        self._sides_of: dict[str, tuple[int, int]] = LastingTable()  # link id -> the sides it prefers
        self._wish: dict[str, float | None] = LastingTable()  # link id -> where a straight line would run
        self._open_memo: dict[tuple[str, int], bool] = {}  # (card id, side) -> _open, for one pass
        self._side: dict[tuple[str, int], int] = LastingTable()  # (link id, 0 source / 1 target) -> side it has
        self._base: dict[tuple[str, int], Point] = LastingTable()  # its place among the side's ports...
        self._port: dict[tuple[str, int], Point] = LastingTable()  # ...and where it is, once lined up
        self._count: dict[str, list[int]] = LastingTable()  # card id -> ports on each side
        # Segments of routes and reserved port stubs, for "no two routes share a line":
        # bucket of the fixed coordinate and cell along (one int, see run_index._keys) ->
        # ((coordinate, low, high, link id, stub, axis), ...), for horizontal and vertical runs.
        self._runs = (LastingTable(), LastingTable())
        self._lanes = None  # the same runs' lines by coarse area, for long runs (see _run_lanes)
        self._placed: dict[str, tuple[tuple, ...]] = LastingTable()  # link id -> the runs of its route in _runs
        self._stubs: dict[str, tuple[tuple, ...]] = LastingTable()  # link id -> its stubs in _runs
        self._lined_up: set[str] = set()  # links that keep their whole straight line (see _reserve)
        self._spans: dict | None = None  # what long spans meet, during one channel route (see _span_across)
        self._routed = False
        self._budget = BUDGET  # search steps left in this pass
        self._far_budget = FAR_BUDGET  # of which links whose ends lie far apart may take this many
        self._previous: dict[str, list[Point] | None] | None = None  # routes before this update
        self._carry: Carry | None = None  # where this update moved the old picture's points
        self._repairable: set[str] = set()  # links this update may repair near the moved cards (repair.py)
        self._repair_area = None  # ...in this area around the moved cards...
        self._repair_boxes: list = []  # ...whose clearance the mended stretch keeps
        self._repair_ids: set[str] = set()
        self._mending = False  # a stretch is being searched again (see Repair._cards_in)

    # -- the public API ---------------------------------------------------------------

    @collector_paused()  # it makes hundreds of thousands of index entries, all kept, no cycles
    def route_all(self) -> dict[str, list[Point]]:
        """Route every link from scratch; returns `routes`."""
        for _step in self.routing_all():
            pass
        return self.routes

    def routing_all(self) -> Iterator[None]:
        """route_all, a link or a card per `yield`, for a caller that spreads it over
        turns of an event loop (the canvas, for a large chain); no update meanwhile."""
        for entries in self._placed.values():
            self._unindex(entries)
        for entries in self._stubs.values():
            self._unindex(entries)
        self._placed.clear()
        self._stubs.clear()
        self._lined_up.clear()
        self.routes = {}
        for table in (self._sides_of, self._wish, self._side, self._base, self._port, self._count):
            table.clear()
        routable = [link for link in self.links.values() if self._routable(link)]
        self._open_memo.clear()
        # The card strips, which the first long run would otherwise make all at once.
        yield from self._filing_card_strips(STRIP_STEP)
        for link in routable:
            self._plan(link)
            yield
        for card_id in self.cards:
            self._place_card(card_id)
            yield
        for start in range(0, len(routable), ALIGN_STEP):
            self._align(routable[start:start + ALIGN_STEP])
            yield
        for link in routable:
            self._reserve(link.id)
            yield
        self._open_memo.clear()  # only the ports read it; an update starts its own
        yield from self._routing_in_turn(sorted(routable, key=self._priority))
        self._routed = True

    def update(self, cards: dict[str, Card | None] = {}, added: list[Link] = [], removed: list[str] = [],
               carry: Carry | None = None) -> set[str]:
        """Cards moved/resized/added (Card) or removed (None), links added or removed;
        re-route what that affects; return the ids of links whose route changed
        (including added ones).

        `carry`: where each point of the picture before the edit lies now, when the
        edit moved whole parts of it (lanes stacked again, models.lane_shift). A link
        whose old route, so mapped, still joins its ports and fits keeps it."""
        return at_once(self.updating(cards, added, removed, carry))

    def updating(self, cards: dict[str, Card | None] = {}, added: list[Link] = [], removed: list[str] = [],
                 carry: Carry | None = None) -> Generator[None, None, set[str]]:
        """update, a card, a port or a link per `yield`, for a caller that spreads it
        over turns of an event loop (lanes that moved in a large chain move thousands of
        cards); returns what update returns. Nothing else may change the router meanwhile."""
        if not self._routed:
            old_routes = dict(self.routes)
            yield from self._applying(cards, added, removed)
            self.route_all()
            return {id for id in set(old_routes) | set(self.routes) if old_routes.get(id) != self.routes.get(id)}
        self._previous = {}
        self._carry = carry
        try:
            return (yield from self._updating(cards, added, removed))
        finally:
            self._previous = None
            self._carry = None
            self._repairable = set()

    def _updating(self, cards, added, removed) -> Generator[None, None, set[str]]:
        touched: dict[str, None] = {}  # cards whose ports are placed again
        affected: dict[str, None] = {}  # links routed again
        self._open_memo.clear()
        for link_id in removed:
            link = self.links.get(link_id)
            if link is not None:
                touched[link.source] = touched[link.target] = None
        moved = [card_id for card_id, card in cards.items() if self.cards.get(card_id) != card]
        # Of those, the cards that did more than move with their lane: where a route
        # carried along may now be blocked (a long one is mended there, see repair.py).
        reshaped = moved if self._carry is None else [
            card_id for card_id in moved if not _only_carried(self.cards.get(card_id), cards[card_id], self._carry)]
        yield from self._applying(cards, added, removed)
        near: dict[str, None] = {}
        for card_id in moved:
            touched[card_id] = None
            for link_id in self._at.get(card_id, ()):
                affected[link_id] = None
            card = self.cards.get(card_id)
            if card is not None:  # routes that now run through (or too near) it
                for link_id in self._runs_near(card.box):
                    affected[link_id] = near[link_id] = None
            yield
        self._plan_repair(reshaped, list(near))
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
            yield
        for card_id in touched:
            if card_id in self.cards:
                self._place_card(card_id)
            else:
                self._count.pop(card_id, None)
            yield
        routable = [link for link in here.values() if self._routable(link)]
        for start in range(0, len(routable), ALIGN_STEP):
            self._align(routable[start:start + ALIGN_STEP])
            yield
        for link_id, link in here.items():
            if not self._routable(link):
                affected[link_id] = None
            elif any(before[(link_id, end)] != (self._side[(link_id, end)], self._port[(link_id, end)]) for end in (0, 1)):
                affected[link_id] = None
            yield
        for link_id in affected:
            self._unroute(link_id)
            if link_id in self._stubs:
                self._unindex(self._stubs.pop(link_id))
            yield
        # A new port stub may lie on a route that stays: route that one again too.
        for link_id in list(affected):
            link = self.links.get(link_id)
            if link is not None and self._routable(link):
                self._reserve(link_id)
                for other in self._stub_conflicts(link_id):
                    if other not in affected:
                        affected[other] = None
                        self._unroute(other)
            yield
        order = []  # (priority, link) of each link routed again, worked out a link a step
        for id in affected:
            link = self.links.get(id)
            if link is not None and self._routable(link):
                order.append((self._priority(link), link))
            yield
        order.sort(key=itemgetter(0))  # (priorities differ: each holds the link's own order)
        links = [link for _priority, link in order]
        if self._carry is not None:
            links = yield from self._placing_carried(links)
        yield from self._routing_in_turn(links)
        gone = set(removed)
        changed = {id for id, route in self._previous.items() if id not in gone and route != self.routes.get(id)}
        changed.update(link.id for link in added if link.id in self.routes)
        return changed

    def _placing_carried(self, links: list[Link]) -> Generator[None, None, list[Link]]:
        """Route each of `links` whose route is carried along as it was (_carried), a link
        per `yield`, before any is routed afresh: a fresh route could take a line a carried
        one runs along, and that one, a long link most often, would be searched for afresh
        over its whole length. Returns the links left to route."""
        left = []
        for link in links:
            link_id = link.id
            points = None if link_id in self._lined_up else self._carried(
                link_id, self._port[(link_id, 0)], self._side[(link_id, 0)],
                self._port[(link_id, 1)], self._side[(link_id, 1)], (link.source,), (link.target,))
            if points is None:
                left.append(link)
            else:
                self._take_route(link_id, points)
            yield
        return left

    def _carried(self, link_id, p0, d0, p1, d1, skip0, skip1) -> list[Point] | None:
        """The link's route before the edit, carried along (see update), when it joins
        the link's ports now and keeps clear of cards and other routes (CROWDED, the
        least spacing any route keeps: it kept its spacing to the routes carried with
        it); else None. Tried once a link, before any is routed afresh (_placing_carried):
        a route ripped up later is routed afresh."""
        old = self._previous.get(link_id)
        if not old:
            return None
        carry = self._carry
        route = [carry(point) for point in old]
        if route[0] != p0 or route[-1] != p1 or not _valid_shape(route, d0, d1):
            return None
        return route if self._fits(link_id, route, skip0, skip1, CROWDED) else None

    # -- bookkeeping ------------------------------------------------------------------

    def _applying(self, cards, added, removed) -> Iterator[None]:
        """Take the removed links, the changed cards and the added links, a card per `yield`."""
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
            yield
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

    # -- routing one link -------------------------------------------------------------------

    def _routing_in_turn(self, links: list[Link]) -> Iterator[None]:
        """Route the links in this order, one per `yield` (and more while one is searched
        for); a link that finds no free way pushes the routes in its way aside (rip-up
        and re-route): they are routed again after it, each at most RIPS times."""
        self._budget = max(BUDGET, 100 * len(links))
        self._far_budget = FAR_BUDGET
        queue = deque(links)
        ripped: dict[str, int] = {}
        protected: set[str] = set()
        while queue:
            link = queue.popleft()
            for victim in (yield from self._routing(link, protected)):
                ripped[victim] = ripped.get(victim, 0) + 1
                if ripped[victim] >= RIPS:
                    protected.add(victim)
                self._unroute(victim)
                queue.append(self.links[victim])
            yield

    def _routing(self, link: Link, protected=frozenset()) -> Generator[None, None, list[str]]:
        """Route one link, yielding only while it is searched for (a few thousand search
        steps per `yield`, see search.py); returns the links whose routes it had to cross
        (now unrouted)."""
        link_id = link.id
        p0, p1 = self._port[(link_id, 0)], self._port[(link_id, 1)]
        if link_id in self._lined_up:
            # its reserved line is its route: no card near it, no other route along it
            self.routes[link_id] = [p0, p1]
            self._placed[link_id] = ()
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
        if points is None:  # a long route the edit blocked only near the moved cards: mend it there
            points = self._repaired(link_id, p0, d0, p1, d1, skip0, skip1)
        if points is None:
            source, target = self.cards[link.source], self.cards[link.target]
            # A Z whose middle run is long goes to the channels (channels.py) at once: they
            # weigh every free line for that run together, and find the one nearest the
            # middle the fast shapes would try first, where those check one place after
            # another all along the run (and most often fail, in a chain whose long
            # handoffs crowd the gaps).
            long_z = (d0 + 2) % 4 == d1 and abs(p1[1] - p0[1] if d0 in (RIGHT, LEFT) else p1[0] - p0[0]) > LONG_RUN
            points = None if long_z else self._fast(link_id, p0, d0, p1, d1, source.box, target.box, skip0, skip1)
            if points is None:
                points = self._channel_route(link_id, p0, d0, p1, d1, source.box, target.box, skip0, skip1)
            if points is None:
                points, victims = yield from self._searching_route(link_id, p0, d0, p1, d1, source.box, target.box,
                                                                   skip0, skip1, protected)
        self._take_route(link_id, points)
        return victims

    def _take_route(self, link_id: str, points: list[Point]) -> None:
        self.routes[link_id] = points
        entries: list[tuple] = []
        self._index(link_id, points, entries)
        self._placed[link_id] = tuple(entries)  # exactly its size: a list keeps room to grow


def _only_carried(old: Card | None, new: Card | None, carry: Carry) -> bool:
    """Whether card `new` is card `old` with its corners where `carry` took them: it
    moved with its lane (or, a wall round the lanes, stretched with them), no more."""
    if old is None or new is None or old.kind != new.kind:
        return False
    left, top, right, bottom = old.box
    carried = (*carry((left, top)), *carry((right, bottom)))
    return all(abs(a - b) <= SAME_MOVE for a, b in zip(carried, new.box))
