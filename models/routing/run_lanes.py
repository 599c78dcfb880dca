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
"""

from __future__ import annotations

import math

LANE_WIDTH = 256.0  # an area's width across the runs
LANE_BLOCK = 2048.0  # an area's length along them


class RunLanes:
    """For each axis, (area across, block along) -> {line: [runs on it there, lowest
    and highest reach along]}."""

    def __init__(self):
        self._areas: tuple[dict, dict] = ({}, {})

    def add(self, axis: int, at: float, low: float, high: float) -> None:
        areas, across = self._areas[axis], math.floor(at / LANE_WIDTH)
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

    def remove(self, axis: int, at: float, low: float, high: float) -> None:
        areas, across = self._areas[axis], math.floor(at / LANE_WIDTH)
        for block in range(math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK) + 1):
            lines = areas[(across, block)]
            count, reach_low, reach_high = lines[at]
            if count > 1:
                lines[at] = (count - 1, reach_low, reach_high)
            else:
                del lines[at]
                if not lines:
                    del areas[(across, block)]

    def lines(self, axis: int, low: float, high: float, along_low: float, along_high: float) -> set[float]:
        """The lines in the open (low, high) across on which some run may overlap the
        open stretch (along_low, along_high) along."""
        areas = self._areas[axis]
        first, last = math.floor(along_low / LANE_BLOCK), math.floor(along_high / LANE_BLOCK)
        found: set[float] = set()
        for across in range(math.floor(low / LANE_WIDTH), math.floor(high / LANE_WIDTH) + 1):
            for block in range(first, last + 1):
                lines = areas.get((across, block))
                if lines is None:
                    continue
                if first < block < last:  # every run here overlaps the stretch
                    found.update(lines)
                    continue
                for at, (_count, reach_low, reach_high) in lines.items():
                    if reach_low < along_high and reach_high > along_low:
                        found.add(at)
        return {at for at in found if low < at < high}
