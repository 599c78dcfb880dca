"""A bucket grid of axis-aligned rectangles: which ones may touch a given rectangle.

Cards, labels and route segments of a chain of 20,000 touchpoints are looked up
thousands of times while labels are placed; a grid of fixed cells answers each query
from the few rectangles near it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

Rect = tuple[float, float, float, float]  # left, top, right, bottom
LONG = 4  # a rectangle longer than this many cells is kept in the coarse cells
COARSE = 4  # a coarse cell is this many cells wide and high (larger ones hold so many
# long rectangles that placing labels slows down)


class LastingTable(dict):
    """A dict that Python's garbage collector always tracks, for the large tables a
    router or label placer keeps as long as the chain is open.

    At a full collection CPython stops tracking a plain dict whose keys and values hold
    no containers (ints and tuples of numbers and strings, as these tables do), and
    tracks it again, as if new, as soon as a new tuple is stored: the next young
    collections then walk all of it. For the router's 221,000 run buckets at 20,000
    touchpoints that was 27 ms on the first card moved after every full collection. A
    subclass is never untracked, so it stays with the old objects (or frozen with the
    canvas, see models.collector) and the young collections never see it."""

    __slots__ = ()


def bucket_add(cells: dict, place: Hashable, item: Hashable) -> None:
    """Add `item` to the tuple kept at `place` (a cell holds a handful of items: a
    tuple takes less memory than a list, a quarter of a set's)."""
    bucket = cells.get(place)
    cells[place] = (item,) if bucket is None else bucket + (item,)


def bucket_remove(cells: dict, place: Hashable, item: Hashable) -> None:
    """Take `item` out of the tuple kept at `place`, and the cell with its last item."""
    bucket = cells.get(place)
    if bucket is None:
        return
    index = bucket.index(item)
    if len(bucket) == 1:
        del cells[place]
    else:
        cells[place] = bucket[:index] + bucket[index + 1:]


class SpatialGrid:
    def __init__(self, cell: float = 256.0):
        self.cell = cell
        # A long rectangle (a route's segment across many lanes) would take a place in
        # dozens of cells; it goes into cells COARSE times larger instead.
        # A cell holds a tuple of keys (bucket_add), and is named by one int (see
        # _span), not a tuple.
        self._cells: dict[int, tuple[Hashable, ...]] = LastingTable()
        self._coarse: dict[int, tuple[Hashable, ...]] = LastingTable()
        self._rects: dict[Hashable, Rect] = LastingTable()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._rects

    def _level(self, rect: Rect) -> tuple[dict, int]:
        """The cells `rect` is kept in, and how many fine cells one of them spans."""
        left, top, right, bottom = rect
        cell = self.cell
        if right - left > LONG * cell or bottom - top > LONG * cell:
            return self._coarse, COARSE
        return self._cells, 1

    def _span(self, rect: Rect, group: int) -> Iterator[int]:
        """The cells of `group` fine cells a side that `rect` touches (counted from the
        fine cells, so a fine cell always lies in the coarse cell the query looks at),
        each as (column << 32) + row: unique while a row number stays under 2 ** 31."""
        left, top, right, bottom = rect
        cell = self.cell
        for column in range(int(left // cell) // group, int(right // cell) // group + 1):
            for row in range(int(top // cell) // group, int(bottom // cell) // group + 1):
                yield (column << 32) + row

    def insert(self, key: Hashable, rect: Rect) -> None:
        if key in self._rects:
            self.remove(key)
        self._rects[key] = rect
        cells, group = self._level(rect)
        for place in self._span(rect, group):
            bucket_add(cells, place, key)

    def remove(self, key: Hashable) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        cells, group = self._level(rect)
        for place in self._span(rect, group):
            bucket_remove(cells, place, key)

    def rect(self, key: Hashable) -> Rect:
        return self._rects[key]

    def near(self, rect: Rect) -> set[Hashable]:
        """Keys whose rectangles may meet `rect` (those in the cells it covers, as _span
        names them). A column's cells are consecutive ints, looked up in C: a route's
        segment across many lanes covers hundreds of cells, most of them empty."""
        found: set[Hashable] = set()
        left, top, right, bottom = rect
        cell = self.cell
        first_column, last_column = int(left // cell), int(right // cell)
        first_row, last_row = int(top // cell), int(bottom // cell)
        for cells, group in ((self._cells, 1), (self._coarse, COARSE)):
            if cells:
                row_start, row_stop = first_row // group, last_row // group + 1
                for column in range(first_column // group, last_column // group + 1):
                    base = column << 32
                    for keys in filter(None, map(cells.get, range(base + row_start, base + row_stop))):
                        found.update(keys)
        return found

    def overlapping(self, rect: Rect) -> list[Hashable]:
        """Keys whose rectangles overlap `rect` with a positive area."""
        left, top, right, bottom = rect
        rects, cell = self._rects, self.cell
        column, row = int(left // cell), int(top // cell)
        if column == int(right // cell) and row == int(bottom // cell):
            # Within one cell, as most queries are: no set of keys to build (a key is
            # kept in one fine cell or one coarse cell, never both).
            coarse = self._coarse.get(((column // COARSE) << 32) + row // COARSE, ())  # as _span names cells
            candidates = [*self._cells.get((column << 32) + row, ()), *coarse]
        else:
            candidates = self.near(rect)
        return [
            key
            for key in candidates
            if (other := rects[key])[0] < right and left < other[2] and other[1] < bottom and top < other[3]
        ]
