"""Handoffs left off screen when lanes moved: each is carried by every move since it
started waiting, in one go (widgets/canvas/unshown.py)."""

from __future__ import annotations

from widgets.canvas.unshown import UnshownHandoffs

HANDOFFS_AT = {"a": ["h1", "h2"], "b": ["h3"], "c": ["h4"]}


def handoffs_at(cards) -> list[str]:
    return [id for card in cards for id in HANDOFFS_AT[card]]


def down(by: float):
    return lambda point: (point[0], point[1] + by)


def drawn(groups) -> dict[str, tuple]:
    """Where each handoff of `groups` is drawn, from its first point (0, 0)."""
    return {id: (carry((0.0, 0.0)), cards) for ids, carry, cards in groups for id in ids}


def test_a_handoff_waiting_when_lanes_move_again_is_carried_by_both_moves():
    unshown = UnshownHandoffs(handoffs_at)
    unshown.add_move(down(10), {"a", "b"}, shown={"h1"}, to_gather=[{"a", "b"}])
    assert drawn(unshown.draw_now({"h1"})) == {"h1": ((0.0, 10.0), {"a", "b"})}
    unshown.gather_some()
    assert unshown and not unshown.gathering  # h2 and h3 wait
    # lanes move again: h1 (drawn) and h3 (waiting) are at cards it moves, h4 too
    unshown.add_move(down(5), {"b", "c"}, shown={"h3"}, to_gather=[{"a", "c"}])
    assert drawn(unshown.draw_now({"h3"})) == {"h3": ((0.0, 15.0), {"a", "b", "c"})}  # both, at once
    unshown.gather_all()
    rest = drawn(unshown.take(10))
    assert rest == {
        "h2": ((0.0, 15.0), {"a", "b", "c"}),  # waiting since the first move: both
        "h1": ((0.0, 5.0), {"b", "c"}),  # drawn after the first: the second only
        "h4": ((0.0, 5.0), {"b", "c"}),
    }
    assert not unshown


def test_a_few_a_step_in_the_order_they_started_waiting():
    unshown = UnshownHandoffs(handoffs_at)
    unshown.add_move(down(1), {"a", "b", "c"}, shown=set(), to_gather=[["a"], ["b", "c"]])
    unshown.gather_all()
    assert [ids for ids, _carry, _cards in unshown.take(3)] == [["h1", "h2", "h3"]]
    assert [ids for ids, _carry, _cards in unshown.take(3)] == [["h4"]]
    assert not unshown
    unshown.add_move(down(2), {"a"}, shown=set(), to_gather=[{"a"}])
    unshown.clear()
    assert not unshown and list(unshown.take(5)) == []


def test_moves_are_forgotten_once_nothing_waits_for_them():
    unshown = UnshownHandoffs(handoffs_at)
    for _ in range(3):  # every handoff on screen: drawn at once, none waits
        unshown.add_move(down(1), {"b"}, shown={"h3"}, to_gather=[{"b"}])
        list(unshown.draw_now({"h3"}))
        unshown.gather_all()
    assert not unshown and unshown._moves == []
