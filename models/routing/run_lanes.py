"""The lines placed routes lie on, by coarse area: for a run tens of thousands of
pixels long, which lines across it other routes already use.

The run index (run_index.py) keeps every run by a fine bucket of its line and a
RUN_CELL stretch along it, which suits the short runs most questions are about. A
channel for a long run (channels.py) needs every line used anywhere along it, and in
a gap between card columns hundreds of short routes share a handful of lines (the
middle of the gap, a separation either side): here each coarse area keeps each line
once, with how many runs lie on it there and how far along they reach, so a long
question visits a few areas and a few distinct lines instead of every run in every
fine cell. The reach of a line is only ever widened (a run taken out leaves it), so
near the ends of a question the answer may hold a line a run has since left: a line
too many, never one too few.

Areas come in LEVELS, each block along BRANCH times as long as the one below: a run
is kept in the blocks it meets on every level, and a question takes the blocks wholly
inside its stretch from the coarsest level that fits (a run 70,000 px long meets
some 35 blocks of the finest level but a handful of the coarser ones). Why: a
chain's long handoffs each ask this along their whole length, and every coarse block
holds the lines of all the blocks it is made of only once. A block's lines are
exactly those of the finer blocks it is made of, so the answer is the same. Coarse
blocks keep only how many runs lie on each line (the reach matters only at the ends
of a question, which the finest blocks answer).
"""

from __future__ import annotations

import math

LANE_WIDTH = 256.0  # an area's width across the runs
LANE_BLOCK = 2048.0  # an area's length along them, on the finest level
BRANCH = 8  # finer blocks in a block of the next level
LEVELS = 3  # the coarsest blocks are LANE_BLOCK * BRANCH ** (LEVELS - 1) long (131,072 px)


class RunLanes:
    """For each axis and level, (area across, block along) -> {line: (runs on it
    there, lowest and highest reach along)} on the finest level, {line: runs on it
    there} on the coarser ones."""

    def __init__(self):
        self._areas: tuple[list[dict], list[dict]] = tuple([{} for _ in range(LEVELS)] for _axis in range(2))

    def add(self, axis: int, at: float, low: float, high: float) -> None:
        levels, across = self._areas[axis], math.floor(at / LANE_WIDTH)
        areas = levels[0]
        for block in range(math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK) + 1):
            lines = areas.get((across, block))
            if lines is None:
                areas[(across, block)] = {at: (1, low, high)}
                continue
            line = lines.get(at)
            if line is None:
                lines[at] = (1, low, high)
            else:  # (tuples of numbers: the collector soon stops looking at them)
                count, reach_low, reach_high = line
                lines[at] = (count + 1, low if low < reach_low else reach_low, high if high > reach_high else reach_high)
        length = LANE_BLOCK
        for level in range(1, LEVELS):
            length *= BRANCH
            areas = levels[level]
            for block in range(math.floor(low / length), math.floor(high / length) + 1):
                lines = areas.get((across, block))
                if lines is None:
                    areas[(across, block)] = {at: 1}
                else:
                    lines[at] = lines.get(at, 0) + 1

    def remove(self, axis: int, at: float, low: float, high: float) -> None:
        levels, across = self._areas[axis], math.floor(at / LANE_WIDTH)
        areas = levels[0]
        for block in range(math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK) + 1):
            lines = areas[(across, block)]
            count, reach_low, reach_high = lines[at]
            if count > 1:
                lines[at] = (count - 1, reach_low, reach_high)
            else:
                del lines[at]
                if not lines:
                    del areas[(across, block)]
        length = LANE_BLOCK
        for level in range(1, LEVELS):
            length *= BRANCH
            areas = levels[level]
            for block in range(math.floor(low / length), math.floor(high / length) + 1):
                lines = areas[(across, block)]
                if lines[at] > 1:
                    lines[at] -= 1
                else:
                    del lines[at]
                    if not lines:
                        del areas[(across, block)]

    def lines(self, axis: int, low: float, high: float, along_low: float, along_high: float) -> set[float]:
        """The lines in the open (low, high) across on which some run may overlap the
        open stretch (along_low, along_high) along."""
        levels = self._areas[axis]
        finest = levels[0]
        first, last = math.floor(along_low / LANE_BLOCK), math.floor(along_high / LANE_BLOCK)
        inside = _whole_blocks(first + 1, last - 1)
        found: set[float] = set()
        for across in range(math.floor(low / LANE_WIDTH), math.floor(high / LANE_WIDTH) + 1):
            for level, block in inside:  # every run here overlaps the stretch
                lines = levels[level].get((across, block))
                if lines is not None:
                    found.update(lines)
            for block in ((first, last) if last > first else (first,)):
                lines = finest.get((across, block))
                if lines is None:
                    continue
                for at, (_count, reach_low, reach_high) in lines.items():
                    if reach_low < along_high and reach_high > along_low:
                        found.add(at)
        return {at for at in found if low < at < high}


def _whole_blocks(first: int, last: int) -> list[tuple[int, int]]:
    """(level, block) of the fewest blocks that make up the finest blocks first..last
    (none when last < first): the coarsest that fit wholly, finer ones at the ends."""
    blocks = []
    level = 0
    while first <= last:
        if level == LEVELS - 1:
            blocks.extend((level, block) for block in range(first, last + 1))
            break
        while first <= last and first % BRANCH:
            blocks.append((level, first))
            first += 1
        while first <= last and (last + 1) % BRANCH:
            blocks.append((level, last))
            last -= 1
        first, last = first // BRANCH, (last + 1) // BRANCH - 1
        level += 1
    return blocks
