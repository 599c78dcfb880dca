"""The label placer's short cuts (models.labels): its index of lines answers as a scan of
every segment would, and the places it passes over without looking never change where a
text goes; in a crowded channel it looks up little."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.labels import LONG_RUN, HandoffTexts, LabelPlacer, RouteLines, _Walk, point_along, route_length, segment_rects
from models.routing import Router
from tests.models.test_routing import chains


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


coordinates = st.one_of(st.integers(-3000, 9000).map(float), st.floats(-3000, 9000))


@st.composite
def polylines(draw):
    """A route of straight runs, short and long (across several of the index's stretches),
    and now and then a slanted segment."""
    x, y = draw(coordinates), draw(coordinates)
    points = [(x, y)]
    for _ in range(draw(st.integers(1, 5))):
        way = draw(st.sampled_from(["across", "down", "across", "down", "slanted"]))
        length = draw(st.one_of(st.floats(-60, 60), st.floats(-3 * LONG_RUN, 3 * LONG_RUN)))
        if way == "across":
            x += length
        elif way == "down":
            y += length
        else:
            x, y = x + length, y + draw(st.floats(-200, 200))
        points.append((x, y))
    return points


routes = st.dictionaries(st.sampled_from([f"h{number}" for number in range(10)]), polylines(), min_size=1)
places = st.lists(st.tuples(coordinates, coordinates, st.floats(1, 400), st.floats(1, 120)), min_size=1, max_size=10)


@settings(max_examples=150, deadline=None)
@given(routes, routes, places)
def test_the_index_of_lines_finds_what_a_scan_of_every_segment_finds(first, then, asked):
    lines = RouteLines()
    for id, route in first.items():
        lines.update(id, route)
    current = dict(first)
    for id, route in then.items():  # routes that change, and (the odd ones) that go
        gone = int(id[1:]) % 2 == 1 and id in current
        lines.update(id, None if gone else route)
        if gone:
            del current[id]
        else:
            current[id] = route
    for left, top, width, height in asked:
        place = (left, top, left + width, top + height)
        crossing = [(id, rect) for id, route in current.items()
                    for rect in segment_rects(route) if overlaps(rect, place)]
        assert sorted(lines.crossing(place)) == sorted(id for id, _rect in crossing)
        own = next(iter(current), "none")
        assert sorted(lines.segments_near(place, own)) == sorted(rect for id, rect in crossing if id != own)
        assert len(lines.segments_near(place, own, 1)) == min(1, sum(1 for id, _rect in crossing if id != own))
        first = lines.first_crossing(place, own)
        others = [rect for id, rect in crossing if id != own]
        assert first in others if others else first is None


@settings(max_examples=200, deadline=None)
@given(polylines(), st.lists(st.one_of(st.floats(-0.2, 1.2), st.sampled_from([0.0, 0.5, 1.0])), min_size=1, max_size=12),
       st.booleans(), st.booleans())
def test_a_walk_finds_every_point_exactly_where_point_along_does(route, fractions, still, back_to_the_end):
    """The places tried along a route are worked out from _Walk: the same points, to the
    last bit, as point_along, also past either end, along a segment of no length and when
    the route's last point is met earlier (the same point object)."""
    if still:
        route = route[:1] + route  # a segment of no length
    if back_to_the_end:  # the route ends where it began: its last point also ends its first segment
        start = route[0]
        route = [(start[0] + 5.0, start[1]), *route, start]
    walk = _Walk(route)
    assert walk.length == route_length(route)
    for fraction in fractions:
        distance = fraction * walk.length
        assert walk.at(distance) == point_along(route, distance)


class LookingEverywhere(LabelPlacer):
    """The plain search: every place's whole cost, in order; the first that costs nothing,
    or else the first of the least covered."""

    def _best_place(self, id, candidates):
        best, best_cost = None, math.inf
        for rects in candidates:
            for rect in rects:
                cost = self._cost(rect, id)
                if cost < best_cost:
                    best, best_cost = rect, cost
                    if cost == 0:
                        return best, cost
        return best, best_cost


TEXTS = ["the order", "a signed contract with the customer", "x", "refund request and the receipt"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains(), st.lists(st.tuples(st.sampled_from([None, "Yes", "No, ask again"]), st.sampled_from(TEXTS)),
                          min_size=30, max_size=30))
def test_passing_places_over_never_changes_where_a_text_goes(chain, wording):
    cards, links = chain
    routes = Router(cards, links).route_all()
    texts = {id: HandoffTexts(label, passes) for id, (label, passes) in zip(routes, wording)}
    boxes = {id: card.box for id, card in cards.items()}
    assert LabelPlacer(boxes, routes, texts).labels == LookingEverywhere(boxes, routes, texts).labels


def channel(lines: int, apart: float):
    """`lines` handoffs side by side, `apart` from each other, between two columns of cards."""
    cards, routes = {}, {}
    for number in range(lines):
        y = 40 + number * apart
        cards[f"a{number}"] = (0, y - 2, 120, y + 2)
        cards[f"b{number}"] = (2400, y - 2, 2520, y + 2)
        routes[f"h{number}"] = [(120, y), (2400, y)]
    return cards, routes


class CountingLines(RouteLines):
    looked_up = 0

    def crossing(self, rect):
        self.looked_up += 1
        return super().crossing(rect)

    def segments_near(self, rect, own, enough=math.inf):
        self.looked_up += 1
        return super().segments_near(rect, own, enough)

    def first_crossing(self, rect, own):
        self.looked_up += 1
        return super().first_crossing(rect, own)


def test_a_crowded_channel_is_labelled_with_few_look_ups_and_the_same_places():
    cards, routes = channel(40, 6.0)
    texts = {id: HandoffTexts(passes="the signed order form") for id in routes}
    lines = CountingLines()
    placer = LabelPlacer(cards, routes, texts, lines)
    assert placer.labels == LookingEverywhere(cards, routes, texts).labels
    # The plain search looks up every place it tries (over a hundred a label here).
    assert lines.looked_up < 30 * len(routes)
    rects = [(label.handoff, label.rect) for group in placer.labels.values() for label in group]
    assert len(rects) == len(routes)
    for number, (owner, rect) in enumerate(rects):
        assert not any(overlaps(rect, card) for card in cards.values())
        assert not any(overlaps(rect, other) for _owner, other in rects[number + 1:])
        assert not any(overlaps(rect, segment) for id, route in routes.items() if id != owner
                       for segment in segment_rects(route))


def mesh(apart: float, reach: float):
    """Lines across and down every `apart` over a square `reach` wide, thicker towards the
    middle, and a few cards on it: no place for a text is free, and the middle of a
    route (tried first) is not the least covered."""
    routes = {}
    ats = [number * apart for number in range(int(reach // apart))]
    ats += [reach / 2 + offset * sign for offset in range(4, 60, 5) for sign in (-1, 1)]
    for number, at in enumerate(ats):
        routes[f"across{number}"] = [(0.0, at), (reach, at)]
        routes[f"down{number}"] = [(at + apart / 3, 0.0), (at + apart / 3, reach)]
    cards = {f"c{number}": (number * 90.0, 200.0, number * 90.0 + 40, 230.0) for number in range(5)}
    return cards, routes


def test_a_text_with_no_free_place_takes_the_first_of_the_least_covered_as_the_plain_search_does():
    cards, routes = mesh(23.0, 460.0)
    texts = {id: HandoffTexts(label="Yes" if number % 3 == 0 else None, passes=TEXTS[number % len(TEXTS)])
             for number, id in enumerate(routes) if number % 4 == 0}
    placer = LabelPlacer(cards, routes, texts)
    assert placer.labels == LookingEverywhere(cards, routes, texts).labels
    # none of them found a free place
    assert all(placer._cost(label.rect, id) > 0 for id, group in placer.labels.items() for label in group)
