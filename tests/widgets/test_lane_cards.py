"""A lane carries its cards (LaneItem.cards): when lanes are stacked again, a lane that
moves takes its cards along in one move, and Qt still draws and finds every card where
the chain says it is: driven on the real canvas."""

from PySide6.QtCore import QPointF

from tests.picture import picture_problems
from tests.widgets.conftest import card_centre, drag
from tests.widgets.test_card_editing import lowest_card_of_a_lane, type_into_label


def cards_where_the_chain_says(scene) -> bool:
    """Every card in its lane's carrier, at the place its touchpoint gives, and found by
    Qt's index there (and its carrier's rect holds it, so Qt looks for it there)."""
    for touchpoint in scene.document.chain.touchpoints:
        item = scene.touchpoint_items[touchpoint.id]
        carrier = scene.lane_items[touchpoint.department].cards
        if item.parentItem() is not carrier or item.scenePos() != scene.scene_position(touchpoint):
            return False
        if not carrier.rect().contains(item.mapRectToParent(item.boundingRect())):
            return False
        if item not in scene.items(item.card_rect().center()):
            return False
    return True


def test_a_lane_that_grows_moves_the_cards_below_without_placing_them_one_by_one(window, qtbot, monkeypatch):
    scene = window.scene
    card, lane, next_lane = lowest_card_of_a_lane(window)
    below = [t.id for t in window.document.chain.touchpoints
             if list(scene.lane_tops).index(t.department) > list(scene.lane_tops).index(lane)]
    assert below
    before = {id: scene.touchpoint_items[id].card_rect() for id in below}
    placed = []
    place = scene._place_card
    monkeypatch.setattr(scene, "_place_card", lambda touchpoint: (placed.append(touchpoint.id), place(touchpoint))[1])
    top = scene.lane_tops[next_lane]
    type_into_label(window, qtbot, card, " and then checks every word of it twice over")
    grown = scene.lane_tops[next_lane] - top
    assert grown > 0
    assert set(placed) == {card}  # only the card typed into
    for id in below:
        assert scene.touchpoint_items[id].card_rect() == before[id].translated(0, grown)
        # Qt's index finds it at its new place, and no longer at its old one
        assert scene.touchpoint_items[id] in scene.items(before[id].center() + QPointF(0, grown))
    assert cards_where_the_chain_says(scene)
    qtbot.waitUntil(lambda: not scene.routing)
    # the router was told where the cards below went
    assert all(scene.router.cards[id].box == scene.touchpoint_items[id].box() for id in scene.touchpoint_items)
    assert picture_problems(scene) == []


def test_a_card_dragged_into_another_lane_moves_to_that_lanes_carrier(window, qtbot):
    scene = window.scene
    card, lane, next_lane = lowest_card_of_a_lane(window)
    item = scene.touchpoint_items[card]
    start = card_centre(window, card)
    target = scene.lane_items[next_lane].rect
    end = window.view.mapFromScene(QPointF(item.card_rect().center().x(), target.top() + target.height() / 2))
    drag(window, start, end)
    assert window.document.touchpoint(card).department == next_lane
    assert item.parentItem() is scene.lane_items[next_lane].cards
    assert cards_where_the_chain_says(scene)
    window.document.undo_stack.undo()
    assert item.parentItem() is scene.lane_items[lane].cards
    assert cards_where_the_chain_says(scene)


def test_a_card_dragged_far_outside_its_lane_is_still_drawn_and_found_there(window, qtbot):
    """While dragged, a card is still its old lane's: that lane's carrier grows to hold
    it, or Qt, which looks for a lane's cards only within it, would neither paint the
    card nor find it under the pointer."""
    scene, view = window.scene, window.view
    view.zoom_to_fit()
    lanes = list(scene.lane_tops)
    card = next(t.id for t in window.document.chain.touchpoints if t.department == lanes[0])
    item = scene.touchpoint_items[card]
    start = card_centre(window, card)
    last = scene.lane_items[lanes[-1]].rect
    end = view.mapFromScene(QPointF(item.card_rect().center().x(), last.top() + last.height() / 2))
    assert view.viewport().rect().contains(end)
    drag(window, start, end, release=False)
    assert item.parentItem() is scene.lane_items[lanes[0]].cards  # not dropped yet
    assert not scene.lane_items[lanes[0]].rect.intersects(item.card_rect())  # far outside it
    assert item.parentItem().rect().contains(item.mapRectToParent(item.boundingRect()))
    assert item in scene.items(item.card_rect().center())
