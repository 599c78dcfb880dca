"""The run index answers "which lines do other routes use along this long run" from its
lanes (models.routing.run_lanes) with every line the routes' runs themselves say,
after runs come and go, the link's own runs aside; a line too many only near the
run's ends."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from models.routing import Router
from models.routing.constants import LONG_RUN
from models.routing.run_lanes import LANE_BLOCK, RunLanes

SPAN = 40_000.0


@st.composite
def runs(draw):
    """(axis, line, low, high, owner): short and long runs, many on shared lines."""
    axis = draw(st.integers(0, 1))
    line = draw(st.one_of(st.sampled_from([100.0, 108.0, 116.0, 2050.0]), st.floats(0, 3000, allow_nan=False)))
    low = draw(st.floats(-1000, SPAN, allow_nan=False))
    high = low + draw(st.one_of(st.floats(0, 400, allow_nan=False), st.floats(0, SPAN, allow_nan=False)))
    return axis, line, low, high, draw(st.sampled_from(["a", "b", "c"]))


def lines_said_by_runs(router: Router, axis, low, high, span_low, span_high, gap, link_id) -> set[float]:
    """What _runs_meeting must find: every run's own word (see _conflict)."""
    found = set()
    for entries in router._placed.values():
        for at, run_low, run_high, owner, _stub, run_axis in entries:
            if (run_axis == axis and owner != link_id and low - gap < at < high + gap
                    and run_low < span_high + 1 and run_high > span_low - 1):
                found.add(at)
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(runs(), min_size=1, max_size=60), st.data())
def test_the_lanes_find_every_line_the_runs_are_on(placed, data):
    router = Router({}, [])
    entries = []
    for axis, line, low, high, owner in placed:
        entry: list = []
        router._index_run(axis, line, low, high, owner, entry)
        router._placed.setdefault(owner, []).extend(entry)
        entries.append((owner, entry[0]))
    router._run_lanes()  # from here on the lanes follow every change
    for number in data.draw(st.lists(st.integers(0, len(entries) - 1), unique=True)):
        owner, entry = entries[number]
        router._unindex([entry])
        router._placed[owner].remove(entry)
    for _ in range(5):
        axis = data.draw(st.integers(0, 1))
        low = data.draw(st.floats(0, 3000, allow_nan=False))
        high = low + data.draw(st.floats(0, 600, allow_nan=False))
        span_low = data.draw(st.floats(-2000, SPAN, allow_nan=False))
        span_high = span_low + data.draw(st.floats(0, SPAN, allow_nan=False))
        link_id = data.draw(st.sampled_from(["a", "b", "z"]))
        found = router._runs_meeting(axis, low, high, span_low, span_high, 8.0, link_id)
        truth = lines_said_by_runs(router, axis, low, high, span_low, span_high, 8.0, link_id)
        assert truth <= found
        if span_high - span_low <= LONG_RUN:
            assert found == truth  # from the fine cells: exact
        for extra in found - truth:  # only lines some run lay on near the ends of the span
            assert any(run[0] == axis and run[1] == extra and run[2] < span_high + 2 * LANE_BLOCK
                       and run[3] > span_low - 2 * LANE_BLOCK for run in placed)


class BlockByBlock:
    """What the lanes promise, kept the plainest way: for each (axis, line, block
    LANE_BLOCK long) how many runs meet it and the widest reach of the runs put there
    since it was last empty; a question's answer is every line with a run in a block
    wholly inside its stretch, or in a block it ends in whose reach overlaps it."""

    def __init__(self):
        self.blocks = {}

    def add(self, axis, at, low, high):
        for number in range(math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK) + 1):
            count, reach_low, reach_high = self.blocks.get((axis, at, number), (0, low, high))
            self.blocks[(axis, at, number)] = (count + 1, min(low, reach_low), max(high, reach_high))

    def remove(self, axis, at, low, high):
        for number in range(math.floor(low / LANE_BLOCK), math.floor(high / LANE_BLOCK) + 1):
            count, reach_low, reach_high = self.blocks.pop((axis, at, number))
            if count > 1:
                self.blocks[(axis, at, number)] = (count - 1, reach_low, reach_high)

    def lines(self, axis, low, high, along_low, along_high):
        first, last = math.floor(along_low / LANE_BLOCK), math.floor(along_high / LANE_BLOCK)
        return {at for (run_axis, at, number), (_count, reach_low, reach_high) in self.blocks.items()
                if run_axis == axis and low < at < high and first <= number <= last
                and (first < number < last or (reach_low < along_high and reach_high > along_low))}


@settings(max_examples=150, deadline=None)
@given(st.lists(runs(), min_size=1, max_size=40), st.data())
def test_the_lanes_answer_as_block_by_block(placed, data):
    """A long question answered from the lanes' masks finds the very lines a block by
    block reckoning does, as runs come and go, over stretches that cross lanes along
    (LANE blocks) and across (LANE_WIDTH) and go below zero."""
    lanes, blocks = RunLanes(), BlockByBlock()
    kept = []
    for axis, line, low, high, _owner in placed:
        for index in data.draw(st.lists(st.integers(0, max(0, len(kept) - 1)), max_size=2, unique=True)):
            if index < len(kept):  # a run taken out between the others going in
                run = kept.pop(index)
                lanes.remove(*run)
                blocks.remove(*run)
        run = (axis, line, low * 4, high * 4)  # longer than SPAN: into the next lane along
        lanes.add(*run)
        blocks.add(*run)
        kept.append(run)
        for _ in range(2):
            axis = data.draw(st.integers(0, 1))
            low = data.draw(st.floats(0, 3000, allow_nan=False))
            high = low + data.draw(st.floats(0, 2500, allow_nan=False))
            along_low = data.draw(st.floats(-8000, 4 * SPAN, allow_nan=False))
            along_high = along_low + data.draw(st.floats(0, 4 * SPAN, allow_nan=False))
            assert lanes.lines(axis, low, high, along_low, along_high) == \
                blocks.lines(axis, low, high, along_low, along_high)


def test_a_lane_holds_its_lines_once_sorted_and_lets_go_of_them():
    lanes = RunLanes()
    lanes.add(1, 300.0, 0.0, 5 * LANE_BLOCK)
    lanes.add(1, 100.0, 10.0, 20.0)
    lanes.add(1, 300.0, 10.0, 20.0)
    assert lanes.lines(1, 0.0, 1000.0, 1.0, 4 * LANE_BLOCK) == {100.0, 300.0}
    assert lanes.lines(1, 0.0, 1000.0, 3 * LANE_BLOCK + 1.0, 4 * LANE_BLOCK) == {300.0}
    lanes.remove(1, 300.0, 0.0, 5 * LANE_BLOCK)
    lanes.remove(1, 300.0, 10.0, 20.0)
    lanes.remove(1, 100.0, 10.0, 20.0)
    assert lanes.lines(1, 0.0, 1000.0, 1.0, 4 * LANE_BLOCK) == set()
    assert lanes._lanes == ({}, {}) and lanes._reach == ({}, {})


@settings(max_examples=200, deadline=None)
@given(st.lists(runs(), min_size=1, max_size=60), st.data())
def test_a_conflict_is_a_run_of_another_link_near_the_line(placed, data):
    # _conflict walks the fine cells along a run; in the cells wholly inside a long run
    # it skips the test along (every run there overlaps): still exactly the runs' word.
    router = Router({}, [])
    for axis, line, low, high, owner in placed:
        router._index_run(axis, line, low, high, owner, [])
    for _ in range(5):
        axis = data.draw(st.integers(0, 1))
        at = data.draw(st.one_of(st.sampled_from([100.0, 104.0, 112.0, 2050.0]), st.floats(0, 3000)))
        low = data.draw(st.floats(-2000, SPAN, allow_nan=False))
        high = low + data.draw(st.floats(0, SPAN, allow_nan=False))
        gap = data.draw(st.sampled_from([2.5, 8.0]))
        link_id = data.draw(st.sampled_from(["a", "b", "z"]))
        near = {line for run_axis, line, run_low, run_high, owner in placed
                if run_axis == axis and owner != link_id and -gap < line - at < gap
                and run_low < high + 1 and run_high > low - 1}
        found = router._conflict(axis, at, low, high, gap, link_id)
        assert (found is None) == (not near)
        assert found is None or found in near
