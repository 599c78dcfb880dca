"""Stage columns follow their cards, in stage order, never overlapping."""

from __future__ import annotations

import pytest

from models.chain import Chain, Department, Position, Stage, Touchpoint
from models.stage_columns import COLUMN_PAD, MIN_COLUMN_WIDTH, StageColumn, stage_at, stage_columns

WIDTH = 160.0  # every card below is given this width


def chain(cards, stages=("a", "b", "c")) -> Chain:
    """`cards`: (id, stage or None, x)."""
    return Chain(
        title="Stages", departments=[Department(id="d", name="Desk")],
        stages=[Stage(id=s, name=s.upper()) for s in stages],
        touchpoints=[Touchpoint(id=id, label=id, department="d", kind="step", stage=stage,
                                position=Position(x=x, y=10)) for id, stage, x in cards],
    )


def columns(cards, stages=("a", "b", "c")):
    built = chain(cards, stages)
    return stage_columns(built, {t.id: (WIDTH, 64.0) for t in built.touchpoints})


def test_no_stages_no_columns():
    assert columns([("t1", None, 0)], stages=()) == []
    assert stage_at([], 100) is None


def test_columns_span_their_cards_and_meet_halfway_between():
    found = columns([("t1", "a", 0), ("t2", "a", 200), ("t3", "b", 500), ("t4", "c", 800)])
    # a's cards end at 360, b's start at 500: they meet at 430; b ends at 660, c starts at 800.
    assert found == [StageColumn("a", 0.0, 430.0), StageColumn("b", 430.0, 730.0),
                     StageColumn("c", 730.0, 960.0 + COLUMN_PAD)]


def test_overlapping_cards_put_the_boundary_halfway_through_the_overlap():
    found = columns([("t1", "a", 0), ("t2", "a", 300), ("t3", "b", 380)], stages=("a", "b"))
    # a's cards reach 460, b's start at 380: halfway is 420.
    assert found[0].right == found[1].left == 420.0


def test_a_stage_without_cards_gets_the_least_width_after_the_one_before():
    found = columns([("t1", "a", 0), ("t3", "c", 700)])
    assert found[0] == StageColumn("a", 0.0, WIDTH + COLUMN_PAD)
    assert found[1] == StageColumn("b", WIDTH + COLUMN_PAD, WIDTH + COLUMN_PAD + MIN_COLUMN_WIDTH)
    assert found[2].left == found[1].right and found[2].right == 700 + WIDTH + COLUMN_PAD


def test_cards_without_a_stage_shape_no_column():
    with_loose = columns([("t1", "a", 0), ("loose", None, 2000), ("t2", "b", 400)], stages=("a", "b"))
    without = columns([("t1", "a", 0), ("t2", "b", 400)], stages=("a", "b"))
    assert with_loose == without


@pytest.mark.parametrize("cards", [
    [("t1", "c", 0), ("t2", "b", 100), ("t3", "a", 900)],  # stages out of order
    [("t1", "a", 0), ("t2", "b", 0), ("t3", "c", 0)],  # all on top of one another
    [],  # no cards at all
])
def test_columns_stay_in_order_contiguous_and_at_least_the_least_width(cards):
    found = columns(cards)
    assert [column.stage for column in found] == ["a", "b", "c"]
    assert found[0].left == 0.0
    for before, after in zip(found, found[1:]):
        assert before.right == after.left
    assert all(column.right - column.left >= MIN_COLUMN_WIDTH for column in found)


def test_stage_at_finds_the_column_holding_x():
    found = columns([("t1", "a", 0), ("t2", "b", 500)], stages=("a", "b"))
    boundary = found[0].right
    assert stage_at(found, 10) == "a"
    assert stage_at(found, boundary - 0.5) == "a"
    assert stage_at(found, boundary) == "b"
    assert stage_at(found, -5) == "a"  # cards cannot stand left of 0: the first column
    assert stage_at(found, found[-1].right + 1) is None  # right of every column


def test_default_sizes_are_the_cards_own():
    built = chain([("t1", "a", 0)], stages=("a",))
    wide = built.model_copy(update={"touchpoints": [built.touchpoints[0].model_copy(update={"label": "word " * 40})]})
    assert stage_columns(wide)[0].right > stage_columns(built)[0].right
