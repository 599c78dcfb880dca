"""The search's shortcuts (models.routing.search) against the plain definitions they
stand for: edges raised a stretch at a time, and the estimate looked up by classes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from models.routing.constants import BLOCKED, CLEARANCE, EPS, HARD, NEAR_CARD
from models.routing.search import _ESTIMATE_BENDS, _estimate, _mark_cards, _offsets

coordinate = st.integers(0, 60).map(lambda step: step * 4.0)


def marked_edge_by_edge(xs, ys, cards):
    """The edges' levels by the definition: an edge along a line strictly inside a card's
    box grown by CLEARANCE (HARD) whose span meets it is at least NEAR_CARD (BLOCKED)."""
    nx, ny = len(xs), len(ys)
    h_cost, v_cost = bytearray((nx - 1) * ny), bytearray(nx * (ny - 1))
    for _id, left, top, right, bottom in cards:
        for grow, level in ((CLEARANCE, NEAR_CARD), (HARD, BLOCKED)):
            l, t, r, b = left - grow, top - grow, right + grow, bottom + grow
            for j, y in enumerate(ys):
                for i in range(nx - 1):
                    if t + EPS < y < b - EPS and xs[i] < r - EPS and xs[i + 1] > l + EPS:
                        h_cost[j * (nx - 1) + i] = max(h_cost[j * (nx - 1) + i], level)
            for i, x in enumerate(xs):
                for j in range(ny - 1):
                    if l + EPS < x < r - EPS and ys[j] < b - EPS and ys[j + 1] > t + EPS:
                        v_cost[i * (ny - 1) + j] = max(v_cost[i * (ny - 1) + j], level)
    return h_cost, v_cost


@settings(max_examples=300, deadline=None)
@given(
    xs=st.lists(coordinate, min_size=1, max_size=14, unique=True).map(sorted),
    ys=st.lists(coordinate, min_size=1, max_size=14, unique=True).map(sorted),
    boxes=st.lists(st.tuples(coordinate, coordinate, coordinate, coordinate), max_size=5),
)
def test_cards_raise_the_same_edges_as_edge_by_edge(xs, ys, boxes):
    # boxes on the lines, a clearance or HARD off them, wide, narrow and flat ones: both
    # ways of raising a block (a slice a line, a strided slice an edge) get used
    cards = [(str(index), min(a, c) - 12.0, min(b, d) - 1.0, max(a, c), max(b, d))
             for index, (a, b, c, d) in enumerate(boxes)]
    nx, ny = len(xs), len(ys)
    h_cost, v_cost = bytearray((nx - 1) * ny), bytearray(nx * (ny - 1))
    _mark_cards(h_cost, v_cost, xs, ys, cards)
    assert (h_cost, v_cost) == marked_edge_by_edge(xs, ys, cards)


# every class of offset (at, just within and just beyond -EPS, 0 and EPS) and ordinary ones
OFFSETS = [0.0, EPS, -EPS, EPS / 2, -EPS / 2, EPS * (1 + 1e-9), -EPS * (1 + 1e-9), EPS * (1 - 1e-9),
           -EPS * (1 - 1e-9), 1e-300, -1e-300, 3.0, -3.0, 0.25, -417.5]


def test_the_looked_up_estimate_equals_the_estimate():
    for dx in OFFSETS:
        for dy in OFFSETS:
            # the goal at 0: a line at -offset lies exactly that offset from it
            (dx_abs,), (dx_class,) = _offsets(0.0, [-dx], 7)
            (dy_abs,), (dy_class,) = _offsets(0.0, [-dy], 1)
            for final in range(4):
                for heading in range(4):
                    turn = _ESTIMATE_BENDS[final][heading][dx_class + dy_class]
                    if turn is None:  # both offsets within EPS: the search asks _estimate
                        assert abs(dx) <= EPS and abs(dy) <= EPS
                    else:
                        assert dx_abs + dy_abs + turn == _estimate(dx, dy, heading, final), (dx, dy, heading, final)
