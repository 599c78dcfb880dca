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

Memory: a chain of 20,000 cards has some 70,000 (card, strip) pairs on each axis. A
card's item (its bounds, its entry, its grown edges) is the same in every strip it
lies in, so it is made once, when the card is added, and every strip shares it; the
four numbers of its near box (near_box) are the same for both axes, and made once; a
sorted strip keeps, per kind, only the tuples its queries read, and strips covered by
the same cards (those inside a column of cards) share one tuple of them, which also
tells ruled_out that a strip gives what the one before it gave.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, repeat
from operator import gt, itemgetter

from models.routing.constants import CLEARANCE, EPS

STRIP = 64.0  # width of a strip across the runs (a power of two, so a coordinate's strip is exact)


class CardStrips:
    """The cards grown by CLEARANCE, by strips across one axis: with `vertical`, strips
    of x for vertical runs (fixed x, spanning y); otherwise strips of y for horizontal
    runs."""

    def __init__(self, vertical: bool):
        self.vertical = vertical
        self._members: dict[int, list[tuple]] = {}  # strip -> the items of its cards (see _item)
        self._sorted: dict[int, _Strip] = {}  # strip -> its items sorted by kind (see _sort)

    def _item(self, entry: tuple, near: tuple) -> tuple:
        """(start along, end along, across low, across high, entry, grown near edge,
        grown far edge) of a card (card id, left, top, right, bottom), from its `near`
        box (see near_box): the open intervals, along and across, a run must meet to
        come within the clearance of the card, and the card's box grown by CLEARANCE
        across. The same in every strip the card lies in."""
        _card_id, left, top, right, bottom = entry
        near_left, near_top, near_right, near_bottom = near
        if self.vertical:
            return (near_top, near_bottom, near_left, near_right, entry, left - CLEARANCE, right + CLEARANCE)
        return (near_left, near_right, near_top, near_bottom, entry, top - CLEARANCE, bottom + CLEARANCE)

    @staticmethod
    def _strips_of(item: tuple) -> range:
        """The strips a card's grown box meets, from its item's bounds across."""
        return range(math.floor(item[2] / STRIP), math.floor(item[3] / STRIP) + 1)

    def add(self, entry: tuple, near: tuple) -> None:
        """File a card (card id, left, top, right, bottom), with its near_box."""
        members, built = self._members, self._sorted
        item = self._item(entry, near)
        for strip in self._strips_of(item):
            strip_members = members.get(strip)
            if strip_members is None:
                members[strip] = [item]
            else:
                strip_members.append(item)
                if strip in built:
                    del built[strip]

    def remove(self, entry: tuple, near: tuple) -> None:
        members, built = self._members, self._sorted
        item = self._item(entry, near)  # equal to the one added: the same sums of the same numbers
        for strip in self._strips_of(item):
            strip_members = members[strip]
            strip_members.remove(item)
            if not strip_members:
                del members[strip]
            if strip in built:
                del built[strip]

    def _sort(self, strip: int) -> "_Strip":
        """The strip's cards, sorted along, by how they meet it (see _Strip)."""
        kinds = ([], [], [], [], [])
        # a run at `at` in the strip has strip * STRIP <= at < (strip + 1) * STRIP
        first, end = strip * STRIP, (strip + 1) * STRIP
        # One stable sort, then the kinds in that order: each kind sorted as if on its
        # own (a column's strip holds hundreds of cards, and thousands are sorted).
        for item in sorted(self._members[strip], key=_START):
            before, after = item[2] < first, end <= item[3]
            if before and after:
                kinds[COVERING].append(item)
            else:
                kinds[EDGES].append(item)
                kinds[REACHING_IN if before else REACHING_OUT if after else INSIDE].append(item)
        built = self._sorted[strip] = _Strip(kinds)
        # Strips inside a column of cards hold the same covering cards: sharing one
        # tuple lets ruled_out know a strip is covered as the one before it was.
        for beside in (self._sorted.get(strip - 1), self._sorted.get(strip + 1)):
            if beside is not None and beside.covering == built.covering:
                built.share_covering(beside)
                break
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
        # see _Strip: the items that may overlap
        items = built.covering
        for index in range(bisect_right(built.covering_ends, low), bisect_left(built.covering_starts, high)):
            item = items[index]
            if low < item[1] and item[4][0] not in skip:
                yield item[4]
        items = built.edges
        for index in range(bisect_right(built.edges_ends, low), bisect_left(built.edges_starts, high)):
            item = items[index]
            if low < item[1] and item[2] < at < item[3] and item[4][0] not in skip:
                yield item[4]

    def ruled_out(self, low: float, high: float, span_low: float, span_high: float) -> list[tuple[float, float]]:
        """The stretches across (open intervals, each a card's box grown by CLEARANCE,
        or a union of such) where a run from `span_low` to `span_high` would come
        within CLEARANCE of a card, wherever they meet [low, high]: what rules out
        lines for a long run. A strip's cards that reach into it from one side and
        come within CLEARANCE of the span are taken together (they all cross its
        edge, so their union is one interval)."""
        # A long span's window crosses dozens of strips, and this is asked tens of
        # thousands of times in a large chain: the bisections (see _Strip) inline.
        found = []
        append = found.append
        sorted_strips, members = self._sorted, self._members
        covered_by = None  # the covering cards of the strip before, when they covered it
        for strip in range(math.floor(low / STRIP), math.floor(high / STRIP) + 1):
            built = sorted_strips.get(strip)
            if built is None:
                if strip not in members:
                    continue
                built = self._sort(strip)
            covering = built.covering
            if covering:
                if covering is covered_by:
                    continue  # the same cards cover it: the same stretch again
                first = bisect_right(built.covering_ends, span_low)
                if first < bisect_left(built.covering_starts, span_high):
                    # The first card whose end passes span_low (the ends are a running
                    # maximum, so its own end does) covers the whole strip: the rest here
                    # changes nothing.
                    item = covering[first]
                    append((item[5], item[6]))
                    covered_by = covering
                    continue
            for starts, ends, own_ends, near, far in built.reaching:
                first, stop = bisect_right(ends, span_low), bisect_left(starts, span_high)
                if first < stop:
                    # Of those, the cards that end past span_low: a card long along (a
                    # wall round the lanes) lets the shorter ones after it into the
                    # range, beside the span. The first one does (its own end is the
                    # running maximum's), so the union is never empty.
                    meets = list(map(gt, own_ends[first:stop], repeat(span_low)))
                    append((min(compress(near[first:stop], meets)), max(compress(far[first:stop], meets))))
            inside = built.inside
            if inside:
                first, stop = bisect_right(built.inside_ends, span_low), bisect_left(built.inside_starts, span_high)
                for index in range(first, stop):
                    item = inside[index]
                    if span_low < item[1] and item[2] < high and low < item[3]:
                        append((item[5], item[6]))
        return found


COVERING, EDGES, REACHING_IN, REACHING_OUT, INSIDE = range(5)  # the kinds of a strip's items


def near_box(entry: tuple) -> tuple[float, float, float, float]:
    """The open box a run must meet to come within the clearance of a card (card id,
    left, top, right, bottom): the expressions of Obstacles._blocking, to the bit. Made
    once a card for the strips of both axes, which share its four numbers."""
    _card_id, left, top, right, bottom = entry
    return (left - CLEARANCE + EPS, top - CLEARANCE + EPS, right + CLEARANCE - EPS, bottom + CLEARANCE - EPS)


class _Strip:
    """One strip's cards, each kind sorted by where it begins along: those that cover
    it across, those that do not (`edges`), and of those, the ones reaching into it
    from before it (`in`), the ones reaching out of it past its end (`out`), and the
    ones inside. Items are (start along, end along, across low, across high, entry,
    grown near edge, grown far edge); the bounds are Obstacles._blocking's, to the bit.
    Beside each kind's items: their starts and the running maximum of their ends, for
    bisection; for the two kinds reaching across an edge (`reaching`, those of the two
    that the strip has), their own ends and grown edges, for slices (and not their
    items). Tuples, one attribute each, and only what the queries read: a large chain
    sorts thousands of strips and keeps them, and the queries run hundreds of
    thousands of times.

    The items of a kind that may overlap (low, high) along are those from
    bisect_right(ends, low) (those before end at or before `low`) up to
    bisect_left(starts, high) (those after begin at or after `high`): the queries
    bisect inline."""

    __slots__ = ("covering", "covering_starts", "covering_ends", "edges", "edges_starts", "edges_ends",
                 "reaching", "inside", "inside_starts", "inside_ends")

    def __init__(self, kinds: tuple[list, ...]):
        """From the kinds' items, each kind sorted along."""
        self.covering, self.covering_starts, self.covering_ends = _sorted_kind(kinds[COVERING])
        self.edges, self.edges_starts, self.edges_ends = _sorted_kind(kinds[EDGES])
        self.inside, self.inside_starts, self.inside_ends = _sorted_kind(kinds[INSIDE])
        self.reaching = tuple(_reaching_kind(kinds[kind]) for kind in (REACHING_IN, REACHING_OUT) if kinds[kind])

    def share_covering(self, other: "_Strip") -> None:
        """Take the covering cards' tuples of a strip whose covering cards are the same."""
        self.covering, self.covering_starts, self.covering_ends = (
            other.covering, other.covering_starts, other.covering_ends)


def _sorted_kind(items: list) -> tuple[tuple, tuple, tuple]:
    """A kind's items, their starts and the running maximum of their ends, as tuples."""
    return tuple(items), tuple([item[0] for item in items]), tuple(accumulate((item[1] for item in items), max))


def _reaching_kind(items: list) -> tuple[tuple, ...]:
    """Of a kind of cards reaching across an edge of the strip: their starts, the running
    maximum of their ends, their own ends, and their grown edges, as tuples."""
    _items, starts, ends = _sorted_kind(items)
    return (starts, ends, tuple([item[1] for item in items]), tuple([item[5] for item in items]),
            tuple([item[6] for item in items]))


_START = itemgetter(0)  # an item's start along
