"""Handoff texts are placed on their own route, clear of cards, other texts and lines."""

from models.labels import HandoffTexts, LabelPlacer, fraction_at, point_along, route_length


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def on_route(rect, route) -> bool:
    """The rectangle covers a point of the route."""
    length = route_length(route)
    return any(
        rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]
        for x, y in (point_along(route, length * step / 100)[0] for step in range(101))
    )


CARDS = {"a": (0, 0, 160, 64), "b": (400, 0, 560, 64), "c": (400, 200, 560, 264)}
ROUTE_AB = [(160, 32), (400, 32)]
ROUTE_AC = [(160, 40), (280, 40), (280, 232), (400, 232)]


def test_a_pill_sits_on_its_own_route_and_covers_no_card():
    placer = LabelPlacer(CARDS, {"h": ROUTE_AB}, {"h": HandoffTexts(passes="signed order form")})
    (label,) = placer.labels["h"]
    assert label.kind == "passes" and label.lines == ("signed order form",)
    assert on_route(label.rect, ROUTE_AB)
    assert not any(overlaps(label.rect, card) for card in CARDS.values())


def test_labels_of_two_routes_do_not_overlap_each_other_or_the_other_line():
    routes = {"h1": ROUTE_AB, "h2": ROUTE_AC}
    texts = {"h1": HandoffTexts(label="Yes", passes="the order"), "h2": HandoffTexts(label="No", passes="a refund request")}
    placer = LabelPlacer(CARDS, routes, texts)
    rects = [(label.handoff, label.rect) for group in placer.labels.values() for label in group]
    assert len(rects) == 4
    for index, (owner, rect) in enumerate(rects):
        assert not any(overlaps(rect, card) for card in CARDS.values())
        for other_owner, other in rects[index + 1:]:
            assert not overlaps(rect, other)
        other_route = ROUTE_AC if owner == "h1" else ROUTE_AB
        assert not on_route(rect, other_route)


def test_a_branch_label_sits_near_the_start_of_its_branch():
    placer = LabelPlacer(CARDS, {"h": ROUTE_AC}, {"h": HandoffTexts(label="No")})
    (label,) = placer.labels["h"]
    left, top, right, bottom = label.rect
    assert left >= 160 and right <= 280 + 60  # along the first run, not far down the route
    assert bottom <= 60


def test_a_dragged_pill_stays_where_the_user_put_it():
    placer = LabelPlacer(CARDS, {"h": ROUTE_AC}, {"h": HandoffTexts(passes="refund", label_at=0.25)})
    (label,) = placer.labels["h"]
    centre = ((label.rect[0] + label.rect[2]) / 2, (label.rect[1] + label.rect[3]) / 2)
    assert abs(fraction_at(ROUTE_AC, centre) - 0.25) < 0.01


def test_a_card_moved_onto_a_label_pushes_only_that_label_elsewhere():
    routes = {"h1": ROUTE_AB, "h2": ROUTE_AC}
    texts = {"h1": HandoffTexts(passes="the order"), "h2": HandoffTexts(passes="a refund")}
    placer = LabelPlacer(CARDS, routes, texts)
    (before,) = placer.labels["h1"]
    (untouched,) = placer.labels["h2"]
    changed = placer.update(cards={"d": before.rect})  # a new card right on the pill
    assert changed == {"h1"}
    (after,) = placer.labels["h1"]
    assert not overlaps(after.rect, before.rect)
    assert placer.labels["h2"] == (untouched,)


def test_a_route_changed_to_run_through_a_label_pushes_only_that_label_elsewhere():
    far = {"e": (0, 9000, 160, 9064), "f": (400, 9000, 560, 9064)}
    routes = {"h1": ROUTE_AB, "h2": ROUTE_AC, "h3": [(160, 9032), (400, 9032)]}
    texts = {"h2": HandoffTexts(passes="a refund"), "h3": HandoffTexts(passes="the far order")}
    placer = LabelPlacer({**CARDS, **far}, routes, texts)
    (covered,) = placer.labels["h2"]
    (untouched,) = placer.labels["h3"]
    # h1 now runs down through h2's pill, on a segment thousands of pixels long
    x = (covered.rect[0] + covered.rect[2]) / 2
    rerouted = [(160, 20), (x, 20), (x, 8000), (400, 8000)]
    changed = placer.update(routes={"h1": rerouted})
    assert changed == {"h2"}  # h1 has no text
    (after,) = placer.labels["h2"]
    assert not on_route(after.rect, rerouted)
    assert placer.labels["h3"] == (untouched,)


def test_removing_a_route_removes_its_labels():
    placer = LabelPlacer(CARDS, {"h": ROUTE_AB}, {"h": HandoffTexts(passes="x")})
    assert placer.update(routes={"h": None}, texts={"h": None}) == {"h"}
    assert "h" not in placer.labels


def test_fraction_and_point_along_a_route_agree():
    length = route_length(ROUTE_AC)
    for fraction in (0.0, 0.1, 0.5, 0.9, 1.0):
        point, _horizontal = point_along(ROUTE_AC, fraction * length)
        assert abs(fraction_at(ROUTE_AC, point) - fraction) < 1e-6


def test_placing_in_steps_files_a_card_a_step_and_places_the_same_labels():
    # At 20,000 cards filing them all in one step held the event loop some 60 ms.
    routes = {"h1": ROUTE_AB, "h2": ROUTE_AC}
    texts = {"h1": HandoffTexts(label="Yes", passes="the order"), "h2": HandoffTexts(passes="a refund request")}
    steps = LabelPlacer.placing(CARDS, {}, {})
    assert sum(1 for _step in steps) == len(CARDS)
    steps = LabelPlacer.placing(CARDS, routes, texts)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            placer = done.value
            break
    assert placer.labels == LabelPlacer(CARDS, routes, texts).labels
