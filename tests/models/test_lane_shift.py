"""Lanes stacked again after a card grew (models.lane_shift): the routes and labels in
the lanes that moved are carried along where they still fit, not placed afresh, and the
picture stays clean."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from models.labels import HandoffTexts, Label, LabelPlacer, new_runs, segment_rects
from models.lane_shift import LaneShift, moved_rect, one_after_another
from models.picture_check import all_problems
from models.routing import Card, Link, Router
from tests.models.test_label_search import TEXTS as WORDINGS, mesh, overlaps
from tests.models.test_routing import CELL_HEIGHT, chains

ROW = 150.0  # a lane a row of cards
GROWN_ROW, GROWTH = 5, 40.0  # the lane whose bottom card grows, and by how much


def test_a_point_moves_as_the_lane_it_lies_in():
    shift = LaneShift.between({"a": 0.0, "b": 100.0, "c": 250.0}, {"a": 0.0, "b": 100.0, "c": 290.0})
    assert shift.point((7.0, -20.0)) == (7.0, -20.0)  # above the first lane: as the first
    assert shift.point((7.0, 249.0)) == (7.0, 249.0)  # in the lane that grew
    assert shift.point((7.0, 250.0)) == (7.0, 290.0)  # at the top of the lane below...
    assert shift.point((7.0, 900.0)) == (7.0, 940.0)  # ...and anywhere below it


def test_no_shift_when_no_lane_moved_or_the_lanes_changed():
    assert LaneShift.between({"a": 0.0, "b": 100.0}, {"a": 0.0, "b": 100.0}) is None
    assert LaneShift.between({"a": 0.0, "b": 100.0}, {"b": 0.0, "a": 130.0}) is None  # reordered
    assert LaneShift.between({"a": 0.0}, {"a": 0.0, "b": 100.0}) is None  # a lane came
    assert LaneShift.between({}, {"a": 0.0}) is None


@given(st.lists(st.floats(-200, 200), min_size=1, max_size=6), st.floats(-2000, 4000), st.floats(-2000, 4000))
def test_the_order_of_points_is_kept(heights_change, y0, y1):
    """Stacked lanes keep their order, so a run's ends keep theirs: no route turns back."""
    heights = [300.0 + index * 10 for index in range(len(heights_change))]
    old_tops, new_tops, old, new = {}, {}, 0.0, 0.0
    for index, (height, change) in enumerate(zip(heights, heights_change)):
        old_tops[f"l{index}"], new_tops[f"l{index}"] = old, new
        old, new = old + height, new + max(height + change, 40.0)
    shift = LaneShift.between(old_tops, new_tops)
    if shift is not None and y0 <= y1:
        assert shift.point((0.0, y0))[1] <= shift.point((0.0, y1))[1]


def lanes_of_cards() -> tuple[dict[str, Card], list[Link]]:
    """Twelve lanes of four cards, linked along each lane, down to the next lane, and
    long handoffs from the first lane to the last down the gaps between the columns."""
    cards, links = {}, []
    for row in range(12):
        for column in range(4):
            left, top = column * 320.0, row * ROW + 40.0
            cards[f"c{row}_{column}"] = Card((left, top, left + 160.0, top + 64.0), "step")
        for column in range(3):
            links.append(Link(f"r{row}_{column}", f"c{row}_{column}", f"c{row}_{column + 1}"))
        if row:
            links.append(Link(f"d{row}", f"c{row - 1}_3", f"c{row}_0"))
    for column in range(3):
        links.append(Link(f"long{column}", f"c0_{column}", f"c11_{column + 1}"))
    return cards, links


def grow_a_lane(cards: dict[str, Card]) -> tuple[dict[str, Card], LaneShift]:
    """A card of GROWN_ROW grows GROWTH taller, its lane with it, every lane below moves down."""
    lanes = [f"l{row}" for row in range(12)]
    old_tops = {lane: row * ROW for row, lane in enumerate(lanes)}
    new_tops = {lane: top + (GROWTH if row > GROWN_ROW else 0.0) for row, (lane, top) in enumerate(old_tops.items())}
    shift = LaneShift.between(old_tops, new_tops)
    changed = {}
    for card_id, card in cards.items():
        left, top, right, bottom = card.box
        row = int(card_id[1:].split("_")[0])
        if row > GROWN_ROW:
            changed[card_id] = Card((left, top + GROWTH, right, bottom + GROWTH), card.kind)
    left, top, right, bottom = cards[f"c{GROWN_ROW}_1"].box
    changed[f"c{GROWN_ROW}_1"] = Card((left, top, right, bottom + GROWTH), "step")
    return changed, shift


def test_routes_in_lanes_that_moved_are_carried_along_not_routed_afresh(monkeypatch):
    cards, links = lanes_of_cards()
    router = Router(cards, links)
    before = {id: list(route) for id, route in router.route_all().items()}
    changed, shift = grow_a_lane(cards)
    fresh = []
    original = Router._fast

    def counted(self, link_id, *args, **kwargs):
        fresh.append(link_id)
        return original(self, link_id, *args, **kwargs)

    monkeypatch.setattr(Router, "_fast", counted)
    rerouted = router.update(changed, carry=shift.point)
    cards.update(changed)
    assert all_problems(cards, links, router.routes) == []
    below = [link.id for link in links if link.id.startswith(("r", "d"))
             and int(link.id[1:].split("_")[0]) > GROWN_ROW + 1]
    assert below and set(below) <= rerouted  # their cards moved...
    for id in below:  # ...and their routes with them, shape and all
        assert router.routes[id] == [shift.point(point) for point in before[id]]
    for column in range(3):  # the long ones across the lane that grew: their runs down stretched
        id = f"long{column}"
        assert router.routes[id] == [shift.point(point) for point in before[id]]
    # Only the links at the grown card, and those its new size blocks, were routed afresh.
    assert set(fresh) <= {link.id for link in links if f"c{GROWN_ROW}_1" in (link.source, link.target)} | {
        f"d{GROWN_ROW + 1}"}


def test_routes_carried_along_are_placed_before_any_is_routed_afresh(monkeypatch):
    """A link routed afresh first could take the line a carried route runs along, and
    that one, most often a long link, would have to be searched for afresh."""
    cards, links = lanes_of_cards()
    router = Router(cards, links)
    before = {id: list(route) for id, route in router.route_all().items()}
    changed, shift = grow_a_lane(cards)
    placed = []  # "carried" or "afresh", for each route the router places, in order
    index = Router._index

    def placing(self, link_id, points, entries):
        if link_id in before:
            placed.append("carried" if points == [shift.point(point) for point in before[link_id]] else "afresh")
        return index(self, link_id, points, entries)

    monkeypatch.setattr(Router, "_index", placing)
    router.update(changed, carry=shift.point)
    assert "afresh" in placed and "carried" in placed
    assert placed.index("afresh") > len(placed) - 1 - placed[::-1].index("carried")
    assert all_problems({**cards, **changed}, links, router.routes) == []


def test_a_carried_route_that_no_longer_fits_is_routed_afresh():
    cards, links = lanes_of_cards()
    router = Router(cards, links)
    before = dict(router.route_all())
    changed, shift = grow_a_lane(cards)
    # a card now stands where the carried route of r8_0 would run: it must go round it
    left, top, right, bottom = changed["c8_0"].box
    changed["block"] = Card((right + 30.0, top + 10.0, right + 60.0, bottom - 10.0), "step")
    router.update(changed, carry=shift.point)
    cards.update(changed)
    assert router.routes["r8_0"] != [shift.point(point) for point in before["r8_0"]]
    assert all_problems(cards, links, router.routes) == []


CARDS = {"a": (0, 0, 160, 64), "b": (400, 0, 560, 64), "c": (0, 300, 160, 364), "d": (400, 300, 560, 364)}
ROUTES = {"top": [(160, 32), (400, 32)], "low": [(160, 332), (400, 332)]}
TEXTS = {"top": HandoffTexts(passes="the order"), "low": HandoffTexts(passes="the delivery note")}


def placed_afresh(monkeypatch) -> list[str]:
    """The handoffs whose texts the placer looks for places for, from now on."""
    placed = []
    original = LabelPlacer._place_texts

    def counted(self, id):
        placed.append(id)
        return original(self, id)

    monkeypatch.setattr(LabelPlacer, "_place_texts", counted)
    return placed


def test_labels_move_with_their_carried_routes(monkeypatch):
    placer = LabelPlacer(CARDS, ROUTES, TEXTS)
    shift = LaneShift([0.0, 200.0], [0.0, 50.0])
    (low,) = placer.labels["low"]
    moved_route = [shift.point(point) for point in ROUTES["low"]]
    cards = {id: (box[0], box[1] + 50, box[2], box[3] + 50) for id, box in CARDS.items() if id in "cd"}
    placed = placed_afresh(monkeypatch)
    changed = placer.update(cards=cards, routes={"low": moved_route}, carry=shift.point)
    assert changed == {"low"} and placed == []
    (after,) = placer.labels["low"]
    assert after.rect == (low.rect[0], low.rect[1] + 50, low.rect[2], low.rect[3] + 50)
    assert after.lines == low.lines


def test_a_carried_label_that_would_cover_something_is_placed_afresh(monkeypatch):
    placer = LabelPlacer(CARDS, ROUTES, TEXTS)
    placed = placed_afresh(monkeypatch)
    shift = LaneShift([0.0, 200.0], [0.0, 50.0])
    (low,) = placer.labels["low"]
    left, top, right, bottom = low.rect
    # a card now stands where the label would be carried to
    cards = {id: (box[0], box[1] + 50, box[2], box[3] + 50) for id, box in CARDS.items() if id in "cd"}
    cards["e"] = (left, top + 50, right, bottom + 50)
    placer.update(cards=cards, routes={"low": [shift.point(point) for point in ROUTES["low"]]}, carry=shift.point)
    (after,) = placer.labels["low"]
    assert placed == ["low"] and after.rect != (left, top + 50, right, bottom + 50)
    e = cards["e"]
    assert not (after.rect[0] < e[2] and e[0] < after.rect[2] and after.rect[1] < e[3] and e[1] < after.rect[3])


def crowded_labels():
    """A mesh of lines with no free place for a text (test_label_search.mesh), its labels
    placed; and the whole mesh moved 50 px down, as lanes below a grown one move."""
    cards, routes = mesh(23.0, 460.0)
    texts = {id: HandoffTexts(label="Yes" if number % 3 == 0 else None, passes="a signed contract with the customer")
             for number, id in enumerate(routes) if number % 4 == 0}
    placer = LabelPlacer(cards, routes, texts)
    assert all(placer._cost(label.rect, id) > 0 for id, group in placer.labels.items() for label in group)
    shift = LaneShift([0.0], [50.0])
    moved_cards = {id: (left, top + 50, right, bottom + 50) for id, (left, top, right, bottom) in cards.items()}
    moved_routes = {id: [shift.point(point) for point in route] for id, route in routes.items()}
    return placer, shift, moved_cards, moved_routes


def test_a_carried_label_that_found_no_free_place_stays_where_it_covers_no_more(monkeypatch):
    placer, shift, cards, routes = crowded_labels()
    before = dict(placer.labels)
    placed = placed_afresh(monkeypatch)
    placer.update(cards=cards, routes=routes, carry=shift.point)
    assert not set(placed) & set(before)  # none looked through hundreds of places again
    assert placer.labels == {id: tuple(Label(id, label.kind, moved_rect(shift.point, label.rect), label.lines)
                                       for label in group) for id, group in before.items()}


def test_a_carried_label_that_would_cover_more_is_placed_afresh(monkeypatch):
    placer, shift, cards, routes = crowded_labels()
    _label, first, kind = next(iter(placer._costs))  # a label that found no free place
    (label,) = [label for label in placer.labels[first] if label.kind == kind]
    cards["e"] = moved_rect(shift.point, label.rect)  # a card where it would be carried to
    placed = placed_afresh(monkeypatch)
    placer.update(cards=cards, routes=routes, carry=shift.point)
    assert first in placed
    (after,) = [label for label in placer.labels[first] if label.kind == kind]
    assert after.rect != cards["e"]


def test_only_the_stretch_of_a_run_across_a_lane_that_grew_is_new():
    route = [(0.0, 100.0), (50.0, 100.0), (50.0, 900.0), (200.0, 900.0)]
    shift = LaneShift([0.0, 500.0], [0.0, 40.0])
    carried = [shift.point(point) for point in route]
    assert new_runs(route, route) == []
    # the run down stretched by 40 where it crosses into the lane that moved; the run
    # along the bottom moved with it, all of it new
    assert new_runs(route, carried) == [(48.5, 898.5, 51.5, 941.5), (48.5, 938.5, 201.5, 941.5)]
    assert new_runs(None, carried) == segment_rects(carried)


def test_labels_beside_what_a_stretched_run_kept_are_left_where_they_are(monkeypatch):
    cards, routes = mesh(23.0, 460.0)
    texts = {id: HandoffTexts(label="Yes" if number % 3 == 0 else None, passes="a signed contract with the customer")
             for number, id in enumerate(routes) if number % 4 == 0}
    placer = LabelPlacer(cards, routes, texts)
    shift = LaneShift([0.0, 300.0], [0.0, 40.0])  # the lane from y = 300 moves down 40
    changed = {id: [shift.point(point) for point in route] for id, route in routes.items()}
    changed = {id: route for id, route in changed.items() if route != routes[id]}
    above = {id for id, group in placer.labels.items() if id not in changed and all(label.rect[3] < 280 for label in group)}
    stretched = [rect for id in changed for rect in segment_rects(routes[id])]
    # labels well above the stretch, some of them on a line down that stretched
    assert any(overlaps(label.rect, rect) for id in above for label in placer.labels[id] for rect in stretched)
    placed = placed_afresh(monkeypatch)
    placer.update(cards={id: moved_rect(shift.point, box) or box for id, box in cards.items()}, routes=changed,
                  carry=shift.point)
    assert not set(placed) & above


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains(most_cards=16, fewest_columns=2), st.data())
def test_random_lane_growths_keep_the_picture_clean_and_labels_placed_free_free(chain, data):
    """A card above a row grows (or shrinks) and the rows below move with it: what is
    carried along or routed and placed again is clean, and a label that found a free
    place still covers no card and no other line."""
    cards, links = chain
    rows = int(max(card.box[1] for card in cards.values()) // CELL_HEIGHT) + 1
    assume(rows >= 2)
    boundary = data.draw(st.integers(1, rows - 1)) * CELL_HEIGHT - 20.0  # between two rows of cards
    growth = data.draw(st.sampled_from([16.0, 40.0, -12.0]))
    shift = LaneShift([-1e6, boundary], [0.0, growth])
    grown = data.draw(st.sampled_from(sorted(id for id, card in cards.items() if card.box[3] < boundary)))
    changed = {id: Card(moved_rect(shift.point, card.box), card.kind) for id, card in cards.items() if card.box[1] > boundary}
    left, top, right, bottom = cards[grown].box
    changed[grown] = Card((left, top, right, bottom + growth), cards[grown].kind)
    router = Router(cards, links)
    routes = router.route_all()
    texts = {link.id: HandoffTexts(label="Yes" if number % 3 == 0 else None, passes=WORDINGS[number % len(WORDINGS)])
             for number, link in enumerate(links) if number % 2 == 0}
    placer = LabelPlacer({id: card.box for id, card in cards.items()}, {id: list(route) for id, route in routes.items()}, texts)
    rerouted = router.update(changed, carry=shift.point)
    placer.update(cards={id: card.box for id, card in changed.items()},
                  routes={id: router.routes.get(id) for id in rerouted}, carry=shift.point)
    assert all_problems({**cards, **changed}, links, router.routes) == []
    for id, group in placer.labels.items():
        for label in group:
            if ("label", id, label.kind) not in placer._costs:  # it found a free place
                assert placer._lines.first_crossing(label.rect, id) is None
                assert not [key for key in placer._grid.overlapping(label.rect) if key[0] == "card"]


def test_moves_one_after_another_and_rectangles_moved_whole():
    first = LaneShift([0.0, 100.0], [0.0, 20.0])
    then = LaneShift([0.0, 300.0], [0.0, -10.0])
    both = one_after_another([first.point, then.point])
    assert both((5.0, 50.0)) == (5.0, 50.0)
    assert both((5.0, 150.0)) == (5.0, 170.0)  # moved by the first, not yet past the second's lane
    assert both((5.0, 290.0)) == (5.0, 300.0)  # 310 after the first, then up 10
    assert moved_rect(first.point, (0.0, 120.0, 50.0, 140.0)) == (0.0, 140.0, 50.0, 160.0)
    assert moved_rect(first.point, (0.0, 90.0, 50.0, 110.0)) is None  # across the lanes' boundary
    # moved whole, though 16 added to its top and to its bottom differ in the last digit
    moved = moved_rect(LaneShift([0.0, 140.0], [0.0, 16.0]).point, (900.0, 160.0, 1020.0, 240.63286780868955))
    assert moved is not None and moved[1] == 176.0
