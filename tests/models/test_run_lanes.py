"""The run index answers "which lines do other routes use along this long run" from its
lanes (models.routing.run_lanes) with every line the routes' runs themselves say,
after runs come and go, the link's own runs aside; a line too many only near the
run's ends."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from models.routing import Router
from models.routing.constants import LONG_RUN
from models.routing.run_lanes import BRANCH, LANE_BLOCK, RunLanes, _whole_blocks

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


@given(st.integers(-300, 300), st.integers(-1, 700))
def test_whole_blocks_make_up_the_stretch_once(first, length):
    """The coarse blocks a question takes cover its finest blocks each exactly once."""
    last = first + length
    covered = []
    for level, block in _whole_blocks(first, last):
        size = BRANCH ** level
        covered.extend(range(block * size, (block + 1) * size))
    assert sorted(covered) == list(range(first, last + 1))


def finest_blocks_answer(lanes: RunLanes, axis, low, high, along_low, along_high) -> set[float]:
    """The answer from the finest blocks alone, every one along the stretch."""
    blocks = lanes._levels[axis][0]
    first, last = math.floor(along_low / LANE_BLOCK), math.floor(along_high / LANE_BLOCK)
    found = set()
    for (_across, number), block in blocks.items():
        if not first <= number <= last:
            continue
        for at, (_count, reach_low, reach_high) in block.runs.items():
            if first < number < last or (reach_low < along_high and reach_high > along_low):
                found.add(at)
    return {at for at in found if low < at < high}


@settings(max_examples=150, deadline=None)
@given(st.lists(runs(), min_size=1, max_size=40), st.data())
def test_coarse_blocks_answer_as_the_finest_ones(placed, data):
    """A long question answered from coarse blocks finds the very lines the finest
    blocks hold, after runs come and go."""
    lanes = RunLanes()
    for axis, line, low, high, _owner in placed:
        lanes.add(axis, line, low * 4, high * 4)  # longer than SPAN: several coarsest blocks
    for number in data.draw(st.lists(st.integers(0, len(placed) - 1), unique=True)):
        axis, line, low, high, _owner = placed[number]
        lanes.remove(axis, line, low * 4, high * 4)
    for _ in range(5):
        axis = data.draw(st.integers(0, 1))
        low = data.draw(st.floats(0, 3000, allow_nan=False))
        high = low + data.draw(st.floats(0, 600, allow_nan=False))
        along_low = data.draw(st.floats(-8000, 4 * SPAN, allow_nan=False))
        along_high = along_low + data.draw(st.floats(0, 4 * SPAN, allow_nan=False))
        assert lanes.lines(axis, low, high, along_low, along_high) == \
            finest_blocks_answer(lanes, axis, low, high, along_low, along_high)


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
