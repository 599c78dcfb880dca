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

Strips are filled as cards come and go, and sorted on the first query after a
change: moving a card costs a few list edits, and re-sorting the few strips it lies
in only if a long run then passes there.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from itertools import accumulate

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

    def _strips_of(self, entry: tuple) -> range:
        """The strips a card's grown box meets (see _bounds)."""
        if self.vertical:
            low, high = entry[1] - CLEARANCE + EPS, entry[3] + CLEARANCE - EPS
        else:
            low, high = entry[2] - CLEARANCE + EPS, entry[4] + CLEARANCE - EPS
        return range(math.floor(low / STRIP), math.floor(high / STRIP) + 1)

    def add(self, entry: tuple) -> None:
        members, built = self._members, self._sorted
        for strip in self._strips_of(entry):
            strip_members = members.get(strip)
            if strip_members is None:
                members[strip] = [entry]
            else:
                strip_members.append(entry)
                if strip in built:
                    del built[strip]

    def remove(self, entry: tuple) -> None:
        members, built = self._members, self._sorted
        for strip in self._strips_of(entry):
            strip_members = members[strip]
            strip_members.remove(entry)
            if not strip_members:
                del members[strip]
            if strip in built:
                del built[strip]

    def _item(self, strip: int, entry: tuple, bounds: tuple) -> tuple:
        """(the kinds it belongs to in this strip, (start along, end along, across
        low, across high, entry, grown near edge, grown far edge))."""
        across_low, across_high, low, high = bounds
        _card_id, left, top, right, bottom = entry
        near, far = (left, right) if self.vertical else (top, bottom)
        item = (low, high, across_low, across_high, entry, near - CLEARANCE, far + CLEARANCE)
        # a run at `at` in the strip has strip * STRIP <= at < (strip + 1) * STRIP
        before, after = across_low < strip * STRIP, (strip + 1) * STRIP <= across_high
        if before and after:
            return (COVERING,), item
        return (EDGES, REACHING_IN if before else REACHING_OUT if after else INSIDE), item

    def _sort(self, strip: int) -> "_Strip":
        """The strip's cards, sorted along, by how they meet it (see _Strip)."""
        kinds = ([], [], [], [], [])
        for entry in self._members[strip]:
            in_kinds, item = self._item(strip, entry, self._bounds(entry))
            for kind in in_kinds:
                kinds[kind].append(item)
        built = self._sorted[strip] = _Strip(kinds)
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
        items = built.covering
        for index in built.overlapping(COVERING, low, high):
            item = items[index]
            if low < item[1] and item[4][0] not in skip:
                yield item[4]
        items = built.edges
        for index in built.overlapping(EDGES, low, high):
            item = items[index]
            if low < item[1] and item[2] < at < item[3] and item[4][0] not in skip:
                yield item[4]

    def ruled_out(self, low: float, high: float, span_low: float, span_high: float) -> list[tuple[float, float]]:
        """The stretches across (open intervals, each a card's box grown by CLEARANCE,
        or a union of such) where a run from `span_low` to `span_high` would come
        within CLEARANCE of a card, wherever they meet [low, high]: what rules out
        lines for a long run. A strip's cards that reach into it from one side are
        taken together (they all cross its edge, so their union is one interval);
        that may include a card beside the run's span when it lies along within a
        longer one's, which only ever rules out too much."""
        found = []
        for strip in range(math.floor(low / STRIP), math.floor(high / STRIP) + 1):
            built = self._sorted.get(strip)
            if built is None:
                if strip not in self._members:
                    continue
                built = self._sort(strip)
            covering = built.covering
            covered = False
            for index in built.overlapping(COVERING, span_low, span_high):
                item = covering[index]
                if span_low < item[1]:  # covers the whole strip: the rest here changes nothing
                    found.append((item[5], item[6]))
                    covered = True
                    break
            if covered:
                continue
            for kind in (REACHING_IN, REACHING_OUT):
                span = built.overlapping(kind, span_low, span_high)
                if span:
                    lows, highs = built.near[kind], built.far[kind]
                    found.append((min(lows[span.start:span.stop]), max(highs[span.start:span.stop])))
            inside = built.inside
            for index in built.overlapping(INSIDE, span_low, span_high):
                item = inside[index]
                if span_low < item[1] and item[2] < high and low < item[3]:
                    found.append((item[5], item[6]))
        return found


COVERING, EDGES, REACHING_IN, REACHING_OUT, INSIDE = range(5)  # the kinds of a strip's items


class _Strip:
    """One strip's cards, each kind sorted by where it begins along: those that cover
    it across, those that do not (`edges`), and of those, the ones reaching into it
    from before it, the ones reaching out of it past its end, and the ones inside.
    Items are (start along, end along, across low, across high, entry, grown near
    edge, grown far edge); the bounds are Obstacles._blocking's, to the bit. Beside
    each kind's items: their starts, the running maximum of their ends, and their
    grown edges, for bisection and for slices."""

    __slots__ = ("items", "starts", "ends", "near", "far")

    def __init__(self, kinds: tuple[list, ...]):
        for items in kinds:
            items.sort(key=_start)
        self.items = kinds
        self.starts = [[item[0] for item in items] for items in kinds]
        self.ends = [list(accumulate((item[1] for item in items), max)) for items in kinds]
        self.near = [[item[5] for item in items] for items in kinds]
        self.far = [[item[6] for item in items] for items in kinds]

    @property
    def covering(self) -> list:
        return self.items[COVERING]

    @property
    def edges(self) -> list:
        return self.items[EDGES]

    @property
    def inside(self) -> list:
        return self.items[INSIDE]

    def overlapping(self, kind: int, low: float, high: float) -> range:
        """The indices of the items of one kind that may overlap (low, high) along:
        those before end at or before `low`, those after begin at or after `high`."""
        return range(bisect_right(self.ends[kind], low), bisect_left(self.starts[kind], high))


def _start(item: tuple) -> float:
    return item[0]
