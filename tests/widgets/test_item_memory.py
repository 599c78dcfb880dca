"""What the canvas holds for each card and handoff: a large chain has tens of thousands
of each, so a few hundred bytes an item are megabytes of the editor's peak memory."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer

from app.document import Document
from tests.benchmarks.generate import synthetic_chain
from tests.widgets.conftest import card_centre, click
from widgets.canvas.handoff_item import HandoffItem
from widgets.canvas.scene import HANDOFFS_IN_A_TUPLE, ChainScene
from widgets.canvas.touchpoint_item import TouchpointItem


def _routed(window) -> None:
    loop = QEventLoop()
    while window.scene.routing:
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def test_cards_and_handoffs_keep_their_state_in_slots_not_a_dict_each(qtbot, window):
    _routed(window)
    window.lint.flush()
    touchpoint = window.document.chain.touchpoints[0]
    click(window, card_centre(window, touchpoint.id))  # selected, hovered, painted
    window.view.viewport().repaint()
    items = [item for item in window.scene.items() if isinstance(item, (TouchpointItem, HandoffItem))]
    assert len(items) == len(window.document.chain.touchpoints) + len(window.document.chain.handoffs)
    assert [vars(item) for item in items if vars(item)] == []


def test_the_scene_knows_each_handoff_of_a_card_with_many(qapp):
    document = Document(synthetic_chain(20))
    scene = ChainScene(document)
    hub, *others = [touchpoint.id for touchpoint in document.chain.touchpoints]
    before = {h.id for h in document.chain.handoffs if hub in (h.source, h.target)}
    added = []
    for other in others:
        if not any({h.source, h.target} == {hub, other} for h in document.chain.handoffs):
            added.append(document.connect(hub, other))
    assert len(before) + len(added) > HANDOFFS_IN_A_TUPLE  # past a tuple, into a set

    def filed() -> set[str]:
        return set(scene._handoffs_at.get(hub, ()))

    assert filed() == before | set(added)
    document.remove(added[1:])
    assert filed() == before | {added[0]}
    document.set_fields(added[0], "Reconnect", source=others[-1], target=others[0])
    assert filed() == before
    assert added[0] in scene._handoffs_at[others[-1]] and added[0] in scene._handoffs_at[others[0]]
    document.undo_stack.undo()
    assert filed() == before | {added[0]}
