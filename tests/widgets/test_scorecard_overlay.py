"""View > Scorecard: measured cards tinted on, off or without a result, lanes by their share
on target, following the results as they change."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from models.chain import Measure, Result
from models.geometry import LANE_HEADER_TEXT
from widgets.canvas.comment_marker import marker_area
from widgets.canvas.scorecard import STATUS_COLOURS, share_bar

MEASURE = Measure(metric="confirmed within 1 hour", unit="%", target=95, direction="at_least", period="month")


def _measure(document, id: str, *values: float) -> None:
    document.set_fields(id, "Add measure", measure=MEASURE)
    results = [Result(period=f"2026-{month:02d}", value=value) for month, value in enumerate(values, start=1)]
    document.set_fields(id, "Add results", results=results)


def _without_measures(document) -> None:
    """Start from a sample that measures nothing, so each test's counts are its own."""
    for touchpoint in document.chain.touchpoints:
        if touchpoint.measure is not None:
            document.set_fields(touchpoint.id, "Remove measure", results=[], measure=None)


def _closest_status(colour: QColor, card_fill: QColor) -> str | None:
    """Which status colour the fill was moved towards (None: not moved)."""
    if colour == card_fill:
        return None
    def distance(a: QColor, b: QColor) -> float:
        return sum((x - y) ** 2 for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3]))
    # The tint is fill + (status - fill) * t: the status colour it came from is the one
    # whose direction matches best.
    return min(STATUS_COLOURS, key=lambda status: distance(
        colour, QColor.fromRgbF(*[f + (s - f) * 0.38 for f, s in zip(card_fill.getRgbF()[:3], QColor(STATUS_COLOURS[status]).getRgbF()[:3])])))


def test_scorecard_tints_cards_by_status_and_lanes_by_their_share(window, qtbot):
    document, scene = window.document, window.scene
    _without_measures(document)
    sales = [t.id for t in document.chain.touchpoints if t.department == "sales"]
    assert len(sales) >= 3
    on, off, waiting, unmeasured = sales[0], sales[1], sales[2], sales[3] if len(sales) > 3 else None
    _measure(document, on, 90, 97)
    _measure(document, off, 97, 90)
    document.set_fields(waiting, "Add measure", measure=MEASURE)

    action = window.actions_by_id["view.scorecard"]
    assert action.isCheckable() and not action.isChecked()
    before = {id: scene.touchpoint_items[id].fill() for id in (on, off, waiting)}
    action.trigger()
    assert action.isChecked() and scene.scorecard

    def status_of(id):
        item = scene.touchpoint_items[id]
        return _closest_status(item.fill(), scene.theme.card_fill(item.kind))

    assert status_of(on) == "on"
    assert status_of(off) == "off"
    assert status_of(waiting) == "none"
    if unmeasured is not None:
        assert status_of(unmeasured) is None  # a card without a measure keeps its fill
    assert "Off target: 90 % in 2026-02, target at least 95 %" in scene.touchpoint_items[off].tooltip()
    assert "No result yet for confirmed within 1 hour" in scene.touchpoint_items[waiting].tooltip()
    score = scene.lane_score("sales")
    assert (score.on, score.off, score.measured) == (1, 1, 3)
    assert score.summary() == "1 of 3 on target"
    assert "1 of 3 on target" in scene.lane_items["sales"].tooltip()
    assert scene.lane_score("customer") is None

    # Live: a new result that meets the target turns the card and the lane's count.
    document.set_fields(off, "Add result", results=[*document.touchpoint(off).results, Result(period="2026-03", value=99.0)])
    assert status_of(off) == "on"
    assert scene.lane_score("sales").on == 2

    action.trigger()
    assert not scene.scorecard
    assert {id: scene.touchpoint_items[id].fill() for id in (on, off, waiting)} == before


def test_the_lane_summary_stays_inside_its_header_and_clear_of_the_name(window, qtbot):
    """The words are drawn only where they fit under the role (paint_lane_score checks),
    the bar in the header's bottom padding, which lane_header always leaves free."""
    document, scene = window.document, window.scene
    _without_measures(document)
    sales = [t.id for t in document.chain.touchpoints if t.department == "sales"]
    _measure(document, sales[0], 97)
    window.actions_by_id["view.scorecard"].trigger()
    lane = scene.lane_items["sales"]
    header = lane.header_rect()
    image = QImage(int(header.width()), int(header.height()), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.translate(-header.left(), -header.top())
    lane.paint(painter, QStyleOptionGraphicsItem())
    painter.end()
    bar = share_bar(header)
    assert header.contains(bar)
    assert lane.score_words_shown  # "1 of 1 on target" fits between the role and the bar
    # The whole bar is one measured touchpoint on target: green from end to end.
    middle_x = int(bar.center().x() - header.left())
    for y in (int(bar.top() - header.top()) + 1, int(bar.bottom() - header.top()) - 1):
        assert QColor(image.pixel(middle_x, y)) == QColor(STATUS_COLOURS["on"])
    # Nothing else is painted right of the wrapped name (LANE_HEADER_TEXT from 12 px in).
    assert bar.left() - header.left() >= 12 + LANE_HEADER_TEXT


def test_the_share_bar_and_words_keep_clear_of_a_lanes_comment_marker(window, qtbot):
    document, scene = window.document, window.scene
    _without_measures(document)
    sales = [t.id for t in document.chain.touchpoints if t.department == "sales"]
    _measure(document, sales[0], 97)
    document.add_comment("sales", "Who answers the phone at lunch?", "Ana")
    window.actions_by_id["view.scorecard"].trigger()
    lane = scene.lane_items["sales"]
    qtbot.waitUntil(lambda: lane.open_comments == 1)
    marker = marker_area(lane.comment_marker_rect())
    header = lane.header_rect()
    bar = share_bar(header, marker)
    assert bar.height() > 20 and not bar.intersects(marker)
    image = QImage(int(header.width()), int(header.height()), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.translate(-header.left(), -header.top())
    lane.paint(painter, QStyleOptionGraphicsItem())
    painter.end()
    # Just above the marker the bar has ended: the header's own fill shows there.
    x, y = int(bar.center().x() - header.left()), int(marker.top() - header.top()) - 1
    assert QColor(image.pixel(x, y)) != QColor(STATUS_COLOURS["on"])
    assert QColor(image.pixel(x, int(bar.bottom() - header.top()) - 1)) == QColor(STATUS_COLOURS["on"])
