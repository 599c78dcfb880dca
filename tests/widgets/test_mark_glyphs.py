"""Blueprint marks as glyphs on cards (issue 19): inside the card, never over the label, the
owner's chip or name or the channel icon; on small resized cards and long labels too; the
legend has a Marks group only when the chain has marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from app.document import Document
from models.chain import MARKS, Size
from models.chain_file import load_chain
from models.geometry import LABEL_PX, RESIZE_MIN
from models.text import text_width
from resources.samples import FIRST_START_SAMPLE
from tests.picture import picture_problems
from widgets.canvas.legend import legend_groups, legend_layout
from widgets.canvas.mark_glyph import icon_rect, mark_path, owner_rect
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import Theme

LONG_LABEL = "Checks the delivery address against the courier's coverage map and books a slot for the parcel"


def label_box(layout) -> QRectF:
    """Every line of the card's label, each centred on the label's centre."""
    widest = max(text_width(line, LABEL_PX) for line in layout.lines)
    return QRectF(layout.label_centre - widest / 2, layout.label_top, widest, len(layout.lines) * layout.line_height)


def marked_scene(owner_names: bool) -> ChainScene:
    """The retail sample with all three marks on every card of every kind, some resized to
    the least size, some with long labels."""
    chain = load_chain(FIRST_START_SAMPLE)
    for number, touchpoint in enumerate(chain.touchpoints):
        touchpoint.marks = list(MARKS[: 1 + number % 3]) if number % 4 else list(MARKS)
        if number % 3 == 0:
            touchpoint.size = Size(w=RESIZE_MIN[0], h=RESIZE_MIN[1])
        elif number % 3 == 1:
            touchpoint.label = LONG_LABEL
    scene = ChainScene(Document(chain), Theme.light())
    if owner_names:
        scene.set_owner_names(True)
    return scene


@pytest.mark.parametrize("owner_names", [False, True], ids=["chips", "names"])
def test_mark_glyphs_sit_in_the_card_clear_of_its_label_owner_and_icon(qapp, owner_names):
    scene = marked_scene(owner_names)
    kinds, named = set(), 0
    for id, item in scene.touchpoint_items.items():
        touchpoint = scene.document.touchpoint(id)
        rects = item.mark_rects()
        assert len(rects) == len(touchpoint.marks), f"card {id} ({item.kind}, {item.size()}) leaves marks out"
        kinds.add(item.kind)
        layout = item.layout
        owner_text = item.owner_text(touchpoint)
        named += owner_text is not None
        obstacles = [label_box(layout), owner_rect(layout, owner_text)]
        if touchpoint.channel:
            obstacles.append(icon_rect(layout, owner_text))
        for mark, rect in zip(touchpoint.marks, rects):
            assert item.outline.contains(rect), f"a mark sticks out of card {id}"
            assert item.outline.contains(mark_path(mark, rect).boundingRect())
            for obstacle in obstacles:
                assert not rect.intersects(obstacle), f"a mark on card {id} covers {obstacle}"
        for first, second in zip(rects, rects[1:]):
            assert not first.intersects(second)
    assert kinds == {"start", "step", "decision", "end"}  # every kind was checked
    assert (named > 0) == owner_names  # names beside marks where they fit
    assert picture_problems(scene) == []


def test_a_card_without_marks_has_no_glyphs_and_the_tooltip_names_the_marks(qapp):
    scene = marked_scene(owner_names=False)
    id, item = next(iter(scene.touchpoint_items.items()))
    assert "Moment of truth" in item.tooltip()
    scene.document.set_fields(id, "Marks", marks=[])
    assert item.mark_rects() == () and "Moment of truth" not in item.tooltip()


def test_the_legend_has_a_marks_group_only_when_the_chain_has_marks(qapp):
    assert "marks" not in [key for key, _name, _entries in legend_groups()]
    groups = {key: entries for key, _name, entries in legend_groups(marks=["fail_point", "pain_point"])}
    assert [key for key, _text in groups["marks"]] == ["fail_point", "pain_point"]
    layout = legend_layout(400.0, marks=MARKS)
    rects = layout.rects()
    assert all(not a.intersects(b) for n, a in enumerate(rects) for b in rects[n + 1:] if not a.isEmpty())
    assert {entry.key for entry in layout.entries} >= set(MARKS)


def test_an_exported_legend_names_the_marks_the_chain_uses(qapp):
    from app.export import ExportOptions
    from app.export.diagram import Diagram

    chain = load_chain(FIRST_START_SAMPLE)
    for touchpoint in chain.touchpoints:
        touchpoint.marks = []
    assert "marks" not in {entry.key for entry in Diagram(chain, ExportOptions(legend=True)).legend.headings}
    chain.touchpoints[0].marks = ["pain_point"]
    legend = Diagram(chain, ExportOptions(legend=True)).legend
    assert "marks" in {heading.key for heading in legend.headings}
    assert [entry.key for entry in legend.entries if entry.key in MARKS] == ["pain_point"]
