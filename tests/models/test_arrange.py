"""Align and distribute: the geometry of the Arrange menu."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.arrange import ALIGN_EDGES, Box, align, distribute, free_spot
from models.chain import Position, Touchpoint
from models.geometry import card_size

# The least step card is 160 x 64, a decision 150 x 84 (models/geometry.py); any size will do.
A = Box("a", 100, 40, 160, 64)
B = Box("b", 300, 10, 150, 84)
C = Box("c", 520, 100, 150, 52)


@pytest.mark.parametrize(
    "edge, expected",
    [
        ("left", {"a": (100, 40), "b": (100, 10), "c": (100, 100)}),
        ("right", {"a": (510, 40), "b": (520, 10), "c": (520, 100)}),
        # The bounding box spans x 100..670 (centre 385) and y 10..152 (middle 81).
        ("centre", {"a": (305, 40), "b": (310, 10), "c": (310, 100)}),
        ("top", {"a": (100, 10), "b": (300, 10), "c": (520, 10)}),
        ("middle", {"a": (100, 49), "b": (300, 39), "c": (520, 55)}),
        ("bottom", {"a": (100, 88), "b": (300, 68), "c": (520, 100)}),
    ],
)
def test_align_on_each_edge_of_the_bounding_box(edge, expected):
    assert align([A, B, C], edge) == expected


def test_align_rounds_to_two_decimals():
    boxes = [Box("a", 1, 0.12345, 10, 10), Box("b", 0.3333, 2, 10, 10)]
    assert align(boxes, "left") == {"a": (0.33, 0.12), "b": (0.33, 2)}


def test_align_nothing_and_an_unknown_edge():
    assert align([], "left") == {}
    with pytest.raises(ValueError, match="diagonal"):
        align([A], "diagonal")


def test_distribute_horizontally_makes_the_gaps_equal_not_the_centres():
    # Gaps between a (100..260), b and c (520..): 520 - 100 - 160 - 150 = 110, so 55 each.
    assert distribute([C, A, B], "horizontal") == {"a": (100, 40), "b": (315, 10), "c": (520, 100)}


def test_distribute_vertically_moves_only_y():
    boxes = [Box("top", 0, 0, 160, 64), Box("mid", 300, 70, 150, 84), Box("low", 40, 300, 160, 64)]
    # Free room between 0 and 300: 300 - 64 - 84 = 152, so two gaps of 76.
    assert distribute(boxes, "vertical") == {"top": (0, 0), "mid": (300, 140), "low": (40, 300)}


def test_distribute_needs_three_boxes():
    assert distribute([A, B], "horizontal") == {"a": (100, 40), "b": (300, 10)}
    assert distribute([], "vertical") == {}
    with pytest.raises(ValueError, match="sideways"):
        distribute([A, B, C], "sideways")


def test_distribute_keeps_boxes_that_share_a_position_in_the_given_order():
    boxes = [Box("a", 0, 0, 10, 10), Box("b", 50, 0, 10, 10), Box("c", 50, 0, 10, 10), Box("d", 90, 0, 10, 10)]
    assert distribute(boxes, "horizontal") == {"a": (0, 0), "b": (30, 0), "c": (60, 0), "d": (90, 0)}


def test_distribute_crowded_boxes_spaces_their_left_edges_evenly():
    # A wide first box: equal gaps would put b right of c; even left edges keep the order.
    boxes = [Box("a", 0, 0, 1000, 10), Box("b", 10, 0, 10, 10), Box("c", 20, 0, 10, 10)]
    assert distribute(boxes, "horizontal") == {"a": (0, 0), "b": (10, 0), "c": (20, 0)}


# -- properties, on coordinates with two decimals as the file keeps them -------------------

coordinates = st.integers(-100_000, 100_000).map(lambda n: n / 100)
sizes = st.integers(100, 30_000).map(lambda n: n / 100)
box_lists = st.lists(
    st.tuples(coordinates, coordinates, sizes, sizes), min_size=1, max_size=12
).map(lambda rows: [Box(f"b{i}", *row) for i, row in enumerate(rows)])
TOLERANCE = 0.01 + 1e-6  # rounding each result to 2 decimals moves a gap by at most 0.01


@settings(max_examples=300, deadline=None)
@given(box_lists, st.sampled_from(ALIGN_EDGES))
def test_align_lines_up_one_edge_and_keeps_the_other_axis(boxes, edge):
    placed = align(boxes, edge)
    assert set(placed) == {box.id for box in boxes}
    horizontal = edge in ("left", "centre", "right")
    for box in boxes:
        x, y = placed[box.id]
        assert (y if horizontal else x) == round(box.y if horizontal else box.x, 2)
    lines = {
        "left": lambda box, x, y: x,
        "centre": lambda box, x, y: x + box.width / 2,
        "right": lambda box, x, y: x + box.width,
        "top": lambda box, x, y: y,
        "middle": lambda box, x, y: y + box.height / 2,
        "bottom": lambda box, x, y: y + box.height,
    }
    values = [lines[edge](box, *placed[box.id]) for box in boxes]
    assert max(values) - min(values) <= TOLERANCE
    if edge == "left":
        assert all(x == min(box.x for box in boxes) for x, _ in placed.values())
    if edge == "bottom":
        assert max(values) == pytest.approx(max(box.y + box.height for box in boxes), abs=TOLERANCE)


@settings(max_examples=300, deadline=None)
@given(box_lists, st.sampled_from(["horizontal", "vertical"]))
def test_distribute_keeps_the_ends_and_the_order_and_evens_the_gaps(boxes, axis):
    placed = distribute(boxes, axis)
    horizontal = axis == "horizontal"
    start = (lambda box: box.x) if horizontal else (lambda box: box.y)
    size = (lambda box: box.width) if horizontal else (lambda box: box.height)

    def new_start(box):
        return placed[box.id][0 if horizontal else 1]

    ordered = sorted(boxes, key=start)
    assert set(placed) == {box.id for box in boxes}
    for box in boxes:  # only the one axis moves
        assert placed[box.id][1 if horizontal else 0] == round(box.y if horizontal else box.x, 2)
    if len(boxes) < 3:
        assert all(new_start(box) == start(box) for box in boxes)
        return
    first, last = ordered[0], ordered[-1]
    assert new_start(first) == start(first) and new_start(last) == start(last)
    assert all(new_start(a) <= new_start(b) for a, b in zip(ordered, ordered[1:]))
    free = start(last) - start(first) - sum(size(box) for box in ordered[:-1])
    if free >= 0:  # the boxes fit: every gap is the same
        gap = free / (len(boxes) - 1)
        for a, b in zip(ordered, ordered[1:]):
            assert new_start(b) - new_start(a) - size(a) == pytest.approx(gap, abs=TOLERANCE)


def test_distribute_uses_the_real_sizes_of_cards_with_long_labels():
    labels = ["Ships", "Checks the signed order form against the stock list and the price list", "Calls"]
    cards = [
        Touchpoint(id=f"t{index}", label=label, department="d", position=Position(x=300 * index * index, y=0))
        for index, label in enumerate(labels)
    ]
    boxes = [Box(card.id, card.position.x, 0, *card_size(card)) for card in cards]
    assert boxes[1].width > 160  # a long label makes a wider card
    placed = distribute(boxes, "horizontal")
    gaps = [placed[b.id][0] - placed[a.id][0] - a.width for a, b in zip(boxes, boxes[1:])]
    assert gaps[0] == pytest.approx(gaps[1], abs=0.02) and gaps[0] > 0


# -- free_spot ---------------------------------------------------------------------------


def test_free_spot_where_nothing_is_in_the_way():
    assert free_spot([], 160, 100) == 100
    assert free_spot([(400, 160)], 160, 100) == 100  # ends 40 before the card: just enough
    assert free_spot([(0, 160)], 160, 200) == 200  # starts 40 after it


def test_free_spot_moves_past_every_card_in_the_way_with_the_gap():
    # The second card starts 40 after the first ends: no room between them for 160.
    taken = [(200, 160), (0, 160)]
    assert free_spot(taken, 160, 0) == 400
    assert free_spot(taken, 160, 0, gap=10) == 370
    assert free_spot([(0, 160), (420, 160)], 200, 10) == 620  # 200 + 40 + 200 + 40 > 420
    assert free_spot([(0, 160), (440, 160)], 200, 10) == 200  # fits exactly between them


def test_free_spot_rounds_to_two_decimals():
    assert free_spot([(0, 100.123)], 50, 0) == 140.12


def _free_spot_by_repeated_passes(taken, width, x, gap):
    """The canvas's old search (widgets/canvas/view.py): pass over the cards until none moves x."""
    moved = True
    while moved:
        moved = False
        for left, other_width in taken:
            if x < left + other_width + gap and left < x + width + gap:
                x = left + other_width + gap
                moved = True
    return x


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(coordinates, sizes), max_size=20),
    sizes,
    coordinates,
    st.sampled_from([0.0, 20.0, 40.0]),
)
def test_free_spot_is_the_first_free_place_at_or_right_of_x(taken, width, x, gap):
    found = free_spot(taken, width, x, gap)
    assert found >= round(x, 2)
    for left, other_width in taken:  # clear of every card, with the gap (up to rounding)
        assert found >= left + other_width + gap - 0.01 or left >= found + width + gap - 0.01
    assert found == round(_free_spot_by_repeated_passes(taken, width, x, gap), 2)
