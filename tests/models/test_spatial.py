"""The spatial grid answers "what overlaps this rectangle" as a search of all would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.spatial import SpatialGrid

coordinate = st.floats(-3000, 3000, allow_nan=False)
length = st.one_of(st.floats(0.5, 300), st.floats(300, 9000))  # short, and long across many cells


@st.composite
def rects(draw):
    left, top = draw(coordinate), draw(coordinate)
    return (left, top, left + draw(length), top + draw(length))


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@settings(max_examples=150, deadline=None)
@given(st.lists(rects(), max_size=40), st.lists(st.integers(0, 39), max_size=15), st.lists(rects(), min_size=1, max_size=10))
def test_overlapping_finds_exactly_what_a_search_of_all_finds(placed, removed, queries):
    grid, kept = SpatialGrid(), {}
    for key, rect in enumerate(placed):
        grid.insert(key, rect)
        kept[key] = rect
    for key in removed:
        grid.remove(key)
        kept.pop(key, None)
    for query in queries:
        assert sorted(grid.overlapping(query)) == sorted(k for k, r in kept.items() if overlap(r, query))


def test_a_long_rectangle_takes_a_quarter_of_the_cells_and_is_still_found():
    grid = SpatialGrid(cell=256.0)
    grid.insert("line", (100.0, 0.0, 103.0, 60_000.0))  # a route's segment down many lanes: 235 cells
    assert sum(len(keys) for keys in grid._cells.values()) + sum(len(keys) for keys in grid._coarse.values()) < 60
    assert grid.overlapping((90.0, 41_000.0, 110.0, 41_010.0)) == ["line"]
    grid.remove("line")
    assert grid.overlapping((90.0, 41_000.0, 110.0, 41_010.0)) == []
    assert not grid._cells and not grid._coarse
