"""The lines placed routes lie on, by block along them: for a run tens of thousands of
pixels long, which lines across it other routes already use.

The run index (run_index.py) keeps every run by a fine bucket of its line and a
RUN_CELL stretch along it, which suits the short runs most questions are about. A
channel for a long run (channels.py) needs every line used anywhere along it, and in
a gap between card columns hundreds of short routes share a handful of lines (the
middle of the gap, a separation either side): here each block (LANE_WIDTH across,
a length along) keeps each line once, sorted, with how many runs lie on it there, so
a long question takes the lines in its range from a few blocks by bisection instead
of visiting every run in every fine cell.

Blocks come in LEVELS, each BRANCH times as long as the one below: a run is kept in
the blocks it meets on every level, and a question takes the blocks wholly inside its
stretch from the coarsest level that fits (a run 70,000 px long meets some 35 blocks
of the finest level but a handful of the coarser ones). A block's lines are exactly
those of the finer blocks it is made of, so the answer is the same as theirs.

Only where a question ends inside a block does it matter how far along a line's runs
reach: the finest blocks keep that too. The reach of a line is only ever widened (a
run taken out leaves it), so near the ends of a question the answer may hold a line
a run has since left: a line too many, never one too few.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort

LANE_WIDTH = 2048.0  # a block's width across the runs: its sorted lines stay short to insert into
LANE_BLOCK = 2048.0  # a block's length along the runs, on the finest level
BRANCH = 8  # finer blocks in a block of the next level
LEVELS = 3  # the coarsest blocks are LANE_BLOCK * BRANCH ** (LEVELS - 1) long (131,072 px)


class _Block:
    """The lines runs meeting one block lie on: `lines` sorted, and for each, in `runs`,
    how many runs (the finest level: how many, and their lowest and highest reach)."""

    __slots__ = ("lines", "runs")

    def __init__(self):
        self.lines: list[float] = []
        self.runs: dict[float, int | tuple[int, float, float]] = {}

    def between(self, low: float, high: float) -> list[float]:
        """The lines in the open (low, high)."""
        lines = self.lines
        return lines[bisect_right(lines, low):bisect_left(lines, high)]


class RunLanes:
    """For each axis and level, (block across, block along) -> _Block."""

    def __init__(self):
        self._levels: tuple[list[dict], list[dict]] = tuple([{} for _ in range(LEVELS)] for _axis in range(2))

    def add(self, axis: int, at: float, low: float, high: float) -> None:
        levels, across = self._levels[axis], math.floor(at / LANE_WIDTH)
        blocks = levels[0]
        for number in range(math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK) + 1):
            block = blocks.get((across, number))
            if block is None:
                block = blocks[(across, number)] = _Block()
            runs = block.runs
            line = runs.get(at)
            if line is None:
                runs[at] = (1, low, high)
                insort(block.lines, at)
            else:  # (tuples of numbers: the collector soon stops looking at them)
                count, reach_low, reach_high = line
                runs[at] = (count + 1, low if low < reach_low else reach_low, high if high > reach_high else reach_high)
        length = LANE_BLOCK
        for level in range(1, LEVELS):
            length *= BRANCH
            blocks = levels[level]
            for number in range(math.floor(low / length), math.floor(high / length) + 1):
                block = blocks.get((across, number))
                if block is None:
                    block = blocks[(across, number)] = _Block()
                runs = block.runs
                count = runs.get(at)
                if count is None:
                    runs[at] = 1
                    insort(block.lines, at)
                else:
                    runs[at] = count + 1

    def remove(self, axis: int, at: float, low: float, high: float) -> None:
        length, across = LANE_BLOCK, math.floor(at / LANE_WIDTH)
        for level, blocks in enumerate(self._levels[axis]):
            for number in range(math.floor(low / length), math.floor(high / length) + 1):
                block = blocks[(across, number)]
                runs = block.runs
                line = runs[at]
                if level == 0:
                    count, reach_low, reach_high = line
                    if count > 1:
                        runs[at] = (count - 1, reach_low, reach_high)
                        continue
                elif line > 1:
                    runs[at] = line - 1
                    continue
                del runs[at]
                lines = block.lines
                del lines[bisect_left(lines, at)]
                if not lines:
                    del blocks[(across, number)]
            length *= BRANCH

    def lines(self, axis: int, low: float, high: float, along_low: float, along_high: float) -> set[float]:
        """The lines in the open (low, high) across on which some run may overlap the
        open stretch (along_low, along_high) along."""
        levels = self._levels[axis]
        finest = levels[0]
        first, last = math.floor(along_low / LANE_BLOCK), math.floor(along_high / LANE_BLOCK)
        found: set[float] = set()
        inside = _whole_blocks(first + 1, last - 1)
        ends = (first, last) if last > first else (first,)
        acrosses = range(math.floor(low / LANE_WIDTH), math.floor(high / LANE_WIDTH) + 1)
        for across in acrosses:
            for level, number in inside:  # every run here overlaps the stretch
                block = levels[level].get((across, number))
                if block is not None:
                    found.update(block.between(low, high))
        # The blocks the stretch ends in: a line's reach there decides, but most lines
        # of a long stretch are found inside it already (long runs), so only the rest
        # are looked at.
        for across in acrosses:
            for number in ends:
                block = finest.get((across, number))
                if block is None:
                    continue
                runs = block.runs
                for at in block.between(low, high):
                    if at in found:
                        continue
                    _count, reach_low, reach_high = runs[at]
                    if reach_low < along_high and reach_high > along_low:
                        found.add(at)
        return found


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
