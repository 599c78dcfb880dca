"""The service blueprint's lines on the canvas: named in the header column, never under a card."""

from __future__ import annotations


def test_the_lines_names_stay_in_the_header_column_of_the_lane_above(qapp):
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    from app.document import Document
    from models.chain import Chain, Department, Position, Touchpoint
    from models.geometry import HEADER_WIDTH
    from widgets.canvas.scene import ChainScene
    from widgets.canvas.style import Theme

    chain = Chain(
        title="Lines", departments=[Department(id="c", name="Customer", role="customer"),
                                    Department(id="b", name="Back office", role="backoffice"),
                                    Department(id="s", name="IT", role="support")],
        touchpoints=[Touchpoint(id=f"t-{lane}", label="Step", department=lane, position=Position(x=40, y=20))
                     for lane in "cbs"],
    )
    scene = ChainScene(Document(chain), Theme.light())
    names = [item for item in scene.items() if isinstance(item, QGraphicsSimpleTextItem) and "line of" in item.text()]
    assert sorted(item.text() for item in names) == ["line of interaction\nline of visibility",
                                                       "line of internal interaction"]
    for item in names:
        box = item.sceneBoundingRect()
        assert box.right() < HEADER_WIDTH  # beside the cards, never under one
        lane_above = "c" if "visibility" in item.text() else "b"
        top = scene.lane_tops[lane_above]
        assert top < box.top() and box.bottom() <= top + scene.lane_heights[lane_above]
