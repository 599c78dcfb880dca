"""Long runs in legs (models.routing.legs): a long link in a gap where no line is free all
the way (cards jut into it from either side in turn, and every line beyond it is taken)
and too far apart to search. At 20,000 touchpoints a few hundred handoffs were in that
spot, and were drawn as plain lines through dozens of cards."""

from models.picture_check import routes_inside_cards
from models.routing import Card, Link, Router
from models.routing.constants import CLEARANCE, CROWDED, DOWN, LEFT, RIGHT
from models.steps import at_once

from tests.models.test_routing_channels import corners, taken

JUTS = 10  # cards jutting into the gap, from the left and the right in turn
GAP_LEFT, GAP_RIGHT = 120.0, 400.0


def jutting_cards() -> dict[str, Card]:
    """Cards between y 1,000 and 17,000 that each cover the gap's left or right part, so
    that every line down it meets one of them (they come within CLEARANCE of x 258 to
    262 from both sides)."""
    cards = {}
    for index in range(JUTS):
        top = 1000.0 + index * 1700.0
        left, right = (-200.0, 250.0) if index % 2 == 0 else (270.0, 700.0)
        cards[f"jut{index}"] = Card((left, top, right, top + 60.0), "step")
    return cards


def gap_router(cards: dict[str, Card]) -> Router:
    router = Router(cards, [Link("l", "s", "t")])  # not routed: the tests route it one way or another
    taken(router, -2300.0, -213.0, -100.0, 20100.0)  # every line beyond the jutting cards
    taken(router, 713.0, 2700.0, -100.0, 20100.0)
    return router


def check(router: Router, cards: dict[str, Card], route, p0, p1, end_corners: int = 6) -> None:
    assert route is not None and route[0] == p0 and route[-1] == p1
    assert routes_inside_cards(cards, [Link("l", "s", "t")], {"l": route}) == []
    assert router._fits("l", route, ("s",), ("t",), CROWDED)
    assert corners(route) <= 2 * JUTS + end_corners  # a jog a card at most, and the ends' turns


def test_a_long_run_no_line_keeps_free_goes_in_legs_round_the_cards_in_its_way():
    cards = {"s": Card((0.0, 0.0, 120.0, 60.0), "step"), "t": Card((400.0, 20000.0, 520.0, 20060.0), "step"),
             **jutting_cards()}
    router = gap_router(cards)
    p0, p1 = (120.0, 30.0), (400.0, 20030.0)
    args = ("l", p0, RIGHT, p1, LEFT, cards["s"].box, cards["t"].box, ("s",), ("t",))
    assert router._channel_route(*args) is None  # no channel, nor a dogleg, takes it
    check(router, cards, router._channel_route(*args, in_legs=True), p0, p1)


def routed_when_too_far_to_search(target: Card, p0, p1, d1) -> list:
    """The route of a link from "s" (left of the gap, leaving right at p0) to `target`
    (entered at p1 on its side d1), routed as the search routes it once the far links'
    search budget is spent, as at 20,000 touchpoints; checked (see `check`)."""
    cards = {"s": Card((0.0, 0.0, 120.0, 60.0), "step"), "t": target, **jutting_cards()}
    router = gap_router(cards)
    router._count = {"s": [1, 1, 1, 1], "t": [1, 1, 1, 1]}  # (ports placed: the search asks)
    router._far_budget = 0
    route, victims = at_once(router._searching_route("l", p0, RIGHT, p1, d1, cards["s"].box, target.box,
                                                     ("s",), ("t",), set()))
    assert victims == []
    check(router, cards, route, p0, p1)
    return route


def test_a_long_link_too_far_apart_to_search_is_routed_in_legs_not_through_the_cards():
    routed_when_too_far_to_search(Card((400.0, 20000.0, 520.0, 20060.0), "step"), (120.0, 30.0), (400.0, 20030.0),
                                  LEFT)


def test_a_far_u_shaped_link_goes_in_legs_beyond_both_ends_not_through_the_cards():
    # both cards on the gap's left, both ports facing right: out, down the gap, back in
    route = routed_when_too_far_to_search(Card((0.0, 20000.0, 120.0, 20060.0), "step"), (120.0, 30.0),
                                          (120.0, 20030.0), RIGHT)
    assert min(x for x, _y in route[1:-1]) >= 120.0 + CLEARANCE  # beyond both cards, clear of them


def test_a_target_entered_from_the_side_is_reached_by_its_last_leg():
    # leaving down, entering the target from the left: the long run down, then across in
    cards = {"s": Card((200.0, -200.0, 320.0, -140.0), "step"), "t": Card((400.0, 20000.0, 520.0, 20060.0), "step"),
             **jutting_cards()}
    router = gap_router(cards)
    p0, p1 = (260.0, -140.0), (400.0, 20030.0)
    route = router._channel_route("l", p0, DOWN, p1, LEFT, cards["s"].box, cards["t"].box, ("s",), ("t",),
                                  in_legs=True)
    check(router, cards, route, p0, p1)
    assert route[-2][0] < GAP_RIGHT  # into the target across, from the gap


def test_a_source_hemmed_in_reaches_its_legs_by_a_search_round_the_cards():
    # The source sits in a pocket: a card in front of it, one below and one beside it.
    # No turn off its line reaches a line down the gap (each meets a card): the route
    # goes out, round the card below, and onto its first leg under the one in front.
    cards = {"s": Card((0.0, 0.0, 120.0, 60.0), "step"), "t": Card((400.0, 20000.0, 520.0, 20060.0), "step"),
             "front": Card((160.0, -400.0, 700.0, 300.0), "step"), "below": Card((60.0, 90.0, 200.0, 150.0), "step"),
             "beside": Card((-300.0, -400.0, -20.0, 300.0), "step"), **jutting_cards()}
    router = gap_router(cards)
    p0, p1 = (120.0, 30.0), (400.0, 20030.0)
    route = router._channel_route("l", p0, RIGHT, p1, LEFT, cards["s"].box, cards["t"].box, ("s",), ("t",),
                                  in_legs=True)
    check(router, cards, route, p0, p1, end_corners=10)
    assert max(y for _x, y in route[:8]) > cards["below"].box[3]  # round the card below


def test_a_jog_steps_past_a_gap_packed_with_the_lines_of_short_routes():
    # The leg down x 292 meets the card below; the only way on is a jog left, between
    # the card above and it, across a gap the lanes' short routes fill a line every 4 px
    # (as close as CROWDED routes run) but for one slot 30 lines up: a jog that gave up
    # after 12 lines, or kept 8 px from every line, found no way on.
    cards = {"s": Card((0.0, 0.0, 120.0, 60.0), "step"), "t": Card((400.0, 6000.0, 520.0, 6060.0), "step"),
             "above": Card((-200.0, 1700.0, 280.0, 1760.0), "step"),
             "below": Card((250.0, 2400.0, 3000.0, 2460.0), "step")}
    router = Router(cards, [Link("l", "s", "t")])
    taken(router, -2300.0, -213.0, -100.0, 20100.0)  # every line beyond the two cards
    taken(router, 3013.0, 5400.0, -100.0, 20100.0)
    slot = 2240.0
    lines = [y for y in range(2376, 1775, -4) if abs(y - slot) > 4]
    for number, y in enumerate(lines):
        entries: list[tuple] = []
        router._index(f"short-{number}", [(100.0, y), (420.0, y)], entries)
        router._placed[f"short-{number}"] = tuple(entries)
    p0, p1 = (120.0, 30.0), (400.0, 6030.0)
    route = router._channel_route("l", p0, RIGHT, p1, LEFT, cards["s"].box, cards["t"].box, ("s",), ("t",),
                                  in_legs=True)
    assert route is not None and route[0] == p0 and route[-1] == p1
    assert routes_inside_cards(cards, [Link("l", "s", "t")], {"l": route}) == []
    assert router._fits("l", route, ("s",), ("t",), CROWDED)
    assert any(abs(y - slot) < CROWDED for _x, y in route)  # the jog took the slot
