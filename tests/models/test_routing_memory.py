"""What the router and the label placer keep after routing a chain stays small: the
editor keeps both for as long as the chain is open, and at 20,000 touchpoints they are
the larger part of its memory. The figures are Python's own allocations (tracemalloc),
which are the same on every run of the same code."""

import gc
import tracemalloc

from models.labels import HandoffTexts, LabelPlacer
from models.routing import Router
from tests.benchmarks.generate import synthetic_chain
from tests.benchmarks.routing_bench import scene_cards

CARDS = 2000
ROUTER_BYTES_A_CARD = 5000  # 4,560 now; 5,540 with the run index's (row, cell) keys, lists and (axis, run)
# pairs; 8,400 with a card strip's bounds copied per strip
# 1,630 now: 1,440 before the labels had a grid of their own as well as the one they share with the
# cards (it makes the arrows follow a lane growth at 20,000 touchpoints about a seventh quicker);
# 1,580 then with a list and a (column, row) tuple per grid cell
LABEL_BYTES_A_CARD = 1700


def _kept(make) -> tuple[object, int]:
    """What `make()` returns, and the bytes of Python objects it leaves allocated."""
    gc.collect()
    tracemalloc.start()
    try:
        made = make()
        gc.collect()
        return made, tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()


def test_a_routed_chain_and_its_labels_keep_few_bytes_a_card():
    chain = synthetic_chain(CARDS)
    cards, links = scene_cards(chain)

    def route() -> Router:
        router = Router(cards, links)
        router.route_all()
        return router

    router, router_bytes = _kept(route)
    texts = {handoff.id: HandoffTexts(handoff.label, handoff.passes, handoff.label_at) for handoff in chain.handoffs}
    boxes = {card_id: card.box for card_id, card in cards.items()}
    _placer, label_bytes = _kept(lambda: LabelPlacer(boxes, router.routes, texts))
    assert router_bytes < ROUTER_BYTES_A_CARD * CARDS
    assert label_bytes < LABEL_BYTES_A_CARD * CARDS


def test_the_memo_of_open_sides_is_let_go_once_the_ports_are_placed():
    router = Router(*scene_cards(synthetic_chain(200)))
    steps = router.routing_all()
    while not router._sides_of:  # (the card strips are filed first)
        next(steps)
    assert router._open_memo  # the port pass fills it...
    for _step in steps:
        pass
    assert router._routed and not router._open_memo  # ...and nothing reads it after


def test_every_strip_a_card_lies_in_shares_the_card_s_one_item():
    # a card 300 px high lies in five strips of 64 px: one item, not five copies
    router = Router(*scene_cards(synthetic_chain(200)))
    router.route_all()
    strips = router._card_strips()[0]  # horizontal runs: strips of y
    items: dict[str, set[int]] = {}
    for members in strips._members.values():
        for item in members:
            items.setdefault(item[4][0], set()).add(id(item))
    assert items and all(len(ids) == 1 for ids in items.values())


def test_the_strips_of_both_axes_share_a_card_s_near_box():
    # a run across either axis meets the same open box around a card: four floats, once
    router = Router(*scene_cards(synthetic_chain(200)))
    router.route_all()
    horizontal, vertical = router._card_strips()
    across_y = {item[4][0]: item for members in horizontal._members.values() for item in members}
    across_x = {item[4][0]: item for members in vertical._members.values() for item in members}
    assert across_y and across_y.keys() == across_x.keys()
    for card_id, item in across_y.items():
        other = across_x[card_id]
        assert item[0] is other[2] and item[1] is other[3] and item[2] is other[0] and item[3] is other[1]


def test_a_link_keeps_its_runs_and_stubs_without_room_to_grow():
    # 26,000 links at 20,000 touchpoints: a list's spare slots and an (axis, run) pair
    # each would cost megabytes
    router = Router(*scene_cards(synthetic_chain(200)))
    router.route_all()
    for table in (router._placed, router._stubs):
        assert table and all(type(runs) is tuple for runs in table.values())
        assert all(type(run) is tuple and len(run) == 6 for runs in table.values() for run in runs)
