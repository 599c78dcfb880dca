"""Cards near a long run, without walking the run: the cards grown by the clearance, by
narrow strips across one axis, each strip's cards sorted along the other.

The spatial hash (obstacles.py) answers "which cards come within the clearance of this
run" by visiting every CELL along the run, which costs as much as the run is long. A
chain whose frontline lanes sit far above its back-office lanes has thousands of
handoffs running tens of thousands of pixels down the gaps between card columns, and
the fast shapes ask that question of each of them many times. Here the run's own strip
(the one its fixed coordinate falls in) holds every card that could touch it, sorted by
where it begins along the run, with the running maximum of where they end: two
bisections find the cards that overlap the run, and only those are looked at.

In a strip, a card either covers the whole strip across (then every run in the strip
that overlaps it along is blocked), or one of its grown edges falls inside the strip
(then the run's coordinate is compared with the edge). Both are kept apart, so that a
query meets the covering cards first, and the comparisons are the very ones
Obstacles._blocking makes: the answers are the same, bar their order.

Strips are filled as cards come and go and sorted lazily, on the first query after a
change, so moving a card costs a few list edits, not a rebuild.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

from models.routing.constants import CLEARANCE, EPS

STRIP = 64.0  # width of a strip across the runs (a power of two, so a coordinate's strip is exact)


class CardStrips:
    """The cards grown by CLEARANCE, by strips across one axis: with `vertical`, strips
    of x for vertical runs (fixed x, spanning y); otherwise strips of y for horizontal
    runs."""

    def __init__(self, vertical: bool):
        self.vertical = vertical
        self._members: dict[int, list[tuple]] = {}  # strip -> entries (card id, left, top, right, bottom)
        self._sorted: dict[int, tuple] = {}  # strip -> its covering and edge lists, sorted (see _sort)

    def _bounds(self, entry: tuple) -> tuple[float, float, float, float]:
        """The open intervals, across and along, a run must meet to come within the
        clearance of the card: the expressions of Obstacles._blocking, to the bit."""
        _card_id, left, top, right, bottom = entry
        if self.vertical:
            return (left - CLEARANCE + EPS, right + CLEARANCE - EPS,
                    top - CLEARANCE + EPS, bottom + CLEARANCE - EPS)
        return (top - CLEARANCE + EPS, bottom + CLEARANCE - EPS,
                left - CLEARANCE + EPS, right + CLEARANCE - EPS)

    def add(self, entry: tuple) -> None:
        across_low, across_high, _low, _high = self._bounds(entry)
        for strip in range(math.floor(across_low / STRIP), math.floor(across_high / STRIP) + 1):
            self._members.setdefault(strip, []).append(entry)
            self._sorted.pop(strip, None)

    def remove(self, entry: tuple) -> None:
        across_low, across_high, _low, _high = self._bounds(entry)
        for strip in range(math.floor(across_low / STRIP), math.floor(across_high / STRIP) + 1):
            members = self._members.get(strip)
            if members is not None:
                members.remove(entry)
                if not members:
                    del self._members[strip]
            self._sorted.pop(strip, None)

    def _sort(self, strip: int) -> tuple:
        """The strip's covering cards and its edge cards, each as (starts along, running
        maximum of ends along, items (start, end, across low, across high, entry)),
        sorted by start."""
        start_of, end_of = strip * STRIP, (strip + 1) * STRIP
        covering, edges = [], []
        for entry in self._members[strip]:
            across_low, across_high, low, high = self._bounds(entry)
            # a run at `at` in the strip has start_of <= at < end_of
            whole = across_low < start_of and end_of <= across_high
            (covering if whole else edges).append((low, high, across_low, across_high, entry))
        lists = []
        for items in (covering, edges):
            items.sort(key=_start)
            starts = [item[0] for item in items]
            reach, ends = -math.inf, []
            for item in items:
                reach = item[1] if item[1] > reach else reach
                ends.append(reach)
            lists.append((starts, ends, items))
        built = self._sorted[strip] = tuple(lists)
        return built

    def blocking(self, at: float, low: float, high: float, skip):
        """Yield the entries of the cards a run at `at` from `low` to `high` comes
        within CLEARANCE of, those in `skip` aside."""
        strip = math.floor(at / STRIP)
        built = self._sorted.get(strip)
        if built is None:
            if strip not in self._members:
                return
            built = self._sort(strip)
        (starts, ends, items), (edge_starts, edge_ends, edge_items) = built
        # items before `first` end (all of them) at or before `low`; from `last` on they start at or after `high`
        for index in range(bisect_right(ends, low), bisect_left(starts, high)):
            item = items[index]
            if low < item[1] and item[4][0] not in skip:
                yield item[4]
        for index in range(bisect_right(edge_ends, low), bisect_left(edge_starts, high)):
            item = edge_items[index]
            if low < item[1] and item[2] < at < item[3] and item[4][0] not in skip:
                yield item[4]


def _start(item: tuple) -> float:
    return item[0]

