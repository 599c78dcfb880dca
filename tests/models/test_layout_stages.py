"""Both layout engines keep a chain's stages as ordered columns, and the lanes as rows,
on random chains with stages (issue 19), with the picture promises of models/layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import pytest

from models.chain import Stage
from models.geometry import card_sizes
from models.layout import layout_chain
from models.layout.grid import LEFT, TOP
from models.layout.stages import columns_in_stage_order
from models.lint.rules.layout import CardOverlaps
from models.stage_columns import stage_at, stage_columns
from tests.models.test_layout import ENGINES, EPS, RANDOM, assert_reads_as_a_grid, chains, clashes, moved


@st.composite
def staged_chains(draw):
    """A random chain (tests.models.test_layout.chains) with 1-4 stages, each touchpoint
    in one of them or in none."""
    chain = draw(chains())
    count = draw(st.integers(1, 4))
    chain.stages = [Stage(id=f"st-{number}", name=f"Stage {number}") for number in range(count)]
    for touchpoint in chain.touchpoints:
        touchpoint.stage = draw(st.one_of(st.none(), st.sampled_from([s.id for s in chain.stages])))
    return chain


def assert_stages_are_ordered_columns(chain, engine):
    result = layout_chain(chain, engine=engine)
    after = moved(chain, result.positions)
    sizes = card_sizes(after)
    assert [t.department for t in after.touchpoints] == [t.department for t in chain.touchpoints]
    assert all(p.x >= LEFT and p.y >= TOP for p in result.positions.values())
    assert clashes(after) == [] and CardOverlaps(after).hits() == {}
    # Every card of a stage lies right of every card of the stages before it...
    order = {stage.id: number for number, stage in enumerate(chain.stages)}
    spans: dict[int, tuple[float, float]] = {}
    for touchpoint in after.touchpoints:
        if touchpoint.stage is not None:
            left, right = touchpoint.position.x, touchpoint.position.x + sizes[touchpoint.id][0]
            old = spans.get(order[touchpoint.stage], (left, right))
            spans[order[touchpoint.stage]] = (min(old[0], left), max(old[1], right))
    ranked = [spans[number] for number in sorted(spans)]
    assert all(earlier[1] <= later[0] + EPS for earlier, later in zip(ranked, ranked[1:]))
    # ...so each card sits in its own stage's column, as the canvas draws them.
    columns = stage_columns(after, sizes)
    for touchpoint in after.touchpoints:
        if touchpoint.stage is not None:
            assert stage_at(columns, touchpoint.position.x + sizes[touchpoint.id][0] / 2) == touchpoint.stage
    # Where every card has a stage and the stages follow the flow, the layout reads as the
    # grid it is without stages, and every handoff of a chain without cycles points right.
    if all(t.stage is not None for t in chain.touchpoints) and all(
            order[chain_stage(chain, h.source)] <= order[chain_stage(chain, h.target)] for h in chain.handoffs):
        assert_reads_as_a_grid(chain, result.positions)
        if is_forward(chain):
            x = {id: position.x for id, position in result.positions.items()}
            for handoff in chain.handoffs:
                if handoff.source != handoff.target:
                    assert x[handoff.source] + sizes[handoff.source][0] <= x[handoff.target] + EPS
    assert layout_chain(chain, engine=engine).positions == result.positions  # the same every time


def chain_stage(chain, id):
    return next(t.stage for t in chain.touchpoints if t.id == id)


def is_forward(chain) -> bool:
    index = {t.id: number for number, t in enumerate(chain.touchpoints)}
    return all(index[h.source] < index[h.target] for h in chain.handoffs)


@pytest.mark.parametrize("engine", ENGINES)
@RANDOM
@given(chain=staged_chains())
def test_random_chains_keep_their_stages_as_ordered_columns(engine, chain):
    assert_stages_are_ordered_columns(chain, engine)


def test_columns_move_apart_stage_by_stage_and_never_back():
    # columns 0,1,2 for stage 1 and 0,1 for stage 0 (as an engine ranked them)
    assert columns_in_stage_order([0, 1, 2, 0, 1], [1, 1, 1, 0, 0]) == [2, 3, 4, 0, 1]
    # already in order: nothing moves
    assert columns_in_stage_order([0, 1, 2, 3], [0, 0, 1, 1]) == [0, 1, 2, 3]
