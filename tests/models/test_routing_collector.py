"""The large tables of the router and of the label placer's grid stay with the old
objects of Python's garbage collector.

CPython stops tracking a plain dict of numbers and tuples at a full collection and tracks
it again, as a new object, when a tuple is stored in it: the young collections after the
next card moved then walked every table whole (27 ms at 20,000 touchpoints). Tables the
collector always tracks (models.spatial.LastingTable) never come back young."""

import gc

from models.routing import Card, Router
from models.spatial import SpatialGrid
from tests.benchmarks.generate import synthetic_chain
from tests.benchmarks.routing_bench import MOVE, scene_cards


def _tables(router: Router) -> dict[int, str]:
    """id -> name of every dict of 500 entries or more the router keeps."""
    found = {}
    for name, value in vars(router).items():
        parts = value if isinstance(value, tuple) else (value,)
        if name == "_lanes" and value is not None:
            parts = value._lanes
        for number, part in enumerate(parts):
            if isinstance(part, dict) and len(part) >= 500:
                found[id(part)] = f"{name}[{number}]"
    return found


def test_moving_a_card_after_a_full_collection_leaves_the_router_s_tables_old():
    cards, links = scene_cards(synthetic_chain(1500))
    router = Router(cards, links)
    router.route_all()
    tables = _tables(router)
    assert {"_runs[0]", "_runs[1]", "_cells[0]", "_side[0]", "_port[0]"} <= set(tables.values())
    for card_id in [card_id for card_id in cards if router._at.get(card_id)][::50]:
        gc.collect()
        left, top, right, bottom = cards[card_id].box
        router.update({card_id: Card((left + MOVE[0], top + MOVE[1], right + MOVE[0], bottom + MOVE[1]), cards[card_id].kind)})
        young = [tables[id(thing)] for thing in gc.get_objects(generation=0) if id(thing) in tables]
        assert young == [], f"moving {card_id} made these tables young again: {young}"
        router.update({card_id: cards[card_id]})


def test_filing_a_label_after_a_full_collection_leaves_the_grid_s_tables_old():
    grid = SpatialGrid()
    for number in range(3000):
        left, top = (number % 60) * 300.0, (number // 60) * 200.0
        grid.insert(f"label-{number}", (left, top, left + 120.0, top + 30.0))
    grid.insert("long", (0.0, 0.0, 20.0, 40000.0))  # a route's long segment: the coarse cells
    tables = {id(grid._cells): "_cells", id(grid._coarse): "_coarse", id(grid._rects): "_rects"}
    gc.collect()
    grid.insert("new", (10.0, 10.0, 90.0, 30.0))
    grid.insert("new long", (40.0, 0.0, 60.0, 40000.0))
    assert [tables[id(thing)] for thing in gc.get_objects(generation=0) if id(thing) in tables] == []
