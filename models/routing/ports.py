"""The Router's ports (steps 1 to 3 of routing a chain, see models.routing): the side
each handoff leaves and enters by, a port of its own on that side for every link end,
ports moved to face each other for straight lines, and each port's line reserved in
the run index for its own link."""

from __future__ import annotations

import math

from models.routing.cards import Card, Link, _along_range, _outline_point
from models.routing.constants import CELL, CLEARANCE, DOWN, DX, DY, LEFT, MIN_STUB, RESERVE, RIGHT, UP, Box
from models.routing.port_places import _port_key, _port_places, _port_points, _spill, _straight_wish

# Kept per link and per card of a large chain: made once, shared, as there are only so many.
SIDE_PAIRS = tuple(tuple((out, into) for into in range(4)) for out in range(4))  # [out][into] -> (out, into)
PORT_COUNTS: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = {}  # ports on each side, interned
NO_PORTS = (0, 0, 0, 0)


class Ports:
    """Sides, ports and reserved port lines; part of Router (models.routing.router)."""

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
            return SIDE_PAIRS[UP][UP]
        source, target = self.cards[link.source], self.cards[link.target]
        out, into = self._preferred_sides(link, source, target)
        if not self._open(link.source, source.box, out):
            out = self._other_side(link.source, source.box, out, target.box)
        if not self._open(link.target, target.box, into):
            into = self._other_side(link.target, target.box, into, source.box)
        return SIDE_PAIRS[out][into]

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
                for other, l, t, r, b in cells.get((column << 32) + row, ()):  # the key obstacles._cells makes
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
        return SIDE_PAIRS[DOWN][DOWN] if under_cost < over_cost else SIDE_PAIRS[UP][UP]

    def _place_card(self, card_id: str) -> None:
        """Give every link end at this card a side and a port of its own."""
        if card_id not in self._at:  # no link ends here (most cards while a pass starts)
            self._count[card_id] = NO_PORTS
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
        counts = (len(groups[0]), len(groups[1]), len(groups[2]), len(groups[3]))
        counts = self._count[card_id] = PORT_COUNTS.setdefault(counts, counts)
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
                key = (link_id, end)  # one key object for the three tables
                side_of[key] = side
                base[key] = port[key] = point
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
            for table in (self._side, self._base, self._port):
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
            for other_at, other_low, other_high, _owner, _stub, _axis in self._stub_runs(axis, at, low, high, link_id):
                cut = (other_low if sign > 0 else other_high) - sign * 1.5
                if (cut - face) * sign >= 1.0 and (reach - cut) * sign > 0:
                    reach = cut
            low, high = min(start, reach), max(start, reach)
            self._index_run(axis, at, low, high, link_id, entries, stub=True)
        self._stubs[link_id] = tuple(entries)  # exactly its size: a list keeps room to grow

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
        self._stubs[link_id] = tuple(entries)
        self._lined_up.add(link_id)
        return True

    def _reserved(self, link_id: str, end: int) -> float | None:
        """How far out from the port this end's line is reserved (see _reserve), or None
        when the link has no reserved lines: read from its stubs, not kept beside them
        (two floats a link and their keys, some 7 MB at 20,000 touchpoints)."""
        entries = self._stubs.get(link_id)
        if not entries:
            return None
        # one stub for each end, or one for the whole line (_reserve_straight)
        _at, low, high, _owner, _stub, _axis = entries[end if len(entries) > 1 else 0]
        return high - low
