"""Applying an auto-layout to a large chain never stalls the editor: the document takes the
new positions in one step, and the canvas follows over several event-loop turns (the
cards, then their handoffs as drafts, then the routes from a thread), ending with the
picture a fresh canvas draws. Edits, undo, a second layout, saving and closing meanwhile
are all safe."""

from __future__ import annotations

import time
import weakref
from collections import Counter

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from app.application import create_application
from app.document import Document
from app.main_window import MainWindow
from models.chain import Position
from models.chain_file import chain_to_bytes, load_chain
from tests.benchmarks.generate import synthetic_chain
from tests.benchmarks.timing import EventLoopGaps
from tests.widgets.conftest import close_without_asking
from widgets.canvas.scene import BACKGROUND_ROUTING_ABOVE, SETTLE_IN_STEPS_ABOVE, ChainScene
from widgets.canvas.style import Theme

TOUCHPOINTS = 600  # above SETTLE_IN_STEPS_ABOVE; its handoffs are routed all at once


def open_window(qtbot, tmp_path, touchpoints: int) -> MainWindow:
    path = tmp_path / "large.chain"
    path.write_bytes(chain_to_bytes(synthetic_chain(touchpoints)))
    create_application()
    window = MainWindow(Document.open(path))
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.actions_by_id["arrange.engine_builtin"].trigger()  # quick, and the same everywhere
    return window


@pytest.fixture
def large(qtbot, qapp, tmp_path):
    window = open_window(qtbot, tmp_path, TOUCHPOINTS)
    assert len(window.document.chain.touchpoints) > SETTLE_IN_STEPS_ABOVE
    assert len(window.document.chain.handoffs) <= BACKGROUND_ROUTING_ABOVE
    yield window
    close_without_asking(window)


def start_layout(qtbot, window, action: str = "arrange.auto_layout") -> None:
    """Run the layout; returns once the document has the new positions."""
    with qtbot.waitSignal(window.layouter.finished, timeout=60_000):
        window.actions_by_id[action].trigger()


def settled(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.scene.routing, timeout=60_000)


def picture(scene) -> dict:
    """Everything the canvas draws, as plain values."""
    return {
        "cards": {id: item.scenePos().toTuple() for id, item in scene.touchpoint_items.items()},
        "lanes": dict(scene.lane_tops),
        "routes": {id: list(item.points) for id, item in scene.handoff_items.items()},
        "labels": {id: [label.rect for label in item.labels] for id, item in scene.handoff_items.items()},
        "scrolls over": scene.scroll_rect().getRect(),  # the view's rect
    }


def fresh_picture(document) -> dict:
    scene = ChainScene(document, Theme.light())
    try:
        scene.finish_routing()
        return picture(scene)
    finally:
        shiboken6.delete(scene)  # now: it must not follow the document from here on


def cards_where_the_model_says(window) -> bool:
    scene = window.scene
    return all(
        scene.touchpoint_items[t.id].scenePos() == scene.scene_position(t) for t in window.document.chain.touchpoints
    )


def test_the_canvas_follows_over_several_turns_a_few_cards_each(qtbot, large, monkeypatch):
    scene = large.scene
    turn_of_each_card: list[int] = []
    place = scene._place_card
    monkeypatch.setattr(scene, "_place_card", lambda t: (turn_of_each_card.append(scene.settler.turns), place(t)))
    # One step a turn, however quick the machine is at the moment (a 5 ms turn may place all 600).
    monkeypatch.setattr(scene.settler, "budget", 0.0)
    start_layout(qtbot, large)
    # The document is laid out already; the canvas is catching up.
    assert large.document.undo_stack.undoText().startswith("Auto-layout (")
    assert scene.settler.running and scene.routing
    settled(qtbot, large)
    cards_per_turn = Counter(turn_of_each_card)
    assert sum(cards_per_turn.values()) == TOUCHPOINTS
    assert len(cards_per_turn) >= 2, "the cards moved in more than one event-loop turn"
    assert scene.settler.turns >= 10  # sizes, cards, drafts and routes, each a few at a time
    assert cards_where_the_model_says(large)


def test_every_walk_over_the_cards_is_spread_over_turns(qtbot, large, monkeypatch):
    """Measuring every card and gathering the routing plan's boxes and handoffs each took
    a quarter of a second in one turn at 20,000 cards; now a few a step, like placing them."""
    import widgets.canvas.scene as scene_module

    scene = large.scene
    measured, planned, texts = Counter(), Counter(), Counter()
    extent, card, handoff_texts = scene_module._extent, scene._card, scene_module._texts
    monkeypatch.setattr(scene_module, "_extent", lambda *a: (measured.update([scene.settler.turns]), extent(*a))[1])
    monkeypatch.setattr(scene, "_card", lambda id: (planned.update([scene.settler.turns]), card(id))[1])
    monkeypatch.setattr(scene_module, "_texts", lambda h: (texts.update([scene.settler.turns]), handoff_texts(h))[1])
    monkeypatch.setattr(scene.settler, "budget", 0.0)  # one step a turn
    start_layout(qtbot, large)
    settled(qtbot, large)
    assert len(measured) >= 2, "the cards were measured in more than one event-loop turn"
    assert len(planned) >= 2, "the routing plan gathered the cards in more than one turn"
    assert len(texts) >= 2, "the routing plan gathered the handoffs in more than one turn"
    assert picture(large.scene) == fresh_picture(large.document)


def test_the_settled_canvas_is_the_picture_a_fresh_canvas_draws(qtbot, large):
    start_layout(qtbot, large)
    settled(qtbot, large)
    assert picture(large.scene) == fresh_picture(large.document)
    assert large.view.sceneRect() == large.scene.scroll_rect()  # what the view scrolls over


def test_undo_of_a_settling_layout_is_one_step_and_restores_everything(qtbot, large):
    document = large.document
    before, drawn = chain_to_bytes(document.chain), picture(large.scene)
    start_layout(qtbot, large)
    laid_out = chain_to_bytes(document.chain)
    assert laid_out != before
    assert document.undo_stack.count() == 1
    large.actions_by_id["edit.undo"].trigger()  # before the canvas has settled
    assert chain_to_bytes(document.chain) == before
    settled(qtbot, large)
    assert picture(large.scene) == drawn
    large.actions_by_id["edit.redo"].trigger()
    assert chain_to_bytes(document.chain) == laid_out
    settled(qtbot, large)
    assert picture(large.scene) == fresh_picture(document)


def test_an_edit_while_the_canvas_settles_finishes_it_first_and_is_kept(qtbot, large):
    document, scene = large.document, large.scene
    start_layout(qtbot, large)
    assert scene.settler.running
    touchpoint = document.chain.touchpoints[7]
    moved = Position(x=touchpoint.position.x + 500, y=touchpoint.position.y)
    document.move_touchpoints({touchpoint.id: (touchpoint.department, moved)})
    assert not scene.settler.running  # finished before the move changed the chain
    assert document.touchpoint(touchpoint.id).position == moved
    assert document.undo_stack.count() == 2
    assert cards_where_the_model_says(large)
    settled(qtbot, large)
    assert cards_where_the_model_says(large)
    assert all(item.points for item in scene.handoff_items.values())


def test_a_second_layout_while_the_first_settles(qtbot, large):
    start_layout(qtbot, large)
    assert large.scene.settler.running
    start_layout(qtbot, large, "arrange.tidy")
    settled(qtbot, large)
    assert cards_where_the_model_says(large)
    assert picture(large.scene) == fresh_picture(large.document)


def test_a_save_while_the_canvas_settles_has_the_new_layout(qtbot, large, tmp_path):
    start_layout(qtbot, large)
    assert large.scene.settler.running
    large.document.save(tmp_path / "saved.chain")
    saved = load_chain(tmp_path / "saved.chain")
    assert {t.id: t.position for t in saved.touchpoints} == {
        t.id: t.position for t in large.document.chain.touchpoints
    }


def test_closing_the_window_while_the_canvas_settles(qtbot, large):
    scene = large.scene
    start_layout(qtbot, large)
    qtbot.waitUntil(lambda: scene.settler._waiting is not None, timeout=30_000)  # the router's thread runs
    close_without_asking(large)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:  # the thread ends unseen; nothing follows a closed window
        QApplication.processEvents()


def test_the_event_loop_keeps_turning_while_a_layout_is_applied(qtbot, qapp, tmp_path):
    """At 1,000 touchpoints the apply used to hold the event loop for half a second (the
    re-routing alone took a third of one); now no turn comes near the bound below."""
    window = open_window(qtbot, tmp_path, 1000)
    try:
        window.lint.flush()
        gaps = EventLoopGaps()
        gaps.start()
        start_layout(qtbot, window)
        settled(qtbot, window)
        qtbot.waitUntil(lambda: window.lint._relint is None, timeout=30_000)
        QApplication.processEvents()
        longest = gaps.stop()
        assert longest < 500, f"the event loop stalled for {longest:.0f} ms"
    finally:
        close_without_asking(window)


def test_the_routes_out_of_date_are_freed_over_several_turns(qtbot, large, monkeypatch):
    """Freeing a large chain's router and label placer at once held the editor for most
    of a second at 20,000 cards; a routing pass takes them apart a few pieces a step."""
    import widgets.canvas.scene as scene_module

    monkeypatch.setattr(scene_module, "BACKGROUND_ROUTING_ABOVE", 100)  # routed in a pass, as at 20,000
    scene = large.scene
    router, placer = weakref.ref(scene.router), weakref.ref(scene.label_placer)
    monkeypatch.setattr(scene.router_steps, "budget", 0.0)  # one step a turn
    freed_at = []
    start_layout(qtbot, large)
    qtbot.waitUntil(lambda: scene.router_steps.running, timeout=60_000)
    qtbot.waitUntil(lambda: router() is None and placer() is None and not freed_at.append(scene.router_steps.turns),
                    timeout=60_000)
    assert freed_at[-1] >= 10, "freed over several turns"
    settled(qtbot, large)
    assert picture(large.scene) == fresh_picture(large.document)
