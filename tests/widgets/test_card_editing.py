"""Cards fit their text, can be made larger by hand, and labels can be moved along their
arrow: driven with the mouse on the real canvas."""

import pytest
from PySide6.QtCore import QPointF

from models.chain import Size
from models.geometry import card_layout
from tests.picture import picture_problems
from tests.widgets.conftest import card_centre, click, drag, viewport_point
from widgets.canvas import scene as scene_module
from widgets.canvas import view as view_module

CARD = "tp-welcome-visitor"
HANDOFF = "h-reception-to-adviser"


def grip(window, touchpoint_id):
    rect = window.scene.touchpoint_items[touchpoint_id].card_rect()
    return viewport_point(window, rect.bottomRight())


def test_a_card_grows_with_its_label_and_shows_every_word(window):
    document = window.document
    item = window.scene.touchpoint_items[CARD]
    width, height = item.size()
    long = "Welcomes the visitor at the door, offers a coffee and finds a free adviser for them"
    document.set_fields(CARD, "Rename", label=long)
    assert item.size()[0] > width and item.size()[1] > height
    assert "".join(item.layout.lines).replace(" ", "") == long.replace(" ", "")
    # The lane grew with the card, so the card still lies inside it.
    lane = window.scene.lane_items[document.touchpoint(CARD).department]
    assert lane.rect.bottom() >= item.card_rect().bottom()
    # Its bounds (Qt's, kept with the size) grew too, so Qt repaints and finds all of it.
    assert item.sceneBoundingRect().contains(item.card_rect())
    rect = item.card_rect()
    assert item in window.scene.items(QPointF(rect.center().x(), rect.bottom() - 3))


def test_dragging_the_handle_resizes_the_card_in_one_undo_step(window, qtbot):
    item = window.scene.touchpoint_items[CARD]
    click(window, viewport_point(window, item.card_rect().center()))
    assert item.isSelected()
    width, height = item.size()
    start = grip(window, CARD)
    drag(window, start, start + QPointF(80, 50).toPoint())
    touchpoint = window.document.touchpoint(CARD)
    assert touchpoint.size is not None
    assert abs(touchpoint.size.w - (width + 80)) <= 2 and abs(touchpoint.size.h - (height + 50)) <= 2
    assert item.size() == (touchpoint.size.w, touchpoint.size.h)
    assert window.document.undo_stack.undoText() == "Resize touchpoint"
    window.document.undo_stack.undo()
    assert window.document.touchpoint(CARD).size is None
    assert item.size() == (width, height)


def test_a_card_made_too_small_still_shows_its_text(window):
    item = window.scene.touchpoint_items[CARD]
    click(window, viewport_point(window, item.card_rect().center()))
    start = grip(window, CARD)
    drag(window, start, start - QPointF(200, 200).toPoint())
    touchpoint = window.document.touchpoint(CARD)
    layout = card_layout(touchpoint.kind, touchpoint.label, (touchpoint.size.w, touchpoint.size.h))
    assert item.layout.lines == layout.lines
    assert item.size() == (touchpoint.size.w, touchpoint.size.h)
    assert touchpoint.size.w < 150  # narrower than it was, so taller than it was
    assert "".join(item.layout.lines).replace(" ", "") == touchpoint.label.replace(" ", "")
    assert item.layout.label_top + len(item.layout.lines) * item.layout.line_height <= item.size()[1]


def test_fit_cards_to_text_forgets_a_manual_size(window):
    document = window.document
    document.set_fields(CARD, "Resize touchpoint", size=Size(w=300, h=150))
    window.view.select([CARD])
    window.actions_by_id["arrange.fit_text"].trigger()
    assert document.touchpoint(CARD).size is None
    assert window.scene.touchpoint_items[CARD].size()[0] < 300


def test_a_dragged_label_stays_where_it_was_put(window):
    scene = window.scene
    item = scene.handoff_items[HANDOFF]
    rect = item.label_rect("passes")
    assert rect is not None
    start = viewport_point(window, rect.center())
    end_scene = QPointF(*item.points[-1])  # towards the arrow's end
    drag(window, start, viewport_point(window, end_scene))
    handoff = window.document.handoff(HANDOFF)
    assert handoff.label_at is not None and handoff.label_at > 0.6
    assert window.document.undo_stack.undoText() == "Move label"
    # Moving the card it points at keeps the pill at that share of the new route.
    before = item.label_rect("passes")
    window.view.select([handoff.target])
    window.view.nudge(0, 20)
    after = item.label_rect("passes")
    assert after != before
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.handoff(HANDOFF).label_at is None


def lowest_card_of_a_lane(window) -> tuple[str, str, str]:
    """(the lowest card of the first lane with one, that lane, the lane below it)."""
    scene, document = window.scene, window.document
    lowest = {}
    for touchpoint in document.chain.touchpoints:
        box = scene.touchpoint_items[touchpoint.id].box()
        if box[3] > lowest.get(touchpoint.department, (None, -1.0))[1]:
            lowest[touchpoint.department] = (touchpoint.id, box[3])
    lanes = list(scene.lane_tops)
    lane = next(lane for lane in lanes[:-1] if lane in lowest)
    return lowest[lane][0], lane, lanes[lanes.index(lane) + 1]


def handoffs_below(window, lane: str) -> list[str]:
    """The handoffs both of whose cards lie in lanes below `lane`."""
    lanes = list(window.scene.lane_tops)
    below = set(lanes[lanes.index(lane) + 1:])
    document = window.document
    return [id for id, item in window.scene.handoff_items.items()
            if {document.touchpoint(end).department for end in item.ends} <= below]


def drawn(window, ids) -> dict[str, tuple[list, list]]:
    """What the canvas draws of these handoffs: their corners and their labels' rects."""
    items = window.scene.handoff_items
    return {id: (list(items[id].points), [label.rect for label in items[id].labels]) for id in ids}


def moved_down(drawing: dict[str, tuple[list, list]], by: float) -> dict[str, tuple[list, list]]:
    return {id: ([(x, y + by) for x, y in points], [(l, t + by, r, b + by) for l, t, r, b in rects])
            for id, (points, rects) in drawing.items()}


def type_into_label(window, qtbot, card: str, text: str) -> None:
    click(window, card_centre(window, card))
    field = window.inspector.label
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize("in_steps", [False, True], ids=["at once", "over event-loop turns"])
def test_typing_that_grows_a_lane_carries_the_lanes_below_with_their_routes(window, qtbot, monkeypatch, in_steps):
    """A word typed into the lowest card of a lane makes the lane taller: every lane
    below moves down, and the routes and labels in them move with them, shape and all.
    A large chain draws them so at once and routes them again over the next turns of the
    event loop (here: a sample, with the threshold for that lowered)."""
    if in_steps:
        monkeypatch.setattr(scene_module, "FOLLOW_IN_STEPS_ABOVE", 0)
    scene = window.scene
    card, lane, next_lane = lowest_card_of_a_lane(window)
    moving = handoffs_below(window, lane)
    assert moving
    before, top = drawn(window, moving), scene.lane_tops[next_lane]
    type_into_label(window, qtbot, card, " and then checks every word of it twice over")
    grown = scene.lane_tops[next_lane] - top
    assert grown > 0
    assert drawn(window, moving) == moved_down(before, grown)  # drawn so at once
    assert scene.routing == in_steps
    at_card = [id for id, item in scene.handoff_items.items() if card in item.ends]
    # the grown card's own arrows: drafts until routed again, even once painted
    assert all(scene.handoff_items[id].points for id in at_card)
    assert all(scene.handoff_items[id].drafted == in_steps for id in at_card)
    qtbot.waitUntil(lambda: not scene.routing)
    assert drawn(window, moving) == moved_down(before, grown)  # and routed so
    assert all(list(item.points) == scene.router.routes[id] for id, item in scene.handoff_items.items())
    assert not any(item.drafted for item in scene.handoff_items.values())
    assert picture_problems(scene) == []


def test_edits_while_the_lanes_are_followed_are_followed_too(window, qtbot, monkeypatch):
    monkeypatch.setattr(scene_module, "FOLLOW_IN_STEPS_ABOVE", 0)
    scene = window.scene
    card, lane, next_lane = lowest_card_of_a_lane(window)
    moving = handoffs_below(window, lane)
    before, top = drawn(window, moving), scene.lane_tops[next_lane]
    type_into_label(window, qtbot, card, " and then checks every word of it twice over")
    assert scene.routing
    first = scene.lane_tops[next_lane] - top
    # while they are followed, more words: the lane grows again
    qtbot.keyClicks(window.inspector.label, ", and once more, slowly and carefully, before it is sent on")
    grown = scene.lane_tops[next_lane] - top
    assert grown > first > 0
    assert drawn(window, moving) == moved_down(before, grown)
    qtbot.waitUntil(lambda: not scene.routing)
    assert drawn(window, moving) == moved_down(before, grown)
    assert all(list(item.points) == scene.router.routes[id] for id, item in scene.handoff_items.items())
    assert picture_problems(scene) == []


def test_laying_out_again_while_the_lanes_are_followed_routes_everything_afresh(window, qtbot, monkeypatch):
    monkeypatch.setattr(scene_module, "FOLLOW_IN_STEPS_ABOVE", 0)
    scene = window.scene
    card, _lane, _next_lane = lowest_card_of_a_lane(window)
    type_into_label(window, qtbot, card, " and then checks every word of it twice over")
    assert scene.routing
    scene.relayout()  # as a change of the lanes does: every handoff routed afresh
    qtbot.waitUntil(lambda: not scene.routing)
    fresh = scene_module.Router(dict(scene.router.cards), list(scene.router.links.values())).route_all()
    assert all(list(item.points) == fresh[id] for id, item in scene.handoff_items.items())
    assert picture_problems(scene) == []


def on_screen(window, ids) -> list[str]:
    """The handoffs whose drawing reaches into the canvas's visible area."""
    view = window.view
    area = view.mapToScene(view.viewport().rect()).boundingRect()
    items = window.scene.handoff_items
    return [id for id in ids if items[id].sceneBoundingRect().intersects(area)]


def zoomed_in_on_a_card_that_grows_its_lane(window, qtbot, monkeypatch):
    """The canvas at four times, on the lowest card of a lane, with its label already
    typed into (selecting the card scrolls to it), in a chain that follows moved lanes
    over turns of the event loop (the threshold lowered): (the card, the lane below, the
    handoffs below, what the canvas draws of them)."""
    monkeypatch.setattr(scene_module, "FOLLOW_IN_STEPS_ABOVE", 0)
    scene = window.scene
    card, lane, next_lane = lowest_card_of_a_lane(window)
    moving = handoffs_below(window, lane)
    type_into_label(window, qtbot, card, " and then")
    qtbot.waitUntil(lambda: not scene.routing)
    view = window.view
    view.resetTransform()
    view.scale(4.0, 4.0)
    view.centerOn(scene.touchpoint_items[card].card_rect().center())
    qtbot.wait(10)
    return card, next_lane, moving, drawn(window, moving)


def test_arrows_off_screen_follow_their_lanes_over_the_next_turns(window, qtbot, monkeypatch):
    """A large chain carries the arrows on screen along at once and the others over the
    next turns of the event loop: at 20,000 touchpoints, carrying them all held the
    editor half a second for one word typed."""
    scene = window.scene
    _card, next_lane, moving, before = zoomed_in_on_a_card_that_grows_its_lane(window, qtbot, monkeypatch)
    top, visible = scene.lane_tops[next_lane], on_screen(window, moving)
    qtbot.keyClicks(window.inspector.label, " checks every word of it twice over")
    grown = scene.lane_tops[next_lane] - top
    assert grown > 0 and scene.routing
    now, carried = drawn(window, moving), moved_down(before, grown)
    assert {id: now[id] for id in visible} == {id: carried[id] for id in visible}  # on screen: at once
    assert any(now[id] == before[id] for id in moving)  # off screen: still where they were
    qtbot.waitUntil(lambda: not scene.routing)
    assert drawn(window, moving) == carried
    assert all(list(item.points) == scene.router.routes[id] for id, item in scene.handoff_items.items())
    assert picture_problems(scene) == []


def test_lanes_on_screen_take_their_place_at_once_and_the_others_over_the_next_turns(window, qtbot, monkeypatch):
    """Lanes that moved are placed at once where a view shows them (found by bisection
    among the lanes below the edit), the others over the next turns."""
    scene, view = window.scene, window.view
    _card, next_lane, _moving, _drawn = zoomed_in_on_a_card_that_grows_its_lane(window, qtbot, monkeypatch)
    view.centerOn(view.mapToScene(view.viewport().rect().center()).x(), scene.lane_tops[next_lane])
    area = view.mapToScene(view.viewport().rect()).boundingRect()
    tops = dict(scene.lane_tops)
    qtbot.keyClicks(window.inspector.label, " checks every word of it twice over")
    assert scene.routing

    def placed(id) -> bool:
        return scene.lane_items[id].rect.top() == scene.lane_tops[id]

    moved = [id for id, top in scene.lane_tops.items() if top != tops[id]]
    shown = [id for id in moved if scene.lane_items[id].rect.intersects(area) or
             area.top() <= scene.lane_tops[id] <= area.bottom()]
    assert next_lane in shown and all(placed(id) for id in shown)  # on screen: at once
    assert not all(placed(id) for id in moved)  # off screen: over the next turns
    qtbot.waitUntil(lambda: not scene.routing)
    assert all(placed(id) for id in scene.lane_tops)
    assert picture_problems(scene) == []


def test_an_edit_before_the_arrows_off_screen_followed_carries_them_first(window, qtbot, monkeypatch):
    """An edit that grows the lane again while the arrows of the one before still
    follow: those on screen are carried at once, the others over the next turns, by
    both edits in one go when the first left them waiting, and before they are routed
    again (at 20,000 touchpoints, carrying them all at once held each such edit 0.4 s)."""
    scene, document = window.scene, window.document
    card, next_lane, moving, before = zoomed_in_on_a_card_that_grows_its_lane(window, qtbot, monkeypatch)
    top, field = scene.lane_tops[next_lane], window.inspector.label
    qtbot.keyClicks(field, " checks every word of it twice over")
    assert any(drawn(window, [id])[id] == before[id] for id in moving)  # some not carried yet
    first = scene.lane_tops[next_lane] - top
    # before a turn of the event loop, the lane grows again, the view on an arrow below
    view = window.view
    view.resetTransform()
    view.scale(2.0, 2.0)
    view.centerOn(*scene.handoff_items[moving[0]].points[0])
    label = document.touchpoint(card).label
    document.set_fields(card, "Rename", label=label + ", and once more, slowly and carefully, before it is sent on")
    grown = scene.lane_tops[next_lane] - top
    assert grown > first and scene.routing
    visible, now, carried = on_screen(window, moving), drawn(window, moving), moved_down(before, grown)
    assert visible and {id: now[id] for id in visible} == {id: carried[id] for id in visible}  # on screen: at once
    assert any(now[id] != carried[id] for id in moving)  # off screen: over the next turns
    placed = [scene.lane_items[id].rect.top() == top for id, top in scene.lane_tops.items()]
    assert not all(placed)  # the lanes off screen, over the next turns too
    qtbot.waitUntil(lambda: not scene.routing)
    assert drawn(window, moving) == carried
    assert all(scene.lane_items[id].rect.top() == top for id, top in scene.lane_tops.items())
    assert all(list(item.points) == scene.router.routes[id] for id, item in scene.handoff_items.items())
    assert picture_problems(scene) == []


def test_typing_that_grows_a_card_of_a_large_chain_routes_its_arrows_over_the_next_turns(window, qtbot, monkeypatch):
    """In a chain routed in the background, an edit is routed at once for EDIT_AT_ONCE and
    the rest over the next turns, the grown card's arrows drafts meanwhile (at 20,000
    touchpoints one keystroke that grew a card with a handoff across hundreds of lanes
    held the editor half a second). Edits made meanwhile are routed after it. Here: a
    sample, with both thresholds lowered."""
    monkeypatch.setattr(scene_module, "BACKGROUND_ROUTING_ABOVE", 0)
    monkeypatch.setattr(scene_module, "EDIT_AT_ONCE", 0.0)
    scene, document = window.scene, window.document
    monkeypatch.setattr(scene.router_steps, "budget", 0.0)  # one step a turn
    card = next(id for id in scene.touchpoint_items if sum(id in item.ends for item in scene.handoff_items.values()) >= 2)
    at_card = [id for id, item in scene.handoff_items.items() if card in item.ends]
    size = scene.touchpoint_items[card].size()
    type_into_label(window, qtbot, card, " and then checks every word of it twice over")
    assert scene.touchpoint_items[card].size() != size
    assert scene.routing
    assert all(scene.handoff_items[id].drafted for id in at_card)
    # meanwhile, a handoff is added: drawn as a draft, routed once the edit is
    source, target = (t.id for t in document.chain.touchpoints[:2])
    added = document.connect(source, target)
    assert scene.handoff_items[added].drafted
    qtbot.waitUntil(lambda: not scene.routing)
    assert scene.router_steps.turns > 1
    assert added in scene.router.routes
    assert not any(item.drafted for item in scene.handoff_items.values())
    assert all(list(item.points) == scene.router.routes[id] for id, item in scene.handoff_items.items())
    assert picture_problems(scene) == []


def test_zoomed_out_to_the_miniature_an_edit_leaves_every_arrow_to_the_next_turns(window, qtbot, monkeypatch):
    """Zoomed out so far that the canvas paints its miniature, no arrow is painted as an
    item: an edit that moves lanes carries none at once (at 20,000 touchpoints, carrying
    them all held the editor 0.4 s), all over the next turns; the lanes take their
    bands at once, which the miniature draws."""
    monkeypatch.setattr(view_module, "MINIATURE_ABOVE", 0)
    scene, view = window.scene, window.view
    _card, next_lane, moving, before = zoomed_in_on_a_card_that_grows_its_lane(window, qtbot, monkeypatch)
    view.set_zoom(0.2)
    assert scene.miniature_mode
    top = scene.lane_tops[next_lane]
    qtbot.keyClicks(window.inspector.label, " checks every word of it twice over")
    grown = scene.lane_tops[next_lane] - top
    assert grown > 0 and scene.routing
    assert drawn(window, moving) == before  # none carried yet
    assert all(scene.lane_items[id].rect.top() == top for id, top in scene.lane_tops.items())
    qtbot.waitUntil(lambda: not scene.routing)
    assert all(list(item.points) == scene.router.routes[id] for id, item in scene.handoff_items.items())
    view.set_zoom(1.0)
    assert not scene.miniature_mode
    assert picture_problems(scene) == []
