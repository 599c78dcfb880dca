"""The lines placed routes lie on, by lane along them: for a run tens of thousands of
pixels long, which lines across it other routes already use.

The run index (run_index.py) keeps every run by a fine bucket of its line and a
RUN_CELL stretch along it, which suits the short runs most questions are about. A
channel for a long run (channels.py) needs every line used anywhere along it, and in
a gap between card columns hundreds of short routes share a handful of lines (the
middle of the gap, a separation either side).

Along its line, a run meets blocks LANE_BLOCK long. A lane (LANE_WIDTH across, LANE
blocks along) keeps its lines once each, sorted, and for each line a bit mask of the
blocks some run on it meets now. A long question takes the lines in its range from
the lane by bisection and keeps those whose mask meets the blocks wholly inside its
stretch: one test a line, however long the stretch, where asking block by block
would gather every line once per block (a run down a 70,000 px gap meets 35 blocks).

Only where a question ends inside a block does it matter how far along a line's runs
reach: there the run index itself is asked, for the runs on that line in the block's
cells (two of them). It is asked too when a run is taken out, whether another run on its
line still meets each block it met. So the lanes keep no more than a bit for each line
and block, and every answer is exact: a reckoning kept beside each (line, block) took
38 MB at 20,000 touchpoints.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from operator import and_

from models.spatial import LastingTable

LANE_WIDTH = 2048.0  # a lane's width across the runs: its sorted lines stay short to insert into
LANE_BLOCK = 2048.0  # a block's length along the runs: where a question's ends are looked at closely
LANE = 64  # blocks along in a lane (the bits of a line's mask): 131,072 px


class _Lane:
    """The lines some run in one lane lies on, sorted, and beside each (in `masks`)
    the bits of the lane's blocks that runs on it meet now (bit k: the lane's block k)."""

    __slots__ = ("lines", "masks")

    def __init__(self):
        self.lines: list[float] = []
        self.masks: list[int] = []


class RunLanes:
    """For each axis: (lane across, lane along) -> _Lane. `runs_on_lines(axis, lines,
    low, high)` is the run index's word (run_index.py): the (line, low, high) of every
    run of a route on one of the `lines` in the index's cells from `low` to `high`, and
    maybe others."""

    def __init__(self, runs_on_lines: Callable[[int, set[float], float, float],
                                               Iterable[tuple[float, float, float]]]):
        self._lanes: tuple[dict, dict] = (LastingTable(), LastingTable())
        self._runs_on_lines = runs_on_lines

    def add(self, axis: int, at: float, low: float, high: float) -> None:
        first, last = math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK)
        lanes, across = self._lanes[axis], math.floor(at / LANE_WIDTH)
        for along in range(first // LANE, last // LANE + 1):
            lane = lanes.get((across, along))
            if lane is None:
                lane = lanes[(across, along)] = _Lane()
            base = along * LANE
            bits = _bits(max(first, base), min(last, base + LANE - 1), base)
            lines = lane.lines
            index = bisect_left(lines, at)
            if index < len(lines) and lines[index] == at:
                lane.masks[index] |= bits
            else:
                lines.insert(index, at)
                lane.masks.insert(index, bits)

    def remove(self, axis: int, at: float, low: float, high: float) -> None:
        """Take out a run the run index no longer holds."""
        first, last = math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK)
        # the blocks no run on this line meets any more, from one question for all of them
        # (a run down a long gap meets dozens of blocks)
        met: set[int] = set()
        for _at, run_low, run_high in self._runs_on_lines(axis, {at}, first * LANE_BLOCK, (last + 1) * LANE_BLOCK):
            met.update(range(max(first, math.floor(run_low / LANE_BLOCK)),
                             min(last, math.floor(run_high / LANE_BLOCK)) + 1))
        left = [number for number in range(first, last + 1) if number not in met]
        if not left:
            return
        lanes, across = self._lanes[axis], math.floor(at / LANE_WIDTH)
        for along in range(left[0] // LANE, left[-1] // LANE + 1):
            key = (across, along)
            lane = lanes[key]
            base = along * LANE
            bits = 0
            for number in left:
                if base <= number < base + LANE:
                    bits |= 1 << (number - base)
            lines, masks = lane.lines, lane.masks
            index = bisect_left(lines, at)
            masks[index] &= ~bits
            if not masks[index]:
                del lines[index]
                del masks[index]
                if not lines:
                    del lanes[key]

    def lines(self, axis: int, ranges: list[tuple[float, float]], along_low: float,
              along_high: float) -> set[float]:
        """The lines in the open `ranges` across on which some run overlaps the open
        stretch (along_low, along_high) along."""
        lanes = self._lanes[axis]
        first, last = math.floor(along_low / LANE_BLOCK), math.floor(along_high / LANE_BLOCK)
        found: set[float] = set()
        at_ends: set[float] = set()  # lines some run on which meets a block the stretch ends in
        # each lane across with the ranges that meet it (a window's free stretches lie a few to a lane)
        across_ranges: dict[int, list[tuple[float, float]]] = {}
        for low, high in ranges:
            for across in range(math.floor(low / LANE_WIDTH), math.floor(high / LANE_WIDTH) + 1):
                across_ranges.setdefault(across, []).append((low, high))
        for along in range(first // LANE, last // LANE + 1):
            base = along * LANE
            # every run meeting a block wholly inside the stretch overlaps it
            inside = _bits(max(first + 1, base), min(last - 1, base + LANE - 1), base)
            ends = 0
            for number in (first, last):
                if base <= number < base + LANE:
                    ends |= 1 << (number - base)
            for across, lane_ranges in across_ranges.items():
                lane = lanes.get((across, along))
                if lane is None:
                    continue
                all_lines, all_masks = lane.lines, lane.masks
                for low, high in lane_ranges:
                    start, stop = bisect_right(all_lines, low), bisect_left(all_lines, high)
                    if start == stop:
                        continue
                    lines, masks = all_lines[start:stop], all_masks[start:stop]
                    # (the masks tested in C: a tall question has hundreds of lines)
                    if inside:
                        found.update(compress(lines, map(and_, masks, repeat(inside))))
                    if ends:
                        at_ends.update(compress(lines, map(and_, masks, repeat(ends))))
        # The blocks the stretch ends in: the runs on the line there decide, but most
        # lines of a long stretch are found inside it already (long runs).
        # A gap's lines lie a few to a bucket of the index: each end block's buckets are
        # read once for all of them.
        for number in (first, last) if last > first else (first,):
            at_ends -= found
            if not at_ends:
                break
            start, end = max(along_low, number * LANE_BLOCK), min(along_high, (number + 1) * LANE_BLOCK)
            for at, run_low, run_high in self._runs_on_lines(axis, at_ends, start, end):
                if run_low < along_high and run_high > along_low:
                    found.add(at)
        return found


def _bits(first: int, last: int, base: int) -> int:
    """The mask of blocks first..last of a lane whose block 0 is `base` (0 when last < first)."""
    if last < first:
        return 0
    return ((1 << (last - first + 1)) - 1) << (first - base)
