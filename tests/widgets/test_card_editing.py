"""Cards fit their text, can be made larger by hand, and labels can be moved along their
arrow: driven with the mouse on the real canvas."""

from PySide6.QtCore import QPointF

from models.chain import Size
from models.geometry import card_layout
from tests.widgets.conftest import click, drag, viewport_point

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
