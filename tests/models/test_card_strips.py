"""The card strips (models.routing.card_strips) find exactly the cards that the walk
over the spatial hash finds, for long runs anywhere, also at the very edges of the
cards' clearance, after cards move and with the link's own cards skipped."""

from hypothesis import given, settings
from hypothesis import strategies as st

from models.routing import CLEARANCE, Card, Router
from models.routing.card_strips import STRIP
from models.routing.constants import EPS, LONG_RUN

SPAN = 3000.0  # cards lie in this square; runs cross it and stick out of it


@st.composite
def boxes(draw):
    left = draw(st.floats(0, SPAN, allow_nan=False))
    top = draw(st.floats(0, SPAN, allow_nan=False))
    width = draw(st.floats(1, 400, allow_nan=False))
    height = draw(st.floats(1, 400, allow_nan=False))
    return (left, top, left + width, top + height)


@st.composite
def fixed_coordinates(draw, cards: dict[str, Card], vertical: bool):
    """Where a run lies across: often right on an edge of a card's clearance (or an
    EPS or a strip's width away), otherwise anywhere."""
    if cards and draw(st.booleans()):
        box = cards[draw(st.sampled_from(sorted(cards)))].box
        edge = draw(st.sampled_from((box[0], box[2]) if vertical else (box[1], box[3])))
        grow = draw(st.sampled_from((CLEARANCE, -CLEARANCE, 0.0)))
        nudge = draw(st.sampled_from((0.0, EPS, -EPS, 2 * EPS, -2 * EPS, STRIP, -STRIP)))
        return edge + grow + nudge
    return draw(st.floats(-500, SPAN + 500, allow_nan=False))


def cells_and_strips(router: Router, horizontal: bool, at: float, low: float, high: float, skip):
    walked = set(router._blocking_in_cells(horizontal, at, low, high, CLEARANCE, skip))
    stripped = list(router._card_strips()[0 if horizontal else 1].blocking(at, low, high, skip))
    return walked, stripped


@settings(max_examples=300, deadline=None)
@given(st.lists(boxes(), max_size=40), st.data())
def test_the_strips_find_the_cards_the_cell_walk_finds(card_boxes, data):
    cards = {f"c{index}": Card(box, "step") for index, box in enumerate(card_boxes)}
    router = Router(cards, [])
    for _ in range(3):  # move a card between queries: the strips follow
        if cards and data.draw(st.booleans()):
            card_id = data.draw(st.sampled_from(sorted(cards)))
            box = data.draw(boxes())
            if data.draw(st.booleans()):
                cards[card_id] = Card(box, "step")
                router.update({card_id: cards[card_id]})
            else:
                del cards[card_id]
                router.update({card_id: None})
        for _ in range(5):
            horizontal = data.draw(st.booleans())
            at = data.draw(fixed_coordinates(cards, vertical=not horizontal))
            low = data.draw(st.floats(-1000, SPAN + 1000, allow_nan=False))
            high = low + data.draw(st.floats(0, 2 * SPAN, allow_nan=False))
            skip = tuple(data.draw(st.lists(st.sampled_from(sorted(cards)), max_size=2))) if cards else ()
            walked, stripped = cells_and_strips(router, horizontal, at, low, high, skip)
            assert set(stripped) == walked
            assert len(stripped) == len(walked)  # each card once


def test_a_long_run_down_a_gap_between_columns_meets_only_the_cards_it_passes():
    # two columns of 200 cards, 100 px apart: a run down the middle of the gap is
    # clear, one at a card's edge is not, and its own end cards do not count
    cards = {}
    for row in range(200):
        for column, left in enumerate((0.0, 260.0)):
            cards[f"c{column}-{row}"] = Card((left, row * 150.0, left + 160.0, row * 150.0 + 64.0), "step")
    router = Router(cards, [])
    high = 200 * 150.0
    assert not router._blocked(False, 210.0, 0.0, high, CLEARANCE, ())
    assert router._blocked(False, 160.0 + CLEARANCE - 0.5, 0.0, high, CLEARANCE, ())
    assert not router._blocked(False, 160.0 + CLEARANCE, 0.0, high, CLEARANCE, ())
    near_one = router._blockers(False, 165.0, 100.0, 3000.0, CLEARANCE, ())
    assert sorted(entry[0] for entry in near_one) == sorted(f"c0-{row}" for row in range(1, 21))
    skipping = router._blockers(False, 165.0, 0.0, 3000.0, CLEARANCE, ("c0-0", "c1-0"))
    assert sorted(entry[0] for entry in skipping) == sorted(f"c0-{row}" for row in range(1, 21))


@settings(max_examples=200, deadline=None)
@given(st.lists(boxes(), max_size=40), st.data())
def test_what_rules_out_lines_for_a_long_run_covers_every_card_in_its_way(card_boxes, data):
    # Every line the cell walk finds blocked lies inside a stretch `_ruled_out` gives;
    # a stretch is a card's grown box across, or the union of cards crossing one edge
    # of a strip, so it never reaches beyond the cards near the run.
    cards = {f"c{index}": Card(box, "step") for index, box in enumerate(card_boxes)}
    router = Router(cards, [])
    vertical = data.draw(st.booleans())
    low = data.draw(fixed_coordinates(cards, vertical))  # often in the middle of a card
    high = low + data.draw(st.floats(0, 800, allow_nan=False))
    span_low = data.draw(st.floats(-1000, SPAN + 1000, allow_nan=False))
    span_high = span_low + data.draw(st.floats(0, 2 * SPAN, allow_nan=False))
    stretches = router._ruled_out(vertical, low, high, span_low, span_high)
    lines = [data.draw(fixed_coordinates(cards, vertical)) for _ in range(20)]
    lines += [low, high, (low + high) / 2]
    for at in lines:
        if low <= at <= high and router._blocked(not vertical, at, span_low, span_high, CLEARANCE, ()):
            assert any(start < at < end for start, end in stretches), at
    near = [box for box in card_boxes
            if (box[1] if vertical else box[0]) - CLEARANCE < span_high
            and (box[3] if vertical else box[2]) + CLEARANCE > span_low]
    for start, end in stretches:
        assert any((box[0] if vertical else box[1]) - CLEARANCE <= start + EPS for box in near)
        assert any((box[2] if vertical else box[3]) + CLEARANCE >= end - EPS for box in near)


def test_a_long_run_s_window_across_a_column_of_cards_rules_it_out_once():
    # the strips inside a column of cards are covered by the same cards: the column's
    # stretch is given once for them all, not once a strip (a tall window asks this
    # thousands of times), and once for each strip at its edges, which the cards reach
    # into (six strips of 64 px inside the column, one at either edge)
    cards = {f"c{row}": Card((0.0, row * 150.0, 400.0, row * 150.0 + 64.0), "step") for row in range(100)}
    router = Router(cards, [])
    stretches = router._ruled_out(True, -100.0, 500.0, 0.0, 100 * 150.0)
    assert stretches == [(-CLEARANCE, 400.0 + CLEARANCE)] * 3


@settings(max_examples=200, deadline=None)
@given(st.lists(boxes(), max_size=40), st.data())
def test_what_rules_out_lines_for_a_long_run_comes_from_cards_near_it(card_boxes, data):
    # Every line inside a stretch `_ruled_out` gives comes within the clearance of a
    # card the run passes (one that overlaps its span, grown by the clearance), also
    # when a card long along (a wall round the lanes) lies beside shorter ones.
    card_boxes = card_boxes + [(-300.0, -300.0, 0.0, 3 * SPAN)]  # a wall down the left
    cards = {f"c{index}": Card(box, "step") for index, box in enumerate(card_boxes)}
    router = Router(cards, [])
    vertical = data.draw(st.booleans())
    low = data.draw(fixed_coordinates(cards, vertical))
    high = low + data.draw(st.floats(0, 800, allow_nan=False))
    span_low = data.draw(st.floats(-1000, SPAN + 1000, allow_nan=False))
    span_high = span_low + data.draw(st.floats(LONG_RUN + 1, 2 * SPAN, allow_nan=False))
    near = [((box[0], box[2]) if vertical else (box[1], box[3])) for box in card_boxes
            if (box[1] if vertical else box[0]) - CLEARANCE < span_high
            and (box[3] if vertical else box[2]) + CLEARANCE > span_low]
    for start, end in router._ruled_out(vertical, low, high, span_low, span_high):
        for at in (start + EPS, (start + end) / 2, end - EPS, data.draw(st.floats(start, end))):
            if start < at < end:
                assert any(near_low - CLEARANCE < at < near_high + CLEARANCE for near_low, near_high in near), at
