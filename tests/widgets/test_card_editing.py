"""Cards fit their text, can be made larger by hand, and labels can be moved along their
arrow: driven with the mouse on the real canvas."""

from PySide6.QtCore import QPointF

from models.chain import Size
from models.geometry import card_layout
from tests.picture import picture_problems
from tests.widgets.conftest import card_centre, click, drag, viewport_point

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


def test_typing_that_grows_a_lane_carries_the_lanes_below_with_their_routes(window, qtbot):
    """A word typed into the lowest card of a lane makes the lane taller: every lane
    below moves down, and the routes and labels in them move with them, shape and all."""
    scene, document = window.scene, window.document
    lanes = list(scene.lane_tops)
    lowest = {}
    for touchpoint in document.chain.touchpoints:
        box = scene.touchpoint_items[touchpoint.id].box()
        if box[3] > lowest.get(touchpoint.department, (None, -1.0))[1]:
            lowest[touchpoint.department] = (touchpoint.id, box[3])
    lane = next(lane for lane in lanes[:-1] if lane in lowest)
    below = set(lanes[lanes.index(lane) + 1:])
    moving = [id for id, item in scene.handoff_items.items()
              if {document.touchpoint(end).department for end in item.ends} <= below]
    assert moving
    before = {id: list(scene.handoff_items[id].points) for id in moving}
    labels_before = {id: [label.rect for label in scene.handoff_items[id].labels] for id in moving}
    tops_before = dict(scene.lane_tops)
    click(window, card_centre(window, lowest[lane][0]))
    field = window.inspector.label
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, " and then checks every word of it twice over")
    grown = scene.lane_tops[lanes[lanes.index(lane) + 1]] - tops_before[lanes[lanes.index(lane) + 1]]
    assert grown > 0

    def carried(point):
        return point[0], point[1] + grown

    for id in moving:
        assert list(scene.handoff_items[id].points) == [carried(point) for point in before[id]]
        assert [label.rect for label in scene.handoff_items[id].labels] == [
            (left, top + grown, right, bottom + grown) for left, top, right, bottom in labels_before[id]]
    assert picture_problems(scene) == []
