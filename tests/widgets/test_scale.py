"""The mechanisms that keep a large chain fast, checked by what they do, not by timing.

Zoomed out, no text is painted and a large chain is drawn as one miniature; one edit
re-lints and redraws only what it touched; tooltips are built when asked for; moving a
card re-routes only its own handoffs.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from app.application import create_application
from app.document import Document
from app.main_window import MainWindow
from models.chain import Position
from models.labels import point_along, route_length
from tests.benchmarks.frames import repaint_watched
from tests.benchmarks.editing import LONGER
from tests.benchmarks.generate import synthetic_chain
from tests.widgets.conftest import _send, card_centre, close_without_asking, viewport_point
from tests.widgets.test_lane_cards import cards_where_the_chain_says
from widgets.canvas.handoff_item import HandoffItem, line_points
from widgets.canvas.lane_item import LaneItem
from widgets.canvas.routing import rounded_path
from widgets.canvas.style import DETAIL_THRESHOLD, REVIEW_COLOURS, mix
from widgets.canvas.touchpoint_item import TouchpointItem
from widgets.canvas.view import MINIATURE_ABOVE


@pytest.fixture
def large(qtbot, qapp):
    """The window on a synthetic chain too large to paint card by card when zoomed out."""
    create_application()
    window = MainWindow(Document(synthetic_chain(MINIATURE_ABOVE * 2)))
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    close_without_asking(window)


def count_calls(monkeypatch, cls, name: str) -> list:
    """Count the calls of `cls.name` (still doing what it did); returns the call list."""
    calls = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def repaint(window) -> None:
    QApplication.processEvents()
    window.view.viewport().repaint()


def calls_in_one_frame(window, functions) -> dict[str, int]:
    """How often one repaint calls each of `functions` (name -> function)."""
    codes = {function.__code__: name for name, function in functions.items()}
    counts = dict.fromkeys(functions, 0)

    def count(frame, event, _arg) -> None:
        if event == "call" and frame.f_code in codes:
            counts[codes[frame.f_code]] += 1

    QApplication.processEvents()
    repaint_watched(window, count)
    return counts


def painted(window) -> dict[str, int]:
    """How many cards, handoffs and lanes one repaint paints."""
    return calls_in_one_frame(
        window, {"cards": TouchpointItem.paint, "handoffs": HandoffItem.paint, "lanes": LaneItem.paint}
    )


# -- level of detail ---------------------------------------------------------------------


def test_below_the_detail_threshold_no_text_is_painted(monkeypatch, window):
    texts = [
        count_calls(monkeypatch, TouchpointItem, "_paint_label"),
        count_calls(monkeypatch, TouchpointItem, "_paint_owner"),
        count_calls(monkeypatch, HandoffItem, "_paint_label"),
        count_calls(monkeypatch, LaneItem, "_paint_header_text"),
    ]
    window.view.set_zoom(DETAIL_THRESHOLD * 0.8)
    assert painted(window)["cards"], "a small chain still paints its cards, as shapes"
    assert [len(calls) for calls in texts] == [0] * len(texts)

    window.view.set_zoom(1.0)
    repaint(window)
    assert all(texts)  # labels, chips, pills and lane names are back


def test_a_large_chain_zoomed_out_is_one_miniature_not_thousands_of_items(large):
    large.view.set_zoom(1.0)
    assert painted(large)["cards"]  # real cards at 100%
    large.view.zoom_to_fit()
    assert large.view.zoom() < DETAIL_THRESHOLD
    assert painted(large) == {"cards": 0, "handoffs": 0, "lanes": 0}
    assert large.scene.miniature_mode and large.scene.miniature.lanes_gathered >= 1

    assert large.scene.miniature._picture is not None  # kept for the next frame at this scale

    large.view.set_zoom(1.0)
    assert not large.scene.miniature_mode
    assert large.scene.miniature._picture is None  # not held while the items paint themselves
    assert painted(large)["cards"] and painted(large)["lanes"]  # back to real cards and lanes


def test_a_frame_at_100_percent_looks_only_at_the_items_near_the_view(large):
    """Qt's spatial index hands the view only what is near it: the items it asks for
    their bounds stay close to those it paints, however large the chain. (A card's
    bounds are Qt's own, a rect item's, and cost no Python call at all.)"""
    large.view.set_zoom(1.0)
    large.view.centerOn(large.scene.touchpoint_items[large.document.chain.touchpoints[400].id])
    counts = calls_in_one_frame(
        large, {"cards": TouchpointItem.paint, "handoffs": HandoffItem.paint, "handoff bounds": HandoffItem.boundingRect},
    )
    assert counts["cards"] and counts["handoffs"]
    assert counts["handoff bounds"] <= 3 * counts["handoffs"]
    assert counts["handoff bounds"] < len(large.scene.handoff_items) / 10


def test_a_long_line_drawn_only_near_the_view_looks_as_if_drawn_whole(monkeypatch, window):
    """A route much longer than the view is drawn clamped into the part painted (stroking
    all of it costs more than the card beside it): not a pixel differs."""
    view, scene = window.view, window.scene
    item = max(scene.handoff_items.values(), key=lambda item: route_length(item.points))
    view.set_zoom(4.0)
    view.centerOn(QPointF(*point_along(item.points, route_length(item.points) / 2)[0]))
    QApplication.processEvents()
    clamped = view.viewport().grab().toImage()
    assert item._clipped is not None  # drawn clamped
    monkeypatch.setattr(HandoffItem, "_line_within", lambda self, _area: rounded_path(line_points(self.points)))
    assert view.viewport().grab().toImage() == clamped


def test_the_miniature_is_built_once_and_again_only_after_an_edit(large):
    large.view.zoom_to_fit()
    repaint(large)
    builds = large.scene.miniature.lanes_gathered
    repaint(large)
    repaint(large)
    assert large.scene.miniature.lanes_gathered == builds

    touchpoint = large.document.chain.touchpoints[10]
    large.document.set_fields(touchpoint.id, "Move", position=Position(x=touchpoint.position.x, y=touchpoint.position.y + 30))
    repaint(large)
    assert large.scene.miniature.lanes_gathered == builds + 1  # the moved card's lane only


def drawn_cards(miniature) -> list[tuple[float, ...]]:
    """Every card the miniature paints, as (left, top, right, bottom) in the scene."""
    drawn = []
    for offset, kept in miniature._placed_groups():
        shapes = [rect for _fill, rects in kept.cards.values() for rect in rects]
        shapes += [polygon.boundingRect() for polygon, _fill in kept.diamonds]
        drawn += [(rect.left(), rect.top() + offset, rect.right(), rect.bottom() + offset) for rect in shapes]
    return sorted(drawn)


def test_a_lane_that_grows_gathers_its_own_cards_again_and_the_lanes_below_follow(large):
    large.view.zoom_to_fit()
    repaint(large)
    miniature, scene = large.scene.miniature, large.scene
    lanes = list(scene.lane_tops)
    lane = lanes[len(lanes) // 2]
    touchpoint = next(t for t in large.document.chain.touchpoints if t.department == lane)
    below = lanes[-1]
    top_before = scene.lane_tops[below]
    gathered = miniature.lanes_gathered
    large.document.set_fields(touchpoint.id, "Rename", label=touchpoint.label + LONGER)
    large.scene.place_due_lanes()
    repaint(large)
    assert scene.lane_tops[below] > top_before  # the lanes below moved down
    assert miniature.lanes_gathered == gathered + 1  # only the grown card's lane
    assert drawn_cards(miniature) == sorted(item.box() for item in scene.touchpoint_items.values())


def test_in_review_mode_a_new_status_shows_in_the_miniatures_colours(large):
    large.scene.set_review_mode(True)
    large.view.zoom_to_fit()
    repaint(large)
    touchpoint = next(t for t in large.document.chain.touchpoints if t.review.status != "approved" and t.kind == "step")
    item = large.scene.touchpoint_items[touchpoint.id]
    approved = mix(large.scene.theme.card_fill("step"), REVIEW_COLOURS["approved"], 0.38).rgba()

    def in_approved_colour() -> bool:
        kept = large.scene.miniature._cards[touchpoint.department]
        fill = kept.cards.get(approved)
        return fill is not None and any(rect.topLeft() == item.pos() for rect in fill[1])

    assert not in_approved_colour()
    large.document.set_fields(touchpoint.id, "Approve", review=touchpoint.review.model_copy(update={"status": "approved"}))
    repaint(large)
    assert in_approved_colour()


def test_an_edit_of_findings_only_keeps_the_miniatures_cards(large):
    large.view.zoom_to_fit()
    repaint(large)
    builds = large.scene.miniature.lanes_gathered
    touchpoint = next(t for t in large.document.chain.touchpoints if t.owner and not large.lint.findings_of(t.id))
    large.document.set_fields(touchpoint.id, "Set owner", owner=None)
    large.lint.flush()
    repaint(large)
    assert large.lint.findings_of(touchpoint.id)
    assert large.scene.miniature.lanes_gathered == builds + 1  # its lane (its colour may change); the rest kept


def test_zoomed_out_the_items_still_take_clicks_and_selection(large):
    large.view.zoom_to_fit()
    touchpoint = large.document.chain.touchpoints[0]
    large.view.select([touchpoint.id])
    assert large.view.selected_touchpoints() == [touchpoint.id]
    item = large.view.itemAt(large.view.mapFromScene(large.scene.touchpoint_items[touchpoint.id].card_rect().center()))
    assert item is not None


# -- one edit, only what it touched --------------------------------------------------------


def test_one_edit_relints_and_redraws_only_the_touchpoint_it_touched(monkeypatch, large):
    document, lint = large.document, large.lint
    touchpoint = next(t for t in document.chain.touchpoints if t.owner and not large.scene.touchpoint_items[t.id].findings)
    badges = count_calls(monkeypatch, TouchpointItem, "set_findings")
    resets, inserted = [], []
    model = large.findings_panel.model
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    full_runs = lint.live.full_runs

    document.set_fields(touchpoint.id, "Set owner", owner=None)
    lint.flush()

    assert lint.live.full_runs == full_runs  # no rule ran over the whole chain
    assert [item.touchpoint_id for item in badges] == [touchpoint.id]
    assert resets == [] and inserted == [1]  # one row in, no table rebuilt
    assert [f.rule for f in lint.findings_of(touchpoint.id)] == ["touchpoint-owner-required"]


def test_the_counts_follow_the_edits(large):
    document, lint = large.document, large.lint
    before = lint.counts()
    touchpoint = next(t for t in document.chain.touchpoints if t.owner and not lint.findings_of(t.id))
    document.set_fields(touchpoint.id, "Set owner", owner=None)
    lint.flush()
    assert lint.counts()["error"] == before["error"] + 1
    assert large.findings_panel.counts() == lint.counts()
    document.undo_stack.undo()
    lint.flush()
    assert lint.counts() == before == large.findings_panel.counts()


# -- the canvas's own bookkeeping ----------------------------------------------------------


def test_moving_a_card_reroutes_only_what_it_affects(monkeypatch, large):
    document = large.document
    touchpoint = document.chain.touchpoints[100]
    own = {h.id for h in document.chain.handoffs if touchpoint.id in (h.source, h.target)}
    routed = count_calls(monkeypatch, HandoffItem, "set_route")
    document.set_fields(touchpoint.id, "Move", position=Position(x=touchpoint.position.x + 10, y=touchpoint.position.y))
    rerouted = {item.handoff_id for item in routed}
    # Its own handoffs, and the few whose ports or lines it moved (not the other 1,000).
    assert own <= rerouted
    assert len(rerouted) <= 4 * len(own) + 8


def test_a_card_moved_below_its_lane_grows_it_and_pushes_only_the_lanes_below(qtbot, large):
    document, scene = large.document, large.scene
    departments = document.chain.departments
    middle = departments[len(departments) // 2]
    touchpoint = next(t for t in document.chain.touchpoints if t.department == middle.id)
    above = next(t for t in document.chain.touchpoints if t.department == departments[1].id)
    below = next(t for t in document.chain.touchpoints if document.department_index(t.department) > len(departments) // 2)
    above_pos = scene.touchpoint_items[above.id].scenePos()
    below_pos = scene.touchpoint_items[below.id].scenePos()
    height = scene.lane_heights[middle.id]

    document.set_fields(touchpoint.id, "Move", position=Position(x=touchpoint.position.x, y=height + 200))

    grown = scene.lane_heights[middle.id] - height
    assert grown > 200
    assert scene.touchpoint_items[above.id].scenePos() == above_pos
    # (lanes far off screen are placed over the next turns of the event loop)
    qtbot.waitUntil(lambda: scene.touchpoint_items[below.id].scenePos() == below_pos + QPointF(0, grown))
    assert scene.touchpoint_items[above.id].scenePos() == above_pos


def test_the_lanes_far_below_a_lane_that_grew_are_placed_over_the_next_turns(qtbot, large):
    """Moving the hundreds of lanes below a lane that grew, with their cards' carriers,
    held the editor; those far from the view are placed in the next turns, or at once
    when something asks where a card there lies or the view scrolls or zooms."""
    document, scene, view = large.document, large.scene, large.view
    view.set_zoom(1.0)
    for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
        bar.setValue(bar.minimum())
    departments = document.chain.departments
    lane = departments[1].id  # on screen
    grown = max((t for t in document.chain.touchpoints if t.department == lane), key=lambda t: t.position.y)
    near = next(t for t in document.chain.touchpoints if t.department == departments[2].id)
    far = next(t for t in reversed(document.chain.touchpoints) if t.department == departments[-1].id)
    before = {t.id: scene.touchpoint_items[t.id].scenePos() for t in (near, far)}
    height, position = scene.lane_heights[lane], grown.position

    document.set_fields(grown.id, "Move", position=Position(x=position.x, y=position.y + 200))

    shift = QPointF(0, scene.lane_heights[lane] - height)
    assert shift.y() > 0
    assert scene.touchpoint_items[near.id].scenePos() == before[near.id] + shift  # on screen: at once
    assert scene.touchpoint_items[far.id].scenePos() == before[far.id]  # not yet
    view.select([far.id])  # asks where it lies: the lanes are placed first
    assert scene.touchpoint_items[far.id].scenePos() == before[far.id] + shift
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(
        scene.touchpoint_items[far.id].sceneBoundingRect())
    qtbot.waitUntil(lambda: not scene.routing, timeout=30_000)

    view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())
    document.set_fields(grown.id, "Move", position=position)  # the lane shrinks back
    assert scene.touchpoint_items[far.id].scenePos() == before[far.id] + shift  # not yet
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # scrolling there places them first
    assert scene.touchpoint_items[far.id].scenePos() == before[far.id]
    qtbot.waitUntil(lambda: not scene.routing, timeout=30_000)

    view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())
    document.set_fields(grown.id, "Move", position=Position(x=position.x, y=position.y + 200))
    assert scene.touchpoint_items[far.id].scenePos() == before[far.id]  # not yet
    view.set_zoom(0.5)  # zooming out places them first
    assert scene.touchpoint_items[far.id].scenePos() == before[far.id] + shift
    qtbot.waitUntil(lambda: not scene.routing, timeout=30_000)
    assert cards_where_the_chain_says(scene)
    assert all(scene.router.cards[id].box == item.box() for id, item in scene.touchpoint_items.items())


def test_what_following_lanes_that_moved_makes_is_set_aside_from_the_collector(qtbot, large):
    """A full collection walked the routes, labels and items the arrows' following made,
    again and again while it went on (0.1 to 0.25 s each at 20,000 cards)."""
    document, scene = large.document, large.scene
    lane = document.chain.departments[1].id
    grown = max((t for t in document.chain.touchpoints if t.department == lane), key=lambda t: t.position.y)
    document.set_fields(grown.id, "Move", position=Position(x=grown.position.x, y=grown.position.y + 200))
    assert scene.routing
    qtbot.waitUntil(lambda: not scene.routing, timeout=30_000)
    assert len(gc.get_objects()) < 1_000  # what the collector still walks (some 16,000 objects here, before)


def test_the_arrows_follow_a_card_while_it_is_dragged(window):
    document = window.document
    handoff = next(h for h in document.chain.handoffs if document.department(document.touchpoint(h.source).department).role != "customer")
    item = window.scene.handoff_items[handoff.id]
    start = card_centre(window, handoff.source)
    before = list(item.points)
    left = Qt.MouseButton.LeftButton
    viewport = window.view.viewport()
    _send(viewport, QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 5):
        _send(viewport, QEvent.Type.MouseMove, start + QPoint(0, 12 * step), Qt.MouseButton.NoButton, left)
    assert item.points != before  # before the button is released
    _send(viewport, QEvent.Type.MouseButtonRelease, start + QPoint(0, 48), left, Qt.MouseButton.NoButton)


def test_a_tooltip_is_built_when_the_pointer_rests_on_a_card(window):
    touchpoint = window.document.chain.touchpoints[2]
    point = viewport_point(window, window.scene.touchpoint_items[touchpoint.id].card_rect().center())
    viewport = window.view.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    assert touchpoint.label in QToolTip.text()
    assert window.scene.touchpoint_items[touchpoint.id].toolTip() == ""  # none stored per item


# -- routing a large chain in the background -----------------------------------------------


def test_a_large_chain_opens_with_drafts_and_routes_in_the_background(qtbot, qapp):
    from widgets.canvas.scene import BACKGROUND_ROUTING_ABOVE

    chain = synthetic_chain(1300)
    assert len(chain.handoffs) > BACKGROUND_ROUTING_ABOVE
    create_application()
    window = MainWindow(Document(chain))
    try:
        scene = window.scene
        assert scene.routing  # drafts first: the window did not wait for the router
        for item in list(scene.handoff_items.values())[:300]:  # a draft's corners, made when asked,
            bounds = item.boundingRect()  # lie within the bounds Qt was told before
            assert all(bounds.contains(QPointF(x, y)) for x, y in item.points)
            source, target = (scene.touchpoint_items[end].card_rect() for end in item.ends)
            assert _on_edge(source, item.points[0]) and _on_edge(target, item.points[-1])
        # Edits go on meanwhile: their handoffs follow as drafts, and are routed on the
        # pass's router (which began before them) once it is done.
        moved = chain.touchpoints[50]
        own = [h.id for h in chain.handoffs if moved.id in (h.source, h.target)]
        window.document.set_fields(moved.id, "Move", position=Position(x=moved.position.x + 10, y=moved.position.y))
        removed = chain.handoffs[7].id
        window.document.remove([removed])
        added = window.document.connect(chain.touchpoints[3].id, chain.touchpoints[900].id)
        relabelled = chain.handoffs[20].id
        window.document.set_fields(relabelled, "Rename", passes="a signed form")
        assert scene.routing
        _assert_end_on(scene, moved.id, own)
        with qtbot.waitSignal(scene.routing_finished, timeout=120_000):
            pass
        assert not scene.routing
        assert set(scene.router.routes) == {h.id for h in chain.handoffs}
        assert removed not in scene.router.routes and added in scene.router.routes
        _assert_end_on(scene, moved.id, own)
        _assert_end_on(scene, chain.touchpoints[900].id, [added])
        assert [" ".join(label.lines) for label in scene.label_placer.labels[relabelled]] == ["a signed form"]
        assert all(item.points == scene.router.routes[id] for id, item in scene.handoff_items.items())
    finally:
        close_without_asking(window)


def _assert_end_on(scene, touchpoint_id: str, handoff_ids: list[str]) -> None:
    card = scene.touchpoint_items[touchpoint_id].card_rect()
    for id in handoff_ids:
        item = scene.handoff_items[id]
        end = item.points[0] if item.ends[0] == touchpoint_id else item.points[-1]
        assert _on_edge(card, end)


def _on_edge(rect, point) -> bool:
    x, y = point
    inside = rect.left() - 0.01 <= x <= rect.right() + 0.01 and rect.top() - 0.01 <= y <= rect.bottom() + 0.01
    on_side = min(abs(x - rect.left()), abs(x - rect.right()), abs(y - rect.top()), abs(y - rect.bottom())) < 0.01
    return inside and on_side
