"""Channel routes (models.routing.channels) for long links whose lines near their ends are
all taken somewhere along the way: in a chain of 20,000 touchpoints, thousands of long
handoffs run up the same gaps. Such a link used to fall through to the search, which
zig-zagged it between two lines for hundreds of corners."""

from models.routing import Card, Router
from models.routing.constants import CROWDED, DOWN, LEFT, UP

TAKEN_PITCH = 3.0  # other routes' lines this close leave no line free between them, even CROWDED


def taken(router: Router, low_x: float, high_x: float, top: float, bottom: float) -> None:
    """Other routes on every vertical line from `low_x` to `high_x`, from `top` to `bottom`."""
    x, number = low_x, 0
    while x <= high_x:
        entries: list[tuple] = []
        router._index(f"other-{number}", [(x, top), (x, bottom)], entries)
        router._placed[f"other-{number}"] = tuple(entries)  # (the router's lanes of lines are made from these)
        x += TAKEN_PITCH
        number += 1


def corners(route) -> int:
    return len(route) - 2


def test_a_target_entered_from_the_side_is_reached_by_a_jog_onto_a_free_line_just_before_it():
    cards = {"s": Card((0.0, 0.0, 120.0, 60.0), "step"), "t": Card((400.0, 6000.0, 520.0, 6060.0), "step")}
    router = Router(cards, [])
    # every line left of the target's side taken from just below the source to 1,000 px above the target
    taken(router, 388.0 - 2300.0, 388.0, 100.0, 5000.0)
    p0, p1 = (60.0, 60.0), (400.0, 6030.0)
    route = router._channel_route("l", p0, DOWN, p1, LEFT, cards["s"].box, cards["t"].box, ("s",), ("t",))
    assert route is not None and route[0] == p0 and route[-1] == p1
    assert corners(route) <= 6
    assert router._fits("l", route, ("s",), ("t",), CROWDED)


def test_ends_facing_across_a_taken_gap_run_beyond_all_the_cards():
    cards = {"s": Card((0.0, 6000.0, 120.0, 6060.0), "step"), "t": Card((300.0, 0.0, 420.0, 60.0), "step"),
             "far": Card((10000.0, 3000.0, 10120.0, 3060.0), "step")}
    router = Router(cards, [])
    # every line from 2,000 px left of the source to 2,000 px right of the target taken all the way
    taken(router, -2300.0, 2700.0, 100.0, 5960.0)
    p0, p1 = (60.0, 6000.0), (360.0, 60.0)
    route = router._channel_route("l", p0, UP, p1, DOWN, cards["s"].box, cards["t"].box, ("s",), ("t",))
    assert route is not None and route[0] == p0 and route[-1] == p1
    assert corners(route) <= 6
    assert max(x for x, _y in route) > cards["far"].box[2]  # round the far side of every card
    assert router._fits("l", route, ("s",), ("t",), CROWDED)


def test_beyond_all_the_cards_is_the_room_inside_the_walls():
    cards = {"s": Card((0.0, 6000.0, 120.0, 6060.0), "step"), "t": Card((300.0, 0.0, 420.0, 60.0), "step"),
             "far": Card((2500.0, 3000.0, 2620.0, 3060.0), "step"),
             # the bands round the lanes, as the canvas gives them: 680 px of lane right of the cards
             "#left": Card((-2700.0, -300.0, -2400.0, 6400.0), "wall"),
             "#top": Card((-2700.0, -300.0, 3600.0, -200.0), "wall"),
             "#bottom": Card((-2700.0, 6300.0, 3600.0, 6400.0), "wall"),
             "#right": Card((3300.0, -300.0, 3600.0, 6400.0), "wall")}
    router = Router(cards, [])
    taken(router, -2300.0, 2700.0, 100.0, 5960.0)
    p0, p1 = (60.0, 6000.0), (360.0, 60.0)
    route = router._channel_route("l", p0, UP, p1, DOWN, cards["s"].box, cards["t"].box, ("s",), ("t",))
    assert route is not None and route[0] == p0 and route[-1] == p1
    assert 2700.0 < max(x for x, _y in route) < 3300.0  # right of every card and line, inside the wall
    assert router._fits("l", route, ("s",), ("t",), CROWDED)
