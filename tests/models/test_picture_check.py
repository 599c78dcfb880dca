"""The geometry checks catch what they are for, so that the router's tests cannot pass
by checking nothing."""

import pytest

from models.picture_check import (
    all_problems,
    bad_ends,
    chord,
    contains,
    non_orthogonal,
    rect_overlaps,
    routes_inside_cards,
    shared_ports,
    shared_segments,
)
from models.routing import Card, Link

STEP_A = Card((0.0, 0.0, 160.0, 64.0), "step")
STEP_B = Card((240.0, 0.0, 400.0, 64.0), "step")
BETWEEN = Card((100.0, 100.0, 260.0, 164.0), "step")
CARDS = {"a": STEP_A, "b": STEP_B, "c": BETWEEN}
A_TO_B = Link("ab", "a", "b")


def test_rect_overlaps_needs_interiors_to_meet():
    assert rect_overlaps((0, 0, 10, 10), (5, 5, 15, 15))
    assert not rect_overlaps((0, 0, 10, 10), (10, 0, 20, 10))  # touching edges
    assert not rect_overlaps((0, 0, 10, 10), (9.8, 0, 20, 10), tolerance=0.5)
    assert rect_overlaps((0, 0, 10, 10), (12, 0, 20, 10), tolerance=-3)  # within 3 px


def test_chord_follows_each_shape():
    diamond = Card((0.0, 0.0, 100.0, 50.0), "decision")
    assert chord(diamond, True, 25.0) == pytest.approx((0.0, 100.0))
    assert chord(diamond, True, 12.5) == pytest.approx((25.0, 75.0))
    assert chord(diamond, False, 50.0) == pytest.approx((0.0, 50.0))
    pill = Card((0.0, 0.0, 150.0, 52.0), "start")
    assert chord(pill, True, 26.0) == pytest.approx((0.0, 150.0))
    low, high = chord(pill, True, 2.0)
    assert 10 < low < 26 and 124 < high < 140  # deep in the round ends
    assert chord(STEP_A, True, 70.0) is None
    assert contains(STEP_A, (80.0, 32.0)) and not contains(STEP_A, (0.2, 0.2))  # rounded corner


def test_a_clean_route_has_no_problems():
    routes = {"ab": [(160.0, 32.0), (240.0, 32.0)]}
    assert all_problems(CARDS, [A_TO_B], routes) == []


def test_a_route_through_another_card_is_reported():
    routes = {"ab": [(160.0, 32.0), (180.0, 32.0), (180.0, 130.0), (230.0, 130.0), (230.0, 32.0), (240.0, 32.0)]}
    problems = routes_inside_cards(CARDS, [A_TO_B], routes)
    assert problems and all("passes through c" in problem for problem in problems)


def test_running_along_an_edge_is_not_passing_through():
    routes = {"ab": [(160.0, 32.0), (200.0, 32.0), (200.0, 100.0), (230.0, 100.0), (230.0, 32.0), (240.0, 32.0)]}
    assert routes_inside_cards(CARDS, [A_TO_B], routes) == []


def test_touching_its_own_card_away_from_the_port_is_reported():
    # leaves a's right side, comes back along a's bottom edge
    routes = {"ab": [(160.0, 32.0), (170.0, 32.0), (170.0, 64.0), (100.0, 64.0), (100.0, 90.0),
                     (200.0, 90.0), (200.0, 32.0), (240.0, 32.0)]}
    problems = routes_inside_cards(CARDS, [A_TO_B], routes)
    assert any("touches its own card a" in problem for problem in problems)


def test_leaving_into_its_own_card_is_reported():
    routes = {"ab": [(160.0, 32.0), (120.0, 32.0), (120.0, 80.0), (240.0, 80.0), (240.0, 32.0)]}
    problems = routes_inside_cards(CARDS, [A_TO_B], routes) + bad_ends(CARDS, [A_TO_B], routes)
    assert any("goes inside its own card a" in problem for problem in problems)


def test_shared_ports_are_reported():
    links = [A_TO_B, Link("ab2", "a", "b")]
    routes = {"ab": [(160.0, 32.0), (240.0, 32.0)], "ab2": [(160.0, 34.0), (200.0, 34.0), (200.0, 50.0), (240.0, 50.0)]}
    problems = shared_ports(CARDS, links, routes)
    assert problems == ["ab and ab2 share a port on a near (160.0, 32.0)"]
    routes["ab2"] = [(160.0, 40.0), (200.0, 40.0), (200.0, 50.0), (240.0, 50.0)]
    assert shared_ports(CARDS, links, routes) == []


def test_shared_segments_are_reported_but_crossings_are_not():
    overlapping = {"x": [(0.0, 10.0), (100.0, 10.0)], "y": [(50.0, 11.5), (150.0, 11.5)]}
    assert shared_segments(overlapping) == ["x and y share a line at y = 10.0"]
    vertical = {"x": [(10.0, 0.0), (10.0, 100.0)], "y": [(11.0, 90.0), (11.0, 200.0)]}
    assert shared_segments(vertical) == ["x and y share a line at x = 10.0"]
    apart = {"x": [(0.0, 10.0), (100.0, 10.0)], "y": [(50.0, 13.0), (150.0, 13.0)]}
    crossing = {"x": [(0.0, 10.0), (100.0, 10.0)], "y": [(50.0, 0.0), (50.0, 20.0)]}
    end_to_end = {"x": [(0.0, 10.0), (100.0, 10.0)], "y": [(100.5, 10.0), (150.0, 10.0)]}
    assert shared_segments(apart) == shared_segments(crossing) == shared_segments(end_to_end) == []


def test_non_orthogonal_routes_are_reported():
    assert non_orthogonal({"ok": [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]}) == []
    assert non_orthogonal({"slant": [(0.0, 0.0), (10.0, 5.0)]}) == ["slant: segment 0 (0.0, 0.0)-(10.0, 5.0) is slanted"]
    assert non_orthogonal({"dot": [(0.0, 0.0), (0.0, 0.0), (5.0, 0.0)]}) == ["dot: segment 0 has no length"]
    assert non_orthogonal({"on": [(0.0, 0.0), (5.0, 0.0), (9.0, 0.0)]}) == ["on: segments 0 and 1 run along one line"]
    assert non_orthogonal({"short": [(0.0, 0.0)]}) == ["short: fewer than two points"]


def test_ends_off_the_outline_or_not_square_are_reported():
    routes = {"ab": [(165.0, 32.0), (240.0, 32.0)]}  # starts 5 px right of a
    assert "not on the outline of a" in bad_ends(CARDS, [A_TO_B], routes)[0]
    # starts on a's top edge but runs along it
    routes = {"ab": [(100.0, 0.0), (200.0, 0.0), (200.0, 32.0), (240.0, 32.0)]}
    assert "does not meet a square to its side" in bad_ends(CARDS, [A_TO_B], routes)[0]


def test_ends_on_a_diamond_and_a_pill_outline_are_fine():
    cards = {
        "d": Card((0.0, 0.0, 150.0, 84.0), "decision"),
        "p": Card((300.0, -100.0, 450.0, -48.0), "end"),
    }
    link = Link("dp", "d", "p")
    # from the upper slanted edge near the top vertex, up, then into the pill's round end
    x = 85.0
    y = 42.0 * abs(x - 75.0) / 75.0
    routes = {"dp": [(x, y), (x, -70.0), (302.0, -70.0)]}
    routes["dp"][-1] = (300.0 + 26.0 - (26.0**2 - 4.0**2) ** 0.5, -70.0)
    assert bad_ends(cards, [link], routes) == []
    assert routes_inside_cards(cards, [link], routes) == []
