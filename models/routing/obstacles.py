"""The Router's cards in the way: a spatial hash of the cards grown by the clearance
(and, for long runs, the same cards by strips, card_strips.py), and the questions asked
of them (is a run blocked, how far may it be pushed to get clear, how far does the next
card lie in front of a side, does a route fit)."""

from __future__ import annotations

import math
from collections.abc import Iterator

from models.routing.card_strips import CardStrips, near_box
from models.routing.constants import (
    CELL, CLEARANCE, DOWN, EPS, LEFT, LIFT_STEPS, LONG_RUN, RESERVE, RIGHT, SEPARATION, TOUCH, Box, Point,
)
from models.spatial import bucket_add, bucket_remove
from models.steps import at_once


def _cells(left: float, top: float, right: float, bottom: float):
    """The keys of the hash's cells an area meets: (column << 32) + row, one int, not a
    (column, row) tuple (a large chain's hash has tens of thousands of cells, and an int
    is less than half a tuple's memory and quicker to hash); unique while a row number
    stays under 2 ** 31."""
    for column in range(math.floor(left / CELL), math.floor(right / CELL) + 1):
        for row in range(math.floor(top / CELL), math.floor(bottom / CELL) + 1):
            yield (column << 32) + row


class Obstacles:
    """Cards in the way of runs; part of Router (models.routing.router)."""

    def _hash_card(self, card_id: str, box: Box, add: bool) -> None:
        left, top, right, bottom = box
        entry = (card_id, left, top, right, bottom)
        extent = self._extent
        if extent is not None:  # grow it, or forget it when a card on its edge goes
            if add:
                self._extent = (min(extent[0], left), min(extent[1], top), max(extent[2], right), max(extent[3], bottom))
            elif left <= extent[0] or top <= extent[1] or right >= extent[2] or bottom >= extent[3]:
                self._extent = None
        if self._strips is not None:
            near = near_box(entry)
            for strips in self._strips:
                (strips.add if add else strips.remove)(entry, near)
        cells, file = self._cells, bucket_add if add else bucket_remove  # each cell's entries as a tuple
        for key in _cells(left - CLEARANCE, top - CLEARANCE, right + CLEARANCE, bottom + CLEARANCE):
            file(cells, key, entry)

    def _cards_in(self, x_lo: float, y_lo: float, x_hi: float, y_hi: float) -> list[tuple]:
        """The cards (id, left, top, right, bottom) hashed in the cells the area meets."""
        boxes: dict[str, tuple] = {}
        cells = self._cells
        rows = range(math.floor(y_lo / CELL), math.floor(y_hi / CELL) + 1)
        for column in range(math.floor(x_lo / CELL), math.floor(x_hi / CELL) + 1):
            for row in rows:
                bucket = cells.get((column << 32) + row)  # the key _cells makes
                if bucket is not None:
                    for entry in bucket:
                        boxes[entry[0]] = entry
        return list(boxes.values())

    def _blocked(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip) -> bool:
        """Whether the run comes nearer than `clear` to a card (those in `skip` aside)."""
        return next(self._blocking(horizontal, at, low, high, clear, skip), None) is not None

    def _blockers(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip) -> list[tuple]:
        """The cards (id, left, top, right, bottom) the run comes nearer to than `clear`."""
        return list(self._blocking(horizontal, at, low, high, clear, skip))

    def _blocking(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip):
        if high - low > LONG_RUN and clear == CLEARANCE:
            # a long run: its strip, not every cell along it
            return self._card_strips()[0 if horizontal else 1].blocking(at, low, high, skip)
        return self._blocking_in_cells(horizontal, at, low, high, clear, skip)

    def _card_extent(self) -> Box:
        """The box around all the cards, walls aside: beyond the cards is the room the
        lanes keep inside their walls (made on first need, then kept until one moves)."""
        if self._extent is None:
            boxes = [card.box for card in self.cards.values() if card.kind != "wall"] or [(0.0, 0.0, 0.0, 0.0)]
            self._extent = (min(box[0] for box in boxes), min(box[1] for box in boxes),
                            max(box[2] for box in boxes), max(box[3] for box in boxes))
        return self._extent

    def _card_strips(self) -> tuple[CardStrips, CardStrips]:
        """The cards by strips, for horizontal and for vertical runs: made on the first
        long run (or ahead of it, see _filing_card_strips), then kept up to date with
        the hash."""
        if self._strips is None:
            at_once(self._filing_card_strips())
        return self._strips

    def _filing_card_strips(self, per_step: int = 0) -> Iterator[None]:
        """Make the card strips, if not made yet, `per_step` cards per `yield` (0: all
        at once). They hold the cards of the hash: made while the cards stay put."""
        if self._strips is not None:
            return
        horizontal, vertical = CardStrips(vertical=False), CardStrips(vertical=True)
        cells = self._cells
        for number, (card_id, card) in enumerate(self.cards.items(), start=1):
            left, top, right, bottom = card.box
            # the hash's own entry, not a copy of it (20,000 tuples in a large chain)
            first = next(_cells(left - CLEARANCE, top - CLEARANCE, right + CLEARANCE, bottom + CLEARANCE))
            entry = next(entry for entry in cells[first] if entry[0] == card_id)
            near = near_box(entry)
            horizontal.add(entry, near)
            vertical.add(entry, near)
            if per_step and number % per_step == 0:
                yield
        self._strips = (horizontal, vertical)

    def _blocking_in_cells(self, horizontal: bool, at: float, low: float, high: float, clear: float, skip):
        if horizontal:
            row = math.floor(at / CELL)
            for column in range(math.floor(low / CELL), math.floor(high / CELL) + 1):
                for entry in self._cells.get((column << 32) + row, ()):  # the key _cells makes
                    card_id, left, top, right, bottom = entry
                    if (top - clear + EPS < at < bottom + clear - EPS and left - clear + EPS < high
                            and low < right + clear - EPS and card_id not in skip):
                        yield entry
        else:
            column = math.floor(at / CELL)
            for row in range(math.floor(low / CELL), math.floor(high / CELL) + 1):
                for entry in self._cells.get((column << 32) + row, ()):  # the key _cells makes
                    card_id, left, top, right, bottom = entry
                    if (left - clear + EPS < at < right + clear - EPS and top - clear + EPS < high
                            and low < bottom + clear - EPS and card_id not in skip):
                        yield entry

    def _ruled_out(self, vertical: bool, low: float, high: float, span_low: float,
                   span_high: float) -> list[tuple[float, float]]:
        """The stretches across (open intervals: cards' boxes grown by CLEARANCE, or
        unions of them) where a run from `span_low` to `span_high`, on a line in
        [low, high] (x for a `vertical` run), would come within CLEARANCE of a card."""
        if span_high - span_low > LONG_RUN:
            return self._card_strips()[1 if vertical else 0].ruled_out(low, high, span_low, span_high)
        if vertical:
            area = (low - CLEARANCE, span_low - CLEARANCE, high + CLEARANCE, span_high + CLEARANCE)
        else:
            area = (span_low - CLEARANCE, low - CLEARANCE, span_high + CLEARANCE, high + CLEARANCE)
        found = []
        for key in _cells(*area):
            for _card_id, left, top, right, bottom in self._cells.get(key, ()):
                if vertical:
                    across_low, across_high, along_low, along_high = left, right, top, bottom
                else:
                    across_low, across_high, along_low, along_high = top, bottom, left, right
                if (across_low - CLEARANCE + EPS < high and low < across_high + CLEARANCE - EPS
                        and along_low - CLEARANCE + EPS < span_high and span_low < along_high + CLEARANCE - EPS):
                    found.append((across_low - CLEARANCE, across_high + CLEARANCE))
        return found

    def _lift(self, horizontal: bool, at: float, low: float, high: float, sign: int, skip, link_id,
              steps: int = LIFT_STEPS, apart: float = SEPARATION) -> float | None:
        """Move a run at `at` (spanning low..high) in direction `sign` until no card is
        within the clearance and no other route (than `link_id`'s) runs alongside, nearer
        than `apart`; None when that takes more than `steps` steps."""
        for _ in range(steps):
            found = self._blockers(horizontal, at, low, high, CLEARANCE, skip)
            if found:
                if horizontal:
                    edges = [(e[4] if sign > 0 else e[2]) for e in found]
                else:
                    edges = [(e[3] if sign > 0 else e[1]) for e in found]
                at = (max(edges) + CLEARANCE) if sign > 0 else (min(edges) - CLEARANCE)
                continue
            if link_id is not None:
                other = self._conflict(0 if horizontal else 1, at, low, high, apart, link_id)
                if other is not None:
                    at = other + sign * (apart + 0.01)
                    continue
            return at
        return None

    def _fits(self, link_id: str, points: list[Point], skip0, skip1, apart: float = SEPARATION) -> bool:
        """Whether the route keeps clear of cards and of other routes' lines: its ends
        TOUCH from them, the runs between `apart`."""
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
            gap = TOUCH if index == 0 or index == last else apart
            if self._conflict(0 if horizontal else 1, at, low, high, gap, link_id) is not None:
                return False
        return True

    def _inside_card(self, point: Point) -> bool:
        x, y = point
        return self._blocked(True, y, x, x, 0.0, ())

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
