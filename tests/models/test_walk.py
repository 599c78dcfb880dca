"""The walk along a chain: where it starts, how it goes on, chooses, goes back and ends."""

from __future__ import annotations

import pytest

from models.chain import Chain, Department, Handoff, Position, Touchpoint
from models.chain_file import load_chain
from models.walk import EmptyChain, Walk, flow_order
from resources.samples import FIRST_START_SAMPLE, sample_paths
from resources.templates import template_paths


def touchpoint(id: str, x: float, kind: str = "step", lane: str = "front") -> Touchpoint:
    return Touchpoint(id=id, label=id.title(), department=lane, kind=kind, position=Position(x=x, y=10))


def chain_of(touchpoints, links) -> Chain:
    """A chain with two lanes; `links` are (source, target) or (source, target, label)."""
    handoffs = [
        Handoff(id=f"h-{link[0]}-{link[1]}", source=link[0], target=link[1], label=(link[2] if len(link) > 2 else None))
        for link in links
    ]
    lanes = [Department(id="customer", name="Customer", role="customer"), Department(id="front", name="Front")]
    return Chain(title="Test", departments=lanes, touchpoints=touchpoints, handoffs=handoffs)


def walk_to_the_end(walk: Walk, limit: int = 10_000) -> list[str]:
    """Go on until the walk ends; the touchpoints in the order shown."""
    order = [walk.current]
    while walk.forward():
        order.append(walk.current)
        assert len(order) < limit, "the walk did not end"
    return order


@pytest.fixture
def retail():
    return load_chain(FIRST_START_SAMPLE)


def test_retail_starts_at_the_first_start_and_follows_the_handoffs(retail):
    walk = Walk(retail)
    assert walk.starts == ["tp-visit-showroom", "tp-order-online"]
    assert walk.current == "tp-visit-showroom" and walk.step == 1
    assert not walk.is_choice()
    walk.forward()
    assert walk.current == "tp-welcome-visitor" and walk.step == 2


def test_a_decision_offers_its_branches_in_flow_order_with_their_labels(retail):
    walk = Walk(retail)
    while walk.current != "tp-item-in-stock":
        assert walk.forward()
    options = walk.options()
    assert walk.is_choice(options)
    assert [(o.target, o.label) for o in options] == [("tp-offer-new-date", "No"), ("tp-pick-and-pack", "Yes")]
    assert [o.handoff for o in options] == ["h-not-in-stock", "h-in-stock"]
    walk.go(options[1])
    assert walk.current == "tp-pick-and-pack"
    assert walk.back() and walk.current == "tp-item-in-stock"


def test_back_retraces_the_path_and_stops_at_the_first_step(retail):
    walk = Walk(retail)
    walk.forward(), walk.forward()
    assert walk.path == ["tp-visit-showroom", "tp-welcome-visitor", "tp-advise-and-write-order"]
    assert walk.back() and walk.back()
    assert walk.current == "tp-visit-showroom"
    assert not walk.back()
    assert walk.current == "tp-visit-showroom"
    assert walk.shown == {"tp-visit-showroom", "tp-welcome-visitor", "tp-advise-and-write-order"}


def test_going_on_walks_every_sample_and_template_to_its_end(retail):
    """Going on and on takes the branches left behind and the other starts too, so the
    whole chain is shown once (every touchpoint there is reached from a start)."""
    for path in sample_paths() + template_paths():
        chain = load_chain(path)
        walk = Walk(chain)
        shown = walk_to_the_end(walk)
        assert len(shown) == len(set(shown)), path.name
        assert set(shown) == {t.id for t in chain.touchpoints}, path.name
        assert walk.unreached() == []
        assert walk.default_option() is None


def test_a_loop_back_is_offered_but_not_taken_by_going_on():
    chain = chain_of(
        [touchpoint("a", 0, "start"), touchpoint("b", 100), touchpoint("check", 200, "decision"), touchpoint("z", 300, "end")],
        [("a", "b"), ("b", "check"), ("check", "z", "OK"), ("check", "b", "Redo")],
    )
    walk = Walk(chain)
    assert walk_to_the_end(walk) == ["a", "b", "check", "z"]
    walk.back()
    options = walk.options()
    assert [(o.target, o.seen) for o in options] == [("b", True), ("z", False)]
    assert walk.default_option(options) == 1
    walk.go(options[0])  # the room chose the rework loop
    assert walk.current == "b" and walk.path == ["a", "b", "check", "b"]
    assert walk.step_of("b") == 2
    # Back at b after the loop, going on does not go round again: it takes what is new.
    assert [(o.kind, o.target) for o in walk.options()] == [("handoff", "check"), ("branch", "z")]
    assert walk.forward() and walk.current == "z"


def test_a_pure_cycle_ends_after_one_round():
    chain = chain_of([touchpoint("a", 0), touchpoint("b", 100), touchpoint("c", 200)], [("a", "b"), ("b", "c"), ("c", "a")])
    walk = Walk(chain)
    assert walk.starts == ["a"]  # no start, no touchpoint without a way in: the first one
    assert walk_to_the_end(walk) == ["a", "b", "c"]
    options = walk.options()
    assert [(o.target, o.seen) for o in options] == [("a", True)]
    assert walk.is_choice(options)


def test_without_a_start_kind_the_walk_starts_where_nothing_leads():
    chain = chain_of([touchpoint("b", 0), touchpoint("a", 100)], [("a", "b")])
    walk = Walk(chain)
    assert walk.starts == ["a"]
    assert walk_to_the_end(walk) == ["a", "b"]


def test_a_dead_end_goes_back_to_the_branch_left_behind_then_to_the_other_start():
    chain = chain_of(
        [touchpoint("s1", 0, "start"), touchpoint("s2", 0, "start", lane="front"), touchpoint("d", 100, "decision"),
         touchpoint("x", 200), touchpoint("y", 300)],
        [("s1", "d"), ("d", "x", "Yes"), ("d", "y", "No")],
    )
    walk = Walk(chain)
    assert walk.starts == ["s1", "s2"]  # same x: the customer's lane comes first
    walk.forward(), walk.forward()
    assert walk.current == "x"
    options = walk.options()
    assert [(o.kind, o.target, o.source, o.label) for o in options] == [
        ("branch", "y", "d", "No"),
        ("start", "s2", None, ""),
    ]
    assert walk.is_choice(options)
    assert walk.forward() and walk.current == "y"
    assert walk.forward() and walk.current == "s2"
    assert not walk.forward()
    assert walk.path == ["s1", "d", "x", "y", "s2"]


def test_isolated_touchpoints_are_reached_only_by_jumping():
    chain = chain_of([touchpoint("a", 0, "start"), touchpoint("b", 100), touchpoint("lonely", 50)], [("a", "b")])
    walk = Walk(chain)
    assert walk_to_the_end(walk) == ["a", "b"]
    assert walk.unreached() == ["lonely"]
    assert walk.order == ["a", "lonely", "b"] and walk.number("lonely") == 2
    walk.jump_to_number(2)
    assert walk.current == "lonely" and walk.unreached() == []
    assert walk.options() == [] and walk.default_option() is None
    assert walk.back() and walk.current == "b"
    with pytest.raises(IndexError, match="numbered 1 to 3"):
        walk.jump_to_number(4)
    with pytest.raises(KeyError):
        walk.jump_to("nowhere")


def test_jumping_to_the_current_touchpoint_adds_no_step(retail):
    walk = Walk(retail)
    walk.jump_to("tp-visit-showroom")
    assert walk.path == ["tp-visit-showroom"]


def test_restart_begins_again_at_a_chosen_start(retail):
    walk = Walk(retail)
    walk.forward()
    walk.restart("tp-order-online")
    assert walk.path == ["tp-order-online"]
    walk.restart()
    assert walk.path == ["tp-visit-showroom"]
    assert Walk(retail, start="tp-order-online").current == "tp-order-online"


def test_a_chain_without_touchpoints_cannot_be_walked():
    with pytest.raises(EmptyChain, match="no touchpoints"):
        Walk(chain_of([], []))


def test_flow_order_is_left_to_right_then_lane_then_top():
    chain = chain_of(
        [touchpoint("late", 300, lane="customer"), touchpoint("front", 0, lane="front"), touchpoint("cust", 0, lane="customer")],
        [],
    )
    assert [t.id for t in flow_order(chain)] == ["cust", "front", "late"]


def test_handoffs_to_one_target_with_ties_keep_file_order():
    chain = chain_of(
        [touchpoint("d", 0, "decision"), touchpoint("p", 100, lane="customer"), touchpoint("q", 100)],
        [("d", "q", "Second lane"), ("d", "p", "First lane")],
    )
    assert [o.target for o in Walk(chain).options()] == ["p", "q"]


def test_an_edited_chain_keeps_the_path_without_removed_touchpoints(retail):
    walk = Walk(retail)
    walk.forward(), walk.forward()
    retail.touchpoints = [t for t in retail.touchpoints if t.id != "tp-advise-and-write-order"]
    retail.handoffs = [h for h in retail.handoffs if "tp-advise-and-write-order" not in (h.source, h.target)]
    again = walk.refreshed(retail)
    assert again.path == ["tp-visit-showroom", "tp-welcome-visitor"]
    assert [(o.kind, o.target) for o in again.options()] == [("start", "tp-order-online")]
    assert again.shown == {"tp-visit-showroom", "tp-welcome-visitor"}
