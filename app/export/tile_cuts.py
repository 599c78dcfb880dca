"""Where a picture tiled over pages is cut: in the gaps between what must stay whole.

Tiles of equal size cut through whatever lies on their edges: a card on the cut showed half
of each word on one page and the rest on the next, whole on neither. So each tile ends at
the last gap before the page's edge instead, and the next one starts there. The picture is
cut into rows first, between what lies above and below; then each row into tiles, between
what lies in that row alone (a row's cuts need not line up with the next row's, so a
crowded diagram still has gaps). Where no gap is in reach (cards and pills overlapping one
another for longer than a page, seen along the axis), the cut goes where it crosses the
fewest of them, at least half a page on.

Pure arithmetic on boxes (left, top, right, bottom) and spans (start, end), in the
picture's units.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise

Span = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

CLEARANCE = 2.0  # kept between a cut and what it passes by, for anti-aliasing and outlines
SLACK = 1e-6  # a tile this much longer than the page still fits: equal tiles fill it exactly
EVEN_STEPS = 8  # halvings of the tiles' length when they are evened out: to 0.4% of it


class AxisCuts:
    """Cutting one axis of a picture into tiles around `spans` that must stay whole."""

    def __init__(self, spans: Iterable[Span], clearance: float = CLEARANCE):
        spans = list(spans)
        self.starts = sorted(start - clearance for start, _end in spans)
        self.ends = sorted(end + clearance for _start, end in spans)

    def crossed(self, at: float) -> int:
        """How many spans a cut at `at` goes through."""
        return bisect_left(self.starts, at) - bisect_right(self.ends, at)

    def edges(self, start: float, end: float, longest: float) -> tuple[float, ...]:
        """Where tiles at most `longest` long start and end, from `start` to `end`.

        Each tile ends in the last gap between spans before its end; without one, where it
        crosses the fewest spans in its second half, as far on as it can.
        """
        edges = [start]
        while end - edges[-1] > longest + SLACK:
            here = edges[-1]
            reach = here + longest
            places = [reach]  # a gap begins at a span's end and ends at a span's start
            for bounds in (self.ends, self.starts):
                places += bounds[bisect_right(bounds, here):bisect_right(bounds, reach)]
            places.sort(reverse=True)
            gap = next((at for at in places if not self.crossed(at)), None)
            if gap is None:
                half = here + longest / 2
                gap = min((at for at in places if at >= half), key=lambda at: (self.crossed(at), -at))
            edges.append(gap)
        edges.append(end)
        return tuple(edges)

    def even_edges(self, start: float, end: float, longest: float) -> tuple[float, ...]:
        """As `edges`, as many tiles, but cut for tiles as short as that many can be, so
        that the last one is not a sliver, unless that crosses more spans."""
        edges = self.edges(start, end, longest)
        crossed = self._crossings(edges)
        low, high = (end - start) / (len(edges) - 1), longest
        for _ in range(EVEN_STEPS):
            middle = (low + high) / 2
            trial = self.edges(start, end, middle)
            if len(trial) == len(edges) and self._crossings(trial) <= crossed:
                edges, high = trial, middle
            else:
                low = middle
        return edges

    def _crossings(self, edges: tuple[float, ...]) -> int:
        return sum(self.crossed(at) for at in edges[1:-1])


class TileCuts:
    """Cutting a picture into rows of tiles around `boxes` that must stay whole."""

    def __init__(self, boxes: Sequence[Box]):
        self.rows = AxisCuts((top, bottom) for _left, top, _right, bottom in boxes)
        self.boxes = sorted(boxes, key=lambda box: box[1])
        self.tops = [box[1] for box in self.boxes]
        self.tallest = max((bottom - top for _left, top, _right, bottom in boxes), default=0.0)

    def edges(self, left: float, right: float, bottom: float, width: float, height: float,
              even: bool = False) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
        """Tiles at most `width` x `height` over the picture from (left, 0) to (right, bottom):
        the rows' edges down, and for each row its tiles' edges across; `even` evens them
        out (see AxisCuts.even_edges), which takes some ten times as long. Rows evened out
        hold other boxes, and are kept only when their tiles are no more."""
        plain = self.rows.edges(0.0, bottom, height)
        if not even:
            return plain, tuple(self._row(top, below).edges(left, right, width) for top, below in pairwise(plain))
        best = None
        for rows in dict.fromkeys((self.rows.even_edges(0.0, bottom, height), plain)):  # evened first
            columns = tuple(self._row(top, below).even_edges(left, right, width) for top, below in pairwise(rows))
            tiles = sum(len(edges) - 1 for edges in columns)
            if best is None or tiles < best[0]:
                best = (tiles, rows, columns)
        return best[1], best[2]

    def _row(self, top: float, bottom: float) -> AxisCuts:
        """The cuts across the row from `top` to `bottom`: around the boxes that lie in it."""
        first = bisect_left(self.tops, top - self.tallest)
        last = bisect_left(self.tops, bottom)
        return AxisCuts((box[0], box[2]) for box in self.boxes[first:last] if box[3] > top)
