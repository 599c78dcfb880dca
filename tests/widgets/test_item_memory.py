"""What the canvas holds for each card and handoff: a large chain has tens of thousands
of each, so a few hundred bytes an item are megabytes of the editor's peak memory."""

from __future__ import annotations

import pytest
import shiboken6

from app.document import Document
from tests.benchmarks.generate import synthetic_chain
from widgets.canvas.scene import HANDOFFS_IN_A_TUPLE, ChainScene


@pytest.fixture
def canvas(qapp):
    """A function making the scene of a synthetic chain of n touchpoints, routed."""
    made = []

    def make(n: int, second_wave: bool = False) -> ChainScene:
        document = Document(synthetic_chain(n, second_wave=second_wave))
        scene = ChainScene(document)
        made.append((scene, document))
        scene.finish_routing()
        return scene

    yield make
    for scene, document in made:  # now: a scene left to the collector can crash it later
        shiboken6.delete(scene)
        shiboken6.delete(document)


def test_cards_and_handoffs_set_only_the_attributes_that_differ_from_their_class(canvas):
    # A Qt item's attributes are a dict of its own: 464 bytes at ten entries, 184 at five.
    scene = canvas(300, second_wave=True)
    assert any(item.labels for item in scene.handoff_items.values())  # branch labels and pills
    cards = [len(vars(item)) for item in scene.touchpoint_items.values()]
    handoffs = [len(vars(item)) for item in scene.handoff_items.values()]
    assert max(cards) <= 5  # id, lane, layout, and a kind or findings that differ
    assert max(handoffs) <= 6  # id, ends, route, bounds, and labels or crossing lanes


def test_the_scene_knows_each_handoff_of_a_card_with_many(canvas):
    scene = canvas(20)
    document = scene.document
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
