"""The Router's index of placed runs: every segment of every route, and every port's
reserved line (a stub), by line and stretch along it, so that "no two routes share a
line" is a quick look-up (`_conflict`), and so are the routes near a card or crossing
a label."""

from __future__ import annotations

import math
from functools import partial

from models.routing.constants import (
    CLEARANCE, LONG_RUN, RUN_BUCKET, RUN_CELL, SEPARATION, TOUCH, Box, Point,
)
from models.routing.run_lanes import RunLanes
from models.spatial import bucket_remove

# A bucket of the index is named by one int, (row << 32) + cell, not a (row, cell)
# tuple: a large chain's index has some 22,000 buckets, and an int is less memory and
# quicker to hash; a question walks a row's cells as a range of ints. Unique while a
# cell number stays within +-2 ** 31 (cells are RUN_CELL long). A bucket holds a tuple
# of runs (models.spatial.bucket_add): a handful (four in most, at most some fifty, at
# 20,000 touchpoints), and a tuple is smaller than a list.
_ROW = 1 << 32


def _run_cells(low: float, high: float) -> range:
    """The stretches of RUN_CELL along its line that a run from `low` to `high` lies in."""
    return range(math.floor(low / RUN_CELL), math.floor(high / RUN_CELL) + 1)


def _keys(row: int, cells: range) -> range:
    """The bucket keys of these cells in `row` (in the order of the cells)."""
    start = row * _ROW
    return range(start + cells.start, start + cells.stop)


def _column_keys(row_lo: int, row_hi: int, cell: int) -> range:
    """The bucket keys of one cell along in the rows from `row_lo` to `row_hi`: a row
    apart, so one range, which a question maps to the table in C."""
    return range(row_lo * _ROW + cell, row_hi * _ROW + cell + 1, _ROW)


def route_runs_on_lines(runs: tuple[dict, dict], axis: int, lines: set[float], low: float, high: float):
    """Yield (line, low, high) of the routes' runs in `runs` (the index's tables) on the
    `lines` in the cells from `low` to `high` along (and maybe of some that lie just
    beyond). Each bucket once, however many of the lines lie in it."""
    get = runs[axis].get
    cells = _run_cells(low, high)
    for row in {math.floor(at / RUN_BUCKET) for at in lines}:
        for key in _keys(row, cells):
            for other_at, other_low, other_high, _owner, stub, _axis in get(key, ()):
                if other_at in lines and not stub:
                    yield other_at, other_low, other_high


class RunIndex:
    """Runs of routes and stubs, by line; part of Router (models.routing.router)."""

    def _index(self, link_id: str, points: list[Point], entries: list[tuple]) -> None:
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if y0 == y1:
                self._index_run(0, y0, min(x0, x1), max(x0, x1), link_id, entries)
            else:
                self._index_run(1, x0, min(y0, y1), max(y0, y1), link_id, entries)

    def _index_run(self, axis: int, at: float, low: float, high: float, link_id: str, entries: list,
                   stub: bool = False) -> None:
        """Put a run into the index, and into `entries`, the link's list of what to take
        out again. A run is (at, low, high, link id, stub, axis): its axis in it, not
        in a pair beside it (the index keeps some 160,000 runs at 20,000 touchpoints)."""
        table = self._runs[axis]
        entry = (at, low, high, link_id, stub, axis)
        get = table.get
        first, last = math.floor(low / RUN_CELL), math.floor(high / RUN_CELL)  # _run_cells, inline
        row = math.floor(at / RUN_BUCKET) * _ROW
        for key in range(row + first, row + last + 1):  # _keys, inline
            runs = get(key)
            table[key] = (entry,) if runs is None else runs + (entry,)  # bucket_add, inline
        entries.append(entry)
        if self._lanes is not None and not stub:
            self._lanes.add(axis, at, low, high)

    def _unindex(self, entries: list[tuple]) -> None:
        lanes = self._lanes
        for entry in entries:
            at, low, high, _owner, stub, axis = entry
            table = self._runs[axis]
            for key in _keys(math.floor(at / RUN_BUCKET), _run_cells(low, high)):
                bucket_remove(table, key, entry)
            if lanes is not None and not stub:
                lanes.remove(axis, at, low, high)  # (after: it asks the index what is left)

    def _unroute(self, link_id: str) -> None:
        route = self.routes.pop(link_id, None)
        if self._previous is not None and link_id not in self._previous:
            self._previous[link_id] = route
        entries = self._placed.pop(link_id, None)
        if entries:
            self._unindex(entries)

    def _stub_runs(self, axis: int, at: float, low: float, high: float, link_id: str) -> list[tuple]:
        """Other links' reserved port lines along this run (within TOUCH)."""
        found = []
        get = self._runs[axis].get
        first, stop = math.floor((low - 1) / RUN_CELL), math.floor((high + 1) / RUN_CELL) + 1  # the cells along
        for bucket in range(math.floor((at - TOUCH) / RUN_BUCKET), math.floor((at + TOUCH) / RUN_BUCKET) + 1):
            for key in range(bucket * _ROW + first, bucket * _ROW + stop):  # _keys, inline
                for entry in get(key, ()):
                    if (entry[4] and entry[3] != link_id and abs(entry[0] - at) < TOUCH
                            and entry[1] < high + 1 and entry[2] > low - 1):
                        found.append(entry)
        return found

    def _stub_conflicts(self, link_id: str) -> list[str]:
        """Links whose routes run along one of this link's reserved stubs."""
        found: dict[str, None] = {}
        for at, low, high, _owner, _stub, axis in self._stubs.get(link_id, ()):
            for other in self._sharing(axis, at, low, high, TOUCH, link_id):
                if other in self.routes:
                    found[other] = None
        return list(found)

    def _sharing(self, axis: int, at: float, low: float, high: float, gap: float, link_id: str | None):
        """Yield (link id) of runs of other links along the same line within `gap` that
        overlap [low, high] (or end less than a pixel from it)."""
        get = self._runs[axis].get
        first, stop = math.floor((low - 1) / RUN_CELL), math.floor((high + 1) / RUN_CELL) + 1  # the cells along
        for bucket in range(math.floor((at - gap) / RUN_BUCKET), math.floor((at + gap) / RUN_BUCKET) + 1):
            for key in range(bucket * _ROW + first, bucket * _ROW + stop):  # _keys, inline
                entries = get(key)
                if entries is None:
                    continue
                for other_at, other_low, other_high, owner, _stub, _axis in entries:
                    if owner != link_id and abs(other_at - at) < gap and other_low < high + 1 and other_high > low - 1:
                        yield owner

    def _conflict(self, axis: int, at: float, low: float, high: float, gap: float, link_id: str) -> float | None:
        """The coordinate of a run of another link too near this one, or None."""
        get = self._runs[axis].get
        lowest, highest = low - 1, high + 1
        first, last = math.floor(lowest / RUN_CELL), math.floor(highest / RUN_CELL)
        for bucket in range(math.floor((at - gap) / RUN_BUCKET), math.floor((at + gap) / RUN_BUCKET) + 1):
            row = bucket * _ROW
            for other_at, other_low, other_high, owner, _stub, _axis in get(row + first, ()):
                # the line first: most runs in a bucket lie on other lines
                if -gap < other_at - at < gap and other_low < highest and other_high > lowest and owner != link_id:
                    return other_at
            if last == first:
                continue
            # The cells inside the stretch, in order: every run in them overlaps it. A long
            # run's question is mostly such cells, most of them empty: looked up in C.
            for entries in filter(None, map(get, range(row + first + 1, row + last))):
                for other_at, _low, _high, owner, _stub, _axis in entries:
                    if -gap < other_at - at < gap and owner != link_id:
                        return other_at
            for other_at, other_low, other_high, owner, _stub, _axis in get(row + last, ()):
                if -gap < other_at - at < gap and other_low < highest and other_high > lowest and owner != link_id:
                    return other_at
        return None

    def _runs_meeting(self, axis: int, stretches: list[tuple[float, float]], span_low: float, span_high: float,
                      gap: float, link_id: str) -> set[float]:
        """The lines of other links' runs (and stubs) along `axis` that a run from
        `span_low` to `span_high`, on a line in one of the `stretches` (closed, sorted),
        would come nearer than `gap` to (see _conflict). For a long run, from the lanes
        (run_lanes.py), which leave out the ports' reserved lines (a long run along one
        would meet its card first): whatever it misses, `_fits` still does not."""
        if span_high - span_low <= LONG_RUN:
            found = set()
            for low, high in stretches:
                found |= self._lines_in_cells(axis, low - gap, high + gap, span_low - 1, span_high + 1, link_id)
            return found
        found = self._run_lanes().lines(axis, [(low - gap, high + gap) for low, high in stretches],
                                        span_low - 1, span_high + 1)
        for at, _low, _high, _owner, _stub, own_axis in self._placed.get(link_id, ()):
            if own_axis == axis and at in found and not self._others_on_line(axis, at, span_low - 1, span_high + 1,
                                                                             link_id):
                found.discard(at)  # the link's own run alone
        return found

    def _others_on_line(self, axis: int, at: float, low: float, high: float, link_id: str) -> bool:
        """Whether a run of another link's route (as the lanes hold them: no stubs) lies
        on line `at` itself and overlaps the open stretch (low, high)."""
        get = self._runs[axis].get
        for key in _keys(math.floor(at / RUN_BUCKET), _run_cells(low, high)):
            for other_at, other_low, other_high, owner, stub, _axis in get(key, ()):
                if other_at == at and owner != link_id and not stub and other_low < high and other_high > low:
                    return True
        return False

    def _lines_in_cells(self, axis: int, lowest: float, highest: float, along_low: float, along_high: float,
                        link_id: str) -> set[float]:
        """The lines in the open (lowest, highest) of other links' runs that overlap
        the open stretch (along_low, along_high) along, from the fine cells."""
        get = self._runs[axis].get
        found = set()
        add = found.add
        row_lo, row_hi = math.floor(lowest / RUN_BUCKET), math.floor(highest / RUN_BUCKET)
        for cell in range(math.floor(along_low / RUN_CELL), math.floor(along_high / RUN_CELL) + 1):
            for entries in filter(None, map(get, _column_keys(row_lo, row_hi, cell))):
                for other_at, other_low, other_high, owner, _stub, _axis in entries:
                    if (other_low < along_high and other_high > along_low and lowest < other_at < highest
                            and owner != link_id):
                        add(other_at)
        return found

    def _clear_along(self, axis: int, at: float, start: float, end: float, gap: float, link_id: str) -> float:
        """How far a run on line `at` from `start` towards `end` may go before it comes
        nearer than `gap` to another link's run (see _conflict): `end` when it never
        does, `start` when it does at once."""
        get = self._runs[axis].get
        low, high = min(start, end), max(start, end)
        forward = end >= start
        reach = end
        first, stop = math.floor((low - 1) / RUN_CELL), math.floor((high + 1) / RUN_CELL) + 1  # the cells along
        for bucket in range(math.floor((at - gap) / RUN_BUCKET), math.floor((at + gap) / RUN_BUCKET) + 1):
            for key in range(bucket * _ROW + first, bucket * _ROW + stop):  # _keys, inline
                for other_at, other_low, other_high, owner, _stub, _axis in get(key, ()):
                    if -gap < other_at - at < gap and other_low < high + 1 and other_high > low - 1 \
                            and owner != link_id:
                        if forward:
                            reach = min(reach, max(start, other_low - 1.01))
                        else:
                            reach = max(reach, min(start, other_high + 1.01))
        return reach

    def _run_lanes(self) -> RunLanes:
        """The lines of the runs by coarse area: made on the first long question, then
        kept up to date with the index."""
        if self._lanes is None:
            # (the tables, not a method of the router: the lanes would hold the router
            # in a cycle, which only a collection frees, and the collector is frozen)
            self._lanes = RunLanes(partial(route_runs_on_lines, self._runs))
            for entries in self._placed.values():
                for at, low, high, _owner, _stub, axis in entries:
                    self._lanes.add(axis, at, low, high)
        return self._lanes

    def _runs_near(self, box: Box) -> list[str]:
        """Links with a route segment through the box grown by the clearance."""
        left, top, right, bottom = box
        left, top, right, bottom = left - CLEARANCE, top - CLEARANCE, right + CLEARANCE, bottom + CLEARANCE
        found: dict[str, None] = {}
        for at, low, high, owner, _stub, axis in self._runs_in(left, top, right, bottom, 0.0):
            if axis == 0:
                inside = top < at < bottom and low < right and high > left
            else:
                inside = left < at < right and low < bottom and high > top
            if inside and owner in self.routes:
                found[owner] = None
        return list(found)

    def _runs_in(self, x_lo, y_lo, x_hi, y_hi, margin: float = SEPARATION):
        """The runs (see _index_run) of routes and stubs that may lie within `margin` of
        the area and reach within a pixel of it along their line, each once, row by row."""
        for axis in (0, 1):
            a_lo, a_hi, b_lo, b_hi = (y_lo, y_hi, x_lo, x_hi) if axis == 0 else (x_lo, x_hi, y_lo, y_hi)
            first, stop = math.floor(b_lo / RUN_CELL), math.floor(b_hi / RUN_CELL) + 1  # the cells along
            row_lo, row_hi = math.floor((a_lo - margin) / RUN_BUCKET), math.floor((a_hi + margin) / RUN_BUCKET)
            lowest, highest = b_lo - 1, b_hi + 1
            get = self._runs[axis].get
            # The look-ups in C: a search's window has thousands of buckets, most empty.
            # A run lies in one row, and in each cell along that it reaches: asked of one
            # cell, the index holds it once, and the rows' keys are one range.
            if stop - first == 1:
                buckets = filter(None, map(get, _column_keys(row_lo, row_hi, first)))
                seen = None
            else:
                cells = range(first, stop)
                buckets = (entries for row in range(row_lo, row_hi + 1)
                           for entries in filter(None, map(get, _keys(row, cells))))
                seen = set()
            for entries in buckets:
                for entry in entries:
                    # A cell is 16,384 px long: in a narrow window, most of its runs lie
                    # beside it (a search down a gap met 11,000 runs, 600 inside).
                    if entry[1] < highest and entry[2] > lowest:
                        if seen is None:
                            yield entry
                        elif entry not in seen:
                            seen.add(entry)
                            yield entry
