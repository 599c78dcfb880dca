"""The run index's questions (models.routing.run_index) against the plain definitions
they stand for, on runs spread wide and far, long and short."""

from hypothesis import given, settings
from hypothesis import strategies as st

from models.routing import Router
from models.routing.constants import RUN_BUCKET

# lines and ends on a coarse grid, so that runs share buckets, cells and lines
coordinate = st.integers(-40, 400).map(lambda step: step * 97.0)
run = st.tuples(st.integers(0, 1), coordinate, coordinate, coordinate, st.booleans())


def router_with(runs) -> Router:
    """A router without cards or links whose index holds these runs (axis, at, one
    end, the other, stub), each its own link's."""
    router = Router({}, [])
    for number, (axis, at, a, b, stub) in enumerate(runs):
        entries = []
        router._index_run(axis, at, min(a, b), max(a, b), f"link-{number}", entries, stub)
        router._placed[f"link-{number}"] = tuple(entries)
    return router


@settings(max_examples=200, deadline=None)
@given(runs=st.lists(run, max_size=30), area=st.tuples(coordinate, coordinate, coordinate, coordinate),
       margin=st.sampled_from([0.0, 8.0, 300.0]))
def test_the_runs_in_an_area_are_those_near_it_each_once(runs, area, margin):
    # areas from a few pixels to 40,000 px each way: many rows of buckets, many cells
    router = router_with(runs)
    x_lo, x_hi = sorted(area[::2])
    y_lo, y_hi = sorted(area[1::2])
    found = list(router._runs_in(x_lo, y_lo, x_hi, y_hi, margin))
    assert len(found) == len(set(found))
    for at, low, high, _owner, _stub, axis in found:  # nothing from far away
        a_lo, a_hi, b_lo, b_hi = (y_lo, y_hi, x_lo, x_hi) if axis == 0 else (x_lo, x_hi, y_lo, y_hi)
        assert a_lo - margin - RUN_BUCKET < at < a_hi + margin + RUN_BUCKET
        # along its line, within a pixel of the area: not just in the same long cell
        assert low < b_hi + 1 and high > b_lo - 1
    for entries in router._placed.values():  # every run within the margin of the area
        for entry in entries:
            at, low, high, _owner, _stub, axis = entry
            a_lo, a_hi, b_lo, b_hi = (y_lo, y_hi, x_lo, x_hi) if axis == 0 else (x_lo, x_hi, y_lo, y_hi)
            if a_lo - margin <= at <= a_hi + margin and low <= b_hi and high >= b_lo:
                assert entry in found


@settings(max_examples=200, deadline=None)
@given(runs=st.lists(run, max_size=30), across=st.tuples(coordinate, coordinate),
       along=st.tuples(coordinate, coordinate))
def test_the_lines_a_stretch_meets_are_those_of_other_links_runs_overlapping_it(runs, across, along):
    # stretches from a pixel to 40,000 px: one cell along or many, one row or hundreds
    router = router_with(runs)
    lowest, highest = sorted(across)
    along_low, along_high = sorted(along)
    for axis in (0, 1):
        expected = {
            at for number, (run_axis, at, a, b, _stub) in enumerate(runs)
            if run_axis == axis and number != 0 and lowest < at < highest
            and min(a, b) < along_high and max(a, b) > along_low
        }
        assert router._lines_in_cells(axis, lowest, highest, along_low, along_high, "link-0") == expected
