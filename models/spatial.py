"""A bucket grid of axis-aligned rectangles: which ones may touch a given rectangle.

Cards, labels and route segments of a chain of 20,000 touchpoints are looked up
thousands of times while labels are placed; a grid of fixed cells answers each query
from the few rectangles near it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

Rect = tuple[float, float, float, float]  # left, top, right, bottom


class SpatialGrid:
    def __init__(self, cell: float = 256.0):
        self.cell = cell
        # A cell holds a handful of keys: a list takes a quarter of a set's memory.
        self._cells: dict[tuple[int, int], list[Hashable]] = {}
        self._rects: dict[Hashable, Rect] = {}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._rects

    def _span(self, rect: Rect) -> Iterator[tuple[int, int]]:
        cell = self.cell
        left, top, right, bottom = rect
        for column in range(int(left // cell), int(right // cell) + 1):
            for row in range(int(top // cell), int(bottom // cell) + 1):
                yield column, row

    def insert(self, key: Hashable, rect: Rect) -> None:
        self.remove(key)
        self._rects[key] = rect
        for place in self._span(rect):
            self._cells.setdefault(place, []).append(key)

    def remove(self, key: Hashable) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        for place in self._span(rect):
            keys = self._cells.get(place)
            if keys is not None:
                keys.remove(key)
                if not keys:
                    del self._cells[place]

    def rect(self, key: Hashable) -> Rect:
        return self._rects[key]

    def near(self, rect: Rect) -> set[Hashable]:
        """Keys whose rectangles may meet `rect` (those in the cells it covers)."""
        found: set[Hashable] = set()
        cells = self._cells
        for place in self._span(rect):
            keys = cells.get(place)
            if keys:
                found.update(keys)
        return found

    def overlapping(self, rect: Rect) -> list[Hashable]:
        """Keys whose rectangles overlap `rect` with a positive area."""
        left, top, right, bottom = rect
        rects, cell = self._rects, self.cell
        column, row = int(left // cell), int(top // cell)
        if column == int(right // cell) and row == int(bottom // cell):
            # Within one cell, as most queries are: no set of keys to build.
            candidates = self._cells.get((column, row), ())
        else:
            candidates = self.near(rect)
        return [
            key
            for key in candidates
            if (other := rects[key])[0] < right and left < other[2] and other[1] < bottom and top < other[3]
        ]
