"""The view scrolls over the canvas's extent, which follows every edit and layout, while
the scene's own rect (what Qt's spatial index covers, rebuilt whenever it changes: half a
second at 20,000 cards) holds it with room to spare and rarely changes."""

from __future__ import annotations

from models.chain import Position
from widgets.canvas.scene import INDEX_ROOM


def rightmost(window):
    return max(window.document.chain.touchpoints, key=lambda t: t.position.x)


def move_right(window, touchpoint, by: float) -> None:
    moved = Position(x=touchpoint.position.x + by, y=touchpoint.position.y)
    window.document.move_touchpoints({touchpoint.id: (touchpoint.department, moved)})


def test_the_view_scrolls_over_the_canvas_and_the_index_holds_it_with_room(window):
    scene, view = window.scene, window.view
    scroll = view.sceneRect()
    assert scroll == scene.scroll_rect()
    assert scroll.adjusted(40, 40, -40, -40) == scene.content_rect()  # a margin round the lanes
    index = scene.sceneRect()
    assert index.contains(scroll) and index.width() >= scroll.width() * (1 + INDEX_ROOM)


def test_a_wider_canvas_within_the_room_leaves_the_index_alone(window):
    scene, view = window.scene, window.view
    scroll, index = view.sceneRect(), scene.sceneRect()
    bar_range = view.horizontalScrollBar().maximum()
    move_right(window, rightmost(window), scroll.width() * INDEX_ROOM / 3)
    assert view.sceneRect().right() > scroll.right()  # the view follows the canvas
    assert view.sceneRect() == scene.scroll_rect()
    assert view.horizontalScrollBar().maximum() > bar_range
    assert scene.sceneRect() == index  # not Qt's index
    window.actions_by_id["edit.undo"].trigger()
    assert view.sceneRect() == scroll
    assert view.horizontalScrollBar().maximum() == bar_range
    assert scene.sceneRect() == index


def test_outgrowing_the_index_grows_it_with_room_and_it_never_shrinks(window):
    scene, view = window.scene, window.view
    scroll, index = view.sceneRect(), scene.sceneRect()
    move_right(window, rightmost(window), index.width() * 2)
    grown = scene.sceneRect()
    assert grown.contains(view.sceneRect())
    assert grown.right() - view.sceneRect().right() >= view.sceneRect().width() * INDEX_ROOM * 0.99
    window.actions_by_id["edit.undo"].trigger()
    assert view.sceneRect() == scroll  # the view shrinks back to the canvas
    assert scene.sceneRect() == grown  # the index keeps its room


def test_reopening_the_chain_fits_the_index_to_it_again(window, tmp_path):
    scene, view = window.scene, window.view
    fitted = scene.sceneRect()
    move_right(window, rightmost(window), fitted.width() * 2)
    window.actions_by_id["edit.undo"].trigger()
    assert scene.sceneRect() != fitted
    window.document.save(tmp_path / "saved.chain")
    window.document.revert()  # a chain anew: every item is made again, its index with them
    assert scene.sceneRect() == fitted
    assert view.sceneRect() == scene.scroll_rect()
