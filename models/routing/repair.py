"""Local repair after an edit: a long link whose route an edit blocks only near the
changed cards keeps its route away from them; only the stretch near them is searched
again.

Why: on a large chain most of the routes a moved card blocks are long links that merely
run past it, and searching such a link again searched a window as long as the link
(hundreds of lines), most of a move's time. Repair cuts the old route where it enters
and leaves the area around the changed cards, searches between the two cuts in a small
window with the search's own costs (search.py) and keeps the result only when the whole
route still passes the router's checks: no run through a card, none along another
route's line, none along its own, the same ports and sides. Otherwise the link is routed
afresh, as before. A fresh route_all never repairs, so it routes as it always did."""

from __future__ import annotations

from models.routing.constants import (
    CELL, CLEARANCE, HARD, LONG_RUN, MIN_STUB, REACH, SEPARATION, TOUCH, Box, Point,
)
from models.routing.shapes import _direction, _tidy, _valid_shape

REPAIR_MARGIN = CLEARANCE + 4 * SEPARATION  # the area searched again reaches this far past the changed cards
REPAIR_SPAN = 8 * CELL  # changed cards spread wider than this (a layout) are routed afresh
REPAIR_TRIES = ((REACH, False), (4 * REACH, False), (4 * REACH, True))  # (reach, dense) of each search


class Repair:
    """Local repair of long routes an edit blocks; part of Router (models.routing.router)."""

    def _plan_repair(self, moved: list[str], near: list[str]) -> None:
        """Let the links in `near` (routes that run by a moved card) keep their routes
        away from the moved cards, when those lie close together and the link is long
        and does not end at one of them."""
        self._repairable = set()
        boxes = [self.cards[card_id].box for card_id in moved if card_id in self.cards]
        if not boxes:
            return
        left = min(box[0] for box in boxes) - REPAIR_MARGIN
        top = min(box[1] for box in boxes) - REPAIR_MARGIN
        right = max(box[2] for box in boxes) + REPAIR_MARGIN
        bottom = max(box[3] for box in boxes) + REPAIR_MARGIN
        if right - left > REPAIR_SPAN or bottom - top > REPAIR_SPAN:
            return
        self._repair_area = (left, top, right, bottom)
        self._repair_boxes = boxes
        self._repair_ids = set(moved)
        own = {link_id for card_id in moved for link_id in self._at.get(card_id, ())}
        for link_id in near:
            link = self.links.get(link_id)
            if link is None or link_id in own or link.source not in self.cards or link.target not in self.cards:
                continue
            s, t = self.cards[link.source].box, self.cards[link.target].box
            # a short link routes afresh as quickly, and its usual shapes read better
            if abs(s[0] + s[2] - t[0] - t[2]) / 2 + abs(s[1] + s[3] - t[1] - t[3]) / 2 > LONG_RUN:
                self._repairable.add(link_id)

    def _repaired(self, link_id, p0, d0, p1, d1, skip0, skip1) -> list[Point] | None:
        """The link's route before the edit with its stretch near the moved cards searched
        again, or None (route it afresh). Tried once a link: a route ripped up later in
        the same update is routed afresh."""
        if link_id not in self._repairable:
            return None
        self._repairable.discard(link_id)
        old = self._previous.get(link_id) if self._previous is not None else None
        if old and self._carry is not None:  # its lanes moved (and it failed to fit so)
            old = [self._carry(point) for point in old]
        if not old or old[0] != p0 or old[-1] != p1 or not _valid_shape(old, d0, d1):
            return None
        area = self._repair_area
        cuts = _cuts(old, area)
        if cuts is None:
            return None
        (j, a), (k, b) = cuts
        inner = (area[0] + REPAIR_MARGIN - CLEARANCE, area[1] + REPAIR_MARGIN - CLEARANCE,
                 area[2] - REPAIR_MARGIN + CLEARANCE, area[3] - REPAIR_MARGIN + CLEARANCE)
        first = _cut_line(a, old[j + 1], inner)
        last = _cut_line(b, old[k], inner)
        for reach, dense in REPAIR_TRIES:
            if self._budget <= 0:
                return None
            self._mending = True
            try:
                path, _cramped = self._search(link_id, first, last, reach, dense)
            finally:
                self._mending = False
            if path is None:
                continue
            route = _tidy(old[:j + 1] + [a] + path + [b] + old[k + 1:])
            if self._repair_holds(link_id, route, d0, d1, skip0, skip1):
                return route
            return None
        return None

    def _cards_in(self, x_lo: float, y_lo: float, x_hi: float, y_hi: float) -> list[tuple]:
        """Obstacles._cards_in; while a stretch is mended, the moved cards grown by their
        clearance less HARD: the search, which only keeps HARD from a card, then keeps
        CLEARANCE from them, as the usual shapes do, and the link is not blocked again by
        the next nudge."""
        found = super()._cards_in(x_lo, y_lo, x_hi, y_hi)
        if self._mending:
            grow = CLEARANCE - HARD
            moved = self._repair_ids
            found = [(card_id, left - grow, top - grow, right + grow, bottom + grow) if card_id in moved
                     else (card_id, left, top, right, bottom) for card_id, left, top, right, bottom in found]
        return found

    def _repair_holds(self, link_id, route, d0, d1, skip0, skip1) -> bool:
        """Whether the spliced route keeps the router's rules all along, kept stretches
        too (a plain route, left when a crowded chain's search budget ran out, may
        cross cards and other routes: it is routed afresh, as before): the ends'
        directions, right angles, no run nearer than HARD to a card, none within
        CLEARANCE of a moved card, none within TOUCH of another route's line, none along
        or across its own."""
        if len(route) < 2 or not _valid_shape(route, d0, d1):
            return False
        runs = []
        last = len(route) - 2
        for index, (start, end) in enumerate(zip(route, route[1:])):
            if start[0] != end[0] and start[1] != end[1]:
                return False
            horizontal, at, low, high = run = _run(start, end)
            if self._conflict(0 if horizontal else 1, at, low, high, TOUCH, link_id) is not None:
                return False
            # clear of the moved cards, or the next nudge near them would re-route it again
            if any(_meets(box, horizontal, at, low, high) for box in self._repair_boxes):
                return False
            skip = (skip0 + skip1 if last == 0 else skip0) if index == 0 else (skip1 if index == last else ())
            # the card strips answer CLEARANCE for a long run at once; HARD only when that is not clear
            if self._blocked(horizontal, at, low, high, CLEARANCE, skip) and \
                    self._blocked(horizontal, at, low, high, HARD, skip):
                return False
            runs.append(run)
        for i, (h_a, at_a, lo_a, hi_a) in enumerate(runs):
            for h_b, at_b, lo_b, hi_b in runs[i + 2:]:
                if h_a == h_b:
                    if abs(at_a - at_b) < TOUCH and lo_a < hi_b + 1 and lo_b < hi_a + 1:
                        return False
                elif lo_a <= at_b <= hi_a and lo_b <= at_a <= hi_b:
                    return False
        return True


def _cuts(route: list[Point], area: Box) -> tuple[tuple[int, Point], tuple[int, Point]] | None:
    """Where the route first enters the area (index of the run, point on its edge) and
    where it last leaves it (likewise, the run taken backwards); None when it does not
    meet the area or starts or ends inside it."""
    first = last = None
    for index in range(len(route) - 1):
        point = _entry(route[index], route[index + 1], area)
        if point is not None:
            first = (index, point)
            break
    for index in range(len(route) - 2, -1, -1):
        point = _entry(route[index + 1], route[index], area)
        if point is not None:
            last = (index, point)
            break
    if first is None or last is None or _inside(route[0], area) or _inside(route[-1], area):
        return None
    return first, last


def _entry(start: Point, end: Point, area: Box) -> Point | None:
    """Where the run from start to end first comes into the area's interior, or None."""
    left, top, right, bottom = area
    (x0, y0), (x1, y1) = start, end
    if y0 == y1:
        if not top < y0 < bottom or max(x0, x1) <= left or min(x0, x1) >= right:
            return None
        return (min(max(x0, left), right), y0)
    if not left < x0 < right or max(y0, y1) <= top or min(y0, y1) >= bottom:
        return None
    return (x0, min(max(y0, top), bottom))


def _run(start: Point, end: Point) -> tuple[bool, float, float, float]:
    """(horizontal, the line, low, high) of a run."""
    (x0, y0), (x1, y1) = start, end
    if y0 == y1:
        return True, y0, min(x0, x1), max(x0, x1)
    return False, x0, min(y0, y1), max(y0, y1)


def _meets(box: Box, horizontal: bool, at: float, low: float, high: float) -> bool:
    """Whether the run comes nearer than CLEARANCE to the box."""
    left, top, right, bottom = box[0] - CLEARANCE, box[1] - CLEARANCE, box[2] + CLEARANCE, box[3] + CLEARANCE
    if horizontal:
        return top < at < bottom and low < right and high > left
    return left < at < right and low < bottom and high > top


def _inside(point: Point, area: Box) -> bool:
    return area[0] < point[0] < area[2] and area[1] < point[1] < area[3]


def _cut_line(cut: Point, toward: Point, inner: Box):
    """The stretch of the old run from the cut toward `toward` where the search may
    bend, as search.py's port line (point, side, face, near, far): up to `toward` or
    to the moved cards' clearance, whichever comes first. The face lies MIN_STUB behind
    the cut, so no bend there counts as too near a card."""
    (x, y), (tx, ty) = cut, toward
    side = _direction(x, y, tx, ty)
    far = abs(tx - x) + abs(ty - y)
    left, top, right, bottom = inner
    if y == ty and top < y < bottom:
        ahead = left - x if tx > x else x - right
        if ahead >= 0 or (left < x < right):
            far = min(far, max(ahead, 0.0))
    elif x == tx and left < x < right:
        ahead = top - y if ty > y else y - bottom
        if ahead >= 0 or (top < y < bottom):
            far = min(far, max(ahead, 0.0))
    return cut, side, -MIN_STUB, 0.0, far
