"""Stages on the canvas: their band above the lanes, their columns, and dropping a card into one."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.document import Document
from models.stage_columns import MIN_COLUMN_WIDTH
from tests.picture import picture_problems
from tests.widgets.conftest import card_centre, drag, viewport_point
from widgets.canvas.scene import ChainScene
from widgets.canvas.stage_band import LEAST_BAND_HEIGHT, band_fill
from widgets.canvas.style import HEADER_WIDTH

STAGES = ("Visit", "Order", "Delivery")


def stage_of_x(ids, x: float) -> str:
    return ids[0] if x < 600 else ids[1] if x < 1600 else ids[2]


def add_stages(document: Document) -> list[str]:
    """Three stages, every card in the one its place says (as a user would assign them)."""
    ids = [document.add_stage(name) for name in STAGES]
    for touchpoint in document.chain.touchpoints:
        document.set_fields(touchpoint.id, "Stage", stage=stage_of_x(ids, touchpoint.position.x))
    return ids


def staged(window) -> tuple[Document, ChainScene, list[str]]:
    """The window's document in three stages, and its scene. (A Document with undo steps
    and a scene of its own is left to the window: collected as garbage together, the two
    crash PySide, with or without stages.)"""
    return window.document, window.scene, add_stages(window.document)


def drag_card(window, id: str, centre: QPointF) -> None:
    """Drag card `id` by its centre to scene point `centre` (both scrolled into view first)."""
    viewport_point(window, centre)
    drag(window, card_centre(window, id), window.view.mapFromScene(centre))


def test_no_stages_no_band(window):
    scene = window.scene
    assert scene.stage_band.band_rect().isEmpty()
    assert scene.content_rect().top() == 0.0


def test_the_band_names_every_stage_above_the_lanes_in_its_column(window):
    document, scene, ids = staged(window)
    band = scene.stage_band
    assert [column.stage for column in band.columns] == ids
    assert band.band_rect().bottom() == 0.0 and band.band_rect().height() >= LEAST_BAND_HEIGHT
    assert scene.content_rect().top() == band.band_rect().top()  # fit and exports show it
    assert scene.scroll_rect().top() < band.band_rect().top()
    for column in band.columns:  # each column holds its cards
        for touchpoint in document.chain.touchpoints:
            if touchpoint.stage == column.stage:
                card = scene.touchpoint_items[touchpoint.id].card_rect()
                assert HEADER_WIDTH + column.left <= card.left() and card.right() <= HEADER_WIDTH + column.right
    # Behind the cards and the routes, above the lanes.
    assert band.zValue() < min(item.zValue() for item in scene.touchpoint_items.values())
    assert band.zValue() < min(item.zValue() for item in scene.handoff_items.values())
    assert band.zValue() > max(item.zValue() for item in scene.lane_items.values())
    assert picture_problems(scene) == []


def test_a_long_name_wraps_in_its_column_and_the_band_grows(window):
    document, scene, ids = staged(window)
    before = scene.stage_band.band_rect().height()
    long_name = "Aftercare, complaints and the customer's questions about the invoice"
    document.add_stage(long_name)  # no cards: the least width, after Delivery
    band = scene.stage_band
    last = band.columns[-1]
    assert last.right - last.left == MIN_COLUMN_WIDTH
    assert len(band.name_lines(last)) > 1
    assert band.band_rect().height() > before
    assert scene.content_rect().right() >= HEADER_WIDTH + last.right
    assert picture_problems(scene) == []


def test_columns_follow_renames_reorders_and_moved_cards(window):
    document, scene, ids = staged(window)
    document.set_fields(ids[0], "Rename stage", name="Browse")
    assert scene.stage_band.names[ids[0]] == "Browse"
    document.move_stage(ids[2], 0)
    assert [column.stage for column in scene.stage_band.columns] == [ids[2], ids[0], ids[1]]
    document.undo_stack.undo()
    order_right = scene.stage_band.columns[1].right
    card = next(t for t in document.chain.touchpoints if t.stage == ids[1])
    document.set_fields(card.id, "Stage", stage=ids[2])  # its column no longer reaches there
    assert scene.stage_band.columns[1].right != order_right
    document.remove_stage(ids[1])
    assert [column.stage for column in scene.stage_band.columns] == [ids[0], ids[2]]


def test_dropping_a_card_in_another_column_moves_it_into_that_stage_in_one_step(window, qtbot):
    document, scene = window.document, window.scene
    ids = add_stages(document)
    card = document.touchpoint("tp-welcome-visitor")  # in the first column
    assert card.stage == ids[0]
    place, steps = card.position.model_copy(), document.undo_stack.count()
    order = scene.stage_band.columns[1]
    rect = scene.touchpoint_items[card.id].card_rect()
    target = QPointF(HEADER_WIDTH + (order.left + order.right) / 2, rect.center().y())
    drag_card(window, card.id, target)
    moved = document.touchpoint(card.id)
    assert moved.stage == ids[1]
    assert moved.position.x > place.x and order.left < moved.position.x + rect.width() / 2 < order.right
    assert document.undo_stack.count() == steps + 1
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = document.touchpoint(card.id)
    assert back.stage == ids[0] and back.position == place


def test_a_drop_within_its_column_or_right_of_every_column_keeps_the_stage(window):
    document, scene = window.document, window.scene
    ids = add_stages(document)
    card = document.touchpoint("tp-welcome-visitor")
    x = card.position.x
    rect = scene.touchpoint_items[card.id].card_rect()
    drag_card(window, card.id, rect.center() + QPointF(60, 0))
    assert document.touchpoint(card.id).position.x > x
    assert document.touchpoint(card.id).stage == ids[0]
    assert document.undo_stack.undoText() == "Move 1 touchpoint"  # a plain move
    last = document.touchpoint("tp-order-closed")
    x = last.position.x
    rect = scene.touchpoint_items[last.id].card_rect()
    beyond = QPointF(HEADER_WIDTH + scene.stage_band.columns[-1].right + rect.width(), rect.center().y())
    drag_card(window, last.id, beyond)
    assert document.touchpoint(last.id).position.x > x
    assert document.touchpoint(last.id).stage == ids[2]


def test_without_stages_a_drop_sets_no_stage(window):
    document, scene = window.document, window.scene
    card = document.touchpoint("tp-welcome-visitor")
    x = card.position.x
    rect = scene.touchpoint_items[card.id].card_rect()
    drag_card(window, card.id, rect.center() + QPointF(700, 0))
    assert document.touchpoint(card.id).position.x > x
    assert document.touchpoint(card.id).stage is None


def test_the_band_runs_on_across_the_pinned_lane_names(window):
    document, view = window.document, window.view
    add_stages(document)
    names = view.findChild(QWidget, "pinnedLaneNames")
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    QApplication.processEvents()
    assert names.isVisible()
    band = window.scene.stage_band.band_rect()
    y = view.mapFromScene(QPointF(0, band.center().y())).y()
    picture = names.grab().toImage()
    assert picture.pixelColor(names.width() // 2, y).rgb() == band_fill(window.scene.theme).rgb()


def test_an_edit_that_keeps_the_card_in_place_measures_the_columns_only_when_its_stage_changes(window, monkeypatch):
    import widgets.canvas.scene as scene_module

    document, scene, ids = staged(window)
    measured = []
    measure = scene_module.stage_columns
    monkeypatch.setattr(scene_module, "stage_columns",
                        lambda *args, **kwargs: measured.append(1) or measure(*args, **kwargs))
    touchpoint = next(t for t in document.chain.touchpoints if t.stage == ids[0])
    document.set_fields(touchpoint.id, "Notes", notes="Walks every card at 20,000 touchpoints")
    assert measured == []  # the owner, notes or procedure of a card move no column
    document.set_fields(touchpoint.id, "Stage", stage=ids[2])
    assert measured  # another stage: the columns are measured again
    assert scene.stage_at(scene.touchpoint_items[touchpoint.id].sceneBoundingRect().center().x()) is not None


def test_a_card_moved_or_resized_measures_the_columns_only_when_its_place_across_changes(window, monkeypatch):
    """The columns follow each stage's leftmost and rightmost card: a card made taller
    or moved down, or one inside its stage's cards made a little wider, keeps them; the
    card at the end of its stage's cards made wider (as a word typed into it does) takes
    its stage's span with it; each unmeasured (measuring walks every card). Only the card
    at the end moved across, away from where it ended the span, has them measured again.
    After each, and after cards are taken away or put back, they are what measuring says."""
    import widgets.canvas.scene as scene_module
    from models.chain import Position, Size
    from models.stage_columns import stage_columns, stage_spans

    document, scene, ids = staged(window)
    measured = []  # each walk over every card
    measure = scene_module.stage_spans
    monkeypatch.setattr(scene_module, "stage_spans",
                        lambda *args, **kwargs: measured.append(1) or measure(*args, **kwargs))

    def as_measured() -> bool:
        sizes = {id: item.size() for id, item in scene.touchpoint_items.items()}
        return scene.stage_columns == stage_columns(document.chain, sizes)

    # the rightmost card of the first stage: its right edge ends the column's span
    card = max((t for t in document.chain.touchpoints if t.stage == ids[0]),
               key=lambda t: t.position.x + scene.touchpoint_items[t.id].size()[0])
    width, height = scene.touchpoint_items[card.id].size()
    document.set_fields(card.id, "Resize touchpoint", size=Size(w=width, h=height + 40))
    document.set_fields(card.id, "Move", position=Position(x=card.position.x, y=card.position.y + 30))
    assert measured == [] and as_measured()
    spans = stage_spans(document.chain, {id: item.size() for id, item in scene.touchpoint_items.items()})
    inside = next(t for t in document.chain.touchpoints if t.stage == ids[2]
                  and spans[ids[2]][0] < t.position.x
                  and t.position.x + scene.touchpoint_items[t.id].size()[0] + 10 < spans[ids[2]][1])
    inside_size = scene.touchpoint_items[inside.id].size()
    document.set_fields(inside.id, "Resize touchpoint", size=Size(w=inside_size[0] + 10, h=inside_size[1]))
    assert scene.touchpoint_items[inside.id].size()[0] == inside_size[0] + 10
    assert measured == [] and as_measured()
    right = scene.stage_columns[0].right
    document.set_fields(card.id, "Resize touchpoint", size=Size(w=width + 120, h=height + 40))
    assert measured == [] and as_measured() and scene.stage_columns[0].right != right
    document.set_fields(card.id, "Move", position=Position(x=card.position.x - 60, y=card.position.y + 30))
    assert measured and as_measured()
    last = max((t for t in document.chain.touchpoints if t.stage == ids[1]),
               key=lambda t: t.position.x + scene.touchpoint_items[t.id].size()[0])
    document.remove([last.id])
    assert as_measured()  # (the card that ended the second stage's cards is gone)
    measured.clear()
    other = next(t for t in document.chain.touchpoints if t.stage == ids[1])
    size = scene.touchpoint_items[other.id].size()
    document.set_fields(other.id, "Resize touchpoint", size=Size(w=size[0], h=size[1] + 20))
    assert measured == [] and as_measured()
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert as_measured()


def test_the_separators_reach_the_lanes_bottom_and_a_lane_growing_keeps_the_bounds(window, monkeypatch):
    """The band's bounds reach below the lanes to a whole REACH_STEP: a lane grown by a
    line repaints the separators longer without changing them (each change of the bounds
    walks Qt's spatial index over the whole canvas)."""
    document, scene, _ids = staged(window)
    band = scene.stage_band
    lanes_bottom = sum(scene.lane_heights.values())
    assert band.lanes_bottom == lanes_bottom and band.boundingRect().bottom() > lanes_bottom
    bounds, changes = band.boundingRect(), []
    original = type(band).prepareGeometryChange
    monkeypatch.setattr(type(band), "prepareGeometryChange", lambda item: (changes.append(item), original(item)))
    touchpoint = max(document.chain.touchpoints, key=lambda t: scene.touchpoint_items[t.id].card_rect().bottom())
    document.set_fields(touchpoint.id, "Rename", label=touchpoint.label + " and then checks every word of it twice")
    assert sum(scene.lane_heights.values()) > lanes_bottom  # its lane grew
    assert band.lanes_bottom == sum(scene.lane_heights.values()) and band.boundingRect() == bounds
    assert changes == []
    assert picture_problems(scene) == []
