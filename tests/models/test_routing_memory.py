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
ROUTER_BYTES_A_CARD = 7000  # 5,800 now; it was 8,400 with a card strip's bounds copied per strip
LABEL_BYTES_A_CARD = 1500  # 1,440 now; 1,580 with a list and a (column, row) tuple per grid cell


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
