"""Long handoffs down free channels (models.routing.channels): Zs in the free lines of a
crowded gap without a search, closer when the gap is full, and clean pictures for
tall chains whose handoffs cross many rows."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.picture_check import all_problems
from models.routing import Card, Link, Router, channels
from models.routing.constants import BUDGET, CROWDED, SEPARATION, TOUCH
from models.routing.shapes import Frame


def two_columns(rows: int, gap: float) -> dict[str, Card]:
    """Cards a0.. and b0.. in two columns `gap` apart, a row every 150 px."""
    cards = {}
    for row in range(rows):
        top = row * 150.0
        cards[f"a{row}"] = Card((0.0, top, 160.0, top + 64.0), "step")
        cards[f"b{row}"] = Card((160.0 + gap, top, 320.0 + gap, top + 64.0), "step")
    return cards


def middles(routes, ids) -> list[float]:
    """The x of each Z's middle run."""
    found = []
    for link_id in ids:
        route = routes[link_id]
        assert len(route) == 4, route  # a Z: out, down the gap, in
        found.append(route[1][0])
    return found


def test_long_links_down_a_crowded_gap_take_free_lines_without_a_search():
    # Handoffs five rows down fill the middle of the gap, a separation apart, all the
    # way down: the few places the fast shapes try for a long Z are all taken
    # somewhere along it. The long links still get plain Zs, in lines left free.
    rows, skip = 60, 5
    cards = two_columns(rows, 170.0)
    links = [Link(f"s{row}", f"a{row}", f"b{row + skip}") for row in range(rows - skip)]
    longs = [Link(f"long{k}", f"a{k}", f"b{rows - 1 - k}") for k in range(3)]
    router = Router(cards, links + longs)
    routes = router.route_all()
    assert all_problems(cards, links + longs, routes) == []
    middles(routes, [link.id for link in longs])
    assert router._budget == BUDGET  # not one search step


def test_more_long_links_than_a_gap_holds_apart_go_closer_never_on_one_line():
    # A 60 px gap holds five lines a SEPARATION apart clear of the cards: eight long
    # links share it CROWDED, every one a Z, no two on one line.
    rows = 40
    cards = two_columns(rows, 60.0)
    longs = [Link(f"long{k}", f"a{k}", f"b{rows - 1 - k}") for k in range(8)]
    router = Router(cards, longs)
    routes = router.route_all()
    assert all_problems(cards, longs, routes) == []
    lines = sorted(middles(routes, [link.id for link in longs]))
    gaps = [b - a for a, b in zip(lines, lines[1:])]
    assert min(gaps) >= CROWDED - 1e-9 > TOUCH
    assert min(gaps) < SEPARATION
    assert router._budget == BUDGET


@st.composite
def tall_chains(draw):
    """A few columns of cards down a tall page (a row every 150 to 900 px, a card in
    four places of five), and handoffs mostly from the top rows to the bottom ones,
    many through the same gaps, some anywhere."""
    columns = draw(st.integers(2, 4))
    rows = draw(st.integers(8, 24))
    row_pitch = draw(st.sampled_from([150.0, 400.0, 900.0]))
    cards = {}
    for column in range(columns):
        for row in range(rows):
            if draw(st.integers(0, 4)) == 0:
                continue
            width = draw(st.floats(120, 200))
            left = column * 340.0 + draw(st.floats(0, 1)) * (300.0 - width)
            top = row * row_pitch + draw(st.floats(0, 1)) * (row_pitch - 100.0)
            cards[f"c{column}-{row}"] = Card((left, top, left + width, top + draw(st.floats(52, 90))),
                                             draw(st.sampled_from(["step", "step", "decision", "start"])))
    ids = sorted(cards, key=lambda card_id: cards[card_id].box[1])
    links = []
    if len(ids) >= 4:
        top, bottom = ids[: len(ids) // 3], ids[-(len(ids) // 3):]
        for number in range(draw(st.integers(4, 30))):
            if draw(st.integers(0, 3)) == 0:  # anywhere
                source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            else:  # from the top rows to the bottom ones, or back
                source, target = draw(st.sampled_from(top)), draw(st.sampled_from(bottom))
                if draw(st.booleans()):
                    source, target = target, source
            links.append(Link(f"l{number}", source, target))
    return cards, links


def routed(chain: tuple[dict[str, Card], list[Link]]) -> Router:
    """A router that has routed every link of `chain`."""
    router = Router(*chain)
    router.route_all()
    return router


def drawn_range(data) -> tuple[float, float]:
    """A range of lines across, (low, high), as a channel route looks at one."""
    low = data.draw(st.floats(-3000, 3000))
    return low, low + data.draw(st.floats(0, 6000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tall_chains())
def test_tall_chains_with_handoffs_across_many_rows_draw_cleanly(chain):
    cards, links = chain
    routes = Router(cards, links).route_all()
    assert all_problems(cards, links, routes) == []
    assert set(routes) == {link.id for link in links}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tall_chains(), st.data())
def test_channels_looked_for_in_growing_windows_are_those_of_the_whole_range(chain, data):
    # A wide range is first looked at near the wanted places (channels.WINDOW), then
    # wider until the free stretches nearest them all lie inside: the places offered
    # are those the whole range at once gives, even to a cost that likes them far off.
    router = routed(chain)
    for _ in range(4):
        frame = Frame(data.draw(st.integers(0, 3)))
        along_u = data.draw(st.booleans())
        low, high = drawn_range(data)
        span_a = data.draw(st.floats(-1000, 20000))
        span_b = span_a + data.draw(st.floats(-20000, 20000))
        anchors = [data.draw(st.floats(low - 500, high + 500)) for _ in range(data.draw(st.integers(1, 3)))]
        far = data.draw(st.booleans())

        def cost(place, anchor=anchors[0], far=far):
            return -abs(place - anchor) if far else abs(place - anchor)

        def places(window):
            at_once = channels.WINDOW
            try:
                channels.WINDOW = window
                return list(router._channels(frame, along_u, low, high, span_a, span_b, "none", cost, anchors))
            finally:
                channels.WINDOW = at_once

        assert places(channels.WINDOW) == places(math.inf)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tall_chains(), st.data())
def test_what_a_span_meets_kept_for_one_channel_route_gives_the_places_asked_fresh(chain, data):
    # While one link's channel route is sought, what a long span meets is kept and only
    # widened (_span_across): tiers, doglegs and windows asking of the same span, each a
    # different range, get the places they would get asked afresh.
    router = routed(chain)
    frame = Frame(data.draw(st.integers(0, 3)))
    along_u = data.draw(st.booleans())
    span_a = data.draw(st.floats(-1000, 20000))
    span_b = span_a + data.draw(st.sampled_from([-1.0, 1.0])) * data.draw(st.floats(0, 20000))
    router._spans = channels._Seen()
    for _ in range(4):
        low, high = drawn_range(data)
        anchors = [data.draw(st.floats(low - 500, high + 500)) for _ in range(data.draw(st.integers(1, 3)))]

        def cost(place, anchor=anchors[0]):
            return abs(place - anchor)

        kept = list(router._channels(frame, along_u, low, high, span_a, span_b, "none", cost, anchors))
        spans, router._spans = router._spans, None
        fresh = list(router._channels(frame, along_u, low, high, span_a, span_b, "none", cost, anchors))
        router._spans = spans
        assert kept == fresh


@given(st.lists(st.floats(-500, 1500), max_size=8), st.lists(st.floats(-600, 1600), max_size=30),
       st.sampled_from([CROWDED, SEPARATION]))
def test_stretches_apart_from_sorted_lines_are_those_of_their_intervals(ends, lines, apart):
    # free stretches as a window's are (sorted, apart), each taken on its own
    ends = sorted(ends)
    free = [(ends[index], ends[index + 1]) for index in range(0, len(ends) - 1, 2)]
    lines = sorted(set(lines))
    taken = [(at - apart, at + apart) for at in lines]
    assert channels._apart_from(free, lines, apart) == \
        [stretch for low, high in free for stretch in channels._uncovered(low, high, taken)]


def test_a_stretch_s_lines_are_gone_through_once_for_the_windows_of_one_span():
    # a grown window holds the smaller one's inner stretches: their answers are kept
    lines = [10.0, 30.0, 100.0, 130.0]
    known = {}
    small = channels._apart_from([(0.0, 50.0), (90.0, 140.0)], lines, SEPARATION, known)
    assert small == [(0.0, 2.0), (18.0, 22.0), (38.0, 50.0), (90.0, 92.0), (108.0, 122.0), (138.0, 140.0)]
    assert set(known) == {(0.0, 50.0), (90.0, 140.0)}
    known[(0.0, 50.0)] = ["kept"]  # taken as kept, not made again
    grown = channels._apart_from([(0.0, 50.0), (90.0, 160.0)], lines + [150.0], SEPARATION, known)
    assert grown == ["kept", (90.0, 92.0), (108.0, 122.0), (138.0, 142.0), (158.0, 160.0)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tall_chains(), st.data())
def test_a_window_s_free_stretches_are_those_every_line_of_its_range_leaves(chain, data):
    # Other routes' lines are asked for only beside the stretches the cards leave free
    # (_lines_beside): those inside a card's stretch take nothing more from a window.
    router = routed(chain)
    for _ in range(4):
        vertical = data.draw(st.booleans())
        low, high = drawn_range(data)
        span_low = data.draw(st.floats(-1000, 20000))
        span_high = span_low + data.draw(st.floats(0, 20000))
        apart = data.draw(st.sampled_from([SEPARATION, CROWDED]))
        free, stretches = router._window(vertical, low, high, span_low, span_high, "none", apart)
        every_line = sorted(router._runs_meeting(1 if vertical else 0, [(low, high)], span_low, span_high,
                                                 SEPARATION, "none"))
        assert stretches == channels._apart_from(free, every_line, apart)
