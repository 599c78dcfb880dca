"""The run index answers "which lines do other routes use along this long run" from its
lanes (models.routing.run_lanes) with exactly the lines the routes' runs themselves
say, after runs come and go, the link's own runs aside."""

from hypothesis import given, settings
from hypothesis import strategies as st

from models.routing import Router
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


def lines_said_by_runs(router: Router, axis, stretches, span_low, span_high, gap, link_id) -> set[float]:
    """What _runs_meeting must find: every run's own word (see _conflict)."""
    found = set()
    for entries in router._placed.values():
        for at, run_low, run_high, owner, _stub, run_axis in entries:
            if (run_axis == axis and owner != link_id and any(low - gap < at < high + gap for low, high in stretches)
                    and run_low < span_high + 1 and run_high > span_low - 1):
                found.add(at)
    return found


@st.composite
def stretches(draw, most: float) -> list[tuple[float, float]]:
    """Closed stretches across, sorted and apart (as a window's free stretches are),
    some nearer each other than a question's gap, some in other lanes across."""
    ends = sorted(draw(st.lists(st.floats(0, most, allow_nan=False), min_size=2, max_size=8)))
    return [(ends[index], ends[index + 1]) for index in range(0, len(ends) - 1, 2)]


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
        ranges = data.draw(stretches(3600))
        span_low = data.draw(st.floats(-2000, SPAN, allow_nan=False))
        span_high = span_low + data.draw(st.floats(0, SPAN, allow_nan=False))
        link_id = data.draw(st.sampled_from(["a", "b", "z"]))
        found = router._runs_meeting(axis, ranges, span_low, span_high, 8.0, link_id)
        truth = lines_said_by_runs(router, axis, ranges, span_low, span_high, 8.0, link_id)
        assert found == truth


class Runs:
    """The runs the lanes follow, kept as a plain list: their own word on any question."""

    def __init__(self):
        self.kept = []

    def on_lines(self, axis, lines, _low, _high):
        return [(line, low, high) for run_axis, line, low, high in self.kept if run_axis == axis and line in lines]

    def lines(self, axis, ranges, along_low, along_high):
        return {line for run_axis, line, run_low, run_high in self.kept
                if run_axis == axis and any(low < line < high for low, high in ranges)
                and run_low < along_high and run_high > along_low}


@settings(max_examples=150, deadline=None)
@given(st.lists(runs(), min_size=1, max_size=40), st.data())
def test_the_lanes_answer_as_the_runs_do(placed, data):
    """A long question answered from the lanes' masks finds the very lines the runs lie
    on, as runs come and go, over stretches that cross lanes along (LANE blocks) and
    across (LANE_WIDTH) and go below zero."""
    kept = Runs()
    lanes = RunLanes(kept.on_lines)
    for axis, line, low, high, _owner in placed:
        for index in data.draw(st.lists(st.integers(0, max(0, len(kept.kept) - 1)), max_size=2, unique=True)):
            if index < len(kept.kept):  # a run taken out between the others going in
                lanes.remove(*kept.kept.pop(index))
        run = (axis, line, low * 4, high * 4)  # longer than SPAN: into the next lane along
        kept.kept.append(run)
        lanes.add(*run)
        for _ in range(2):
            axis = data.draw(st.integers(0, 1))
            # open ranges across, sorted by their low ends, some overlapping (a question's
            # stretches grown by its gap), some in other lanes across
            lows = sorted(data.draw(st.lists(st.floats(0, 3000, allow_nan=False), min_size=1, max_size=4)))
            ranges = [(low, low + data.draw(st.floats(0, 2500, allow_nan=False))) for low in lows]
            along_low = data.draw(st.floats(-8000, 4 * SPAN, allow_nan=False))
            along_high = along_low + data.draw(st.floats(0, 4 * SPAN, allow_nan=False))
            assert lanes.lines(axis, ranges, along_low, along_high) == \
                kept.lines(axis, ranges, along_low, along_high)


def test_a_lane_holds_its_lines_once_sorted_and_lets_go_of_them():
    kept = Runs()
    lanes = RunLanes(kept.on_lines)
    for run in [(1, 300.0, 0.0, 5 * LANE_BLOCK), (1, 100.0, 10.0, 20.0), (1, 300.0, 10.0, 20.0)]:
        kept.kept.append(run)
        lanes.add(*run)
    assert lanes.lines(1, [(0.0, 1000.0)], 1.0, 4 * LANE_BLOCK) == {100.0, 300.0}
    assert lanes.lines(1, [(0.0, 1000.0)], 3 * LANE_BLOCK + 1.0, 4 * LANE_BLOCK) == {300.0}
    kept.kept.pop(0)
    lanes.remove(1, 300.0, 0.0, 5 * LANE_BLOCK)
    assert lanes.lines(1, [(0.0, 1000.0)], 3 * LANE_BLOCK + 1.0, 4 * LANE_BLOCK) == set()
    assert lanes.lines(1, [(0.0, 1000.0)], 1.0, 4 * LANE_BLOCK) == {100.0, 300.0}
    while kept.kept:
        lanes.remove(*kept.kept.pop())
    assert lanes.lines(1, [(0.0, 1000.0)], 1.0, 4 * LANE_BLOCK) == set()
    assert lanes._lanes == ({}, {})


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
